import GradLab
import GradLabReports
import Testing

@Suite("Computational graphs with values and gradients")
struct ComputationGraphTests {
    @Test func applesAndOrangesAsTheBookDraws() {
        // The book's figure 5-17: price 715; dapple 2.2, dapples 110, dorange 3.3, doranges 165, dtax 650.
        let graph = buyApplesAndOranges()
        let byName = Dictionary(uniqueKeysWithValues: graph.nodes.filter { !$0.name.isEmpty }.map { ($0.name, $0) })
        #expect(byName["price"]?.value == "715")
        #expect(byName["apple"]?.gradient == "2.2" && byName["apples"]?.gradient == "110")
        #expect(byName["orange"]?.gradient == "3.3" && byName["oranges"]?.gradient == "165")
        #expect(byName["tax"]?.gradient == "650")
    }

    @Test func microgradsReadmeExpressionOnTheTape() {
        // micrograd's README prints g = 24.7041, a.grad = 138.8338, b.grad = 645.5773.
        let tape = GradientTape()
        let (a, b, g) = microgradExpression(on: tape)
        let gradients: [Tensor] = tape.gradient(of: g, withRespectTo: [a, b])
        #expect(ComputationGraph.format(g.value.scalar) == "24.7041")
        #expect(ComputationGraph.format(gradients[0].scalar) == "138.8338")
        #expect(ComputationGraph.format(gradients[1].scalar) == "645.5773")
        // The drawn graph carries the same numbers: a and b first, g last.
        let graph = tape.graph(of: g)
        #expect(graph.nodes.first { $0.name == "a" }?.gradient == "138.8338")
        #expect(graph.nodes.first { $0.name == "b" }?.gradient == "645.5773")
        #expect(graph.nodes.last?.value == "24.7041" && graph.nodes.last?.gradient == "1")
        for (i, node) in graph.nodes.enumerated() { #expect(node.inputs.allSatisfy { $0 < i }) }
    }

    @Test func formatPrintsFourDecimalsWithoutTrailingZeros() {
        #expect(ComputationGraph.format(715.0000000001) == "715")
        #expect(ComputationGraph.format(2.2) == "2.2")
        #expect(ComputationGraph.format(-0.00001) == "0")
        #expect(ComputationGraph.format(24.70408163265306) == "24.7041")
    }

    @Test func theDrawingIsWellFormedSVGWithABoxPerNode() throws {
        let graph = buyApplesAndOranges()
        let svg = GraphDrawing(title: "apples", nodes: graph.nodes.map {
            GraphDrawing.Node(title: $0.name.isEmpty ? $0.operation : $0.name, lines: [$0.value, $0.gradient],
                              inputs: $0.inputs, role: $0.inputs.isEmpty ? .input : .operation)
        }).svg()
        let document = try parseXML(svg)
        #expect(document.name == "svg")
        // One box per node (plus the background), one arrow per input.
        #expect(document.elements(named: "rect").count == graph.nodes.count + 1)
        #expect(document.elements(named: "path").filter { $0.attributes["marker-end"] != nil }.count
                == graph.nodes.reduce(0) { $0 + $1.inputs.count })
        #expect(document.allText.contains("apples") && document.allText.contains("715"))
    }
}

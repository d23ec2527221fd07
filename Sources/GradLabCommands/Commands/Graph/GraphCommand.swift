import GradLab
import GradLabReports

/// `gradlab graph`: computational graphs drawn with every value and gradient: the book's apples
/// and oranges (multiply and add nodes), and micrograd's README expression (the gradient tape).
enum GraphCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "graph",
        abstract: "Draw computational graphs with their values and gradients (apples and oranges, micrograd's expression).",
        discussion: """
            The book's "buy apples and oranges" graph (figure 5-17), computed with multiply and add \
            nodes forward and backward, and micrograd's README expression, recorded by the gradient \
            tape and played back. Each box shows a value and the gradient of the result with respect \
            to it. Writes apples-and-oranges.svg, micrograd.svg and graphs.html to --out.
            """,
        options: [CommonOptions.json, CommonOptions.out])

    /// The result of micrograd's README example: g and its gradients with respect to a and b.
    struct Micrograd {
        var g: Double, dgda: Double, dgdb: Double
        var graph: ComputationGraph
    }

    /// micrograd's README expression, on the tape: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
    static func micrograd() -> Micrograd {
        let tape = GradientTape()
        let (a, b, g) = microgradExpression(on: tape)
        let gradients: [Tensor] = tape.gradient(of: g, withRespectTo: [a, b])
        return Micrograd(g: g.value.scalar, dgda: gradients[0].scalar, dgdb: gradients[1].scalar, graph: tape.graph(of: g))
    }

    /// The drawing of a graph: inputs named, operations titled, the last node the result.
    static func drawing(_ graph: ComputationGraph, title: String) -> GraphDrawing {
        GraphDrawing(title: title, nodes: graph.nodes.enumerated().map { i, node in
            let heading = [node.name, node.operation].filter { !$0.isEmpty }.joined(separator: " = ")
            return GraphDrawing.Node(title: heading.isEmpty ? "·" : heading,
                                     lines: ["value \(node.value)", "∂ \(node.gradient)"], inputs: node.inputs,
                                     role: node.inputs.isEmpty ? .input : i == graph.nodes.count - 1 ? .result : .operation)
        })
    }

    /// Computes both graphs, writes the drawings and report, prints the numbers or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let folder = try OutputFolder(path: OutputIndex.folder(arguments[CommonOptions.out], command: definition.name))
        let apples = buyApplesAndOranges()
        let micro = micrograd()
        let applesSVG = drawing(apples, title: "Buy apples and oranges: values and dprice/dvalue").svg()
        let microSVG = drawing(micro.graph, title: "micrograd's expression: values and dg/dvalue").svg()
        try folder.write(applesSVG, to: "apples-and-oranges.svg")
        try folder.write(microSVG, to: "micrograd.svg")
        let f = ComputationGraph.format
        let report = HTMLReport(title: "GradLab: computational graphs", subtitle: "every value with the gradient of the result", sections: [
            .init(heading: "The book's apples and oranges (multiply and add nodes)", blocks: [
                .wideSVG(applesSVG),
                .paragraph("Backward from dprice = 1: each multiply node sends back the upstream gradient times the other input; the add node passes it through to both inputs."),
            ]),
            .init(heading: "micrograd's README expression (the gradient tape)", blocks: [
                .wideSVG(microSVG),
                .code("g = \(f(micro.g)), dg/da = \(f(micro.dgda)), dg/db = \(f(micro.dgdb))"),
                .paragraph("Where a value feeds several operations, the gradients that come back along each path add up."),
            ]),
        ])
        let reportPath = try folder.write(report.render(), to: "graphs.html")
        if json {
            console.line(JSON.object([
                ("micrograd", .object([("g", .number(micro.g)), ("dgda", .number(micro.dgda)), ("dgdb", .number(micro.dgdb))])),
                ("apples", .array(apples.nodes.map { .object([("name", .string($0.name)), ("operation", .string($0.operation)),
                                                             ("value", .string($0.value)), ("gradient", .string($0.gradient))]) })),
                ("report", .string(reportPath)),
            ]).text)
            return
        }
        console.line("Buy apples and oranges (the book's figure 5-17), backward from dprice = 1:")
        for node in apples.nodes where !node.name.isEmpty {
            console.line("  \(node.name.padding(toLength: 8, withPad: " ", startingAt: 0)) value \(node.value.leftPadded(5))   dprice/d\(node.name) = \(node.gradient)")
        }
        console.line()
        console.line("micrograd's README expression, by the gradient tape: g = \(f(micro.g)), dg/da = \(f(micro.dgda)), dg/db = \(f(micro.dgdb))")
        console.line("  (\(micro.graph.nodes.count) values recorded)")
        console.line()
        console.line("report: \(reportPath) (apples-and-oranges.svg, micrograd.svg)")
    }
}

import Foundation

/// A computational graph with every value and its gradient: what the book draws for the apples
/// and oranges, and micrograd draws with graphviz. `GradLabReports` turns it into a picture.
public struct ComputationGraph: Sendable, Equatable {
    /// One value of the graph.
    public struct Node: Sendable, Equatable {
        /// The name of an input ("apple", "a"), or empty for a computed value.
        public var name: String
        /// The operation that computed it ("×", "+", "exp", …), empty for an input.
        public var operation: String
        /// The value, as text (a number for scalars, the shape otherwise).
        public var value: String
        /// dL/d(value) as text, where L is the graph's result.
        public var gradient: String
        /// The nodes this one was computed from (positions in `nodes`).
        public var inputs: [Int]

        /// Creates a node.
        public init(name: String, operation: String, value: String, gradient: String, inputs: [Int]) {
            (self.name, self.operation, self.value, self.gradient, self.inputs) = (name, operation, value, gradient, inputs)
        }
    }

    /// The nodes, inputs first: each node's inputs come before it.
    public var nodes: [Node]

    /// Creates a graph.
    public init(nodes: [Node]) {
        self.nodes = nodes
    }

    /// A number as the graphs show it: at most four decimals, as micrograd prints, without
    /// trailing zeros.
    public static func format(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

extension GradientTape {
    /// The recorded computation that `result` depends on, with each value's gradient dresult/dvalue.
    public func graph(of result: Variable) -> ComputationGraph {
        precondition(result.tape === self, "GradientTape.graph: the result was not recorded on this tape")
        // The nodes the result depends on.
        var needed = Set([result.position])
        for position in stride(from: result.position, through: 0, by: -1) where needed.contains(position) {
            needed.formUnion(nodes[position].inputs.filter { $0 >= 0 })
        }
        let order = (0...result.position).filter { needed.contains($0) }
        // The playback of `gradient(of:withRespectTo:)`, keeping every value's gradient.
        var gradients = [Tensor?](repeating: nil, count: nodes.count)
        let wasRecording = isRecording
        defer { isRecording = wasRecording }
        isRecording = false
        gradients[result.position] = Tensor(shape: result.value.shape, repeating: 1)
        for position in stride(from: result.position, through: 0, by: -1) {
            guard let upstream = gradients[position] else { continue }
            let node = nodes[position]
            for (input, contribution) in zip(node.inputs, node.backward(Variable(constant: upstream))) where input >= 0 {
                gradients[input] = gradients[input].map { $0 + contribution.value } ?? contribution.value
            }
        }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        func text(_ t: Tensor?) -> String {
            guard let t else { return "0" }
            return t.count == 1 ? ComputationGraph.format(t.scalars[0]) : "\(t.shape)"
        }
        return ComputationGraph(nodes: order.map { position in
            let node = nodes[position]
            let isInput = node.inputs.isEmpty
            return ComputationGraph.Node(name: isInput ? node.operation : "", operation: isInput ? "" : node.operation,
                                         value: text(node.value), gradient: text(gradients[position]),
                                         inputs: node.inputs.compactMap { index[$0] })
        })
    }
}

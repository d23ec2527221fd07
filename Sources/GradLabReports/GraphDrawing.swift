/// A drawing of a computational graph as SVG, with no dependency (micrograd uses graphviz):
/// values in boxes, arranged in columns by how many operations separate them from the inputs,
/// arrows from each operation's inputs to it.
///
/// ```
/// [apple 100 | ∂ 2.2] ─┐
///                      ├─▶ [× 200 | ∂ 1.1] ─▶ …
/// [apples 2  | ∂ 110] ─┘
/// ```
public struct GraphDrawing: Sendable {
    /// One box.
    public struct Node: Sendable {
        /// The first line, bold: a name or an operation.
        public var title: String
        /// The lines below it (value, gradient).
        public var lines: [String]
        /// The boxes with arrows into this one (positions in `nodes`, each before this one).
        public var inputs: [Int]
        /// Inputs are drawn blue, the result orange, the rest grey.
        public var role: Role

        /// Creates a box.
        public init(title: String, lines: [String], inputs: [Int], role: Role) {
            (self.title, self.lines, self.inputs, self.role) = (title, lines, inputs, role)
        }
    }

    /// What a box stands for, which sets its colour.
    public enum Role: Sendable {
        /// A value given to the computation.
        case input
        /// A computed value.
        case operation
        /// The value whose gradient is taken.
        case result
    }

    /// The title above the graph.
    public var title: String
    /// The boxes, each after its inputs.
    public var nodes: [Node]

    /// Creates a drawing.
    public init(title: String, nodes: [Node]) {
        self.title = title
        self.nodes = nodes
    }

    static let boxWidth = 150.0, boxHeight = 62.0, columnGap = 70.0, rowGap = 22.0, margin = 24.0, titleHeight = 40.0

    /// The SVG document.
    public func svg() -> String {
        // Column: the longest path from an input, so every arrow goes left to right.
        var column = [Int](repeating: 0, count: nodes.count)
        for (i, node) in nodes.enumerated() {
            for input in node.inputs {
                precondition(input >= 0 && input < i, "GraphDrawing: node \(i)'s input \(input) does not come before it")
            }
            column[i] = node.inputs.map { column[$0] + 1 }.max() ?? 0
        }
        // An input used only late (the tax) sits just left of its first consumer, so its arrow
        // stays short instead of running behind the boxes in between.
        for (i, node) in nodes.enumerated() where node.inputs.isEmpty {
            let consumers = nodes.indices.filter { nodes[$0].inputs.contains(i) }.map { column[$0] }
            if let first = consumers.min(), first > 1 { column[i] = first - 1 }
        }
        let columns = (column.max() ?? 0) + 1
        var rowInColumn = [Int](repeating: 0, count: nodes.count)
        var filled = [Int](repeating: 0, count: columns)
        for i in nodes.indices {
            rowInColumn[i] = filled[column[i]]
            filled[column[i]] += 1
        }
        let rows = filled.max() ?? 1
        let width = 2 * Self.margin + Double(columns) * Self.boxWidth + Double(columns - 1) * Self.columnGap
        let height = 2 * Self.margin + Self.titleHeight + Double(rows) * Self.boxHeight + Double(rows - 1) * Self.rowGap
        // Centre each column vertically.
        func origin(_ i: Int) -> (x: Double, y: Double) {
            let x = Self.margin + Double(column[i]) * (Self.boxWidth + Self.columnGap)
            let columnHeight = Double(filled[column[i]]) * (Self.boxHeight + Self.rowGap) - Self.rowGap
            let top = Self.margin + Self.titleHeight + (Double(rows) * (Self.boxHeight + Self.rowGap) - Self.rowGap - columnHeight) / 2
            return (x, top + Double(rowInColumn[i]) * (Self.boxHeight + Self.rowGap))
        }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="\(XMLText.escape(ChartTheme.fontFamily))">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="\(ChartTheme.axisColor)"/></marker></defs>
            <rect width="100%" height="100%" fill="\(ChartTheme.background)"/>
            <text x="\(Self.margin)" y="\(Self.margin + 18)" font-size="\(ChartTheme.titleSize)" font-weight="600" fill="\(ChartTheme.titleColor)">\(XMLText.escape(title))</text>

            """
        for (i, node) in nodes.enumerated() {
            let to = origin(i)
            for input in node.inputs {
                let from = origin(input)
                let (x1, y1) = (from.x + Self.boxWidth, from.y + Self.boxHeight / 2)
                let (x2, y2) = (to.x - 2, to.y + Self.boxHeight / 2)
                let bend = (x2 - x1) / 2
                svg += "<path d=\"M \(x1) \(y1) C \(x1 + bend) \(y1), \(x2 - bend) \(y2), \(x2) \(y2)\" fill=\"none\" stroke=\"\(ChartTheme.axisColor)\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
            }
        }
        for (i, node) in nodes.enumerated() {
            let (x, y) = origin(i)
            let (fill, stroke) = switch node.role {
            case .input: ("#e8f1fb", "#4c8bd6")
            case .operation: ("#f3f4f6", "#8c959f")
            case .result: ("#fdf0e2", "#d9822b")
            }
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"8\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.5\"/>\n"
            svg += "<text x=\"\(x + Self.boxWidth / 2)\" y=\"\(y + 19)\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\" fill=\"\(ChartTheme.titleColor)\">\(XMLText.escape(node.title))</text>\n"
            for (k, line) in node.lines.enumerated() {
                svg += "<text x=\"\(x + Self.boxWidth / 2)\" y=\"\(y + 37 + Double(k) * 16)\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(ChartTheme.labelColor)\">\(XMLText.escape(line))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }
}

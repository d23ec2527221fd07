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
    /// The height of the slot an edge takes where it passes through a column.
    static let laneHeight = 14.0

    /// A rectangle in the drawing's coordinates (y down).
    public struct Box: Sendable, Equatable {
        /// The top-left corner and the size.
        public var x: Double, y: Double, width: Double, height: Double

        /// Creates a box from its top-left corner and its size.
        public init(x: Double, y: Double, width: Double, height: Double) {
            (self.x, self.y, self.width, self.height) = (x, y, width, height)
        }

        /// Whether `point` lies inside, by more than `inset` from every side.
        public func contains(_ point: (x: Double, y: Double), inset: Double = 0) -> Bool {
            point.x > x + inset && point.x < x + width - inset && point.y > y + inset && point.y < y + height - inset
        }
    }

    /// An arrow from one box to another, as the points it passes through (sampled along its
    /// curves, a few pixels apart).
    public struct Edge: Sendable {
        /// The box it starts from and the box it points to (positions in `nodes`).
        public var from: Int, to: Int
        /// The path's points, from the start box's right side to the end box's left side.
        public var points: [(x: Double, y: Double)]
        /// The path as SVG path data (cubic curves between columns, straight through lanes).
        var pathData: String
    }

    /// Where everything goes: the layered layout of the drawing.
    public struct Layout: Sendable {
        /// The drawing's size.
        public var width: Double, height: Double
        /// Each node's box, by position in `nodes`.
        public var boxes: [Box]
        /// Every arrow.
        public var edges: [Edge]
    }

    /// Lays the graph out in layers, as Sugiyama's method does: each box in the column of its
    /// longest path from an input (an input used only late moves up to just left of its first
    /// consumer), and an arrow that spans several columns passes through each column between in
    /// a lane of its own, a slot no box occupies. Arrows therefore run between columns, or
    /// straight through their own lanes, and never behind a box that is not their end.
    public func layout() -> Layout {
        var column = [Int](repeating: 0, count: nodes.count)
        for (i, node) in nodes.enumerated() {
            for input in node.inputs {
                precondition(input >= 0 && input < i, "GraphDrawing: node \(i)'s input \(input) does not come before it")
            }
            column[i] = node.inputs.map { column[$0] + 1 }.max() ?? 0
        }
        for (i, node) in nodes.enumerated() where node.inputs.isEmpty {
            let consumers = nodes.indices.filter { nodes[$0].inputs.contains(i) }.map { column[$0] }
            if let first = consumers.min(), first > 1 { column[i] = first - 1 }
        }
        let columns = (column.max() ?? 0) + 1

        // Each column's slots from top to bottom: boxes, and the lanes of arrows passing through,
        // each lane placed after the box its arrow comes from, in order of the nodes.
        enum Slot { case box(Int), lane(edge: Int) }
        var slots = [[Slot]](repeating: [], count: columns)
        var edgeList: [(from: Int, to: Int)] = []
        for (i, node) in nodes.enumerated() {
            slots[column[i]].append(.box(i))
            for input in node.inputs { edgeList.append((input, i)) }
        }
        for (e, edge) in edgeList.enumerated() where column[edge.to] - column[edge.from] > 1 {
            for c in (column[edge.from] + 1)..<column[edge.to] { slots[c].append(.lane(edge: e)) }
        }
        func slotHeight(_ slot: Slot) -> Double {
            if case .box = slot { Self.boxHeight } else { Self.laneHeight }
        }
        let columnHeights = slots.map { column in
            column.map(slotHeight).reduce(0, +) + Double(max(column.count - 1, 0)) * Self.rowGap
        }
        let tallest = columnHeights.max() ?? Self.boxHeight
        let width = 2 * Self.margin + Double(columns) * Self.boxWidth + Double(columns - 1) * Self.columnGap
        let height = 2 * Self.margin + Self.titleHeight + tallest
        func x(_ c: Int) -> Double { Self.margin + Double(c) * (Self.boxWidth + Self.columnGap) }

        // Centre each column vertically; note where each box and lane sits.
        var boxes = [Box](repeating: Box(x: 0, y: 0, width: 0, height: 0), count: nodes.count)
        var laneY: [Int: [Int: Double]] = [:]  // edge → column → centre y
        for (c, column) in slots.enumerated() {
            var y = Self.margin + Self.titleHeight + (tallest - columnHeights[c]) / 2
            for slot in column {
                switch slot {
                case .box(let i):
                    boxes[i] = Box(x: x(c), y: y, width: Self.boxWidth, height: Self.boxHeight)
                case .lane(let e):
                    laneY[e, default: [:]][c] = y + Self.laneHeight / 2
                }
                y += slotHeight(slot) + Self.rowGap
            }
        }

        // Each arrow: from the start box's right side through its lanes to the end box's left.
        let edges = edgeList.enumerated().map { e, edge -> Edge in
            let start = boxes[edge.from], end = boxes[edge.to]
            var stops: [(x: Double, y: Double, through: Double)] = []  // entry point and the lane's length
            for c in stride(from: column[edge.from] + 1, to: column[edge.to], by: 1) {
                stops.append((x(c), laneY[e]![c]!, Self.boxWidth))
            }
            var points: [(x: Double, y: Double)] = []
            var path = ""
            var from = (x: start.x + start.width, y: start.y + start.height / 2)
            path += "M \(from.x) \(from.y)"
            points.append(from)
            func curve(to target: (x: Double, y: Double)) {
                let bend = (target.x - from.x) / 2
                let (c1, c2) = ((x: from.x + bend, y: from.y), (x: target.x - bend, y: target.y))
                path += " C \(c1.x) \(c1.y), \(c2.x) \(c2.y), \(target.x) \(target.y)"
                for k in 1...24 {
                    let t = Double(k) / 24, u = 1 - t
                    points.append((u * u * u * from.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * target.x,
                                   u * u * u * from.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * target.y))
                }
                from = target
            }
            for stop in stops {
                curve(to: (stop.x, stop.y))
                let exit = (x: stop.x + stop.through, y: stop.y)
                path += " L \(exit.x) \(exit.y)"
                for k in 1...12 { points.append((stop.x + stop.through * Double(k) / 12, stop.y)) }
                from = exit
            }
            curve(to: (end.x - 2, end.y + end.height / 2))
            return Edge(from: edge.from, to: edge.to, points: points, pathData: path)
        }
        return Layout(width: width, height: height, boxes: boxes, edges: edges)
    }

    /// The SVG document, at its natural size (every label 12 or 13 px).
    public func svg() -> String {
        let layout = layout()
        let (width, height) = (layout.width, layout.height)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="\(XMLText.escape(ChartTheme.fontFamily))">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="\(ChartTheme.axisColor)"/></marker></defs>
            <rect width="100%" height="100%" fill="\(ChartTheme.background)"/>
            <text x="\(Self.margin)" y="\(Self.margin + 18)" font-size="\(ChartTheme.titleSize)" font-weight="600" fill="\(ChartTheme.titleColor)">\(XMLText.escape(title))</text>

            """
        for edge in layout.edges {
            svg += "<path d=\"\(edge.pathData)\" fill=\"none\" stroke=\"\(ChartTheme.axisColor)\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
        }
        for (i, node) in nodes.enumerated() {
            let box = layout.boxes[i]
            let (x, y) = (box.x, box.y)
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

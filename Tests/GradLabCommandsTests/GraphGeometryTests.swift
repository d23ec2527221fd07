import Foundation
import GradLab
import GradLabReports
import Testing
@testable import GradLabCommands

/// The graph drawings: no arrow passes behind a box that is not its end, every label is at
/// least 11 px, and the report shows the drawings at their natural size.
@Suite("Graph drawings: readable, nothing behind a box")
struct GraphGeometryTests {
    static let drawings: [(name: String, drawing: GraphDrawing)] = [
        ("apples and oranges", GraphCommand.drawing(buyApplesAndOranges(), title: "apples")),
        ("micrograd", GraphCommand.drawing(GraphCommand.micrograd().graph, title: "micrograd")),
    ]

    @Test(arguments: [0, 1])
    func noArrowPassesBehindABoxThatIsNotItsEnd(index: Int) {
        let (name, drawing) = Self.drawings[index]
        let layout = drawing.layout()
        #expect(layout.edges.count == drawing.nodes.map(\.inputs.count).reduce(0, +), "\(name): one arrow per input")
        for edge in layout.edges {
            #expect(edge.points.count > 2)
            for (b, box) in layout.boxes.enumerated() where b != edge.from && b != edge.to {
                let inside = edge.points.filter { box.contains($0, inset: 1) }
                #expect(inside.isEmpty, "\(name): the arrow \(edge.from) → \(edge.to) passes behind box \(b) at \(inside.first.map { "(\($0.x), \($0.y))" } ?? "")")
            }
            // It starts on its start box's right side and ends at its end box's left side.
            let (start, end) = (layout.boxes[edge.from], layout.boxes[edge.to])
            #expect(edge.points.first.map { $0.x == start.x + start.width && $0.y == start.y + start.height / 2 } == true)
            #expect(edge.points.last.map { abs($0.x - (end.x - 2)) < 1e-9 && $0.y == end.y + end.height / 2 } == true)
        }
        // No two boxes overlap, and every box is inside the drawing.
        for (i, a) in layout.boxes.enumerated() {
            #expect(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height)
            for b in layout.boxes[(i + 1)...] {
                let apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
                #expect(apart, "\(name): boxes overlap")
            }
        }
    }

    /// The check can fail: an arrow drawn straight across a box is caught.
    @Test func aStraightArrowAcrossABoxWouldBeCaught() {
        let box = GraphDrawing.Box(x: 100, y: 100, width: 150, height: 62)
        let across = stride(from: 0.0, through: 400, by: 5).map { (x: $0, y: 131.0) }
        #expect(across.contains { box.contains($0, inset: 1) })
        #expect(!box.contains((x: 100.5, y: 131), inset: 1) && !box.contains((x: 260, y: 131)))
    }

    @Test func labelsAreAtLeast11PixelsAndTheReportDoesNotShrinkTheGraphs() throws {
        for (name, drawing) in Self.drawings {
            let svg = drawing.svg()
            let sizes = svg.components(separatedBy: "font-size=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
            #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 11 }, "\(name): \(Set(sizes).sorted())")
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(runGradLab(["graph", "--out", folder.path]).status == 0)
        let html = try String(contentsOf: folder.appendingPathComponent("graphs.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<figure class=\"wide\">").count == 3, "both graphs at their natural size")
        #expect(html.contains("figure.wide { overflow-x: auto; }") && html.contains("figure.wide svg { width: auto; max-width: none; }"))
    }
}

import Foundation
import GradLab

/// `gradlab descent`: gradient descent with numerical gradients on x₀² + x₁² and on
/// Himmelblau's function, drawn over contour lines, with learning rates that are right, too
/// large and too small.
enum DescentCommand: RunnableCommand {
    /// A surface to descend, with the runs to draw on it.
    struct Surface {
        var name: String
        var file: String
        var formula: String
        var f: @Sendable (Tensor) -> Double
        var range: ClosedRange<Double>
        var starts: [[Double]]
        var steps: Int
        /// (label, learning rate) for the three panels.
        var rates: [(String, Double)]
    }

    static let surfaces: [Surface] = [
        Surface(name: "x₀² + x₁²", file: "descent-quadratic", formula: "f(x) = x₀² + x₁², minimum at (0, 0)",
                f: { $0[0] * $0[0] + $0[1] * $0[1] }, range: -4.5...4.5, starts: [[-3, 4]], steps: 30,
                rates: [("good", 0.1), ("too large", 1.02), ("too small", 0.005)]),
        Surface(name: "Himmelblau", file: "descent-himmelblau",
                formula: "f(x, y) = (x² + y − 11)² + (x + y² − 7)², four minima",
                f: { himmelblau($0[0], $0[1]) }, range: -5...5,
                starts: [[0, 0], [-1, 0], [1, -1], [-1, -1]], steps: 200,
                rates: [("good", 0.01), ("too large", 0.03), ("too small", 0.001)]),
    ]

    /// Himmelblau's function: minima 0 at (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186)
    /// and (3.584428, −1.848126).
    static func himmelblau(_ x: Double, _ y: Double) -> Double {
        let a = x * x + y - 11, b = x + y * y - 7
        return a * a + b * b
    }

    static let definition = CommandDefinition(
        name: "descent",
        abstract: "Gradient descent on x₀² + x₁² and Himmelblau's function, drawn over contour lines.",
        discussion: """
            Runs x ← x − η·∇f(x) with the numerical gradient from fixed starting points, with a good \
            learning rate, one too large and one too small, and draws each path over the function's \
            contour lines, side by side. Also reproduces the book's run: from (−3, 4) with η = 0.1 for \
            100 steps, and with η = 10 and η = 1e-10.
            """,
        options: [CommonOptions.json, CommonOptions.out])

    /// Reads the options, runs every descent, writes the charts and report, prints where each run
    /// ended or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let folder = try OutputFolder(path: OutputIndex.folder(arguments[CommonOptions.out], command: definition.name))

        let result = descend()

        let report = try write(result, to: folder)
        if json {
            console.line(self.json(result, report: report).text)
        } else {
            console.write(text(result, report: report, folder: folder))
        }
    }
}

extension Double {
    /// A short decimal form for labels: 3, −1.5, 0.25.
    func formatted() -> String {
        self == rounded() && abs(self) < 1e9 ? String(Int(self)) : String(format: "%g", self)
    }
}

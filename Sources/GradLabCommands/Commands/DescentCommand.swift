import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

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

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let folder = try CommonOptions.outputFolder(arguments)
        var sections: [HTMLReport.Section] = []
        var jsonSurfaces: [JSON] = []
        var text: [String] = []
        for surface in surfaces {
            let grid = ContourChart.sample(xRange: surface.range, yRange: surface.range, resolution: 121) {
                surface.f(Tensor([$0, $1]))
            }
            let levels = ContourChart.levels(for: grid, count: 14, spacing: .logarithmic)
            var svgs: [String] = []
            var jsonRuns: [JSON] = []
            text.append("\(surface.formula)")
            for (label, rate) in surface.rates {
                let results = surface.starts.map {
                    gradientDescent(of: surface.f, from: Tensor($0), learningRate: rate, steps: surface.steps)
                }
                let paths = results.enumerated().map { index, result in
                    ChartSeries(name: "from (\(result.path[0][0].formatted()), \(result.path[0][1].formatted()))",
                                x: result.path.map { $0[0] }, y: result.path.map { $0[1] },
                                showsMarkers: true, width: 1.5, color: ChartPalette.color(at: index),
                                showsInLegend: surface.starts.count > 1)
                }
                let chart = ContourChart(title: "\(surface.name): η = \(rate) (\(label))", xLabel: "x₀", yLabel: "x₁",
                                         xRange: surface.range, yRange: surface.range, grid: grid, levels: levels, paths: paths)
                let svg = chart.svg(width: 420, height: 420)
                svgs.append(svg)
                try folder.write(svg, to: "\(surface.file)-\(label.replacingOccurrences(of: " ", with: "-")).svg")
                for result in results {
                    let end = result.finalPoint
                    let line = "  η = \(String(rate).padding(toLength: 6, withPad: " ", startingAt: 0)) (\(label)): from (\(result.path[0][0].formatted()), \(result.path[0][1].formatted())) after \(surface.steps) steps at (\(scientific(end[0], digits: 4)), \(scientific(end[1], digits: 4))), f = \(scientific(surface.f(end), digits: 3))"
                    text.append(line)
                    jsonRuns.append(.object([("learningRate", .number(rate)), ("label", .string(label)),
                                             ("start", .array(result.path[0].scalars.map { .number($0) })),
                                             ("end", .array(end.scalars.map { .number($0) })),
                                             ("value", .number(surface.f(end))), ("steps", .integer(surface.steps))]))
                }
            }
            sections.append(.init(heading: surface.formula, blocks: [.figureRow(svgs)]))
            jsonSurfaces.append(.object([("name", .string(surface.name)), ("runs", .array(jsonRuns))]))
            text.append("")
        }
        // The book's own run and its two warnings.
        let quadratic = surfaces[0].f
        let book = [0.1, 10, 1e-10].map { rate in
            (rate, gradientDescent(of: quadratic, from: Tensor([-3, 4]), learningRate: rate, steps: 100).finalPoint)
        }
        let bookLines = book.map { "η = \($0.0): after 100 steps at (\(scientific($0.1[0], digits: 8)), \(scientific($0.1[1], digits: 8)))" }
        sections.append(.init(heading: "The book's run: x₀² + x₁² from (−3, 4), 100 steps", blocks: [
            .code(bookLines.joined(separator: "\n")),
            .paragraph("With η = 0.1 each step multiplies x by 1 − 2η = 0.8, so the end point is 0.8¹⁰⁰·(−3, 4) ≈ (−6.1e-10, 8.1e-10). With η = 10 each step multiplies it by −19: the iterates explode, until x is so large that x ± h rounds back to x, the numerical gradient becomes 0, and they stop near 10¹³, exactly where the book's run stops. With η = 1e-10 they barely move."),
        ]))
        let report = HTMLReport(title: "GradLab: gradient descent", subtitle: "numerical gradients, h = 1e-4", sections: sections)
        let reportPath = try folder.write(report.render(), to: "descent.html")
        if try arguments[CommonOptions.json] {
            console.line(JSON.object([
                ("surfaces", .array(jsonSurfaces)),
                ("book", .array(book.map { .object([("learningRate", .number($0.0)), ("end", .array($0.1.scalars.map { .number($0) }))]) })),
                ("report", .string(reportPath)),
            ]).text)
            return
        }
        console.line("Gradient descent with the numerical gradient")
        console.line()
        console.line(text.joined(separator: "\n"))
        console.line("The book's run, x₀² + x₁² from (−3, 4), 100 steps:")
        for line in bookLines { console.line("  " + line) }
        console.line()
        console.line("report: \(reportPath) (charts: \(folder.url.path)/descent-*.svg)")
    }
}

extension Double {
    /// A short decimal form for labels: 3, −1.5, 0.25.
    func formatted() -> String {
        self == rounded() && abs(self) < 1e9 ? String(Int(self)) : String(format: "%g", self)
    }
}

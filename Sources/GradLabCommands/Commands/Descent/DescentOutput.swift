import Foundation
import GradLab
import GradLabReports

extension DescentCommand {
    /// Every panel's contour chart and the HTML report, written into `folder`; returns the
    /// report's path.
    static func write(_ result: Result, to folder: OutputFolder) throws -> String {
        var sections: [HTMLReport.Section] = []
        for surfaceRuns in result.surfaces {
            let surface = surfaceRuns.surface
            var svgs: [String] = []
            for (panel, svg) in zip(surfaceRuns.panels, panelSVGs(surfaceRuns)) {
                svgs.append(svg)
                try folder.write(svg, to: "\(surface.file)-\(panel.label.replacingOccurrences(of: " ", with: "-")).svg")
            }
            sections.append(.init(heading: surface.formula, blocks: [.figureRow(svgs)]))
        }
        sections.append(.init(heading: "The book's run: x₀² + x₁² from (−3, 4), \(bookSteps) steps", blocks: [
            .code(bookLines(result).joined(separator: "\n")),
            .paragraph("With η = 0.1 each step multiplies x by 1 − 2η = 0.8, so the end point is 0.8¹⁰⁰·(−3, 4) ≈ (−6.1e-10, 8.1e-10). With η = 10 each step multiplies it by −19: the iterates explode, until x is so large that x ± h rounds back to x, the numerical gradient becomes 0, and they stop near 10¹³, exactly where the book's run stops. With η = 1e-10 they barely move."),
        ]))
        let report = HTMLReport(title: "GradLab: gradient descent", subtitle: "numerical gradients, h = 1e-4", sections: sections)
        return try folder.write(report.render(), to: "descent.html")
    }

    /// One contour chart per panel: the paths over the surface's contour lines.
    static func panelSVGs(_ surfaceRuns: SurfaceRuns) -> [String] {
        let surface = surfaceRuns.surface
        let grid = ContourChart.sample(xRange: surface.range, yRange: surface.range, resolution: 121) {
            surface.f(Tensor([$0, $1]))
        }
        let levels = ContourChart.levels(for: grid, count: 14, spacing: .logarithmic)
        return surfaceRuns.panels.map { panel in
            let paths = panel.runs.enumerated().map { index, run in
                ChartSeries(name: "from \(start(run))", x: run.path.map { $0[0] }, y: run.path.map { $0[1] },
                            showsMarkers: true, width: 1.5, color: ChartPalette.color(at: index),
                            showsInLegend: surface.starts.count > 1)
            }
            let chart = ContourChart(title: "\(surface.name): η = \(panel.rate) (\(panel.label))", xLabel: "x₀", yLabel: "x₁",
                                     xRange: surface.range, yRange: surface.range, grid: grid, levels: levels, paths: paths)
            return chart.svg(width: 420, height: 420)
        }
    }

    /// The `--json` object.
    static func json(_ result: Result, report: String) -> JSON {
        JSON.object([
            ("surfaces", .array(result.surfaces.map { surfaceRuns in
                let surface = surfaceRuns.surface
                return .object([("name", .string(surface.name)), ("runs", .array(surfaceRuns.panels.flatMap { panel in
                    panel.runs.map { run in
                        .object([("learningRate", .number(panel.rate)), ("label", .string(panel.label)),
                                 ("start", .array(run.path[0].scalars.map { .number($0) })),
                                 ("end", .array(run.finalPoint.scalars.map { .number($0) })),
                                 ("value", .number(surface.f(run.finalPoint))), ("steps", .integer(surface.steps))])
                    }
                }))])
            })),
            ("book", .array(result.book.map {
                .object([("learningRate", .number($0.rate)), ("end", .array($0.end.scalars.map { .number($0) }))])
            })),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: where each run ended, surface by surface, then the book's run.
    static func text(_ result: Result, report: String, folder: OutputFolder) -> String {
        var lines = ["Gradient descent with the numerical gradient", ""]
        for surfaceRuns in result.surfaces {
            let surface = surfaceRuns.surface
            lines.append(surface.formula)
            for panel in surfaceRuns.panels {
                for run in panel.runs {
                    let end = run.finalPoint
                    lines.append("  η = \(String(panel.rate).padding(toLength: 6, withPad: " ", startingAt: 0)) (\(panel.label)): from \(start(run)) after \(surface.steps) steps at (\(scientific(end[0], digits: 4)), \(scientific(end[1], digits: 4))), f = \(scientific(surface.f(end), digits: 3))")
                }
            }
            lines.append("")
        }
        lines.append("The book's run, x₀² + x₁² from (−3, 4), \(bookSteps) steps:")
        lines += bookLines(result).map { "  " + $0 }
        lines.append("")
        lines.append("report: \(report) (charts: \(folder.url.path)/descent-*.svg)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "η = 0.1: after 100 steps at (…, …)" for each rate of the book's run.
    static func bookLines(_ result: Result) -> [String] {
        result.book.map { "η = \($0.rate): after \(bookSteps) steps at (\(scientific($0.end[0], digits: 8)), \(scientific($0.end[1], digits: 8)))" }
    }

    /// "(−3, 4)": where a run started.
    private static func start(_ run: DescentResult) -> String {
        "(\(run.path[0][0].formatted()), \(run.path[0][1].formatted()))"
    }
}

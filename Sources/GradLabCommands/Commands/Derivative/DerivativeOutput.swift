import Foundation
import GradLab
import GradLabReports

extension DerivativeCommand {
    /// Where the files went.
    struct Files {
        /// The log-log chart.
        var chart: String
        /// The HTML report.
        var report: String
    }

    /// The chart, the CSV of errors and the report, written into `folder`.
    static func write(_ result: Result, to folder: OutputFolder) throws -> Files {
        let svg = chart(result).svg()
        let chartPath = try folder.write(svg, to: "derivative.svg")
        var columns: [(name: String, values: [Double])] = [("h", result.study.rows.map(\.h))]
        for scheme in schemes { columns.append((scheme.rawValue, result.study.rows.map { $0.errors[scheme]! })) }
        for scheme in schemes { columns.append((scheme.rawValue + "Float", result.floatErrors.map { $0[scheme]! })) }
        columns.append(("complexStep", result.complexStepErrors))
        try folder.write(CSV.render(columns: columns), to: "derivative.csv")
        let reportPath = try folder.write(report(result, svg: svg).render(), to: "derivative.html")
        return Files(chart: chartPath, report: reportPath)
    }

    /// One line per scheme and the central difference in Float, and the complex step, which
    /// coincides with the central difference for large h (both errors are h²·|f‴|/6), as its
    /// legend says. On the SVG chart (`text` false) the complex step comes first, as a wide pale
    /// band the central difference runs on; on the text chart last, so the central difference
    /// keeps the cells they share.
    static func series(_ result: Result, text: Bool = false) -> [ChartSeries] {
        // A zero error cannot be drawn on a log axis: show it at the bottom of the chart.
        let h = result.study.rows.map(\.h)
        let from = coincidence(result).map { scientific($0, digits: 1) }
        let complexStep = text
            ? ChartSeries(name: "complex step" + (from.map { " (= central for h ≥ \($0))" } ?? ""), x: h,
                          y: result.complexStepErrors.map { max($0, 1e-17) })
            : ChartSeries(name: "complex step (pale band" + (from.map { "; central runs on it for h ≥ \($0)" } ?? "") + ")",
                          x: h, y: result.complexStepErrors.map { max($0, 1e-17) }, width: 7, opacity: 0.35)
        return (text ? [] : [complexStep])
            + schemes.enumerated().map { index, scheme in
                ChartSeries(name: schemeName(scheme), x: h, y: result.study.rows.map { max($0.errors[scheme]!, 1e-17) },
                            style: [LineStyle.solid, .dashed, .dotted][index], showsMarkers: true)
            } + [
                ChartSeries(name: "central, Float", x: h, y: result.floatErrors.map { max($0[.central]!, 1e-17) },
                            style: .dashed, showsMarkers: true),
            ] + (text ? [complexStep] : [])
    }

    /// The smallest h from which on, up to the largest, the central difference's error and the
    /// complex step's are within 10 % of each other (indistinguishable on the log chart), or
    /// `nil` when they differ at the largest h.
    static func coincidence(_ result: Result) -> Double? {
        var from: Double?
        for (row, complex) in zip(result.study.rows, result.complexStepErrors).sorted(by: { $0.0.h > $1.0.h }) {
            let central = row.errors[.central]!
            guard central > 0, complex > 0, abs(central / complex - 1) <= 0.1 else { break }
            from = row.h
        }
        return from
    }

    /// The error against h, log-log.
    static func chart(_ result: Result) -> LineChart {
        LineChart(title: "Error of the numerical derivative of \(result.example.name) at x = \(result.x)",
                  xLabel: "step h", yLabel: "|numerical − exact|", series: series(result),
                  xScale: .logarithmic, yScale: .logarithmic)
    }

    /// The HTML report around the chart `svg`.
    static func report(_ result: Result, svg: String) -> HTMLReport {
        HTMLReport(title: "GradLab: why the step h matters", subtitle: result.example.formula + ", x = \(result.x)", sections: [
            .init(heading: "Error against h", blocks: [
                .svg(svg),
                .paragraph("On the right, truncation error falls as h shrinks (slope 1 for forward, 2 for central, 4 for five-point differences). On the left, rounding error ε·|f|/h grows as h shrinks (slope −1). The best step balances the two."),
                .table(header: ["scheme", "best h measured", "its error", "theory: best h"],
                       rows: result.best.map { [schemeName($0.scheme), scientific($0.row.h, digits: 1), scientific($0.row.errors[$0.scheme]!), scientific($0.theory, digits: 1)] }
                        + result.floatBest.map { [schemeName($0.scheme) + " (Float)", scientific($0.h, digits: 1), scientific($0.error), scientific($0.theory, digits: 1)] }),
                .paragraph("In Float (ε = 1.2e-7 instead of 2.2e-16) rounding overtakes truncation at much larger steps: the central difference's best h moves from about ∛ε ≈ 6e-6 to about 5e-3, and the book's h = 1e-4 is already on the rounding side. The complex step, Im f(x + ih)/h, subtracts nothing, so it has no rounding arm at all: the error falls with h until it is the rounding of f′ itself."),
                .note("With h = 1e-30 the forward difference returns exactly \(result.tinyForward): x + h rounds back to x."),
            ]),
        ])
    }

    /// The `--json` object.
    static func json(_ result: Result, _ files: Files) -> JSON {
        JSON.object([
            ("function", .string(result.example.name)), ("x", .number(result.x)), ("exact", .number(result.exact)),
            ("rows", .array(result.study.rows.map { row in
                .object([("h", .number(row.h))] + schemes.map { ($0.rawValue, JSON.number(row.errors[$0]!)) })
            })),
            ("bestSteps", .object(result.best.map { best in
                (best.scheme.rawValue, JSON.object([("h", .number(best.row.h)), ("error", .number(best.row.errors[best.scheme]!)),
                                                    ("theory", .number(best.theory))]))
            })),
            ("forwardWithTinyStep", .number(result.tinyForward)),
            ("floatRows", .array(zip(result.study.rows, result.floatErrors).map { row, errors in
                .object([("h", .number(row.h))] + schemes.map { ($0.rawValue, JSON.number(errors[$0]!)) })
            })),
            ("floatBestSteps", .object(result.floatBest.map { best in
                (best.scheme.rawValue, JSON.object([("h", .number(best.h)), ("error", .number(best.error)), ("theory", .number(best.theory))]))
            })),
            ("complexStep", .array(zip(result.study.rows, result.complexStepErrors).map { row, error in
                .object([("h", .number(row.h)), ("error", .number(error))])
            })),
            ("chart", .string(files.chart)), ("report", .string(files.report)),
        ])
    }

    /// For the terminal: the table of errors, the best steps, and the chart drawn in text.
    static func text(_ result: Result, _ files: Files) -> String {
        var table = TextTable(["h"] + schemes.map(schemeName) + schemes.map { schemeName($0) + " (Float)" } + ["complex step"])
        for (index, row) in result.study.rows.enumerated() {
            table.add([scientific(row.h, digits: 1)] + schemes.map { scientific(row.errors[$0]!) }
                      + schemes.map { scientific(result.floatErrors[index][$0]!) } + [scientific(result.complexStepErrors[index])])
        }
        let bestLines = result.best.map { scheme, row, theory in
            "\(schemeName(scheme).padding(toLength: 11, withPad: " ", startingAt: 0)) best h \(scientific(row.h, digits: 1)) (error \(scientific(row.errors[scheme]!))), theory ε^(1/\(scheme == .forward ? 2 : scheme == .central ? 3 : 5)) ≈ \(scientific(theory, digits: 1))"
        }
        let floatLines = result.floatBest.map { best in
            "\((schemeName(best.scheme) + " (Float)").padding(toLength: 19, withPad: " ", startingAt: 0)) best h \(scientific(best.h, digits: 1)) (error \(scientific(best.error))), theory ≈ \(scientific(best.theory, digits: 1))"
        }
        let bestComplex = result.complexStepErrors.min() ?? .nan
        let lines = ["Step-size study: \(result.example.formula), x = \(result.x), exact derivative \(result.exact)", "",
                     table.text, ""] + bestLines + floatLines
            + ["complex step: smallest error \(scientific(bestComplex)) (no subtraction, so no rounding arm)"]
            + ["forward difference with h = 1e-30: \(result.tinyForward) (x + h rounds to x)", ""]
        return lines.joined(separator: "\n") + "\n"
            + TextChart.render(series: series(result, text: true), width: 64, height: 14, yScale: .logarithmic, xScale: .logarithmic,
                               title: "error against h (log-log)")
            + "chart: \(files.chart)\nreport: \(files.report)\n"
    }

    /// The scheme's name in tables and legends.
    static func schemeName(_ scheme: DifferenceScheme) -> String {
        switch scheme {
        case .forward: "forward"
        case .central: "central"
        case .fivePoint: "five-point"
        }
    }
}

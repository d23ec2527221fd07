import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// `gradlab derivative`: the step-size study. How the error of each finite-difference scheme
/// changes as h shrinks from 10⁻¹ to 10⁻¹⁶: truncation error on the right, rounding error on
/// the left, the classic V on a log-log plot.
enum DerivativeCommand: RunnableCommand {
    /// A function with a known derivative, known by its name.
    struct Example: Sendable, Equatable {
        var name: String
        var formula: String
        var f: @Sendable (Double) -> Double
        var derivative: @Sendable (Double) -> Double

        /// Examples are told apart by name: closures cannot be compared.
        static func == (lhs: Example, rhs: Example) -> Bool { lhs.name == rhs.name }
    }

    /// The functions `--function` offers, in help order; the first is the default.
    static let examples: [Example] = [
        Example(name: "sin", formula: "f(x) = sin x", f: { sin($0) }, derivative: { cos($0) }),
        Example(name: "exp", formula: "f(x) = eˣ", f: { exp($0) }, derivative: { exp($0) }),
        Example(name: "book", formula: "f(x) = 0.01x² + 0.1x (the book's function_1)",
                f: { 0.01 * $0 * $0 + 0.1 * $0 }, derivative: { 0.02 * $0 + 0.1 }),
        Example(name: "sigmoid", formula: "f(x) = 1 / (1 + e⁻ˣ)", f: { sigmoid($0) },
                derivative: { sigmoidDerivative($0) }),
    ]

    static let function = Option<Example>("function", "NAME", help: "The function.",
                                          choices: examples.map { ($0.name, $0) }, default: examples[0])
    static let at = Option<Double>("at", "X", help: "Where to differentiate.", default: 1, range: -1e6...1e6)

    static let definition = CommandDefinition(
        name: "derivative",
        abstract: "The step-size study: error of forward, central and five-point differences against h.",
        discussion: """
            For a function with a known derivative, prints |numerical − exact| for h = 1e-1 … 1e-16 \
            and draws the log-log chart: the error first falls with h (truncation: slope 1, 2 and 4) \
            and then rises again (rounding: slope −1). The book's h = 1e-4 sits on the truncation \
            arm of the central difference's V, about a decade and a half above its bottom.
            """,
        options: [
            function, at, CommonOptions.json, CommonOptions.out,
        ])

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let example = try arguments[Self.function]
        let x = try arguments[Self.at]
        let study = StepSizeStudy(of: example.f, exactDerivative: example.derivative(x), at: x)
        let tinyForward = numericalDerivative(of: example.f, at: x, h: 1e-30, scheme: .forward)
        let schemes = DifferenceScheme.allCases

        let series = schemes.enumerated().map { index, scheme in
            // A zero error cannot be drawn on a log axis: show it at the bottom of the chart.
            ChartSeries(name: schemeName(scheme), x: study.rows.map(\.h),
                        y: study.rows.map { max($0.errors[scheme]!, 1e-17) },
                        style: [LineStyle.solid, .dashed, .dotted][index], showsMarkers: true)
        }
        let chart = LineChart(title: "Error of the numerical derivative of \(example.name) at x = \(x)",
                              xLabel: "step h", yLabel: "|numerical − exact|", series: series,
                              xScale: .logarithmic, yScale: .logarithmic)
        let folder = try CommonOptions.outputFolder(arguments)
        let svg = chart.svg()
        let svgPath = try folder.write(svg, to: "derivative.svg")
        try folder.write(CSV.render(columns: [("h", study.rows.map(\.h))] + schemes.map { scheme in
            (name: scheme.rawValue, values: study.rows.map { $0.errors[scheme]! })
        }), to: "derivative.csv")
        let best = schemes.map { scheme in (scheme, study.bestStep(for: scheme)!, StepSizeStudy.theoreticalBestStep(for: scheme)) }
        var table = TextTable(["h"] + schemes.map(schemeName))
        for row in study.rows {
            table.add([scientific(row.h, digits: 1)] + schemes.map { scientific(row.errors[$0]!) })
        }
        let report = HTMLReport(title: "GradLab: why the step h matters", subtitle: example.formula + ", x = \(x)", sections: [
            .init(heading: "Error against h", blocks: [
                .svg(svg),
                .paragraph("On the right, truncation error falls as h shrinks (slope 1 for forward, 2 for central, 4 for five-point differences). On the left, rounding error ε·|f|/h grows as h shrinks (slope −1). The best step balances the two."),
                .table(header: ["scheme", "best h measured", "its error", "theory: best h"],
                       rows: best.map { [schemeName($0.0), scientific($0.1.h, digits: 1), scientific($0.1.errors[$0.0]!), scientific($0.2, digits: 1)] }),
                .note("With h = 1e-30 the forward difference returns exactly \(tinyForward): x + h rounds back to x."),
            ]),
        ])
        let reportPath = try folder.write(report.render(), to: "derivative.html")

        if try arguments[CommonOptions.json] {
            console.line(JSON.object([
                ("function", .string(example.name)), ("x", .number(x)), ("exact", .number(example.derivative(x))),
                ("rows", .array(study.rows.map { row in
                    .object([("h", .number(row.h))] + schemes.map { ($0.rawValue, JSON.number(row.errors[$0]!)) })
                })),
                ("bestSteps", .object(best.map { ($0.0.rawValue, JSON.object([("h", .number($0.1.h)), ("error", .number($0.1.errors[$0.0]!)), ("theory", .number($0.2))])) })),
                ("forwardWithTinyStep", .number(tinyForward)),
                ("chart", .string(svgPath)), ("report", .string(reportPath)),
            ]).text)
            return
        }
        console.line("Step-size study: \(example.formula), x = \(x), exact derivative \(example.derivative(x))")
        console.line()
        console.line(table.text)
        console.line()
        for (scheme, row, theory) in best {
            console.line("\(schemeName(scheme).padding(toLength: 11, withPad: " ", startingAt: 0)) best h \(scientific(row.h, digits: 1)) (error \(scientific(row.errors[scheme]!))), theory ε^(1/\(scheme == .forward ? 2 : scheme == .central ? 3 : 5)) ≈ \(scientific(theory, digits: 1))")
        }
        console.line("forward difference with h = 1e-30: \(tinyForward) (x + h rounds to x)")
        console.line()
        console.write(TextChart.render(series: series, width: 64, height: 14, yScale: .logarithmic, xScale: .logarithmic,
                                       title: "error against h (log-log)"))
        console.line("chart: \(svgPath)\nreport: \(reportPath)")
    }

    static func schemeName(_ scheme: DifferenceScheme) -> String {
        switch scheme {
        case .forward: "forward"
        case .central: "central"
        case .fivePoint: "five-point"
        }
    }
}

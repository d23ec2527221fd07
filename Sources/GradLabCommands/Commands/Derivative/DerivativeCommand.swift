import Foundation
import GradLab

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
        /// The same function of a complex number, for the complex step.
        var complex: @Sendable (Complex) -> Complex

        /// Examples are told apart by name: closures cannot be compared.
        static func == (lhs: Example, rhs: Example) -> Bool { lhs.name == rhs.name }
    }

    /// The functions `--function` offers, in help order; the first is the default.
    static let examples: [Example] = [
        Example(name: "sin", formula: "f(x) = sin x", f: { sin($0) }, derivative: { cos($0) }, complex: { sin($0) }),
        Example(name: "exp", formula: "f(x) = eˣ", f: { exp($0) }, derivative: { exp($0) }, complex: { exp($0) }),
        Example(name: "book", formula: "f(x) = 0.01x² + 0.1x (the book's function_1)",
                f: { 0.01 * $0 * $0 + 0.1 * $0 }, derivative: { 0.02 * $0 + 0.1 }, complex: { 0.01 * $0 * $0 + 0.1 * $0 }),
        Example(name: "sigmoid", formula: "f(x) = 1 / (1 + e⁻ˣ)", f: { sigmoid($0) },
                derivative: { sigmoidDerivative($0) }, complex: { 1 / (1 + exp(-$0)) }),
        // Squire and Trapp's test function for the complex step (SIAM Review, 1998).
        Example(name: "squire-trapp", formula: "f(x) = eˣ / √(sin³x + cos³x)",
                f: { exp($0) / (pow(sin($0), 3) + pow(cos($0), 3)).squareRoot() },
                derivative: { x in
                    let (s, c) = (sin(x), cos(x))
                    let g = pow(s, 3) + pow(c, 3)
                    return exp(x) / g.squareRoot() * (1 - 1.5 * (s * s * c - c * c * s) / g)
                },
                complex: { z in exp(z) / sqrt(pow(sin(z), 3 as Int) + pow(cos(z), 3 as Int)) }),
    ]

    /// `--function`: one of ``examples``, by name.
    static let function = Option<Example>("function", "NAME", help: "The function.",
                                          choices: examples.map { ($0.name, $0) }, default: examples[0])
    /// `--at`: where to differentiate.
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

    /// Reads the options, runs the study, writes the chart, CSV and report, prints the table or the
    /// JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let example = try arguments[Self.function]
        let x = try arguments[Self.at]
        let json = try arguments[CommonOptions.json]
        let out = OutputIndex.folder(try arguments[CommonOptions.out], command: definition.name)

        let result = study(example, at: x)

        let files = try write(result, to: OutputFolder(path: out))
        if json {
            console.line(self.json(result, files).text)
        } else {
            console.write(text(result, files))
        }
    }
}

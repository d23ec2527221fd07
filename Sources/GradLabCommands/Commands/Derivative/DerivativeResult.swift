import GradLab

extension DerivativeCommand {
    /// The errors of the three schemes for every step h, and the best steps.
    struct Result {
        /// The function studied.
        var example: Example
        /// Where it was differentiated.
        var x: Double
        /// The exact derivative there.
        var exact: Double
        /// |numerical − exact| for each h and scheme.
        var study: StepSizeStudy
        /// Each scheme's best measured step and the step theory predicts (ε^(1/(order + 1))).
        var best: [(scheme: DifferenceScheme, row: StepSizeStudy.Row, theory: Double)]
        /// The forward difference with h = 1e-30, where x + h rounds back to x.
        var tinyForward: Double
        /// |numerical − exact| in Float for each of the study's steps and each scheme.
        var floatErrors: [[DifferenceScheme: Double]]
        /// Each scheme's best measured step in Float and the step theory predicts.
        var floatBest: [(scheme: DifferenceScheme, h: Double, error: Double, theory: Double)]
        /// |Im f(x + ih)/h − exact| for each of the study's steps: no subtraction, no cancellation.
        var complexStepErrors: [Double]
    }

    /// The difference schemes in the order of the tables and charts.
    static let schemes = DifferenceScheme.allCases

    /// Differentiates `example` numerically at `x` with every step of the study.
    static func study(_ example: Example, at x: Double) -> Result {
        let exact = example.derivative(x)
        let study = StepSizeStudy(of: example.f, exactDerivative: exact, at: x)
        let floatErrors = study.rows.map { row in
            Dictionary(uniqueKeysWithValues: schemes.map {
                ($0, abs(numericalDerivativeInFloat(of: example.f, at: x, h: row.h, scheme: $0) - exact))
            })
        }
        let floatBest = schemes.map { scheme in
            let best = floatErrors.indices.min { floatErrors[$0][scheme]! < floatErrors[$1][scheme]! }!
            return (scheme, study.rows[best].h, floatErrors[best][scheme]!, StepSizeStudy.theoreticalBestStepInFloat(for: scheme))
        }
        return Result(
            example: example, x: x, exact: exact, study: study,
            best: schemes.map { ($0, study.bestStep(for: $0)!, StepSizeStudy.theoreticalBestStep(for: $0)) },
            tinyForward: numericalDerivative(of: example.f, at: x, h: 1e-30, scheme: .forward),
            floatErrors: floatErrors, floatBest: floatBest,
            complexStepErrors: study.rows.map { abs(complexStepDerivative(of: example.complex, at: x, h: $0.h) - exact) })
    }
}

import Foundation
import GradLab

extension Exercise {
    /// Exercise 19: the same check in Float needs a different step.
    static let floatVersusDouble = Exercise(
        id: "float-vs-double", title: "Float against Double: a right gradient that fails its check, and the h that rescues it",
        file: "exercises/19-float-vs-double/FloatVersusDouble.swift",
        book: "Saitoh 4.3.1; Goodfellow 4.1 (overflow and underflow)", minutes: 15,
        hints: [
            "With h = 1e-4 in Float the error is rounding, not truncation: the error falls if h grows.",
            "In exercise 2 the best step balanced ε·|f|/h against h²·|f‴|/6, near ε^(1/3) times the scale of x. Put in Float's ε.",
            "Float.ulpOfOne^(1/3) is about 5e-3; anything from about 3e-3 to 1e-2 works. Try 0.01.",
        ],
        solution: "Sources/GradLab/Calculus/StepSizeStudy.swift: StepSizeStudy.theoreticalBestStep (ε^(1/3), here with Float's ε)",
        check: { checkFloatStep { try myFloatStep() } },
        // The library's theoreticalBestStep is ε^(1/3) with Double's ε; the same formula with Float's.
        checkReference: { checkFloatStep { Float(cbrt(Double(Float.ulpOfOne))) } },
        wrongAnswers: [
            WrongAnswer("the book's h = 1e-4") { checkFloatStep { 1e-4 } },
            WrongAnswer("a smaller step, to be more precise") { checkFloatStep { 1e-6 } },
            WrongAnswer("Double's best step, ε^(1/3) with Double's ε") { checkFloatStep { Float(StepSizeStudy.theoreticalBestStep(for: .central)) } },
        ],
        evidence: { floatEvidence })

    static let floatPoints: [Float] = [-2, -0.5, 0.3, 1.5]

    /// The functions, in Float, each with its analytic derivative written with its output.
    static let floatFunctions: [(name: String, f: @Sendable (Float) -> Float, derivative: @Sendable (Float) -> Float)] = [
        ("sigmoid", { 1 / (1 + Foundation.exp(-$0)) }, { x in let y = 1 / (1 + Foundation.exp(-x)); return y * (1 - y) }),
        ("tanh", { Foundation.tanh($0) }, { x in let y = Foundation.tanh(x); return 1 - y * y }),
    ]

    /// The worst relative error of the central difference in Float with step h, over the
    /// functions and points, and where it was.
    static func worstFloatError(h: Float) -> (error: Double, name: String, x: Float) {
        var worst = (error: 0.0, name: "", x: Float(0))
        for function in floatFunctions {
            for x in floatPoints {
                let numeric = (function.f(x + h) - function.f(x - h)) / (2 * h)
                let error = GradientComparison.relativeError(Double(function.derivative(x)), Double(numeric))
                if !(error <= worst.error) { worst = (error, function.name, x) }
            }
        }
        return worst
    }

    static func checkFloatStep(_ step: () throws -> Float) -> ExerciseOutcome {
        attempt({ try step() }) { h in
            guard h > 0, h.isFinite else { return .failed("h = \(h): the step must be a positive number") }
            let worst = worstFloatError(h: h)
            let verdict = GradientVerdict(relativeError: worst.error)
            if verdict <= .acceptable {
                return .passed("with h = \(h) the worst relative error in Float is \(rounded(worst.error)) (\(verdict.rawValue)); "
                               + "Float's best is about 1e-5, so a Float check can say \"acceptable\" at most")
            }
            let side = h < 3e-3 ? "rounding wins: Float's ε is 1.2e-7, so a larger h" : "truncation wins: a smaller h"
            return .failed("with h = \(h) the worst relative error is \(rounded(worst.error)) (\(verdict.rawValue)), "
                           + "for \(worst.name) at x = \(worst.x); \(side)")
        }
    }

    /// The premise, in numbers: the same right derivatives checked in Double and in Float.
    static var floatEvidence: String {
        let sigmoidPair: (f: (Double) -> Double, derivative: (Double) -> Double) = ({ sigmoid($0) }, { sigmoidDerivative($0) })
        let tanhPair: (f: (Double) -> Double, derivative: (Double) -> Double) = ({ Foundation.tanh($0) }, { tanhDerivative($0) })
        let functions = [sigmoidPair, tanhPair]
        func doubleError(_ h: Double) -> Double {
            var worst = 0.0
            for function in functions {
                for x in floatPoints.map(Double.init) {
                    let numeric = GradLab.numericalDerivative(of: function.f, at: x, h: h)
                    worst = Swift.max(worst, GradientComparison.relativeError(function.derivative(x), numeric))
                }
            }
            return worst
        }
        func row(_ precision: String, _ h: Double, _ error: Double) -> String {
            "  " + precision.padding(toLength: 11, withPad: " ", startingAt: 0)
                + rounded(h).padding(toLength: 9, withPad: " ", startingAt: 0)
                + rounded(error).padding(toLength: 22, withPad: " ", startingAt: 0)
                + GradientVerdict(relativeError: error).rawValue
        }
        let lines = ["The derivatives of sigmoid and tanh, written right, checked by central differences",
                     "at x = −2, −0.5, 0.3, 1.5:",
                     "  precision  h        worst relative error  verdict",
                     row("Double", 1e-4, doubleError(1e-4)), row("Double", 1e-6, doubleError(1e-6)),
                     row("Float", 1e-4, worstFloatError(h: 1e-4).error), row("Float", 1e-6, worstFloatError(h: 1e-6).error)]
        return lines.joined(separator: "\n")
    }
}

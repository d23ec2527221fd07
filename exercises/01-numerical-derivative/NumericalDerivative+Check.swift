import Foundation
import GradLab

extension Exercise {
    /// Exercise 1: the central difference.
    static let numericalDerivative = Exercise(
        id: "numerical-derivative", title: "Estimate f′(x) by the central difference",
        file: "exercises/01-numerical-derivative/NumericalDerivative.swift",
        book: "Saitoh 4.3.1", minutes: 10,
        hints: [
            "Evaluate f twice, once a little to the right of x and once a little to the left: f(x + h) and f(x − h).",
            "The two points are 2h apart, so divide their difference by 2h, not by h.",
            "let h = 1e-4; return (f(x + h) - f(x - h)) / (2 * h)",
        ],
        solution: "Sources/GradLab/Calculus/NumericalDerivative.swift: numericalDerivative(of:at:h:scheme:)",
        check: { checkDerivative { try myNumericalDerivative($0, at: $1) } },
        checkReference: { checkDerivative { GradLab.numericalDerivative(of: $0, at: $1) } },
        wrongAnswers: [
            WrongAnswer("a forward difference (f(x+h) − f(x)) / h") {
                checkDerivative { GradLab.numericalDerivative(of: $0, at: $1, scheme: .forward) }
            },
            WrongAnswer("divided by h instead of 2h") {
                checkDerivative { f, x in (f(x + 1e-4) - f(x - 1e-4)) / 1e-4 }
            },
            WrongAnswer("a step so small that x + h rounds to x (h = 1e-50)") {
                checkDerivative { GradLab.numericalDerivative(of: $0, at: $1, h: 1e-50) }
            },
        ])

    static func checkDerivative(_ implementation: ((Double) -> Double, Double) throws -> Double) -> ExerciseOutcome {
        // exp at x = 1: the central difference with h = 1e-4 is off by h²·e/6 ≈ 5e-9; a forward
        // difference by h·e/2 ≈ 1.4e-4.
        attempt({ try implementation({ exp($0) }, 1) }) { estimate in
            let error = abs(estimate - M_E)
            if error < 1e-7 { return .passed("error \(error) on d/dx eˣ at x = 1") }
            let why = if estimate == 0 {
                "0 means f(x + h) and f(x − h) came out equal: is h so small that x + h rounds to x?"
            } else if abs(estimate / M_E - 2) < 1e-3 {
                "that is twice the slope: the two points are 2h apart, divide by 2h"
            } else if error < 1e-3 {
                "is this a forward difference? use (f(x+h) − f(x−h)) / 2h"
            } else {
                "check the formula"
            }
            return .failed("d/dx eˣ at x = 1: got \(estimate), exact \(M_E) (error \(error)); \(why)")
        }
    }
}

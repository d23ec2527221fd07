import Foundation
import GradLab

extension Exercise {
    /// Exercise 2: truncation against rounding, and the step where they balance.
    static let bestStep = Exercise(
        id: "best-step", title: "The best step h, and why: truncation against rounding",
        file: "exercises/02-best-step/BestStep.swift",
        book: "Saitoh 4.3.1 (why h = 1e-4)", minutes: 20,
        hints: [
            "The two estimates are one line each: h * h * abs(thirdDerivative) / 6 and Double.ulpOfOne * abs(value) / h.",
            "For the best step, loop over k in 1...16 with h = pow(10, -Double(k)), keep the h with the smallest abs(estimate − exactDerivative).",
            "Log at 1000 has a tiny third derivative (2/x³ = 2e-9) and a value of 6.9: truncation stays small until h is large, so its best step is much larger than sin's. The best step scales with x.",
        ],
        solution: "Sources/GradLab/Calculus/StepSizeStudy.swift: StepSizeStudy.bestStep(for:); the two errors are in numericalDerivative's doc comment (Sources/GradLab/Calculus/NumericalDerivative.swift)",
        check: {
            checkBestStep(truncation: { try myTruncationError(h: $0, thirdDerivative: $1) },
                          rounding: { try myRoundingError(h: $0, value: $1) },
                          best: { try myBestStep(of: $0, exactDerivative: $1, at: $2) })
        },
        checkReference: {
            checkBestStep(truncation: { h, third in h * h * abs(third) / 6 },
                          rounding: { h, value in Double.ulpOfOne * abs(value) / h },
                          best: { f, exact, x in
                              StepSizeStudy(of: f, exactDerivative: exact, at: x, steps: decades).bestStep(for: .central)!.h
                          })
        },
        wrongAnswers: [
            WrongAnswer("the book's h = 1e-4 is always best") {
                checkBestStep(truncation: { h, third in h * h * abs(third) / 6 },
                              rounding: { h, value in Double.ulpOfOne * abs(value) / h }, best: { _, _, _ in 1e-4 })
            },
            WrongAnswer("the smaller the step, the better") {
                checkBestStep(truncation: { h, third in h * h * abs(third) / 6 },
                              rounding: { h, value in Double.ulpOfOne * abs(value) / h }, best: { _, _, _ in 1e-16 })
            },
            WrongAnswer("truncation without the 1/6") {
                checkBestStep(truncation: { h, third in h * h * abs(third) },
                              rounding: { h, value in Double.ulpOfOne * abs(value) / h }, best: { _, _, _ in 1e-5 })
            },
            WrongAnswer("rounding that shrinks with h") {
                checkBestStep(truncation: { h, third in h * h * abs(third) / 6 },
                              rounding: { h, value in Double.ulpOfOne * abs(value) * h }, best: { _, _, _ in 1e-5 })
            },
        ])

    /// 1e-1, 1e-2, …, 1e-16.
    static let decades = (1...16).map { pow(10, -Double($0)) }

    static func centralError(_ f: (Double) -> Double, _ exact: Double, _ x: Double, _ h: Double) -> Double {
        abs((f(x + h) - f(x - h)) / (2 * h) - exact)
    }

    static func checkBestStep(truncation: @escaping (Double, Double) throws -> Double,
                              rounding: @escaping (Double, Double) throws -> Double,
                              best: @escaping ((Double) -> Double, Double, Double) throws -> Double) -> ExerciseOutcome {
        checkParts([
            ("myTruncationError", {
                // sin at 1 with large steps, where truncation is all there is: the error is
                // h²·cos(1)/6 to within 0.1 % (measured ratios 0.9995–1.0000).
                attempt({ try [1e-1, 1e-2, 1e-3].map { try truncation($0, -cos(1)) } }) { estimates in
                    for (h, estimate) in zip([1e-1, 1e-2, 1e-3], estimates) {
                        let measured = centralError(sin, cos(1), 1, h)
                        guard estimate > 0, abs(estimate / measured - 1) < 0.01 else {
                            return .failed("at h = \(h) the central difference of sin at 1 is off by \(rounded(measured)), "
                                           + "your estimate says \(rounded(estimate)); truncation is h²·|f‴|/6")
                        }
                    }
                    return .passed("truncation h²·|f‴|/6 matches sin at 1 for h = 0.1 … 0.001")
                }
            }),
            ("myRoundingError", {
                // Small steps, where rounding is all there is. Rounding errors are random, so
                // compare the largest over 20 points near 1 with the estimate: measured ratios are
                // 0.2–0.5; an order of magnitude either way passes.
                attempt({ try [1e-10, 1e-12].map { try rounding($0, sin(1)) } }) { estimates in
                    for (h, estimate) in zip([1e-10, 1e-12], estimates) {
                        let measured = (0..<20).map { centralError(sin, cos(1 + 0.05 * Double($0)), 1 + 0.05 * Double($0), h) }.max()!
                        guard estimate > 0, (0.1...10).contains(measured / estimate) else {
                            return .failed("at h = \(h) the central difference of sin near 1 is off by up to \(rounded(measured)), "
                                           + "your estimate says \(rounded(estimate)); rounding is ε·|f(x)|/h, larger as h shrinks")
                        }
                    }
                    return .passed("rounding ε·|f|/h matches sin near 1 for h = 1e-10 and 1e-12")
                }
            }),
            ("myBestStep", {
                let cases: [(name: String, f: @Sendable (Double) -> Double, exact: Double, x: Double)] = [
                    ("sin at x = 1", sin, cos(1), 1), ("log at x = 1000", log, 1.0 / 1000, 1000),
                ]
                return attempt({ try cases.map { try best($0.f, $0.exact, $0.x) } }) { steps in
                    var found: [String] = []
                    for (c, h) in zip(cases, steps) {
                        let bestError = decades.map { centralError(c.f, c.exact, c.x, $0) }.min()!
                        let error = h > 0 && h.isFinite ? centralError(c.f, c.exact, c.x, h) : .infinity
                        guard error <= 2 * bestError else {
                            return .failed("for \(c.name) your h = \(h) gives an error of \(rounded(error)), "
                                           + "but some step among 1e-1 … 1e-16 gives \(rounded(bestError)); "
                                           + "try every step and keep the best")
                        }
                        found.append("\(c.name): h = \(h), error \(rounded(error))")
                    }
                    return .passed(found.joined(separator: ", ")
                                   + ". Below the best step rounding (ε·|f|/h) wins, above it truncation (h²·|f‴|/6); "
                                   + "they balance near (3ε·|f|/|f‴|)^(1/3), which grows with the scale of x")
                }
            }),
        ])
    }
}

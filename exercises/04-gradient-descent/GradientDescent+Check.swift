import GradLab

extension Exercise {
    /// Exercise 4: gradient descent, and what the learning rate does.
    static let gradientDescentExercise = Exercise(
        id: "gradient-descent", title: "Gradient descent, with learning rates too large and too small",
        file: "exercises/04-gradient-descent/GradientDescent.swift",
        book: "Saitoh 4.4.1", minutes: 20,
        hints: [
            "Descent is a loop: `var x = start; for _ in 0..<steps { x = x - learningRate * numericalGradient(of: f, at: x) }; return x`.",
            "On x₀² + x₁² the gradient is 2x, so one step turns x into x − 2ηx = (1 − 2η)·x. After 100 steps x has been multiplied by (1 − 2η)¹⁰⁰.",
            "Too small: (1 − 2η)¹⁰⁰ ≥ 0.9 needs η below about 5e-4 (try 1e-10, the book's). Too large: |1 − 2η| > 1 needs η > 1 (try 10, the book's). η = 0.9 zigzags but still converges.",
        ],
        solution: "Sources/GradLab/Calculus/GradientDescent.swift: gradientDescent(of:from:learningRate:steps:h:)",
        check: {
            checkDescent(descent: { try myGradientDescent(of: $0, from: $1, learningRate: $2, steps: $3) },
                         rates: { try myLearningRates() })
        },
        checkReference: {
            checkDescent(descent: { GradLab.gradientDescent(of: $0, from: $1, learningRate: $2, steps: $3).finalPoint },
                         rates: { (1e-10, 10) })
        },
        wrongAnswers: [
            WrongAnswer("stepped up the gradient: x + η·∇f") {
                checkDescent(descent: { f, start, eta, steps in
                    var x = start
                    for _ in 0..<steps { x = x + eta * GradLab.numericalGradient(of: f, at: x) }
                    return x
                }, rates: { (1e-10, 10) })
            },
            WrongAnswer("a zigzag (η = 0.9) taken for divergence") {
                checkDescent(descent: { GradLab.gradientDescent(of: $0, from: $1, learningRate: $2, steps: $3).finalPoint },
                             rates: { (1e-10, 0.9) })
            },
            WrongAnswer("η = 0.001 taken for too small") {
                checkDescent(descent: { GradLab.gradientDescent(of: $0, from: $1, learningRate: $2, steps: $3).finalPoint },
                             rates: { (1e-3, 10) })
            },
        ])

    /// x₀² + x₁², the book's function 2.
    static let bowl: @Sendable (Tensor) -> Double = { $0.scalars.reduce(0) { $0 + $1 * $1 } }
    static let descentStart = Tensor([-3, 4])

    static func checkDescent(descent: @escaping ((Tensor) -> Double, Tensor, Double, Int) throws -> Tensor,
                             rates: @escaping () throws -> (tooSmall: Double, tooLarge: Double)) -> ExerciseOutcome {
        checkParts([
            ("myGradientDescent", {
                let runs: [(eta: Double, steps: Int)] = [(0.1, 100), (0.01, 10), (0.3, 3)]
                return attempt({ try runs.map { try descent(bowl, descentStart, $0.eta, $0.steps) } }) { ends in
                    for (run, end) in zip(runs, ends) {
                        // x ← (1 − 2η)ˢ · start; the numerical gradient of a quadratic is exact up
                        // to rounding (about 1e-12 here).
                        let factor = (0..<run.steps).reduce(1.0) { value, _ in value * (1 - 2 * run.eta) }
                        let expected = factor * descentStart
                        guard end.shape == expected.shape, (end - expected).norm <= 1e-8 * (1 + expected.norm) else {
                            let direction = end.shape == expected.shape && end.norm > descentStart.norm
                                ? " (farther from the minimum than the start: is the sign of the step right?)" : ""
                            return .failed("from (−3, 4) with η = \(run.eta), \(run.steps) steps on x₀² + x₁²: "
                                           + "got \(end), expected \(expected)\(direction)")
                        }
                    }
                    return .passed("descent lands where (1 − 2η)ˢ·(−3, 4) says")
                }
            }),
            ("myLearningRates", {
                attempt({ try rates() }) { rates in
                    let start = descentStart.norm
                    let small = GradLab.gradientDescent(of: bowl, from: descentStart, learningRate: rates.tooSmall, steps: 100).finalPoint.norm
                    let large = GradLab.gradientDescent(of: bowl, from: descentStart, learningRate: rates.tooLarge, steps: 100).finalPoint.norm
                    guard rates.tooSmall > 0, small >= 0.9 * start else {
                        return .failed("with η = \(rates.tooSmall) the point ends \(rounded(small)) from the minimum "
                                       + "(it started \(start) away): that is progress, not too small")
                    }
                    guard !(large <= start) else {
                        let note = rates.tooLarge > 0.5 && rates.tooLarge <= 1
                            ? "; it zigzags (each step multiplies x by 1 − 2η = \(1 - 2 * rates.tooLarge)) but does not run away" : ""
                        return .failed("with η = \(rates.tooLarge) the point ends \(rounded(large)) from the minimum, "
                                       + "no farther than it started (\(start))\(note)")
                    }
                    return .passed("η = \(rates.tooSmall) leaves the point \(rounded(small)) away (it started at 5); "
                                   + "η = \(rates.tooLarge) throws it to \(rounded(large))")
                }
            }),
        ])
    }
}

import GradLab

extension Exercise {
    /// Exercise 3: the numerical gradient, one element at a time.
    static let numericalGradientExercise = Exercise(
        id: "numerical-gradient", title: "The numerical gradient of a function of a tensor",
        file: "exercises/03-numerical-gradient/NumericalGradient.swift",
        book: "Saitoh 4.4", minutes: 15,
        hints: [
            "Start with `var scratch = x` and `var gradient = Tensor.zeros(like: x)`, then loop `for i in 0..<x.count`.",
            "Inside the loop: keep `let original = scratch[flat: i]`, set scratch[flat: i] = original + h and evaluate f(scratch), then original − h and evaluate again.",
            "Put the element back (`scratch[flat: i] = original`) before the next one: otherwise every later element is measured at a moved point. Then gradient[flat: i] = (plus − minus) / (2 * h).",
        ],
        solution: "Sources/GradLab/Calculus/NumericalGradient.swift: numericalGradient(of:at:h:)",
        check: { checkGradient { try myNumericalGradient($0, at: $1) } },
        checkReference: { checkGradient { GradLab.numericalGradient(of: $0, at: $1) } },
        wrongAnswers: [
            WrongAnswer("returned a flat vector instead of x's shape") {
                checkGradient { f, x in GradLab.numericalGradient(of: f, at: x).reshaped([-1]) }
            },
            WrongAnswer("forgot to put each element back") {
                checkGradient { f, x in
                    var scratch = x
                    var gradient = Tensor.zeros(like: x)
                    for i in 0..<x.count {
                        let original = scratch[flat: i]
                        scratch[flat: i] = original + 1e-4
                        let plus = f(scratch)
                        scratch[flat: i] = original - 1e-4
                        gradient[flat: i] = (plus - f(scratch)) / 2e-4
                    }
                    return gradient
                }
            },
        ])

    static func checkGradient(_ implementation: ((Tensor) -> Double, Tensor) throws -> Tensor) -> ExerciseOutcome {
        // f(x) = Σ xᵢ² + x₀·x₅ on a 2×3 tensor: ∇f = 2x, plus x₅ at element 0 and x₀ at element 5.
        // The cross term catches an element left moved: element 5 would see x₀ − h.
        let x = Tensor([[3, -1, 0.5], [2, 0, -4]])
        let f: (Tensor) -> Double = { t in t.scalars.reduce(0) { $0 + $1 * $1 } + t[flat: 0] * t[flat: 5] }
        var exact = 2 * x
        exact[flat: 0] += x[flat: 5]
        exact[flat: 5] += x[flat: 0]
        return attempt({ try implementation(f, x) }) { gradient in
            guard gradient.shape == x.shape else { return .failed("gradient has shape \(gradient.shape), x has \(x.shape)") }
            switch judgeGradient("x", yours: gradient, numerical: exact, loss: f(x)) {
            case .failed(let text):
                return .failed(text + " (\"numerical\" here is the exact gradient, 2x plus the cross term; "
                               + "an element not put back shifts the later ones)")
            case let outcome: return outcome
            }
        }
    }
}

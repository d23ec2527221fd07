import Foundation
import GradLab

extension Exercise {
    /// Exercise 16: Adam, with its bias correction.
    static let adamUpdate = Exercise(
        id: "adam-update", title: "One step of Adam, bias correction included",
        file: "exercises/16-adam-update/AdamUpdate.swift",
        book: "Saitoh 6.1.6 (Kingma & Ba 2015, algorithm 1)", minutes: 15,
        hints: [
            "Update m and v first (they are inout: assign to them), then compute m̂ and v̂ from them, then θ.",
            "m = beta1 * m + (1 - beta1) * g and v = beta2 * v + (1 - beta2) * g * g.",
            "let mHat = m / (1 - pow(beta1, Double(t))), vHat = v / (1 - pow(beta2, Double(t))); return theta - learningRate * mHat / (vHat.map { $0.squareRoot() } + epsilon)",
        ],
        solution: "Sources/GradLab/Training/Optimizers/Adam.swift: Adam.update",
        check: { checkAdam { theta, g, m, v, t in
            try myAdamUpdate(theta, gradient: g, m: &m, v: &v, step: t, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        } },
        checkReference: {
            // The library's Adam keeps m, v and t itself, so it ignores the ones passed in.
            var adam = Adam(learningRate: 0.1)
            return checkAdam { theta, g, _, _, _ in
                var parameters = Parameters([NamedTensor("W", theta)])
                adam.update(&parameters, with: Parameters([NamedTensor("W", g)]))
                return parameters["W"]
            }
        },
        wrongAnswers: [
            WrongAnswer("no bias correction") { checkAdam { theta, g, m, v, _ in
                m = 0.9 * m + 0.1 * g
                v = 0.999 * v + 0.001 * g * g
                return theta - 0.1 * m / (v.map { $0.squareRoot() } + 1e-7)
            } },
            WrongAnswer("ε inside the square root") { checkAdam { theta, g, m, v, t in
                m = 0.9 * m + 0.1 * g
                v = 0.999 * v + 0.001 * g * g
                let mHat = m / (1 - pow(0.9, Double(t))), vHat = v / (1 - pow(0.999, Double(t)))
                return theta - 0.1 * mHat / (vHat + 1e-7).map { $0.squareRoot() }
            } },
            WrongAnswer("the step counted from 0") { checkAdam { theta, g, m, v, t in
                m = 0.9 * m + 0.1 * g
                v = 0.999 * v + 0.001 * g * g
                let mHat = m / (1 - pow(0.9, Double(t + 1))), vHat = v / (1 - pow(0.999, Double(t + 1)))
                return theta - 0.1 * mHat / (vHat.map { $0.squareRoot() } + 1e-7)
            } },
        ])

    typealias AdamStep = (Tensor, Tensor, inout Tensor, inout Tensor, Int) throws -> Tensor

    /// η = 0.1 (large, so that six steps move θ visibly), β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁷.
    static func checkAdam(_ update: @escaping AdamStep) -> ExerciseOutcome {
        checkOptimizer({
            var state: (m: Tensor, v: Tensor)?
            return { theta, g, t in
                var (m, v) = state ?? (.zeros(like: theta), .zeros(like: theta))
                defer { state = (m, v) }
                return try update(theta, g, &m, &v, t)
            }
        }, library: Adam(learningRate: 0.1), name: "Adam (η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-7)")
    }
}

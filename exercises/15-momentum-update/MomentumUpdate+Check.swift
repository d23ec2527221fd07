import GradLab

extension Exercise {
    /// Exercise 15: a velocity that remembers.
    static let momentumUpdate = Exercise(
        id: "momentum-update", title: "One step of SGD with momentum",
        file: "exercises/15-momentum-update/MomentumUpdate.swift",
        book: "Saitoh 6.1.4", minutes: 10,
        hints: [
            "Two lines: first the velocity, then θ. The velocity must be stored back into `velocity` so the next step sees it.",
            "velocity = momentum * velocity - learningRate * gradient; return theta + velocity",
        ],
        solution: "Sources/GradLab/Training/Optimizers/Momentum.swift: Momentum.update",
        check: { checkMomentum { theta, g, v in try myMomentumUpdate(theta, gradient: g, velocity: &v, learningRate: 0.1, momentum: 0.9) } },
        checkReference: {
            // The library's Momentum keeps its velocity itself, so it ignores the one passed in.
            var momentum = Momentum(learningRate: 0.1, momentum: 0.9)
            return checkMomentum { theta, g, _ in
                var parameters = Parameters([NamedTensor("W", theta)])
                momentum.update(&parameters, with: Parameters([NamedTensor("W", g)]))
                return parameters["W"]
            }
        },
        wrongAnswers: [
            WrongAnswer("no memory: v ← −η·g each step (plain SGD)") { checkMomentum { theta, g, v in
                v = -0.1 * g
                return theta + v
            } },
            WrongAnswer("the velocity not stored back") { checkMomentum { theta, g, v in theta + (0.9 * v - 0.1 * g) } },
        ])

    static func checkMomentum(_ update: @escaping (Tensor, Tensor, inout Tensor) throws -> Tensor) -> ExerciseOutcome {
        checkOptimizer({
            var velocity: Tensor?
            return { theta, g, _ in
                var v = velocity ?? .zeros(like: theta)
                defer { velocity = v }
                return try update(theta, g, &v)
            }
        }, library: Momentum(learningRate: 0.1, momentum: 0.9), name: "Momentum (η = 0.1, α = 0.9)")
    }
}

import GradLab

extension Exercise {
    /// Exercise 14: θ ← θ − η·g.
    static let sgdUpdate = Exercise(
        id: "sgd-update", title: "One step of SGD", file: "exercises/14-sgd-update/SGDUpdate.swift",
        book: "Saitoh 6.1.2", minutes: 5,
        hints: [
            "Tensor arithmetic works element by element, and a number times a tensor scales every element.",
            "return theta - learningRate * gradient",
        ],
        solution: "Sources/GradLab/Training/Optimizers/SGD.swift: SGD.update",
        check: { checkSGD { theta, g in try mySGDUpdate(theta, gradient: g, learningRate: 0.1) } },
        checkReference: { checkSGD { theta, g in
            var parameters = Parameters([NamedTensor("W", theta)])
            var sgd = SGD(learningRate: 0.1)
            sgd.update(&parameters, with: Parameters([NamedTensor("W", g)]))
            return parameters["W"]
        } },
        wrongAnswers: [
            WrongAnswer("stepped uphill: θ + η·g") { checkSGD { theta, g in theta + 0.1 * g } },
            WrongAnswer("forgot the learning rate") { checkSGD { theta, g in theta - g } },
        ])

    static func checkSGD(_ update: @escaping (Tensor, Tensor) throws -> Tensor) -> ExerciseOutcome {
        checkOptimizer({ { theta, g, _ in try update(theta, g) } }, library: SGD(learningRate: 0.1), name: "SGD (η = 0.1)")
    }
}

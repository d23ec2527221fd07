import GradLab

extension Exercise {
    /// Exercise 7: the sigmoid layer's backward, from the output it remembered.
    static let sigmoidBackward = Exercise(
        id: "sigmoid-backward", title: "The sigmoid layer's backward pass",
        file: "exercises/07-sigmoid-backward/SigmoidBackward.swift",
        book: "Saitoh 5.5.2", minutes: 10,
        hints: [
            "The chain rule: dx = dout · σ′(x), element by element.",
            "σ′(x) = σ(x) · (1 − σ(x)) = y · (1 − y): the output forward remembered is all you need.",
            "return dout * y * (1 - y)",
        ],
        solution: "Sources/GradLab/Layers/Sigmoid.swift: Sigmoid.backward",
        check: { checkActivation(ActivationLayer(sigmoid) { dout, _, y in try mySigmoidBackward(dout: dout, output: y) }) },
        checkReference: { checkActivation(ActivationLayer(sigmoid) { Sigmoid() }) },
        wrongAnswers: [
            WrongAnswer("forgot the (1 − y)") { checkActivation(ActivationLayer(sigmoid) { dout, _, y in dout * y }) },
            WrongAnswer("used the input x where the output y belongs") {
                checkActivation(ActivationLayer(sigmoid) { dout, x, _ in dout * x * (1 - x) })
            },
            WrongAnswer("the wrong sign") { checkActivation(ActivationLayer(sigmoid) { dout, _, y in dout * y * (y - 1) }) },
        ])
}

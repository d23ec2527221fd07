import Foundation
import GradLab

extension Exercise {
    /// Exercise 9: the tanh layer's backward, from its output.
    static let tanhBackward = Exercise(
        id: "tanh-backward", title: "The tanh layer's backward pass",
        file: "exercises/09-tanh-backward/TanhBackward.swift",
        book: "Saitoh 5.5 (tanh: Goodfellow 6.3.2)", minutes: 5,
        hints: [
            "dx = dout · tanh′(x), element by element, and tanh′(x) = 1 − y².",
            "Tensor arithmetic works element by element: `y * y` squares every element.",
            "return dout * (1 - y * y)",
        ],
        solution: "Sources/GradLab/Layers/Tanh.swift: Tanh.backward",
        check: { checkActivation(ActivationLayer(Foundation.tanh) { dout, _, y in try myTanhBackward(dout: dout, output: y) }) },
        checkReference: { checkActivation(ActivationLayer(Foundation.tanh) { Tanh() }) },
        wrongAnswers: [
            WrongAnswer("1 − y instead of 1 − y²") { checkActivation(ActivationLayer(Foundation.tanh) { dout, _, y in dout * (1 - y) }) },
            WrongAnswer("the sigmoid's y · (1 − y)") {
                checkActivation(ActivationLayer(Foundation.tanh) { dout, _, y in dout * y * (1 - y) })
            },
        ])
}

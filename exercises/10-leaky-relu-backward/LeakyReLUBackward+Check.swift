import GradLab

extension Exercise {
    /// Exercise 10: the leaky ReLU layer's backward.
    static let leakyReLUBackward = Exercise(
        id: "leaky-relu-backward", title: "The leaky ReLU layer's backward pass",
        file: "exercises/10-leaky-relu-backward/LeakyReLUBackward.swift",
        book: "Saitoh 5.5.1 (leaky ReLU: Maas et al. 2013)", minutes: 5,
        hints: [
            "Like ReLU's mask, but where x ≤ 0 the gradient is not blocked: it is scaled by the slope.",
            "`zip(dout.scalars, x.scalars).map { d, x in x > 0 ? d : slope * d }`, then `Tensor(shape: dout.shape, scalars: …)`.",
        ],
        solution: "Sources/GradLab/Layers/LeakyReLU.swift: LeakyReLU.backward",
        check: { checkActivation(ActivationLayer(leaky) { dout, x, _ in try myLeakyReLUBackward(dout: dout, input: x, slope: 0.1) }) },
        checkReference: { checkActivation(ActivationLayer(leaky) { LeakyReLU(slope: 0.1) }) },
        wrongAnswers: [
            WrongAnswer("plain ReLU's mask: 0 where x ≤ 0") {
                checkActivation(ActivationLayer(leaky) { dout, x, _ in
                    Tensor(shape: dout.shape, scalars: zip(dout.scalars, x.scalars).map { $1 > 0 ? $0 : 0 })
                })
            },
            WrongAnswer("the slope on the wrong side") {
                checkActivation(ActivationLayer(leaky) { dout, x, _ in
                    Tensor(shape: dout.shape, scalars: zip(dout.scalars, x.scalars).map { $1 > 0 ? 0.1 * $0 : $0 })
                })
            },
        ])

    /// Leaky ReLU with slope 0.1, large enough that a missing slope shows.
    static let leaky: @Sendable (Double) -> Double = { leakyReLU($0, slope: 0.1) }
}

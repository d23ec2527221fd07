import GradLab

extension Exercise {
    /// Exercise 8: the ReLU layer's backward, a mask, and its kink.
    static let reluBackward = Exercise(
        id: "relu-backward", title: "The ReLU layer's backward pass, and its kink",
        file: "exercises/08-relu-backward/ReLUBackward.swift",
        book: "Saitoh 5.5.1", minutes: 10,
        hints: [
            "ReLU's slope is 1 where x > 0 and 0 where x < 0, so backward lets dout through where x > 0 and blocks it elsewhere.",
            "Build the elements with zip: `zip(dout.scalars, x.scalars).map { d, x in x > 0 ? d : 0 }`, then `Tensor(shape: dout.shape, scalars: …)`.",
            "At the kink (x = 0) neither 0 nor 1 is the derivative; the numerical gradient sees ½. The checker excuses those elements (\"kinks crossed\"), so either choice passes; the book takes 0.",
        ],
        solution: "Sources/GradLab/Layers/ReLU.swift: ReLU.backward",
        check: { checkReLU { dout, x, _ in try myReLUBackward(dout: dout, input: x) } },
        checkReference: { checkReLU(reference: ReLU.init) },
        wrongAnswers: [
            WrongAnswer("no mask: dout passed everywhere") { checkReLU { dout, _, _ in dout } },
            WrongAnswer("the mask inverted: dout where x ≤ 0") {
                checkReLU { dout, x, _ in Tensor(shape: dout.shape, scalars: zip(dout.scalars, x.scalars).map { $1 <= 0 ? $0 : 0 }) }
            },
        ])

    /// Two elements at the kink: exactly 0, and 3·10⁻⁵ (within h = 10⁻⁴ of it).
    static let kinkInput = Tensor([[0.7, 0, -0.4], [3e-5, -1.3, 1.9]])

    static func checkReLU(_ backward: @escaping @Sendable (Tensor, Tensor, Tensor) throws -> Tensor) -> ExerciseOutcome {
        checkReLU(layer: ActivationLayer(relu, backward: backward))
    }

    static func checkReLU(reference make: @escaping @Sendable () -> ReLU) -> ExerciseOutcome {
        checkReLU(layer: ActivationLayer(relu, reference: make))
    }

    /// Away from the kink first (the mask must be right there), then across it.
    static func checkReLU(layer: ActivationLayer) -> ExerciseOutcome {
        let away = checkActivation(layer)
        guard case .passed = away else { return away }
        let report = checkLayer(layer, input: kinkInput, seed: 1)
        if !report.passed { return .failed("near the kink: " + report.problems.joined(separator: "; ")) }
        return .passed(away.detail + "; across the kink at 0: \(report.kinksCrossed) elements excused, "
                       + "where the numerical gradient straddles the kink")
    }
}

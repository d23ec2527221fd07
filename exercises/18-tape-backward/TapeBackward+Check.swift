import GradLab

extension Exercise {
    /// Exercise 18: division's backward, written with recorded operations.
    static let tapeBackward = Exercise(
        id: "tape-backward", title: "One operation's backward in the gradient tape: a / b",
        file: "exercises/18-tape-backward/TapeBackward.swift",
        book: "Chollet 2.4.4 (tf.GradientTape)", minutes: 15,
        hints: [
            "z = a / b: ∂z/∂a = 1/b and ∂z/∂b = −a/b². The chain rule multiplies each by g.",
            "da = g / b. For db, −g · a / b², written with Variables: `-g * a / (b * b)`.",
            "If the first check passes and the second derivative fails, you computed on `.value` tensors and wrapped the result in `Variable(constant:)`: the tape cannot see through a constant. Use the Variable operators directly.",
        ],
        solution: "Sources/GradLab/Autodiff/Variable+Arithmetic.swift: Variable./ (its backward closure)",
        check: { checkDivide { g, a, b, _ in try myDivideBackward(g, a, b) } },
        checkReference: {
            // The tape's own rule: differentiate Σ g ⊙ (a / b), recording the playback.
            checkDivide { g, a, b, tape in
                let gradients: [Variable] = tape.gradient(of: (g * (a / b)).sum(), withRespectTo: [a, b], keepingGraph: true)
                return (gradients[0], gradients[1])
            }
        },
        wrongAnswers: [
            WrongAnswer("∂/∂b without the minus sign") { checkDivide { g, a, b, _ in (g / b, g * a / (b * b)) } },
            WrongAnswer("∂/∂b as −1/b², forgetting a") { checkDivide { g, _, b, _ in (g / b, -g / (b * b)) } },
            WrongAnswer("computed on .value: right, but invisible to the tape") {
                checkDivide { g, a, b, _ in
                    (Variable(constant: g.value / b.value), Variable(constant: -g.value * a.value / (b.value * b.value)))
                }
            },
        ])

    typealias DivideBackward = (Variable, Variable, Variable, GradientTape) throws -> (da: Variable, db: Variable)

    static func checkDivide(_ backward: DivideBackward) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 18)
        let A = Tensor.randomNormal(shape: [2, 3], using: &generator)
        let B = Tensor.randomNormal(shape: [2, 3], using: &generator).map { $0 > 0 ? $0 + 0.5 : $0 - 0.5 }  // away from 0
        let G = Tensor.randomNormal(shape: [2, 3], using: &generator)
        let tape = GradientTape()
        let (a, b, g) = (tape.watch(A, name: "a"), tape.watch(B, name: "b"), Variable(constant: G))
        return attempt({ try backward(g, a, b, tape) }) { (yours: (da: Variable, db: Variable)) -> ExerciseOutcome in
            guard yours.da.shape == A.shape, yours.db.shape == B.shape else {
                return .failed("da has shape \(yours.da.shape), db \(yours.db.shape); both should be \(A.shape)")
            }
            // First order: the tape's own gradient of Σ g ⊙ (a / b).
            let expected: [Variable] = tape.gradient(of: (g * (a / b)).sum(), withRespectTo: [a, b], keepingGraph: true)
            for (name, mine, theirs) in [("∂L/∂a", yours.da.value, expected[0].value), ("∂L/∂b", yours.db.value, expected[1].value)] {
                if (mine - theirs).norm > 1e-12 * (1 + theirs.norm) {
                    let why = diagnose(yours: mine, numerical: theirs).map { "; " + $0.replacingOccurrences(of: "numerical gradient", with: "tape's") } ?? ""
                    return .failed("\(name): yours \(mine.scalars.prefix(3).map(rounded)) …, the tape's \(theirs.scalars.prefix(3).map(rounded)) …\(why)")
                }
            }
            // Second order: differentiate Σ(da + db) again through your backward. `a · 0` makes
            // sure the sum is recorded even if your backward returned constants.
            let through: [Tensor] = tape.gradient(of: yours.da.sum() + yours.db.sum() + (a * 0).sum(), withRespectTo: [a, b])
            let exact: [Tensor] = tape.gradient(of: expected[0].sum() + expected[1].sum(), withRespectTo: [a, b])
            for (name, (mine, theirs)) in zip(["a", "b"], zip(through, exact)) where (mine - theirs).norm > 1e-10 * (1 + theirs.norm) {
                let none = mine.scalars.allSatisfy { $0 == 0 }
                return .failed("your gradient is right, but differentiating it again with respect to \(name) gives "
                               + (none ? "zero: the tape cannot see inside it. Was it computed on .value and wrapped in Variable(constant:)? "
                                        + "Write it with Variable operations (g / b, …)"
                                      : "\(mine.scalars.prefix(3).map(rounded)) …, expected \(theirs.scalars.prefix(3).map(rounded)) …"))
            }
            return .passed("∂L/∂a and ∂L/∂b agree with the tape's, and so does the second derivative through your backward")
        }
    }
}

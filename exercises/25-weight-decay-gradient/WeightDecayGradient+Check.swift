import Foundation
import GradLab

extension Exercise {
    /// Exercise 25: L2 weight decay, ½ λ Σ W² on the loss and λW on the weights' gradients.
    static let weightDecayGradient = Exercise(
        id: "weight-decay-gradient", title: "Weight decay: the L2 penalty ½λΣW² and its gradient λW, biases left alone",
        file: "exercises/25-weight-decay-gradient/WeightDecayGradient.swift",
        book: "Saitoh 6.4.2; TF notes §7.3", minutes: 15,
        hints: [
            "Go through `parameters.named` and keep the tensors whose `value.rank` is 2: those are the weights. The penalty adds up ½ · lambda · (w * w).sum() for each.",
            "The derivative of ½ λ w² is λ w: the ½ is there to cancel the 2. So each weight's gradient becomes g + λ·W; a bias's stays g.",
            "Parameters(zip(gradient.named, parameters.tensors).map { g, w in NamedTensor(g.name, w.rank == 2 ? g.value + lambda * w : g.value) })",
        ],
        solution: "Sources/GradLab/Networks/WeightDecay.swift: WeightDecay.penalty and WeightDecay.adding(to:at:)",
        check: {
            checkWeightDecay(penalty: { try myWeightDecayPenalty($0, lambda: $1) },
                             gradient: { try myWeightDecayGradient($0, parameters: $1, lambda: $2) })
        },
        checkReference: { checkWeightDecay(penalty: referencePenalty, gradient: referenceDecayGradient) },
        wrongAnswers: [
            WrongAnswer("the penalty without the ½") {
                checkWeightDecay(penalty: { 2 * referencePenalty($0, $1) }, gradient: referenceDecayGradient)
            },
            WrongAnswer("the penalty summed over the biases too") {
                checkWeightDecay(penalty: { parameters, lambda in parameters.tensors.reduce(0) { $0 + 0.5 * lambda * ($1 * $1).sum() } },
                                 gradient: referenceDecayGradient)
            },
            WrongAnswer("2λW: the ½ forgotten in the gradient") {
                checkWeightDecay(penalty: referencePenalty) { gradient, parameters, _ in
                    decayed(gradient, parameters) { g, w in w.rank == 2 ? g + 2 * weightDecayLambda * w : g }
                }
            },
            WrongAnswer("the biases decayed too") {
                checkWeightDecay(penalty: referencePenalty) { gradient, parameters, _ in
                    decayed(gradient, parameters) { g, w in g + weightDecayLambda * w }
                }
            },
            WrongAnswer("λW in place of the loss's gradient") {
                checkWeightDecay(penalty: referencePenalty) { gradient, parameters, _ in
                    decayed(gradient, parameters) { g, w in w.rank == 2 ? weightDecayLambda * w : g }
                }
            },
            WrongAnswer("λW subtracted") {
                checkWeightDecay(penalty: referencePenalty) { gradient, parameters, _ in
                    decayed(gradient, parameters) { g, w in w.rank == 2 ? g - weightDecayLambda * w : g }
                }
            },
        ])

    /// The library's L2 penalty.
    static let referencePenalty: @Sendable (Parameters, Double) -> Double = { WeightDecay(l2: $1).penalty($0) }

    /// The library's L2 gradient.
    static let referenceDecayGradient: @Sendable (Parameters, Parameters, Double) -> Parameters = {
        WeightDecay(l2: $2).adding(to: $0, at: $1)
    }

    /// `gradient` with each tensor g replaced by `rule(g, w)`: how the wrong answers are written.
    static func decayed(_ gradient: Parameters, _ parameters: Parameters, _ rule: (Tensor, Tensor) -> Tensor) -> Parameters {
        Parameters(zip(gradient.named, parameters.tensors).map { NamedTensor($0.name, rule($0.value, $1)) })
    }

    /// λ in the check: large enough that the penalty's part of the gradient is plain to see.
    static let weightDecayLambda = 0.3

    /// ½ λ Σ W² over the rank-2 tensors, element by element: the check's own closed form.
    static func closedFormPenalty(_ parameters: Parameters, lambda: Double) -> Double {
        var total = 0.0
        for tensor in parameters.tensors where tensor.rank == 2 {
            for w in tensor.scalars { total += 0.5 * lambda * w * w }
        }
        return total
    }

    /// What a wrong gradient of one tensor has added or left out, in terms of λ·θ and the loss's
    /// own gradient.
    static func weightDecayDiagnosis(name: String, yours: Tensor, numerical: Tensor, loss g: Tensor, value w: Tensor) -> String? {
        let difference = yours - numerical, lambdaW = weightDecayLambda * w
        let matches: (Tensor) -> Bool = { (difference - $0).norm <= 1e-5 * ($0.norm + numerical.norm) }
        if w.rank < 2 && matches(lambdaW) { return "\(name) is a bias, and it was decayed: biases are not decayed, their gradient stays ∂L/∂\(name)" }
        if w.rank == 2 && matches(-lambdaW) { return "the penalty's gradient λ·\(name) is missing" }
        if w.rank == 2 && matches(lambdaW) {
            return "yours exceeds it by λ·\(name) exactly: the gradient of ½ λ Σ W² is λW, not 2λW (the ½ cancels the square's 2)"
        }
        if w.rank == 2 && matches(-2 * lambdaW) { return "yours falls short by 2λ·\(name): λW is added to the gradient, not subtracted" }
        if matches(-g) { return "yours is λ·\(name) alone: add it to the loss's gradient ∂L/∂\(name), do not replace it" }
        return nil
    }

    /// A 3-4-3 network (tanh), batch of 5, weights and biases drawn at random (biases not 0, so
    /// that decaying them shows).
    static func checkWeightDecay(penalty: @escaping (Parameters, Double) throws -> Double,
                                 gradient: @escaping (Parameters, Parameters, Double) throws -> Parameters) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 25)
        let network = Sequential([
            Affine(weight: Tensor.randomNormal(shape: [3, 4], using: &generator), bias: Tensor.randomNormal(shape: [4], using: &generator)),
            Tanh(),
            Affine(weight: Tensor.randomNormal(shape: [4, 3], using: &generator), bias: Tensor.randomNormal(shape: [3], using: &generator)),
        ])
        let x = Tensor.randomNormal(shape: [5, 3], using: &generator)
        let t = oneHot([0, 2, 1, 1, 0], classes: 3)
        let parameters = network.parameters, lambda = weightDecayLambda
        return checkParts([
            ("myWeightDecayPenalty", {
                attempt({ try penalty(parameters, lambda) }) { yours in
                    let expected = closedFormPenalty(parameters, lambda: lambda)
                    if abs(yours - expected) <= 1e-12 * expected {
                        return .passed("the penalty ½ λ Σ W² = \(rounded(expected)) (λ = \(lambda), over W1 and W2)")
                    }
                    let all = parameters.tensors.reduce(0) { $0 + 0.5 * lambda * ($1 * $1).sum() }
                    let why = abs(yours - 2 * expected) <= 1e-9 * expected ? ": that is λ Σ W², twice the penalty; the ½ is there so that its gradient is λW"
                        : abs(yours - all) <= 1e-9 * all ? ": that includes the biases b1 and b2; only the weights (rank 2) are decayed"
                        : abs(yours * lambda - expected) <= 1e-9 * expected ? ": λ is missing" : ""
                    return .failed("λ = \(lambda): yours is \(yours), ½ λ Σ W² over W1 and W2 is \(expected)\(why)")
                }
            }),
            ("myWeightDecayGradient", {
                let lossGradient = network.gradient(x, t).gradient
                return attempt({ try gradient(lossGradient, parameters, lambda) }) { yours in
                    guard yours.names == parameters.names else {
                        return .failed("the gradient's names are \(yours.names); they should be \(parameters.names), in that order")
                    }
                    for (name, (p, g)) in zip(parameters.names, zip(parameters.tensors, yours.tensors)) where p.shape != g.shape {
                        return .failed("\(name): the gradient has shape \(g.shape), the parameter \(p.shape)")
                    }
                    // The numerical gradient of the whole objective, L + ½ λ Σ W², in the check's own terms.
                    let total: (Parameters) -> Double = { candidate in
                        var copy = network
                        copy.parameters = candidate
                        return copy.loss(x, t, mode: .training) + closedFormPenalty(candidate, lambda: lambda)
                    }
                    let numerical = GradLab.numericalGradient(of: total, at: parameters)
                    for name in parameters.names {
                        let outcome = judgeGradient(name, yours: yours[name], numerical: numerical[name], loss: total(parameters))
                        guard case .failed(let text) = outcome else { continue }
                        if let why = weightDecayDiagnosis(name: name, yours: yours[name], numerical: numerical[name],
                                                          loss: lossGradient[name], value: parameters[name]) {
                            return .failed(text.components(separatedBy: "; yours").first! + "; " + why)
                        }
                        return .failed(text)
                    }
                    return .passed("W1, b1, W2, b2 agree with the numerical gradient of L + ½ λ Σ W²; "
                                   + "an SGD step now shrinks each weight by the factor 1 − ηλ before the usual step")
                }
            }),
        ])
    }
}

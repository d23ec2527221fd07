import Foundation
import GradLab

extension Exercise {
    /// Exercise 12: the gradient of softmax with cross-entropy, and the division by N.
    static let softmaxWithLossBackward = Exercise(
        id: "softmax-with-loss-backward", title: "The gradient of softmax with cross-entropy, and the division by N",
        file: "exercises/12-softmax-with-loss-backward/SoftmaxWithLossBackward.swift",
        book: "Saitoh 5.6.3 and appendix A", minutes: 10,
        hints: [
            "For one sample the gradient of −Σ t log softmax(a) with respect to a is y − t: softmax and cross-entropy were made for each other.",
            "The loss is the mean over N samples, so every sample's gradient is divided by N. N is the number of rows: y.shape[0].",
            "return (y - t) / Double(y.shape[0])",
        ],
        solution: "Sources/GradLab/Layers/Losses/SoftmaxWithLoss.swift: SoftmaxWithLoss.backward",
        check: { checkSoftmaxWithLoss { try mySoftmaxWithLossBackward(probabilities: $0, targets: $1) } },
        checkReference: { checkSoftmaxWithLoss { y, t in
            var layer = SoftmaxWithLoss()
            _ = layer.forward(y.map { log($0) }, t)  // log-probabilities are valid scores
            return layer.backward()
        } },
        wrongAnswers: [
            WrongAnswer("forgot to divide by the batch size N") { checkSoftmaxWithLoss { y, t in y - t } },
            WrongAnswer("t − y: the wrong sign") { checkSoftmaxWithLoss { y, t in (t - y) / Double(y.shape[0]) } },
            WrongAnswer("divided by the number of classes") { checkSoftmaxWithLoss { y, t in (y - t) / Double(y.shape[1]) } },
        ])

    /// A batch of 5 samples over 4 classes: N = 5 and C = 4, so /N and /C tell apart.
    static func checkSoftmaxWithLoss(_ implementation: (Tensor, Tensor) throws -> Tensor) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 4)
        let scores = Tensor.randomNormal(shape: [5, 4], using: &generator)
        let t = oneHot([1, 0, 3, 3, 2], classes: 4)
        return attempt({ try implementation(softmax(scores), t) }) { gradient in
            guard gradient.shape == scores.shape else { return .failed("gradient has shape \(gradient.shape), scores \(scores.shape)") }
            let numeric = GradLab.numericalGradient(of: { softmaxCrossEntropy(scores: $0, t) }, at: scores)
            return judgeGradient("scores", yours: gradient, numerical: numeric,
                                 loss: softmaxCrossEntropy(scores: scores, t), batch: scores.shape[0])
        }
    }
}

import Foundation
import GradLab

extension Exercise {
    /// Exercise 37: the backward pass of sigmoid with binary cross-entropy, the autoencoder's loss.
    static let sigmoidBCEBackward = Exercise(
        id: "sigmoid-bce-backward", title: "The gradient of sigmoid with binary cross-entropy on logits",
        file: "exercises/37-sigmoid-bce-backward/SigmoidBCEBackward.swift",
        book: "TF notes §10 (autoencoders); Keras BinaryCrossentropy(from_logits=True)", minutes: 15,
        hints: [
            "For one element, d/dz of −[t log σ(z) + (1 − t) log(1 − σ(z))] is σ(z) − t: use σ′ = σ(1 − σ) and the two logs cancel it.",
            "The loss is the mean over every element, all M = N × K of them, so each element's gradient is divided by M = z.count, not by the rows N.",
            "return (sigmoid(z) - t) * (1 / Double(z.count))",
        ],
        solution: "Sources/GradLab/Layers/Losses/SigmoidWithBinaryCrossEntropy.swift: SigmoidWithBinaryCrossEntropy.backward",
        check: { checkSigmoidBCE { try mySigmoidBCEBackward(logits: $0, targets: $1) } },
        checkReference: { checkSigmoidBCE { z, t in
            var layer = SigmoidWithBinaryCrossEntropy()
            _ = layer.forward(z, t)
            return layer.backward()
        } },
        wrongAnswers: [
            WrongAnswer("divided by the rows N, not by every element M") { checkSigmoidBCE { z, t in (sigmoid(z) - t) * (1 / Double(z.shape[0])) } },
            WrongAnswer("forgot to divide") { checkSigmoidBCE { z, t in sigmoid(z) - t } },
            WrongAnswer("t − σ(z): the wrong sign") { checkSigmoidBCE { z, t in (t - sigmoid(z)) * (1 / Double(z.count)) } },
            WrongAnswer("z − t: the sigmoid left out") { checkSigmoidBCE { z, t in (z - t) * (1 / Double(z.count)) } },
        ])

    /// The mean binary cross-entropy of σ(z) against t, by its first formula (logs of σ): the
    /// check's own loss, written independently of the library's stable one.
    static func binaryCrossEntropy(_ z: Tensor, _ t: Tensor) -> Double {
        zip(z.scalars, t.scalars).reduce(0) { sum, pair in
            let p = 1 / (1 + exp(-pair.0))
            return sum - (pair.1 * log(p) + (1 - pair.1) * log(1 - p))
        } / Double(z.count)
    }

    /// 3 rows of 4 pixels (N = 3, M = 12), targets in [0, 1] like an image's; an answer that
    /// differs is compared with the known mistakes before the numerical gradient speaks.
    static func checkSigmoidBCE(_ implementation: (Tensor, Tensor) throws -> Tensor) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 29)
        let z = Tensor.randomNormal(shape: [3, 4], using: &generator) * 2
        let t = Tensor(shape: [3, 4], scalars: (0..<12).map { _ in generator.nextUniform() })
        return attempt({ try implementation(z, t) }) { gradient in
            guard gradient.shape == z.shape else { return .failed("gradient has shape \(gradient.shape), the logits \(z.shape)") }
            let right = (sigmoid(z) - t) * (1 / 12.0)
            let known: [(Tensor, String)] = [
                (right * 4, "yours is (σ(z) − t) / N with N = 3 rows; the loss is the mean over every element, so divide by M = N × K = 12"),
                (right * 12, "yours is σ(z) − t without the division: the loss is a mean over M = 12 elements, so divide by 12"),
                (right * -1, "yours is t − σ(z), the wrong sign: the loss grows as σ(z) moves away from t"),
                ((z - t) * (1 / 12.0), "yours is (z − t) / M: the prediction is σ(z), not the logit z"),
            ]
            if (gradient - right).norm > 1e-9 * right.norm,
               let (_, message) = known.first(where: { (gradient - $0.0).norm <= 1e-9 * $0.0.norm }) {
                return .failed(message)
            }
            let numeric = GradLab.numericalGradient(of: { binaryCrossEntropy($0, t) }, at: z)
            return judgeGradient("logits", yours: gradient, numerical: numeric, loss: binaryCrossEntropy(z, t))
        }
    }
}

import Foundation

/// The sigmoid followed by binary cross-entropy, computed from the logits z in one stable
/// formula: Keras's `BinaryCrossentropy(from_logits=True)`, TensorFlow's
/// `sigmoid_cross_entropy_with_logits`.
///
/// ```
/// forward:   p = σ(z),   L = −(1/M) Σᵢ [tᵢ log pᵢ + (1 − tᵢ) log(1 − pᵢ)]
///              = (1/M) Σᵢ [max(zᵢ, 0) − zᵢ tᵢ + log(1 + e^−|zᵢ|)]     over all M = N × K elements
/// backward:  dz = dout · (σ(z) − t) / M
/// ```
///
/// The second line is the first with log σ(z) = −log(1 + e⁻ᶻ) written so that no exponential
/// overflows and no log sees 0. As with softmax and cross-entropy, the pair's derivative is a
/// plain difference. Every output is its own yes/no (or a pixel's brightness in [0, 1], as an
/// autoencoder reconstructs); targets are class indices (made one-hot) or a tensor shaped like z.
public struct SigmoidWithBinaryCrossEntropy: LossLayer {
    private var cache: (probabilities: Tensor, targets: Tensor, elements: Int)?

    /// Creates the layer.
    public init() {}

    /// The mean binary cross-entropy of σ(z) against t, over every element.
    public mutating func forward(_ scores: Tensor, _ t: Tensor) -> Double {
        let target = targets(t, like: scores, "SigmoidWithBinaryCrossEntropy.forward")
        precondition(target.shape == scores.shape,
                     "SigmoidWithBinaryCrossEntropy.forward: targets \(target.shape) do not match scores \(scores.shape)")
        let elements = Swift.max(scores.count, 1)
        cache = (sigmoid(scores), target, elements)
        let total = zip(scores.scalars, target.scalars).reduce(0.0) { sum, pair in
            let (z, t) = pair
            return sum + Swift.max(z, 0) - z * t + log1p(exp(-abs(z)))
        }
        return total / Double(elements)
    }

    /// dout · (σ(z) − t) / M.
    public func backward(_ dout: Double) -> Tensor {
        guard let (p, t, elements) = cache else {
            preconditionFailure("SigmoidWithBinaryCrossEntropy.backward called before forward")
        }
        return (p - t) * (dout / Double(elements))
    }

    /// σ(z): each output's probability.
    public func prediction(_ scores: Tensor) -> Tensor { sigmoid(scores) }

    /// (softplus(z) − z·t).mean() on the tape: softplus(z) = log(1 + eᶻ) = −log(1 − σ(z)).
    public func loss(_ scores: Variable, _ t: Tensor) -> Variable {
        let target = Variable(constant: targets(t, like: scores.value, "SigmoidWithBinaryCrossEntropy.loss(on:)"))
        return (softplus(scores) - scores * target).mean()
    }

    /// "sigmoidWithBinaryCrossEntropy".
    public var summaryName: String { "sigmoidWithBinaryCrossEntropy" }
}

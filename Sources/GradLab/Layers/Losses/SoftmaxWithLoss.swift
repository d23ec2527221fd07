/// Softmax followed by the cross-entropy loss, as one layer: the book's `SoftmaxWithLoss`.
///
/// ```
/// forward:   y = softmax(a),  L = −(1/N) Σₙ Σₖ tₙₖ log yₙₖ     (a: scores N×C, t: targets)
/// backward:  da = (y − t) / N
/// ```
///
/// The gradient is that simple because softmax and cross-entropy were made for each other.
/// The loss is computed from the scores in log-sum-exp form (`softmaxCrossEntropy`), without
/// the book's δ = 10⁻⁷ inside the log: with δ, (y − t)/N is no longer the exact derivative of
/// the loss, and numeric and backprop gradients disagree by a relative 10⁻⁷-ish (about 5·10⁻⁷
/// on MNIST). Set `delta` to 10⁻⁷ to reproduce the book's loss and see that disagreement.
public struct SoftmaxWithLoss: LossLayer {
    /// δ added inside the log (default 0: the exact cross-entropy). The book uses 10⁻⁷.
    public var delta: Double
    private var cache: (probabilities: Tensor, targets: Tensor, samples: Int)?

    /// Creates the layer; `delta` = 0 gives the exact cross-entropy.
    public init(delta: Double = 0) {
        self.delta = delta
    }

    /// The probabilities from the last `forward`.
    public var probabilities: Tensor? { cache?.probabilities }

    /// The mean cross-entropy of softmax(scores) against `t` (one-hot rows or class indices).
    public mutating func forward(_ scores: Tensor, _ t: Tensor) -> Double {
        let y = softmax(scores)
        let samples = scores.rank == 1 ? 1 : scores.shape[0]
        // Store targets one-hot, so backward is a plain subtraction.
        let targets = classIndices(of: t, for: scores, "SoftmaxWithLoss.forward")
            .map { oneHot($0, classes: scores.shape[scores.rank - 1]).reshaped(scores.shape) } ?? t
        cache = (y, targets, samples)
        return delta == 0 ? softmaxCrossEntropy(scores: scores, t) : crossEntropyError(y, t, delta: delta)
    }

    /// dL/dscores = dout · (y − t) / N.
    public func backward(_ dout: Double) -> Tensor {
        guard let (y, t, samples) = cache else {
            preconditionFailure("SoftmaxWithLoss.backward called before forward")
        }
        let scale = dout / Double(samples)
        return Tensor(shape: y.shape, scalars: zip(y.scalars, t.scalars).map { ($0 - $1) * scale })
    }

    /// softmax(scores): each row a probability distribution over the classes.
    public func prediction(_ scores: Tensor) -> Tensor { softmax(scores) }

    /// The mean cross-entropy in log-sum-exp form, on the tape.
    ///
    /// - Precondition: `delta` is 0 (the tape has no δ inside the log).
    public func loss(_ scores: Variable, _ t: Tensor) -> Variable {
        precondition(delta == 0, "SoftmaxWithLoss.loss(on:): the tape's loss has no δ; this layer's is \(delta)")
        let labels = classIndices(of: t, predictionShape: scores.shape, "SoftmaxWithLoss.loss(on:)") ?? t.argmax()
        return softmaxCrossEntropy(scores: scores, labels: labels)
    }

    /// "softmaxWithLoss".
    public var summaryName: String { "softmaxWithLoss" }
}

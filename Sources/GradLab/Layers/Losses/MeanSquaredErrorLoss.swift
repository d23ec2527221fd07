import Foundation

/// The mean squared error of the scores against the targets, as a network's last layer: Keras's
/// `loss="mse"`.
///
/// ```
/// forward:   L = (1/M) Σᵢ (yᵢ − tᵢ)²          over all M = N × K elements (y: scores N×K)
/// backward:  dy = dout · 2 (y − t) / M
/// ```
///
/// This is Keras's mean over every element. The book's `mean_squared_error` is ½ Σ (y − t)²
/// summed over a sample, whose gradient is plain y − t; the two differ by the constant factor
/// 2/M, which changes the best learning rate but not where the minimum is. Targets are class
/// indices (made one-hot) or any tensor shaped like the scores (an autoencoder's images).
public struct MeanSquaredErrorLoss: LossLayer {
    private var cache: (difference: Tensor, elements: Int)?

    /// Creates the layer.
    public init() {}

    /// The mean of (y − t)² over every element.
    public mutating func forward(_ scores: Tensor, _ t: Tensor) -> Double {
        let target = targets(t, like: scores, "MeanSquaredErrorLoss.forward")
        precondition(target.shape == scores.shape,
                     "MeanSquaredErrorLoss.forward: targets \(target.shape) do not match scores \(scores.shape)")
        let difference = scores - target
        cache = (difference, Swift.max(scores.count, 1))
        return difference.scalars.reduce(0) { $0 + $1 * $1 } / Double(Swift.max(scores.count, 1))
    }

    /// dout · 2 (y − t) / M.
    public func backward(_ dout: Double) -> Tensor {
        guard let (difference, elements) = cache else {
            preconditionFailure("MeanSquaredErrorLoss.backward called before forward")
        }
        return difference * (2 * dout / Double(elements))
    }

    /// The scores themselves: a regression predicts its outputs.
    public func prediction(_ scores: Tensor) -> Tensor { scores }

    /// ((y − t)²).mean() on the tape.
    public func loss(_ scores: Variable, _ t: Tensor) -> Variable {
        let difference = scores - Variable(constant: targets(t, like: scores.value, "MeanSquaredErrorLoss.loss(on:)"))
        return (difference * difference).mean()
    }

    /// "meanSquaredError".
    public var summaryName: String { "meanSquaredError" }
}

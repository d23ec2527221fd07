/// The last layer of a network: turns its scores into one number to minimise, and starts the
/// backward pass with dL/dscores.
///
/// ```
/// forward(scores, t) → L          t: class indices, one-hot rows, or any targets shaped like scores
/// backward(dout)     → dL/dscores = dout · ∂L/∂scores
/// prediction(scores)              what the network outputs: probabilities, or the scores themselves
/// ```
///
/// Three are defined, one per kind of target (`LossKind` names them for the command line):
/// `SoftmaxWithLoss` (one class per sample), `SigmoidWithBinaryCrossEntropy` (each output a
/// yes/no, or a pixel in [0, 1]) and `MeanSquaredErrorLoss` (any real targets). Each pairs an
/// output function with the loss it was made for, so that backward is a plain subtraction.
public protocol LossLayer: Sendable {
    /// The loss of the predictions made from `scores` against targets `t`; remembers what
    /// `backward` needs.
    mutating func forward(_ scores: Tensor, _ t: Tensor) -> Double

    /// dL/dscores for the last `forward`, times `dout` (1 when L is the loss itself).
    func backward(_ dout: Double) -> Tensor

    /// The network's output from its scores: softmax probabilities, sigmoid probabilities, or
    /// the scores unchanged.
    func prediction(_ scores: Tensor) -> Tensor

    /// The same loss recorded on a gradient tape, so that the tape finds dL/dscores by itself.
    func loss(_ scores: Variable, _ t: Tensor) -> Variable

    /// The name `summary()` prints in its last row ("softmaxWithLoss", …).
    var summaryName: String { get }
}

extension LossLayer {
    /// dL/dscores for the last `forward`.
    public func backward() -> Tensor {
        backward(1)
    }
}

/// The loss layers by the names the command line uses (`--loss`).
public enum LossKind: String, Sendable, CaseIterable {
    /// Softmax with the cross-entropy loss: one class per sample (the default).
    case crossEntropy = "cross-entropy"
    /// Mean squared error of the scores themselves.
    case meanSquaredError = "mse"
    /// Sigmoid with binary cross-entropy on the logits.
    case binaryCrossEntropy = "binary-cross-entropy"

    /// A fresh loss layer of this kind.
    public func make() -> any LossLayer {
        switch self {
        case .crossEntropy: SoftmaxWithLoss()
        case .meanSquaredError: MeanSquaredErrorLoss()
        case .binaryCrossEntropy: SigmoidWithBinaryCrossEntropy()
        }
    }

    /// The kind of `layer`, or nil for a loss layer defined elsewhere.
    public init?(_ layer: any LossLayer) {
        switch layer {
        case is SoftmaxWithLoss: self = .crossEntropy
        case is MeanSquaredErrorLoss: self = .meanSquaredError
        case is SigmoidWithBinaryCrossEntropy: self = .binaryCrossEntropy
        default: return nil
        }
    }
}

/// Targets as a tensor shaped like `scores`: one-hot rows when `t` holds class indices, `t`
/// itself when it already has the scores' shape (one-hot rows, or an image to reconstruct).
func targets(_ t: Tensor, like scores: Tensor, _ caller: String) -> Tensor {
    guard let indices = classIndices(of: t, predictionShape: scores.shape, caller) else { return t }
    return oneHot(indices, classes: scores.shape[scores.rank - 1]).reshaped(scores.shape)
}

/// An update rule that moves parameters against their gradients.
///
/// Each optimizer is a small value type with its rule in its documentation. It keeps
/// per-parameter state (a velocity, a running average of squared gradients, …) keyed by the
/// parameter's name, so the same optimizer serves any network. `state` and `load(_:)` save and
/// restore that state, for checkpoints (docs/14-models-that-last.md).
public protocol Optimizer: Sendable {
    /// The step size η.
    var learningRate: Double { get set }

    /// One step: updates every tensor of `parameters` from the tensor of the same name in
    /// `gradient`.
    ///
    /// - Precondition: `gradient` has the names and shapes of `parameters`.
    mutating func update(_ parameters: inout Parameters, with gradient: Parameters)

    /// Everything the next `update` depends on besides the parameters and the gradient: the
    /// per-parameter tensors (a velocity, running averages) and the numbers (η, Adam's step
    /// count). A checkpoint saves it; ``load(_:)`` puts it back.
    var state: OptimizerState { get }

    /// Replaces the optimizer's state with `state`, as saved from an optimizer of the same kind:
    /// after it, `update` continues exactly where the saved optimizer left off.
    ///
    /// - Throws: ``OptimizerStateError`` if `state` lacks a number or slot this optimizer keeps,
    ///   or has one it does not know; the optimizer is unchanged then.
    mutating func load(_ state: OptimizerState) throws(OptimizerStateError)
}

/// The optimizers GradLab offers by name, with their customary default learning rates.
public enum OptimizerKind: String, Sendable, CaseIterable {
    /// Plain stochastic gradient descent.
    case sgd
    /// SGD with momentum.
    case momentum
    /// AdaGrad.
    case adagrad
    /// RMSprop.
    case rmsprop
    /// Adam.
    case adam

    /// The customary default learning rate: SGD 0.1 (the book's recipe), Momentum and AdaGrad
    /// 0.01 (the book's chapter 6), RMSprop and Adam 0.001 (Keras).
    public var defaultLearningRate: Double {
        switch self {
        case .sgd: 0.1
        case .momentum, .adagrad: 0.01
        case .rmsprop, .adam: 0.001
        }
    }

    /// The kind of `optimizer`, or nil for an optimizer GradLab does not name.
    public init?(_ optimizer: any Optimizer) {
        switch optimizer {
        case is SGD: self = .sgd
        case is Momentum: self = .momentum
        case is AdaGrad: self = .adagrad
        case is RMSprop: self = .rmsprop
        case is Adam: self = .adam
        default: return nil
        }
    }

    /// A fresh optimizer of this kind.
    public func make(learningRate: Double? = nil) -> any Optimizer {
        let rate = learningRate ?? defaultLearningRate
        switch self {
        case .sgd: return SGD(learningRate: rate)
        case .momentum: return Momentum(learningRate: rate)
        case .adagrad: return AdaGrad(learningRate: rate)
        case .rmsprop: return RMSprop(learningRate: rate)
        case .adam: return Adam(learningRate: rate)
        }
    }
}

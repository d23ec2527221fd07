/// An update rule that moves parameters against their gradients.
///
/// Each optimizer is a small value type with its rule in its documentation. It keeps per-parameter
/// state (a velocity, a running average of squared gradients, …) in slots numbered by the
/// parameter's position, so the same optimizer serves any list of tensors.
public protocol Optimizer: Sendable {
    /// The step size η.
    var learningRate: Double { get set }

    /// Updates one parameter in place from its gradient. `slot` identifies the parameter across
    /// calls (0 for W1, 1 for b1, …) so that stateful rules find their state.
    mutating func update(_ parameter: inout Tensor, gradient: Tensor, slot: Int)

    /// Called once per training step, before the parameters are updated (Adam counts steps).
    mutating func beginStep()
}

extension Optimizer {
    /// Most rules do not count steps.
    public mutating func beginStep() {}

    /// Updates all four tensors of a `TwoLayerNet` from a gradient of the same shape.
    public mutating func update(_ parameters: inout TwoLayerNet.Parameters, with gradient: TwoLayerNet.Parameters) {
        beginStep()
        for (slot, keyPath) in TwoLayerNet.Parameters.keyPaths.enumerated() {
            update(&parameters[keyPath: keyPath], gradient: gradient[keyPath: keyPath], slot: slot)
        }
    }
}

/// Per-slot state for stateful optimizers: one buffer per parameter, created as zeros on first use.
struct OptimizerState: Sendable {
    private var buffers: [[Double]] = []

    /// Runs `body` with slot `slot`'s buffer of `count` elements (zeros the first time).
    mutating func withBuffer<R>(_ slot: Int, count: Int, _ body: (inout [Double]) -> R) -> R {
        while buffers.count <= slot { buffers.append([]) }
        if buffers[slot].count != count { buffers[slot] = [Double](repeating: 0, count: count) }
        return body(&buffers[slot])
    }
}

/// Checks that a parameter and its gradient have the same shape.
func checkShapes(_ parameter: Tensor, _ gradient: Tensor, _ name: String) {
    precondition(parameter.shape == gradient.shape,
                 "\(name).update: parameter \(parameter.shape) and gradient \(gradient.shape) differ in shape")
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

// Swift's own automatic differentiation (the `_Differentiation` module), where the toolchain
// has it: the swift.org toolchains for Linux do, Xcode's does not. Everything here is behind
// `#if canImport(_Differentiation)`; elsewhere `SwiftAutodiff.isAvailable` is false and the
// runner says so.

import GradLab

/// Swift's compiler-generated derivatives, as one more way to the gradient.
public enum SwiftAutodiff {
    /// Whether this build has Swift's `_Differentiation` module.
    public static var isAvailable: Bool {
        #if canImport(_Differentiation)
        true
        #else
        false
        #endif
    }
}

#if canImport(_Differentiation)
import _Differentiation

/// A tensor the compiler can differentiate: a `Tensor`, or the zero of any shape (`nil`), which
/// is what the compiler starts a gradient from before it knows the shape.
public struct DifferentiableTensor: Differentiable, AdditiveArithmetic {
    /// The value; nil is zero of every shape.
    @noDerivative public var tensor: Tensor?

    /// Wraps a tensor.
    public init(_ tensor: Tensor?) { self.tensor = tensor }

    /// Its own tangent: a gradient is shaped like the value.
    public typealias TangentVector = DifferentiableTensor

    /// Zero of any shape.
    public static var zero: DifferentiableTensor { DifferentiableTensor(nil) }

    /// The sum; zero leaves the other side unchanged.
    public static func + (a: DifferentiableTensor, b: DifferentiableTensor) -> DifferentiableTensor {
        guard let x = a.tensor else { return b }
        guard let y = b.tensor else { return a }
        return DifferentiableTensor(x + y)
    }

    /// The difference; zero leaves the other side (negated) unchanged.
    public static func - (a: DifferentiableTensor, b: DifferentiableTensor) -> DifferentiableTensor {
        guard let y = b.tensor else { return a }
        guard let x = a.tensor else { return DifferentiableTensor(-y) }
        return DifferentiableTensor(x - y)
    }

    /// Moves the value by a tangent: gradient descent's step.
    public mutating func move(by offset: DifferentiableTensor) {
        self = self + offset
    }

    /// The value, which must not be the shapeless zero.
    var value: Tensor {
        guard let tensor else { preconditionFailure("DifferentiableTensor: the zero of unknown shape has no value") }
        return tensor
    }
}

/// x · W + b, with its pullback (dx, dW, db) = (g · Wᵀ, xᵀ · g, Σₙ g).
@differentiable(reverse)
func affine(_ x: DifferentiableTensor, _ W: DifferentiableTensor, _ b: DifferentiableTensor) -> DifferentiableTensor {
    DifferentiableTensor(x.value.matmul(W.value) + b.value)
}

@derivative(of: affine)
func affineVJP(_ x: DifferentiableTensor, _ W: DifferentiableTensor, _ b: DifferentiableTensor)
    -> (value: DifferentiableTensor, pullback: (DifferentiableTensor) -> (DifferentiableTensor, DifferentiableTensor, DifferentiableTensor)) {
    (affine(x, W, b), { g in
        let g = g.value
        return (DifferentiableTensor(Tensor.matmul(g, W.value, transposeB: true)),
                DifferentiableTensor(Tensor.matmul(x.value, transposeA: true, g)),
                DifferentiableTensor(g.sum(alongAxis: 0)))
    })
}

/// The hidden activation of every element, with its pullback g ⊙ σ′ written with the output.
@differentiable(reverse, wrt: x)
func activate(_ x: DifferentiableTensor, _ activation: HiddenActivation) -> DifferentiableTensor {
    DifferentiableTensor(x.value.map { activation($0) })
}

@derivative(of: activate, wrt: x)
func activateVJP(_ x: DifferentiableTensor, _ activation: HiddenActivation)
    -> (value: DifferentiableTensor, pullback: (DifferentiableTensor) -> DifferentiableTensor) {
    let y = activate(x, activation).value
    return (DifferentiableTensor(y), { g in
        DifferentiableTensor(Tensor(shape: y.shape, scalars: zip(g.value.scalars, y.scalars).map { $0 * activation.derivative(output: $1) }))
    })
}

/// The mean softmax cross-entropy of scores against targets, with its pullback g · (softmax − t)/N.
@differentiable(reverse, wrt: scores)
func crossEntropy(_ scores: DifferentiableTensor, _ t: Tensor) -> Double {
    softmaxCrossEntropy(scores: scores.value, t)
}

@derivative(of: crossEntropy, wrt: scores)
func crossEntropyVJP(_ scores: DifferentiableTensor, _ t: Tensor)
    -> (value: Double, pullback: (Double) -> DifferentiableTensor) {
    var layer = SoftmaxWithLoss()
    let loss = layer.forward(scores.value, t)
    return (loss, { g in DifferentiableTensor(layer.backward(g)) })
}

/// The book's four tensors, differentiable together.
public struct TwoLayerWeights: Differentiable {
    /// First layer's weight and bias.
    public var W1, b1: DifferentiableTensor
    /// Second layer's weight and bias.
    public var W2, b2: DifferentiableTensor
}

extension SwiftAutodiff {
    /// The loss and ∂L/∂(W1, b1, W2, b2) of a two-layer network, by `valueWithGradient`: the
    /// compiler differentiates the loss function below, written as plain forward code; only
    /// the four primitives (affine, activation, cross-entropy) carry hand-written derivatives.
    public static func gradient(of net: TwoLayerNet, _ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
        let p = net.parameters
        let weights = TwoLayerWeights(W1: DifferentiableTensor(p["W1"]), b1: DifferentiableTensor(p["b1"]),
                                      W2: DifferentiableTensor(p["W2"]), b2: DifferentiableTensor(p["b2"]))
        let input = DifferentiableTensor(x)
        let activation = net.activation
        let (loss, g) = valueWithGradient(at: weights) { w -> Double in
            let hidden = activate(affine(input, w.W1, w.b1), activation)
            return crossEntropy(affine(hidden, w.W2, w.b2), t)
        }
        let named = zip(["W1", "b1", "W2", "b2"], [g.W1, g.b1, g.W2, g.b2]).map { name, tangent in
            NamedTensor(name, tangent.tensor ?? .zeros(like: p[name]))
        }
        return (loss, Parameters(named))
    }
}

/// Swift's autodiff as the trainer's gradient source, for Affine, sigmoid/relu/tanh, Affine.
public struct SwiftAutodiffGradients: GradientSource {
    private let activation: HiddenActivation

    /// The source for `network`, or nil unless it is Affine, sigmoid/relu/tanh, Affine with the
    /// plain softmax loss.
    public init?(_ network: Sequential) {
        guard network.layers.count == 3, (network.lossLayer as? SoftmaxWithLoss)?.delta == 0, network.weightDecay.isNone, network.layers[0] is Affine,
              network.layers[2] is Affine, let activation = HiddenActivation(layer: network.layers[1]) else { return nil }
        self.activation = activation
    }

    /// "Swift autodiff (valueWithGradient)".
    public var name: String { "Swift autodiff (valueWithGradient)" }

    /// `SwiftAutodiff.gradient` on the batch.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        SwiftAutodiff.gradient(of: TwoLayerNet(parameters: network.parameters, activation: activation), batch.x, batch.t)
    }
}
#endif

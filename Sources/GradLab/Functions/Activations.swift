import Foundation

// Each activation function sits next to its derivative, for one number and for a tensor.

/// The step function: 1 where x > 0, else 0 (the perceptron's activation).
///
/// Its derivative is 0 everywhere except at 0, where it does not exist: a gradient cannot flow
/// through it, which is why networks trained by gradients use sigmoid or ReLU instead.
public func stepFunction(_ x: Double) -> Double { x > 0 ? 1 : 0 }

/// The step function of every element.
public func stepFunction(_ x: Tensor) -> Tensor { x.map(stepFunction) }

/// The derivative of the step function where it exists: 0.
public func stepFunctionDerivative(_ x: Double) -> Double { 0 }

/// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), a smooth step from 0 to 1.
///
/// Written so that neither branch overflows: for x < 0 it uses eˣ / (1 + eˣ).
public func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
}

/// The sigmoid of every element.
public func sigmoid(_ x: Tensor) -> Tensor { x.map(sigmoid) }

/// The derivative of the sigmoid, σ′(x) = σ(x) · (1 − σ(x)); at most 1/4, at x = 0.
public func sigmoidDerivative(_ x: Double) -> Double {
    let y = sigmoid(x)
    return y * (1 - y)
}

/// The sigmoid's derivative at every element.
public func sigmoidDerivative(_ x: Tensor) -> Tensor { x.map { sigmoidDerivative($0) } }

/// The sigmoid's derivative written with its output y = σ(x): σ′ = y · (1 − y). This is how
/// backward passes compute it, from the output the forward pass remembered.
public func sigmoidDerivative(output y: Double) -> Double { y * (1 - y) }

/// The rectified linear unit, ReLU(x) = max(0, x).
public func relu(_ x: Double) -> Double { x > 0 ? x : 0 }

/// ReLU of every element.
public func relu(_ x: Tensor) -> Tensor { x.map(relu) }

/// The derivative of ReLU: 1 for x > 0, 0 for x < 0. At the kink x = 0 we take 0, as the
/// book's mask `x <= 0` does; a numerical gradient straddling 0 sees 1/2.
public func reluDerivative(_ x: Double) -> Double { x > 0 ? 1 : 0 }

/// ReLU's derivative at every element.
public func reluDerivative(_ x: Tensor) -> Tensor { x.map { reluDerivative($0) } }

/// ReLU's derivative written with its output y = max(0, x): 1 where y > 0 (that is, x > 0).
public func reluDerivative(output y: Double) -> Double { y > 0 ? 1 : 0 }

/// Leaky ReLU: x for x > 0, `slope`·x otherwise, so a small gradient still flows for x < 0.
public func leakyReLU(_ x: Double, slope: Double = 0.01) -> Double { x > 0 ? x : slope * x }

/// Leaky ReLU of every element.
public func leakyReLU(_ x: Tensor, slope: Double = 0.01) -> Tensor { x.map { leakyReLU($0, slope: slope) } }

/// The derivative of leaky ReLU: 1 for x > 0, `slope` otherwise.
public func leakyReLUDerivative(_ x: Double, slope: Double = 0.01) -> Double { x > 0 ? 1 : slope }

/// Leaky ReLU's derivative at every element.
public func leakyReLUDerivative(_ x: Tensor, slope: Double = 0.01) -> Tensor {
    x.map { leakyReLUDerivative($0, slope: slope) }
}

/// The hyperbolic tangent of every element, tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1.
public func tanh(_ x: Tensor) -> Tensor { x.map { Foundation.tanh($0) } }

/// The derivative of tanh, 1 − tanh²(x).
public func tanhDerivative(_ x: Double) -> Double {
    let y = Foundation.tanh(x)
    return 1 - y * y
}

/// tanh's derivative at every element.
public func tanhDerivative(_ x: Tensor) -> Tensor { x.map { tanhDerivative($0) } }

/// tanh's derivative written with its output y = tanh(x): 1 − y².
public func tanhDerivative(output y: Double) -> Double { 1 - y * y }

import Foundation

/// Adam: momentum on the gradient and RMSprop on its square, both corrected for starting at 0.
///
/// ```
/// t ← t + 1
/// m ← β₁ · m + (1 − β₁) · g
/// v ← β₂ · v + (1 − β₂) · g²
/// θ ← θ − η · m̂ / (√v̂ + ε),    m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
/// ```
///
/// Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999 as in Kingma & Ba (2015); ε = 10⁻⁷ as in Keras and
/// the book (the paper uses 10⁻⁸).
public struct Adam: Optimizer {
    /// η.
    public var learningRate: Double
    /// β₁, the decay of the gradient's running mean.
    public var beta1: Double
    /// β₂, the decay of the squared gradient's running mean.
    public var beta2: Double
    /// Keeps the division finite.
    public var epsilon: Double
    /// Steps taken so far (t).
    public private(set) var step = 0
    private var means = OptimizerState()
    private var squares = OptimizerState()

    /// Creates the optimizer.
    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// t ← t + 1.
    public mutating func beginStep() {
        step += 1
    }

    /// The bias-corrected Adam update of one parameter.
    public mutating func update(_ parameter: inout Tensor, gradient: Tensor, slot: Int) {
        checkShapes(parameter, gradient, "Adam")
        let t = Double(Swift.max(step, 1))
        let (rate, b1, b2, epsilon) = (learningRate, beta1, beta2, epsilon)
        let correction1 = 1 - pow(b1, t), correction2 = 1 - pow(b2, t)
        means.withBuffer(slot, count: parameter.count) { m in
            squares.withBuffer(slot, count: parameter.count) { v in
                parameter.withUnsafeMutableBufferPointer { theta in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<theta.count {
                            m[i] = b1 * m[i] + (1 - b1) * g[i]
                            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                            theta[i] -= rate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
    }
}

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
    /// m and v for each parameter, by name.
    private var means: [String: Tensor] = [:], squares: [String: Tensor] = [:]

    /// Creates the optimizer.
    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// t ← t + 1, then the bias-corrected update of every parameter.
    public mutating func update(_ parameters: inout Parameters, with gradient: Parameters) {
        step += 1
        let (eta, b1, b2, epsilon) = (learningRate, beta1, beta2, epsilon)
        let correction1 = 1 - pow(b1, Double(step)), correction2 = 1 - pow(b2, Double(step))
        parameters.update(with: gradient) { name, theta, g in
            var m = means.removeValue(forKey: name) ?? .zeros(like: g)
            var v = squares.removeValue(forKey: name) ?? .zeros(like: g)
            m.update(with: g) { m, g in b1 * m + (1 - b1) * g }
            v.update(with: g) { v, g in b2 * v + (1 - b2) * g * g }
            let mHat = m / correction1, vHat = v / correction2
            theta -= eta * mHat / (vHat.map { $0.squareRoot() } + epsilon)
            (means[name], squares[name]) = (m, v)
        }
    }
}

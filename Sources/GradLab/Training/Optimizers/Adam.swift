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

    /// The slots "m" and "v" of each parameter updated so far, η, β₁, β₂, ε and the step count t
    /// (which the bias correction 1 − βᵗ needs: a resumed Adam that started t again at 0 would
    /// take steps far too large).
    public var state: OptimizerState {
        OptimizerState(slots: ["m": means, "v": squares],
                       numbers: ["learning_rate": learningRate, "beta1": beta1, "beta2": beta2, "epsilon": epsilon, "step": Double(step)])
    }

    /// Takes m, v, η, β₁, β₂, ε and t from `state`.
    ///
    /// - Throws: ``OptimizerStateError`` also if the step count is not a whole number from 0 to 2⁵³.
    public mutating func load(_ state: OptimizerState) throws(OptimizerStateError) {
        try state.expect(slots: ["m", "v"], numbers: ["learning_rate", "beta1", "beta2", "epsilon", "step"])
        let t = try state.number("step")
        guard t >= 0, t <= 0x1p53, t.rounded() == t else {
            throw OptimizerStateError("the number \"step\" is \(t), not a whole number from 0 to 2⁵³")
        }
        (learningRate, beta1, beta2, epsilon) = (try state.number("learning_rate"), try state.number("beta1"),
                                                 try state.number("beta2"), try state.number("epsilon"))
        step = Int(t)
        (means, squares) = (state.slots["m"] ?? [:], state.slots["v"] ?? [:])
    }
}

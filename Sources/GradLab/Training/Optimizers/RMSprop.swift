/// RMSprop: like AdaGrad, but old squared gradients fade, so steps do not shrink forever.
///
/// ```
/// h ← ρ · h + (1 − ρ) · g²         (h starts at 0)
/// θ ← θ − η · g / (√h + ε)
/// ```
///
/// Defaults follow Keras: η = 0.001, ρ = 0.9, ε = 10⁻⁷.
public struct RMSprop: Optimizer {
    /// η.
    public var learningRate: Double
    /// ρ, the decay of the running average.
    public var decay: Double
    /// Keeps the division finite.
    public var epsilon: Double
    private var squares = OptimizerState()

    /// Creates the optimizer.
    public init(learningRate: Double = 0.001, decay: Double = 0.9, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
    }

    /// h ← ρh + (1 − ρ)g²; θ ← θ − ηg/(√h + ε).
    public mutating func update(_ parameter: inout Tensor, gradient: Tensor, slot: Int) {
        checkShapes(parameter, gradient, "RMSprop")
        let (rate, rho, epsilon) = (learningRate, decay, epsilon)
        squares.withBuffer(slot, count: parameter.count) { h in
            parameter.withUnsafeMutableBufferPointer { theta in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<theta.count {
                        h[i] = rho * h[i] + (1 - rho) * g[i] * g[i]
                        theta[i] -= rate * g[i] / (h[i].squareRoot() + epsilon)
                    }
                }
            }
        }
    }
}

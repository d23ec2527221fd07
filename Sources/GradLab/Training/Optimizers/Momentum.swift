/// SGD with momentum: a velocity that accumulates past gradients, like a ball rolling downhill.
///
/// ```
/// v ← α · v − η · ∂L/∂θ          (v starts at 0)
/// θ ← θ + v
/// ```
public struct Momentum: Optimizer {
    /// η.
    public var learningRate: Double
    /// α, how much velocity survives each step (default 0.9).
    public var momentum: Double
    private var velocity = OptimizerState()

    /// Creates the optimizer.
    public init(learningRate: Double = 0.01, momentum: Double = 0.9) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// v ← αv − ηg; θ ← θ + v.
    public mutating func update(_ parameter: inout Tensor, gradient: Tensor, slot: Int) {
        checkShapes(parameter, gradient, "Momentum")
        let (rate, alpha) = (learningRate, momentum)
        velocity.withBuffer(slot, count: parameter.count) { v in
            parameter.withUnsafeMutableBufferPointer { theta in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<theta.count {
                        v[i] = alpha * v[i] - rate * g[i]
                        theta[i] += v[i]
                    }
                }
            }
        }
    }
}

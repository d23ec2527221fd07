/// AdaGrad: each parameter's step shrinks with the sum of its past squared gradients.
///
/// ```
/// h ← h + g²                       (h starts at 0; g = ∂L/∂θ)
/// θ ← θ − η · g / (√h + 10⁻⁷)
/// ```
public struct AdaGrad: Optimizer {
    /// η.
    public var learningRate: Double
    /// Keeps the division finite (the book's 10⁻⁷).
    public var epsilon: Double
    private var squares = OptimizerState()

    /// Creates the optimizer.
    public init(learningRate: Double = 0.01, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    /// h ← h + g²; θ ← θ − ηg/(√h + ε).
    public mutating func update(_ parameter: inout Tensor, gradient: Tensor, slot: Int) {
        checkShapes(parameter, gradient, "AdaGrad")
        let (rate, epsilon) = (learningRate, epsilon)
        squares.withBuffer(slot, count: parameter.count) { h in
            parameter.withUnsafeMutableBufferPointer { theta in
                gradient.withUnsafeBufferPointer { g in
                    for i in 0..<theta.count {
                        h[i] += g[i] * g[i]
                        theta[i] -= rate * g[i] / (h[i].squareRoot() + epsilon)
                    }
                }
            }
        }
    }
}

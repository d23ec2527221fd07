/// Stochastic gradient descent: step against the gradient.
///
/// ```
/// θ ← θ − η · ∂L/∂θ
/// ```
public struct SGD: Optimizer {
    /// η (the book's recipe uses 0.1).
    public var learningRate: Double

    /// Creates the optimizer.
    public init(learningRate: Double = 0.1) {
        self.learningRate = learningRate
    }

    /// θ ← θ − η·g, in place.
    public mutating func update(_ parameter: inout Tensor, gradient: Tensor, slot: Int) {
        checkShapes(parameter, gradient, "SGD")
        let rate = learningRate
        parameter.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { g in
                for i in 0..<theta.count { theta[i] -= rate * g[i] }
            }
        }
    }
}

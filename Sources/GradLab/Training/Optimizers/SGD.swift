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

    /// θ ← θ − η·g for every parameter.
    public mutating func update(_ parameters: inout Parameters, with gradient: Parameters) {
        let eta = learningRate
        parameters.update(with: gradient) { _, theta, g in
            theta.update(with: g) { theta, g in theta - eta * g }
        }
    }

    /// η alone: SGD keeps nothing from step to step.
    public var state: OptimizerState {
        OptimizerState(numbers: ["learning_rate": learningRate])
    }

    /// Takes η from `state`.
    public mutating func load(_ state: OptimizerState) throws(OptimizerStateError) {
        try state.expect(slots: [], numbers: ["learning_rate"])
        learningRate = try state.number("learning_rate")
    }
}

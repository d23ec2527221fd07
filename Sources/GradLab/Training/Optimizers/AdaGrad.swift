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
    /// h for each parameter, by name.
    private var squares: [String: Tensor] = [:]

    /// Creates the optimizer.
    public init(learningRate: Double = 0.01, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    /// h ← h + g²; θ ← θ − ηg/(√h + ε).
    public mutating func update(_ parameters: inout Parameters, with gradient: Parameters) {
        let (eta, epsilon) = (learningRate, epsilon)
        parameters.update(with: gradient) { name, theta, g in
            var h = squares.removeValue(forKey: name) ?? .zeros(like: g)
            h.update(with: g) { h, g in h + g * g }
            theta -= eta * g / (h.map { $0.squareRoot() } + epsilon)
            squares[name] = h
        }
    }

    /// The slot "h" (Σ g² of each parameter updated so far), η and ε.
    public var state: OptimizerState {
        OptimizerState(slots: ["h": squares], numbers: ["learning_rate": learningRate, "epsilon": epsilon])
    }

    /// Takes h, η and ε from `state`.
    public mutating func load(_ state: OptimizerState) throws(OptimizerStateError) {
        try state.expect(slots: ["h"], numbers: ["learning_rate", "epsilon"])
        (learningRate, epsilon) = (try state.number("learning_rate"), try state.number("epsilon"))
        squares = state.slots["h"] ?? [:]
    }
}

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
    /// h for each parameter, by name.
    private var squares: [String: Tensor] = [:]

    /// Creates the optimizer.
    public init(learningRate: Double = 0.001, decay: Double = 0.9, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.decay = decay
        self.epsilon = epsilon
    }

    /// h ← ρh + (1 − ρ)g²; θ ← θ − ηg/(√h + ε).
    public mutating func update(_ parameters: inout Parameters, with gradient: Parameters) {
        let (eta, rho, epsilon) = (learningRate, decay, epsilon)
        parameters.update(with: gradient) { name, theta, g in
            var h = squares.removeValue(forKey: name) ?? .zeros(like: g)
            h.update(with: g) { h, g in rho * h + (1 - rho) * g * g }
            theta -= eta * g / (h.map { $0.squareRoot() } + epsilon)
            squares[name] = h
        }
    }

    /// The slot "h" (the running average of g² of each parameter updated so far), η, ρ and ε.
    public var state: OptimizerState {
        OptimizerState(slots: ["h": squares], numbers: ["learning_rate": learningRate, "decay": decay, "epsilon": epsilon])
    }

    /// Takes h, η, ρ and ε from `state`.
    public mutating func load(_ state: OptimizerState) throws(OptimizerStateError) {
        try state.expect(slots: ["h"], numbers: ["learning_rate", "decay", "epsilon"])
        (learningRate, decay, epsilon) = (try state.number("learning_rate"), try state.number("decay"), try state.number("epsilon"))
        squares = state.slots["h"] ?? [:]
    }
}

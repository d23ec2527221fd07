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
    /// v for each parameter, by name.
    private var velocity: [String: Tensor] = [:]

    /// Creates the optimizer.
    public init(learningRate: Double = 0.01, momentum: Double = 0.9) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// v ← αv − ηg; θ ← θ + v.
    public mutating func update(_ parameters: inout Parameters, with gradient: Parameters) {
        let (eta, alpha) = (learningRate, momentum)
        parameters.update(with: gradient) { name, theta, g in
            var v = velocity.removeValue(forKey: name) ?? .zeros(like: g)
            v.update(with: g) { v, g in alpha * v - eta * g }
            theta += v
            velocity[name] = v
        }
    }

    /// The slot "velocity" (v of each parameter updated so far), η and α.
    public var state: OptimizerState {
        OptimizerState(slots: ["velocity": velocity], numbers: ["learning_rate": learningRate, "momentum": momentum])
    }

    /// Takes v, η and α from `state`.
    public mutating func load(_ state: OptimizerState) throws(OptimizerStateError) {
        try state.expect(slots: ["velocity"], numbers: ["learning_rate", "momentum"])
        (learningRate, momentum) = (try state.number("learning_rate"), try state.number("momentum"))
        velocity = state.slots["velocity"] ?? [:]
    }
}

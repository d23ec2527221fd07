import GradLab

// Exercise 15 (momentum-update): one step of SGD with momentum.
//
// A velocity v (starting at 0) remembers past steps, like a ball rolling downhill:
//
//     v ← α · v − η · ∂L/∂θ          α = momentum (0.9), η = learningRate
//     θ ← θ + v
//
// Update `velocity` in place (it is `inout`: the check keeps it from step to step) and return
// the new θ.
//
// Then run: swift run gradlab check momentum-update
// Stuck? swift run gradlab hint momentum-update (one more hint each time you ask).

/// Your momentum step: updates the velocity, returns θ + v.
public func myMomentumUpdate(_ theta: Tensor, gradient: Tensor, velocity: inout Tensor, learningRate: Double,
                             momentum: Double) throws -> Tensor {
    throw NotImplemented()
}

import GradLab

// Exercise 14 (sgd-update): one step of stochastic gradient descent.
//
//     θ ← θ − η · ∂L/∂θ          η = learningRate
//
// Given a parameter tensor θ and its gradient, return the updated tensor. (The library's SGD
// does this for every tensor of a network's Parameters.)
//
// Then run: swift run gradlab check sgd-update
// Stuck? swift run gradlab hint sgd-update (one more hint each time you ask).

/// Your SGD step: θ − η · gradient.
public func mySGDUpdate(_ theta: Tensor, gradient: Tensor, learningRate: Double) throws -> Tensor {
    throw NotImplemented()
}

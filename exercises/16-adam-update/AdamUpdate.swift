import GradLab

// Exercise 16 (adam-update): one step of Adam.
//
// Adam keeps a running mean m of the gradient g and one of its square v (both start at 0), and
// corrects both for having started at 0. At step t = 1, 2, 3, …:
//
//     m ← β₁ · m + (1 − β₁) · g
//     v ← β₂ · v + (1 − β₂) · g²
//     m̂ = m / (1 − β₁ᵗ)      v̂ = v / (1 − β₂ᵗ)
//     θ ← θ − η · m̂ / (√v̂ + ε)
//
// Update `m` and `v` in place and return the new θ. Useful: `pow(beta1, Double(t))` (import
// Foundation), `v.map { $0.squareRoot() }`, and element-by-element `*`, `/`, `+`.
//
// Then run: swift run gradlab check adam-update
// Stuck? swift run gradlab hint adam-update (one more hint each time you ask).

/// Your Adam step `t` (counting from 1): updates m and v, returns the new θ.
public func myAdamUpdate(_ theta: Tensor, gradient g: Tensor, m: inout Tensor, v: inout Tensor, step t: Int,
                         learningRate: Double, beta1: Double, beta2: Double, epsilon: Double) throws -> Tensor {
    throw NotImplemented()
}

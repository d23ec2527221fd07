import GradLab

// Exercise 3 (numerical-gradient): the gradient of a function of a tensor.
//
// For every element x[i] (use `x[flat: i]`, which works for any shape): remember it, set it to
// x[i] + h and evaluate f, set it to x[i] - h and evaluate f, put it back, and store
// (f₊ - f₋) / 2h in the gradient. Use one scratch copy (`var scratch = x`), not a copy per
// element, and h = 1e-4.
//
// Then run: swift run gradlab check numerical-gradient
// Stuck? swift run gradlab hint numerical-gradient (one more hint each time you ask).

/// Your numerical gradient of `f` at `x`: a tensor shaped like `x`.
public func myNumericalGradient(_ f: (Tensor) -> Double, at x: Tensor) throws -> Tensor {
    throw NotImplemented()
}

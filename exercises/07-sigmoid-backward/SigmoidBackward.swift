import GradLab

// Exercise 7 (sigmoid-backward): the sigmoid layer's backward pass.
//
// Forward computed y = 1 / (1 + exp(-x)) element by element and remembered y. Given dout
// (shaped like y), return dx. Write it with y, not x: σ'(x) = y · (1 - y).
// Tensor arithmetic works element by element: `dout * y`, `1 - y`.
//
// Then run: swift run gradlab check sigmoid-backward
// Stuck? swift run gradlab hint sigmoid-backward (one more hint each time you ask).

/// Your sigmoid backward: dx from dout and the forward output y.
public func mySigmoidBackward(dout: Tensor, output y: Tensor) throws -> Tensor {
    throw NotImplemented()
}

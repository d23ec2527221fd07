import GradLab

// Exercise 9 (tanh-backward): the tanh layer's backward pass.
//
// Forward computed y = tanh(x) element by element and remembered y. Given dout (shaped like y),
// return dx. Like the sigmoid's, tanh's derivative can be written with its output alone:
//
//     tanh′(x) = 1 − tanh²(x) = 1 − y²
//
// Then run: swift run gradlab check tanh-backward
// Stuck? swift run gradlab hint tanh-backward (one more hint each time you ask).

/// Your tanh backward: dx from dout and the forward output y.
public func myTanhBackward(dout: Tensor, output y: Tensor) throws -> Tensor {
    throw NotImplemented()
}

import GradLab

// Exercise 10 (leaky-relu-backward): the leaky ReLU layer's backward pass.
//
// Forward computed y = x where x > 0 and y = slope · x elsewhere, so that a little gradient
// still flows where ReLU would block it. Given dout, return dx: dout where x > 0, and
// slope · dout elsewhere. (The check uses slope = 0.1.)
//
// Then run: swift run gradlab check leaky-relu-backward
// Stuck? swift run gradlab hint leaky-relu-backward (one more hint each time you ask).

/// Your leaky ReLU backward: dx from dout, the forward input x and the negative slope.
public func myLeakyReLUBackward(dout: Tensor, input x: Tensor, slope: Double) throws -> Tensor {
    throw NotImplemented()
}

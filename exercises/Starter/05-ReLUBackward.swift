import GradLab

// Exercise 5 (relu-backward): the ReLU layer's backward pass.
//
// Forward computed y = max(0, x). Given dout, return dx: dout where x > 0, and 0 where x <= 0.
// (`x.scalars` and `dout.scalars` are the elements in order; build the result with
// `Tensor(shape: dout.shape, scalars: ...)`.)
//
// Then run: swift run gradlab check relu-backward

/// Your ReLU backward: dx from dout and the forward input x.
public func myReLUBackward(dout: Tensor, input x: Tensor) throws -> Tensor {
    throw NotImplemented()
}

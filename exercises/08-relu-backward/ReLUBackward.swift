import GradLab

// Exercise 8 (relu-backward): the ReLU layer's backward pass.
//
// Forward computed y = max(0, x). Given dout, return dx: dout where x > 0, and 0 where x <= 0.
// (`x.scalars` and `dout.scalars` are the elements in order; build the result with
// `Tensor(shape: dout.shape, scalars: ...)`.)
//
// ReLU has a kink at x = 0, where it has no derivative. The check also runs your backward on a
// batch with an element exactly at 0 and one within h of it: there the numerical gradient
// straddles the kink and sees about ½, whatever your mask says, so the checker counts those
// elements as "kinks crossed" instead of judging them. Which value does your mask give at 0?
// (The book's mask, x <= 0, gives 0.)
//
// Then run: swift run gradlab check relu-backward
// Stuck? swift run gradlab hint relu-backward (one more hint each time you ask).

/// Your ReLU backward: dx from dout and the forward input x.
public func myReLUBackward(dout: Tensor, input x: Tensor) throws -> Tensor {
    throw NotImplemented()
}

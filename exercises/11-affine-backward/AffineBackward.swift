import GradLab

// Exercise 11 (affine-backward): the Affine layer's backward pass.
//
// Forward computed y = x · W + b for a batch x (N×I), W (I×O), b (O). Given dout (N×O), return
//
//     dx = dout · Wᵀ        (N×I)
//     dW = xᵀ · dout        (I×O)
//     db = Σ over the batch of dout   (O)
//
// Useful: `a.matmul(b)`, `t.transposed()`, `t.sum(alongAxis: 0)`.
//
// Then run: swift run gradlab check affine-backward
// Stuck? swift run gradlab hint affine-backward (one more hint each time you ask).

/// Your Affine backward.
public func myAffineBackward(dout: Tensor, x: Tensor, W: Tensor) throws -> (dx: Tensor, dW: Tensor, db: Tensor) {
    throw NotImplemented()
}

import GradLab

// Exercise 33 (max-pooling-backward): max pooling's backward pass, and what happens at a tie.
//
// Max pooling keeps the largest value of each pool_size × pool_size window of each channel,
// the window stepping by `stride`, with no padding (rows or columns left over at the bottom or
// right, when the windows do not reach them, are not pooled):
//
//     y[n, oy, ox, c] = max over ky, kx of x[n, oy·stride + ky, ox·stride + kx, c]
//
// Only the largest value reaches the output, so only it gets a gradient: backward routes each
// dout[n, oy, ox, c] to the place of its window's maximum, and every other pixel gets 0. When
// windows overlap (stride < pool size) a pixel can be the maximum of two windows: add both.
//
// Ties. When two values of a window tie for the maximum, the output has no derivative there
// (a kink): nudging either one up moves the output, nudging it down does not, so central
// differences give each of them half. A backward pass must pick one; send all of dout to the
// first maximum of the window, row by row (the smallest ky, then the smallest kx), as the
// book's Pooling (np.argmax) and GradLab's MaxPooling2D do: look for a value strictly larger.
//
// Write myMaxPoolingBackward: given the forward pass's x [N, H, W, C] and dout [N, out_h,
// out_w, C], return dx, shaped like x. The check runs it in a max-pooling layer through
// `checkLayer` on random inputs (no ties there), with windows side by side and overlapping,
// then on a small image with ties, against the library's MaxPooling2D.
//
// Then run: swift run gradlab check max-pooling-backward
// Stuck? swift run gradlab hint max-pooling-backward (one more hint each time you ask).

/// Your max pooling backward: dx [N, H, W, C], dout routed to each window's first maximum.
public func myMaxPoolingBackward(dout: Tensor, x: Tensor, poolSize: Int, stride: Int) throws -> Tensor {
    throw NotImplemented()
}

import GradLab

// Exercise 32 (convolution-backward): a convolution's backward pass, dx, dW and db, by loops.
//
// Exercise 31's forward pass is a sum of products, one term per (n, oy, ox, f, ky, kx, c):
//
//     y[n, oy, ox, f] = bias[f] + Σ x[n, iy, ix, c] · weight[ky, kx, c, f]
//     with iy = oy·stride − pad + ky, ix = ox·stride − pad + kx (terms in the padding left out)
//
// Each term is a multiply node (exercise 5): it sends dout · weight back to the pixel and
// dout · x back to the weight. A pixel sits in several windows and a weight is used at every
// position of every image, so their gradients collect many terms: add them up.
//
//     for every n, oy, ox, f, ky, kx, c with (iy, ix) inside the image:
//         dx[n, iy, ix, c]    += dout[n, oy, ox, f] · weight[ky, kx, c, f]
//         dW[ky, kx, c, f]    += dout[n, oy, ox, f] · x[n, iy, ix, c]
//     db[f] = Σ over n, oy, ox of dout[n, oy, ox, f]
//
// Write myConvolutionBackward: dx shaped like x [N, H, W, C], dW like weight [kernel_h,
// kernel_w, C, F], db like the bias [F]. Start from `Tensor.zeros(like: x)` and so on; the
// loops are exercise 31's.
//
// The check runs your backward in a convolution layer through `checkLayer` (dx, dW and db
// against central differences, with a random upstream gradient), with overlapping windows and
// padding, then compares it with the library's Conv2D (im2col's way: dW = colsᵀ · dout,
// dx = col2im(dout · Wᵀ)).
//
// Then run: swift run gradlab check convolution-backward
// Stuck? swift run gradlab hint convolution-backward (one more hint each time you ask).

/// Your convolution backward: dx, dW and db from dout [N, out_h, out_w, F] and the forward
/// pass's x and weight.
public func myConvolutionBackward(dout: Tensor, x: Tensor, weight: Tensor, stride: Int, pad: Int) throws
    -> (dx: Tensor, dW: Tensor, db: Tensor) {
    throw NotImplemented()
}

import GradLab

// Exercise 31 (convolution-forward): a convolution's forward pass, by loops.
//
// A Conv2D layer slides F filters over a batch of images. Each filter is kernel_h × kernel_w ×
// C numbers (C: the input's channels), and at each place the window stops it gives one number:
// the sum of the window's pixels times the filter's weights, plus the filter's bias. In
// GradLab's NHWC layout, with TensorFlow's weight order:
//
//     x: [N, H, W, C]    weight: [kernel_h, kernel_w, C, F]    bias: [F]
//     y: [N, out_h, out_w, F],   out_h = (H + 2·pad − kernel_h) / stride + 1 (out_w likewise)
//
//     y[n, oy, ox, f] = bias[f] + Σ over ky, kx, c of
//                       x[n, oy·stride − pad + ky, ox·stride − pad + kx, c] · weight[ky, kx, c, f]
//
// where a pixel outside the image (in the padding) counts as 0. Like the book and TensorFlow,
// the kernel is not flipped: this "convolution" is what mathematicians call a cross-correlation.
//
// Write myConvolutionForward with seven loops (n, oy, ox, f, then ky, kx, c), reading and
// writing elements as `x[n, y, x, c]` and `result[n, oy, ox, f] = sum`. The check compares it
// with the library's Conv2D (which computes the same through im2col and one matrix product) for
// several strides and paddings.
//
// Then run: swift run gradlab check convolution-forward
// Stuck? swift run gradlab hint convolution-forward (one more hint each time you ask).

/// Your convolution: y [N, out_h, out_w, F] from x [N, H, W, C], weight [kernel_h, kernel_w, C, F]
/// and bias [F], the window stepping by `stride` over x with `pad` zeros on every side.
public func myConvolutionForward(x: Tensor, weight: Tensor, bias: Tensor, stride: Int, pad: Int) throws -> Tensor {
    throw NotImplemented()
}

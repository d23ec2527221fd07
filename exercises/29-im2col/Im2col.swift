import GradLab

// Exercise 29 (im2col): unroll every window of one image into a row of a matrix.
//
// A convolution lays a kernel_h × kernel_w window on the image at every step and multiplies what
// it sees by the filters. im2col ("image to columns") copies each window into one row, so that
// all of them can be multiplied by the filters at once, in one matrix product (chapter 15).
//
// The image is [H, W, C], GradLab's layout (NHWC without the N): rows, then columns, then the C
// channels of each pixel side by side. First `pad` rows of zeros go above and below it, `pad`
// columns left and right; then the window steps by `stride`, so there are
//
//     out_h = (H + 2·pad − kernel_h) / stride + 1      windows down,
//     out_w = (W + 2·pad − kernel_w) / stride + 1      windows across,
//
// and the result is [out_h · out_w, kernel_h · kernel_w · C]:
//
//     row     oy · out_w + ox                 window (oy, ox), windows row by row
//     column  (ky · kernel_w + kx) · C + c    the window's pixel (ky, kx), channel c
//     value   image[oy · stride − pad + ky, ox · stride − pad + kx, c], or 0 in the padding
//
// For a 4×4 image of one channel holding a … p and 3×3 windows, stride 1, no padding:
//
//     a b c d        row 0:  a b c  e f g  i j k
//     e f g h        row 1:  b c d  f g h  j k l
//     i j k l        row 2:  e f g  i j k  m n o
//     m n o p        row 3:  f g h  j k l  n o p
//
// `Tensor.zeros([rows, columns])` makes the result; `image[y, x, c]` reads a pixel and
// `result[row, column] = value` writes one. The check compares yours with the library's `im2col`
// on several images, windows, strides and paddings, channels among them.
//
// Then run: swift run gradlab check im2col
// Stuck? swift run gradlab hint im2col (one more hint each time you ask).

/// Your im2col for one image [H, W, C]: [out_h · out_w, kernel_h · kernel_w · C].
public func myIm2col(_ image: Tensor, kernelHeight: Int, kernelWidth: Int, stride: Int, pad: Int) throws -> Tensor {
    throw NotImplemented()
}

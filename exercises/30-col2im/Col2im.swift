import GradLab

// Exercise 30 (col2im): the way back from im2col, and why it adds.
//
// im2col (exercise 29) copied each pixel of an image [H, W, C] into every window that covers it.
// In the backward pass the gradient arrives as a matrix of im2col's shape, one number for each
// copy, [out_h · out_w, kernel_h · kernel_w · C]. col2im takes it back to the image's shape: each
// entry goes to the pixel it was copied from, and a pixel that was copied k times gets the sum of
// its k entries, because a value used k times receives the gradients of all its uses (exercise 6:
// where paths join, gradients add up). Entries that came from the padding belong to no pixel:
// drop them.
//
//     for every window (oy, ox), every pixel (ky, kx) of it and every channel c,
//     with y = oy · stride − pad + ky and x = ox · stride − pad + kx inside the image:
//         image[y, x, c] += columns[oy · out_w + ox, (ky · kernel_w + kx) · C + c]
//
// So col2im is im2col's transpose, not its inverse: col2im(im2col(x)) is x with each pixel
// multiplied by the number of windows that cover it.
//
// Write myCol2im: return the image [height, width, channels]. The check compares yours with the
// library's `col2im` on random matrices, for the windows of exercise 29.
//
// Then run: swift run gradlab check col2im
// Stuck? swift run gradlab hint col2im (one more hint each time you ask).

/// Your col2im: the matrix of im2col's shape back to one image [height, width, channels], adding
/// the entries that came from the same pixel.
public func myCol2im(_ columns: Tensor, height: Int, width: Int, channels: Int, kernelHeight: Int, kernelWidth: Int,
                     stride: Int, pad: Int) throws -> Tensor {
    throw NotImplemented()
}

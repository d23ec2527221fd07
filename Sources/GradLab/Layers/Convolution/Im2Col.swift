/// Unrolls every window of a batch of images into a row of a matrix ("image to columns"), so
/// that a convolution becomes one matrix product: the book's `im2col`, in the NHWC layout.
///
/// ```
/// one 4×4 image, 1 channel; 3×3 windows, stride 1, no padding → 2×2 windows, 4 rows of 9
///
///   a b c d        window (0,0) → row 0:  a b c  e f g  i j k
///   e f g h        window (0,1) → row 1:  b c d  f g h  j k l
///   i j k l        window (1,0) → row 2:  e f g  i j k  m n o
///   m n o p        window (1,1) → row 3:  f g h  j k l  n o p
/// ```
///
/// Row r = (n · out_h + oy) · out_w + ox holds window (oy, ox) of image n; within the row, the
/// window's pixels go row by row, and each pixel's C channels side by side (column
/// (ky · kernel_w + kx) · C + c). That is the order of a weight [kernel_h, kernel_w, C, F] read
/// as a matrix [kernel_h · kernel_w · C, F], so `im2col(x) · W` is every window times every
/// filter at once. Pixels in the padding are 0.
///
/// Each input pixel appears in up to kernel_h · kernel_w rows: the matrix is that many times
/// larger than the image, the memory a convolution pays for its speed.
///
/// - Parameters:
///   - x: images [N, height, width, channels], of `geometry`'s sizes.
///   - geometry: the window, stride and padding.
/// - Returns: [N · out_h · out_w, kernel_h · kernel_w · channels].
public func im2col(_ x: Tensor, _ geometry: ConvolutionGeometry) -> Tensor {
    let g = geometry
    precondition(x.rank == 4 && Array(x.shape.dropFirst()) == [g.inputHeight, g.inputWidth, g.channels],
                 "im2col: images \(x.shape) do not have the geometry's shape [N, \(g.inputHeight), \(g.inputWidth), \(g.channels)]")
    let batch = x.shape[0]
    let (outputHeight, outputWidth, window, channels) = (g.outputHeight, g.outputWidth, g.windowSize, g.channels)
    let pixels = x.scalars
    var columns = [Double](repeating: 0, count: batch * outputHeight * outputWidth * window)
    for n in 0..<batch {
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let row = ((n * outputHeight + oy) * outputWidth + ox) * window
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.stride - g.padTop + ky
                    guard iy >= 0 && iy < g.inputHeight else { continue }  // a padding row: zeros
                    for kx in 0..<g.kernelWidth {
                        let ix = ox * g.stride - g.padLeft + kx
                        guard ix >= 0 && ix < g.inputWidth else { continue }
                        let source = ((n * g.inputHeight + iy) * g.inputWidth + ix) * channels
                        let target = row + (ky * g.kernelWidth + kx) * channels
                        for c in 0..<channels { columns[target + c] = pixels[source + c] }
                    }
                }
            }
        }
    }
    return Tensor(shape: [batch * outputHeight * outputWidth, window], scalars: columns)
}

/// The way back from `im2col`: adds every row's numbers to the pixels their window covered
/// ("columns to image"), the book's `col2im`.
///
/// ```
/// rows of 9 (gradients for each window's pixels)     the 4×4 image's gradient
///   row 0:  a₀ b₀ c₀  e₀ f₀ g₀  i₀ j₀ k₀              a₀   b₀+b₁     …
///   row 1:  b₁ c₁ d₁  f₁ g₁ h₁  j₁ k₁ l₁              e₀+e₂   f₀+f₁+f₂+f₃  …
///   …                                                 (a pixel in 4 windows gets 4 terms)
/// ```
///
/// It is im2col's adjoint (transpose), not its inverse: a pixel that im2col copied into k rows
/// receives the sum of those k entries. That is the chain rule for a value used k times, and
/// why it is the backward pass of im2col: dx = col2im(dcols). Entries that fell in the padding
/// are dropped.
///
/// - Parameters:
///   - columns: [N · out_h · out_w, kernel_h · kernel_w · channels].
///   - geometry: the window, stride and padding im2col used.
///   - batch: N, the number of images.
/// - Returns: images [N, height, width, channels].
public func col2im(_ columns: Tensor, _ geometry: ConvolutionGeometry, batch: Int) -> Tensor {
    let g = geometry
    let (outputHeight, outputWidth, window, channels) = (g.outputHeight, g.outputWidth, g.windowSize, g.channels)
    precondition(columns.shape == [batch * outputHeight * outputWidth, window],
                 "col2im: columns \(columns.shape) do not fit \(batch) images of windows \(outputHeight)×\(outputWidth), "
                 + "want [\(batch * outputHeight * outputWidth), \(window)]")
    let entries = columns.scalars
    var pixels = [Double](repeating: 0, count: batch * g.inputHeight * g.inputWidth * channels)
    for n in 0..<batch {
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let row = ((n * outputHeight + oy) * outputWidth + ox) * window
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.stride - g.padTop + ky
                    guard iy >= 0 && iy < g.inputHeight else { continue }
                    for kx in 0..<g.kernelWidth {
                        let ix = ox * g.stride - g.padLeft + kx
                        guard ix >= 0 && ix < g.inputWidth else { continue }
                        let target = ((n * g.inputHeight + iy) * g.inputWidth + ix) * channels
                        let source = row + (ky * g.kernelWidth + kx) * channels
                        for c in 0..<channels { pixels[target + c] += entries[source + c] }
                    }
                }
            }
        }
    }
    return Tensor(shape: [batch, g.inputHeight, g.inputWidth, channels], scalars: pixels)
}

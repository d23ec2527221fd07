import GradLab

// The image layers' loops on raw buffers, for one slice of a batch at a time: the fast versions
// of `im2col`, `col2im` and the pooling layers (Sources/GradLab/Layers/Convolution). Each visits
// the numbers in the same order as the readable loop it replaces, so that every sum is added up
// in the same order and the results are the same bits; a slice of images touches only its own
// rows, so slices can run on different cores. Tested in FastConvolutionTests.

/// im2col for the images in `images`: window (oy, ox) of image n becomes row
/// (n · out_h + oy) · out_w + ox of `columns`, its pixels row by row, channels side by side,
/// zeros for the padding (see `im2col(_:_:)`, whose layout this is).
///
/// One window row (ky) is a single run of kernel_w · C numbers in the image, copied at once.
func unrollWindows(_ x: UnsafePointer<Double>, _ g: ConvolutionGeometry, images: Range<Int>,
                   into columns: UnsafeMutablePointer<Double>) {
    let (runLength, channels) = (g.kernelWidth * g.channels, g.channels)
    forEachWindowRow(g, images: images) { row, pixel, first, last in
        let target = columns + row
        guard let pixel, first < last else { return target.update(repeating: 0, count: runLength) }  // padding
        target.update(repeating: 0, count: first * channels)
        (target + first * channels).update(from: x + pixel, count: (last - first) * channels)
        (target + last * channels).update(repeating: 0, count: (g.kernelWidth - last) * channels)
    }
}

/// col2im for the images in `images`: each image's gradient zeroed, then every window row's
/// numbers added to the pixels it came from, in `col2im(_:_:batch:)`'s order (windows in order,
/// then ky, kx, c).
func foldWindows(_ columns: UnsafePointer<Double>, _ g: ConvolutionGeometry, images: Range<Int>,
                 into dx: UnsafeMutablePointer<Double>) {
    let imageSize = g.inputHeight * g.inputWidth * g.channels
    (dx + images.lowerBound * imageSize).update(repeating: 0, count: images.count * imageSize)
    forEachWindowRow(g, images: images) { row, pixel, first, last in
        guard let pixel else { return }
        let (source, target) = (columns + row + first * g.channels, dx + pixel)
        for i in 0..<(Swift.max(0, last - first) * g.channels) { target[i] += source[i] }
    }
}

/// Calls `body` for each window of the images in `images` (in order) and each of its rows ky:
/// where that row starts in im2col's matrix, where its first pixel inside the image is in the
/// batch (nil when the whole row is padding), and the columns kx in `first..<last` that are
/// inside the image.
@inline(__always)
private func forEachWindowRow(_ g: ConvolutionGeometry, images: Range<Int>,
                              _ body: (_ row: Int, _ pixel: Int?, _ first: Int, _ last: Int) -> Void) {
    let (outputHeight, outputWidth, window, channels) = (g.outputHeight, g.outputWidth, g.windowSize, g.channels)
    for n in images {
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let left = ox * g.stride - g.padLeft
                let (first, last) = (Swift.max(0, -left), Swift.min(g.kernelWidth, g.inputWidth - left))
                for ky in 0..<g.kernelHeight {
                    let row = ((n * outputHeight + oy) * outputWidth + ox) * window + ky * g.kernelWidth * channels
                    let iy = oy * g.stride - g.padTop + ky
                    let pixel = iy >= 0 && iy < g.inputHeight ? ((n * g.inputHeight + iy) * g.inputWidth + left + first) * channels : nil
                    body(row, pixel, first, last)
                }
            }
        }
    }
}

/// Max pooling forward for the images in `images`: each output the first largest value of its
/// window and channel, and where it was, for backward. The window's pixels are visited in
/// `MaxPooling2D.choices`' order (row by row, ties keep the first), all channels side by side.
func maxPoolForward(_ x: UnsafePointer<Double>, _ g: ConvolutionGeometry, images: Range<Int>,
                    into y: UnsafeMutablePointer<Double>, chosen: UnsafeMutablePointer<Int>) {
    let channels = g.channels
    for n in images {
        for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
                let (best, position) = (y + ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels,
                                     chosen + ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels)
                let corner = ((n * g.inputHeight + oy * g.stride) * g.inputWidth + ox * g.stride) * channels
                for c in 0..<channels { (best[c], position[c]) = (x[corner + c], corner + c) }
                for ky in 0..<g.kernelHeight {
                    for kx in 0..<g.kernelWidth where ky > 0 || kx > 0 {
                        let pixel = corner + (ky * g.inputWidth + kx) * channels
                        for c in 0..<channels where x[pixel + c] > best[c] {
                            (best[c], position[c]) = (x[pixel + c], pixel + c)
                        }
                    }
                }
            }
        }
    }
}

/// Max pooling backward for the images in `images`: their gradient zeroed, then each output's
/// gradient added where its maximum was, outputs in order (`scatterAdding`'s order).
func maxPoolBackward(_ dy: UnsafePointer<Double>, chosen: UnsafePointer<Int>, _ g: ConvolutionGeometry,
                     images: Range<Int>, into dx: UnsafeMutablePointer<Double>) {
    let (inputSize, outputSize) = (g.inputHeight * g.inputWidth * g.channels, g.outputHeight * g.outputWidth * g.channels)
    (dx + images.lowerBound * inputSize).update(repeating: 0, count: images.count * inputSize)
    for output in (images.lowerBound * outputSize)..<(images.upperBound * outputSize) {
        dx[chosen[output]] += dy[output]
    }
}

/// Average pooling for the images in `images`, forward (`backward` false: y = mean of each
/// window) or backward (dx gets each output's gradient / k² at every pixel of its window), in
/// `AveragePooling2D`'s order: windows in order, then ky, kx, c.
func averagePool(_ source: UnsafePointer<Double>, _ g: ConvolutionGeometry, images: Range<Int>, backward: Bool,
                 into target: UnsafeMutablePointer<Double>) {
    let channels = g.channels
    let share = 1 / Double(g.kernelHeight * g.kernelWidth)
    let size = backward ? g.inputHeight * g.inputWidth * channels : g.outputHeight * g.outputWidth * channels
    (target + images.lowerBound * size).update(repeating: 0, count: images.count * size)
    for n in images {
        for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
                let output = ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels
                for ky in 0..<g.kernelHeight {
                    for kx in 0..<g.kernelWidth {
                        let input = ((n * g.inputHeight + oy * g.stride + ky) * g.inputWidth + ox * g.stride + kx) * channels
                        if backward {
                            for c in 0..<channels { target[input + c] += source[output + c] * share }
                        } else {
                            for c in 0..<channels { target[output + c] += source[input + c] * share }
                        }
                    }
                }
            }
        }
    }
}

/// Global average pooling for the samples in `images` ([pixels, channels] each), forward
/// (y[n, c] = Σ_p x[n, p, c] / pixels, summed in pixel order) or backward
/// (dx[n, p, c] = dy[n, c] / pixels), as `GlobalAveragePooling2D` computes them.
func globalAveragePool(_ source: UnsafePointer<Double>, pixels: Int, channels: Int, images: Range<Int>, backward: Bool,
                       into target: UnsafeMutablePointer<Double>) {
    let count = Double(pixels)
    for n in images {
        let (image, means) = (n * pixels * channels, n * channels)
        if backward {
            for p in 0..<pixels {
                for c in 0..<channels { target[image + p * channels + c] = source[means + c] / count }
            }
        } else {
            for c in 0..<channels { target[means + c] = 0 }
            for p in 0..<pixels {
                for c in 0..<channels { target[means + c] += source[image + p * channels + c] }
            }
            for c in 0..<channels { target[means + c] /= count }
        }
    }
}

extension HiddenActivation {
    /// y = σ(y + b) for the rows `rows` of a `width`-wide buffer, in place: the bias of a Conv2D
    /// or Affine layer and the activation after it in one pass (`nil`: the bias only). The same
    /// two operations as the layers, one after the other, so the same bits.
    static func addBias(_ bias: UnsafePointer<Double>, andApply activation: HiddenActivation?,
                        to y: UnsafeMutablePointer<Double>, rows: Range<Int>, width: Int) {
        for r in rows {
            let row = y + r * width
            switch activation {
            case nil: for j in 0..<width { row[j] += bias[j] }
            case .relu?: for j in 0..<width { row[j] = relu(row[j] + bias[j]) }
            case let other?: for j in 0..<width { row[j] = other(row[j] + bias[j]) }
            }
        }
    }

    /// y = σ(x) for the elements `range`.
    func apply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, range: Range<Int>) {
        for i in range { y[i] = self(x[i]) }
    }

    /// dx = dy · σ′ for the elements `range`, σ′ written with the outputs y, as the activation
    /// layers' backward passes compute it (ReLU passes dy where y > 0 and 0 elsewhere; `dx` may
    /// be `dy`).
    func backward(_ dy: UnsafePointer<Double>, outputs y: UnsafePointer<Double>, into dx: UnsafeMutablePointer<Double>,
                  range: Range<Int>) {
        if self == .relu {
            for i in range { dx[i] = y[i] > 0 ? dy[i] : 0 }
        } else {
            for i in range { dx[i] = dy[i] * derivative(output: y[i]) }
        }
    }
}

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
    let (outputHeight, outputWidth, window, channels) = (g.outputHeight, g.outputWidth, g.windowSize, g.channels)
    let runLength = g.kernelWidth * channels
    for n in images {
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let row = columns + ((n * outputHeight + oy) * outputWidth + ox) * window
                let (first, last) = validColumns(ox, g)
                for ky in 0..<g.kernelHeight {
                    let target = row + ky * runLength
                    let iy = oy * g.stride - g.padTop + ky
                    guard iy >= 0 && iy < g.inputHeight, first < last else {
                        target.update(repeating: 0, count: runLength)  // a padding row
                        continue
                    }
                    let ix = ox * g.stride - g.padLeft + first
                    target.update(repeating: 0, count: first * channels)
                    (target + first * channels).update(from: x + ((n * g.inputHeight + iy) * g.inputWidth + ix) * channels,
                                                       count: (last - first) * channels)
                    (target + last * channels).update(repeating: 0, count: (g.kernelWidth - last) * channels)
                }
            }
        }
    }
}

/// col2im for the images in `images`: each image's gradient zeroed, then every window row's
/// numbers added to the pixels it came from, in `col2im(_:_:batch:)`'s order (windows in order,
/// then ky, kx, c).
func foldWindows(_ columns: UnsafePointer<Double>, _ g: ConvolutionGeometry, images: Range<Int>,
                 into dx: UnsafeMutablePointer<Double>) {
    let (outputHeight, outputWidth, window, channels) = (g.outputHeight, g.outputWidth, g.windowSize, g.channels)
    let imageSize = g.inputHeight * g.inputWidth * channels
    (dx + images.lowerBound * imageSize).update(repeating: 0, count: images.count * imageSize)
    for n in images {
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let row = columns + ((n * outputHeight + oy) * outputWidth + ox) * window
                let (first, last) = validColumns(ox, g)
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.stride - g.padTop + ky
                    guard iy >= 0 && iy < g.inputHeight else { continue }
                    let source = row + (ky * g.kernelWidth + first) * channels
                    let target = dx + ((n * g.inputHeight + iy) * g.inputWidth + ox * g.stride - g.padLeft + first) * channels
                    for i in 0..<(Swift.max(0, last - first) * channels) { target[i] += source[i] }
                }
            }
        }
    }
}

/// The window columns kx in `first..<last` that fall inside the image for window column `ox`.
private func validColumns(_ ox: Int, _ g: ConvolutionGeometry) -> (first: Int, last: Int) {
    let left = ox * g.stride - g.padLeft
    return (Swift.max(0, -left), Swift.min(g.kernelWidth, g.inputWidth - left))
}

/// Max pooling forward for the images in `images`: each output the first largest value of its
/// window and channel (`MaxPooling2D.choices`' order), and where it was, for backward.
func maxPoolForward(_ x: UnsafePointer<Double>, _ g: ConvolutionGeometry, images: Range<Int>,
                    into y: UnsafeMutablePointer<Double>, chosen: UnsafeMutablePointer<Int>) {
    let channels = g.channels
    for n in images {
        for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
                let output = ((n * g.outputHeight + oy) * g.outputWidth + ox) * channels
                let corner = ((n * g.inputHeight + oy * g.stride) * g.inputWidth + ox * g.stride) * channels
                for c in 0..<channels {
                    var best = corner + c
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let position = corner + (ky * g.inputWidth + kx) * channels + c
                            if x[position] > x[best] { best = position }  // ties keep the first
                        }
                    }
                    chosen[output + c] = best
                    y[output + c] = x[best]
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

/// A convolution's forward pass written as its definition, seven nested loops and no im2col:
/// for reading, for the exercises, and as the independent value `Conv2D` is tested against.
///
/// ```
/// y[n, oy, ox, f] = b[f] + Σ_{ky, kx, c} x[n, oy·s − pad_top + ky, ox·s − pad_left + kx, c] · W[ky, kx, c, f]
/// ```
///
/// (pixels outside the image count as 0).
///
/// - Parameters:
///   - x: images [N, H, W, C].
///   - weight: filters [kernel_h, kernel_w, C, F].
///   - bias: [F].
///   - stride: the window's step.
///   - padding: the zeros around each image.
/// - Returns: [N, out_h, out_w, F].
public func convolution(byLoops x: Tensor, weight: Tensor, bias: Tensor, stride: Int = 1, padding: Padding = .valid) -> Tensor {
    let g = Conv2D(weight: weight, bias: bias, stride: stride, padding: padding).geometry(for: x)
    let (batch, filters) = (x.shape[0], weight.shape[3])
    var y = Tensor.zeros([batch, g.outputHeight, g.outputWidth, filters])
    for n in 0..<batch {
        for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
                for f in 0..<filters {
                    var sum = bias[f]
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let (iy, ix) = (oy * g.stride - g.padTop + ky, ox * g.stride - g.padLeft + kx)
                            guard iy >= 0 && iy < g.inputHeight && ix >= 0 && ix < g.inputWidth else { continue }
                            for c in 0..<g.channels { sum += x[n, iy, ix, c] * weight[ky, kx, c, f] }
                        }
                    }
                    y[n, oy, ox, f] = sum
                }
            }
        }
    }
    return y
}

/// The backward pass of `convolution(byLoops:…)`, loop for loop: each term x · W of the sum
/// sends dout · W back to the pixel and dout · x back to the weight.
///
/// ```
/// for every n, oy, ox, f, ky, kx, c (with iy, ix as in the forward pass):
///     dx[n, iy, ix, c]  += dout[n, oy, ox, f] · W[ky, kx, c, f]
///     dW[ky, kx, c, f]  += dout[n, oy, ox, f] · x[n, iy, ix, c]
/// db[f] = Σ dout[n, oy, ox, f]
/// ```
///
/// - Returns: dx shaped like x, dW like the weight, db like the bias.
public func convolutionBackward(byLoops dout: Tensor, x: Tensor, weight: Tensor, stride: Int = 1,
                                padding: Padding = .valid) -> (dx: Tensor, dW: Tensor, db: Tensor) {
    let g = Conv2D(weight: weight, bias: .zeros([weight.shape[3]]), stride: stride, padding: padding).geometry(for: x)
    let (batch, filters) = (x.shape[0], weight.shape[3])
    precondition(dout.shape == [batch, g.outputHeight, g.outputWidth, filters],
                 "convolutionBackward: dout \(dout.shape) is not the output shape \([batch, g.outputHeight, g.outputWidth, filters])")
    var dx = Tensor.zeros(like: x), dW = Tensor.zeros(like: weight), db = Tensor.zeros([filters])
    for n in 0..<batch {
        for oy in 0..<g.outputHeight {
            for ox in 0..<g.outputWidth {
                for f in 0..<filters {
                    let upstream = dout[n, oy, ox, f]
                    db[f] += upstream
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let (iy, ix) = (oy * g.stride - g.padTop + ky, ox * g.stride - g.padLeft + kx)
                            guard iy >= 0 && iy < g.inputHeight && ix >= 0 && ix < g.inputWidth else { continue }
                            for c in 0..<g.channels {
                                dx[n, iy, ix, c] += upstream * weight[ky, kx, c, f]
                                dW[ky, kx, c, f] += upstream * x[n, iy, ix, c]
                            }
                        }
                    }
                }
            }
        }
    }
    return (dx, dW, db)
}

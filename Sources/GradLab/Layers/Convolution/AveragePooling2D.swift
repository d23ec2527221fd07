/// Average pooling: each channel of each window replaced by its mean; Keras's
/// `AveragePooling2D`, LeNet-5's subsampling. No parameters.
///
/// ```
/// forward:   y[n, oy, ox, c] = (1 / k²) Σ_{ky, kx} x[n, oy·s + ky, ox·s + kx, c]
/// backward:  dx[n, oy·s + ky, ox·s + kx, c] += dout[n, oy, ox, c] / k²     (every pixel of the window)
/// ```
///
/// Smooth everywhere, unlike max pooling: no kinks. Windows and leftovers as in `MaxPooling2D`.
public struct AveragePooling2D: Layer {
    /// The window's rows and columns.
    public let poolSize: Int
    /// The window's step.
    public let stride: Int
    private var geometry: ConvolutionGeometry?
    private var batch = 0

    /// Pools `poolSize × poolSize` windows stepping by `stride` (by default, the pool size).
    public init(poolSize: Int, stride: Int? = nil) {
        precondition(poolSize >= 1 && (stride ?? 1) >= 1, "AveragePooling2D: pool size \(poolSize) and stride \(stride ?? poolSize) must be at least 1")
        self.poolSize = poolSize
        self.stride = stride ?? poolSize
    }

    /// The mean of each window and channel.
    public mutating func forward(_ x: Tensor) -> Tensor {
        let g = poolingGeometry(for: x, poolSize: poolSize, stride: stride, "AveragePooling2D")
        (geometry, batch) = (g, x.shape[0])
        let share = 1 / Double(poolSize * poolSize)
        let values = x.scalars
        var y = [Double](repeating: 0, count: batch * g.outputHeight * g.outputWidth * g.channels)
        forEachWindowPixel(g) { output, input in y[output] += values[input] * share }
        return Tensor(shape: [batch, g.outputHeight, g.outputWidth, g.channels], scalars: y)
    }

    /// Each output's gradient shared equally among its window's pixels.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let g = geometry else { preconditionFailure("AveragePooling2D.backward called before forward") }
        let expected = [batch, g.outputHeight, g.outputWidth, g.channels]
        precondition(dout.shape == expected, "AveragePooling2D.backward: dout \(dout.shape) does not match the output shape \(expected)")
        let share = 1 / Double(poolSize * poolSize)
        let upstream = dout.scalars
        var dx = [Double](repeating: 0, count: batch * g.inputHeight * g.inputWidth * g.channels)
        forEachWindowPixel(g) { output, input in dx[input] += upstream[output] * share }
        return Tensor(shape: [batch, g.inputHeight, g.inputWidth, g.channels], scalars: dx)
    }

    /// Calls `body(output, input)` with the flat positions of every output and every input
    /// pixel of its window, channel by channel.
    private func forEachWindowPixel(_ g: ConvolutionGeometry, _ body: (Int, Int) -> Void) {
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let output = ((n * g.outputHeight + oy) * g.outputWidth + ox) * g.channels
                    for ky in 0..<poolSize {
                        for kx in 0..<poolSize {
                            let input = ((n * g.inputHeight + oy * stride + ky) * g.inputWidth + ox * stride + kx) * g.channels
                            for c in 0..<g.channels { body(output + c, input + c) }
                        }
                    }
                }
            }
        }
    }
}

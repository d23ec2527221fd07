/// Max pooling: each channel of each window replaced by its largest value; Keras's
/// `MaxPooling2D`, the book's `Pooling`. No parameters.
///
/// ```
/// 2×2 windows, stride 2, one channel:
///   1 3 │ 2 0
///   4 2 │ 1 5         forward:  4 5        backward: dout goes to the maximum's place,
///   ────┼────                   7 6                  0 elsewhere:  0 0 │ 0 0
///   0 7 │ 6 1                                                      d₀ 0 │ 0 d₁
///   3 1 │ 2 2                                                      ...
/// ```
///
/// The window moves by `stride` (the pool size unless told otherwise) without padding; rows and
/// columns left over at the bottom and right, when the windows do not divide the image, are
/// not pooled (as in Keras: 11 rows pooled by 2 give 5).
///
/// **A kink.** Where two values in a window tie for the maximum, the output does not have a
/// derivative: nudging either value up changes the output, nudging it down does not. Backward
/// sends the gradient to the first of them (row by row); a numerical gradient there sees
/// half of it on each side. Real images tie often (MNIST has many pixels at exactly 0 and 1),
/// so gradient checks of pooling layers use random inputs, or report the ties as kinks.
public struct MaxPooling2D: Layer {
    /// The window's rows and columns.
    public let poolSize: Int
    /// The window's step.
    public let stride: Int
    /// For each output, the flat position in the input of the value chosen.
    private var chosen: [Int]?
    private var inputShape: [Int] = []

    /// Pools `poolSize × poolSize` windows stepping by `stride` (by default, the pool size:
    /// windows side by side).
    public init(poolSize: Int, stride: Int? = nil) {
        precondition(poolSize >= 1 && (stride ?? 1) >= 1, "MaxPooling2D: pool size \(poolSize) and stride \(stride ?? poolSize) must be at least 1")
        self.poolSize = poolSize
        self.stride = stride ?? poolSize
    }

    /// The largest value of each window and channel; remembers where each was.
    public mutating func forward(_ x: Tensor) -> Tensor {
        let (shape, positions) = choices(x)
        chosen = positions
        inputShape = x.shape
        return Tensor(shape: shape, scalars: positions.map { x[flat: $0] })
    }

    /// Where each output's maximum is in `x` (flat positions, ties to the first), and the
    /// output's shape [N, out_h, out_w, C].
    func choices(_ x: Tensor) -> (shape: [Int], positions: [Int]) {
        let g = poolingGeometry(for: x, poolSize: poolSize, stride: stride, "MaxPooling2D")
        let (batch, channels) = (x.shape[0], g.channels)
        var positions = [Int](repeating: 0, count: batch * g.outputHeight * g.outputWidth * channels)
        let values = x.scalars
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    for c in 0..<channels {
                        var best = ((n * g.inputHeight + oy * stride) * g.inputWidth + ox * stride) * channels + c
                        for ky in 0..<poolSize {
                            for kx in 0..<poolSize {
                                let position = ((n * g.inputHeight + oy * stride + ky) * g.inputWidth + ox * stride + kx) * channels + c
                                if values[position] > values[best] { best = position }  // ties keep the first
                            }
                        }
                        positions[((n * g.outputHeight + oy) * g.outputWidth + ox) * channels + c] = best
                    }
                }
            }
        }
        return ([batch, g.outputHeight, g.outputWidth, channels], positions)
    }

    /// Each output's gradient to the place its maximum came from (summed where windows overlap).
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let chosen else { preconditionFailure("MaxPooling2D.backward called before forward") }
        precondition(dout.count == chosen.count, "MaxPooling2D.backward: dout \(dout.shape) does not match the last output (\(chosen.count) values)")
        return scatterAdding(dout, to: chosen, shape: inputShape)
    }
}

extension MaxPooling2D: PiecewiseLayer {
    /// Where each output's maximum came from in the last forward pass: a different winner is
    /// a different piece of the function.
    public var pieces: [Int] { chosen ?? [] }
}

/// The geometry of `poolSize × poolSize` windows stepping by `stride`, no padding, over images
/// [N, H, W, C]: what both pooling layers check their input against.
func poolingGeometry(for x: Tensor, poolSize: Int, stride: Int, _ caller: String) -> ConvolutionGeometry {
    precondition(x.rank == 4, "\(caller): input \(x.shape) is not images [N, H, W, C]")
    do {
        return try ConvolutionGeometry(inputHeight: x.shape[1], inputWidth: x.shape[2], channels: x.shape[3],
                                       kernelHeight: poolSize, kernelWidth: poolSize, stride: stride, padding: .valid)
    } catch {
        preconditionFailure("\(caller): input \(x.shape), pool \(poolSize)×\(poolSize): \(error.description)")
    }
}

/// A tensor of `shape`, zero except that each value of `values` is added at its position:
/// how max pooling sends each gradient back to the maximum it came from.
func scatterAdding(_ values: Tensor, to positions: [Int], shape: [Int]) -> Tensor {
    var result = [Double](repeating: 0, count: shape.reduce(1, *))
    for (index, position) in positions.enumerated() { result[position] += values[flat: index] }
    return Tensor(shape: shape, scalars: result)
}

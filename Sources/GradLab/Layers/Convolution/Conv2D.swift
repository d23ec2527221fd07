/// A 2-D convolution over images in the NHWC layout: F filters, each kernel_h × kernel_w × C,
/// slid over the image; Keras's `Conv2D`, the book's `Convolution`.
///
/// ```
/// x: [N, H, W, C]    W: [kernel_h, kernel_w, C, F]    b: [F]    y: [N, out_h, out_w, F]
///
/// y[n, oy, ox, f] = b[f] + Σ_{ky, kx, c} x[n, oy·s + ky, ox·s + kx, c] · W[ky, kx, c, f]
/// ```
///
/// Computed as the book does, through `im2col`: every window unrolled into a row, then one
/// matrix product with the filters as columns, as an Affine layer on windows.
///
/// ```
/// forward:   cols = im2col(x)                      [N·out_h·out_w, kernel_h·kernel_w·C]
///            y    = cols · W + b                   W read as [kernel_h·kernel_w·C, F]
/// backward:  dW   = colsᵀ · dout                   dout read as [N·out_h·out_w, F]
///            db   = Σ dout over N, out_h, out_w
///            dx   = col2im(dout · Wᵀ)              each pixel sums over the windows it was in
/// ```
///
/// `convolution(byLoops:…)` computes the same with the sum above written as seven loops, for
/// reading; the tests check that both agree.
public struct Conv2D: Layer {
    /// The filters, [kernel_h, kernel_w, input channels, filters] (TensorFlow's order).
    public var weight: Tensor
    /// One bias per filter.
    public var bias: Tensor
    /// How many pixels each step moves the window, down and across.
    public let stride: Int
    /// The zeros added around each image first.
    public let padding: Padding
    /// dL/dW from the last `backward`.
    public private(set) var weightGradient: Tensor?
    /// dL/db from the last `backward`.
    public private(set) var biasGradient: Tensor?
    /// The last forward's windows (what dW needs), their geometry, and the batch size.
    private var cache: (columns: Tensor, geometry: ConvolutionGeometry, batch: Int)?

    /// Creates the layer from its filters [kernel_h, kernel_w, C, F] and biases [F].
    public init(weight: Tensor, bias: Tensor, stride: Int = 1, padding: Padding = .valid) {
        precondition(weight.rank == 4 && bias.shape == [weight.shape[3]],
                     "Conv2D: weight \(weight.shape) and bias \(bias.shape) do not fit (want [kernel_h, kernel_w, C, F] and [F])")
        precondition(stride >= 1, "Conv2D: the stride must be at least 1, got \(stride)")
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
    }

    /// Creates `filters` filters of `kernelHeight × kernelWidth × channels`, weights drawn by
    /// `initialization` with kernel_h · kernel_w · channels inputs per output (a filter's fan-in),
    /// biases 0.
    public init(filters: Int, kernelHeight: Int, kernelWidth: Int, channels: Int, stride: Int = 1,
                padding: Padding = .valid, initialization: WeightInitialization = .book, using generator: inout SplitMix64) {
        precondition(filters > 0 && kernelHeight > 0 && kernelWidth > 0 && channels > 0,
                     "Conv2D: sizes must be positive, got \(filters) filters of \(kernelHeight)×\(kernelWidth)×\(channels)")
        let fanIn = kernelHeight * kernelWidth * channels
        let weights = initialization.weights(inputs: fanIn, outputs: filters, using: &generator)
        self.init(weight: weights.reshaped([kernelHeight, kernelWidth, channels, filters]), bias: .zeros([filters]),
                  stride: stride, padding: padding)
    }

    /// The number of filters F.
    public var filters: Int { weight.shape[3] }

    /// The geometry of this layer's window on images of `x`'s shape [N, H, W, C].
    public func geometry(for x: Tensor) -> ConvolutionGeometry {
        precondition(x.rank == 4 && x.shape[3] == weight.shape[2],
                     "Conv2D: input \(x.shape) is not [N, H, W, \(weight.shape[2])] for weight \(weight.shape)")
        do {
            return try ConvolutionGeometry(inputHeight: x.shape[1], inputWidth: x.shape[2], channels: x.shape[3],
                                           kernelHeight: weight.shape[0], kernelWidth: weight.shape[1],
                                           stride: stride, padding: padding)
        } catch {
            preconditionFailure("Conv2D: input \(x.shape), weight \(weight.shape): \(error.description)")
        }
    }

    /// y = im2col(x) · W + b, reshaped to [N, out_h, out_w, F].
    public mutating func forward(_ x: Tensor) -> Tensor {
        let geometry = geometry(for: x)
        let columns = im2col(x, geometry)
        cache = (columns, geometry, x.shape[0])
        let y = columns.matmul(weight.reshaped([geometry.windowSize, filters])) + bias
        return y.reshaped([x.shape[0], geometry.outputHeight, geometry.outputWidth, filters])
    }

    /// Stores dW and db; returns dx = col2im(dout · Wᵀ).
    public mutating func backward(_ dout: Tensor) -> Tensor {
        let (upstream, geometry, batch) = storeParameterGradients(dout)
        let columnGradient = Tensor.matmul(upstream, weight.reshaped([geometry.windowSize, filters]), transposeB: true)
        return col2im(columnGradient, geometry, batch: batch)
    }

    /// Stores dW and db only, for a first layer whose input (the images) needs no gradient.
    public mutating func backwardParameters(_ dout: Tensor) {
        _ = storeParameterGradients(dout)
    }

    /// dW = colsᵀ · dout and db = Σ dout; returns dout as a matrix [N·out_h·out_w, F].
    private mutating func storeParameterGradients(_ dout: Tensor) -> (Tensor, ConvolutionGeometry, Int) {
        guard let (columns, geometry, batch) = cache else { preconditionFailure("Conv2D.backward called before forward") }
        let expected = [batch, geometry.outputHeight, geometry.outputWidth, filters]
        precondition(dout.shape == expected, "Conv2D.backward: dout \(dout.shape) does not match the output shape \(expected)")
        let upstream = dout.reshaped([-1, filters])
        weightGradient = Tensor.matmul(columns, transposeA: true, upstream).reshaped(weight.shape)
        biasGradient = upstream.sum(alongAxis: 0)
        return (upstream, geometry, batch)
    }

    /// "W" and "b".
    public var parameters: [NamedTensor] {
        get { [NamedTensor("W", weight), NamedTensor("b", bias)] }
        set {
            let values = NamedParameters.values(newValue, expecting: ["W", "b"], layer: "Conv2D")
            (weight, bias) = (values[0], values[1])
        }
    }

    /// "W" and "b" gradients from the last `backward`.
    public var gradients: [NamedTensor] {
        NamedParameters.gradients([("W", weightGradient), ("b", biasGradient)], layer: "Conv2D")
    }
}

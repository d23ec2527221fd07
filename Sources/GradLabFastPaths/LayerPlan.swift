import GradLab

/// A network's layers as the fast path computes them: a list of steps over flat buffers, each
/// one layer (or a Conv2D or Affine layer with the activation after it, fused), with the number
/// of values per sample going in and out.
///
/// ```
/// conv 30 5x5, relu, maxpool 2, flatten, affine 100, relu, affine 10
///   → convolution+relu [28,28,1]→[24,24,30], max pooling →[12,12,30], reshape →[4320],
///     affine+relu →[100], affine →[10]
/// ```
///
/// Layers the fast path does not know (BatchNorm, Dropout, LeakyReLU, Residual, a student's
/// own) become `readable` steps: the layer itself runs on tensors made from the buffers, so it
/// keeps what a training step leaves in it (BatchNorm's running averages, Dropout's generator).
struct LayerPlan: Sendable {
    /// What one step computes.
    enum Kind: Sendable, Equatable {
        /// y = σ(im2col(x) · W + b), σ the fused activation if any.
        case convolution(ConvolutionGeometry, filters: Int, activation: HiddenActivation?)
        /// y = σ(x · W + b).
        case affine(inputs: Int, outputs: Int, activation: HiddenActivation?)
        /// y = σ(x) alone.
        case activation(HiddenActivation)
        /// MaxPooling2D's windows.
        case maxPooling(ConvolutionGeometry)
        /// AveragePooling2D's windows.
        case averagePooling(ConvolutionGeometry)
        /// GlobalAveragePooling2D: each channel's mean over the image.
        case globalAveragePooling(pixels: Int, channels: Int)
        /// Flatten: the numbers stay where they are, so the step's buffers are its input's.
        case reshape
        /// Any other layer, through its own `forward` and `backward`.
        case readable
    }

    /// One step: what it computes, the network's layers it stands for, and its shapes per sample.
    struct Step: Sendable {
        /// What the step computes.
        let kind: Kind
        /// The indices of the layers it computes (two when an activation is fused).
        let layers: Range<Int>
        /// One sample's shape going in and coming out.
        let inputShape: [Int], outputShape: [Int]
        /// Values per sample going in and coming out.
        var inputSize: Int { inputShape.reduce(1, *) }
        var outputSize: Int { outputShape.reduce(1, *) }
        /// Where the step's weight is in the network's parameters (its bias follows), if it has one.
        let parameterIndex: Int?
    }

    /// The steps, in order.
    let steps: [Step]
    /// Values per sample going into the first layer (pixels per image).
    let inputSize: Int

    /// The plan for `network` on samples of `inputSize` values (flat rows, viewed through
    /// `Sequential.samples`), or nil if the network cannot take such samples: a convolution or
    /// pooling layer needs images [H, W, C] (`inputShape`).
    init?(_ network: Sequential, inputSize: Int) {
        // Every layer's output shape, from one inference pass over a zero sample on copies of the
        // layers (it costs one image, and knows the shapes of any layer, a student's own too).
        let sample = network.samples(.zeros([1, inputSize]))
        let shape = Array(sample.shape.dropFirst())
        let needsImages = network.layers.contains { $0 is Conv2D || $0 is MaxPooling2D || $0 is AveragePooling2D || $0 is GlobalAveragePooling2D }
        guard !needsImages || shape.count == 3, let first = network.layers.first,
              !(first is Conv2D) || shape.last == (first as! Conv2D).weight.shape[2] else { return nil }
        var shapes = [shape]
        var x = sample, layers = network.layers
        for i in layers.indices {
            x = layers[i].forward(x, mode: .inference)
            shapes.append(Array(x.shape.dropFirst()))
        }
        var parameterIndex = 0, steps: [Step] = []
        var i = 0
        while i < network.layers.count {
            let (kind, width) = Self.kind(of: network.layers, at: i, inputShape: shapes[i])
            let hasParameters = !network.layers[i].parameters.isEmpty
            steps.append(Step(kind: kind, layers: i..<(i + width), inputShape: shapes[i], outputShape: shapes[i + width],
                              parameterIndex: hasParameters ? parameterIndex : nil))
            for layer in network.layers[i..<(i + width)] { parameterIndex += layer.parameters.count }
            i += width
        }
        self.steps = steps
        self.inputSize = inputSize
    }

    /// What layer `i` becomes, and how many layers the step takes (2 when the next layer is an
    /// activation fused into a Conv2D or Affine).
    private static func kind(of layers: [any Layer], at i: Int, inputShape: [Int]) -> (Kind, Int) {
        let fused = i + 1 < layers.count ? HiddenActivation(layer: layers[i + 1]) : nil
        let width = fused == nil ? 1 : 2
        switch layers[i] {
        case let conv as Conv2D where inputShape.count == 3:
            guard let geometry = try? ConvolutionGeometry(
                inputHeight: inputShape[0], inputWidth: inputShape[1], channels: inputShape[2],
                kernelHeight: conv.weight.shape[0], kernelWidth: conv.weight.shape[1], stride: conv.stride, padding: conv.padding)
            else { return (.readable, 1) }
            return (.convolution(geometry, filters: conv.filters, activation: fused), width)
        case let affine as Affine where inputShape.count == 1:
            return (.affine(inputs: affine.weight.shape[0], outputs: affine.weight.shape[1], activation: fused), width)
        case let pool as MaxPooling2D where inputShape.count == 3:
            return (poolingGeometry(inputShape, pool.poolSize, pool.stride).map { .maxPooling($0) } ?? .readable, 1)
        case let pool as AveragePooling2D where inputShape.count == 3:
            return (poolingGeometry(inputShape, pool.poolSize, pool.stride).map { .averagePooling($0) } ?? .readable, 1)
        case is GlobalAveragePooling2D where inputShape.count == 3:
            return (.globalAveragePooling(pixels: inputShape[0] * inputShape[1], channels: inputShape[2]), 1)
        case is Flatten:
            return (.reshape, 1)
        case let layer:
            return (HiddenActivation(layer: layer).map { .activation($0) } ?? .readable, 1)
        }
    }

    /// The windows of a pooling layer on images of `shape` [H, W, C] (no padding).
    private static func poolingGeometry(_ shape: [Int], _ poolSize: Int, _ stride: Int) -> ConvolutionGeometry? {
        try? ConvolutionGeometry(inputHeight: shape[0], inputWidth: shape[1], channels: shape[2],
                                 kernelHeight: poolSize, kernelWidth: poolSize, stride: stride, padding: .valid)
    }

    /// Whether some step is a convolution or pooling one: what the fast convolutional source is for.
    var hasImageSteps: Bool {
        steps.contains {
            switch $0.kind {
            case .convolution, .maxPooling, .averagePooling, .globalAveragePooling: true
            default: false
            }
        }
    }
}

extension LayerPlan.Step {
    /// The step in the words of a network description: "conv 30 5x5 + relu", "maxpool 2",
    /// "BatchNorm (its own code)".
    func description(_ layers: [any Layer]) -> String {
        func fused(_ activation: HiddenActivation?) -> String { activation.map { " + \($0.rawValue)" } ?? "" }
        func pool(_ g: ConvolutionGeometry) -> String {
            "\(g.kernelHeight)" + (g.stride == g.kernelHeight ? "" : " stride \(g.stride)")
        }
        switch kind {
        case let .convolution(g, filters, activation):
            return "conv \(filters) \(g.kernelHeight)x\(g.kernelWidth)" + (g.stride == 1 ? "" : " stride \(g.stride)") + fused(activation)
        case let .affine(_, outputs, activation): return "affine \(outputs)" + fused(activation)
        case .activation(let activation): return activation.rawValue
        case .maxPooling(let g): return "maxpool " + pool(g)
        case .averagePooling(let g): return "avgpool " + pool(g)
        case .globalAveragePooling: return "global-avgpool"
        case .reshape: return "flatten"
        case .readable: return "\(type(of: layers[self.layers.lowerBound])) (its own code)"
        }
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabSwiftAutodiff

/// `--gradient`: which way the trainer gets its gradients.
enum GradientChoice: String, CaseIterable {
    /// The fused fast path for Affine, sigmoid/relu/tanh, Affine; the buffered one for networks
    /// with convolution or pooling layers (an error for other networks).
    case fast
    /// Backprop through the layers, the readable path: any network.
    case layers
    /// Central differences: the fast methods for the book's network, the readable one otherwise.
    case numerical
    /// Reverse-mode automatic differentiation with the gradient tape: any network of `TapeLayer`s.
    case tape
    /// Swift's own autodiff (`valueWithGradient`), where the toolchain has it: the book's shape.
    case autodiff

    /// The gradient source for `network`: `choice`, or when nil a fast path where one applies (the
    /// two-layer `FastBackprop`, else `FastConvolutionBackprop` for networks with convolution or
    /// pooling layers) and the layers elsewhere.
    ///
    /// - Throws: ``UsageError`` (exit 2) for a choice that cannot handle this network;
    ///   `CommandError` for autodiff on a toolchain without `_Differentiation`.
    static func source(
        _ choice: GradientChoice?, for network: Sequential, method: NumericalMethod,
        trainingSet: LabeledImages, testSet: LabeledImages, evaluates: Bool
    ) throws -> any GradientSource {
        switch choice {
        case nil:
            return fastSource(for: network, trainingSet: trainingSet, testSet: testSet, evaluates: evaluates) ?? LayerBackprop()
        case .fast:
            guard let fast = fastSource(for: network, trainingSet: trainingSet, testSet: testSet, evaluates: evaluates) else {
                throw UsageError("--gradient fast: the fast paths know 'affine N, sigmoid|relu|tanh, affine 10' and networks with "
                                 + "convolution or pooling layers ('conv …', 'maxpool …', 'avgpool …', 'global-avgpool'); "
                                 + "use --gradient layers for this network")
            }
            return fast
        case .layers:
            return LayerBackprop()
        case .tape:
            guard network.runsOnTape else {
                throw UsageError("--gradient tape: every layer needs a forward pass on the tape (TapeLayer); \(network.layers.filter { !($0 is any TapeLayer) }.map { "\(type(of: $0))" }.joined(separator: ", ")) has none")
            }
            return TapeGradients()
        case .autodiff:
            #if canImport(_Differentiation)
            guard let source = SwiftAutodiffGradients(network) else {
                throw UsageError("--gradient autodiff covers 'affine N, sigmoid|relu|tanh, affine 10' only; use --gradient tape for this network")
            }
            return source
            #else
            throw CommandError("--gradient autodiff: this toolchain has no _Differentiation module (swift.org's Linux toolchains have it, Xcode's has not); use --gradient tape")
            #endif
        case .numerical:
            if let fast = FastNumericalGradients(network, method: method, trainingSet: trainingSet, testSet: testSet, evaluates: evaluates) {
                return fast
            }
            guard method == .full else {
                throw UsageError("--numeric-method incremental works only for 'affine N, sigmoid|relu|tanh, affine 10'; use --numeric-method full")
            }
            return NumericalGradients()
        }
    }

    /// The two-layer `FastBackprop` if the network has its shape, else `FastConvolutionBackprop`
    /// if it has convolution or pooling layers, else nil.
    private static func fastSource(for network: Sequential, trainingSet: LabeledImages, testSet: LabeledImages,
                                   evaluates: Bool) -> (any GradientSource)? {
        if let fast = FastBackprop(network, trainingSet: trainingSet, testSet: testSet, evaluates: evaluates) { return fast }
        return FastConvolutionBackprop(network, inputSize: trainingSet.pixelsPerImage)
    }
}

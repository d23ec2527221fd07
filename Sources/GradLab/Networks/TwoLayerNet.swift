/// A two-layer network: Affine → activation → Affine → softmax, trained with cross-entropy.
/// The book's `TwoLayerNet` (chapters 4 and 5), 784-50-10 on MNIST.
///
/// ```
/// a1 = x · W1 + b1         N×I · I×H
/// z1 = σ(a1)               sigmoid by default, or ReLU / tanh
/// a2 = z1 · W2 + b2        N×H · H×O   (the scores)
/// y  = softmax(a2)         probabilities
/// L  = cross-entropy(y, t)
/// ```
///
/// Two ways to get ∂L/∂(W1, b1, W2, b2), returning the same `Parameters` type:
/// - `numericalGradient(_:_:)`: perturb each of the 39,760 parameters (784-50-10) and evaluate
///   the loss twice: simple, slow, and the reference;
/// - `gradient(_:_:)`: backprop through the layers: one forward and one backward pass.
///
/// The network is a value: a gradient computation works on copies and never changes it. The
/// loss has no δ (see `SoftmaxWithLoss`), so the two gradients agree to about 10⁻¹⁰.
public struct TwoLayerNet: Sendable {
    /// The network's weights and biases, named as in the book; also the type of a gradient.
    public var parameters: Parameters
    /// The hidden layer's activation function.
    public var activation: HiddenActivation

    /// The number of inputs (784 for MNIST).
    public var inputSize: Int { parameters.W1.shape[0] }
    /// The number of hidden units (the book's 50).
    public var hiddenSize: Int { parameters.W1.shape[1] }
    /// The number of classes (10 digits).
    public var outputSize: Int { parameters.W2.shape[1] }

    /// Creates a network with N(0, weightInitStd²) weights and zero biases, the book's way.
    ///
    /// - Parameters:
    ///   - inputSize: inputs per sample (784).
    ///   - hiddenSize: hidden units (50).
    ///   - outputSize: classes (10).
    ///   - weightInitStd: σ of the initial weights (default 0.01, the book's).
    ///   - activation: the hidden activation (default `.sigmoid`).
    ///   - seed: the seed for the weights: the same seed gives the same network everywhere.
    public init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, weightInitStd: Double = 0.01,
        activation: HiddenActivation = .sigmoid, seed: UInt64 = 42
    ) {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                  initialization: .standardDeviation(weightInitStd), activation: activation, seed: seed)
    }

    /// Creates a network whose initial weights follow `initialization` (Xavier, He, or a fixed σ).
    public init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, initialization: WeightInitialization,
        activation: HiddenActivation = .sigmoid, seed: UInt64 = 42
    ) {
        precondition(inputSize > 0 && hiddenSize > 0 && outputSize > 0,
                     "TwoLayerNet: sizes must be positive, got \(inputSize)-\(hiddenSize)-\(outputSize)")
        var generator = SplitMix64(seed: seed)
        let W1 = Tensor.randomNormal(shape: [inputSize, hiddenSize],
                                     standardDeviation: initialization.standardDeviation(inputs: inputSize),
                                     using: &generator)
        let W2 = Tensor.randomNormal(shape: [hiddenSize, outputSize],
                                     standardDeviation: initialization.standardDeviation(inputs: hiddenSize),
                                     using: &generator)
        parameters = Parameters(W1: W1, b1: .zeros([hiddenSize]), W2: W2, b2: .zeros([outputSize]))
        self.activation = activation
    }

    /// Creates a network from given parameters.
    public init(parameters: Parameters, activation: HiddenActivation = .sigmoid) {
        parameters.validate()
        self.parameters = parameters
        self.activation = activation
    }

    /// The scores a2 (before softmax) for a batch x (N×I).
    public func scores(_ x: Tensor) -> Tensor {
        var hidden = activation.makeLayer()
        var layer1 = Affine(weight: parameters.W1, bias: parameters.b1)
        var layer2 = Affine(weight: parameters.W2, bias: parameters.b2)
        return layer2.forward(hidden.forward(layer1.forward(x)))
    }

    /// The class probabilities softmax(a2) for a batch x: each row sums to 1.
    public func predict(_ x: Tensor) -> Tensor {
        softmax(scores(x))
    }

    /// The mean cross-entropy loss on a batch (`t`: one-hot rows or class indices).
    public func loss(_ x: Tensor, _ t: Tensor) -> Double {
        softmaxCrossEntropy(scores: scores(x), t)
    }

    /// The fraction of samples whose highest score is the target class.
    public func accuracy(_ x: Tensor, _ t: Tensor) -> Double {
        let scores = scores(x)
        let predicted = scores.argmax()
        let labels = classIndices(of: t, for: scores, "TwoLayerNet.accuracy") ?? t.argmax()
        let correct = zip(predicted, labels).filter { $0 == $1 }.count
        return Double(correct) / Double(Swift.max(labels.count, 1))
    }

    /// ∂L/∂(W1, b1, W2, b2) by central differences: the book's `numerical_gradient`.
    ///
    /// - Complexity: 2 loss evaluations per parameter (79,520 for 784-50-10).
    public func numericalGradient(_ x: Tensor, _ t: Tensor, h: Double = 1e-4) -> Parameters {
        let toParameters: WritableKeyPath<TwoLayerNet, Parameters> = \.parameters
        let gradients = GradLab.numericalGradient(
            of: { (net: TwoLayerNet) in net.loss(x, t) }, at: self,
            withRespectTo: Parameters.keyPaths.map { toParameters.appending(path: $0) }, h: h)
        return Parameters(W1: gradients[0], b1: gradients[1], W2: gradients[2], b2: gradients[3])
    }

    /// ∂L/∂(W1, b1, W2, b2) by backprop: one forward pass through the layers, remembering what
    /// each needs, then one backward pass applying the chain rule from the loss down.
    public func gradient(_ x: Tensor, _ t: Tensor) -> Parameters {
        var layer1 = Affine(weight: parameters.W1, bias: parameters.b1)
        var hidden = activation.makeLayer()
        var layer2 = Affine(weight: parameters.W2, bias: parameters.b2)
        var lastLayer = SoftmaxWithLoss()
        // Forward.
        _ = lastLayer.forward(layer2.forward(hidden.forward(layer1.forward(x))), t)
        // Backward.
        _ = layer1.backward(hidden.backward(layer2.backward(lastLayer.backward())))
        return Parameters(W1: layer1.weightGradient!, b1: layer1.biasGradient!,
                          W2: layer2.weightGradient!, b2: layer2.biasGradient!)
    }
}

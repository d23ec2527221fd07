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
/// It is a `Sequential` of those three layers (the book's chapter 5 builds it the same way, as
/// an ordered dictionary of layers), with the book's names W1, b1, W2, b2. Two ways to get the
/// gradient, returning the same `Parameters`:
/// - `numericalGradient(_:_:)`: perturb each of the 39,760 parameters (784-50-10) and evaluate
///   the loss twice: simple, slow, and the reference;
/// - `gradient(_:_:)`: backprop through the layers: one forward and one backward pass.
///
/// The network is a value: a gradient computation works on copies and never changes it. The
/// loss has no δ (see `SoftmaxWithLoss`), so the two gradients agree to about 10⁻¹⁰.
public struct TwoLayerNet: Sendable {
    /// The layers: Affine (W1, b1), the activation, Affine (W2, b2), then softmax with loss.
    public private(set) var network: Sequential
    /// The hidden layer's activation function.
    public let activation: HiddenActivation

    /// The network's weights and biases, named W1, b1, W2, b2 as in the book (its `params`).
    public var parameters: Parameters {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    /// The number of inputs (784 for MNIST).
    public var inputSize: Int { parameters["W1"].shape[0] }
    /// The number of hidden units (the book's 50).
    public var hiddenSize: Int { parameters["W1"].shape[1] }
    /// The number of classes (10 digits).
    public var outputSize: Int { parameters["W2"].shape[1] }

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
    /// W1 is drawn first, then W2, from one generator seeded with `seed`.
    public init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, initialization: WeightInitialization,
        activation: HiddenActivation = .sigmoid, seed: UInt64 = 42
    ) {
        precondition(inputSize > 0 && hiddenSize > 0 && outputSize > 0,
                     "TwoLayerNet: sizes must be positive, got \(inputSize)-\(hiddenSize)-\(outputSize)")
        var generator = SplitMix64(seed: seed)
        let layer1 = Affine(inputs: inputSize, outputs: hiddenSize, initialization: initialization, using: &generator)
        let layer2 = Affine(inputs: hiddenSize, outputs: outputSize, initialization: initialization, using: &generator)
        network = Sequential([layer1, activation.makeLayer(), layer2])
        self.activation = activation
    }

    /// Creates a network from given parameters W1, b1, W2, b2.
    ///
    /// - Precondition: the four shapes fit together as I×H, H, H×O, O.
    public init(parameters: Parameters, activation: HiddenActivation = .sigmoid) {
        precondition(parameters.names == ["W1", "b1", "W2", "b2"],
                     "TwoLayerNet: parameters must be W1, b1, W2, b2, got \(parameters.names)")
        let (W1, b1, W2, b2) = (parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"])
        precondition(W1.rank == 2 && W2.rank == 2 && b1.shape == [W1.shape[1]]
                     && W2.shape[0] == W1.shape[1] && b2.shape == [W2.shape[1]],
                     "TwoLayerNet: shapes W1 \(W1.shape), b1 \(b1.shape), W2 \(W2.shape), b2 \(b2.shape) do not fit")
        network = Sequential([Affine(weight: W1, bias: b1), activation.makeLayer(), Affine(weight: W2, bias: b2)])
        self.activation = activation
    }

    /// The scores a2 (before softmax) for a batch x (N×I).
    public func scores(_ x: Tensor) -> Tensor { network.scores(x) }

    /// The class probabilities softmax(a2) for a batch x: each row sums to 1.
    public func predict(_ x: Tensor) -> Tensor { network.predict(x) }

    /// The mean cross-entropy loss on a batch (`t`: one-hot rows or class indices).
    public func loss(_ x: Tensor, _ t: Tensor) -> Double { network.loss(x, t) }

    /// The fraction of samples whose highest score is the target class.
    public func accuracy(_ x: Tensor, _ t: Tensor) -> Double { network.accuracy(x, t) }

    /// ∂L/∂(W1, b1, W2, b2) by central differences: the book's `numerical_gradient`.
    ///
    /// - Complexity: 2 loss evaluations per parameter (79,520 for 784-50-10).
    public func numericalGradient(_ x: Tensor, _ t: Tensor, h: Double = 1e-4) -> Parameters {
        network.numericalGradient(x, t, h: h)
    }

    /// ∂L/∂(W1, b1, W2, b2) by backprop: one forward pass through the layers, remembering what
    /// each needs, then one backward pass applying the chain rule from the loss down.
    public func gradient(_ x: Tensor, _ t: Tensor) -> Parameters {
        network.gradient(x, t).gradient
    }
}

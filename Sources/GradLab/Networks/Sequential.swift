/// A network made of any layers in order, followed by a loss layer: the book's `OrderedDict` of
/// layers plus `lastLayer`, Keras's `Sequential`.
///
/// ```
/// scores = layerₙ(… layer₂(layer₁(x)))          forward through the layers in order
/// L      = lossLayer(scores, t) + penalty(W)     softmax with cross-entropy unless told otherwise
/// dout   = lossLayer.backward()                  then backward through them, reversed:
/// dout   = layerᵢ.backward(dout)                 i = n, …, 1 (each stores its dW, db)
/// ```
///
/// ```swift
/// var generator = SplitMix64(seed: 42)
/// let net = Sequential([Affine(inputs: 784, outputs: 512, using: &generator), ReLU(),
///                       Affine(inputs: 512, outputs: 10, using: &generator)])
/// net.parameterCount        // 407,050, as Keras prints for the same model
/// ```
///
/// Parameters are named after their layer's own names, each numbered by how many tensors of
/// that name came before: two Affine layers give W1, b1, W2, b2 (the book's names), and a
/// BatchNorm between them gamma1, beta1 (the book's `MultiLayerNetExtend`). Layers inside a
/// container (`Residual`) are numbered in the same count, in order.
///
/// Modes (`LayerMode`): `predict`, `loss` and `accuracy` run in inference; `gradient` and
/// `trainingGradient` in training. Only Dropout and BatchNorm care.
///
/// The network is a value: `gradient`, `loss` and `predict` run on copies of the layers and
/// never change the network. `trainingGradient` is the one that keeps what a training step
/// leaves in the layers (BatchNorm's running averages, Dropout's generator).
public struct Sequential: Sendable {
    /// The layers, applied in order.
    public var layers: [any Layer]
    /// The loss after the last layer: softmax with cross-entropy by default.
    public var lossLayer: any LossLayer
    /// The penalty on the weights added to the loss (none by default).
    public var weightDecay: WeightDecay
    /// The shape of one sample as the first layer takes it: [28, 28, 1] for a convolutional
    /// network on MNIST (height, width, channels), [28, 28] for a recurrent one (time steps,
    /// features), [784] or nil for a dense one. Data arrive as flat rows of pixels, [N, 784];
    /// the network views each batch as [N] + `inputShape` before its first layer (Keras's
    /// `Input(shape=…)`), which costs nothing: the pixels are not copied or moved.
    public var inputShape: [Int]?

    /// Creates a network from its layers; `lossLayer` follows them. Give `inputShape` when the
    /// first layer wants samples of more than one axis (images, sequences).
    public init(_ layers: [any Layer], lossLayer: any LossLayer = SoftmaxWithLoss(), weightDecay: WeightDecay = .none,
                inputShape: [Int]? = nil) {
        self.layers = layers
        self.lossLayer = lossLayer
        self.weightDecay = weightDecay
        self.inputShape = inputShape
    }

    /// The batch `x` as the first layer takes it: flat rows [N, k] viewed as [N] + `inputShape`
    /// when that shape holds k numbers; anything else as given (the layers judge it).
    public func samples(_ x: Tensor) -> Tensor {
        guard let shape = inputShape, x.rank == 2, shape.count > 1, x.shape[1] == shape.reduce(1, *) else { return x }
        return x.reshaped([x.shape[0]] + shape)
    }

    // MARK: Forward

    /// The scores (the last layer's output, before the loss layer's softmax or sigmoid) for a
    /// batch x, in inference mode unless told otherwise.
    public func scores(_ x: Tensor, mode: LayerMode = .inference) -> Tensor {
        var layers = layers
        return Self.forward(samples(x), through: &layers, mode: mode)
    }

    /// The network's output for a batch x: class probabilities (each row sums to 1) with
    /// softmax and cross-entropy, per-output probabilities with the sigmoid, the scores with
    /// mean squared error.
    public func predict(_ x: Tensor) -> Tensor {
        lossLayer.prediction(scores(x))
    }

    /// The loss on a batch (`t`: one-hot rows, class indices, or targets shaped like the
    /// scores), the weight penalty included; in inference mode unless told otherwise.
    public func loss(_ x: Tensor, _ t: Tensor, mode: LayerMode = .inference) -> Double {
        var lastLayer = lossLayer
        return lastLayer.forward(scores(x, mode: mode), t) + weightDecay.penalty(parameters)
    }

    /// The fraction of samples whose highest score is the target class.
    public func accuracy(_ x: Tensor, _ t: Tensor) -> Double {
        let scores = scores(x)
        let labels = classIndices(of: t, for: scores, "Sequential.accuracy") ?? t.argmax()
        let correct = zip(scores.argmax(), labels).filter { $0 == $1 }.count
        return Double(correct) / Double(Swift.max(labels.count, 1))
    }

    /// x through every layer in order, in `mode`.
    static func forward(_ x: Tensor, through layers: inout [any Layer], mode: LayerMode) -> Tensor {
        var y = x
        for i in layers.indices { y = layers[i].forward(y, mode: mode) }
        return y
    }

    // MARK: Gradients

    /// The loss and ∂L/∂θ for every parameter by backprop, in training mode: forward through
    /// the layers, then backward through them reversed, as the book's `gradient` does. Runs on
    /// a copy: the network is not changed (see `trainingGradient` for the trainer's step).
    public func gradient(_ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
        var copy = self
        return copy.trainingGradient(x, t)
    }

    /// `gradient`, keeping what the training forward pass leaves in the layers: BatchNorm's
    /// running mean and variance move towards this batch's, and Dropout's generator moves on to
    /// the next mask. The trainer calls this once per step.
    public mutating func trainingGradient(_ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
        // Forward.
        let scores = Self.forward(samples(x), through: &layers, mode: .training)
        let parameters = parameters
        let loss = lossLayer.forward(scores, t) + weightDecay.penalty(parameters)
        // Backward. The first layer's input is the data: only its parameters need gradients.
        var dout = lossLayer.backward()
        for i in layers.indices.dropFirst().reversed() { dout = layers[i].backward(dout) }
        if !layers.isEmpty { layers[0].backwardParameters(dout) }
        let gradient = Self.numbered(layers.map(\.gradients))
        return (loss, weightDecay.adding(to: gradient, at: parameters))
    }

    /// ∂L/∂θ by central differences, two losses per parameter: the book's `numerical_gradient`.
    /// The losses are taken in training mode, each on a fresh copy of the network, so that every
    /// one sees the same Dropout masks as `gradient` does on this network.
    ///
    /// - Complexity: 2 × `parameterCount` loss evaluations.
    public func numericalGradient(_ x: Tensor, _ t: Tensor, h: Double = 1e-4) -> Parameters {
        GradLab.numericalGradient(of: { candidate in
            var network = self
            network.parameters = candidate
            return network.loss(x, t, mode: .training)
        }, at: parameters, h: h)
    }

    /// Runs a training forward pass on x and keeps what it leaves in the layers, as
    /// `trainingGradient` would: for gradient sources that compute the gradient on copies (the
    /// numerical one) and still must move BatchNorm's averages and Dropout's generator on.
    public mutating func advanceTrainingState(on x: Tensor) {
        _ = Self.forward(samples(x), through: &layers, mode: .training)
    }

    // MARK: Parameters and state

    /// Every layer's parameters, uniquely named: a layer's own names ("W", "b") followed by how
    /// many tensors of that name came before, plus one (W1, b1, W2, b2, …).
    public var parameters: Parameters {
        get { Self.numbered(layers.map(\.parameters)) }
        set {
            let current = parameters
            precondition(newValue.names == current.names,
                         "Sequential.parameters: expected \(current.names), given \(newValue.names)")
            for (name, (old, new)) in zip(current.names, zip(current.tensors, newValue.tensors)) {
                precondition(old.shape == new.shape, "Sequential.parameters: \(name) is \(old.shape), given \(new.shape)")
            }
            install(newValue.tensors)
        }
        // An optimizer updates the parameters in place (`optimizer.update(&net.parameters, …)`).
        // The layers lend their tensors for the update and hold empty ones meanwhile, so that the
        // update writes into the tensors' own storage instead of copying every weight each step.
        _modify {
            var value = parameters
            let (names, shapes) = (value.names, value.tensors.map(\.shape))
            install(value.tensors.map { _ in Tensor.zeros([0]) })
            defer {
                precondition(value.names == names && value.tensors.map(\.shape) == shapes,
                             "Sequential.parameters: an update changed the names or shapes \(names) \(shapes)")
                install(value.tensors)
            }
            yield &value
        }
    }

    /// Every layer's state (BatchNorm's running_mean and running_var), named as the parameters
    /// are; empty for a network without such layers.
    public var state: Parameters {
        get { Self.numbered(layers.map(\.state)) }
        set {
            let current = state
            precondition(newValue.names == current.names && newValue.tensors.map(\.shape) == current.tensors.map(\.shape),
                         "Sequential.state: expected \(current.description), given \(newValue.description)")
            var offset = 0
            for i in layers.indices where !layers[i].state.isEmpty {
                layers[i].state = layers[i].state.map { old in
                    defer { offset += 1 }
                    return NamedTensor(old.name, newValue.tensors[offset])
                }
            }
        }
    }

    /// Hands each layer its tensors, in order.
    private mutating func install(_ tensors: [Tensor]) {
        var offset = 0
        for i in layers.indices where !layers[i].parameters.isEmpty {
            layers[i].parameters = layers[i].parameters.map { old in
                defer { offset += 1 }
                return NamedTensor(old.name, tensors[offset])
            }
        }
    }

    /// The number of learnable scalars (Keras's "Trainable params").
    public var parameterCount: Int { parameters.scalarCount }

    /// Names each tensor with its own name and its count among the tensors of that name so far:
    /// [[W, b], [], [gamma, beta], [W, b]] → W1, b1, gamma1, beta1, W2, b2.
    static func numbered(_ perLayer: [[NamedTensor]]) -> Parameters {
        var counts: [String: Int] = [:]
        var named: [NamedTensor] = []
        for tensor in perLayer.joined() {
            counts[tensor.name, default: 0] += 1
            named.append(NamedTensor(tensor.name + "\(counts[tensor.name]!)", tensor.value))
        }
        return Parameters(named)
    }
}


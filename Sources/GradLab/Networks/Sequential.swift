/// A network made of any layers in order, followed by softmax with the cross-entropy loss: the
/// book's `OrderedDict` of layers plus `lastLayer`, Keras's `Sequential`.
///
/// ```
/// scores = layerₙ(… layer₂(layer₁(x)))          forward through the layers in order
/// L      = SoftmaxWithLoss(scores, t)
/// dout   = lastLayer.backward()                  then backward through them, reversed:
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
/// Parameters are named after their layer's own names, numbered by the layer's place among the
/// layers that have parameters: two Affine layers give W1, b1, W2, b2, the book's names.
///
/// The network is a value: `gradient`, `loss` and `predict` run on copies of the layers and
/// never change the network.
public struct Sequential: Sendable {
    /// The layers, applied in order.
    public var layers: [any Layer]
    /// Softmax with the cross-entropy loss, after the last layer.
    public var lossLayer: SoftmaxWithLoss

    /// Creates a network from its layers; `lossLayer` follows them.
    public init(_ layers: [any Layer], lossLayer: SoftmaxWithLoss = SoftmaxWithLoss()) {
        self.layers = layers
        self.lossLayer = lossLayer
    }

    // MARK: Forward

    /// The scores (the last layer's output, before softmax) for a batch x.
    public func scores(_ x: Tensor) -> Tensor {
        var layers = layers
        var y = x
        for i in layers.indices { y = layers[i].forward(y) }
        return y
    }

    /// The class probabilities softmax(scores) for a batch x: each row sums to 1.
    public func predict(_ x: Tensor) -> Tensor {
        softmax(scores(x))
    }

    /// The loss on a batch (`t`: one-hot rows or class indices).
    public func loss(_ x: Tensor, _ t: Tensor) -> Double {
        var lastLayer = lossLayer
        return lastLayer.forward(scores(x), t)
    }

    /// The fraction of samples whose highest score is the target class.
    public func accuracy(_ x: Tensor, _ t: Tensor) -> Double {
        let scores = scores(x)
        let labels = classIndices(of: t, for: scores, "Sequential.accuracy") ?? t.argmax()
        let correct = zip(scores.argmax(), labels).filter { $0 == $1 }.count
        return Double(correct) / Double(Swift.max(labels.count, 1))
    }

    // MARK: Gradients

    /// The loss and ∂L/∂θ for every parameter by backprop: forward through the layers, then
    /// backward through them reversed, as the book's `gradient` does.
    public func gradient(_ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
        var layers = layers
        var lastLayer = lossLayer
        // Forward.
        var y = x
        for i in layers.indices { y = layers[i].forward(y) }
        let loss = lastLayer.forward(y, t)
        // Backward. The first layer's input is the data: only its parameters need gradients.
        var dout = lastLayer.backward()
        for i in layers.indices.dropFirst().reversed() { dout = layers[i].backward(dout) }
        if !layers.isEmpty { layers[0].backwardParameters(dout) }
        return (loss, Self.numbered(layers.map(\.gradients)))
    }

    /// ∂L/∂θ by central differences, two losses per parameter: the book's `numerical_gradient`.
    ///
    /// - Complexity: 2 × `parameterCount` loss evaluations.
    public func numericalGradient(_ x: Tensor, _ t: Tensor, h: Double = 1e-4) -> Parameters {
        GradLab.numericalGradient(of: { candidate in
            var network = self
            network.parameters = candidate
            return network.loss(x, t)
        }, at: parameters, h: h)
    }

    // MARK: Parameters

    /// Every layer's parameters, uniquely named: a layer's own names ("W", "b") followed by its
    /// number among the layers that have parameters (W1, b1, W2, b2, …).
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

    /// The number of learnable scalars (Keras's "Total params").
    public var parameterCount: Int { parameters.scalarCount }

    /// Names each layer's tensors with the layer's number among those that have parameters.
    static func numbered(_ perLayer: [[NamedTensor]]) -> Parameters {
        var number = 0
        var named: [NamedTensor] = []
        for tensors in perLayer where !tensors.isEmpty {
            number += 1
            named += tensors.map { NamedTensor($0.name + "\(number)", $0.value) }
        }
        return Parameters(named)
    }
}

/// A layer the gradient tape can run: its forward pass written with recorded operations, so the
/// tape finds the backward pass by itself. No `backward` to write: that is the point of
/// automatic differentiation.
public protocol TapeLayer: Layer {
    /// The layer's output for `x`, with its parameters given as recorded values (in the order
    /// of `parameters`).
    func forward(_ x: Variable, parameters: [Variable]) -> Variable
}

extension Affine: TapeLayer {
    /// x · W + b.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        x.matmul(parameters[0]) + parameters[1]
    }
}

extension Sigmoid: TapeLayer {
    /// σ(x).
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable { sigmoid(x) }
}

extension ReLU: TapeLayer {
    /// max(0, x).
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable { relu(x) }
}

extension Tanh: TapeLayer {
    /// tanh(x).
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable { tanh(x) }
}

extension LeakyReLU: TapeLayer {
    /// x for x > 0, slope · x otherwise.
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable { leakyReLU(x, slope: slope) }
}

extension Sequential {
    /// Whether every layer can run on the tape (`TapeLayer`).
    public var runsOnTape: Bool { layers.allSatisfy { $0 is any TapeLayer } }

    /// The loss on a batch, recorded on `tape` with the parameters as watched values: what the
    /// tape differentiates. `parameters` are the network's, watched, in the order of
    /// `self.parameters`.
    ///
    /// - Precondition: every layer is a `TapeLayer`; `t` holds class indices or one-hot rows.
    public func loss(_ x: Tensor, _ t: Tensor, on tape: GradientTape, parameters: [Variable]) -> Variable {
        precondition(lossLayer.delta == 0, "Sequential.loss(on:): the tape's loss has no δ; this network's has \(lossLayer.delta)")
        var y = Variable(constant: x)
        var offset = 0
        for layer in layers {
            guard let layer = layer as? any TapeLayer else {
                preconditionFailure("Sequential.loss(on:): \(type(of: layer)) is not a TapeLayer; give it forward(_:parameters:)")
            }
            let count = layer.parameters.count
            y = layer.forward(y, parameters: Array(parameters[offset ..< offset + count]))
            offset += count
        }
        let labels = classIndices(of: t, predictionShape: y.shape, "Sequential.loss(on:)") ?? t.argmax()
        return softmaxCrossEntropy(scores: y, labels: labels)
    }

    /// The loss and ∂L/∂θ by the gradient tape: the forward pass recorded, then played back.
    public func tapeGradient(_ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
        let tape = GradientTape()
        let current = parameters
        let watched = current.tensors.map { tape.watch($0) }
        let loss = loss(x, t, on: tape, parameters: watched)
        let gradients: [Tensor] = tape.gradient(of: loss, withRespectTo: watched)
        return (loss.value.scalar, Parameters(zip(current.names, gradients).map { NamedTensor($0, $1) }))
    }
}

/// The gradient tape as the trainer's gradient source: reverse-mode automatic differentiation of
/// the forward pass, with no backward written by hand. Trains any network of `TapeLayer`s.
public struct TapeGradients: GradientSource {
    /// Creates the source.
    public init() {}

    /// "gradient tape (automatic differentiation)".
    public var name: String { "gradient tape (automatic differentiation)" }

    /// `network.tapeGradient(x, t)` on the batch.
    public mutating func lossAndGradient(of network: Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        network.tapeGradient(batch.x, batch.t)
    }
}

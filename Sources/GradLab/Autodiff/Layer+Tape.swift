/// A layer the gradient tape can run: its forward pass written with recorded operations, so the
/// tape finds the backward pass by itself. No `backward` to write: that is the point of
/// automatic differentiation.
public protocol TapeLayer: Layer {
    /// The layer's output for `x`, with its parameters given as recorded values (in the order
    /// of `parameters`). For a layer with modes, the training output.
    func forward(_ x: Variable, parameters: [Variable]) -> Variable

    /// The same in `mode`, keeping what a training pass leaves in the layer (BatchNorm's running
    /// averages, Dropout's generator). The default ignores the mode.
    mutating func forward(_ x: Variable, parameters: [Variable], mode: LayerMode) -> Variable
}

extension TapeLayer {
    /// `forward(_:parameters:)`: most layers behave alike in both modes.
    public mutating func forward(_ x: Variable, parameters: [Variable], mode: LayerMode) -> Variable {
        forward(x, parameters: parameters)
    }
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

extension Dropout: TapeLayer {
    /// x ⊙ mask, the training output (on a copy: the layer's generator does not move).
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        var copy = self
        return copy.forward(x, parameters: parameters, mode: .training)
    }

    /// x ⊙ mask with the next mask in training (the mask a constant), x itself in inference.
    public mutating func forward(_ x: Variable, parameters: [Variable], mode: LayerMode) -> Variable {
        guard mode == .training else { return x }
        return x * Variable(constant: Tensor(shape: x.shape, scalars: nextMask(count: x.value.count)))
    }
}

extension BatchNorm: TapeLayer {
    /// γ x̂ + β with the batch's statistics (on a copy: the running averages do not move).
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        var copy = self
        return copy.forward(x, parameters: parameters, mode: .training)
    }

    /// γ x̂ + β, x̂ from the batch's statistics (recorded, so the tape differentiates through μ
    /// and σ²) in training, from the running averages (constants) in inference.
    public mutating func forward(_ x: Variable, parameters: [Variable], mode: LayerMode) -> Variable {
        let rows = x.reshaped([-1, features])
        let (gamma, beta) = (parameters[0], parameters[1])
        let normalized: Variable
        if mode == .training {
            let mean = rows.mean(alongAxis: 0)
            let centered = rows - mean
            let variance = (centered * centered).mean(alongAxis: 0)
            normalized = centered * pow(variance + epsilon, -0.5)
            // The running averages follow the values; they are not part of what is differentiated.
            runningMean = momentum * runningMean + (1 - momentum) * mean.value
            runningVariance = momentum * runningVariance + (1 - momentum) * variance.value
        } else {
            let inverseDeviation = runningVariance.map { 1 / ($0 + epsilon).squareRoot() }
            normalized = (rows - Variable(constant: runningMean)) * Variable(constant: inverseDeviation)
        }
        return (gamma * normalized + beta).reshaped(x.shape)
    }
}

extension Residual: TapeLayer {
    /// x + F(x), the training output (on a copy of the inner layers).
    public func forward(_ x: Variable, parameters: [Variable]) -> Variable {
        var copy = self
        return copy.forward(x, parameters: parameters, mode: .training)
    }

    /// x + F(x), each inner layer run on the tape in `mode`.
    public mutating func forward(_ x: Variable, parameters: [Variable], mode: LayerMode) -> Variable {
        x + Sequential.forward(x, through: &layers, parameters: parameters, mode: mode, "Residual")
    }
}

extension Sequential {
    /// Whether every layer can run on the tape (`TapeLayer`), inside containers too.
    public var runsOnTape: Bool { Self.runOnTape(layers) }

    static func runOnTape(_ layers: [any Layer]) -> Bool {
        layers.allSatisfy { layer in
            guard layer is any TapeLayer else { return false }
            return (layer as? any ContainerLayer).map { runOnTape($0.layers) } ?? true
        }
    }

    /// x through `layers` on the tape, each taking its share of `parameters` in order.
    static func forward(_ x: Variable, through layers: inout [any Layer], parameters: [Variable],
                        mode: LayerMode, _ caller: String) -> Variable {
        var y = x
        var offset = 0
        for i in layers.indices {
            guard var layer = layers[i] as? any TapeLayer else {
                preconditionFailure("\(caller): \(type(of: layers[i])) is not a TapeLayer; give it forward(_:parameters:)")
            }
            let count = layer.parameters.count
            y = layer.forward(y, parameters: Array(parameters[offset ..< offset + count]), mode: mode)
            layers[i] = layer
            offset += count
        }
        return y
    }

    /// The loss on a batch, recorded on `tape` with the parameters as watched values: what the
    /// tape differentiates. `parameters` are the network's, watched, in the order of
    /// `self.parameters`. Keeps what a training pass leaves in the layers, as
    /// `trainingGradient` does.
    ///
    /// - Precondition: every layer is a `TapeLayer`.
    public mutating func loss(_ x: Tensor, _ t: Tensor, on tape: GradientTape, parameters: [Variable],
                              mode: LayerMode = .training) -> Variable {
        let scores = Self.forward(Variable(constant: samples(x)), through: &layers, parameters: parameters, mode: mode,
                                  "Sequential.loss(on:)")
        let loss = lossLayer.loss(scores, t)
        return weightDecay.penalty(parameters).map { loss + $0 } ?? loss
    }

    /// The loss and ∂L/∂θ by the gradient tape: the forward pass recorded, then played back. On
    /// a copy: the network is not changed.
    public func tapeGradient(_ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
        var copy = self
        return copy.tapeTrainingGradient(x, t)
    }

    /// `tapeGradient`, keeping what the training pass leaves in the layers (the trainer's step).
    public mutating func tapeTrainingGradient(_ x: Tensor, _ t: Tensor) -> (loss: Double, gradient: Parameters) {
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

    /// `network.tapeTrainingGradient(x, t)` on the batch.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        network.tapeTrainingGradient(batch.x, batch.t)
    }
}

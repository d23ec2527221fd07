/// A simple recurrent layer (Elman's RNN, Keras's `SimpleRNN`): one hidden state carried from
/// step to step, each step a small Affine layer on the input and the previous state.
///
/// ```
/// forward:   h₀ = 0,   hₜ = tanh(xₜ · Wx + hₜ₋₁ · Wh + b)         t = 1 … T
///            x: N×T×D,  Wx: D×H,  Wh: H×H,  b: H,  output h₁ … h_T: N×T×H
/// backward (through time), t = T … 1, with dh_{T+1} = 0:
///            dhₜ  = doutₜ + (what step t + 1 sent back)
///            daₜ  = dhₜ ⊙ (1 − hₜ²)                           tanh′, written with the output
///            dxₜ  = daₜ · Wxᵀ          dhₜ₋₁ ← daₜ · Whᵀ          (sent back to step t − 1)
///            dWx += xₜᵀ · daₜ          dWh  += hₜ₋₁ᵀ · daₜ        db += Σₙ daₜ
/// ```
///
/// The same Wx, Wh and b serve every step, so their gradients are sums over the steps: the
/// unrolled network is T Affine layers sharing one set of weights. And the gradient reaching an
/// early step has been multiplied by Whᵀ · diag(1 − h²) once per step in between: with the
/// largest singular value of Wh below 1 it vanishes geometrically, above 1 it can explode
/// (Pascanu, Mikolov and Bengio, 2013; `gradlab through-time` measures both).
///
/// The layer returns the whole sequence of states, so layers can stack (`rnn 32, rnn 32`);
/// `Last` keeps the final state for a classifier. The CS231n assignment's `rnn_step_forward`,
/// `rnn_step_backward`, `rnn_forward` and `rnn_backward` are `step`, `stepBackward`, `forward`
/// and `backward` here, with the same names Wx, Wh and b.
public struct SimpleRNN: Layer {
    /// Wx, input size × hidden size: how each input enters the state.
    public var inputWeight: Tensor
    /// Wh, hidden size × hidden size: how the previous state enters the next.
    public var recurrentWeight: Tensor
    /// b, one per hidden unit.
    public var bias: Tensor
    /// The squashing function: tanh (the usual one, and the default) or the sigmoid.
    public let activation: HiddenActivation
    /// dL/dWx, dL/dWh and dL/db from the last `backward`.
    public private(set) var inputWeightGradient: Tensor?, recurrentWeightGradient: Tensor?, biasGradient: Tensor?
    private var cache: [Step]?

    /// What one step remembers for its backward pass: its input, the previous state and its
    /// output.
    public struct Step: Sendable {
        /// xₜ, N×D.
        public var input: Tensor
        /// hₜ₋₁, N×H.
        public var previous: Tensor
        /// hₜ, N×H.
        public var output: Tensor

        /// Creates a step's record from xₜ, hₜ₋₁ and hₜ.
        public init(input: Tensor, previous: Tensor, output: Tensor) {
            self.input = input
            self.previous = previous
            self.output = output
        }
    }

    /// One step's gradients: to its input, to the previous state, and its share of the
    /// parameters' gradients.
    public struct StepGradients: Sendable {
        /// dL/dxₜ, N×D.
        public var input: Tensor
        /// dL/dhₜ₋₁ through this step, N×H.
        public var previous: Tensor
        /// This step's part of dL/dWx, dL/dWh and dL/db.
        public var inputWeight: Tensor, recurrentWeight: Tensor, bias: Tensor
    }

    /// Creates the layer from Wx (D×H), Wh (H×H) and b (H).
    public init(inputWeight: Tensor, recurrentWeight: Tensor, bias: Tensor, activation: HiddenActivation = .tanh) {
        let hidden = recurrentWeight.shape.first ?? 0
        precondition(inputWeight.rank == 2 && recurrentWeight.shape == [hidden, hidden] && inputWeight.shape[1] == hidden
                     && bias.shape == [hidden] && activation != .relu,
                     "SimpleRNN: Wx \(inputWeight.shape), Wh \(recurrentWeight.shape) and b \(bias.shape) do not fit (want D×H, H×H and H), activation tanh or sigmoid")
        self.inputWeight = inputWeight
        self.recurrentWeight = recurrentWeight
        self.bias = bias
        self.activation = activation
    }

    /// Creates the layer as Keras starts one: Wx drawn with Xavier's σ = 1/√D, Wh a random
    /// orthogonal matrix (`orthogonalMatrix`), b = 0.
    public init(inputs: Int, hidden: Int, activation: HiddenActivation = .tanh, using generator: inout SplitMix64) {
        precondition(inputs > 0 && hidden > 0, "SimpleRNN: sizes must be positive, got \(inputs) inputs and \(hidden) hidden units")
        self.init(inputWeight: WeightInitialization.xavier.weights(inputs: inputs, outputs: hidden, using: &generator),
                  recurrentWeight: orthogonalMatrix(hidden, using: &generator), bias: .zeros([hidden]), activation: activation)
    }

    /// H, the size of the state.
    public var hiddenSize: Int { bias.count }

    // MARK: One step

    /// One step: hₜ = f(xₜ · Wx + hₜ₋₁ · Wh + b), f tanh or σ.
    public static func step(_ x: Tensor, previous: Tensor, inputWeight: Tensor, recurrentWeight: Tensor, bias: Tensor,
                            activation: HiddenActivation = .tanh) -> Tensor {
        (x.matmul(inputWeight) + previous.matmul(recurrentWeight) + bias).map { activation($0) }
    }

    /// One step backward, given dL/dhₜ (from the output at this step and from the step after):
    ///
    /// ```
    /// da = dh ⊙ f′     (1 − h² for tanh, h(1 − h) for σ)
    /// dx = da · Wxᵀ,   dh_prev = da · Whᵀ,   dWx = xᵀ · da,   dWh = h_prevᵀ · da,   db = Σₙ da
    /// ```
    public static func stepBackward(_ dh: Tensor, step: Step, inputWeight: Tensor, recurrentWeight: Tensor,
                                    activation: HiddenActivation = .tanh) -> StepGradients {
        precondition(dh.shape == step.output.shape, "SimpleRNN.stepBackward: dh \(dh.shape) does not match the state \(step.output.shape)")
        let da = dh * step.output.map { activation.derivative(output: $0) }
        return StepGradients(input: Tensor.matmul(da, inputWeight, transposeB: true),
                             previous: Tensor.matmul(da, recurrentWeight, transposeB: true),
                             inputWeight: Tensor.matmul(step.input, transposeA: true, da),
                             recurrentWeight: Tensor.matmul(step.previous, transposeA: true, da),
                             bias: da.sum(alongAxis: 0))
    }

    // MARK: The whole sequence

    /// h₁ … h_T for a batch of sequences x (N×T×D), from h₀ = 0.
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 3 && x.shape[2] == inputWeight.shape[0],
                     "SimpleRNN.forward: input \(x.shape) is not a batch of sequences [N, T, \(inputWeight.shape[0])]")
        var h = Tensor.zeros([x.shape[0], hiddenSize])
        var steps: [Step] = []
        for t in 0..<x.shape[1] {
            let input = x.timeStep(t)
            let next = Self.step(input, previous: h, inputWeight: inputWeight, recurrentWeight: recurrentWeight, bias: bias,
                                 activation: activation)
            steps.append(Step(input: input, previous: h, output: next))
            h = next
        }
        cache = steps
        return Tensor.stack(steps.map(\.output), alongAxis: 1)
    }

    /// Backprop through time: the steps' backward passes, last step first, each adding the
    /// gradient that the step after it sent back to the output's; the parameters' gradients
    /// summed over the steps. Returns dL/dx, N×T×D.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let steps = cache else { preconditionFailure("SimpleRNN.backward called before forward") }
        let n = steps[0].output.shape[0]
        precondition(dout.shape == [n, steps.count, hiddenSize],
                     "SimpleRNN.backward: dout \(dout.shape) does not match the output \([n, steps.count, hiddenSize])")
        var dWx = Tensor.zeros(like: inputWeight), dWh = Tensor.zeros(like: recurrentWeight), db = Tensor.zeros(like: bias)
        var dx = [Tensor](repeating: Tensor.zeros([0]), count: steps.count)
        var fromLater = Tensor.zeros([n, hiddenSize])   // dL/dhₜ through step t + 1 (0 after the last)
        for t in steps.indices.reversed() {
            let g = Self.stepBackward(dout.timeStep(t) + fromLater, step: steps[t], inputWeight: inputWeight,
                                      recurrentWeight: recurrentWeight, activation: activation)
            dx[t] = g.input
            fromLater = g.previous
            dWx += g.inputWeight
            dWh += g.recurrentWeight
            db += g.bias
        }
        (inputWeightGradient, recurrentWeightGradient, biasGradient) = (dWx, dWh, db)
        return Tensor.stack(dx, alongAxis: 1)
    }

    /// "Wx", "Wh" and "b" (CS231n's names).
    public var parameters: [NamedTensor] {
        get { [NamedTensor("Wx", inputWeight), NamedTensor("Wh", recurrentWeight), NamedTensor("b", bias)] }
        set {
            let values = NamedParameters.values(newValue, expecting: ["Wx", "Wh", "b"], layer: "SimpleRNN")
            (inputWeight, recurrentWeight, bias) = (values[0], values[1], values[2])
        }
    }

    /// The gradients of "Wx", "Wh" and "b" from the last `backward`.
    public var gradients: [NamedTensor] {
        NamedParameters.gradients([("Wx", inputWeightGradient), ("Wh", recurrentWeightGradient), ("b", biasGradient)], layer: "SimpleRNN")
    }
}

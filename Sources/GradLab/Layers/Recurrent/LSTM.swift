/// Long short-term memory (Hochreiter and Schmidhuber, 1997), Keras's `LSTM`: beside the hidden
/// state h, a cell c that each step changes only by what its gates let through.
///
/// ```
/// a  = xₜ · Wx + hₜ₋₁ · Wh + b              N×4H: the four gates' inputs side by side
/// i  = σ(a[:, 0H..<1H])    input gate       how much of the candidate to write
/// f  = σ(a[:, 1H..<2H])    forget gate      how much of the old cell to keep
/// o  = σ(a[:, 2H..<3H])    output gate      how much of the cell to show
/// g  = tanh(a[:, 3H..<4H]) candidate        what to write
/// cₜ = f ⊙ cₜ₋₁ + i ⊙ g                     h₀ = c₀ = 0
/// hₜ = o ⊙ tanh(cₜ)
/// ```
///
/// Backward, one step (given dhₜ and dcₜ from the output and from step t + 1):
///
/// ```
/// do = dh ⊙ tanh(c)                        dc += dh ⊙ o ⊙ (1 − tanh²c)
/// di = dc ⊙ g    df = dc ⊙ cₜ₋₁    dg = dc ⊙ i    dcₜ₋₁ = dc ⊙ f      (c = f ⊙ cₜ₋₁ + i ⊙ g)
/// da = [di ⊙ i(1 − i), df ⊙ f(1 − f), do ⊙ o(1 − o), dg ⊙ (1 − g²)]
/// dx = da · Wxᵀ    dhₜ₋₁ = da · Whᵀ    dWx += xᵀ · da    dWh += hₜ₋₁ᵀ · da    db += Σₙ da
/// ```
///
/// The line to look at is dcₜ₋₁ = dc ⊙ f: along the cell, the gradient going back one step is
/// multiplied by the forget gate alone, no weight matrix and no squashing slope. Where the
/// network keeps f near 1 the gradient survives many steps; a simple RNN multiplies by
/// Whᵀ · diag(1 − h²) every step instead (`gradlab through-time`).
///
/// The layout is CS231n's (`lstm_step_forward`): one Wx of D×4H, one Wh of H×4H and one b of 4H
/// holding the gates in the order i, f, o, g; Keras stores the same four blocks in the order i,
/// f, c, o. As Keras does (`unit_forget_bias=True`), the forget gate's bias starts at 1, so that
/// a new network keeps most of its cell (Jozefowicz, Zaremba and Sutskever, 2015).
public struct LSTM: Layer {
    /// Wx, input size × 4·hidden size.
    public var inputWeight: Tensor
    /// Wh, hidden size × 4·hidden size.
    public var recurrentWeight: Tensor
    /// b, 4·hidden size: the four gates' biases.
    public var bias: Tensor
    /// dL/dWx, dL/dWh and dL/db from the last `backward`.
    public private(set) var inputWeightGradient: Tensor?, recurrentWeightGradient: Tensor?, biasGradient: Tensor?
    private var cache: [Step]?

    /// One step's values, all that its backward pass needs: the input, the previous state and
    /// cell, the four gates, the new cell and its tanh, and the new state.
    public struct Step: Sendable {
        /// xₜ, N×D.
        public var input: Tensor
        /// hₜ₋₁ and cₜ₋₁, N×H.
        public var previousHidden: Tensor, previousCell: Tensor
        /// The gates i, f, o (sigmoids) and the candidate g (tanh), N×H each.
        public var inputGate: Tensor, forgetGate: Tensor, outputGate: Tensor, candidate: Tensor
        /// cₜ and tanh(cₜ), N×H.
        public var cell: Tensor, cellTanh: Tensor
        /// hₜ = o ⊙ tanh(cₜ), N×H.
        public var hidden: Tensor
    }

    /// One step's gradients: to its input, to the previous state and cell, and its share of the
    /// parameters' gradients.
    public struct StepGradients: Sendable {
        /// dL/dxₜ, N×D.
        public var input: Tensor
        /// dL/dhₜ₋₁ and dL/dcₜ₋₁ through this step, N×H.
        public var previousHidden: Tensor, previousCell: Tensor
        /// This step's part of dL/dWx, dL/dWh and dL/db.
        public var inputWeight: Tensor, recurrentWeight: Tensor, bias: Tensor
    }

    /// Creates the layer from Wx (D×4H), Wh (H×4H) and b (4H).
    public init(inputWeight: Tensor, recurrentWeight: Tensor, bias: Tensor) {
        let hidden = recurrentWeight.shape.first ?? 0
        precondition(inputWeight.rank == 2 && recurrentWeight.shape == [hidden, 4 * hidden]
                     && inputWeight.shape[1] == 4 * hidden && bias.shape == [4 * hidden],
                     "LSTM: Wx \(inputWeight.shape), Wh \(recurrentWeight.shape) and b \(bias.shape) do not fit (want D×4H, H×4H and 4H)")
        self.inputWeight = inputWeight
        self.recurrentWeight = recurrentWeight
        self.bias = bias
    }

    /// Creates the layer as Keras starts one: Wx drawn with Xavier's σ = 1/√D, each gate's block
    /// of Wh a random orthogonal matrix, b = 0 except the forget gate's `forgetBias` (1).
    public init(inputs: Int, hidden: Int, forgetBias: Double = 1, using generator: inout SplitMix64) {
        precondition(inputs > 0 && hidden > 0, "LSTM: sizes must be positive, got \(inputs) inputs and \(hidden) hidden units")
        let inputWeight = WeightInitialization.xavier.weights(inputs: inputs, outputs: 4 * hidden, using: &generator)
        let blocks = (0..<4).map { _ in orthogonalMatrix(hidden, using: &generator) }
        let bias = Tensor((0..<4 * hidden).map { (hidden..<2 * hidden).contains($0) ? forgetBias : 0 })
        self.init(inputWeight: inputWeight, recurrentWeight: Tensor.concatenate(blocks, alongAxis: 1), bias: bias)
    }

    /// H, the size of the state and of the cell.
    public var hiddenSize: Int { recurrentWeight.shape[0] }

    // MARK: One step

    /// One step forward from the previous state and cell; returns every value of the step.
    public static func step(_ x: Tensor, previousHidden: Tensor, previousCell: Tensor,
                            inputWeight: Tensor, recurrentWeight: Tensor, bias: Tensor) -> Step {
        let h = recurrentWeight.shape[0]
        let a = x.matmul(inputWeight) + previousHidden.matmul(recurrentWeight) + bias
        let i = sigmoid(a.sliced(alongAxis: 1, 0 ..< h)), f = sigmoid(a.sliced(alongAxis: 1, h ..< 2 * h))
        let o = sigmoid(a.sliced(alongAxis: 1, 2 * h ..< 3 * h)), g = tanh(a.sliced(alongAxis: 1, 3 * h ..< 4 * h))
        let cell = f * previousCell + i * g
        let cellTanh = tanh(cell)
        return Step(input: x, previousHidden: previousHidden, previousCell: previousCell, inputGate: i, forgetGate: f,
                    outputGate: o, candidate: g, cell: cell, cellTanh: cellTanh, hidden: o * cellTanh)
    }

    /// One step backward, given dL/dhₜ and dL/dcₜ (each from the output and from step t + 1).
    public static func stepBackward(dHidden: Tensor, dCell: Tensor, step s: Step, inputWeight: Tensor,
                                    recurrentWeight: Tensor) -> StepGradients {
        precondition(dHidden.shape == s.hidden.shape && dCell.shape == s.cell.shape,
                     "LSTM.stepBackward: dh \(dHidden.shape) and dc \(dCell.shape) do not match the state \(s.hidden.shape)")
        let dOutputGate = dHidden * s.cellTanh                                  // h = o ⊙ tanh(c)
        let dc = dCell + dHidden * s.outputGate * (1 - s.cellTanh * s.cellTanh)
        let dInputGate = dc * s.candidate                                       // c = f ⊙ c_prev + i ⊙ g
        let dForgetGate = dc * s.previousCell
        let dCandidate = dc * s.inputGate
        let da = Tensor.concatenate([                                        // through σ and tanh
            dInputGate * s.inputGate * (1 - s.inputGate),
            dForgetGate * s.forgetGate * (1 - s.forgetGate),
            dOutputGate * s.outputGate * (1 - s.outputGate),
            dCandidate * (1 - s.candidate * s.candidate),
        ], alongAxis: 1)
        return StepGradients(input: Tensor.matmul(da, inputWeight, transposeB: true),
                             previousHidden: Tensor.matmul(da, recurrentWeight, transposeB: true),
                             previousCell: dc * s.forgetGate,
                             inputWeight: Tensor.matmul(s.input, transposeA: true, da),
                             recurrentWeight: Tensor.matmul(s.previousHidden, transposeA: true, da),
                             bias: da.sum(alongAxis: 0))
    }

    // MARK: The whole sequence

    /// h₁ … h_T for a batch of sequences x (N×T×D), from h₀ = c₀ = 0.
    public mutating func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 3 && x.shape[2] == inputWeight.shape[0],
                     "LSTM.forward: input \(x.shape) is not a batch of sequences [N, T, \(inputWeight.shape[0])]")
        var (h, c) = (Tensor.zeros([x.shape[0], hiddenSize]), Tensor.zeros([x.shape[0], hiddenSize]))
        var steps: [Step] = []
        for t in 0..<x.shape[1] {
            let s = Self.step(x.timeStep(t), previousHidden: h, previousCell: c, inputWeight: inputWeight,
                              recurrentWeight: recurrentWeight, bias: bias)
            steps.append(s)
            (h, c) = (s.hidden, s.cell)
        }
        cache = steps
        return Tensor.stack(steps.map(\.hidden), alongAxis: 1)
    }

    /// Backprop through time: the steps' backward passes, last step first, carrying dh and dc
    /// back; the parameters' gradients summed over the steps. Returns dL/dx, N×T×D.
    public mutating func backward(_ dout: Tensor) -> Tensor {
        guard let steps = cache else { preconditionFailure("LSTM.backward called before forward") }
        let n = steps[0].hidden.shape[0]
        precondition(dout.shape == [n, steps.count, hiddenSize],
                     "LSTM.backward: dout \(dout.shape) does not match the output \([n, steps.count, hiddenSize])")
        var dWx = Tensor.zeros(like: inputWeight), dWh = Tensor.zeros(like: recurrentWeight), db = Tensor.zeros(like: bias)
        var dx = [Tensor](repeating: Tensor.zeros([0]), count: steps.count)
        // dL/dhₜ and dL/dcₜ through step t + 1 (0 after the last step: c_T is not an output).
        var (hiddenFromLater, cellFromLater) = (Tensor.zeros([n, hiddenSize]), Tensor.zeros([n, hiddenSize]))
        for t in steps.indices.reversed() {
            let g = Self.stepBackward(dHidden: dout.timeStep(t) + hiddenFromLater, dCell: cellFromLater, step: steps[t],
                                      inputWeight: inputWeight, recurrentWeight: recurrentWeight)
            dx[t] = g.input
            (hiddenFromLater, cellFromLater) = (g.previousHidden, g.previousCell)
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
            let values = NamedParameters.values(newValue, expecting: ["Wx", "Wh", "b"], layer: "LSTM")
            (inputWeight, recurrentWeight, bias) = (values[0], values[1], values[2])
        }
    }

    /// The gradients of "Wx", "Wh" and "b" from the last `backward`.
    public var gradients: [NamedTensor] {
        NamedParameters.gradients([("Wx", inputWeightGradient), ("Wh", recurrentWeightGradient), ("b", biasGradient)], layer: "LSTM")
    }
}

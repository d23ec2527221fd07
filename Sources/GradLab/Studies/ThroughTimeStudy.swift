import Foundation
import GradLabData

/// How the gradient travels back through time in a recurrent network, and when it vanishes or
/// explodes: ‖∂L/∂hₜ‖ at every step t back from the last, for simple RNNs whose recurrent
/// weights Wh have a chosen largest singular value, beside the bound Pascanu, Mikolov and
/// Bengio (2013) give; the same for the sigmoid, and for an LSTM; and one training run that
/// explodes, with and without clipping by global norm.
///
/// Backprop through time multiplies the gradient by one Jacobian per step on its way back:
///
/// ```
/// ∂L/∂hₜ₋₁ = (∂L/∂hₜ ⊙ f′(aₜ)) · Whᵀ           hₜ = f(aₜ),  aₜ = xₜ · Wx + hₜ₋₁ · Wh + b
/// ‖∂L/∂hₜ‖ ≤ ‖∂L/∂h_T‖ · (γ · σ_max(Wh))^(T−t)   γ = max |f′|: 1 for tanh, 1/4 for the sigmoid
/// ```
///
/// Below γσ_max = 1 the bound forces the gradient to vanish geometrically. Above it the bound
/// only allows growth: the gradient explodes when the slopes f′ stay near γ, which they do
/// where the network is nearly linear (small inputs and states), and need not when tanh
/// saturates (ordinary inputs drive |h| towards 1, where f′ = 1 − h² is small). So σ_max > 1/γ
/// is necessary for explosion, not sufficient; the study runs both regimes.
///
/// Every simple RNN of the study shares one draw of weights and inputs, so the cases differ
/// only in the scale of Wh and of the inputs: Wx has Xavier's σ = 1/√D, b = 0, and Wh is a
/// random orthogonal matrix (Keras's `recurrent_initializer`) scaled so that its largest
/// singular value, measured by power iteration (`largestSingularValue(of:)`), is s. All of an
/// orthogonal matrix's singular values are equal, so in the linear regime the bound is reached
/// exactly: ‖∂L/∂hₜ‖ = s^(T−t). The loss is L = Σ g ⊙ h_T with g a random direction of norm 1,
/// so ‖∂L/∂h_T‖ = 1 and every value is relative to the last step's.
///
/// The LSTM's cell path multiplies by the forget gate alone (dcₜ₋₁ = dcₜ ⊙ f): with the forget
/// gate's bias at 3, f ≈ σ(3) = 0.95 and the gradient survives 50 steps; at 0, f ≈ ½ and it
/// vanishes as fast as a simple RNN's.
public struct ThroughTimeStudy: Sendable {
    /// The recurrence of one case.
    public enum Recurrence: Sendable, Equatable {
        /// hₜ = f(xₜ · Wx + hₜ₋₁ · Wh + b), Wh scaled to largest singular value `singularValue`.
        case simple(activation: HiddenActivation, singularValue: Double)
        /// An LSTM with Keras's initial weights and the forget gate's bias at `forgetBias`.
        case lstm(forgetBias: Double)
    }

    /// One case: a recurrence and the scale of its inputs.
    public struct Case: Sendable, Equatable {
        /// Its name in tables and legends ("tanh, σ_max 1.5, small inputs", …).
        public var name: String
        /// The recurrence.
        public var recurrence: Recurrence
        /// The inputs' standard deviation: 1 for ordinary inputs, 0.001 for small ones.
        public var inputScale: Double

        /// Creates a case.
        public init(name: String, recurrence: Recurrence, inputScale: Double) {
            self.name = name
            self.recurrence = recurrence
            self.inputScale = inputScale
        }
    }

    /// One case's measurements.
    public struct Curve: Sendable {
        /// The case.
        public var variant: Case
        /// ‖∂L/∂hₜ‖ for t = T, T − 1, …, 1 (element k is k steps back from the last).
        public var norms: [Double]
        /// For an LSTM: ‖∂L/∂cₜ‖ along the cell path (what step t + 1 sends back to cₜ), for
        /// t = T, …, 1 (0 at T, where nothing comes from later); nil for a simple RNN.
        public var cellNorms: [Double]?
        /// For a simple RNN: the bound (γ · σ_max)^k, k steps back; nil for an LSTM.
        public var bound: [Double]?
        /// For a simple RNN: σ_max of its Wh as power iteration measures it after scaling.
        public var measuredSingularValue: Double?
        /// The mean |hₜ| over the whole run: near 0 in the linear regime, near 1 when tanh saturates.
        public var meanAbsoluteState: Double

        /// ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖: how much of the gradient reaches the first step.
        public var ratio: Double { (norms.last ?? .nan) / (norms.first ?? .nan) }
    }

    /// One training run of the exploding RNN.
    public struct TrainingRun: Sendable {
        /// "no clipping" or "clip global norm 1".
        public var name: String
        /// The clipping, if any.
        public var clipping: GradientClipping?
        /// The losses, the gradient norms before clipping, the accuracies (or where it diverged).
        public var run: StudyRun

        /// The largest loss after the first `warmUp` iterations: a spike shows here.
        public func largestLoss(after warmUp: Int = 10) -> Double {
            run.history.losses.dropFirst(warmUp).filter(\.isFinite).max() ?? .nan
        }
    }

    /// The cases of the study: tanh at σ_max 0.5, 0.9, 1, 1.5 and 3 with ordinary inputs; tanh
    /// at 1, 1.5 and 3 with small inputs; the sigmoid at 1 and 4; LSTMs with forget bias 0, 1, 3.
    public static let standardCases: [Case] = {
        var cases = [0.5, 0.9, 1.0, 1.5, 3.0].map { s in
            Case(name: "tanh, σ_max \(formatted(s))", recurrence: .simple(activation: .tanh, singularValue: s), inputScale: 1)
        }
        cases += [1.0, 1.5, 3.0].map { s in
            Case(name: "tanh, σ_max \(formatted(s)), small inputs", recurrence: .simple(activation: .tanh, singularValue: s),
                 inputScale: smallInputScale)
        }
        cases += [1.0, 4.0].map { s in
            Case(name: "sigmoid, σ_max \(formatted(s))", recurrence: .simple(activation: .sigmoid, singularValue: s), inputScale: 1)
        }
        cases += [0.0, 1.0, 3.0].map { bias in
            Case(name: "LSTM, forget bias \(formatted(bias))", recurrence: .lstm(forgetBias: bias), inputScale: 1)
        }
        return cases
    }()

    /// The small inputs' standard deviation, 10⁻³: the state starts near 0, where tanh′ ≈ 1 and
    /// the network is nearly linear, and (above σ_max 1) grows by up to σ_max per step until
    /// tanh bends it (after about 17 steps at 1.5).
    public static let smallInputScale = 1e-3

    /// "1.5", "3", "0.5": a number as short as it can be written.
    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// T, the steps of every sequence.
    public let steps: Int
    /// H, the hidden units.
    public let hidden: Int
    /// D, the inputs per step.
    public let inputs: Int
    /// N, the sequences in the batch.
    public let batch: Int
    /// One curve per case, in order.
    public let curves: [Curve]
    /// The exploding run without clipping, then with (empty if the study was run without data).
    public let training: [TrainingRun]
    /// The training runs' network and settings, in words.
    public let trainingDescription: String

    /// Runs the study.
    ///
    /// - Parameters:
    ///   - cases: the recurrences (default: `standardCases`).
    ///   - steps: T (default 50).
    ///   - hidden: H (default 32).
    ///   - inputs: D (default 8).
    ///   - batch: N (default 4).
    ///   - seed: seeds the weights, inputs and g (the same for every simple RNN), and the training runs.
    ///   - trainingSet, testSet: MNIST for the exploding run, read by rows; nil to skip it.
    ///   - training: the exploding run's settings (`ExplodingRun()` by default).
    /// - Precondition: sizes ≥ 1.
    public init(cases: [Case] = ThroughTimeStudy.standardCases, steps: Int = 50, hidden: Int = 32, inputs: Int = 8,
                batch: Int = 4, seed: UInt64 = 42, trainingSet: LabeledImages? = nil, testSet: LabeledImages? = nil,
                training: ExplodingRun = ExplodingRun(), onEvent: (Int, TrainingEvent) -> Void = { _, _ in }) {
        precondition(steps >= 1 && hidden >= 1 && inputs >= 1 && batch >= 1, "ThroughTimeStudy: sizes must be ≥ 1")
        self.steps = steps
        self.hidden = hidden
        self.inputs = inputs
        self.batch = batch
        var generator = SplitMix64(seed: seed)
        // One draw for every simple RNN: the direction of Wh, Wx, the inputs (before scaling) and g.
        let orthogonal = orthogonalMatrix(hidden, using: &generator)
        let inputWeight = WeightInitialization.xavier.weights(inputs: inputs, outputs: hidden, using: &generator)
        let x = Tensor.randomNormal(shape: [batch, steps, inputs], using: &generator)
        let direction = Tensor.randomNormal(shape: [batch, hidden], using: &generator)
        let g = direction / direction.norm
        let lstmSeed = generator.next()
        curves = cases.map { variant in
            switch variant.recurrence {
            case let .simple(activation, singularValue):
                let recurrentWeight = orthogonal * (singularValue / largestSingularValue(of: orthogonal))
                return Self.simpleCurve(variant, activation: activation, inputWeight: inputWeight, recurrentWeight: recurrentWeight,
                                        x: variant.inputScale * x, g: g)
            case let .lstm(forgetBias):
                var lstmGenerator = SplitMix64(seed: lstmSeed)
                let layer = LSTM(inputs: inputs, hidden: hidden, forgetBias: forgetBias, using: &lstmGenerator)
                return Self.lstmCurve(variant, layer: layer, x: variant.inputScale * x, g: g)
            }
        }
        trainingDescription = training.description
        if let trainingSet, let testSet {
            self.training = training.runs(on: trainingSet, testSet: testSet, seed: seed, onEvent: onEvent)
        } else {
            self.training = []
        }
    }

    /// A simple RNN forward over x, then back from L = Σ g ⊙ h_T, step by step with
    /// `SimpleRNN.stepBackward`, noting ‖∂L/∂hₜ‖ at every step.
    static func simpleCurve(_ variant: Case, activation: HiddenActivation, inputWeight: Tensor, recurrentWeight: Tensor,
                            x: Tensor, g: Tensor) -> Curve {
        let bias = Tensor.zeros([recurrentWeight.shape[0]])
        var h = Tensor.zeros(g.shape)
        var records: [SimpleRNN.Step] = []
        for t in 0..<x.shape[1] {
            let next = SimpleRNN.step(x.timeStep(t), previous: h, inputWeight: inputWeight, recurrentWeight: recurrentWeight,
                                      bias: bias, activation: activation)
            records.append(SimpleRNN.Step(input: x.timeStep(t), previous: h, output: next))
            h = next
        }
        var dh = g
        var norms: [Double] = []
        for record in records.reversed() {
            norms.append(dh.norm)
            dh = SimpleRNN.stepBackward(dh, step: record, inputWeight: inputWeight, recurrentWeight: recurrentWeight,
                                        activation: activation).previous
        }
        let sigma = largestSingularValue(of: recurrentWeight)
        let slope = activation == .sigmoid ? 0.25 : 1.0
        let bound = norms.indices.map { k in norms[0] * pow(slope * sigma, Double(k)) }
        let states = records.flatMap { $0.output.scalars.map(abs) }
        return Curve(variant: variant, norms: norms, cellNorms: nil, bound: bound, measuredSingularValue: sigma,
                     meanAbsoluteState: states.reduce(0, +) / Double(states.count))
    }

    /// An LSTM forward over x, then back from L = Σ g ⊙ h_T with `LSTM.stepBackward`, noting
    /// ‖∂L/∂hₜ‖ and the cell path's ‖∂L/∂cₜ‖ at every step.
    static func lstmCurve(_ variant: Case, layer: LSTM, x: Tensor, g: Tensor) -> Curve {
        var (h, c) = (Tensor.zeros(g.shape), Tensor.zeros(g.shape))
        var records: [LSTM.Step] = []
        for t in 0..<x.shape[1] {
            let step = LSTM.step(x.timeStep(t), previousHidden: h, previousCell: c, inputWeight: layer.inputWeight,
                                 recurrentWeight: layer.recurrentWeight, bias: layer.bias)
            records.append(step)
            (h, c) = (step.hidden, step.cell)
        }
        var (dh, dc) = (g, Tensor.zeros(g.shape))
        var norms: [Double] = [], cellNorms: [Double] = []
        for record in records.reversed() {
            norms.append(dh.norm)
            cellNorms.append(dc.norm)
            let back = LSTM.stepBackward(dHidden: dh, dCell: dc, step: record, inputWeight: layer.inputWeight,
                                         recurrentWeight: layer.recurrentWeight)
            (dh, dc) = (back.previousHidden, back.previousCell)
        }
        let states = records.flatMap { $0.hidden.scalars.map(abs) }
        return Curve(variant: variant, norms: norms, cellNorms: cellNorms, bound: nil, measuredSingularValue: nil,
                     meanAbsoluteState: states.reduce(0, +) / Double(states.count))
    }
}

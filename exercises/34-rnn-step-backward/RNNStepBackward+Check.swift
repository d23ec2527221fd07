import Foundation
import GradLab

extension Exercise {
    /// Exercise 34: one RNN step's backward, five gradients from one da.
    static let rnnStepBackward = Exercise(
        id: "rnn-step-backward", title: "One step of a simple RNN, backward: dx, dh_prev, dWx, dWh and db",
        file: "exercises/34-rnn-step-backward/RNNStepBackward.swift",
        book: "TF notes §9.2; CS231n rnn_step_backward", minutes: 15,
        hints: [
            "First go back through tanh: da = dh * (1 - h * h). All five gradients are made from this one da.",
            "The step is an Affine layer twice (x with Wx, h_prev with Wh) plus one bias: each pair gets exercise 11's formulas.",
            "let da = dh * (1 - h * h); return (Tensor.matmul(da, inputWeight, transposeB: true), Tensor.matmul(da, recurrentWeight, transposeB: true), Tensor.matmul(x, transposeA: true, da), Tensor.matmul(previous, transposeA: true, da), da.sum(alongAxis: 0))",
        ],
        solution: "Sources/GradLab/Layers/Recurrent/SimpleRNN.swift: SimpleRNN.stepBackward",
        check: { checkRNNStep { try myRNNStepBackward(dh: $0, x: $1, previous: $2, output: $3, inputWeight: $4, recurrentWeight: $5) } },
        checkReference: { checkRNNStep(referenceRNNStep) },
        wrongAnswers: [
            WrongAnswer("forgot tanh′: da = dh") {
                checkRNNStep { dh, x, previous, _, wx, wh in
                    (Tensor.matmul(dh, wx, transposeB: true), Tensor.matmul(dh, wh, transposeB: true),
                     Tensor.matmul(x, transposeA: true, dh), Tensor.matmul(previous, transposeA: true, dh), dh.sum(alongAxis: 0))
                }
            },
            WrongAnswer("dWh from the new state: hᵀ · da") {
                checkRNNStep { dh, x, previous, h, wx, wh in
                    let right = try referenceRNNStep(dh, x, previous, h, wx, wh)
                    return (right.dx, right.dPrevious, right.dWx, Tensor.matmul(h, transposeA: true, dh * (1 - h * h)), right.db)
                }
            },
            WrongAnswer("dh_prev through Wx's place: da · Wh without the transpose") {
                checkRNNStep { dh, x, previous, h, wx, wh in
                    let right = try referenceRNNStep(dh, x, previous, h, wx, wh)
                    return (right.dx, (dh * (1 - h * h)).matmul(wh), right.dWx, right.dWh, right.db)
                }
            },
        ])

    typealias RNNStepBackwardFunction = @Sendable (_ dh: Tensor, _ x: Tensor, _ previous: Tensor, _ h: Tensor, _ wx: Tensor,
                                                   _ wh: Tensor) throws
        -> (dx: Tensor, dPrevious: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)

    /// The step for central differences: h = 10⁻⁵ leaves a truncation error near 10⁻¹⁰
    /// relative, where 10⁻⁴ left some small elements of dWx at 1.5·10⁻⁷, outside "good".
    static let rnnStepH = 1e-5

    /// The library's step backward.
    static let referenceRNNStep: RNNStepBackwardFunction = { dh, x, previous, h, wx, wh in
        let g = SimpleRNN.stepBackward(dh, step: SimpleRNN.Step(input: x, previous: previous, output: h),
                                       inputWeight: wx, recurrentWeight: wh)
        return (g.input, g.previous, g.inputWeight, g.recurrentWeight, g.bias)
    }

    /// The step forward, written out here so that the check does not lean on the library.
    static func rnnStepForward(_ x: Tensor, _ previous: Tensor, _ wx: Tensor, _ wh: Tensor, _ b: Tensor) -> Tensor {
        (x.matmul(wx) + previous.matmul(wh) + b).map { Foundation.tanh($0) }
    }

    /// CS231n's sizes, N, D, H = 4, 5, 6; L = Σ g ⊙ h; each of the five gradients against
    /// central differences, in the order dx, dh_prev, dWx, dWh, db.
    static func checkRNNStep(_ implementation: @escaping RNNStepBackwardFunction) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 29)
        let (n, d, h) = (4, 5, 6)
        let x = Tensor.randomNormal(shape: [n, d], using: &generator), previous = Tensor.randomNormal(shape: [n, h], using: &generator)
        let wx = Tensor.randomNormal(shape: [d, h], standardDeviation: 0.5, using: &generator)
        let wh = Tensor.randomNormal(shape: [h, h], standardDeviation: 0.5, using: &generator)
        let b = Tensor.randomNormal(shape: [h], using: &generator), g = Tensor.randomNormal(shape: [n, h], using: &generator)
        let output = rnnStepForward(x, previous, wx, wh, b)
        return attempt({ try implementation(g, x, previous, output, wx, wh) }) { yours in
            let loss = (output * g).sum()
            let numerical: [(String, Tensor, Tensor)] = [
                ("dx", yours.dx, GradLab.numericalGradient(of: summed(against: g) { rnnStepForward($0, previous, wx, wh, b) }, at: x, h: rnnStepH)),
                ("dh_prev", yours.dPrevious, GradLab.numericalGradient(of: summed(against: g) { rnnStepForward(x, $0, wx, wh, b) }, at: previous, h: rnnStepH)),
                ("dWx", yours.dWx, GradLab.numericalGradient(of: summed(against: g) { rnnStepForward(x, previous, $0, wh, b) }, at: wx, h: rnnStepH)),
                ("dWh", yours.dWh, GradLab.numericalGradient(of: summed(against: g) { rnnStepForward(x, previous, wx, $0, b) }, at: wh, h: rnnStepH)),
                ("db", yours.db, GradLab.numericalGradient(of: summed(against: g) { rnnStepForward(x, previous, wx, wh, $0) }, at: b, h: rnnStepH)),
            ]
            for (name, mine, numeric) in numerical {
                let outcome = judgeGradient(name, yours: mine, numerical: numeric, loss: loss, h: rnnStepH, batch: n)
                guard case .failed(let text) = outcome else { continue }
                return .failed(text + rnnStepDiagnosis(name, yours: yours, output: output, g: g, x: x, previous: previous, wx: wx, wh: wh))
            }
            return .passed("dx, dh_prev, dWx, dWh and db agree with central differences; all five come from one da = dh ⊙ (1 − h²)")
        }
    }

    /// The fingerprints of the usual mistakes, read from the student's gradients.
    static func rnnStepDiagnosis(_ name: String, yours: (dx: Tensor, dPrevious: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor),
                                 output h: Tensor, g: Tensor, x: Tensor, previous: Tensor, wx: Tensor, wh: Tensor) -> String {
        let close: (Tensor, Tensor) -> Bool = { $0.shape == $1.shape && ($0 - $1).norm <= 1e-9 * ($0.norm + $1.norm) }
        if close(yours.db, g.sum(alongAxis: 0)) {
            return "; yours is what the gradients would be without tanh: first go back through it, da = dh ⊙ (1 − h²)"
        }
        let da = g * (1 - h * h)
        if name == "dWh" && close(yours.dWh, Tensor.matmul(h, transposeA: true, da)) {
            return "; dWh multiplies the state that came in, h_prev, not the step's output h: dWh = h_prevᵀ · da"
        }
        if name == "dh_prev" && close(yours.dPrevious, da.matmul(wh)) {
            return "; dh_prev = da · Whᵀ: h_prev was multiplied by Wh on the right, so its gradient multiplies by Whᵀ"
        }
        return ""
    }
}

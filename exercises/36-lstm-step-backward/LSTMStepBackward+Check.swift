import Foundation
import GradLab

extension Exercise {
    /// Exercise 36: the LSTM cell's backward, the gates joined into one da.
    static let lstmStepBackward = Exercise(
        id: "lstm-step-backward", title: "One step of an LSTM, backward: through the gates and the cell",
        file: "exercises/36-lstm-step-backward/LSTMStepBackward.swift",
        book: "TF notes §9.4; CS231n lstm_step_backward", minutes: 30,
        hints: [
            "Start at h = o ⊙ tanh(c): do = dHidden ⊙ step.cellTanh, and the cell gets dc = dCell + dHidden ⊙ o ⊙ (1 − tanh²c) (two paths, added).",
            "From c = f ⊙ c_prev + i ⊙ g: di = dc ⊙ g, df = dc ⊙ c_prev, dg = dc ⊙ i, and dc_prev = dc ⊙ f. Then through the squashings: da_i = di ⊙ i ⊙ (1 − i), and likewise f and o; da_g = dg ⊙ (1 − g²).",
            "let da = Tensor.concatenate([dai, daf, dao, dag], alongAxis: 1); return (Tensor.matmul(da, inputWeight, transposeB: true), Tensor.matmul(da, recurrentWeight, transposeB: true), dc * step.forgetGate, Tensor.matmul(step.input, transposeA: true, da), Tensor.matmul(step.previousHidden, transposeA: true, da), da.sum(alongAxis: 0))",
        ],
        solution: "Sources/GradLab/Layers/Recurrent/LSTM.swift: LSTM.stepBackward",
        check: { checkLSTMStep { try myLSTMStepBackward(dHidden: $0, dCell: $1, step: $2, inputWeight: $3, recurrentWeight: $4) } },
        checkReference: { checkLSTMStep(referenceLSTMStep) },
        wrongAnswers: [
            WrongAnswer("dc without the path through h: dc = dCell") { checkLSTMStep { lstmBackward($0, $1, $2, $3, $4, .noHiddenPath) } },
            WrongAnswer("dc_prev = dc, not through the forget gate") { checkLSTMStep { lstmBackward($0, $1, $2, $3, $4, .cellNotGated) } },
            WrongAnswer("tanh′(c) left out: dc += dh ⊙ o") { checkLSTMStep { lstmBackward($0, $1, $2, $3, $4, .noCellTanhSlope) } },
            WrongAnswer("the gates joined in Keras's order i, f, g, o") { checkLSTMStep { lstmBackward($0, $1, $2, $3, $4, .kerasOrder) } },
        ])

    typealias LSTMStepBackwardFunction = @Sendable (_ dh: Tensor, _ dc: Tensor, _ step: LSTM.Step, _ wx: Tensor, _ wh: Tensor) throws
        -> (dx: Tensor, dPreviousHidden: Tensor, dPreviousCell: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)

    /// The library's step backward.
    static let referenceLSTMStep: LSTMStepBackwardFunction = { dh, dc, step, wx, wh in
        let g = LSTM.stepBackward(dHidden: dh, dCell: dc, step: step, inputWeight: wx, recurrentWeight: wh)
        return (g.input, g.previousHidden, g.previousCell, g.inputWeight, g.recurrentWeight, g.bias)
    }

    /// The usual mistakes, each made on purpose.
    enum LSTMMistake { case noHiddenPath, cellNotGated, noCellTanhSlope, kerasOrder }

    /// The step backward written out with one mistake: for the wrong answers.
    static func lstmBackward(_ dh: Tensor, _ dCell: Tensor, _ s: LSTM.Step, _ wx: Tensor, _ wh: Tensor, _ mistake: LSTMMistake)
        -> (dx: Tensor, dPreviousHidden: Tensor, dPreviousCell: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor) {
        let slope = mistake == .noCellTanhSlope ? Tensor(shape: s.cell.shape, repeating: 1) : 1 - s.cellTanh * s.cellTanh
        let dc = mistake == .noHiddenPath ? dCell : dCell + dh * s.outputGate * slope
        let gates = [dc * s.candidate * s.inputGate * (1 - s.inputGate), dc * s.previousCell * s.forgetGate * (1 - s.forgetGate),
                     dh * s.cellTanh * s.outputGate * (1 - s.outputGate), dc * s.inputGate * (1 - s.candidate * s.candidate)]
        let da = Tensor.concatenate(mistake == .kerasOrder ? [gates[0], gates[1], gates[3], gates[2]] : gates, alongAxis: 1)
        return (Tensor.matmul(da, wx, transposeB: true), Tensor.matmul(da, wh, transposeB: true),
                mistake == .cellNotGated ? dc : dc * s.forgetGate,
                Tensor.matmul(s.input, transposeA: true, da), Tensor.matmul(s.previousHidden, transposeA: true, da), da.sum(alongAxis: 0))
    }

    /// The step forward written out here, so that the check does not lean on the library's:
    /// returns h and c.
    static func lstmForward(_ x: Tensor, _ hp: Tensor, _ cp: Tensor, _ wx: Tensor, _ wh: Tensor, _ b: Tensor) -> (h: Tensor, c: Tensor) {
        let a = x.matmul(wx) + hp.matmul(wh) + b
        let size = hp.shape[1]
        func gate(_ k: Int) -> Tensor { a.sliced(alongAxis: 1, k * size ..< (k + 1) * size) }
        let sigma: (Double) -> Double = { 1 / (1 + Foundation.exp(-$0)) }
        let (i, f, o, g) = (gate(0).map(sigma), gate(1).map(sigma), gate(2).map(sigma), gate(3).map { Foundation.tanh($0) })
        let c = f * cp + i * g
        return (o * c.map { Foundation.tanh($0) }, c)
    }

    /// N, D, H = 4, 5, 6; L = Σ gh ⊙ h + Σ gc ⊙ c; the six gradients against central
    /// differences in the order dx, dh_prev, dc_prev, dWx, dWh, db.
    static func checkLSTMStep(_ implementation: @escaping LSTMStepBackwardFunction) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 31)
        let (n, d, h) = (4, 5, 6)
        let x = Tensor.randomNormal(shape: [n, d], using: &generator)
        let hp = Tensor.randomNormal(shape: [n, h], using: &generator), cp = Tensor.randomNormal(shape: [n, h], using: &generator)
        let wx = Tensor.randomNormal(shape: [d, 4 * h], standardDeviation: 0.4, using: &generator)
        let wh = Tensor.randomNormal(shape: [h, 4 * h], standardDeviation: 0.4, using: &generator)
        let b = Tensor.randomNormal(shape: [4 * h], using: &generator)
        let gh = Tensor.randomNormal(shape: [n, h], using: &generator), gc = Tensor.randomNormal(shape: [n, h], using: &generator)
        let step = LSTM.step(x, previousHidden: hp, previousCell: cp, inputWeight: wx, recurrentWeight: wh, bias: b)
        func loss(_ r: (h: Tensor, c: Tensor)) -> Double { (r.h * gh).sum() + (r.c * gc).sum() }
        func numerical(_ at: Tensor, _ f: @escaping (Tensor) -> (h: Tensor, c: Tensor)) -> Tensor {
            GradLab.numericalGradient(of: { loss(f($0)) }, at: at)
        }
        return attempt({ try implementation(gh, gc, step, wx, wh) }) { yours in
            let value = loss(lstmForward(x, hp, cp, wx, wh, b))
            let parts: [(String, Tensor, Tensor)] = [
                ("dx", yours.dx, numerical(x) { lstmForward($0, hp, cp, wx, wh, b) }),
                ("dh_prev", yours.dPreviousHidden, numerical(hp) { lstmForward(x, $0, cp, wx, wh, b) }),
                ("dc_prev", yours.dPreviousCell, numerical(cp) { lstmForward(x, hp, $0, wx, wh, b) }),
                ("dWx", yours.dWx, numerical(wx) { lstmForward(x, hp, cp, $0, wh, b) }),
                ("dWh", yours.dWh, numerical(wh) { lstmForward(x, hp, cp, wx, $0, b) }),
                ("db", yours.db, numerical(b) { lstmForward(x, hp, cp, wx, wh, $0) }),
            ]
            for (name, mine, numeric) in parts {
                guard case .failed(let text) = judgeGradient(name, yours: mine, numerical: numeric, loss: value, batch: n) else { continue }
                return .failed(text + lstmDiagnosis(yours, gh, gc, step, wx, wh))
            }
            return .passed("all six agree with central differences; along the cell, dc_prev = dc ⊙ f: the forget gate is the only factor")
        }
    }

    /// Which of the usual mistakes the student's gradients match exactly.
    static func lstmDiagnosis(_ yours: (dx: Tensor, dPreviousHidden: Tensor, dPreviousCell: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor),
                              _ dh: Tensor, _ dc: Tensor, _ step: LSTM.Step, _ wx: Tensor, _ wh: Tensor) -> String {
        let close: (Tensor, Tensor) -> Bool = { $0.shape == $1.shape && ($0 - $1).norm <= 1e-9 * ($0.norm + $1.norm) }
        let messages: [(LSTMMistake, String)] = [
            (.noHiddenPath, "; c reaches the loss through dCell and through h = o ⊙ tanh(c): add dh ⊙ o ⊙ (1 − tanh²c) to dCell"),
            (.noCellTanhSlope, "; through h = o ⊙ tanh(c) the cell's gradient needs tanh′(c) = 1 − tanh²c: dc += dh ⊙ o ⊙ (1 − tanh²c)"),
            (.kerasOrder, "; db has the o and g blocks swapped: join the gates' gradients in the order of the forward pass, i, f, o, g"),
            (.cellNotGated, "; dc_prev must go through c = f ⊙ c_prev: dc_prev = dc ⊙ f"),
        ]
        for (mistake, message) in messages {
            let wrong = lstmBackward(dh, dc, step, wx, wh, mistake)
            if close(yours.db, wrong.db) && close(yours.dPreviousCell, wrong.dPreviousCell) { return message }
        }
        return ""
    }
}

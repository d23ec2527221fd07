import Foundation
import GradLab

extension Exercise {
    /// Exercise 35: backprop through time, the step's backward T times with the state's gradient
    /// carried back and the weights' gradients summed.
    static let backpropThroughTime = Exercise(
        id: "backprop-through-time", title: "Backprop through time: a simple RNN's backward over a sequence",
        file: "exercises/35-backprop-through-time/BackpropThroughTime.swift",
        book: "TF notes §9.2–9.3; CS231n rnn_backward", minutes: 20,
        hints: [
            "Walk the steps from the last to the first, keeping one N×H tensor: the gradient that the step after sent back (zeros to start).",
            "At step t: let g = SimpleRNN.stepBackward(dout.timeStep(t) + fromLater, step: steps[t], inputWeight: inputWeight, recurrentWeight: recurrentWeight); then fromLater = g.previous, dxs[t] = g.input, and dWx += g.inputWeight (likewise dWh, db).",
            "Start dWx, dWh, db at Tensor.zeros(like: inputWeight), …zeros(like: recurrentWeight), Tensor.zeros([H]); return (Tensor.stack(dxs, alongAxis: 1), dWx, dWh, db).",
        ],
        solution: "Sources/GradLab/Layers/Recurrent/SimpleRNN.swift: SimpleRNN.backward",
        check: { checkThroughTime { try myRNNBackward(dout: $0, steps: $1, inputWeight: $2, recurrentWeight: $3) } },
        checkReference: { checkThroughTime(referenceThroughTime) },
        wrongAnswers: [
            WrongAnswer("nothing carried back through time: each step gets doutₜ alone") {
                checkThroughTime { dout, steps, wx, wh in throughTime(dout, steps, wx, wh, carry: false, sum: true) }
            },
            WrongAnswer("the parameters' gradients of the first step only, not summed") {
                checkThroughTime { dout, steps, wx, wh in throughTime(dout, steps, wx, wh, carry: true, sum: false) }
            },
            WrongAnswer("steps walked first to last") {
                checkThroughTime { dout, steps, wx, wh in throughTime(dout, steps, wx, wh, carry: true, sum: true, forwards: true) }
            },
        ])

    typealias ThroughTimeFunction = @Sendable (_ dout: Tensor, _ steps: [SimpleRNN.Step], _ wx: Tensor, _ wh: Tensor) throws
        -> (dx: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)

    /// The library's layer, run forward again on the steps' inputs, then backward.
    static let referenceThroughTime: ThroughTimeFunction = { dout, steps, wx, wh in
        var layer = SimpleRNN(inputWeight: wx, recurrentWeight: wh, bias: throughTimeBias)
        _ = layer.forward(Tensor.stack(steps.map(\.input), alongAxis: 1))
        let dx = layer.backward(dout)
        let gradients = layer.gradients.map(\.value)
        return (dx, gradients[0], gradients[1], gradients[2])
    }

    /// Backprop through time with the mistakes switchable: for the wrong answers.
    static func throughTime(_ dout: Tensor, _ steps: [SimpleRNN.Step], _ wx: Tensor, _ wh: Tensor, carry: Bool, sum: Bool,
                            forwards: Bool = false) -> (dx: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor) {
        var (dWx, dWh, db) = (Tensor.zeros(like: wx), Tensor.zeros(like: wh), Tensor.zeros([wh.shape[0]]))
        var dx = [Tensor](repeating: .zeros([0]), count: steps.count)
        var fromLater = Tensor.zeros(steps[0].output.shape)
        for t in forwards ? Array(steps.indices) : steps.indices.reversed() {
            let g = SimpleRNN.stepBackward(dout.timeStep(t) + (carry ? fromLater : .zeros(fromLater.shape)), step: steps[t],
                                           inputWeight: wx, recurrentWeight: wh)
            dx[t] = g.input
            fromLater = g.previous
            if sum || t == 0 {
                dWx += g.inputWeight
                dWh += g.recurrentWeight
                db += g.bias
            }
        }
        return (Tensor.stack(dx, alongAxis: 1), dWx, dWh, db)
    }

    /// The bias of the check's RNN.
    static let throughTimeBias = Tensor([0.1, -0.2, 0.3, 0])

    /// A simple RNN whose backward is a student's (or the reference's, or a wrong one); its
    /// forward is the library's step, T times.
    struct StudentRNN: Layer {
        var wx: Tensor, wh: Tensor, b: Tensor
        let backwardFunction: ThroughTimeFunction
        private var steps: [SimpleRNN.Step]?
        private var grads: (Tensor, Tensor, Tensor)?

        init(wx: Tensor, wh: Tensor, b: Tensor, backward: @escaping ThroughTimeFunction) {
            (self.wx, self.wh, self.b) = (wx, wh, b)
            backwardFunction = backward
        }

        mutating func forward(_ x: Tensor) -> Tensor {
            var h = Tensor.zeros([x.shape[0], wh.shape[0]])
            var records: [SimpleRNN.Step] = []
            for t in 0..<x.shape[1] {
                let next = SimpleRNN.step(x.timeStep(t), previous: h, inputWeight: wx, recurrentWeight: wh, bias: b)
                records.append(SimpleRNN.Step(input: x.timeStep(t), previous: h, output: next))
                h = next
            }
            steps = records
            return Tensor.stack(records.map(\.output), alongAxis: 1)
        }

        mutating func backward(_ dout: Tensor) -> Tensor {
            guard let steps else { preconditionFailure("backward called before forward") }
            do {
                let result = try backwardFunction(dout, steps, wx, wh)
                grads = (result.dWx, result.dWh, result.db)
                return result.dx
            } catch {
                // Layer.backward cannot throw: NaN makes the gradient check fail loudly instead.
                grads = (Tensor(shape: wx.shape, repeating: .nan), Tensor(shape: wh.shape, repeating: .nan), Tensor(shape: b.shape, repeating: .nan))
                return Tensor(shape: [dout.shape[0], steps.count, wx.shape[0]], repeating: .nan)
            }
        }

        var parameters: [NamedTensor] {
            get { [NamedTensor("Wx", wx), NamedTensor("Wh", wh), NamedTensor("b", b)] }
            set { (wx, wh, b) = (newValue[0].value, newValue[1].value, newValue[2].value) }
        }

        var gradients: [NamedTensor] {
            [NamedTensor("Wx", grads?.0 ?? .zeros(like: wx)), NamedTensor("Wh", grads?.1 ?? .zeros(like: wh)),
             NamedTensor("b", grads?.2 ?? .zeros(like: b))]
        }
    }

    /// 2 sequences of 5 steps of 3 inputs, 4 hidden units, weights large enough that the
    /// gradient carried back matters. The check's step is h = 10⁻⁵: at 10⁻⁴ the truncation
    /// error of the largest elements of dWx (about 9) reached 10⁻⁷ relative.
    static func checkThroughTime(_ implementation: @escaping ThroughTimeFunction) -> ExerciseOutcome {
        var generator = SplitMix64(seed: 30)
        let x = Tensor.randomNormal(shape: [2, 5, 3], using: &generator)
        let wx = Tensor.randomNormal(shape: [3, 4], standardDeviation: 0.6, using: &generator)
        let wh = Tensor.randomNormal(shape: [4, 4], standardDeviation: 0.6, using: &generator)
        let g = Tensor.randomNormal(shape: [2, 5, 4], using: &generator)
        var probe = StudentRNN(wx: wx, wh: wh, b: throughTimeBias, backward: implementation)
        let states = probe.forward(x)
        let steps = (0..<5).map { t in
            SimpleRNN.Step(input: x.timeStep(t), previous: t == 0 ? Tensor.zeros([2, 4]) : states.timeStep(t - 1), output: states.timeStep(t))
        }
        return attempt({ try implementation(g, steps, wx, wh) }) { yours in
            guard yours.dx.shape == x.shape, yours.dWx.shape == wx.shape, yours.dWh.shape == wh.shape, yours.db.shape == [4] else {
                return .failed("shapes: dx \(yours.dx.shape) (want \(x.shape)), dWx \(yours.dWx.shape) (want \(wx.shape)), "
                               + "dWh \(yours.dWh.shape) (want \(wh.shape)), db \(yours.db.shape) (want [4])")
            }
            let outcome = judge(checkLayer(StudentRNN(wx: wx, wh: wh, b: throughTimeBias, backward: implementation), input: x, h: 1e-5, seed: 31))
            if case .passed(let text) = outcome {
                return .passed(text + "; x₁ feeds every later state, so its gradient (norm \(rounded(yours.dx.timeStep(0).norm))) gathers all 5 steps' outputs, carried back through time")
            }
            guard case .failed(let text) = outcome else { return outcome }
            return .failed(text + throughTimeDiagnosis(yours, dout: g, steps: steps, wx: wx, wh: wh))
        }
    }

    /// What a wrong backward has of the usual mistakes: compared with each mistake made on purpose.
    static func throughTimeDiagnosis(_ yours: (dx: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor), dout: Tensor,
                                     steps: [SimpleRNN.Step], wx: Tensor, wh: Tensor) -> String {
        let close: (Tensor, Tensor) -> Bool = { $0.shape == $1.shape && ($0 - $1).norm <= 1e-9 * ($0.norm + $1.norm) }
        let notCarried = throughTime(dout, steps, wx, wh, carry: false, sum: true)
        if close(yours.dx, notCarried.dx) {
            return "; each step got only its own doutₜ: hₜ also reaches the loss through hₜ₊₁, so add what step t + 1 sent back (its dh_prev)"
        }
        let right = throughTime(dout, steps, wx, wh, carry: true, sum: true)
        if close(yours.dx, right.dx) && !close(yours.dWh, right.dWh) {
            return "; dx is right but the weights' gradients are not: every step used the same Wx, Wh and b, so add up every step's share"
        }
        if close(yours.dx, throughTime(dout, steps, wx, wh, carry: true, sum: true, forwards: true).dx) {
            return "; the gradient flows backwards in time: walk from the last step to the first, so that step t + 1 has sent its dh_prev before step t needs it"
        }
        return ""
    }
}

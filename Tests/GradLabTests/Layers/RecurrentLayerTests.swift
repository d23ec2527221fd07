import Foundation
import GradLab
import Testing

/// ‖a − b‖ / (‖a‖ + ‖b‖), the gradient check's norm-relative error (0 when both are 0).
private func normRelative(_ a: Tensor, _ b: Tensor) -> Double {
    let scale = a.norm + b.norm
    return scale == 0 ? 0 : (a - b).norm / scale
}

/// Three gradients of the same tensors: numeric (central differences), backprop (the
/// hand-written backward) and the tape. Every pair must agree within `RecurrentLayerTests.agreement`.
private func expectAllAgree(_ names: [String], numeric: [Tensor], backprop: [Tensor], tape: [Tensor],
                            sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(numeric.count == names.count && backprop.count == names.count && tape.count == names.count, sourceLocation: sourceLocation)
    for (k, name) in names.enumerated() {
        let pairs = [("numeric–backprop", numeric[k], backprop[k]), ("numeric–tape", numeric[k], tape[k]),
                     ("backprop–tape", backprop[k], tape[k])]
        for (pair, a, b) in pairs {
            #expect(a.shape == b.shape, "\(name) \(pair): shapes \(a.shape) and \(b.shape)", sourceLocation: sourceLocation)
            let error = normRelative(a, b)
            #expect(error <= RecurrentLayerTests.agreement, "\(name) \(pair): norm-relative error \(error)", sourceLocation: sourceLocation)
        }
        #expect(backprop[k].norm > 0, "\(name): a zero gradient would agree with anything", sourceLocation: sourceLocation)
    }
}

@Suite("Recurrent layers: SimpleRNN, LSTM, Embedding, Last, SwapAxes, and backprop through time")
struct RecurrentLayerTests {
    /// The bar for numeric against backprop and tape: central differences with h = 10⁻⁴
    /// on smooth functions of order 1 are off by h²·f‴/6 ≈ 10⁻⁹; backprop and tape by rounding.
    static let agreement = 1e-7

    // MARK: SimpleRNN, by hand

    /// One unit, two steps, worked out on paper: h₁ = tanh(0.5·1 + 0.1), h₂ = tanh(0.5·(−1) + 0.8·h₁ + 0.1),
    /// L = h₂. Then dh₂ = 1, da₂ = 1 − h₂², da₁ = da₂ · 0.8 · (1 − h₁²), and dWh = h₁·da₂ (h₀ = 0),
    /// dWx = 1·da₁ + (−1)·da₂, db = da₁ + da₂, dx = (0.5·da₁, 0.5·da₂).
    @Test func aTwoStepRNNMatchesTheHandCalculation() {
        var layer = SimpleRNN(inputWeight: Tensor([[0.5]]), recurrentWeight: Tensor([[0.8]]), bias: Tensor([0.1]))
        let x = Tensor(shape: [1, 2, 1], scalars: [1, -1])
        let y = layer.forward(x)
        let h1 = Foundation.tanh(0.6), h2 = Foundation.tanh(-0.5 + 0.8 * h1 + 0.1)
        #expect(abs(y[0, 0, 0] - h1) < 1e-15 && abs(y[0, 1, 0] - h2) < 1e-15)
        let dx = layer.backward(Tensor(shape: [1, 2, 1], scalars: [0, 1]))
        let da2 = 1 - h2 * h2, da1 = da2 * 0.8 * (1 - h1 * h1)
        let gradients = layer.gradients.map(\.value)
        #expect(abs(gradients[0].scalars[0] - (da1 - da2)) < 1e-15)
        #expect(abs(gradients[1].scalars[0] - h1 * da2) < 1e-15)
        #expect(abs(gradients[2].scalars[0] - (da1 + da2)) < 1e-15)
        #expect(abs(dx[0, 0, 0] - 0.5 * da1) < 1e-15 && abs(dx[0, 1, 0] - 0.5 * da2) < 1e-15)
        #expect(layer.gradients.map(\.name) == ["Wx", "Wh", "b"])
    }

    // MARK: One RNN step, CS231n's sizes N, D, H = 4, 5, 6

    @Test func oneRNNStepNumericBackpropAndTapeAgree() {
        let (n, d, h) = (4, 5, 6)
        let x = randomTensor([n, d], seed: 1), previous = randomTensor([n, h], seed: 2)
        let wx = randomTensor([d, h], seed: 3, standardDeviation: 0.5), wh = randomTensor([h, h], seed: 4, standardDeviation: 0.5)
        let b = randomTensor([h], seed: 5), g = randomTensor([n, h], seed: 6)
        let inputs = [x, previous, wx, wh, b]
        func loss(_ v: [Tensor]) -> Double {
            (SimpleRNN.step(v[0], previous: v[1], inputWeight: v[2], recurrentWeight: v[3], bias: v[4]) * g).sum()
        }
        let numeric = inputs.indices.map { k in
            numericalGradient(of: { t in var v = inputs; v[k] = t; return loss(v) }, at: inputs[k])
        }
        let output = SimpleRNN.step(x, previous: previous, inputWeight: wx, recurrentWeight: wh, bias: b)
        let s = SimpleRNN.stepBackward(g, step: SimpleRNN.Step(input: x, previous: previous, output: output),
                                       inputWeight: wx, recurrentWeight: wh)
        let tape = GradientTape()
        let watched = inputs.map { tape.watch($0) }
        let y = SimpleRNN.step(watched[0], previous: watched[1], inputWeight: watched[2], recurrentWeight: watched[3], bias: watched[4])
        let taped: [Tensor] = tape.gradient(of: (y * Variable(constant: g)).sum(), withRespectTo: watched)
        expectAllAgree(["x", "h_prev", "Wx", "Wh", "b"], numeric: numeric,
                       backprop: [s.input, s.previous, s.inputWeight, s.recurrentWeight, s.bias], tape: taped)
    }

    // MARK: Sequences, CS231n's sizes N, D, T, H = 2, 3, 10, 5

    /// x, the layer's gradients and dx by numeric differences, backprop and the tape, for
    /// L = Σ g ⊙ layer(x).
    private func sequenceGradients<L: TapeLayer>(_ layer: L, x: Tensor, seed: UInt64)
        -> (numeric: [Tensor], backprop: [Tensor], tape: [Tensor]) {
        var probe = layer
        let g = randomTensor(probe.forward(x).shape, seed: seed)
        let dx = probe.backward(g)
        let backprop = [dx] + probe.gradients.map(\.value)
        func loss(_ input: Tensor, _ parameters: [NamedTensor]) -> Double {
            var copy = layer
            copy.parameters = parameters
            return (copy.forward(input) * g).sum()
        }
        let parameters = layer.parameters
        var numeric = [numericalGradient(of: { loss($0, parameters) }, at: x)]
        for k in parameters.indices {
            numeric.append(numericalGradient(of: { t in
                var changed = parameters
                changed[k].value = t
                return loss(x, changed)
            }, at: parameters[k].value))
        }
        let tape = GradientTape()
        let watchedX = tape.watch(x)
        let watched = parameters.map { tape.watch($0.value) }
        let y = layer.forward(watchedX, parameters: watched)
        let taped: [Tensor] = tape.gradient(of: (y * Variable(constant: g)).sum(), withRespectTo: [watchedX] + watched)
        return (numeric, backprop, taped)
    }

    @Test func anRNNSequenceNumericBackpropAndTapeAgree() {
        let (n, d, t, h) = (2, 3, 10, 5)
        var generator = SplitMix64(seed: 10)
        var layer = SimpleRNN(inputs: d, hidden: h, using: &generator)
        layer.bias = randomTensor([h], seed: 11, standardDeviation: 0.3)
        let x = randomTensor([n, t, d], seed: 12)
        let (numeric, backprop, taped) = sequenceGradients(layer, x: x, seed: 13)
        expectAllAgree(["x", "Wx", "Wh", "b"], numeric: numeric, backprop: backprop, tape: taped)
        // The early steps get gradient only through time: Wh carried it there.
        #expect(backprop[0].timeStep(0).norm > 0)
    }

    @Test func aSigmoidRNNSequenceAgreesToo() {
        var generator = SplitMix64(seed: 14)
        let layer = SimpleRNN(inputs: 3, hidden: 4, activation: .sigmoid, using: &generator)
        let (numeric, backprop, taped) = sequenceGradients(layer, x: randomTensor([2, 6, 3], seed: 15), seed: 16)
        expectAllAgree(["x", "Wx", "Wh", "b"], numeric: numeric, backprop: backprop, tape: taped)
    }

    @Test func simpleRNNPassesCheckLayer() {
        var generator = SplitMix64(seed: 17)
        let report = checkLayer(SimpleRNN(inputs: 3, hidden: 5, using: &generator), input: randomTensor([2, 10, 3], seed: 18))
        #expect(report.passed, "\(report.problems)")
        #expect(report.comparisons.map(\.name) == ["x", "Wx", "Wh", "b"])
    }

    // MARK: LSTM

    @Test func oneLSTMStepNumericBackpropAndTapeAgree() {
        let (n, d, h) = (4, 5, 6)
        let x = randomTensor([n, d], seed: 20), previousHidden = randomTensor([n, h], seed: 21)
        let previousCell = randomTensor([n, h], seed: 22)
        let wx = randomTensor([d, 4 * h], seed: 23, standardDeviation: 0.4)
        let wh = randomTensor([h, 4 * h], seed: 24, standardDeviation: 0.4), b = randomTensor([4 * h], seed: 25)
        let gh = randomTensor([n, h], seed: 26), gc = randomTensor([n, h], seed: 27)
        let inputs = [x, previousHidden, previousCell, wx, wh, b]
        // L = Σ gh ⊙ hₜ + Σ gc ⊙ cₜ: both outputs of the step carry gradient, as in a sequence.
        func loss(_ v: [Tensor]) -> Double {
            let s = LSTM.step(v[0], previousHidden: v[1], previousCell: v[2], inputWeight: v[3], recurrentWeight: v[4], bias: v[5])
            return (s.hidden * gh).sum() + (s.cell * gc).sum()
        }
        let numeric = inputs.indices.map { k in
            numericalGradient(of: { t in var v = inputs; v[k] = t; return loss(v) }, at: inputs[k])
        }
        let forward = LSTM.step(x, previousHidden: previousHidden, previousCell: previousCell, inputWeight: wx,
                                recurrentWeight: wh, bias: b)
        let s = LSTM.stepBackward(dHidden: gh, dCell: gc, step: forward, inputWeight: wx, recurrentWeight: wh)
        let tape = GradientTape()
        let w = inputs.map { tape.watch($0) }
        let (hidden, cell) = LSTM.step(w[0], previousHidden: w[1], previousCell: w[2], inputWeight: w[3], recurrentWeight: w[4], bias: w[5])
        let loss = (hidden * Variable(constant: gh)).sum() + (cell * Variable(constant: gc)).sum()
        let taped: [Tensor] = tape.gradient(of: loss, withRespectTo: w)
        expectAllAgree(["x", "h_prev", "c_prev", "Wx", "Wh", "b"], numeric: numeric,
                       backprop: [s.input, s.previousHidden, s.previousCell, s.inputWeight, s.recurrentWeight, s.bias],
                       tape: taped)
    }

    @Test func anLSTMSequenceNumericBackpropAndTapeAgree() {
        let (n, d, t, h) = (2, 3, 10, 5)
        var generator = SplitMix64(seed: 30)
        var layer = LSTM(inputs: d, hidden: h, using: &generator)
        layer.bias = layer.bias + randomTensor([4 * h], seed: 31, standardDeviation: 0.3)
        let (numeric, backprop, taped) = sequenceGradients(layer, x: randomTensor([n, t, d], seed: 32), seed: 33)
        expectAllAgree(["x", "Wx", "Wh", "b"], numeric: numeric, backprop: backprop, tape: taped)
        #expect(backprop[0].timeStep(0).norm > 0)
    }

    @Test func lstmPassesCheckLayer() {
        var generator = SplitMix64(seed: 34)
        let report = checkLayer(LSTM(inputs: 3, hidden: 4, using: &generator), input: randomTensor([2, 5, 3], seed: 35))
        #expect(report.passed, "\(report.problems)")
    }

    /// With the forget gate shut (f = 0) the cell forgets everything each step: cₜ = i ⊙ g and no
    /// gradient reaches cₜ₋₁. With i = 0 and f = 1 (and g anything) the cell is a conveyor belt:
    /// dcₜ₋₁ = dcₜ exactly. The forget gate is the cell path's only factor.
    @Test func theCellPathIsMultipliedByTheForgetGateAlone() {
        let h = 3
        let x = randomTensor([2, 2], seed: 36), hp = randomTensor([2, h], seed: 37), cp = randomTensor([2, h], seed: 38)
        let dc = randomTensor([2, h], seed: 39)
        // Gates set by huge biases: i ≈ 0 (−40), f ≈ 1 (+40); weights 0 so that the biases alone decide.
        let bias = Tensor((0..<4 * h).map { $0 < h ? -40 : ($0 < 2 * h ? 40 : 0) })
        let wx = Tensor.zeros([2, 4 * h]), wh = Tensor.zeros([h, 4 * h])
        let s = LSTM.step(x, previousHidden: hp, previousCell: cp, inputWeight: wx, recurrentWeight: wh, bias: bias)
        let back = LSTM.stepBackward(dHidden: .zeros([2, h]), dCell: dc, step: s, inputWeight: wx, recurrentWeight: wh)
        expectClose(back.previousCell, dc, tolerance: 1e-15)
        expectClose(s.cell, cp, tolerance: 1e-15)
    }

    @Test func lstmStartsWithTheForgetBiasAtOne() {
        var generator = SplitMix64(seed: 40)
        let layer = LSTM(inputs: 2, hidden: 3, using: &generator)
        #expect(layer.bias.scalars == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        #expect(layer.inputWeight.shape == [2, 12] && layer.recurrentWeight.shape == [3, 12])
    }

    // MARK: Orthogonal initialization

    @Test func orthogonalMatricesAreOrthogonal() {
        var generator = SplitMix64(seed: 41)
        let q = orthogonalMatrix(6, using: &generator)
        expectClose(Tensor.matmul(q, transposeA: true, q), identity(6), tolerance: 1e-12)
        expectClose(Tensor.matmul(q, q, transposeB: true), identity(6), tolerance: 1e-12)
    }

    private func identity(_ n: Int) -> Tensor {
        Tensor(shape: [n, n], scalars: (0..<n * n).map { $0 / n == $0 % n ? 1 : 0 })
    }

    // MARK: Embedding

    /// Tokens [[0, 2, 0]] in a table of 3: row 0 is used twice, so its gradient is the sum of
    /// both positions' (the scatter-add); row 1 is unused and gets 0.
    @Test func embeddingLooksUpRowsAndScatterAddsTheirGradient() {
        var layer = Embedding(table: Tensor([[1, 2], [3, 4], [5, 6]]))
        let x = Tensor(shape: [1, 3], scalars: [0, 2, 0])
        let y = layer.forward(x)
        #expect(y.shape == [1, 3, 2] && y.scalars == [1, 2, 5, 6, 1, 2])
        let dx = layer.backward(Tensor(shape: [1, 3, 2], scalars: [1, 10, 100, 1000, 2, 20]))
        #expect(layer.gradients[0].value == Tensor([[3, 30], [0, 0], [100, 1000]]))
        #expect(dx == Tensor.zeros([1, 3]))
    }

    @Test func embeddingPassesCheckLayerAndTheTapeAgrees() {
        var generator = SplitMix64(seed: 42)
        let layer = Embedding(vocabulary: 5, dimension: 3, using: &generator)
        let x = Tensor(shape: [2, 4], scalars: [0, 4, 4, 1, 2, 0, 3, 4])
        let report = checkLayer(layer, input: x)
        #expect(report.passed, "\(report.problems)")
        let (_, backprop, taped) = sequenceGradients(layer, x: x, seed: 43)
        #expect(normRelative(backprop[1], taped[1]) <= Self.agreement)
    }

    // MARK: Last and SwapAxes

    @Test func lastKeepsTheFinalStepAndSendsTheGradientThere() {
        var layer = Last()
        let x = Tensor(shape: [2, 3, 1], scalars: [1, 2, 3, 4, 5, 6])
        #expect(layer.forward(x) == Tensor([[3], [6]]))
        #expect(layer.backward(Tensor([[7], [8]])).scalars == [0, 0, 7, 0, 0, 8])
        #expect(checkLayer(Last(), input: randomTensor([2, 4, 3], seed: 44)).passed)
    }

    @Test func swapAxesTransposesEachSample() {
        var layer = SwapAxes()
        let x = Tensor(shape: [1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let y = layer.forward(x)
        #expect(y.shape == [1, 3, 2] && y.scalars == [1, 4, 2, 5, 3, 6])
        #expect(layer.backward(y) == x)
        #expect(checkLayer(SwapAxes(), input: randomTensor([2, 3, 4], seed: 45)).passed)
    }

    // MARK: The tape's sequence operations

    /// x[:, 1, :] of a [2, 3, 4] batch: elements 4–7 of the first sequence and 16–19 of the
    /// second (each sequence is 12 numbers, each step 4); the steps stacked give x back.
    @Test func timeStepIsTheSliceAtOneStep() {
        let x = randomTensor([2, 3, 4], seed: 46)
        #expect(x.timeStep(1).scalars == Array(x.scalars[4..<8]) + Array(x.scalars[16..<20]))
        #expect(Tensor.stack((0..<3).map { x.timeStep($0) }, alongAxis: 1) == x)
    }
}

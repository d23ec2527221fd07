import Foundation
import GradLab
import Testing

/// Relative distance ‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0.
private func relativeDistance(_ a: Tensor, _ b: Tensor) -> Double {
    let scale = a.norm + b.norm
    return scale == 0 ? 0 : (a - b).norm / scale
}

@Suite("Deep-network layers: BatchNorm, Dropout, Residual, the loss layers")
struct DeepLayerTests {
    static let batch = randomTensor([6, 4], seed: 31, standardDeviation: 2)

    // MARK: BatchNorm

    @Test func batchNormPassesTheCheckInTraining() {
        var layer = BatchNorm(features: 4)
        layer.gamma = randomTensor([4], seed: 32)
        layer.beta = randomTensor([4], seed: 33)
        let report = checkLayer(layer, input: Self.batch)
        #expect(report.passed, "\(report.problems)")
        #expect(report.comparisons.map(\.name) == ["x", "gamma", "beta"])
    }

    @Test func batchNormPassesTheCheckInStepByStepForm() {
        var layer = BatchNorm(features: 4)
        layer.gamma = randomTensor([4], seed: 34)
        layer.backwardMethod = .stepByStep
        let report = checkLayer(layer, input: Self.batch)
        #expect(report.passed, "\(report.problems)")
    }

    @Test func batchNormsTwoBackwardPassesAgree() {
        var layer = BatchNorm(features: 4)
        layer.gamma = randomTensor([4], seed: 35)
        _ = layer.forward(Self.batch)
        let dout = randomTensor([6, 4], seed: 36)
        var graph = layer, simplified = layer
        let dxGraph = graph.backwardStepByStep(dout), dxSimplified = simplified.backwardSimplified(dout)
        // The same terms summed in another order: a few ε apart.
        #expect(relativeDistance(dxGraph, dxSimplified) <= 1e-12)
        #expect(graph.gradients == simplified.gradients)
    }

    @Test func batchNormNormalizesEachFeatureAndUpdatesItsAverages() {
        var layer = BatchNorm(features: 2)
        // Feature 0: 1, 2, 3 (mean 2, variance 2/3); feature 1: 10, 10, 40 (mean 20, variance 200).
        let x = Tensor([[1, 10], [2, 10], [3, 40]])
        let y = layer.forward(x)
        let expected0 = [-1.0, 0, 1].map { $0 / (2.0 / 3 + 1e-6).squareRoot() }
        let expected1 = [-10.0, -10, 20].map { $0 / (200 + 1e-6).squareRoot() }
        for n in 0..<3 {
            #expect(abs(y[n, 0] - expected0[n]) < 1e-12)
            #expect(abs(y[n, 1] - expected1[n]) < 1e-12)
        }
        // running ← 0.9 · running + 0.1 · batch, from mean 0 and variance 1.
        #expect(abs(layer.runningMean[0] - 0.2) < 1e-15 && abs(layer.runningMean[1] - 2) < 1e-15)
        #expect(abs(layer.runningVariance[0] - (0.9 + 0.1 * 2 / 3)) < 1e-15)
        #expect(abs(layer.runningVariance[1] - (0.9 + 20)) < 1e-12)
        // Inference uses the running averages: (x − 0.2) / √(0.9666… + ε) for the first feature.
        let inference = layer.forward(Tensor([[1.2, 2]]), mode: .inference)
        #expect(abs(inference[0, 0] - 1 / (0.9 + 0.2 / 3 + 1e-6).squareRoot()) < 1e-12)
        #expect(abs(inference[0, 1]) < 1e-15)
    }

    @Test func batchNormInInferenceIsLinear() {
        var layer = BatchNorm(features: 4)
        layer.runningMean = randomTensor([4], seed: 37)
        layer.runningVariance = randomTensor([4], seed: 38).map { $0 * $0 + 0.5 }
        layer.gamma = randomTensor([4], seed: 39)
        _ = layer.forward(Self.batch, mode: .inference)
        let dout = randomTensor([6, 4], seed: 40)
        var a = layer, b = layer
        let expected = dout * layer.gamma * layer.runningVariance.map { 1 / ($0 + 1e-6).squareRoot() }
        #expect(relativeDistance(a.backwardSimplified(dout), expected) < 1e-15)
        #expect(relativeDistance(b.backwardStepByStep(dout), expected) < 1e-15)
    }

    // MARK: Dropout

    @Test func dropoutPassesTheCheckWithItsMaskFixed() {
        let report = checkLayer(Dropout(rate: 0.4, seed: 7), input: Self.batch)
        #expect(report.passed, "\(report.problems)")
    }

    @Test func dropoutKeepsAboutOneMinusPAndScalesThem() {
        var layer = Dropout(rate: 0.3, seed: 8)
        let x = Tensor(shape: [100, 100], repeating: 2)
        let y = layer.forward(x)
        let kept = y.scalars.filter { $0 != 0 }
        // Each of 10,000 units kept with probability 0.7: the count is within 4σ = 4·√(10⁴·0.7·0.3) ≈ 183.
        let standardDeviation = (10_000 * 0.7 * 0.3).squareRoot()
        let deviation = abs(Double(kept.count) - 7000)
        #expect(deviation < 4 * standardDeviation)
        #expect(kept.allSatisfy { $0 == 2 / 0.7 })
        // The next training pass draws a new mask; inference passes everything.
        #expect(layer.forward(x) != y)
        #expect(layer.forward(x, mode: .inference) == x)
        #expect(layer.backward(x) == x)
    }

    @Test func dropoutCopiesDrawTheSameMask() {
        var a = Dropout(rate: 0.5, seed: 9)
        var b = a
        #expect(a.forward(Self.batch) == b.forward(Self.batch))
    }

    // MARK: Residual

    @Test func residualPassesTheCheck() {
        var generator = SplitMix64(seed: 41)
        let block = Residual([Affine(inputs: 4, outputs: 5, initialization: .standardDeviation(0.3), using: &generator), Tanh(),
                              Affine(inputs: 5, outputs: 4, initialization: .standardDeviation(0.5), using: &generator)])
        // A smaller step than the default 10⁻⁴: through tanh the central difference's truncation
        // error h²·f‴/6 otherwise puts a small element of the first W just past 10⁻⁷.
        let report = checkLayer(block, input: Self.batch * 0.5, h: 1e-5)
        #expect(report.passed, "\(report.problems)")
        #expect(report.comparisons.map(\.name) == ["x", "W", "b", "W", "b"])
    }

    @Test func residualPathsAddUp() {
        // F(x) = 2x: y = x + 2x = 3x, so dx = dout + 2·dout = 3·dout.
        var block = Residual([Affine(weight: Tensor([[2, 0], [0, 2]]), bias: .zeros([2]))])
        #expect(block.forward(Tensor([[1, -2]])) == Tensor([[3, -6]]))
        #expect(block.backward(Tensor([[0.5, 1]])) == Tensor([[1.5, 3]]))
    }

    // MARK: Loss layers

    @Test func meanSquaredErrorByHand() {
        var layer = MeanSquaredErrorLoss()
        // Targets 0 and 1 become one-hot [1, 0] and [0, 1]: the differences are 0, 0, 0.5, −0.5,
        // so L = (0.25 + 0.25) / 4 and dL/dy = 2 · difference / 4.
        let loss = layer.forward(Tensor([[1, 0], [0.5, 0.5]]), Tensor([0, 1]))
        #expect(loss == 0.5 / 4)
        #expect(layer.backward() == Tensor([[0, 0], [0.25, -0.25]]))
    }

    @Test func binaryCrossEntropyByHand() {
        var layer = SigmoidWithBinaryCrossEntropy()
        // z = 0 gives p = ½: −log ½ = log 2 whatever the target; z = 3, t = 1: log(1 + e⁻³).
        let loss = layer.forward(Tensor([[0, 3]]), Tensor([[1, 1]]))
        #expect(abs(loss - (log(2) + log1p(exp(-3))) / 2) < 1e-15)
        let gradient = layer.backward()
        #expect(abs(gradient[0, 0] - (0.5 - 1) / 2) < 1e-15)
        #expect(abs(gradient[0, 1] - (1 / (1 + exp(-3)) - 1) / 2) < 1e-15)
        // Large logits stay finite: log(1 + e⁻¹⁰⁰⁰) is 0, and z = −1000 with t = 1 costs 1000.
        #expect(layer.forward(Tensor([[-1000]]), Tensor([[1]])) == 1000)
    }

    @Test(arguments: LossKind.allCases)
    func lossLayersAgreeWithTheirNumericalGradient(kind: LossKind) {
        let scores = randomTensor([5, 3], seed: 42, standardDeviation: 2)
        let targets = kind == .crossEntropy ? Tensor([0, 2, 1, 1, 0]) : randomTensor([5, 3], seed: 43).map { 1 / (1 + exp(-$0)) }
        var layer = kind.make()
        _ = layer.forward(scores, targets)
        let analytic = layer.backward()
        let numeric = numericalGradient(of: { s in
            var copy = kind.make()
            return copy.forward(s, targets)
        }, at: scores)
        #expect(relativeDistance(analytic, numeric) < 1e-9)
    }
}

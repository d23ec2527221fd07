import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Backprop through a TwoLayerNet whose sigmoid backward forgets (1 − y), written out layer by
/// layer the way `TwoLayerNet.gradient` does it.
func brokenGradient(_ net: TwoLayerNet, _ x: Tensor, _ t: Tensor) -> Parameters {
    var layer1 = Affine(weight: net.parameters["W1"], bias: net.parameters["b1"])
    var hidden = BrokenSigmoid()
    var layer2 = Affine(weight: net.parameters["W2"], bias: net.parameters["b2"])
    var last = SoftmaxWithLoss()
    _ = last.forward(layer2.forward(hidden.forward(layer1.forward(x))), t)
    _ = layer1.backward(hidden.backward(layer2.backward(last.backward())))
    return twoLayerParameters(W1: layer1.weightGradient!, b1: layer1.biasGradient!,
                 W2: layer2.weightGradient!, b2: layer2.biasGradient!)
}

@Suite("Gradient check")
struct GradientCheckTests {
    @Test func verdictBands() {
        #expect(GradientVerdict(relativeError: 0) == .good)
        #expect(GradientVerdict(relativeError: 1e-7) == .good)
        #expect(GradientVerdict(relativeError: 2e-7) == .acceptable)
        #expect(GradientVerdict(relativeError: 1e-4) == .acceptable)
        #expect(GradientVerdict(relativeError: 5e-3) == .suspicious)
        #expect(GradientVerdict(relativeError: 0.5) == .wrong)
        #expect(GradientVerdict(relativeError: .nan) == .wrong)
        #expect(GradientVerdict.good < .wrong)
    }

    @Test func comparisonByHand() {
        // a = [1, 2, 1e-12], n = [1, 2.2, 3e-12], floor 1e-6: the third element is below the
        // floor; the worst judged element is the second, with relative error 0.2/4.2.
        let comparison = GradientComparison(name: "w", analytic: Tensor([1, 2, 1e-12]),
                                            numeric: Tensor([1, 2.2, 3e-12]), roundOffFloor: 1e-6)
        #expect(comparison.belowFloorCount == 1)
        #expect(comparison.worstIndex == [1])
        #expect(abs(comparison.maxRelativeError! - 0.2 / 4.2) < Tolerance.rounding)
        #expect(abs(comparison.meanAbsoluteDifference - (0.2 + 2e-12) / 3) < Tolerance.rounding)
        let expectedNorm = (0.04 + 4e-24).squareRoot() / ((5 + 1e-24).squareRoot() + (5.84 + 9e-24).squareRoot())
        #expect(abs(comparison.normRelativeError - expectedNorm) < Tolerance.rounding)
        #expect(comparison.verdict == .wrong)
        #expect(comparison.worstAnalytic == 2 && comparison.worstNumeric == 2.2)
    }

    @Test func roundOffFloorFormula() {
        // ε·max(|L|, 1)/h / 1e-7 with L = 2.3, h = 1e-4.
        let floor = GradientComparison.roundOffFloor(loss: 2.3, h: 1e-4)
        #expect(abs(floor - 2.220446049250313e-16 * 2.3 / 1e-4 / 1e-7) < 1e-20)
    }

    @Test func wrongSigmoidBackwardIsCaughtInW1AndB1() {
        // Batch of one: the broken b1 gradient is the true one divided by (1 − yⱼ), a relative
        // error yⱼ/(2 − yⱼ), so the worst element is the hidden unit with the largest output yⱼ.
        let net = TwoLayerNet(inputSize: 10, hiddenSize: 6, outputSize: 3, weightInitStd: 1, seed: 5)
        let x = randomTensor([1, 10], seed: 6), t = Tensor([2])
        let report = GradientCheckReport(analytic: brokenGradient(net, x, t).named,
                                         numeric: net.numericalGradient(x, t).named,
                                         loss: net.loss(x, t), h: 1e-4)
        let verdicts = Dictionary(uniqueKeysWithValues: report.comparisons.map { ($0.name, $0.verdict) })
        #expect(verdicts["W2"] == .good && verdicts["b2"] == .good)
        #expect(verdicts["W1"]! >= .suspicious && verdicts["b1"]! >= .suspicious)
        let hidden = sigmoid(x.matmul(net.parameters["W1"]) + net.parameters["b1"])
        let expectedUnit = hidden.argmax()[0]
        let b1 = report.comparisons[1]
        #expect(b1.worstIndex == [expectedUnit])
        let y = hidden[0, expectedUnit]
        #expect(abs(b1.maxRelativeError! - y / (2 - y)) < 1e-6)
        #expect(report.comparisons[0].worstIndex?[1] == expectedUnit)
        #expect(report.verdict >= .suspicious)
    }
}

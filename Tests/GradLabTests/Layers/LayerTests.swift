import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// A sigmoid layer with a deliberate bug: its backward forgets the (1 − y) factor.
struct BrokenSigmoid: Layer {
    private var output: Tensor?
    mutating func forward(_ x: Tensor) -> Tensor {
        let y = sigmoid(x)
        output = y
        return y
    }
    mutating func backward(_ dout: Tensor) -> Tensor {
        dout * output!  // should be dout · y · (1 − y)
    }
}

@Suite("Layers against the numerical gradient")
struct LayerTests {
    static let batch = randomTensor([4, 6], seed: 21)

    @Test func affinePassesTheCheck() {
        let layer = Affine(weight: randomTensor([6, 3], seed: 22), bias: randomTensor([3], seed: 23))
        let report = checkLayer(layer, input: Self.batch)
        #expect(report.passed, "\(report.problems)")
        #expect(report.comparisons.map(\.name) == ["x", "W", "b"])
        #expect(report.verdict == .good)
    }

    @Test func affineBackwardByHand() {
        // 1×2 input, 2×2 weight: dW = xᵀ·dout, db = dout, dx = dout·Wᵀ, checked element by element.
        var layer = Affine(weight: Tensor([[1, 2], [3, 4]]), bias: Tensor([0.5, -0.5]))
        let y = layer.forward(Tensor([[1, 1]]))
        #expect(y == Tensor([[4.5, 5.5]]))  // [1+3+0.5, 2+4−0.5]
        let dx = layer.backward(Tensor([[1, 2]]))
        #expect(dx == Tensor([[5, 11]]))  // [1·1+2·2, 1·3+2·4]
        #expect(layer.weightGradient == Tensor([[1, 2], [1, 2]]))
        #expect(layer.biasGradient == Tensor([1, 2]))
    }

    @Test func activationLayersPassTheCheck() {
        let layers: [(String, any Layer)] = [("Sigmoid", Sigmoid()), ("ReLU", ReLU()),
                                             ("LeakyReLU", LeakyReLU(slope: 0.1)), ("Tanh", Tanh())]
        for (name, layer) in layers {
            let report = checkLayer(layer, input: Self.batch)
            #expect(report.passed, "\(name): \(report.problems)")
            #expect(report.linearityError <= LayerCheckReport.linearityTolerance)
            #expect(report.isDeterministic)
        }
    }

    @Test func brokenSigmoidIsFlaggedAtTheRightElement() {
        // With dx = dout·y instead of dout·y·(1 − y), element i is off by the factor 1/(1 − yᵢ),
        // a relative error |a − n|/(|a| + |n|) = yᵢ/(2 − yᵢ): largest where y is largest.
        let x = Tensor([[0.3, -1.2, 2.5, 0.1]])
        let report = checkLayer(BrokenSigmoid(), input: x)
        #expect(!report.passed)
        let dx = report.comparisons[0]
        #expect(dx.name == "x" && dx.verdict == .wrong)
        #expect(dx.worstIndex == [0, 2])  // x = 2.5 gives the largest sigmoid
        let y = sigmoid(2.5)
        #expect(abs(dx.maxRelativeError! - y / (2 - y)) < 1e-6)
    }

    @Test func reluKinkIsReportedNotFailed() throws {
        // 5·10⁻⁵ lies within h = 10⁻⁴ of ReLU's kink: the numerical slope there is a blend.
        let x = Tensor([[5e-5, 1.0, -2.0]])
        let report = checkLayer(ReLU(), input: x)
        #expect(report.kinksCrossed == 1)
        #expect(report.passed, "\(report.problems)")
        // Reported with its one-sided slopes: from the right the full upstream gradient g
        // (what backprop says, x > 0); from the left, across the kink, (5e-5·g − 0)/1e-4 = g/2.
        let kink = try #require(report.comparisons[0].kinks.first)
        #expect(kink.index == [0, 0])
        #expect(abs(kink.right - kink.analytic) <= 1e-9 * abs(kink.analytic))
        #expect(abs(kink.left - kink.analytic / 2) <= 1e-9 * abs(kink.analytic))
        #expect(report.kinkNotes.count == 1 && report.kinkNotes[0].hasPrefix("x[0, 0]: kink crossed"))
    }

    @Test func sparseSamplingCoversEveryTensor() {
        let layer = Affine(weight: randomTensor([6, 3], seed: 22), bias: randomTensor([3], seed: 23))
        let report = checkLayer(layer, input: Self.batch, sampling: .random(count: 2, seed: 7))
        #expect(report.comparisons.map(\.comparedCount) == [2, 2, 2])
        #expect(report.passed)
        let indices = ElementSampling.random(count: 5, seed: 1).indices(count: 20)
        #expect(indices.count == 5 && Set(indices).count == 5 && indices.allSatisfy { (0..<20).contains($0) })
        #expect(ElementSampling.random(count: 5, seed: 1).indices(count: 3) == [0, 1, 2])
    }

    @Test func softmaxWithLossBackwardIsExactWithoutDelta() {
        let scores = randomTensor([5, 4], seed: 31)
        let labels = Tensor([0, 3, 1, 1, 2])
        var layer = SoftmaxWithLoss()
        let loss = layer.forward(scores, labels)
        #expect(abs(loss - softmaxCrossEntropy(scores: scores, labels)) < Tolerance.rounding)
        let analytic = layer.backward()
        // Closed form: (softmax(a) − t)/N.
        expectClose(analytic, (softmax(scores) - oneHot([0, 3, 1, 1, 2], classes: 4)) / 5, tolerance: Tolerance.rounding)
        let numeric = numericalGradient(of: { softmaxCrossEntropy(scores: $0, labels) }, at: scores)
        let comparison = GradientComparison(name: "scores", analytic: analytic, numeric: numeric,
                                            roundOffFloor: GradientComparison.roundOffFloor(loss: loss, h: 1e-4))
        #expect(comparison.normRelativeError < 1e-8)
    }

    @Test func bookDeltaLeavesASystematicDisagreement() {
        // With δ inside the log, (y − t)/N is not the exact derivative: each target element's
        // derivative is scaled by y/(y + δ), a relative change of about δ/y.
        let scores = randomTensor([5, 4], seed: 31)
        let labels = Tensor([0, 3, 1, 1, 2])
        var layer = SoftmaxWithLoss(delta: 1e-7)
        let loss = layer.forward(scores, labels)
        #expect(abs(loss - crossEntropyError(softmax(scores), labels)) < Tolerance.rounding)
        let numeric = numericalGradient(of: { crossEntropyError(softmax($0), labels) }, at: scores)
        let comparison = GradientComparison(name: "scores", analytic: layer.backward(), numeric: numeric,
                                            roundOffFloor: GradientComparison.roundOffFloor(loss: loss, h: 1e-4))
        #expect(comparison.normRelativeError > 1e-8 && comparison.normRelativeError < 1e-5)
    }

    #if compiler(>=6.2)
    @Test func backwardBeforeForwardStops() async {
        await #expect(processExitsWith: .failure) {
            var layer = Sigmoid()
            _ = layer.backward(Tensor([1]))
        }
        await #expect(processExitsWith: .failure) {
            var layer = Affine(weight: Tensor([[1]]), bias: Tensor([0]))
            _ = layer.backward(Tensor([[1]]))
        }
        await #expect(processExitsWith: .failure) {
            _ = SoftmaxWithLoss().backward()
        }
    }
    #endif
}

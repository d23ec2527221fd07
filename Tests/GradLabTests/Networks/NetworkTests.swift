import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Networks")
struct NetworkTests {
    @Test func simpleNetReproducesTheBook() {
        // The book's chapter 4 example: W, x = [0.6, 0.9], t = [0, 0, 1].
        // The printed loss and gradient come out with δ = 0 (see SimpleNet's documentation).
        let net = SimpleNet(W: Tensor([[0.47355232, 0.9977393, 0.84668094],
                                       [0.85557411, 0.03563661, 0.69422093]]), delta: 0)
        let x = Tensor([0.6, 0.9]), t = Tensor([0, 0, 1])
        // The book prints p = [1.05414809, 0.63071653, 1.1328074], argmax 2, loss 0.92806853663411326.
        expectClose(net.predict(x), Tensor([1.05414809, 0.63071653, 1.1328074]), tolerance: Tolerance.bookDigits)
        #expect(net.predict(x).argmax() == [2])
        #expect(abs(net.loss(x, t) - 0.92806853663411326) < Tolerance.bookDigits)
        // dW as printed: [[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]].
        expectClose(net.numericalGradient(x, t),
                    Tensor([[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]]),
                    tolerance: Tolerance.bookDigits)
        // With the book code's δ = 10⁻⁷ the loss drops by log(1 + δ/y₂) (y₂ = softmax(p)₂).
        var withDelta = net
        withDelta.delta = 1e-7
        let y2 = softmax(net.predict(x))[2]
        #expect(abs(net.loss(x, t) - withDelta.loss(x, t) - log(1 + 1e-7 / y2)) < 1e-15)
    }

    @Test func twoLayerNetShapesAndSeed() {
        let net = TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: 42)
        #expect(net.parameters["W1"].shape == [784, 50] && net.parameters["b1"].shape == [50])
        #expect(net.parameters["W2"].shape == [50, 10] && net.parameters["b2"].shape == [10])
        #expect(net.parameters.scalarCount == 39_760 && net.parameters.names == ["W1", "b1", "W2", "b2"])
        #expect(net.parameters == TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: 42).parameters)
        #expect(net.parameters["W1"] != TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: 43).parameters["W1"])
        #expect(net.parameters["b1"] == .zeros([50]))
        // σ = 0.01: the sample standard deviation of 39,200 draws is within a few percent.
        let w = net.parameters["W1"].scalars
        let std = (w.reduce(0) { $0 + $1 * $1 } / Double(w.count)).squareRoot()
        #expect(abs(std - 0.01) < 0.0003)
    }

    @Test func predictGivesProbabilities() {
        let net = TwoLayerNet(inputSize: 8, hiddenSize: 5, outputSize: 3, seed: 1)
        let x = randomTensor([4, 8], seed: 2)
        let y = net.predict(x)
        #expect(y.shape == [4, 3])
        for row in y.sum(alongAxis: 1).scalars { #expect(abs(row - 1) < Tolerance.rounding) }
        // With σ = 0.01 weights the scores are within about ±0.02 of each other, so every class
        // is nearly equally likely and the loss is log 3 to within a few hundredths.
        #expect(abs(net.loss(x, Tensor([0, 1, 2, 0])) - log(3.0)) < 0.02)
    }

    @Test func accuracyCountsArgmaxMatches() {
        var net = TwoLayerNet(inputSize: 2, hiddenSize: 2, outputSize: 2, seed: 1)
        // Hand-made weights: hidden ≈ σ(x), output 0 scores h₀, output 1 scores h₁.
        net.parameters = twoLayerParameters(W1: Tensor([[10, 0], [0, 10]]), b1: .zeros([2]),
                               W2: Tensor([[1, 0], [0, 1]]), b2: .zeros([2]))
        let x = Tensor([[1, 0], [0, 1], [1, 0], [0, 1]])
        #expect(net.accuracy(x, Tensor([0, 1, 1, 1])) == 0.75)
        #expect(net.accuracy(x, oneHot([0, 1, 0, 1], classes: 2)) == 1)
    }

    @Test(arguments: HiddenActivation.allCases)
    func numericalAndBackpropGradientsAgree(activation: HiddenActivation) {
        // The bar: norm-relative error ≤ 1e-8 on every parameter (the book's check,
        // without δ, lands at 1e-10 to 1e-9).
        let x = randomTensor([6, 30], seed: 8).map { abs($0) / 3 }  // pixel-like, non-negative
        let t = oneHot([0, 1, 4, 2, 3, 1], classes: 5)
        let net = networkAwayFromKinks(activation: activation, x: x, h: 1e-4)
        let report = GradientCheckReport(checking: net, x, t)
        #expect(report.comparisons.map(\.name) == ["W1", "b1", "W2", "b2"])
        for comparison in report.comparisons {
            #expect(comparison.normRelativeError <= 1e-8, "\(activation) \(comparison.name): \(comparison.normRelativeError)")
            #expect(comparison.verdict == .good)
        }
    }

    /// A seeded 30-12-5 network whose hidden pre-activations all lie farther from ReLU's kink
    /// than one step can move them (h·max|x| for a weight, h for a bias), so that a central
    /// difference never straddles the kink. Seeds are tried in order; the first fit is used.
    func networkAwayFromKinks(activation: HiddenActivation, x: Tensor, h: Double) -> TwoLayerNet {
        let reach = h * Swift.max(x.scalars.map(abs).max()!, 1)
        for seed in UInt64(7)... {
            let net = TwoLayerNet(inputSize: 30, hiddenSize: 12, outputSize: 5, activation: activation, seed: seed)
            let a1 = x.matmul(net.parameters["W1"]) + net.parameters["b1"]
            if a1.scalars.allSatisfy({ abs($0) > 2 * reach }) { return net }
        }
        fatalError("unreachable: some seed fits")
    }

    @Test func gradientsDoNotChangeTheNetwork() {
        let net = TwoLayerNet(inputSize: 5, hiddenSize: 4, outputSize: 3, seed: 3)
        let before = net.parameters
        let x = randomTensor([2, 5], seed: 4), t = Tensor([1, 2])
        _ = net.numericalGradient(x, t)
        _ = net.gradient(x, t)
        #expect(net.parameters == before)
    }

    @Test func weightInitialisationScales() {
        #expect(WeightInitialization.book.standardDeviation(inputs: 784) == 0.01)
        #expect(WeightInitialization.xavier.standardDeviation(inputs: 100) == 0.1)
        #expect(WeightInitialization.he.standardDeviation(inputs: 50) == 0.2)
    }
}

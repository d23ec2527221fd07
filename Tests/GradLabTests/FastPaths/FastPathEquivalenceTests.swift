import GradLab
import GradLabData
import GradLabFastPaths
import Testing

/// Each fast path against the readable code it replaces, through the same trainer.
@Suite("Fast paths equal the readable path")
struct FastPathEquivalenceTests {
    /// The book's recipe (784-50-10, sigmoid, batch 100 with replacement, SGD 0.1, seed 42) on the
    /// shipped MNIST: the fused step and backprop through the layers give the same curve.
    @Test func theBooksRecipeThroughTheLayersAndTheFastPathGiveTheSameLosses() throws {
        let mnist = try SharedMNIST.load()
        let net = TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: 42)
        let configuration = TrainingConfiguration(iterations: 500, seed: 42, evaluatesEachEpoch: false)
        let fast = try #require(FastBackprop(net.network, trainingSet: mnist.train, testSet: mnist.test, evaluates: false))
        let fastRun = try train(net.network, on: mnist.train, testSet: mnist.test, configuration: configuration, using: fast)
        let layersRun = try train(net.network, on: mnist.train, testSet: mnist.test, configuration: configuration)
        #expect(fastRun.losses.count == 500 && layersRun.losses.count == 500)
        // The fast path's exp and sums differ from the layers' by a few ulp per step; over 500
        // SGD steps that stays far below 1e-9 in the loss (measured: about 1e-14).
        let worst = zip(fastRun.losses, layersRun.losses).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-9, "largest loss difference \(worst)")
        #expect(fastRun.gradientSource != layersRun.gradientSource)
    }

    /// A tiny data set whose images are mostly zeros, so the fast paths take their sparse route.
    static let sparseImages = SparseProductTests.images(count: 60, pixels: 25, seed: 11)

    @Test(arguments: NumericalMethod.allCases)
    func fastNumericalTrainingEqualsTheReadableOne(method: NumericalMethod) throws {
        let images = Self.sparseImages
        let net = TwoLayerNet(inputSize: 25, hiddenSize: 5, outputSize: 10, initialization: .xavier, seed: 12)
        let configuration = TrainingConfiguration(iterations: 12, batchSize: 6, learningRate: 0.5, seed: 13)
        let readable = try train(net.network, on: images, testSet: images, configuration: configuration, using: NumericalGradients())
        let source = try #require(FastNumericalGradients(net.network, method: method, trainingSet: images, testSet: images))
        let fast = try train(net.network, on: images, testSet: images, configuration: configuration, using: source)
        // Central-difference round-off (≈ 1e-11 per gradient) carried along by SGD.
        for (a, b) in zip(fast.losses, readable.losses) { #expect(abs(a - b) < 1e-7) }
        #expect(fast.epochs.map(\.iteration) == readable.epochs.map(\.iteration))
        for (a, b) in zip(fast.epochs, readable.epochs) {
            #expect(a.trainAccuracy == b.trainAccuracy && a.testAccuracy == b.testAccuracy)
        }
    }

    @Test func fastBackpropTrainingEqualsTheLayersWithEvaluations() throws {
        let images = Self.sparseImages
        let net = TwoLayerNet(inputSize: 25, hiddenSize: 5, outputSize: 10, initialization: .xavier, activation: .tanh, seed: 14)
        let configuration = TrainingConfiguration(iterations: 40, batchSize: 6, learningRate: 0.5, seed: 15)
        let readable = try train(net.network, on: images, testSet: images, configuration: configuration)
        let source = try #require(FastBackprop(net.network, trainingSet: images, testSet: images))
        let fast = try train(net.network, on: images, testSet: images, configuration: configuration, using: source)
        for (a, b) in zip(fast.losses, readable.losses) { #expect(abs(a - b) < 1e-12) }
        #expect(fast.epochs == readable.epochs)
        // The fast source measured on its second thread; the readable one in line.
        #expect(fast.evaluationSeconds > 0 && readable.evaluationSeconds == 0)
    }

    @Test func theFastPathsKnowOnlyTheBooksShape() {
        var generator = SplitMix64(seed: 16)
        let deeper = Sequential([Affine(inputs: 4, outputs: 3, using: &generator), ReLU(),
                                 Affine(inputs: 3, outputs: 3, using: &generator), ReLU(),
                                 Affine(inputs: 3, outputs: 2, using: &generator)])
        #expect(TwoLayerView(deeper) == nil)
        let leaky = Sequential([Affine(inputs: 4, outputs: 3, using: &generator), LeakyReLU(),
                                Affine(inputs: 3, outputs: 2, using: &generator)])
        #expect(TwoLayerView(leaky) == nil)
        var withDelta = TwoLayerNet(inputSize: 4, hiddenSize: 3, outputSize: 2).network
        withDelta.lossLayer = SoftmaxWithLoss(delta: 1e-7)
        #expect(TwoLayerView(withDelta) == nil)
        #expect(TwoLayerView(TwoLayerNet(inputSize: 4, hiddenSize: 3, outputSize: 2, activation: .relu).network) != nil)
    }
}

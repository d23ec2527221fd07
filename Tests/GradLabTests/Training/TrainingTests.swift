import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Mini-batches and the training loop")
struct TrainingTests {
    /// 200 synthetic 3×3 images; the label is the row holding the bright pixels.
    static let images: LabeledImages = {
        var pixels: [UInt8] = [], labels: [UInt8] = []
        var generator = SplitMix64(seed: 1)
        for index in 0..<200 {
            let label = index % 3
            labels.append(UInt8(label))
            for row in 0..<3 {
                for _ in 0..<3 { pixels.append(row == label ? UInt8(180 + generator.nextIndex(below: 70)) : UInt8(generator.nextIndex(below: 60))) }
            }
        }
        return try! LabeledImages(pixels: pixels, labels: labels, rows: 3, columns: 3)
    }()

    @Test func samplingWithReplacementIsSeeded() {
        var a = BatchSampler(method: .replacement, sampleCount: 50, batchSize: 10, seed: 3)
        var b = BatchSampler(method: .replacement, sampleCount: 50, batchSize: 10, seed: 3)
        let first = a.nextBatch()
        #expect(first == b.nextBatch())
        #expect(first.count == 10 && first.allSatisfy { (0..<50).contains($0) })
        #expect(a.iterationsPerEpoch == 5)
        #expect(BatchSampler(method: .replacement, sampleCount: 50, batchSize: 100, seed: 0).iterationsPerEpoch == 1)
    }

    @Test func shuffledEpochsVisitEverySampleOnce() {
        var sampler = BatchSampler(method: .shuffle, sampleCount: 23, batchSize: 5, seed: 4)
        #expect(sampler.iterationsPerEpoch == 5)
        var epoch: [Int] = []
        for _ in 0..<5 { epoch += sampler.nextBatch() }
        #expect(epoch.sorted() == Array(0..<23))
        #expect(sampler.nextBatch().count == 5)  // the next epoch starts afresh
    }

    @Test func inOrderBatchesWalkTheDataAsTheSeedsBatchGeneratorDoes() {
        var sampler = BatchSampler(method: .inOrder, sampleCount: 12, batchSize: 5, seed: 1)
        #expect(sampler.iterationsPerEpoch == 3)
        #expect(sampler.nextBatch() == [0, 1, 2, 3, 4])
        #expect(sampler.nextBatch() == [5, 6, 7, 8, 9])
        #expect(sampler.nextBatch() == [10, 11])
        #expect(sampler.nextBatch() == [0, 1, 2, 3, 4])  // the next epoch starts again
    }

    @Test func uniformWeightsLieInTheirRange() {
        // The seeds' NaiveDense: uniform in [0, 0.1); mean 0.05, standard deviation 0.1/√12.
        var generator = SplitMix64(seed: 3)
        let w = WeightInitialization.naiveDense.weights(inputs: 784, outputs: 512, using: &generator)
        #expect(w.shape == [784, 512])
        #expect(w.scalars.allSatisfy { $0 >= 0 && $0 < 0.1 })
        let mean = w.mean()
        let std = (w.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)).squareRoot()
        // 401,408 draws: the sample mean is within 5 standard errors (5 · 0.029/√401408 ≈ 2.3e-4).
        #expect(abs(mean - 0.05) < 2.3e-4)
        #expect(abs(std - WeightInitialization.naiveDense.standardDeviation(inputs: 784)) < 1e-3)
    }

    @Test func evaluationMatchesTheNetworksAccuracy() {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, weightInitStd: 0.5, seed: 2)
        let all = Array(0..<Self.images.count)
        let expected = net.accuracy(Self.images.images(at: all), Tensor(Self.images.labels(at: all).map(Double.init)))
        #expect(accuracy(of: net.network, on: Self.images, chunkSize: 7) == expected)
    }

    @Test func trainingLearnsAndIsReproducible() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 6, outputSize: 10, initialization: .xavier, seed: 5)
        let configuration = TrainingConfiguration(iterations: 300, batchSize: 20, learningRate: 1, seed: 6)
        let first = try train(net.network, on: Self.images, testSet: Self.images.subset(0..<60), configuration: configuration)
        let second = try train(net.network, on: Self.images, testSet: Self.images.subset(0..<60), configuration: configuration)
        #expect(first.losses == second.losses)
        #expect(first.network.parameters == second.network.parameters)
        #expect(first.losses.count == 300)
        #expect(first.gradientSource == LayerBackprop().name)
        // 200 / 20 = 10 iterations per epoch: evaluations at 0, 10, …, 290 and the last, 299.
        #expect(first.epochs.map(\.iteration) == Array(stride(from: 0, through: 290, by: 10)) + [299])
        #expect(first.epochs.last!.testAccuracy > 0.9)
        #expect(first.losses.suffix(20).reduce(0, +) < first.losses.prefix(20).reduce(0, +))
    }

    @Test func numericalAndBackpropTrainingCoincide() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, initialization: .xavier, seed: 7)
        let configuration = TrainingConfiguration(iterations: 30, batchSize: 10, learningRate: 0.5, seed: 8)
        let backprop = try train(net.network, on: Self.images, testSet: Self.images, configuration: configuration)
        let numeric = try train(net.network, on: Self.images, testSet: Self.images, configuration: configuration,
                                using: NumericalGradients())
        // Each step's gradients differ by central-difference round-off (≈ 1e-11), which SGD
        // carries along: 1e-7 leaves four orders of magnitude of room.
        for (a, b) in zip(numeric.losses, backprop.losses) { #expect(abs(a - b) < 1e-7) }
        #expect(numeric.epochs == backprop.epochs)
    }

    @Test func divergenceIsReported() {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, activation: .relu, seed: 9)
        let configuration = TrainingConfiguration(iterations: 100, batchSize: 10, learningRate: 1e300, seed: 1)
        #expect(throws: TrainingError.self) {
            try train(net.network, on: Self.images, testSet: Self.images, configuration: configuration)
        }
    }
}

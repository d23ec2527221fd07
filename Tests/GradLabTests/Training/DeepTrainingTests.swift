// The trainer's deep-network parts: clipping, the gradient norm of every step, validation and
// early stopping, augmentation, and what a training step leaves in BatchNorm and Dropout.

import Foundation
import GradLab
import GradLabData
import Testing

@Suite("Training deep networks: clipping, validation, early stopping, augmentation, layer state")
struct DeepTrainingTests {
    static let images = TrainingTests.images
    static let gradient = Parameters([NamedTensor("W", Tensor([[3, -4], [0, 0]])), NamedTensor("b", Tensor([12, 0]))])

    // MARK: Clipping, by hand

    @Test func clipByValueClamps() {
        let clipped = clipByValue(Self.gradient, 3.5)
        #expect(clipped["W"] == Tensor([[3, -3.5], [0, 0]]) && clipped["b"] == Tensor([3.5, 0]))
    }

    @Test func clipByNormScalesEachTensorOnItsOwn() {
        // ‖W‖ = 5 and ‖b‖ = 12: with c = 6, W stays, b becomes b · 6/12.
        let clipped = clipByNorm(Self.gradient, 6)
        #expect(clipped["W"] == Self.gradient["W"] && clipped["b"] == Tensor([6, 0]))
    }

    @Test func clipByGlobalNormKeepsTheDirection() {
        // g = √(5² + 12²) = 13: with c = 6.5 every tensor is halved, and g is returned.
        let (clipped, norm) = clipByGlobalNorm(Self.gradient, 6.5)
        #expect(norm == 13 && Self.gradient.globalNorm == 13)
        #expect(clipped["W"] == Tensor([[1.5, -2], [0, 0]]) && clipped["b"] == Tensor([6, 0]))
        // Inside the limit nothing changes.
        #expect(clipByGlobalNorm(Self.gradient, 13).clipped == Self.gradient)
        #expect(GradientClipping.globalNorm(6.5).clip(Self.gradient) == clipped)
    }

    @Test func squaredNormMatchesTheSumOfSquares() {
        for count in [0, 1, 7, 8, 9, 100, 1001] {
            let t = randomTensor([count], seed: UInt64(count))
            let plain = t.scalars.reduce(0) { $0 + $1 * $1 }
            #expect(abs(t.squaredNorm - plain) <= 1e-14 * max(plain, 1), "\(count)")
        }
    }

    // MARK: The trainer

    @Test func theTrainerRecordsEveryGradientNormAndClips() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, initialization: .xavier, seed: 3).network
        let plain = TrainingConfiguration(iterations: 25, batchSize: 20, learningRate: 0.5, seed: 4)
        var clipped = plain
        clipped.clipping = .globalNorm(0.05)
        let free = try train(net, on: Self.images, testSet: Self.images, configuration: plain)
        let held = try train(net, on: Self.images, testSet: Self.images, configuration: clipped)
        #expect(free.gradientNorms.count == 25 && held.gradientNorms.count == 25)
        // The first step starts from the same network on the same batch: the same gradient.
        var sampler = BatchSampler(method: .replacement, sampleCount: 200, batchSize: 20, seed: 4)
        let batch = Batch(Self.images, indices: sampler.nextBatch())
        let first = net.gradient(batch.x, batch.t)
        #expect(abs(free.gradientNorms[0] - first.gradient.globalNorm) < 1e-15)
        #expect(held.gradientNorms[0] == free.gradientNorms[0])
        // Every clipped step moved the weights by at most η · c.
        #expect(held.gradientNorms.allSatisfy { $0 > 0.05 })
        let moved = zip(held.network.parameters.tensors, net.parameters.tensors).reduce(0.0) { $0 + ($1.0 - $1.1).squaredNorm }.squareRoot()
        #expect(moved <= 25 * 0.5 * 0.05 * (1 + 1e-12))
    }

    @Test func validationEveryKEpochsAndEarlyStoppingKeepsTheBest() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, initialization: .xavier, seed: 5).network
        let training = Self.images.subset(0..<150), validation = Self.images.subset(150..<200)
        // 150 / 30 = 5 iterations per epoch; 12 epochs; validate every 2nd.
        var configuration = TrainingConfiguration(iterations: 60, batchSize: 30, learningRate: 0.5, sampling: .shuffle,
                                                  seed: 6, validationFrequency: 2)
        let history = try train(net, on: training, testSet: Self.images, validationSet: validation, configuration: configuration)
        #expect(history.validation.map(\.epoch) == [2, 4, 6, 8, 10, 12])
        #expect(history.validation.map(\.iteration) == [9, 19, 29, 39, 49, 59])
        #expect(history.validation.last?.loss == meanLoss(of: history.network, on: validation))
        #expect(history.validation.last?.accuracy == accuracy(of: history.network, on: validation))
        // A learning rate so large that the validation loss rises after the first validation:
        // early stopping with patience 2 stops two validations later and keeps the first's weights.
        configuration.learningRate = 40
        configuration.validationFrequency = 1
        configuration.earlyStoppingPatience = 2
        let stopped = try train(net, on: training, testSet: Self.images, validationSet: validation, configuration: configuration)
        let losses = stopped.validation.map(\.loss)
        let bestIndex = losses.indices.min { losses[$0] < losses[$1] }!
        #expect(stopped.outcome == .stoppedEarly)
        #expect(stopped.validation.count == bestIndex + 3)
        #expect(stopped.bestValidation == stopped.validation[bestIndex])
        #expect(meanLoss(of: stopped.network, on: validation) == losses[bestIndex])
        #expect(stopped.keptNetworkEvaluation == EpochRecord(iteration: stopped.validation[bestIndex].iteration,
                                                             trainAccuracy: accuracy(of: stopped.network, on: training),
                                                             testAccuracy: accuracy(of: stopped.network, on: Self.images)))
    }

    @Test func aTrainingStepMovesBatchNormsAveragesAndDropoutsMasks() throws {
        let net = try Sequential(specification: "affine 6, batchnorm, relu, dropout 0.5, affine 10", inputSize: 9,
                                 outputSize: 10, initialization: .he, seed: 7)
        let configuration = TrainingConfiguration(iterations: 3, batchSize: 20, learningRate: 0.1, seed: 8)
        let history = try train(net, on: Self.images, testSet: Self.images, configuration: configuration)
        // Three steps of running ← 0.9 · running + 0.1 · batch: the running mean has moved.
        #expect(history.network.state["running_mean1"] != net.state["running_mean1"])
        // The same run again is the same to the bit (the masks come from the seeded generator).
        let again = try train(net, on: Self.images, testSet: Self.images, configuration: configuration)
        #expect(again.losses == history.losses && again.network.parameters == history.network.parameters)
        // By the numerical gradient the state moves the same way as by backprop: the same masks
        // and averages, so the losses differ only by the numerical gradient's own error (about
        // 10⁻⁹ after a step); a mask left behind would change them in the first digits.
        let numeric = try train(net, on: Self.images, testSet: Self.images, configuration: configuration,
                                using: NumericalGradients())
        #expect(abs(numeric.losses[0] - history.losses[0]) < 1e-15)
        for (a, b) in zip(numeric.losses, history.losses) { #expect(abs(a - b) < 1e-6) }
        let (s1, s2) = (numeric.network.state["running_var1"], history.network.state["running_var1"])
        #expect((s1 - s2).norm / s2.norm < 1e-6)
    }

    // MARK: Augmentation

    @Test func shiftsMoveEveryPixelAndFillWithZeros() {
        // 3 × 3: 1 2 3 / 4 5 6 / 7 8 9.
        let image: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        #expect(shifted(image, rows: 3, columns: 3, dx: 1, dy: 0) == [0, 1, 2, 0, 4, 5, 0, 7, 8])
        #expect(shifted(image, rows: 3, columns: 3, dx: -1, dy: 1) == [0, 0, 0, 2, 3, 0, 5, 6, 0])
        #expect(shifted(image, rows: 3, columns: 3, dx: 3, dy: 0) == [UInt8](repeating: 0, count: 9))
        #expect(rotated90(image, size: 3) == [7, 4, 1, 8, 5, 2, 9, 6, 3])
        #expect(rotated90(rotated90(rotated90(rotated90(image, size: 3), size: 3), size: 3), size: 3) == image)
        #expect(flippedHorizontally(image, rows: 3, columns: 3) == [3, 2, 1, 6, 5, 4, 9, 8, 7])
    }

    @Test func augmentationKeepsLabelsAndBatchOrder() throws {
        var generator = SplitMix64(seed: 9)
        let indices = [5, 17, 3]
        let augmented = ImageAugmentation.shift(maxPixels: 1).apply(to: Self.images, at: indices, using: &generator)
        #expect(augmented.labels(at: [0, 1, 2]) == Self.images.labels(at: indices))
        // Each is some shift of its original by at most one pixel each way.
        for (k, index) in indices.enumerated() {
            let original = Array(Self.images.image(at: index))
            let candidates = (-1...1).flatMap { dx in (-1...1).map { dy in shifted(original, rows: 3, columns: 3, dx: dx, dy: dy) } }
            #expect(candidates.contains(Array(augmented.image(at: k))))
        }
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, seed: 3).network
        let plain = TrainingConfiguration(iterations: 10, batchSize: 20, learningRate: 0.5, seed: 4)
        var shifting = plain
        shifting.augmentation = .shift(maxPixels: 1)
        let a = try train(net, on: Self.images, testSet: Self.images, configuration: shifting)
        let b = try train(net, on: Self.images, testSet: Self.images, configuration: shifting)
        let c = try train(net, on: Self.images, testSet: Self.images, configuration: plain)
        #expect(a.losses == b.losses)
        #expect(a.losses != c.losses)
    }
}

// Training on targets that are the inputs: the batch's tensors, the noise, and the trainer with
// every readable gradient source.

import Foundation
import GradLab
import GradLabData
import Testing

@Suite("Targets that are the inputs: batches, noise, the trainer with every gradient source")
struct TrainingTargetTests {
    static let images = TrainingTests.images

    @Test func aCleanReconstructionTargetIsTheInput() {
        let batch = Batch(Self.images, indices: [3, 1, 4], target: .inputs(noise: 0))
        #expect(batch.x == Self.images.images(at: [3, 1, 4]))
        #expect(batch.t == batch.x)
        // The default is still the labels.
        #expect(Batch(Self.images, indices: [3, 1]).t == Tensor(Self.images.labels(at: [3, 1]).map(Double.init)))
    }

    @Test func aNoisyInputIsTheCleanOnePlusSeededGaussianNoiseClipped() {
        let batch = Batch(Self.images, indices: [0, 5], target: .inputs(noise: 0.4), noiseSeed: 9)
        let clean = Self.images.images(at: [0, 5])
        // Replayed by hand: one standard normal per pixel from the same seed, σ times it added, clipped.
        var generator = SplitMix64(seed: 9)
        let expected = clean.scalars.map { min(max($0 + 0.4 * generator.nextStandardNormal(), 0), 1) }
        #expect(batch.x.scalars == expected)
        #expect(batch.x == batch.x, "the same batch gives the same noise every time it is read")
        #expect(batch.t == clean, "the target stays clean")
        #expect(batch.x != clean)
        var other = batch
        other.noiseSeed = 10
        #expect(other.x != batch.x)
    }

    @Test func theTargetKindsAnswerTheirQuestions() {
        #expect(!TrainingTarget.labels.isReconstruction && TrainingTarget.labels.noise == 0)
        #expect(TrainingTarget.inputs(noise: 0.3).isReconstruction && TrainingTarget.inputs(noise: 0.3).noise == 0.3)
    }

    /// A 9-4-9 autoencoder with a smooth activation (no kinks for the numerical gradient to trip on).
    static func autoencoder(loss: LossKind) throws -> Sequential {
        try Sequential(specification: "affine 4, tanh, affine 9", inputSize: 9, outputSize: 9, initialization: .xavier,
                       seed: 5, loss: loss)
    }

    @Test(arguments: [LossKind.binaryCrossEntropy, .meanSquaredError])
    func everyGradientSourceTrainsTheSameAutoencoder(loss: LossKind) throws {
        var configuration = TrainingConfiguration(iterations: 6, batchSize: 10, learningRate: 0.5, seed: 2, evaluatesEachEpoch: false)
        configuration.target = .inputs(noise: 0.2)
        let network = try Self.autoencoder(loss: loss)
        let layers = try train(network, on: Self.images, testSet: Self.images, configuration: configuration, using: LayerBackprop())
        let tape = try train(network, on: Self.images, testSet: Self.images, configuration: configuration, using: TapeGradients())
        let numerical = try train(network, on: Self.images, testSet: Self.images, configuration: configuration, using: NumericalGradients())
        for i in 0..<6 {
            #expect(abs(layers.losses[i] - tape.losses[i]) <= 1e-12, "tape, step \(i)")
            // Central differences agree with backprop to about h² = 1e-8 per weight.
            #expect(abs(layers.losses[i] - numerical.losses[i]) <= 1e-7, "numerical, step \(i)")
        }
        #expect(layers.epochs.isEmpty)
    }

    @Test func theFirstStepsLossIsTheReconstructionLossOfTheNoisyBatch() throws {
        // The batch the trainer draws is replayed: the sampler's first indices, the noise's seed.
        var configuration = TrainingConfiguration(iterations: 1, batchSize: 8, seed: 11, evaluatesEachEpoch: false)
        configuration.target = .inputs(noise: 0.3)
        let network = try Self.autoencoder(loss: .meanSquaredError)
        let history = try train(network, on: Self.images, testSet: Self.images, configuration: configuration)
        var sampler = BatchSampler(method: .replacement, sampleCount: Self.images.count, batchSize: 8, seed: 11)
        let indices = sampler.nextBatch()
        let seed = configuration.validationNoiseSeed &+ 1 &* 0x9E37_79B9_7F4A_7C15
        let batch = Batch(Self.images, indices: indices, target: configuration.target, noiseSeed: seed)
        // Mean squared error by hand, against the clean images.
        let scores = network.scores(batch.x, mode: .training)
        let clean = Self.images.images(at: indices)
        let expected = zip(scores.scalars, clean.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(scores.count)
        #expect(abs(history.losses[0] - expected) <= 1e-12)
    }

    @Test func validationMeasuresTheReconstructionLossAndNoAccuracy() throws {
        var configuration = TrainingConfiguration(iterations: 60, batchSize: 20, optimizer: .adam, learningRate: 0.02,
                                                  sampling: .shuffle, seed: 3)
        configuration.target = .inputs(noise: 0)
        let network = try Self.autoencoder(loss: .binaryCrossEntropy)
        let history = try train(network, on: Self.images, testSet: Self.images, validationSet: Self.images, configuration: configuration)
        #expect(history.epochs.isEmpty, "no accuracy without classes")
        #expect(history.validation.count == 6 && history.validation.allSatisfy { $0.accuracy.isNaN })
        // The first validation is the clean-target loss of the network after epoch 1, by hand.
        #expect(history.validation.last!.loss < history.validation.first!.loss)
        let all = Batch(Self.images, indices: Array(0..<Self.images.count), target: .inputs(noise: 0))
        #expect(abs(history.validation.last!.loss - history.network.loss(all.x, all.t)) <= 1e-12)
    }
}

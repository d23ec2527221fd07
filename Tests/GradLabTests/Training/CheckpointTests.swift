import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import Testing

@Suite("Checkpoints: a run stopped and resumed ends to the bit as one that never stopped")
struct CheckpointTests {
    static let images = TrainingTests.images

    /// The two runs compared, of a network of `specification` for the 3×3 images:
    /// `configuration.iterations` straight; and the same interrupted after `k` iterations
    /// (through `shouldStop`, as Ctrl-C), its checkpoint turned into a file's bytes and read
    /// back, then resumed to the end with a fresh gradient source.
    static func straightAndResumed(
        _ specification: String, configuration: TrainingConfiguration, stopAfter k: Int,
        trainingSet: LabeledImages = images, validationSet: LabeledImages? = nil,
        source: (Sequential) -> any GradientSource = { _ in LayerBackprop() }
    ) throws -> (straight: TrainingHistory, resumed: TrainingHistory, checkpoint: TrainingCheckpoint) {
        let testSet = images.subset(0..<60)
        let network = try Sequential(specification: specification, inputSize: 9, outputSize: 10, initialization: .he, seed: 3)
        let straight = try train(network, on: trainingSet, testSet: testSet, validationSet: validationSet,
                                 configuration: configuration, using: source(network))

        var interrupted = configuration
        interrupted.shouldStop = StopAfter(k).closure  // (TrainingReliabilityTests)
        var saved: TrainingState?
        let first = try train(resuming: TrainingState(start: network, trainingSetCount: trainingSet.count, configuration: configuration),
                              on: trainingSet, testSet: testSet, validationSet: validationSet, configuration: interrupted,
                              using: source(network), onCheckpoint: { saved = $0 })
        #expect(first.outcome == .interrupted)
        #expect(first.losses.count == k)
        let state = try #require(saved)
        #expect(state.iterationsDone == k)

        let bytes = TrainingCheckpoint(state: state, specification: specification, inputSize: 9, outputSize: 10).safetensors().encoded()
        let checkpoint = try TrainingCheckpoint(Safetensors(bytes: bytes, name: "test"), name: "test")
        let resumed = try train(resuming: checkpoint.state, on: trainingSet, testSet: testSet, validationSet: validationSet,
                                configuration: configuration, using: source(checkpoint.state.network))
        return (straight, resumed, checkpoint)
    }

    /// Every weight, running statistic and generator equal to the bit; every curve equal.
    static func expectIdentical(_ a: TrainingHistory, _ b: TrainingHistory, sourceLocation: SourceLocation = #_sourceLocation) {
        let (x, y) = (a.network.weightsFile().entries, b.network.weightsFile().entries)
        #expect(x.map(\.name) == y.map(\.name), sourceLocation: sourceLocation)
        for (p, q) in zip(x, y) {
            #expect(p.shape == q.shape && p.scalars == q.scalars, "\(p.name) differs", sourceLocation: sourceLocation)
        }
        #expect(a.network.generators.map(\.state) == b.network.generators.map(\.state), sourceLocation: sourceLocation)
        #expect(a.losses == b.losses, sourceLocation: sourceLocation)
        #expect(a.gradientNorms == b.gradientNorms, sourceLocation: sourceLocation)
        #expect(a.epochs == b.epochs, sourceLocation: sourceLocation)
        #expect(a.validation == b.validation, sourceLocation: sourceLocation)
        #expect(a.bestValidation == b.bestValidation, sourceLocation: sourceLocation)
        #expect(a.outcome == b.outcome, sourceLocation: sourceLocation)
    }

    static let small = "affine 8, relu, affine 10"

    @Test(arguments: OptimizerKind.allCases, SamplingMethod.allCases)
    func everyOptimizerAndSamplerResumesToTheBit(optimizer: OptimizerKind, sampling: SamplingMethod) throws {
        // 200 images in batches of 16: 12 (with replacement) or 13 iterations an epoch, so the
        // run stops in the middle of its second epoch.
        let configuration = TrainingConfiguration(iterations: 40, batchSize: 16, optimizer: optimizer, sampling: sampling, seed: 11)
        let (straight, resumed, checkpoint) = try Self.straightAndResumed(Self.small, configuration: configuration, stopAfter: 17)
        Self.expectIdentical(straight, resumed)
        #expect(straight.losses.count == 40 && resumed.outcome == .completed)
        // The checkpoint is the straight run's first 17 iterations, and the resumed run did the rest.
        #expect(checkpoint.state.losses == Array(straight.losses.prefix(17)))
        #expect(checkpoint.state.epochs.map(\.iteration) == [0, sampling == .replacement ? 12 : 13])
    }

    @Test func dropoutBatchNormAugmentationAndEarlyStoppingResumeToTheBit() throws {
        let specification = "affine 8, batchnorm, relu, dropout 0.3, residual(affine 8, relu, dropout 0.2), affine 10"
        // 150 training images in shuffled batches of 16: 10 iterations an epoch; stopped after
        // 25, in the third epoch, after two validations.
        let configuration = TrainingConfiguration(iterations: 60, batchSize: 16, optimizer: .adam, sampling: .shuffle, seed: 5,
                                                  earlyStoppingPatience: 3, augmentation: .shift(maxPixels: 1))
        let (straight, resumed, checkpoint) = try Self.straightAndResumed(
            specification, configuration: configuration, stopAfter: 25,
            trainingSet: Self.images.subset(0..<150), validationSet: Self.images.subset(150..<200))
        Self.expectIdentical(straight, resumed)
        let state = checkpoint.state
        #expect(state.network.generators.count == 2)
        #expect(state.network.state.tensors.allSatisfy { $0.scalars != Tensor.zeros(like: $0).scalars })
        #expect(state.validation.count == 2 && state.best != nil)
        #expect(state.augmentationGenerator.state != SplitMix64(seed: 5 ^ 0x6175_676D_656E_7421).state)
        #expect(straight.validation.count >= 3)
    }

    @Test(arguments: SamplingMethod.allCases)
    func theFastPathResumesToTheBit(sampling: SamplingMethod) throws {
        // The book's shape: train's default gradient source is the fused fast path for it.
        let testSet = Self.images.subset(0..<60)
        let configuration = TrainingConfiguration(iterations: 40, batchSize: 16, optimizer: .momentum, sampling: sampling, seed: 2)
        let (straight, resumed, _) = try Self.straightAndResumed("affine 6, sigmoid, affine 10", configuration: configuration,
                                                                  stopAfter: 19) { network in
            FastBackprop(network, trainingSet: Self.images, testSet: testSet)!
        }
        #expect(straight.gradientSource == "fast backprop (fused two-layer step)")
        #expect(resumed.gradientSource == straight.gradientSource)
        Self.expectIdentical(straight, resumed)
    }

    @Test func checkpointsComeOnScheduleAndAnyOfThemResumes() throws {
        var configuration = TrainingConfiguration(iterations: 40, batchSize: 16, optimizer: .rmsprop, sampling: .shuffle, seed: 9)
        let network = try Sequential(specification: Self.small, inputSize: 9, outputSize: 10, seed: 4)
        let plain = try train(network, on: Self.images, testSet: Self.images, configuration: configuration)
        configuration.checkpointInterval = 13  // one epoch of 200 images in batches of 16
        var states: [TrainingState] = []
        let scheduled = try train(resuming: TrainingState(start: network, trainingSetCount: 200, configuration: configuration),
                                  on: Self.images, testSet: Self.images, configuration: configuration, onCheckpoint: { states.append($0) })
        // Handing out checkpoints changes nothing.
        Self.expectIdentical(plain, scheduled)
        #expect(states.map(\.iterationsDone) == [13, 26, 39])
        // Each holds the evaluations until then: after iterations 0, 13, 26 (one per epoch).
        #expect(states.map { $0.epochs.map(\.iteration) } == [[0], [0, 13], [0, 13, 26]])
        for state in states {
            let resumed = try train(resuming: state, on: Self.images, testSet: Self.images, configuration: configuration)
            Self.expectIdentical(plain, resumed)
        }
        // A checkpoint of a finished run resumes to the same end without training.
        var finished: TrainingState?
        configuration.checkpointInterval = 40
        _ = try train(resuming: TrainingState(start: network, trainingSetCount: 200, configuration: configuration),
                      on: Self.images, testSet: Self.images, configuration: configuration, onCheckpoint: { finished = $0 })
        let again = try train(resuming: try #require(finished), on: Self.images, testSet: Self.images, configuration: configuration)
        Self.expectIdentical(plain, again)
    }

    /// Each part of the state matters: resumed without it, the run ends elsewhere. (So the
    /// equalities above are not equal by accident: they would fail if a part were not restored.)
    @Test func losingAnyPartOfTheStateChangesTheRun() throws {
        let specification = "affine 8, relu, dropout 0.3, affine 10"
        let configuration = TrainingConfiguration(iterations: 30, batchSize: 16, optimizer: .adam, sampling: .shuffle, seed: 7,
                                                  augmentation: .shift(maxPixels: 1))
        let (straight, _, checkpoint) = try Self.straightAndResumed(specification, configuration: configuration, stopAfter: 18)
        let fresh = TrainingState(start: checkpoint.state.network, trainingSetCount: 200, configuration: configuration)
        var withoutOptimizer = checkpoint.state, withoutSampler = checkpoint.state
        var withoutDropout = checkpoint.state, withoutAugmentation = checkpoint.state
        withoutOptimizer.optimizer = fresh.optimizer
        withoutSampler.sampler = fresh.sampler
        withoutDropout.network.generators = [SplitMix64(seed: 1)]
        withoutAugmentation.augmentationGenerator = fresh.augmentationGenerator
        for state in [withoutOptimizer, withoutSampler, withoutDropout, withoutAugmentation] {
            let resumed = try train(resuming: state, on: Self.images, testSet: Self.images.subset(0..<60), configuration: configuration)
            #expect(resumed.network.parameters != straight.network.parameters)
        }
    }

    // MARK: Optimizers and samplers

    @Test(arguments: OptimizerKind.allCases)
    func anOptimizersStateContinuesItsUpdates(kind: OptimizerKind) throws {
        let start = Parameters([NamedTensor("W1", randomTensor([3, 4], seed: 1)), NamedTensor("b1", randomTensor([4], seed: 2))])
        func gradient(_ seed: UInt64) -> Parameters {
            Parameters([NamedTensor("W1", randomTensor([3, 4], seed: seed)), NamedTensor("b1", randomTensor([4], seed: seed + 100))])
        }
        var first = kind.make(learningRate: 0.05), parameters = start
        for step in 1...3 { first.update(&parameters, with: gradient(UInt64(10 + step))) }
        var second = kind.make()
        try second.load(first.state)
        #expect(second.learningRate == 0.05)
        #expect(second.state == first.state)
        var (a, b) = (parameters, parameters)
        first.update(&a, with: gradient(20))
        second.update(&b, with: gradient(20))
        #expect(a.tensors.map(\.scalars) == b.tensors.map(\.scalars))
        // Without the state, the step differs (except for SGD, which keeps none).
        var fresh = kind.make(learningRate: 0.05), c = parameters
        fresh.update(&c, with: gradient(20))
        #expect((c == a) == (kind == .sgd))
    }

    @Test func anOptimizerRefusesAnotherKindsState() {
        var adam = Adam()
        #expect(throws: OptimizerStateError("unknown slot \"velocity\"; this optimizer keeps m, v")) { try adam.load(Momentum().state) }
        var sgd = SGD()
        #expect(throws: OptimizerStateError("unknown slot \"h\"; this optimizer keeps none")) { try sgd.load(AdaGrad().state) }
        var momentum = Momentum()
        #expect(throws: OptimizerStateError("no number \"momentum\"")) {
            try momentum.load(OptimizerState(slots: ["velocity": [:]], numbers: ["learning_rate": 0.1]))
        }
        var state = Adam().state
        state.numbers["step"] = 2.5
        #expect(throws: OptimizerStateError("the number \"step\" is 2.5, not a whole number from 0 to 2⁵³")) { try adam.load(state) }
        #expect(adam.step == 0 && adam.learningRate == 0.001)
    }

    @Test(arguments: SamplingMethod.allCases)
    func aSamplerRebuiltFromItsStateDrawsTheSameBatches(method: SamplingMethod) {
        var sampler = BatchSampler(method: method, sampleCount: 23, batchSize: 5, seed: 4)
        for _ in 0..<7 { _ = sampler.nextBatch() }  // into its second epoch
        var copy = BatchSampler(method: method, sampleCount: 23, batchSize: 5, generator: sampler.generator,
                                order: sampler.order, position: sampler.position)
        for _ in 0..<12 { #expect(copy.nextBatch() == sampler.nextBatch()) }
    }

    @Test func aSamplersOrderMustBeOneItCouldBeIn() {
        #expect(BatchSampler.problem(order: [0, 2, 1], position: 3, method: .shuffle, sampleCount: 3) == nil)
        #expect(BatchSampler.problem(order: [0, 0, 1], position: 0, method: .shuffle, sampleCount: 3)
                == "the order is not a permutation of 0..<3 (0 is out of range or repeated)")
        #expect(BatchSampler.problem(order: [0, 1], position: 0, method: .shuffle, sampleCount: 3) == "the order has 2 indices for 3 samples")
        #expect(BatchSampler.problem(order: [0, 2, 1], position: 0, method: .inOrder, sampleCount: 3) == "an in-order sampler's order must be 0, 1, 2, …")
        #expect(BatchSampler.problem(order: [], position: 1, method: .replacement, sampleCount: 3) == "position 1 is outside 0...0")
        #expect(BatchSampler.problem(order: [1], position: 0, method: .replacement, sampleCount: 1)
                == "sampling with replacement keeps no order, given 1 indices")
    }

    @Test func generatorsAreFoundInsideContainers() throws {
        var network = try Sequential(specification: "affine 4, dropout 0.1, residual(affine 4, dropout 0.2), affine 10",
                                     inputSize: 9, outputSize: 10, seed: 1)
        #expect(network.generators.count == 2)
        network.generators = [SplitMix64(seed: 7), SplitMix64(seed: 8)]
        #expect(network.generators.map(\.state) == [7, 8])
        let inner = try #require(network.layers[2] as? Residual)
        #expect((inner.layers[1] as? Dropout)?.generator.state == 8)
    }
}

import GradLab
import GradLabData
import GradLabFastPaths

extension TrainCommand {
    /// Everything ready to train: the data, the network, the gradient source, the configuration.
    struct Setup {
        /// The images trained on (the first `--train-size` if given).
        var trainingSet: LabeledImages
        /// The images only measured.
        var testSet: LabeledImages
        /// The images held out from the training set by `--validation-split`, if any.
        var validationSet: LabeledImages?
        /// Seconds to load the data.
        var loadSeconds: Double
        /// The network's specification.
        var specification: String
        /// The untrained network.
        var network: Sequential
        /// Where each step's gradient comes from.
        var source: any GradientSource
        /// Iterations, batch, optimizer, η, sampling, seed.
        var configuration: TrainingConfiguration
        /// Iterations in one epoch of this training set and batch.
        var iterationsPerEpoch: Int
        /// With `--resume`: the checkpoint's state, where training starts; nil for a fresh run.
        var start: TrainingState? = nil
    }

    /// A finished run.
    struct Result {
        /// What was trained, and how.
        var setup: Setup
        /// The losses, the evaluations, the trained network.
        var history: TrainingHistory
        /// The process's peak resident memory, after training.
        var peakResidentBytes: Int
        /// Where and how the run diverged, if it did (`history` then ends before that).
        var divergence: Divergence?
    }

    /// Loads the data and builds the network, the gradient source and the configuration.
    ///
    /// - Throws: ``ArgumentError`` for a `--train-size` beyond the training set; `CommandError`
    ///   for data that cannot be loaded, a batch larger than the set, epochs that make more
    ///   iterations than `--iterations` allows, a network and batch too large for the machine's
    ///   memory, a network specification with a mistake, or a gradient source that does not apply.
    static func prepare(_ settings: Settings) throws -> Setup {
        let (loaded, loadSeconds) = try Stopwatch.time { try DataSource.load(from: settings.dataPath) }
        var trainingSet = loaded.train
        if let size = settings.trainSize {
            // The option's range ends at the size of the training set, known only now.
            guard (1...trainingSet.count).contains(size) else {
                throw ArgumentError(.outOfRange(option: trainSize.name, value: String(size), lowerBound: "1",
                                                upperBound: String(trainingSet.count), example: String(trainingSet.count)),
                                    command: definition.name)
            }
            trainingSet = trainingSet.subset(0..<size)
        }
        var validationSet: LabeledImages?
        if let split = settings.validationSplit {
            // Keras's rule: the last fraction of the images, before any shuffling.
            let held = Int((Double(trainingSet.count) * split).rounded(.down))
            guard held >= 1, held < trainingSet.count else {
                throw CommandError("--validation-split \(split) of \(trainingSet.count) training images holds out \(held); "
                                   + "it must leave at least one image on each side")
            }
            validationSet = trainingSet.subset((trainingSet.count - held)..<trainingSet.count)
            trainingSet = trainingSet.subset(0..<(trainingSet.count - held))
        }
        let batch = settings.batch
        // Even sampling with replacement: a batch larger than the data repeats images to no
        // purpose, and a batch of a million images is gigabytes of pixels.
        guard batch <= trainingSet.count else {
            throw CommandError("--batch \(batch) is larger than the training set (\(trainingSet.count) images); "
                               + "give at most --batch \(trainingSet.count)")
        }
        var configuration = TrainingConfiguration(batchSize: batch, optimizer: settings.optimizer,
                                                  learningRate: settings.learningRate, sampling: settings.sampler,
                                                  seed: settings.seed, clipping: settings.clipping,
                                                  validationFrequency: settings.validationFrequency,
                                                  earlyStoppingPatience: settings.earlyStopping,
                                                  augmentation: settings.augmentation)
        let perEpoch = BatchSampler(method: settings.sampler, sampleCount: trainingSet.count, batchSize: batch,
                                    seed: 0).iterationsPerEpoch
        switch settings.length {
        case .iterations(let count): configuration.iterations = count
        case .epochs(let count):
            // Epochs become iterations only now: the product must stay within --iterations' range.
            let (total, overflow) = count.multipliedReportingOverflow(by: perEpoch)
            let most = maximumIterations
            guard !overflow, total <= most else {
                throw CommandError("--epochs \(count) of \(perEpoch) iterations each (batch \(batch) of \(trainingSet.count) images) "
                                   + "would be \(overflow ? "more than \(Int.max)" : String(total)) iterations, more than the most train "
                                   + "allows (\(most)); give at most --epochs \(most / perEpoch)")
            }
            configuration.iterations = total
        }
        let footprint = MemoryBudget.footprint(of: settings.specification, inputSize: trainingSet.pixelsPerImage)
        try MemoryBudget.check(MemoryBudget.bytes(footprint, batch: batch),
                               for: "training the network \"\(settings.specification)\" "
                                + "(\(groupedThousands(footprint.parameters)) parameters) with batch \(batch)",
                               advice: "network (--hidden or --network) or --batch")
        let inputShape = try NetworkOptions.inputShape(for: settings.specification, size: trainingSet.pixelsPerImage,
                                                       image: [trainingSet.rows, trainingSet.columns, 1], sequence: settings.sequence)
        let network = try NetworkOptions.network(settings.specification, inputShape: inputShape,
                                                 outputSize: LabeledImages.classCount,
                                                 initialization: settings.initialization, seed: settings.seed,
                                                 loss: settings.loss, weightDecay: settings.weightDecay)
        let source = try GradientChoice.source(settings.gradient, for: network, method: settings.numericMethod,
                                               trainingSet: trainingSet, testSet: loaded.test,
                                               evaluates: configuration.evaluatesEachEpoch)
        return Setup(trainingSet: trainingSet, testSet: loaded.test, validationSet: validationSet, loadSeconds: loadSeconds,
                     specification: settings.specification, network: network, source: source,
                     configuration: configuration, iterationsPerEpoch: perEpoch)
    }

    /// Trains the network of `setup`, from its start (a checkpoint's state) if it has one.
    ///
    /// - Parameters:
    ///   - onCheckpoint: given the run's state on the configuration's checkpoint schedule and on interruption.
    ///   - onEvent: called after every iteration and evaluation, for progress.
    /// - Throws: `TrainingError.diverged` if the loss or a weight stops being finite.
    static func train(_ setup: Setup, onCheckpoint: (TrainingState) -> Void = { _ in },
                      onEvent: (TrainingEvent) -> Void) throws -> Result {
        let start = setup.start ?? TrainingState(start: setup.network, trainingSetCount: setup.trainingSet.count,
                                                 configuration: setup.configuration)
        let history = try GradLab.train(resuming: start, on: setup.trainingSet, testSet: setup.testSet,
                                        validationSet: setup.validationSet, configuration: setup.configuration,
                                        using: setup.source, onCheckpoint: onCheckpoint, onEvent: onEvent)
        return Result(setup: setup, history: history, peakResidentBytes: peakResidentBytes())
    }
}

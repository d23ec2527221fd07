import GradLabData

/// One training run of a study: which network, and what training made of it. A run that blew up
/// (a loss or weight became NaN or infinite) keeps its curves until then and says where.
public struct StudyRun: Sendable {
    /// The run's name in tables and legends ("plain", "weight decay λ = 0.1", …).
    public var name: String
    /// The network as a `--network` description, e.g. "affine 100, relu, affine 10".
    public var specification: String
    /// The curves (mini-batch losses, accuracies) and the trained network.
    public var history: TrainingHistory
    /// Where the run diverged, or nil if it did every iteration.
    public var divergence: Divergence?

    /// Creates a run's record.
    public init(name: String, specification: String, history: TrainingHistory, divergence: Divergence? = nil) {
        self.name = name
        self.specification = specification
        self.history = history
        self.divergence = divergence
    }

    /// The last accuracy measured on the training set (0 if none was).
    public var finalTrainAccuracy: Double { history.epochs.last?.trainAccuracy ?? 0 }
    /// The last accuracy measured on the test set (0 if none was).
    public var finalTestAccuracy: Double { history.epochs.last?.testAccuracy ?? 0 }
}

/// The training loop of the book's chapter 6 experiments (`overfit_weight_decay.py`,
/// `batch_norm_test.py`): plain SGD on batches drawn with replacement, accuracy measured after
/// the first update and then once per epoch, stopping after the `epochs`-th measurement.
///
/// ```
/// iterations per epoch = max(trainSize / batchSize, 1)
/// measured after iteration 0, perEpoch, 2·perEpoch, …, (epochs − 1)·perEpoch
/// iterations = (epochs − 1) · perEpoch + 1
/// ```
///
/// So the book's "201 epochs" on 300 images are 601 iterations with 201 measurements.
public struct BookSchedule: Sendable, Equatable {
    /// How many measurements (the book's `max_epochs`).
    public var epochs: Int
    /// Samples per batch (the book: 100).
    public var batchSize: Int
    /// SGD's η (the book's chapter 6: 0.01).
    public var learningRate: Double

    /// Creates a schedule.
    ///
    /// - Precondition: epochs and batchSize ≥ 1, learningRate > 0.
    public init(epochs: Int, batchSize: Int = 100, learningRate: Double = 0.01) {
        precondition(epochs >= 1 && batchSize >= 1 && learningRate > 0,
                     "BookSchedule: needs epochs ≥ 1, batch ≥ 1, η > 0, got \(epochs), \(batchSize), \(learningRate)")
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
    }

    /// max(trainSize / batchSize, 1), as the book computes `iter_per_epoch`.
    public func iterationsPerEpoch(trainSize: Int) -> Int {
        Swift.max(trainSize / batchSize, 1)
    }

    /// (epochs − 1) · perEpoch + 1.
    public func iterations(trainSize: Int) -> Int {
        (epochs - 1) * iterationsPerEpoch(trainSize: trainSize) + 1
    }

    /// The trainer's configuration for this schedule: SGD, sampling with replacement, `seed`
    /// for the batches.
    public func configuration(trainSize: Int, seed: UInt64) -> TrainingConfiguration {
        TrainingConfiguration(iterations: iterations(trainSize: trainSize), batchSize: batchSize, optimizer: .sgd,
                              learningRate: learningRate, sampling: .replacement, seed: seed)
    }
}

/// Trains `network` with the readable trainer (`LayerBackprop`), keeping a divergence as part of
/// the record instead of an error: a study shows the run that blew up beside the ones that did not.
func studyRun(_ name: String, _ specification: String, _ network: Sequential, on trainingSet: LabeledImages,
              testSet: LabeledImages, configuration: TrainingConfiguration,
              onEvent: (TrainingEvent) -> Void = { _ in }) -> StudyRun {
    do throws(TrainingError) {
        let history = try train(network, on: trainingSet, testSet: testSet, configuration: configuration,
                                using: LayerBackprop(), onEvent: onEvent)
        return StudyRun(name: name, specification: specification, history: history)
    } catch {
        switch error {
        case .diverged(let divergence):
            return StudyRun(name: name, specification: specification, history: divergence.history, divergence: divergence)
        }
    }
}

/// The network a study describes in words, built as `Sequential(specification:)` builds it.
/// The studies write their own descriptions, so a mistake in one is a bug in GradLab.
func studyNetwork(_ specification: String, inputSize: Int, initialization: WeightInitialization, seed: UInt64) -> Sequential {
    do {
        return try Sequential(specification: specification, inputSize: inputSize, outputSize: LabeledImages.classCount,
                              initialization: initialization, seed: seed)
    } catch {
        preconditionFailure("a study's own network description is wrong: \(error)")
    }
}

/// "affine W, relu, affine W, relu, …" for `count` hidden layers of `width` units, each written
/// by `hidden`, then the output layer.
func stackDescription(count: Int, width: Int, outputs: Int = LabeledImages.classCount,
                      hidden: (_ index: Int) -> String) -> String {
    ((0..<count).map(hidden) + ["affine \(outputs)"]).joined(separator: ", ")
}

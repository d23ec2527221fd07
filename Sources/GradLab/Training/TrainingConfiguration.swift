/// Everything that decides a training run: the book's recipe by default.
public struct TrainingConfiguration: Sendable {
    /// How many mini-batch updates (the book: 10000).
    public var iterations: Int
    /// Samples per mini-batch (the book: 100).
    public var batchSize: Int
    /// The update rule.
    public var optimizer: OptimizerKind
    /// η; `nil` means the optimizer's customary default (`OptimizerKind.defaultLearningRate`).
    public var learningRate: Double?
    /// How batches are drawn.
    public var sampling: SamplingMethod
    /// Seeds the batch sampler (the network has its own seed).
    public var seed: UInt64
    /// Measure train and test accuracy on the full sets once per epoch (and at the end).
    public var evaluatesEachEpoch: Bool
    /// A limit on each step's gradient before the update (none by default).
    public var clipping: GradientClipping?
    /// Measure the loss and accuracy on the validation set every this many epochs (Keras's
    /// `validation_freq`); only when `train` is given a validation set.
    public var validationFrequency: Int
    /// Stop when the validation loss has not improved for this many validations in a row, and
    /// keep the weights of the best one (Keras's `EarlyStopping(patience:,
    /// restore_best_weights=True)`); nil never stops early.
    public var earlyStoppingPatience: Int?
    /// Changes each training batch's images before the step (none by default).
    public var augmentation: ImageAugmentation?
    /// What the network learns to output: the labels (the default), or its own input, clean or
    /// from a noisy copy (an autoencoder). With `.inputs`, accuracy is not measured (there are
    /// no classes to get right) and validation measures the reconstruction loss.
    public var target: TrainingTarget = .labels
    /// Hand the trainer's whole state to `onCheckpoint` after every this many iterations,
    /// counted from the run's start (the iterations of an epoch for a checkpoint per epoch); nil
    /// for none on a schedule. See ``train(resuming:on:testSet:validationSet:configuration:using:onCheckpoint:onEvent:)``.
    public var checkpointInterval: Int?
    /// Asked before every iteration; `true` stops the run there, with the curves so far and
    /// `TrainingHistory.outcome == .interrupted`. How a caller wires Ctrl-C to the trainer
    /// without the library knowing about signals. Called on the training thread; keep it cheap.
    public var shouldStop: @Sendable () -> Bool

    /// The book's recipe: 10000 iterations of batch 100, SGD with η = 0.1, sampling with replacement.
    public init(
        iterations: Int = 10_000, batchSize: Int = 100, optimizer: OptimizerKind = .sgd,
        learningRate: Double? = nil, sampling: SamplingMethod = .replacement,
        seed: UInt64 = 42, evaluatesEachEpoch: Bool = true, clipping: GradientClipping? = nil,
        validationFrequency: Int = 1, earlyStoppingPatience: Int? = nil, augmentation: ImageAugmentation? = nil,
        checkpointInterval: Int? = nil, shouldStop: @escaping @Sendable () -> Bool = { false }
    ) {
        self.iterations = iterations
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.sampling = sampling
        self.seed = seed
        self.evaluatesEachEpoch = evaluatesEachEpoch
        self.clipping = clipping
        self.validationFrequency = validationFrequency
        self.earlyStoppingPatience = earlyStoppingPatience
        self.augmentation = augmentation
        self.checkpointInterval = checkpointInterval
        self.shouldStop = shouldStop
    }

    /// Seeds the noisy copy of the validation set when the target is a noisy input: the same
    /// copy at every measurement, so the curve shows the network changing, not the noise.
    public var validationNoiseSeed: UInt64 { seed ^ 0x6E6F_6973_7921 }

    /// The learning rate actually used.
    public var effectiveLearningRate: Double {
        learningRate ?? optimizer.defaultLearningRate
    }
}

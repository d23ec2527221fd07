/// Everything a training run carries from one iteration to the next: with it, a run stopped
/// after any iteration continues exactly, to the bit, as if it had never stopped. A checkpoint
/// (``TrainingCheckpoint``) is this state in a file.
///
/// ```
/// network                 weights, BatchNorm's running statistics, Dropout's generators
/// optimizer               its velocities or moments, η, Adam's step count (OptimizerState)
/// sampler, nextBatch      its generator, where it is in this epoch's order, the batch drawn ahead
/// augmentationGenerator   the random shifts
/// iterationsDone          and the curves so far: losses, gradient norms, evaluations, validations
/// best, …                 early stopping's best network and its count of validations without improvement
/// ```
///
/// What does not change during a run (the data, the number of iterations, the batch size, the
/// learning rate's kind, clipping, …) is the `TrainingConfiguration`'s, not the state's.
public struct TrainingState: Sendable {
    /// The network as trained so far.
    public var network: Sequential
    /// The update rule, with what it keeps between steps.
    public var optimizer: any Optimizer
    /// Draws the batches.
    public var sampler: BatchSampler
    /// The indices of the next iteration's batch, drawn one step ahead so that a fast gradient
    /// source can fetch its images while the current step runs.
    public var nextBatch: [Int]
    /// Draws the random shifts of `--augment` (its own generator, so that the batches are the
    /// same with augmentation or without).
    public var augmentationGenerator: SplitMix64
    /// Iterations done: the next one to do has this number.
    public var iterationsDone: Int
    /// The mini-batch loss of every iteration done.
    public var losses: [Double]
    /// The gradient's global norm of every iteration done, before clipping.
    public var gradientNorms: [Double]
    /// The accuracy measurements so far.
    public var epochs: [EpochRecord]
    /// The validation measurements so far.
    public var validation: [ValidationRecord]
    /// With early stopping: the best validation so far and the network it measured.
    public var best: Best?
    /// With early stopping: validations in a row since the last improvement.
    public var validationsWithoutImprovement: Int
    /// Wall-clock seconds of training before this state (earlier sessions of the run included).
    public var seconds: Double
    /// Seconds of background evaluations before this state.
    public var evaluationSeconds: Double

    /// Early stopping's best validation, and the network that had it.
    public struct Best: Sendable {
        /// The validation with the lowest loss so far.
        public var record: ValidationRecord
        /// The network measured then (its weights are the ones kept).
        public var network: Sequential

        /// Creates the pair.
        public init(record: ValidationRecord, network: Sequential) {
            self.record = record
            self.network = network
        }
    }

    /// The state before the first iteration: `network` as given, a fresh optimizer and sampler
    /// (seeded by `configuration.seed`), the first batch drawn, no curves yet.
    ///
    /// - Precondition: `trainingSetCount > 0` and `configuration.batchSize > 0`.
    public init(start network: Sequential, trainingSetCount: Int, configuration: TrainingConfiguration) {
        self.network = network
        optimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
        sampler = BatchSampler(method: configuration.sampling, sampleCount: trainingSetCount,
                               batchSize: configuration.batchSize, seed: configuration.seed)
        nextBatch = sampler.nextBatch()
        // Augmentation draws from its own generator, so the batches' order is the same with it or without.
        augmentationGenerator = SplitMix64(seed: configuration.seed ^ 0x6175_676D_656E_7421)
        iterationsDone = 0
        // Enough for the book's recipe at once; a longer run grows the arrays as it goes rather
        // than claiming gigabytes up front for an iteration count typed by mistake.
        losses = []
        losses.reserveCapacity(min(configuration.iterations, 1 << 16))
        gradientNorms = []
        gradientNorms.reserveCapacity(min(configuration.iterations, 1 << 16))
        epochs = []
        validation = []
        best = nil
        validationsWithoutImprovement = 0
        seconds = 0
        evaluationSeconds = 0
    }

    /// A state put together from its parts, as a checkpoint holds them. The trainer checks it
    /// against its configuration (``problem(with:trainingSetCount:)``).
    public init(network: Sequential, optimizer: any Optimizer, sampler: BatchSampler, nextBatch: [Int],
                augmentationGenerator: SplitMix64, iterationsDone: Int, losses: [Double], gradientNorms: [Double],
                epochs: [EpochRecord], validation: [ValidationRecord], best: Best?, validationsWithoutImprovement: Int,
                seconds: Double, evaluationSeconds: Double) {
        self.network = network
        self.optimizer = optimizer
        self.sampler = sampler
        self.nextBatch = nextBatch
        self.augmentationGenerator = augmentationGenerator
        self.iterationsDone = iterationsDone
        self.losses = losses
        self.gradientNorms = gradientNorms
        self.epochs = epochs
        self.validation = validation
        self.best = best
        self.validationsWithoutImprovement = validationsWithoutImprovement
        self.seconds = seconds
        self.evaluationSeconds = evaluationSeconds
    }

    /// Why this state cannot continue a run of `configuration` on a training set of
    /// `trainingSetCount` images, in words, or nil if it can: the sampler must be of the
    /// configuration's method and batch size over that many images, the optimizer of its kind
    /// and learning rate, the iterations done no more than it asks for, and the curves as long as the iterations done.
    public func problem(with configuration: TrainingConfiguration, trainingSetCount: Int) -> String? {
        if sampler.method != configuration.sampling {
            return "the state samples \(sampler.method.rawValue), the configuration \(configuration.sampling.rawValue)"
        }
        if sampler.batchSize != configuration.batchSize {
            return "the state draws batches of \(sampler.batchSize), the configuration of \(configuration.batchSize)"
        }
        if sampler.sampleCount != trainingSetCount {
            return "the state samples from \(sampler.sampleCount) training images, this training set has \(trainingSetCount)"
        }
        if OptimizerKind(optimizer) != configuration.optimizer {
            return "the state's optimizer is \(OptimizerKind(optimizer)?.rawValue ?? "\(type(of: optimizer))"), "
                + "the configuration's \(configuration.optimizer.rawValue)"
        }
        if optimizer.learningRate != configuration.effectiveLearningRate {
            return "the state's learning rate is \(optimizer.learningRate), the configuration's \(configuration.effectiveLearningRate)"
        }
        if iterationsDone > configuration.iterations {
            return "the state has done \(iterationsDone) iterations, more than the \(configuration.iterations) the configuration asks for"
        }
        if losses.count != iterationsDone || gradientNorms.count != iterationsDone {
            return "\(losses.count) losses and \(gradientNorms.count) gradient norms for \(iterationsDone) iterations done"
        }
        if nextBatch.isEmpty || nextBatch.count > sampler.batchSize || !nextBatch.allSatisfy({ (0..<trainingSetCount).contains($0) }) {
            return "the next batch holds \(nextBatch.count) indices, not 1 to \(sampler.batchSize) indices below \(trainingSetCount)"
        }
        return nil
    }
}

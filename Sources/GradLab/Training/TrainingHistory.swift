/// Train and test accuracy measured at one point of training.
public struct EpochRecord: Sendable, Equatable {
    /// The iteration after which accuracy was measured (0 = after the first update, as in the book).
    public var iteration: Int
    /// Accuracy on the whole training set.
    public var trainAccuracy: Double
    /// Accuracy on the whole test set.
    public var testAccuracy: Double

    /// Creates a record.
    public init(iteration: Int, trainAccuracy: Double, testAccuracy: Double) {
        self.iteration = iteration
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
    }
}

/// The loss and accuracy on the validation set, measured at the end of an epoch (in inference
/// mode, as Keras's `val_loss` and `val_accuracy`).
public struct ValidationRecord: Sendable, Equatable {
    /// The epoch just finished (1 = the first).
    public var epoch: Int
    /// The iteration after which it was measured (the epoch's last).
    public var iteration: Int
    /// The mean loss over the validation set, the weight penalty included.
    public var loss: Double
    /// The share of the validation set classified correctly (NaN when the target is the input
    /// itself: a reconstruction has no classes to get right).
    public var accuracy: Double

    /// Creates a record.
    public init(epoch: Int, iteration: Int, loss: Double, accuracy: Double) {
        self.epoch = epoch
        self.iteration = iteration
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// What a training run leaves behind: its curves and the trained network.
public struct TrainingHistory: Sendable {
    /// The mini-batch loss of every iteration, computed in the same forward pass as the
    /// gradient (so before that iteration's update).
    public var losses: [Double]
    /// Accuracy once per epoch and after the last iteration.
    public var epochs: [EpochRecord]
    /// The global norm √(Σ ‖∂L/∂θᵢ‖²) of every iteration's gradient, before any clipping.
    public var gradientNorms: [Double] = []
    /// The validation measurements, when the run had a validation set.
    public var validation: [ValidationRecord] = []
    /// With early stopping: the validation whose weights `network` holds (the best one).
    public var bestValidation: ValidationRecord?
    /// With early stopping: train and test accuracy of the network kept (the best one's
    /// weights), measured at the end; `epochs` measured the weights of their own time.
    public var keptNetworkEvaluation: EpochRecord?
    /// Wall-clock seconds of the loop: updates and evaluations, not data loading.
    public var seconds: Double
    /// Seconds spent in evaluations, which run on a second thread alongside training (so they
    /// overlap `seconds` rather than add to it).
    public var evaluationSeconds: Double
    /// The network after training (with early stopping, the best one's weights).
    public var network: Sequential
    /// The gradient source that trained it (`GradientSource.name`).
    public var gradientSource: String
    /// Whether the run did every iteration, or stopped early and why. `losses.count` is the
    /// number of iterations done.
    public var outcome: TrainingOutcome = .completed
}

/// How a training run ended.
public enum TrainingOutcome: String, Sendable, Equatable {
    /// Every iteration was done.
    case completed
    /// `TrainingConfiguration.shouldStop` asked to stop (the user pressed Ctrl-C, say); the
    /// curves end with the last iteration done.
    case interrupted
    /// A loss or weight stopped being a finite number; see ``TrainingError/diverged(_:)``.
    case diverged
    /// Early stopping ended the run: the validation loss had stopped improving.
    case stoppedEarly
}

/// Something worth telling the user while training runs.
public enum TrainingEvent: Sendable {
    /// An iteration finished with this mini-batch loss.
    case iteration(Int, loss: Double)
    /// Accuracy was measured.
    case evaluation(EpochRecord)
    /// The validation set was measured.
    case validation(ValidationRecord)
}

/// Why training stopped early.
public enum TrainingError: Error, CustomStringConvertible {
    /// A loss or a weight became NaN or infinite, usually because the learning rate is too large
    /// for the problem. The divergence names where, and keeps the curves until then.
    case diverged(Divergence)

    /// What happened (see ``Divergence/description``).
    public var description: String {
        switch self {
        case let .diverged(divergence): divergence.description
        }
    }
}

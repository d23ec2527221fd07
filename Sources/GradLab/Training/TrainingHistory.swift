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

/// What a training run leaves behind: its curves and the trained network.
public struct TrainingHistory: Sendable {
    /// The mini-batch loss of every iteration, computed in the same forward pass as the
    /// gradient (so before that iteration's update).
    public var losses: [Double]
    /// Accuracy once per epoch and after the last iteration.
    public var epochs: [EpochRecord]
    /// Wall-clock seconds of the loop: updates and evaluations, not data loading.
    public var seconds: Double
    /// Seconds spent in evaluations, which run on a second thread alongside training (so they
    /// overlap `seconds` rather than add to it).
    public var evaluationSeconds: Double
    /// The network after training.
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
}

/// Something worth telling the user while training runs.
public enum TrainingEvent: Sendable {
    /// An iteration finished with this mini-batch loss.
    case iteration(Int, loss: Double)
    /// Accuracy was measured.
    case evaluation(EpochRecord)
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

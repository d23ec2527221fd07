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
}

/// Something worth telling the user while training runs.
public enum TrainingEvent: Sendable {
    /// An iteration finished with this mini-batch loss.
    case iteration(Int, loss: Double)
    /// Accuracy was measured.
    case evaluation(EpochRecord)
}

/// Why training stopped early.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite: the learning rate is too large for this problem.
    case diverged(iteration: Int, loss: Double, learningRate: Double)

    /// A message that says what happened and what to try.
    public var description: String {
        switch self {
        case let .diverged(iteration, loss, learningRate):
            "training diverged: the loss became \(loss) at iteration \(iteration) with learning rate \(learningRate); try a smaller --learning-rate"
        }
    }
}

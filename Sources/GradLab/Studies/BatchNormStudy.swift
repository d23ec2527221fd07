import Foundation
import GradLabData

/// What BatchNorm does for training, whatever the initial weights: the book's section 6.3.2
/// experiment (`batch_norm_test.py`).
///
/// For each of 16 weight scales σ from 1 down to 10⁻⁴ (log-spaced, numpy's `logspace(0, -4, 16)`),
/// two networks of 5 hidden layers of 100 ReLU units start from the same N(0, σ²) weights and
/// learn the first 1000 training images from the same batches (SGD, η = 0.01, batch 100, 20
/// epochs as `BookSchedule` counts them); one has BatchNorm after every hidden affine layer:
///
/// ```
/// plain       affine 100, relu, …, affine 10
/// BatchNorm   affine 100, batchnorm, relu, …, affine 10
/// ```
///
/// Accuracy is measured on the 1000 training images, as in the book (no test set). Without
/// BatchNorm, only a narrow band of σ learns at all in 191 steps: too small and the signal
/// vanishes, too large and it explodes. With BatchNorm almost every σ learns, and faster.
public struct BatchNormStudy: Sendable {
    /// One weight scale: the two runs from it.
    public struct Pair: Sendable {
        /// σ of the initial weights.
        public var weightScale: Double
        /// The network without BatchNorm.
        public var plain: StudyRun
        /// The same network with BatchNorm after every hidden affine layer.
        public var batchNorm: StudyRun
    }

    /// Images learned from.
    public let trainSize: Int
    /// Hidden layers.
    public let hiddenLayers: Int
    /// Units per hidden layer.
    public let width: Int
    /// The loop.
    public let schedule: BookSchedule
    /// One pair of runs per weight scale, largest σ first.
    public let pairs: [Pair]

    /// `count` values log-spaced from 10^`from` to 10^`to`, both included: numpy's
    /// `logspace(from, to, count)`. The book's scales are `logSpaced(from: 0, to: -4, count: 16)`.
    public static func logSpaced(from: Double, to: Double, count: Int) -> [Double] {
        precondition(count >= 1, "logSpaced: needs at least one value, got \(count)")
        guard count > 1 else { return [Foundation.pow(10, from)] }
        return (0..<count).map { Foundation.pow(10, from + (to - from) * Double($0) / Double(count - 1)) }
    }

    /// Runs the experiment.
    ///
    /// - Parameters:
    ///   - trainingSet: the training images; the first `trainSize` are used.
    ///   - trainSize: images learned from (the book: 1000).
    ///   - hiddenLayers: hidden layers (the book: 5).
    ///   - width: units per hidden layer (the book: 100).
    ///   - schedule: the loop (the book: 20 epochs, batch 100, η = 0.01).
    ///   - weightScales: the σ to try (the book: 16 from 1 to 10⁻⁴).
    ///   - seed: seeds the weights (the same standard-normal draws at every σ) and the batches.
    ///   - onEvent: called with the run's index (2 per σ: plain, then BatchNorm) and the
    ///     trainer's events, for progress.
    /// - Precondition: 1 ≤ trainSize ≤ the training set's size; every σ > 0.
    public init(trainingSet: LabeledImages, trainSize: Int = 1000, hiddenLayers: Int = 5, width: Int = 100,
                schedule: BookSchedule = BookSchedule(epochs: 20),
                weightScales: [Double] = BatchNormStudy.logSpaced(from: 0, to: -4, count: 16), seed: UInt64 = 42,
                onEvent: (Int, TrainingEvent) -> Void = { _, _ in }) {
        precondition((1...trainingSet.count).contains(trainSize),
                     "BatchNormStudy: trainSize \(trainSize) must be from 1 to \(trainingSet.count)")
        precondition(hiddenLayers >= 1 && width >= 1 && weightScales.allSatisfy { $0 > 0 && $0.isFinite },
                     "BatchNormStudy: needs hidden layers, units and positive σ")
        self.trainSize = trainSize
        self.hiddenLayers = hiddenLayers
        self.width = width
        self.schedule = schedule
        let images = trainingSet.subset(0..<trainSize)
        // The book measures training accuracy only: no test set.
        let noTestSet = images.subset(0..<0)
        let configuration = schedule.configuration(trainSize: trainSize, seed: seed)
        let plainSpecification = stackDescription(count: hiddenLayers, width: width) { _ in "affine \(width), relu" }
        let batchNormSpecification = stackDescription(count: hiddenLayers, width: width) { _ in "affine \(width), batchnorm, relu" }
        pairs = weightScales.enumerated().map { index, scale in
            // BatchNorm draws nothing, so both networks get the same weights from the same seed.
            let runs = [plainSpecification, batchNormSpecification].enumerated().map { offset, specification in
                let network = studyNetwork(specification, inputSize: images.pixelsPerImage,
                                           initialization: .standardDeviation(scale), seed: seed)
                return studyRun(offset == 0 ? "plain" : "BatchNorm", specification, network, on: images,
                                testSet: noTestSet, configuration: configuration) { onEvent(2 * index + offset, $0) }
            }
            return Pair(weightScale: scale, plain: runs[0], batchNorm: runs[1])
        }
    }
}

import GradLabData

/// Overfitting, and two ways to fight it: the book's section 6.4 experiments
/// (`overfit_weight_decay.py`, `overfit_dropout.py`).
///
/// A deep network (6 hidden layers of 100 ReLU units, He's weights) learns only the first 300
/// training images, for 201 epochs of SGD (η = 0.01, batch 100). Plain, it learns them by heart
/// (train accuracy 1.0) while test accuracy stays far lower: the gap is overfitting. Two runs
/// from the same initial weights on the same batches fight it:
///
/// ```
/// weight decay   L = L₀ + ½ λ Σ W²     (λ = 0.1): every step shrinks the weights by 1 − ηλ
/// dropout        units dropped with probability p = 0.2 after every hidden ReLU, in training only
/// ```
///
/// Accuracy is measured on all 300 training images and on test images after the first update and
/// once per epoch, as the book does (`BookSchedule`). The book measures the whole test set every
/// epoch; `curveTestSize` may limit the curve to the first test images (MNIST's first 2,000 give
/// the accuracy to about ±1 percentage point, at a fifth of the cost), and the final test
/// accuracy of each run is then measured again on the whole test set (`finalTestAccuracies`).
public struct OverfittingStudy: Sendable {
    /// Images learned from (the first of the training set).
    public let trainSize: Int
    /// Hidden layers.
    public let hiddenLayers: Int
    /// Units per hidden layer.
    public let width: Int
    /// The loop.
    public let schedule: BookSchedule
    /// λ of the weight-decay run.
    public let weightDecay: Double
    /// p of the dropout run.
    public let dropoutRate: Double
    /// Plain, weight decay, dropout, in that order.
    public let runs: [StudyRun]
    /// Test images the per-epoch curves were measured on.
    public let curveTestSize: Int
    /// Each run's final accuracy on the whole test set, in the order of `runs`.
    public let finalTestAccuracies: [Double]

    /// The gap at the end of run `index`: its final train accuracy − its final accuracy on the
    /// whole test set.
    public func gap(_ index: Int) -> Double {
        runs[index].finalTrainAccuracy - finalTestAccuracies[index]
    }

    /// Runs the three trainings.
    ///
    /// - Parameters:
    ///   - trainingSet: the training images; the first `trainSize` are used.
    ///   - testSet: the images accuracy is measured on.
    ///   - curveTestSize: the first test images measured each epoch (default: all).
    ///   - trainSize: images learned from (the book: 300).
    ///   - hiddenLayers: hidden layers (the book: 6).
    ///   - width: units per hidden layer (the book: 100).
    ///   - schedule: the loop (the book: 201 epochs, batch 100, η = 0.01).
    ///   - weightDecay: λ of the L2 run (the book: 0.1).
    ///   - dropoutRate: p of the dropout run (the book: 0.2).
    ///   - seed: seeds the weights (the same in every run), the batches and the dropout masks.
    ///   - onEvent: called with the run's index (0, 1, 2) and the trainer's events, for progress.
    /// - Precondition: 1 ≤ trainSize ≤ the training set's size; 1 ≤ curveTestSize ≤ the test
    ///   set's size; 0 ≤ dropoutRate < 1; λ ≥ 0.
    public init(trainingSet: LabeledImages, testSet: LabeledImages, curveTestSize: Int? = nil, trainSize: Int = 300, hiddenLayers: Int = 6,
                width: Int = 100, schedule: BookSchedule = BookSchedule(epochs: 201), weightDecay: Double = 0.1,
                dropoutRate: Double = 0.2, seed: UInt64 = 42, onEvent: (Int, TrainingEvent) -> Void = { _, _ in }) {
        precondition((1...trainingSet.count).contains(trainSize),
                     "OverfittingStudy: trainSize \(trainSize) must be from 1 to \(trainingSet.count)")
        precondition(hiddenLayers >= 1 && width >= 1, "OverfittingStudy: needs hidden layers and units, got \(hiddenLayers) × \(width)")
        let curveTestSize = curveTestSize ?? testSet.count
        precondition((1...testSet.count).contains(curveTestSize),
                     "OverfittingStudy: curveTestSize \(curveTestSize) must be from 1 to \(testSet.count)")
        self.curveTestSize = curveTestSize
        self.trainSize = trainSize
        self.hiddenLayers = hiddenLayers
        self.width = width
        self.schedule = schedule
        self.weightDecay = weightDecay
        self.dropoutRate = dropoutRate
        let images = trainingSet.subset(0..<trainSize)
        let configuration = schedule.configuration(trainSize: trainSize, seed: seed)
        let plainSpecification = stackDescription(count: hiddenLayers, width: width) { _ in "affine \(width), relu" }
        let plain = studyNetwork(plainSpecification, inputSize: images.pixelsPerImage, initialization: .he, seed: seed)
        var decayed = plain
        decayed.weightDecay = WeightDecay(l2: weightDecay)
        // The plain network's own layers, with Dropout after every hidden ReLU: the same initial
        // weights; the masks come from generators seeded apart from the weights.
        var maskSeeds = SplitMix64(seed: seed &+ 1)
        var dropoutLayers: [any Layer] = []
        for layer in plain.layers {
            dropoutLayers.append(layer)
            if layer is ReLU { dropoutLayers.append(Dropout(rate: dropoutRate, using: &maskSeeds)) }
        }
        let dropout = Sequential(dropoutLayers)
        let dropoutSpecification = stackDescription(count: hiddenLayers, width: width) { _ in "affine \(width), relu, dropout \(dropoutRate)" }
        let trainings: [(String, String, Sequential)] = [
            ("plain", plainSpecification, plain),
            ("weight decay λ = \(weightDecay)", plainSpecification + " (--weight-decay \(weightDecay))", decayed),
            ("dropout p = \(dropoutRate)", dropoutSpecification, dropout),
        ]
        let curveTestSet = curveTestSize == testSet.count ? testSet : testSet.subset(0..<curveTestSize)
        runs = trainings.enumerated().map { index, training in
            studyRun(training.0, training.1, training.2, on: images, testSet: curveTestSet, configuration: configuration) {
                onEvent(index, $0)
            }
        }
        finalTestAccuracies = runs.map { run in
            curveTestSet.count == testSet.count ? run.finalTestAccuracy : accuracy(of: run.history.network, on: testSet)
        }
    }
}

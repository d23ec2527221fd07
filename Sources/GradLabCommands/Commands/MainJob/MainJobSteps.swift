import Foundation
import GradLab
import GradLabData
import GradLabFastPaths

// The main job's steps, each computing a value and printing nothing: the data, the gradient
// check, the speed of one gradient, the two training runs and how far apart they ended.
// MainJobPlan.swift chooses the network size; MainJobOutput.swift tells the results.

extension MainJobCommand {
    /// The data the job works on.
    struct LoadedData {
        /// The whole data set.
        var mnist: MNIST
        /// The images trained on: the first `--train-size`.
        var trainingSet: LabeledImages
        /// Seconds to load the data.
        var loadSeconds: Double
        /// Pixels per image: the network's inputs.
        var inputs: Int
    }

    /// One gradient by each method on one batch of the training run.
    struct Speed {
        /// The batch, as the first training batch draws it.
        var x: Tensor
        /// Its labels.
        var t: Tensor
        /// The three gradients' times.
        var timings: GradientTimings
    }

    /// The two training runs, from the same weights on the same batches.
    enum TrainingRun: CaseIterable {
        /// By backprop, on the fast path.
        case backprop
        /// By the numerical gradient (`--numeric-method`).
        case numerical

        /// The run's name in legends and CSV headers.
        var name: String {
            switch self {
            case .backprop: "backprop"
            case .numerical: "numerical"
            }
        }

        /// The progress bar's label, padded so that both bars line up.
        var progressLabel: String { name.padding(toLength: 9, withPad: " ", startingAt: 0) }
    }

    /// The largest differences between the two runs, over what both did.
    struct Differences {
        /// In the mini-batch loss, over every iteration both runs did.
        var loss: Double
        /// In train or test accuracy, over every evaluation both runs made.
        var accuracy: Double
        /// In any final weight; `nil` when a run was interrupted (its weights are those of an
        /// earlier iteration, and comparing them would mean nothing).
        var weights: Double?
    }

    /// What the job found, for the files and the summary.
    struct Result {
        /// Pixels per image.
        var inputs: Int
        /// Images trained on.
        var trainSize: Int
        /// Images in the whole training set (`trainSize` are its first).
        var totalTrainingImages: Int
        /// Step 1: the gradient check.
        var check: GradCheckCommand.Result
        /// Step 2: one gradient by each method.
        var speed: Speed
        /// Step 3's choice of size.
        var plan: Plan
        /// Step 3's backprop run.
        var backprop: TrainingHistory
        /// Step 3's numerical run; `nil` if the backprop run was interrupted before it.
        var numeric: TrainingHistory?
        /// How far apart the two runs ended; `nil` without a numerical run.
        var differences: Differences?

        /// The run Ctrl-C stopped, if any.
        var interruptedRun: TrainingRun? {
            if backprop.outcome == .interrupted { return .backprop }
            return numeric?.outcome == .interrupted ? .numerical : nil
        }
    }

    /// Loads the data and takes the first `--train-size` training images.
    ///
    /// - Throws: `CommandError` if the data cannot be loaded, has fewer images than a
    ///   `--train-size` that was given (the default is capped to the data instead), or than the
    ///   batch.
    static func load(_ settings: Settings) throws -> LoadedData {
        let (mnist, loadSeconds) = try Stopwatch.time { try DataSource.load(from: settings.dataPath) }
        if settings.trainSizeGiven && settings.trainSize > mnist.train.count {
            throw CommandError("--train-size \(settings.trainSize): the training set has only \(mnist.train.count) images")
        }
        let trainSize = min(settings.trainSize, mnist.train.count)
        guard settings.batchSize <= trainSize else {
            throw CommandError("--batch \(settings.batchSize) is larger than the training set (\(trainSize) images); "
                               + "give at most --batch \(trainSize)")
        }
        return LoadedData(mnist: mnist, trainingSet: mnist.train.subset(0..<trainSize), loadSeconds: loadSeconds,
                          inputs: mnist.train.pixelsPerImage)
    }

    /// Step 1: gradcheck with its own defaults (the book's: the first 3 images, h = 1e-4) on
    /// the job's network.
    static func gradientCheck(_ data: LoadedData, settings: Settings) -> GradCheckCommand.Result {
        let hidden = settings.hidden
        let network = TwoLayerNet(inputSize: data.inputs, hiddenSize: hidden, outputSize: 10, seed: settings.seed)
        let train = data.mnist.train
        let first = Array(0..<min(GradCheckCommand.batch.defaultValue, train.count))
        return GradCheckCommand.check(network.network, specification: "affine \(hidden), sigmoid, affine 10",
                                      train.images(at: first), Tensor(train.labels(at: first).map(Double.init)),
                                      h: GradCheckCommand.step.defaultValue, bookDelta: false,
                                      source: "the first \(first.count) training images")
    }

    /// Step 2: one gradient by each method, on the first batch the training runs will draw.
    static func measureSpeed(_ data: LoadedData, settings: Settings) -> Speed {
        let network = TwoLayerNet(inputSize: data.inputs, hiddenSize: settings.hidden, outputSize: 10, seed: settings.seed)
        let trainingSet = data.trainingSet
        var sampler = BatchSampler(method: .replacement, sampleCount: trainingSet.count, batchSize: settings.batchSize,
                                   seed: settings.seed)
        let indices = sampler.nextBatch()
        let x = trainingSet.images(at: indices)
        let t = Tensor(trainingSet.labels(at: indices).map(Double.init))
        let timings = GradientTimings.measure(network, x, t, images: trainingSet, sparse: sparseIfWorthIt(trainingSet),
                                              indices: indices)
        return Speed(x: x, t: t, timings: timings)
    }

    /// Step 3: trains `start` by one of the two gradients.
    ///
    /// - Parameters:
    ///   - shouldStop: asked before every iteration; `true` ends the run (outcome `.interrupted`).
    ///   - onEvent: called after every iteration and evaluation, for progress.
    /// - Throws: `TrainingError.diverged` if the loss or a weight stops being finite.
    static func train(_ start: TwoLayerNet, by run: TrainingRun, data: LoadedData, settings: Settings,
                      shouldStop: @escaping @Sendable () -> Bool = { false },
                      onEvent: (TrainingEvent) -> Void) throws -> TrainingHistory {
        let (trainingSet, testSet) = (data.trainingSet, data.mnist.test)
        let configuration = TrainingConfiguration(iterations: settings.iterations, batchSize: settings.batchSize,
                                                  seed: settings.seed, shouldStop: shouldStop)
        // Both sources accept the two-layer network they are given here.
        let source: any GradientSource = switch run {
        case .backprop: FastBackprop(start.network, trainingSet: trainingSet, testSet: testSet)!
        case .numerical: FastNumericalGradients(start.network, method: settings.method, trainingSet: trainingSet,
                                                testSet: testSet)!
        }
        return try GradLab.train(start.network, on: trainingSet, testSet: testSet, configuration: configuration,
                                 using: source, onEvent: onEvent)
    }

    /// How far apart the two runs ended: loss and accuracy over what both did, and the final
    /// weights if both runs did every iteration.
    static func compare(_ backprop: TrainingHistory, _ numeric: TrainingHistory) -> Differences {
        let bothComplete = backprop.outcome == .completed && numeric.outcome == .completed
        return Differences(
            loss: zip(numeric.losses, backprop.losses).map { abs($0 - $1) }.max() ?? 0,
            accuracy: zip(numeric.epochs, backprop.epochs).map {
                max(abs($0.trainAccuracy - $1.trainAccuracy), abs($0.testAccuracy - $1.testAccuracy))
            }.max() ?? 0,
            weights: !bothComplete ? nil : zip(numeric.network.parameters.named, backprop.network.parameters.named)
                .map { ($0.value - $1.value).scalars.map(abs).max() ?? 0 }.max() ?? 0)
    }
}

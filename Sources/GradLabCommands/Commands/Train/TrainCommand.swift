import Foundation
import GradLab
import GradLabData
import GradLabFastPaths

/// `gradlab train`: the book's training recipe, every choice an option.
enum TrainCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "train",
        abstract: "Train a network on MNIST (the book's TwoLayerNet recipe by default, or any --network).",
        discussion: """
            The defaults are the book's chapter 4 recipe: 784-50-10 with a sigmoid hidden layer, \
            batch 100 sampled with replacement, SGD with learning rate 0.1, 10000 iterations, train \
            and test accuracy once per epoch (600 iterations). Writes loss and accuracy CSVs, SVG \
            charts and index.html to --out.

            --network trains any stack of layers instead, e.g. "affine 512, relu, affine 10" \
            (layers: affine N, sigmoid, relu, leaky-relu, tanh, batchnorm, dropout P, residual(…); on images \
            conv F KxK [stride S] [valid|same|pad P], maxpool P, avgpool P, flatten, global-avgpool; and those \
            registered in exercises/). A network that starts with a convolution or pooling layer reads each \
            image as 28×28×1. \
            By default the book's network trains on the fast path (a fused two-layer step) and every \
            other network by backprop through the layers; --gradient chooses.

            --checkpoint DIR keeps the whole state of the run in DIR/checkpoint.safetensors (every \
            epoch, every --checkpoint-every N iterations, and on Ctrl-C); --resume DIR continues it \
            with the options it started with, and ends with the same weights, to the bit, as a run \
            that never stopped.
            """,
        options: [
            iterations, epochs, batch, learningRate, network, SequenceReading.option, hidden, activation, optimizer, sampler,
            initialization, gradient, numericMethod, trainSize,
        ] + LossOptions.all + [
            clipValue, clipNorm, clipGlobalNorm, validationSplit, validationFrequency, earlyStopping, augment,
            save, checkpoint, checkpointEvery, resume, DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    /// The longest run: ten million iterations (a thousand times the book's) already make a
    /// 250 MB loss.csv; more would end in an allocation failure after hours of training.
    static let maximumIterations = 10_000_000
    static let iterations = Option<Int>("iterations", "N", help: "Mini-batch updates.", default: 10_000, range: 1...maximumIterations)
    static let epochs = Option<Int?>("epochs", "N", help: "Train for N epochs instead (iterations = N × iterations per epoch).",
                                     range: 1...1_000_000, example: 1)
    static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.", default: 100, range: 1...1_000_000)
    static let learningRate = Option<Double?>.positive("learning-rate", "RATE", help: "Step size.", example: 0.1,
                                                       defaultDescription: "the optimizer's: " + optimizerDefaultRates)
    static let network = Option<String?>("network", "SPEC", help: "The layers, e.g. \"affine 512, relu, affine 10\" (instead of --hidden and --activation).")
    static let hidden = Option<Int>("hidden", "N", help: "Hidden units of the book's network.", default: 50, range: 1...100_000)
    static let activation = Option<HiddenActivation>("activation", "NAME", help: "Hidden activation of the book's network.", default: .sigmoid)
    static let optimizer = Option<OptimizerKind>("optimizer", "NAME", help: "Update rule.", default: .sgd)
    static let sampler = Option<SamplingMethod?>("sampler", "NAME", help: "replacement (the book's np.random.choice), shuffle (every sample once per epoch) or in-order (batch after batch, as the BatchGenerator of Chollet's Deep Learning with Python); by default replacement with --iterations, shuffle with --epochs.")
    static let initialization = Option<WeightInitialization>(
        "init", "NAME", help: "Initial weights: book (σ = 0.01), xavier (σ = 1/√n), he (σ = √(2/n)) or naive-dense (uniform in [0, 0.1), the NaiveDense of Chollet's Deep Learning with Python).",
        choices: [("book", .book), ("xavier", .xavier), ("he", .he), ("naive-dense", .naiveDense)], default: .book)
    static let gradient = Option<GradientChoice?>("gradient", "NAME", help: "fast (the fused two-layer step, or convolutional networks over buffers), layers (backprop through the layers), tape (automatic differentiation), autodiff (Swift's own, where the toolchain has it), or numerical (slow: two loss evaluations per parameter); by default fast where it applies, else layers.")
    static let numericMethod = Option<NumericalMethod>("numeric-method", "NAME", help: "With --gradient numerical: incremental or full (the book's).",
                                                       default: .incremental)
    /// Its upper bound is the size of the training set, known once the data is loaded.
    static let trainSize = Option<Int?>("train-size", "N", help: "Use only the first N training images.", example: 10_000,
                                        defaultDescription: "all")

    static let clipValue = Option<Double?>.positive("clip-value", "C", help: "Clamp every gradient element to [−C, C] before the update (tf.clip_by_value).", example: 1)
    static let clipNorm = Option<Double?>.positive("clip-norm", "C", help: "Scale each gradient tensor t by C / max(‖t‖, C) (tf.clip_by_norm).", example: 1)
    static let clipGlobalNorm = Option<Double?>.positive("clip-global-norm", "C", help: "Scale the whole gradient by C / max(g, C), g its global norm (tf.clip_by_global_norm).", example: 5)
    static let validationSplit = Option<Double?>("validation-split", "F", help: "Hold out the last fraction F of the training images (0 < F < 1) and measure the loss and accuracy on them, as Keras's validation_split.",
                                                 range: 0...1, example: 0.1, defaultDescription: "none")
    static let validationFrequency = Option<Int>("validation-freq", "K", help: "With --validation-split: measure every K epochs.", default: 1, range: 1...1_000_000)
    static let earlyStopping = Option<Int?>("early-stopping", "PATIENCE", help: "With --validation-split: stop when the validation loss has not improved for PATIENCE measurements, and keep the best weights.",
                                            range: 1...1_000_000, example: 3)
    static let save = Option<String?>("save", "FILE", help: "Save the trained model (weights, BatchNorm statistics and the network's description) to FILE in safetensors format, for evaluate, predict and summary.")
    static let checkpoint = Option<String?>("checkpoint", "DIR", help: "Keep a checkpoint of the run in DIR/checkpoint.safetensors (the network, the optimizer's, sampler's and generators' state, the curves) at the end of every epoch and on Ctrl-C; continue it with --resume DIR.")
    static let checkpointEvery = Option<Int?>("checkpoint-every", "N", help: "With --checkpoint or --resume: a checkpoint every N iterations instead of every epoch.",
                                              range: 1...maximumIterations, example: 500, defaultDescription: "every epoch")
    static let resume = Option<String?>("resume", "DIR", help: "Continue the run whose checkpoint is in DIR, with the options it started with (give no other, or the same), to the end it asked for; checkpoints go on into DIR.")
    static let augment = Option<AugmentationChoice?>("augment", "NAME", help: "shift: move each training image by up to 2 pixels in each direction, at random, every time it is drawn.")

    /// What `--augment` offers: shifts only (a flip or a quarter turn can change a digit).
    enum AugmentationChoice: String, CaseIterable, Sendable {
        /// Random shifts of up to 2 pixels.
        case shift

        /// The augmentation itself.
        var augmentation: ImageAugmentation {
            switch self {
            case .shift: .shift(maxPixels: 2)
            }
        }
    }

    /// "sgd 0.1, momentum/adagrad 0.01, rmsprop/adam 0.001": the library's default rates, the
    /// optimizers that share one named together, for help.
    static var optimizerDefaultRates: String {
        var groups: [(names: [String], rate: Double)] = []
        for kind in OptimizerKind.allCases {
            if let index = groups.firstIndex(where: { $0.rate == kind.defaultLearningRate }) {
                groups[index].names.append(kind.rawValue)
            } else {
                groups.append(([kind.rawValue], kind.defaultLearningRate))
            }
        }
        return groups.map { $0.names.joined(separator: "/") + " \($0.rate)" }.joined(separator: ", ")
    }

    /// Reads the options, prepares the run and tells what it is, trains with a progress bar and
    /// a line per evaluation, then writes the files and prints the summary or the JSON.
    ///
    /// A run cut short still writes its curves, marked as such: after Ctrl-C (then it throws
    /// ``CommandInterrupted``, exit 130) and after a divergence (then `CommandError`, exit 1,
    /// naming where it diverged). With `--checkpoint DIR` the run's state goes to DIR on schedule
    /// and on Ctrl-C (``CheckpointWriter``); a checkpoint that cannot be written stops the run
    /// (`CommandError`, exit 1). With `--resume DIR` the run starts from DIR's checkpoint, with
    /// the options recorded there (``resumedArguments(_:checkpoint:file:)``).
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        // --resume: the options the run started with, read from its checkpoint.
        var arguments = arguments
        var resumed: (checkpoint: TrainingCheckpoint, file: String)?
        if let folder = try arguments[resume] {
            let checkpoint = try TrainingCheckpoint.load(fromDirectory: URL(fileURLWithPath: folder), kinds: LayerCatalog.all)
            let file = URL(fileURLWithPath: folder).appendingPathComponent(TrainingCheckpoint.fileName).path
            arguments = try resumedArguments(arguments, checkpoint: checkpoint, file: file)
            resumed = (checkpoint, file)
        }
        let settings = try Settings(arguments)
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; use `swift run -c release gradlab train …`")
        #endif
        // With --json, standard output carries the JSON alone: the running commentary goes to
        // standard error.
        let say: (String) -> Void = settings.json ? { console.errorLine($0) } : { console.line($0) }

        var setup = try prepare(settings)
        if let resumed { try resume(&setup, from: resumed.checkpoint, file: resumed.file) }
        let writer = try settings.checkpoint.map { folder in
            let (specification, inputSize) = (setup.specification, setup.trainingSet.pixelsPerImage)
            let recorded = recordedRun(arguments, trainingSet: setup.trainingSet)
            return try CheckpointWriter(directory: folder) { state in
                TrainingCheckpoint(state: state, specification: specification, inputSize: inputSize,
                                   outputSize: LabeledImages.classCount, metadata: recorded)
            }
        }
        if writer != nil { setup.configuration.checkpointInterval = settings.checkpointEvery ?? setup.iterationsPerEpoch }
        setup.configuration.shouldStop = { [shouldStop = console.shouldStop] in shouldStop() || writer?.hasFailed == true }
        say(header(setup, settings: settings))
        if let start = setup.start, let resumed {
            say(resumedLines(start, from: resumed.file, setup: setup))
        }

        var progress = ProgressBar(total: setup.configuration.iterations, label: "training", console: console)
        var runningLoss = Double.nan
        let result: Result
        do {
            result = try train(setup, onCheckpoint: { writer?.write($0) }) { event in
                switch event {
                case let .iteration(iteration, loss):
                    runningLoss = runningLoss.isNaN ? loss : 0.98 * runningLoss + 0.02 * loss
                    progress.update(iteration + 1, detail: "loss \(fixed(runningLoss, 4))")
                case let .evaluation(record):
                    progress.finish()
                    say(epochLine(record, iterationsPerEpoch: setup.iterationsPerEpoch))
                case let .validation(record):
                    progress.finish()
                    say(validationLine(record))
                }
            }
        } catch TrainingError.diverged(let divergence) {
            progress.finish()
            let partial = Result(setup: setup, history: divergence.history, peakResidentBytes: peakResidentBytes(),
                                 divergence: divergence)
            let report = try write(partial, settings: settings, to: OutputFolder(path: settings.out))
            if settings.json { console.line(json(partial, report: report, checkpoint: writer).text) }
            throw CommandError(divergenceMessage(divergence, report: report))
        }
        progress.finish()
        if let warning = warning(result) { console.errorLine(warning) }

        let report = try write(result, settings: settings, to: OutputFolder(path: settings.out))
        if let failure = writer?.firstFailure {
            throw CommandError("\(failure)\nthe run stopped after \(RunStatus.iterations(result.history.losses.count)), "
                               + (writer?.lastWritten.map { "with its last checkpoint at iteration \($0) in \(writer?.directory.path ?? "")" }
                                  ?? "with no checkpoint written")
                               + "; the curves are in \(report)")
        }
        if let path = settings.save {
            try saveModel(result, to: path)
            say("model saved to \(path)" + (result.history.outcome == .interrupted ? " (as it was when interrupted)" : ""))
        }
        if settings.json {
            console.line(json(result, report: report, checkpoint: writer).text)
        } else {
            console.write(text(result, report: report))
            if let writer, let last = writer.lastWritten, result.history.outcome != .interrupted {
                console.line("checkpoint: \(writer.file) (iteration \(last))")
            }
        }
        if result.history.outcome == .interrupted {
            let kept = writer.flatMap { writer in
                writer.lastWritten.map { "; checkpoint at iteration \($0) in \(writer.file): continue with gradlab train --resume \(shellWord(writer.directory.path))" }
            }
            throw CommandInterrupted("interrupted after \(groupedThousands(result.history.losses.count)) of "
                                     + "\(RunStatus.iterations(setup.configuration.iterations)); the curves so far are in \(report)" + (kept ?? ""))
        }
    }

    /// The lines that open a resumed run: where it resumes, then the evaluations and validations
    /// it had made, as the run printed them before it stopped.
    static func resumedLines(_ state: TrainingState, from file: String, setup: Setup) -> String {
        var lines = ["(resumed from \(file) after iteration \(state.iterationsDone) of \(setup.configuration.iterations); the lines until then are the checkpoint's)"]
        var records: [(iteration: Int, line: String)] = state.epochs.map { ($0.iteration, epochLine($0, iterationsPerEpoch: setup.iterationsPerEpoch)) }
        records += state.validation.map { ($0.iteration, validationLine($0)) }
        // An evaluation comes before the validation of the same iteration, as the trainer makes them.
        lines += records.enumerated().sorted { ($0.element.iteration, $0.offset) < ($1.element.iteration, $1.offset) }.map(\.element.line)
        return lines.joined(separator: "\n")
    }

    /// The error after a divergence: what happened (the iteration, the loss, the first value that
    /// is not finite), what to try, and where the curves until then are.
    static func divergenceMessage(_ divergence: Divergence, report: String) -> String {
        "\(divergence)\n"
            + "try a smaller --learning-rate, e.g. --learning-rate \(divergence.learningRate / 10)\n"
            + "the curves of the \(RunStatus.iterations(divergence.history.losses.count)) before are in \(report)"
    }

    /// Writes the trained network (with early stopping, the kept one) to `path` as a whole model.
    ///
    /// - Throws: ``DataError`` naming the file if it cannot be written; no half-written file is left.
    static func saveModel(_ result: Result, to path: String) throws {
        let model = ModelFile(network: result.history.network, specification: result.setup.specification,
                              inputSize: result.setup.trainingSet.pixelsPerImage, outputSize: LabeledImages.classCount)
        try model.safetensors().write(to: URL(fileURLWithPath: path))
    }
}

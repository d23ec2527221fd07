import Foundation
import GradLab
import GradLabData
import GradLabFastPaths

extension TrainCommand {
    /// How long to train: a count of iterations, or of epochs (known in iterations only once the
    /// training set's size is).
    enum Length {
        /// `--iterations N` (or its default).
        case iterations(Int)
        /// `--epochs N`.
        case epochs(Int)
    }

    /// What the options ask for, checked against each other but not yet against the data.
    struct Settings {
        /// The network, from `--network` or `--hidden` and `--activation` (with `swap-axes` in
        /// front for `--sequence columns`).
        var specification: String
        /// `--sequence`: images read as sequences of rows or columns, if given.
        var sequence: SequenceReading?
        /// How the weights start.
        var initialization: WeightInitialization
        /// Where the gradients come from; `nil` lets the network decide.
        var gradient: GradientChoice?
        /// The numerical method, for `--gradient numerical`.
        var numericMethod: NumericalMethod
        /// How long to train.
        var length: Length
        /// Samples per mini-batch.
        var batch: Int
        /// The update rule.
        var optimizer: OptimizerKind
        /// η; `nil` for the optimizer's default.
        var learningRate: Double?
        /// How batches are drawn.
        var sampler: SamplingMethod
        /// `--seed`, `--data`, `--json` and `--out`, read once.
        var common: CommonSettings
        /// Seeds the weights and the batches.
        var seed: UInt64 { common.seed }
        /// The `--data` folder, or `nil` for the shipped MNIST.
        var dataPath: String? { common.dataPath }
        /// `--json`.
        var json: Bool { common.json }
        /// `--out`, or the command's own folder under gradlab-output/.
        var out: String { common.out }
        /// Train on the first N images only; `nil` for all.
        var trainSize: Int?
        /// The loss layer.
        var loss: LossKind
        /// The penalty on the weights.
        var weightDecay: WeightDecay
        /// The limit on each step's gradient, if any.
        var clipping: GradientClipping?
        /// The fraction of the training images held out for validation, if any.
        var validationSplit: Double?
        /// Validate every this many epochs.
        var validationFrequency: Int
        /// Early stopping's patience, if any.
        var earlyStopping: Int?
        /// How training images are changed, if at all.
        var augmentation: ImageAugmentation?
        /// `--save`: where the trained model goes, if anywhere.
        var save: String?
        /// `--checkpoint`, or else the `--resume` folder: where the run's checkpoints go, if anywhere.
        var checkpoint: String?
        /// `--checkpoint-every`: iterations between checkpoints; nil for one per epoch.
        var checkpointEvery: Int?
        /// `--resume`: the folder of the checkpoint this run continues, if any.
        var resume: String?
        /// The options as given, for the report's "Reproduce" line (without the checkpoint
        /// options, which do not change the result).
        var reproduction: String

        /// Reads the options and checks the ones that exclude each other.
        ///
        /// - Throws: ``ArgumentError`` for a bad value; ``UsageError`` for `--network` with
        ///   `--hidden` or `--activation`, or `--epochs` with `--iterations`.
        init(_ arguments: ParsedArguments) throws {
            typealias Command = TrainCommand
            specification = try NetworkOptions.specification(arguments, network: Command.network, hidden: Command.hidden,
                                                              activation: Command.activation, outputs: LabeledImages.classCount)
            sequence = try arguments[SequenceReading.option]
            if let sequence { specification = sequence.specification(specification) }
            initialization = try arguments[Command.initialization]
            gradient = try arguments[Command.gradient]
            numericMethod = try arguments[Command.numericMethod]
            let epochs = try arguments[Command.epochs]
            if let epochs {
                guard !arguments.wasGiven(Command.iterations) else {
                    throw UsageError("give --iterations or --epochs, not both")
                }
                length = .epochs(epochs)
            } else {
                length = .iterations(try arguments[Command.iterations])
            }
            batch = try arguments[Command.batch]
            optimizer = try arguments[Command.optimizer]
            learningRate = try arguments[Command.learningRate]
            // An epoch, Keras-style, is one pass over the data in a fresh order; the book's recipe
            // counts iterations and samples with replacement.
            sampler = try arguments[Command.sampler] ?? (epochs == nil ? .replacement : .shuffle)
            common = try CommonSettings(arguments)
            trainSize = try arguments[Command.trainSize]
            loss = try arguments[LossOptions.loss]
            weightDecay = try LossOptions.weightDecay(arguments)
            let clips = [try arguments[Command.clipValue].map(GradientClipping.value),
                         try arguments[Command.clipNorm].map(GradientClipping.norm),
                         try arguments[Command.clipGlobalNorm].map(GradientClipping.globalNorm)].compactMap { $0 }
            guard clips.count <= 1 else {
                throw UsageError("give one of --clip-value, --clip-norm and --clip-global-norm, not several")
            }
            clipping = clips.first
            validationSplit = try arguments[Command.validationSplit]
            if let split = validationSplit, !(split > 0 && split < 1) {
                throw ArgumentError(.invalidValue(option: Command.validationSplit.name, value: arguments.values[Command.validationSplit.name] ?? "\(split)",
                                                  expected: "a fraction between 0 and 1 (both excluded: some images must be left on each side)",
                                                  example: "0.1"), command: Command.definition.name)
            }
            validationFrequency = try arguments[Command.validationFrequency]
            earlyStopping = try arguments[Command.earlyStopping]
            if validationSplit == nil {
                for option: any OptionDeclaration in [Command.validationFrequency, Command.earlyStopping] where arguments.wasGiven(option) {
                    throw UsageError("--\(option.definition.name) needs a validation set: add --validation-split, e.g. --validation-split 0.1")
                }
            }
            augmentation = try arguments[Command.augment]?.augmentation
            save = try arguments[Command.save]
            if let save { try OutputFolder.checkSaveDestination(save) }
            resume = try arguments[Command.resume]
            checkpoint = try arguments[Command.checkpoint] ?? resume
            checkpointEvery = try arguments[Command.checkpointEvery]
            if checkpointEvery != nil && checkpoint == nil {
                throw UsageError("--checkpoint-every needs a folder for the checkpoints: add --checkpoint DIR")
            }
            if let checkpoint, checkpoint != resume { try Self.checkNewCheckpointFolder(checkpoint) }
            reproduction = arguments.reproductionArguments(excluding: [Command.checkpoint.name, Command.checkpointEvery.name,
                                                                       Command.resume.name])
        }

        /// Checks, before any work, that `folder` can take a new run's checkpoints: it is a
        /// folder or does not exist yet, and holds no checkpoint of another run (which the new
        /// run would overwrite).
        ///
        /// - Throws: `CommandError` naming the folder.
        static func checkNewCheckpointFolder(_ folder: String) throws {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw CommandError("--checkpoint '\(folder)' is a file; give a folder (it is created if missing)")
            }
            let file = URL(fileURLWithPath: folder).appendingPathComponent(TrainingCheckpoint.fileName).path
            if FileManager.default.fileExists(atPath: file) {
                throw CommandError("--checkpoint '\(folder)' already holds a checkpoint (\(file)): continue that run with "
                                   + "--resume \(shellWord(folder)), or give another folder")
            }
        }
    }
}

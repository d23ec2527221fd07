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
        /// The network, from `--network` or `--hidden` and `--activation`.
        var specification: String
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
        /// The options as given, for the report's "Reproduce" line.
        var reproduction: String

        /// Reads the options and checks the ones that exclude each other.
        ///
        /// - Throws: ``ArgumentError`` for a bad value; ``UsageError`` for `--network` with
        ///   `--hidden` or `--activation`, or `--epochs` with `--iterations`.
        init(_ arguments: ParsedArguments) throws {
            typealias Command = TrainCommand
            specification = try NetworkOptions.specification(arguments, network: Command.network, hidden: Command.hidden,
                                                              activation: Command.activation, outputs: LabeledImages.classCount)
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
            reproduction = arguments.reproductionArguments
        }
    }
}

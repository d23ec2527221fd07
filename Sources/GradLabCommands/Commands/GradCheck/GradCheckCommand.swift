import GradLab

/// `gradlab gradcheck`: numerical against backprop gradients of a TwoLayerNet, parameter by
/// parameter, on the first few MNIST training images (the book's check uses 3).
enum GradCheckCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "gradcheck",
        abstract: "Check backprop against the numerical gradient, parameter by parameter.",
        discussion: """
            Builds a seeded network (the book's TwoLayerNet, or any --network), takes the first --batch training images, computes the \
            gradient of the loss twice (central differences and backprop) and compares them: mean \
            absolute difference (what the book prints), norm-relative error, and the worst element \
            above the round-off floor, with a verdict (good ≤ 1e-7 < acceptable ≤ 1e-4 < suspicious \
            ≤ 1e-2 < wrong).

            Layers that behave differently in training (dropout, batchnorm) are checked in training \
            mode, with dropout's masks fixed by --seed: every loss the numerical gradient takes sees \
            the same masks as backprop.
            """,
        options: [
            network, SequenceReading.option, hidden, batch, activation, step, sources, bookDelta, random, inputs, inputShape, target,
        ] + LossOptions.all + [
            DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let network = Option<String?>("network", "SPEC", help: "The layers, e.g. \"affine 100, tanh, affine 10\" (instead of --hidden and --activation).")
    static let hidden = Option<Int>("hidden", "N", help: "Hidden units.", default: 50, range: 1...100_000)
    static let batch = Option<Int>("batch", "N", help: "How many training images (the first N).", default: 3, range: 1...60_000)
    static let activation = Option<HiddenActivation>("activation", "NAME", help: "Hidden activation.", default: .sigmoid)
    static let step = Option<Double>("step", "H", help: "Finite-difference step h.", default: 1e-4, range: 1e-300...1)
    static let sources = Option<String>("sources", "LIST", help: "Which gradients to compute and compare, every pair: numeric, backprop, tape, autodiff (Swift's own, where the toolchain has it).", default: "numeric,backprop")
    static let bookDelta = Option<Bool>(flag: "book-delta", help: "Put the book's δ = 1e-7 inside the log for the numerical loss, to see the disagreement it causes.")
    static let random = Option<Bool>(flag: "random", help: "Use random inputs instead of MNIST images.")
    static let inputs = Option<Int>("inputs", "N", help: "Inputs per sample with --random.", default: 784, range: 1...100_000)
    static let target = Option<Target>("target", "NAME", help: "labels (classify the samples) or input (rebuild them: an autoencoder, whose output has one number per input; --loss then defaults to binary-cross-entropy).",
                                       default: .labels)
    static let inputShape = Option<String?>("input-shape", "HxWxC", help: "With --random: random images of H×W×C for a network that starts with a convolution, e.g. 10x10x1 (the book's chapter 7 check).")

    /// What the network is checked on: classifying the samples, or rebuilding them.
    enum Target: String, CaseIterable, Sendable {
        /// The class labels (the book's check).
        case labels
        /// The samples themselves: an autoencoder's target.
        case input
    }

    /// What the options ask for.
    struct Settings {
        /// `--target`: the labels, or the input itself.
        var target: Target
        /// The network, from `--network` or `--hidden` and `--activation` (with `swap-axes` in
        /// front for `--sequence columns`).
        var specification: String
        /// `--sequence`: images read as sequences of rows or columns, if given.
        var sequence: SequenceReading?
        /// How many samples.
        var batch: Int
        /// Inputs per sample for random inputs, or `nil` for the first images of the data set.
        var randomInputs: Int?
        /// The shape of random images [H, W, C] (`--input-shape`), or `nil`.
        var randomImageShape: [Int]?
        /// `--seed`, `--data`, `--json` and `--out`, read once.
        var common: CommonSettings
        /// Seeds the weights and the random inputs.
        var seed: UInt64 { common.seed }
        /// The `--data` folder, or `nil` for the shipped MNIST.
        var dataPath: String? { common.dataPath }
        /// `--json`.
        var json: Bool { common.json }
        /// `--out`, or the command's own folder under gradlab-output/.
        var out: String { common.out }
        /// The finite-difference step.
        var h: Double
        /// Whether the numerical loss uses the book's δ inside the log.
        var bookDelta: Bool
        /// The gradients to compare, in order.
        var sources: [GradientKind]
        /// The loss layer.
        var loss: LossKind
        /// The penalty on the weights.
        var weightDecay: WeightDecay

        /// Reads and checks the options.
        init(_ arguments: ParsedArguments) throws {
            typealias Command = GradCheckCommand
            target = try arguments[Command.target]
            // An autoencoder ends with one output per input; a classifier with one per class.
            let randomCount = try arguments[Command.random] ? try arguments[Command.inputs] : nil
            specification = try NetworkOptions.specification(arguments, network: Command.network, hidden: Command.hidden,
                                                              activation: Command.activation,
                                                              outputs: target == .input ? randomCount ?? 784 : 10)
            sequence = try arguments[SequenceReading.option]
            if let sequence { specification = sequence.specification(specification) }
            batch = try arguments[Command.batch]
            randomInputs = try arguments[Command.random] ? try arguments[Command.inputs] : nil
            if let text = try arguments[Command.inputShape] {
                guard randomInputs != nil else { throw UsageError("--input-shape describes random images; give it with --random") }
                guard !arguments.wasGiven(Command.inputs) else { throw UsageError("give --inputs or --input-shape, not both") }
                let sizes = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
                guard sizes.count == 3, sizes.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1000 }),
                      sizes.reduce(1, { $0 * ($1 ?? 0) }) <= 100_000 else {
                    throw UsageError("--input-shape '\(text)' is not an image shape HxWxC like 10x10x1 (sizes 1 to 1000, at most 100000 numbers)")
                }
                randomImageShape = sizes.map { $0! }
                randomInputs = randomImageShape!.reduce(1, *)
            }
            h = try arguments[Command.step]
            bookDelta = try arguments[Command.bookDelta]
            sources = try GradientKind.list(arguments[Command.sources])
            loss = try arguments[LossOptions.loss]
            if target == .input {
                if !arguments.wasGiven(LossOptions.loss) { loss = .binaryCrossEntropy }
                guard loss != .crossEntropy else {
                    throw UsageError("--target input: softmax with cross-entropy makes each row a distribution over classes, and an image is not one; "
                                     + "use --loss binary-cross-entropy or --loss mse")
                }
            }
            weightDecay = try LossOptions.weightDecay(arguments)
            if bookDelta && loss != .crossEntropy {
                throw UsageError("--book-delta changes the cross-entropy loss; it does not apply to --loss \(loss.rawValue)")
            }
            common = try CommonSettings(arguments)
        }
    }

    /// Reads the options, takes the samples, builds the network, checks it, prints the table or the
    /// JSON, writes gradcheck.csv.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let settings = try Settings(arguments)
        // Sizes beyond the machine's memory are refused before anything is drawn or built (784
        // inputs, MNIST's, stand for --data images not yet loaded: near enough for sizes off by orders
        // of magnitude).
        try MemoryBudget.checkGradientCheck(settings.specification, inputs: settings.randomInputs ?? 784, batch: settings.batch)

        let samples = try samples(settings)
        let inputShape = try NetworkOptions.inputShape(for: settings.specification, size: samples.x.shape[1], image: samples.imageShape,
                                                       sequence: settings.sequence)
        let outputs = settings.target == .input ? samples.x.shape[1] : 10
        let network = try NetworkOptions.network(settings.specification, inputShape: inputShape, outputSize: outputs,
                                                 seed: settings.seed, loss: settings.loss, weightDecay: settings.weightDecay)
        // The full check (numeric against backprop, timed, with the Taylor test) only when both are
        // asked for; otherwise only the gradients named in --sources are computed.
        guard settings.sources.contains(.numeric) && settings.sources.contains(.backprop) else {
            let pairs = try compare(settings.sources, network: network, samples.x, samples.t, h: settings.h, checked: nil)
            let description = describe(network, specification: settings.specification, source: samples.source,
                                       h: settings.h, bookDelta: settings.bookDelta)
            console.line(settings.json ? pairsJSON(pairs).text : pairsOnlyText(description, pairs))
            try OutputFolder(path: settings.out).write(csv(pairs[0].report), to: "gradcheck.csv")
            return
        }
        var result = check(network, specification: settings.specification, samples.x, samples.t, h: settings.h,
                           bookDelta: settings.bookDelta, source: samples.source)
        result.pairs = try compare(settings.sources, network: network, samples.x, samples.t, h: settings.h, checked: result)

        console.line(settings.json ? json(result).text : text(result))
        try OutputFolder(path: settings.out).write(csv(result.report), to: "gradcheck.csv")
    }
}

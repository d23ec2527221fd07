import GradLab
import GradLabFastPaths

/// `gradlab` with no subcommand: the main job. Gradient check on MNIST, the speed of numerical
/// against backprop gradients, then training twice from the same weights on the same batches,
/// once with each gradient, with the curves overlaid in an HTML report.
enum MainJobCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "main",
        abstract: "The main job (the default): gradient check, speed, training with both gradients.",
        discussion: """
            1. Gradient check of a 784-50-10 TwoLayerNet on the first 3 MNIST training images.
            2. The time of one numerical gradient (the book's full method and the incremental one) \
            and one backprop gradient on the same batch of 100, and their ratio.
            3. Training twice from the same initial weights on the same batches: once with numerical \
            gradients, once with backprop; their loss and accuracy curves overlaid. Numerical \
            training of the full 784-50-10 net takes too long for a demo, so the job measures it, \
            picks the largest hidden size whose numerical run fits in --budget seconds, says so, and \
            estimates how long the full size would take.
            Writes CSVs, SVG charts and index.html to --out.
            """,
        options: [
            hidden, batch, iterations, trainSize, budget, numericMethod,
            DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let hidden = Option<Int>("hidden", "N", help: "Hidden units for the gradient check, the speed test, and training if it fits --budget.",
                                    default: 50, range: 1...10_000)
    static let batch = Option<Int>("batch", "N", help: "Mini-batch size.", default: 100, range: 1...10_000)
    static let iterations = Option<Int>("iterations", "N", help: "Training iterations for each run.", default: 3000, range: 1...1_000_000)
    static let trainSize = Option<Int>("train-size", "N", help: "Train on the first N training images (an epoch is N / batch iterations).",
                                       default: 10_000, range: 1...Int.max)
    static let budget = Option<Double>("budget", "SECONDS", help: "Time allowed for the numerical training run.", default: 90, range: 1...1e7)
    static let numericMethod = Option<NumericalMethod>("numeric-method", "NAME", help: "Numerical gradient used for training.",
                                                       default: .incremental)

    /// What the options ask for.
    struct Settings {
        /// Hidden units for the check, the speed test, and training if it fits the budget.
        var hidden: Int
        /// Samples per mini-batch.
        var batchSize: Int
        /// Iterations of each training run.
        var iterations: Int
        /// Train on the first N training images.
        var trainSize: Int
        /// Whether `--train-size` was given: then it must fit the data, else it is capped.
        var trainSizeGiven: Bool
        /// Seconds allowed for the numerical training run.
        var budget: Double
        /// The numerical gradient used for training.
        var method: NumericalMethod
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
        /// The options as given, for the report's "Reproduce" line.
        var reproduction: String

        /// Reads the options.
        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            typealias Command = MainJobCommand
            hidden = try arguments[Command.hidden]
            batchSize = try arguments[Command.batch]
            iterations = try arguments[Command.iterations]
            trainSize = try arguments[Command.trainSize]
            trainSizeGiven = arguments.wasGiven(Command.trainSize)
            budget = try arguments[Command.budget]
            method = try arguments[Command.numericMethod]
            common = try CommonSettings(arguments)
            reproduction = arguments.reproductionArguments
        }
    }

    /// Reads the options, then runs the job's steps one by one, telling each result as it
    /// comes; then writes the files and the summary (or the JSON).
    ///
    /// Ctrl-C (``Console/shouldStop``) is heeded between steps and at every training iteration:
    /// the job then writes what it has (marked as interrupted) and throws ``CommandInterrupted``.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let settings = try Settings(arguments)
        // With --json, standard output carries the JSON alone: the running commentary goes to
        // standard error.
        let say: (String) -> Void = settings.json ? { console.errorLine($0) } : { console.line($0) }
        let total = Stopwatch()
        #if DEBUG
        console.errorLine("note: this is a debug build, many times slower; `swift run -c release gradlab` is the main job as intended")
        #endif

        let data = try load(settings)
        say(introduction(data, settings: settings))

        let check = gradientCheck(data, settings: settings)
        say("1. " + GradCheckCommand.text(check) + "\n")
        // Steps 1 and 2 are single computations: a stop request is heeded after each.
        if console.shouldStop() {
            let file = try OutputFolder(path: settings.out).write(GradCheckCommand.csv(check.report), to: "gradcheck.csv")
            throw CommandInterrupted("interrupted after step 1 (the gradient check), before any training; wrote \(file)")
        }

        let speed = measureSpeed(data, settings: settings)
        say(speedSection(speed, data: data, settings: settings) + "\n")

        let plan = planTraining(speed, data: data, settings: settings)
        if console.shouldStop() {
            let file = try OutputFolder(path: settings.out).write(GradCheckCommand.csv(check.report), to: "gradcheck.csv")
            throw CommandInterrupted("interrupted after step 2 (the speed of one gradient), before any training; wrote \(file)")
        }
        say("3. Training twice from the same weights on the same batches: \(planSummary(plan))")
        // Both runs start from these weights and draw the same batches.
        let start = TwoLayerNet(inputSize: data.inputs, hiddenSize: plan.hidden, outputSize: 10, seed: settings.seed)
        /// One run, with its progress bar and, when done, its line.
        func trainShowingProgress(_ run: TrainingRun) throws -> TrainingHistory {
            var progress = ProgressBar(total: settings.iterations, label: run.progressLabel, console: console)
            let history = try train(start, by: run, data: data, settings: settings, shouldStop: console.shouldStop) { event in
                if case .iteration(let i, let loss) = event { progress.update(i + 1, detail: "loss \(fixed(loss, 4))") }
            }
            progress.finish()
            say(runLine(run, history))
            return history
        }
        let backprop = try trainShowingProgress(.backprop)
        // A stopped backprop run ends the job: the numerical run is not started.
        let numeric = backprop.outcome == .interrupted ? nil : try trainShowingProgress(.numerical)
        let differences = numeric.map { compare(backprop, $0) }
        if let differences { say(differencesLine(differences) + "\n") }

        let result = Result(inputs: data.inputs, trainSize: data.trainingSet.count,
                            totalTrainingImages: data.mnist.train.count, check: check, speed: speed, plan: plan,
                            backprop: backprop, numeric: numeric, differences: differences)
        // The runner checked --out before the job began; the folder is made only now, when there
        // is something to put in it.
        let report = try write(result, settings: settings, to: OutputFolder(path: settings.out))
        if settings.json {
            console.line(json(result, settings: settings, report: report, totalSeconds: total.seconds).text)
        } else {
            console.write(finalText(result, report: report, totalSeconds: total.seconds))
        }
        if let stopped = result.interruptedRun {
            let history = stopped == .backprop ? backprop : numeric ?? backprop
            throw CommandInterrupted("interrupted in step 3, the \(stopped.name) run, after \(groupedThousands(history.losses.count)) of "
                                     + "\(RunStatus.iterations(settings.iterations))\(stopped == .backprop ? " (the numerical run was not started)" : ""); "
                                     + "the curves so far are in \(report)")
        }
    }
}


/// `gradlab speed`: the time of one gradient by the full numerical method, the incremental
/// numerical method and backprop, for growing hidden layers, and how each grows.
enum SpeedCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "speed",
        abstract: "Time full numerical, incremental numerical and backprop gradients as the network grows.",
        discussion: """
            For each hidden size, builds a 784-H-10 TwoLayerNet and times one gradient on the same \
            batch of MNIST images by each method. The full method costs 2·P forward passes for P \
            parameters, each costing about P: it grows with the square of the network. Backprop grows \
            linearly. The full method is timed on --sample parameters chosen at random (every loss \
            evaluation costs the same) and scaled to all of them; use --sample 0 to time every one.
            """,
        options: [
            hidden, batch, sample, DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let hidden = Option<[Int]>("hidden", "LIST", help: "Hidden sizes, comma-separated.",
                                      default: [10, 20, 50, 100, 200], range: 1...5000)
    static let batch = Option<Int>("batch", "N", help: "Batch size.", default: 100, range: 1...10_000)
    static let sample = Option<Int>("sample", "N", help: "Parameters timed for the full method (0 = all).",
                                    default: 500, range: 0...100_000_000)

    /// What the options ask for.
    struct Settings {
        /// Hidden sizes to time, in order.
        var sizes: [Int]
        /// Samples in the batch.
        var batch: Int
        /// Parameters timed for the full method (0 = all).
        var sample: Int
        /// `--seed`, `--data`, `--json` and `--out`, read once.
        var common: CommonSettings
        /// Seeds the networks and the sampled parameters.
        var seed: UInt64 { common.seed }
        /// The `--data` folder, or `nil` for the shipped MNIST.
        var dataPath: String? { common.dataPath }
        /// `--json`.
        var json: Bool { common.json }
        /// `--out`, or the command's own folder under gradlab-output/.
        var out: String { common.out }

        /// Reads the options.
        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            sizes = try arguments[SpeedCommand.hidden]
            batch = try arguments[SpeedCommand.batch]
            sample = try arguments[SpeedCommand.sample]
            common = try CommonSettings(arguments)
        }
    }

    /// Reads the options, times every size (a live line on a terminal), writes the chart, CSV and
    /// report, prints the table or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let settings = try Settings(arguments)

        // A live line on a terminal only: piped output and --json stay clean.
        let showsProgress = console.isInteractive && !settings.json
        let result = try measure(settings, shouldStop: console.shouldStop) { hidden in
            if showsProgress { console.writeError("timing hidden size \(hidden)…\r") }
        }
        if showsProgress { console.writeError(String(repeating: " ", count: 40) + "\r") }

        let files = try write(result, to: OutputFolder(path: settings.out))
        if settings.json {
            console.line(json(result, files).text)
        } else {
            console.write(text(result, files))
        }
        if result.isInterrupted {
            throw CommandInterrupted("interrupted after \(result.rows.count) of \(result.requestedSizes.count) hidden sizes; "
                                     + "the timings so far are in \(files.report)")
        }
    }
}

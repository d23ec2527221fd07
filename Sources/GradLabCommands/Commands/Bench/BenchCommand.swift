
/// `gradlab bench`: the numbers behind docs/benchmarks.md. Matrix-kernel GFLOP/s on the
/// network's shapes and on 1024³, the book's recipe with and without per-epoch evaluation, one
/// gradient by each method, and peak memory.
enum BenchCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "bench",
        abstract: "Benchmark the kernel, the book's recipe, and the three gradients (release builds only make sense).",
        discussion: """
            Measures, in one run: GFLOP/s of the matrix kernel on the shapes a 784-50-10 TwoLayerNet \
            uses with batch 100 and on 1024×1024·1024×1024, timed as the numpy script times them (blocks \
            of calls of about 20 ms each, the best block's average kept), on all cores with this build's \
            register tile, on one core, and on all cores with the other tile; seconds of the book's \
            recipe (10000 iterations of batch 100, SGD 0.1) with per-epoch evaluation and without; one \
            full numerical, one incremental numerical and one backprop gradient on a batch of 100; and \
            the process's peak resident memory; and one training step of the book's SimpleConvNet (batch \
            100, SGD) through the layers and on the fast path, with the fast step's time piece by piece. \
            Compare with docs/benchmarks/numpy_reference.py (its convnet mode for the last).
            """,
        options: [
            blocks, iterations, skipRecipe, skipLayers, skipNumeric, skipKernel, skipConvolution, DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let blocks = Option<Int>("blocks", "N", help: "Timed blocks of calls per kernel shape, each about 20 ms (the best block's average is kept).",
                                    default: 15, range: 1...10_000)
    static let iterations = Option<Int>("iterations", "N", help: "Iterations of the recipe.", default: 10_000, range: 1...10_000_000)
    static let skipRecipe = Option<Bool>(flag: "skip-recipe", help: "Skip the recipe runs.")
    static let skipLayers = Option<Bool>(flag: "skip-layers", help: "Skip the recipe through the layers (the readable path).")
    static let skipNumeric = Option<Bool>(flag: "skip-numeric", help: "Skip the full numerical gradient.")
    static let skipKernel = Option<Bool>(flag: "skip-kernel", help: "Skip the matrix-kernel shapes.")
    static let skipConvolution = Option<Bool>(flag: "skip-convolution", help: "Skip the SimpleConvNet training step.")

    /// What the options ask for.
    struct Settings {
        /// Timed blocks of calls per kernel shape.
        var blocks: Int
        /// Iterations of the recipe.
        var iterations: Int
        /// Skip the recipe runs (with and without evaluation, and through the layers).
        var skipRecipe: Bool
        /// Skip only the recipe through the layers.
        var skipLayers: Bool
        /// Skip the full numerical gradient.
        var skipNumeric: Bool
        /// Skip the matrix-kernel shapes.
        var skipKernel: Bool
        /// Skip the SimpleConvNet step.
        var skipConvolution: Bool
        /// `--seed`, `--data`, `--json` and `--out`, read once.
        var common: CommonSettings
        /// Seeds the network, the batches and the kernel's matrices.
        var seed: UInt64 { common.seed }
        /// The `--data` folder, or `nil` for the shipped MNIST.
        var dataPath: String? { common.dataPath }
        /// `--json`.
        var json: Bool { common.json }
        /// `--out`, or the command's own folder under gradlab-output/.
        var out: String { common.out }

        /// Reads the options.
        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            blocks = try arguments[BenchCommand.blocks]
            iterations = try arguments[BenchCommand.iterations]
            skipRecipe = try arguments[BenchCommand.skipRecipe]
            skipLayers = try arguments[BenchCommand.skipLayers]
            skipNumeric = try arguments[BenchCommand.skipNumeric]
            skipKernel = try arguments[BenchCommand.skipKernel]
            skipConvolution = try arguments[BenchCommand.skipConvolution]
            common = try CommonSettings(arguments)
        }
    }

    /// Reads the options, measures (progress on standard error), writes bench.json, prints the
    /// tables or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let settings = try Settings(arguments)
        #if DEBUG
        console.errorLine("warning: this is a debug build; run `swift run -c release gradlab bench` for meaningful numbers")
        #endif

        let result = try measure(settings, shouldStop: console.shouldStop) { if !settings.json { console.errorLine($0) } }

        let file = try OutputFolder(path: settings.out).write(json(result).text + "\n", to: "bench.json")
        if settings.json {
            console.line(json(result).text)
        } else {
            console.line(text(result))
        }
        if result.isInterrupted {
            throw CommandInterrupted("interrupted; the measurements that finished are in \(file) (\"outcome\": \"interrupted\")")
        }
    }
}

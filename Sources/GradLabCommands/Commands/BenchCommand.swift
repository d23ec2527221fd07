import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

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
            the process's peak resident memory. Compare with docs/benchmarks/numpy_reference.py.
            """,
        options: [
            blocks, iterations, skipRecipe, skipLayers, skipNumeric, skipKernel, DataSource.option, CommonOptions.seed, CommonOptions.json, CommonOptions.out,
        ])

    static let blocks = Option<Int>("blocks", "N", help: "Timed blocks of calls per kernel shape, each about 20 ms (the best block's average is kept).",
                                    default: 15, range: 1...10_000)
    static let iterations = Option<Int>("iterations", "N", help: "Iterations of the recipe.", default: 10_000, range: 1...10_000_000)
    static let skipRecipe = Option<Bool>(flag: "skip-recipe", help: "Skip the recipe runs.")
    static let skipLayers = Option<Bool>(flag: "skip-layers", help: "Skip the recipe through the layers (the readable path).")
    static let skipNumeric = Option<Bool>(flag: "skip-numeric", help: "Skip the full numerical gradient.")
    static let skipKernel = Option<Bool>(flag: "skip-kernel", help: "Skip the matrix-kernel shapes.")

    /// A kernel shape: op(A) is m×k, op(B) is k×n.
    struct Shape {
        var name: String
        var m: Int, k: Int, n: Int
        var transposeA = false, transposeB = false
        var role: String
    }

    static let shapes = [
        Shape(name: "100x784x50", m: 100, k: 784, n: 50, role: "forward: x · W1 (dense inputs)"),
        Shape(name: "784x100x50", m: 784, k: 100, n: 50, transposeA: true, role: "backward: dW1 = xᵀ · da1 (dense inputs)"),
        Shape(name: "100x50x10", m: 100, k: 50, n: 10, role: "forward: z1 · W2"),
        Shape(name: "100x10x50", m: 100, k: 10, n: 50, transposeB: true, role: "backward: dz1 = ds · W2ᵀ"),
        Shape(name: "10000x784x50", m: 10_000, k: 784, n: 50, role: "evaluation: 10000 test images"),
        Shape(name: "1024x1024x1024", m: 1024, k: 1024, n: 1024, role: "square reference"),
    ]

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let blocks = try arguments[Self.blocks]
        let iterations = try arguments[Self.iterations]
        let seed = try arguments[CommonOptions.seed]
        let json = try arguments[CommonOptions.json]
        let (skipRecipe, skipLayers) = (try arguments[Self.skipRecipe], try arguments[Self.skipLayers])
        let (skipNumeric, skipKernel) = (try arguments[Self.skipNumeric], try arguments[Self.skipKernel])
        let progress: (String) -> Void = { if !json { console.errorLine($0) } }
        #if DEBUG
        console.errorLine("warning: this is a debug build; run `swift run -c release gradlab bench` for meaningful numbers")
        #endif

        let data = try DataSource.load(from: arguments[DataSource.option])
        let net = TwoLayerNet(inputSize: data.train.pixelsPerImage, hiddenSize: 50, outputSize: 10, seed: seed)
        var recipe: TrainingHistory?, recipeWithoutEvaluation: TrainingHistory?
        if !skipRecipe {
            progress("the book's recipe, \(iterations) iterations, with per-epoch evaluation…")
            recipe = try train(net.network, on: data.train, testSet: data.test,
                               configuration: TrainingConfiguration(iterations: iterations, seed: seed),
                               using: FastBackprop(net.network, trainingSet: data.train, testSet: data.test)!)
            progress("  \(duration(recipe!.seconds)), final test accuracy \(fixed(recipe!.epochs.last?.testAccuracy ?? 0, 4))")
            progress("the book's recipe without evaluation…")
            recipeWithoutEvaluation = try train(net.network, on: data.train, testSet: data.test,
                                                configuration: TrainingConfiguration(iterations: iterations, seed: seed, evaluatesEachEpoch: false),
                                                using: FastBackprop(net.network, trainingSet: data.train, testSet: data.test, evaluates: false)!)
            progress("  \(duration(recipeWithoutEvaluation!.seconds))")
        }
        // Measured before the kernel benchmark allocates its 1024×1024 matrices: the peak of
        // loading MNIST and running the recipe.
        let peak = peakResidentBytes()
        // The same recipe by backprop through the layers, the readable path: after the peak is
        // read, since its tensors are allocated step by step.
        var recipeLayers: TrainingHistory?
        if !skipRecipe && !skipLayers {
            progress("the book's recipe through the layers (the readable path)…")
            recipeLayers = try train(net.network, on: data.train, testSet: data.test,
                                     configuration: TrainingConfiguration(iterations: iterations, seed: seed))
            progress("  \(duration(recipeLayers!.seconds)), final test accuracy \(fixed(recipeLayers!.epochs.last?.testAccuracy ?? 0, 4))")
        }
        let kernel = skipKernel ? [] : measureKernel(seed: seed, blocks: blocks, progress: progress)
        let gflops = kernel.map { ($0.shape.name, $0.gflops) }

        let batch = Array(0..<min(100, data.train.count))
        let x = data.train.images(at: batch), t = Tensor(data.train.labels(at: batch).map(Double.init))
        if !skipNumeric { progress("one gradient by each method: full numerical, incremental, backprop…") }
        let timings = GradientTimings.measure(net, x, t, images: data.train, sparse: sparseIfWorthIt(data.train), indices: batch,
                                              fullSample: skipNumeric ? nil : 0, incrementalRepeats: 5)
        let (fullSeconds, incrementalSeconds, backpropSeconds) = (timings.fullSeconds, timings.incrementalSeconds, timings.backpropSeconds)

        let results: [(String, JSON)] = [
            ("recipeSeconds", recipe.map { .number($0.seconds) } ?? .null),
            ("recipeEvaluationSeconds", recipe.map { .number($0.evaluationSeconds) } ?? .null),
            ("recipeSecondsWithoutEvaluation", recipeWithoutEvaluation.map { .number($0.seconds) } ?? .null),
            ("recipeLayersSeconds", recipeLayers.map { .number($0.seconds) } ?? .null),
            ("recipeLayersFinalTestAccuracy", recipeLayers?.epochs.last.map { .number($0.testAccuracy) } ?? .null),
            ("finalTrainAccuracy", recipe?.epochs.last.map { .number($0.trainAccuracy) } ?? .null),
            ("finalTestAccuracy", recipe?.epochs.last.map { .number($0.testAccuracy) } ?? .null),
            ("fullNumericSeconds", .number(fullSeconds)),
            ("incrementalNumericSeconds", .number(incrementalSeconds)),
            ("backpropSeconds", .number(backpropSeconds)),
            ("matmulGflops", .object(gflops.map { ($0.0, .number($0.1)) })),
            ("matmulGflopsOneThread", .object(kernel.map { ($0.shape.name, .number($0.oneThread)) })),
            ("matmulGflopsOtherTile", .object(kernel.map { ($0.shape.name, .number($0.otherTile)) })),
            ("registerTile", .string(RegisterTile.native.description)),
            ("peakResidentBytes", .integer(peak)),
            ("cores", .integer(ProcessInfo.processInfo.activeProcessorCount)),
        ]
        let folder = try CommonOptions.outputFolder(arguments)
        try folder.write(JSON.object(results).text + "\n", to: "bench.json")
        if json {
            console.line(JSON.object(results).text)
            return
        }
        if !kernel.isEmpty {
            let native = RegisterTile.native, other = otherTile
            var table = TextTable(["shape (m×k×n)", "role", "GFLOP/s", "1 thread", "\(other) tile"])
            for row in kernel {
                table.add([row.shape.name, row.shape.role, fixed(row.gflops, 1), fixed(row.oneThread, 1), fixed(row.otherTile, 1)])
            }
            console.line("matrix kernel: \(native) register tile, \(MatrixKernel.cores) cores")
            console.line(table.text)
            console.line()
        }
        var table = TextTable(["measurement", "value"])
        if let recipe, let without = recipeWithoutEvaluation {
            table.add(["recipe, \(iterations) iterations, with evaluation", duration(recipe.seconds)])
            table.add(["  evaluations (\(recipe.epochs.count) × 70000 images, second thread)", duration(recipe.evaluationSeconds)])
            table.add(["recipe without evaluation", duration(without.seconds)])
            table.add(["final train / test accuracy", "\(fixed(recipe.epochs.last?.trainAccuracy ?? 0, 4)) / \(fixed(recipe.epochs.last?.testAccuracy ?? 0, 4))"])
            if let layers = recipeLayers {
                table.add(["recipe through the layers (readable path), with evaluation", "\(duration(layers.seconds)) (\(fixed(layers.seconds / recipe.seconds, 2))× the fast path)"])
            }
        }
        table.add(["full numerical gradient (784-50-10, batch 100)", fullSeconds.isNaN ? "skipped" : duration(fullSeconds)])
        table.add(["incremental numerical gradient", duration(incrementalSeconds)])
        table.add(["backprop gradient", duration(backpropSeconds)])
        if !fullSeconds.isNaN {
            table.add(["full / incremental", "\(fixed(fullSeconds / incrementalSeconds, 0))×"])
            table.add(["full / backprop", "\(fixed(fullSeconds / backpropSeconds, 0))×"])
        }
        table.add(["peak resident memory (loading and the recipe)", "\(fixed(Double(peak) / 1e6, 1)) MB"])
        console.line(table.text)
    }

    /// The register tile this build does not use, measured for comparison.
    static var otherTile: RegisterTile { RegisterTile.all.first { $0 != .native } ?? .native }

    /// One shape's kernel speeds.
    struct KernelResult {
        var shape: Shape
        /// All cores, this build's register tile: the number compared with numpy.
        var gflops: Double
        var oneThread: Double
        var otherTile: Double
    }

    /// GFLOP/s of every shape: on all cores, on one, and with the other register tile.
    static func measureKernel(seed: UInt64, blocks: Int, progress: (String) -> Void) -> [KernelResult] {
        var generator = SplitMix64(seed: seed)
        return shapes.map { shape in
            let a = (0..<(shape.m * shape.k)).map { _ in generator.nextUniform() - 0.5 }
            let b = (0..<(shape.k * shape.n)).map { _ in generator.nextUniform() - 0.5 }
            var c = [Double](repeating: 0, count: shape.m * shape.n)
            let flops = 2 * Double(shape.m * shape.n * shape.k)
            func gflops(tile: RegisterTile, threads: Int) -> Double {
                a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
                    let seconds = bestSecondsPerCall(blocks: blocks) {
                        MatrixKernel.multiply(a.baseAddress!, transposeA: shape.transposeA, b.baseAddress!, transposeB: shape.transposeB,
                                              into: c.baseAddress!, m: shape.m, n: shape.n, k: shape.k, accumulate: false,
                                              tile: tile, maxThreads: threads)
                    }
                    return flops / seconds / 1e9
                } } }
            }
            let result = KernelResult(shape: shape, gflops: gflops(tile: .native, threads: MatrixKernel.cores),
                                      oneThread: gflops(tile: .native, threads: 1),
                                      otherTile: gflops(tile: otherTile, threads: MatrixKernel.cores))
            progress("matmul \(shape.name): \(fixed(result.gflops, 1)) GFLOP/s (one thread \(fixed(result.oneThread, 1)), "
                     + "\(otherTile) tile \(fixed(result.otherTile, 1)))")
            return result
        }
    }

    /// The best average time of one call of `body`, over `blocks` blocks of calls of about 20 ms
    /// each. Timing blocks rather than single calls is how the numpy script measures, so the two
    /// programs' numbers compare; a block averages away the clock's resolution for calls of a
    /// few microseconds, and the best block is the one least disturbed by the rest of the machine.
    static func bestSecondsPerCall(blocks: Int, _ body: () -> Void) -> Double {
        body()  // warm the caches and wake the threads
        let (_, once) = Stopwatch.time(body)
        let calls = max(1, Int(0.02 / max(once, 1e-7)))
        var best = Double.infinity
        for _ in 0..<blocks {
            let (_, seconds) = Stopwatch.time { for _ in 0..<calls { body() } }
            best = min(best, seconds / Double(calls))
        }
        return best
    }
}

import Foundation
import GradLab
import GradLabFastPaths

extension BenchCommand {
    /// Everything `bench` measured; the skipped parts are nil, empty or NaN.
    struct Result {
        /// Iterations of each recipe run.
        var iterations: Int
        /// The book's recipe on the fast path, with per-epoch evaluation.
        var recipe: TrainingHistory?
        /// The same without evaluation.
        var recipeWithoutEvaluation: TrainingHistory?
        /// The same through the layers, the readable path.
        var recipeLayers: TrainingHistory?
        /// Images in one evaluation: the training and the test set.
        var imagesPerEvaluation: Int
        /// The process's peak resident memory after loading and the fast recipes.
        var peakResidentBytes: Int
        /// GFLOP/s of each kernel shape.
        var kernel: [KernelResult]
        /// Inputs of the network timed (784 for MNIST).
        var inputs: Int
        /// Samples in the batch the gradients were timed on.
        var batchSize: Int
        /// One gradient by each method (the full one NaN when skipped); `nil` if Ctrl-C came first.
        var timings: GradientTimings?
        /// SimpleConvNet's training step, both ways; `nil` if skipped.
        var convolution: ConvolutionResult?
        /// Cores the kernel may use.
        var cores: Int
        /// Whether Ctrl-C stopped the benchmark: the measurements not finished are `nil` (a
        /// recipe cut short is dropped, as its time would measure nothing).
        var isInterrupted = false
    }

    /// Runs every measurement the settings do not skip.
    ///
    /// - Parameters:
    ///   - shouldStop: asked between measurements and at every recipe iteration; `true` stops
    ///     the benchmark, keeping only the measurements finished.
    ///   - progress: receives a line before and after each long measurement.
    static func measure(_ settings: Settings, shouldStop: @escaping @Sendable () -> Bool = { false },
                        progress: (String) -> Void) throws -> Result {
        let (iterations, seed) = (settings.iterations, settings.seed)
        let data = try DataSource.load(from: settings.dataPath)
        let net = TwoLayerNet(inputSize: data.train.pixelsPerImage, hiddenSize: 50, outputSize: 10, seed: seed)
        var interrupted = false
        /// Whether to go on: false once a stop was asked (remembered).
        func goOn() -> Bool {
            if !interrupted && shouldStop() { interrupted = true }
            return !interrupted
        }
        /// A recipe run, kept only if it ran to its end.
        func runRecipe(_ configuration: TrainingConfiguration, _ source: any GradientSource) throws -> TrainingHistory? {
            var configuration = configuration
            configuration.shouldStop = shouldStop
            let history = try train(net.network, on: data.train, testSet: data.test, configuration: configuration, using: source)
            if history.outcome == .interrupted { interrupted = true }
            return history.outcome == .completed ? history : nil
        }
        var recipe: TrainingHistory?, recipeWithoutEvaluation: TrainingHistory?
        if !settings.skipRecipe && goOn() {
            progress("the book's recipe, \(iterations) iterations, with per-epoch evaluation…")
            recipe = try runRecipe(TrainingConfiguration(iterations: iterations, seed: seed),
                                FastBackprop(net.network, trainingSet: data.train, testSet: data.test)!)
            if let recipe {
                progress("  \(duration(recipe.seconds)), final test accuracy \(fixed(recipe.epochs.last?.testAccuracy ?? 0, 4))")
            }
            if goOn() {
                progress("the book's recipe without evaluation…")
                recipeWithoutEvaluation = try runRecipe(TrainingConfiguration(iterations: iterations, seed: seed, evaluatesEachEpoch: false),
                                                     FastBackprop(net.network, trainingSet: data.train, testSet: data.test, evaluates: false)!)
                if let without = recipeWithoutEvaluation { progress("  \(duration(without.seconds))") }
            }
        }
        // Measured before the kernel benchmark allocates its 1024×1024 matrices: the peak of
        // loading MNIST and running the recipe.
        let peak = peakResidentBytes()
        // The same recipe by backprop through the layers, the readable path: after the peak is
        // read, since its tensors are allocated step by step.
        var recipeLayers: TrainingHistory?
        if !settings.skipRecipe && !settings.skipLayers && goOn() {
            progress("the book's recipe through the layers (the readable path)…")
            recipeLayers = try runRecipe(TrainingConfiguration(iterations: iterations, seed: seed), LayerBackprop())
            if let layers = recipeLayers {
                progress("  \(duration(layers.seconds)), final test accuracy \(fixed(layers.epochs.last?.testAccuracy ?? 0, 4))")
            }
        }
        let kernel = settings.skipKernel || !goOn() ? [] : measureKernel(seed: seed, blocks: settings.blocks, progress: progress)

        let batch = Array(0..<min(100, data.train.count))
        var timings: GradientTimings?
        if goOn() {
            let x = data.train.images(at: batch), t = Tensor(data.train.labels(at: batch).map(Double.init))
            if !settings.skipNumeric { progress("one gradient by each method: full numerical, incremental, backprop…") }
            timings = GradientTimings.measure(net, x, t, images: data.train, sparse: sparseIfWorthIt(data.train), indices: batch,
                                              fullSample: settings.skipNumeric ? nil : 0, incrementalRepeats: 5)
        }
        let convolution = settings.skipConvolution || !goOn() ? nil
            : try measureConvolution((data.train, data.test), seed: seed, progress: progress)
        return Result(iterations: iterations, recipe: recipe, recipeWithoutEvaluation: recipeWithoutEvaluation,
                      recipeLayers: recipeLayers, imagesPerEvaluation: data.train.count + data.test.count,
                      peakResidentBytes: peak, kernel: kernel, inputs: data.train.pixelsPerImage, batchSize: batch.count,
                      timings: timings, convolution: convolution, cores: ProcessInfo.processInfo.activeProcessorCount, isInterrupted: interrupted)
    }
}

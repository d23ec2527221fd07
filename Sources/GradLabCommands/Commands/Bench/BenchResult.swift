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
        /// One gradient by each method (the full one NaN when skipped).
        var timings: GradientTimings
        /// Cores the kernel may use.
        var cores: Int
    }

    /// Runs every measurement the settings do not skip.
    ///
    /// - Parameter progress: receives a line before and after each long measurement.
    static func measure(_ settings: Settings, progress: (String) -> Void) throws -> Result {
        let (iterations, seed) = (settings.iterations, settings.seed)
        let data = try DataSource.load(from: settings.dataPath)
        let net = TwoLayerNet(inputSize: data.train.pixelsPerImage, hiddenSize: 50, outputSize: 10, seed: seed)
        var recipe: TrainingHistory?, recipeWithoutEvaluation: TrainingHistory?
        if !settings.skipRecipe {
            progress("the book's recipe, \(iterations) iterations, with per-epoch evaluation…")
            let withEvaluation = try train(net.network, on: data.train, testSet: data.test,
                                           configuration: TrainingConfiguration(iterations: iterations, seed: seed),
                                           using: FastBackprop(net.network, trainingSet: data.train, testSet: data.test)!)
            progress("  \(duration(withEvaluation.seconds)), final test accuracy \(fixed(withEvaluation.epochs.last?.testAccuracy ?? 0, 4))")
            progress("the book's recipe without evaluation…")
            let without = try train(net.network, on: data.train, testSet: data.test,
                                    configuration: TrainingConfiguration(iterations: iterations, seed: seed, evaluatesEachEpoch: false),
                                    using: FastBackprop(net.network, trainingSet: data.train, testSet: data.test, evaluates: false)!)
            progress("  \(duration(without.seconds))")
            (recipe, recipeWithoutEvaluation) = (withEvaluation, without)
        }
        // Measured before the kernel benchmark allocates its 1024×1024 matrices: the peak of
        // loading MNIST and running the recipe.
        let peak = peakResidentBytes()
        // The same recipe by backprop through the layers, the readable path: after the peak is
        // read, since its tensors are allocated step by step.
        var recipeLayers: TrainingHistory?
        if !settings.skipRecipe && !settings.skipLayers {
            progress("the book's recipe through the layers (the readable path)…")
            let layers = try train(net.network, on: data.train, testSet: data.test,
                                   configuration: TrainingConfiguration(iterations: iterations, seed: seed))
            progress("  \(duration(layers.seconds)), final test accuracy \(fixed(layers.epochs.last?.testAccuracy ?? 0, 4))")
            recipeLayers = layers
        }
        let kernel = settings.skipKernel ? [] : measureKernel(seed: seed, blocks: settings.blocks, progress: progress)

        let batch = Array(0..<min(100, data.train.count))
        let x = data.train.images(at: batch), t = Tensor(data.train.labels(at: batch).map(Double.init))
        if !settings.skipNumeric { progress("one gradient by each method: full numerical, incremental, backprop…") }
        let timings = GradientTimings.measure(net, x, t, images: data.train, sparse: sparseIfWorthIt(data.train), indices: batch,
                                              fullSample: settings.skipNumeric ? nil : 0, incrementalRepeats: 5)
        return Result(iterations: iterations, recipe: recipe, recipeWithoutEvaluation: recipeWithoutEvaluation,
                      recipeLayers: recipeLayers, imagesPerEvaluation: data.train.count + data.test.count,
                      peakResidentBytes: peak, kernel: kernel, inputs: data.train.pixelsPerImage, batchSize: batch.count,
                      timings: timings, cores: ProcessInfo.processInfo.activeProcessorCount)
    }
}

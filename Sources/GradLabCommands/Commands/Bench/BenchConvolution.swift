import GradLab
import GradLabData
import GradLabFastPaths

extension BenchCommand {
    /// The book's SimpleConvNet (chapter 7) as a network description: what the convolution
    /// benchmark trains, and what `numpy_reference.py convnet` implements.
    static let simpleConvNet = "conv 30 5x5, relu, maxpool 2, flatten, affine 100, relu, affine 10"
    /// The learning rate of the timed SGD steps (numpy_reference.py's `CONV_LEARNING_RATE`).
    static let convolutionLearningRate = 0.01

    /// One training step of SimpleConvNet on a batch of 100, through the layers and through the
    /// fast path, where the fast step's time goes, and an evaluation's speed.
    struct ConvolutionResult {
        /// Seconds of one step (forward, backward, SGD update) through the layers (`LayerBackprop`).
        var readableStepSeconds: Double
        /// The same step through `FastConvolutionBackprop`.
        var fastStepSeconds: Double
        /// The fast step's pieces: each step of its plan, forward and backward seconds.
        var pieces: [(step: String, forward: Double, backward: Double)]
        /// Seconds to measure the accuracy of `evaluationImages` images through the layers.
        var readableEvaluationSeconds: Double
        /// The same on the fast path, both cores.
        var fastEvaluationSeconds: Double
        /// Images in each evaluation.
        var evaluationImages: Int
    }

    /// Times SimpleConvNet's step on the first 100 training images, as numpy_reference.py times
    /// its own: blocks of steps of at least 0.2 s, the best block's average; the weights move
    /// with every step (SGD, η = 0.01), as in training. Then the accuracy of the first 1000 test
    /// images, once each way.
    static func measureConvolution(_ data: (train: LabeledImages, test: LabeledImages), seed: UInt64,
                                   progress: (String) -> Void) throws -> ConvolutionResult? {
        let images = data.train
        guard let network = try? Sequential(specification: simpleConvNet, inputShape: [images.rows, images.columns, 1],
                                            outputSize: LabeledImages.classCount, seed: seed),
              var fast = FastConvolutionBackprop(network, inputSize: images.pixelsPerImage) else { return nil }
        let batch = Batch(images, indices: Array(0..<min(100, images.count)))
        /// Seconds per step through `source`, best block of at least 0.2 s.
        func stepSeconds(_ source: inout some GradientSource) -> Double {
            var net = network
            var optimizer = OptimizerKind.sgd.make(learningRate: convolutionLearningRate)
            return bestSecondsPerCall(blocks: 5, blockSeconds: 0.2) {
                let (_, gradient) = source.lossAndGradient(of: &net, on: batch)
                optimizer.update(&net.parameters, with: gradient)
            }
        }
        progress("SimpleConvNet (\(simpleConvNet)), one SGD step on batch \(batch.indices.count) through the layers…")
        var layers = LayerBackprop()
        let readable = stepSeconds(&layers)
        progress("  \(duration(readable)); the same on the fast path…")
        let fastStep = stepSeconds(&fast)
        progress("  \(duration(fastStep)) (\(fixed(readable / fastStep, 1))× faster)")
        var profiled = network
        let pieces = fast.profile(&profiled, on: batch)
        let evaluation = data.test.subset(0..<min(1000, data.test.count))
        let (_, readableEvaluation) = Stopwatch.time { accuracy(of: network, on: evaluation) }
        let (_, fastEvaluation) = Stopwatch.time { fast.accuracy(of: network, on: evaluation) }
        progress("  accuracy of \(evaluation.count) test images: \(duration(readableEvaluation)) through the layers, "
                 + "\(duration(fastEvaluation)) on the fast path")
        return ConvolutionResult(readableStepSeconds: readable, fastStepSeconds: fastStep, pieces: pieces,
                                 readableEvaluationSeconds: readableEvaluation, fastEvaluationSeconds: fastEvaluation,
                                 evaluationImages: evaluation.count)
    }
}

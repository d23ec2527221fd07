import GradLab
import GradLabData
import GradLabFastPaths

extension GradCheckCommand {
    /// The result of one check, for the text and JSON outputs and the main job.
    struct Result {
        /// Each parameter's comparison and the overall verdict.
        var report: GradientCheckReport
        /// Seconds of the numerical gradient.
        var numericSeconds: Double
        /// Best seconds of one backprop gradient.
        var backpropSeconds: Double
        /// Loss evaluations of the numerical gradient: two per parameter.
        var lossEvaluations: Int
        /// What was checked: the network, the samples, h.
        var description: String
    }

    /// The samples to check on, and where they came from.
    struct Samples {
        /// The inputs, one row per sample.
        var x: Tensor
        /// The labels.
        var t: Tensor
        /// "the first 3 training images of MNIST", "3 random inputs".
        var source: String
    }

    /// Random inputs, or the first training images of the data set.
    ///
    /// - Throws: `CommandError` if the data cannot be loaded or has fewer images than asked.
    static func samples(_ settings: Settings) throws -> Samples {
        let batch = settings.batch
        if let inputs = settings.randomInputs {
            var generator = SplitMix64(seed: settings.seed &+ 1)
            let x = Tensor(shape: [batch, inputs], scalars: (0..<(batch * inputs)).map { _ in generator.nextUniform() })
            let t = Tensor((0..<batch).map { _ in Double(generator.nextIndex(below: 10)) })
            return Samples(x: x, t: t, source: "\(batch) random inputs")
        }
        let data = try DataSource.load(from: settings.dataPath)
        guard batch <= data.train.count else {
            throw CommandError("--batch \(batch): the training set has only \(data.train.count) images")
        }
        let indices = Array(0..<batch)
        return Samples(x: data.train.images(at: indices), t: Tensor(data.train.labels(at: indices).map(Double.init)),
                       source: "the first \(batch) training images of \(DataSource.name(of: settings.dataPath))")
    }

    /// Runs the check and times both gradients. The numerical gradient is the book's full
    /// method: on all cores for Affine, sigmoid/relu/tanh, Affine; through the layers otherwise.
    static func check(_ net: Sequential, specification: String, _ x: Tensor, _ t: Tensor, h: Double, bookDelta: Bool,
                      source: String) -> Result {
        let (numeric, numericSeconds) = Stopwatch.time {
            if bookDelta {
                var withDelta = net
                withDelta.lossLayer = SoftmaxWithLoss(delta: 1e-7)
                return withDelta.numericalGradient(x, t, h: h)
            }
            return TwoLayerView(net) != nil
                ? numericalGradient(of: net, x, t, h: h, method: .full)
                : net.numericalGradient(x, t, h: h)
        }
        // Backprop is fast: repeat it so the timer has something to measure, keep the best.
        var analytic = net.gradient(x, t).gradient
        var backpropSeconds = Double.infinity
        let watch = Stopwatch()
        while watch.seconds < 0.2 {
            let (gradient, seconds) = Stopwatch.time { net.gradient(x, t).gradient }
            analytic = gradient
            backpropSeconds = min(backpropSeconds, seconds)
        }
        let loss = bookDelta ? crossEntropyError(net.predict(x), t) : net.loss(x, t)
        let report = GradientCheckReport(analytic: analytic.named, numeric: numeric.named, loss: loss, h: h)
        let description = "network \"\(specification)\" (\(groupedThousands(net.parameterCount)) parameters), \(source), h = \(h)"
            + (bookDelta ? ", numerical loss with the book's δ = 1e-7" : "")
        return Result(report: report, numericSeconds: numericSeconds, backpropSeconds: backpropSeconds,
                      lossEvaluations: 2 * net.parameters.scalarCount, description: description)
    }
}

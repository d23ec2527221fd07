import Foundation
import GradLab
import GradLabFastPaths

extension SpeedCommand {
    /// One hidden size's measurements.
    struct Row {
        /// Hidden units.
        var hidden: Int
        /// Parameters of the 784-H-10 network.
        var parameters: Int
        /// One gradient by each method.
        var timings: GradientTimings
        /// Seconds of the full numerical gradient (scaled from a sample if need be).
        var fullSeconds: Double { timings.fullSeconds }
        /// Parameters the full method actually differentiated.
        var fullMeasuredElements: Int { timings.fullMeasuredParameters }
        /// Seconds of the incremental numerical gradient.
        var incrementalSeconds: Double { timings.incrementalSeconds }
        /// Its (partial) loss evaluations.
        var incrementalEvaluations: Int { timings.incrementalEvaluations }
        /// Seconds of one backprop gradient.
        var backpropSeconds: Double { timings.backpropSeconds }
    }

    /// Every hidden size's timings and how each method's time grows.
    struct Result {
        /// Samples in the batch.
        var batch: Int
        /// Parameters timed for the full method (0 = all).
        var sample: Int
        /// One row per hidden size, in the order asked.
        var rows: [Row]
        /// Log-log slopes of time against parameters: 2 is quadratic growth, 1 linear.
        var slopes: (full: Double, incremental: Double, backprop: Double)
        /// The hidden sizes asked for; fewer `rows` if Ctrl-C stopped the timing.
        var requestedSizes: [Int] = []
        /// BatchNorm's two backward passes, timed.
        var batchNorm: BatchNormTiming?

        /// Whether Ctrl-C stopped the timing before every size was done.
        var isInterrupted: Bool { rows.count < requestedSizes.count }
    }

    /// Times one gradient by each method for every hidden size, on the first images of the data.
    ///
    /// - Parameters:
    ///   - shouldStop: asked before each size; `true` keeps the sizes timed so far and stops.
    ///   - progress: called with each hidden size before it is timed.
    /// - Throws: `CommandError` if the data cannot be loaded or has fewer images than the batch.
    static func measure(_ settings: Settings, shouldStop: () -> Bool = { false }, progress: (Int) -> Void) throws -> Result {
        let batch = settings.batch
        let data = try DataSource.load(from: settings.dataPath)
        guard batch <= data.train.count else { throw CommandError("--batch \(batch): only \(data.train.count) training images") }
        let indices = Array(0..<batch)
        let x = data.train.images(at: indices)
        let t = Tensor(data.train.labels(at: indices).map(Double.init))
        let sparse = sparseIfWorthIt(data.train)
        var rows: [Row] = []
        for hidden in settings.sizes {
            if shouldStop() { break }
            progress(hidden)
            let net = TwoLayerNet(inputSize: x.shape[1], hiddenSize: hidden, outputSize: 10, seed: settings.seed)
            rows.append(Row(hidden: hidden, parameters: net.parameters.scalarCount,
                            timings: GradientTimings.measure(net, x, t, images: data.train, sparse: sparse, indices: indices,
                                                             fullSample: settings.sample, seed: settings.seed)))
        }
        let fit = { (values: [Double]) in slope(x: rows.map { Double($0.parameters) }, y: values) }
        return Result(batch: batch, sample: settings.sample, rows: rows,
                      slopes: (full: fit(rows.map(\.fullSeconds)), incremental: fit(rows.map(\.incrementalSeconds)),
                               backprop: fit(rows.map(\.backpropSeconds))),
                      requestedSizes: settings.sizes, batchNorm: shouldStop() ? nil : measureBatchNorm(seed: settings.seed))
    }

    /// The least-squares slope of log y against log x.
    static func slope(x: [Double], y: [Double]) -> Double {
        let lx = x.map { log10($0) }, ly = y.map { log10($0) }
        let n = Double(lx.count)
        guard n >= 2 else { return .nan }
        let mx = lx.reduce(0, +) / n, my = ly.reduce(0, +) / n
        let covariance = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let variance = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return covariance / variance
    }
}

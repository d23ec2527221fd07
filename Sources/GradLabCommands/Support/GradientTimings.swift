import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import GradLabSwiftAutodiff

/// One gradient by each method on the same batch, timed: what the main job, `gradlab speed` and
/// `gradlab bench` all report.
struct GradientTimings {
    /// Seconds of the book's full method (scaled from a sample when `fullMeasuredParameters`
    /// is smaller than the parameter count; NaN when skipped).
    var fullSeconds: Double
    /// How many parameters the full method actually differentiated.
    var fullMeasuredParameters: Int
    /// Best seconds of the incremental method.
    var incrementalSeconds: Double
    /// Its (partial) loss evaluations.
    var incrementalEvaluations: Int
    /// Best seconds of the training loop's backprop (the fast path).
    var backpropSeconds: Double
    /// Best seconds of backprop through the layers (the readable path, `Sequential.gradient`).
    var layersSeconds: Double
    /// Best seconds of the gradient tape (`Sequential.tapeGradient`).
    var tapeSeconds: Double
    /// Best seconds of Swift's autodiff (`valueWithGradient`); nil where the toolchain lacks it.
    var autodiffSeconds: Double?
    /// The largest difference between the full and incremental gradients (nil unless the full
    /// gradient was computed whole).
    var maxDifference: Double?

    /// Loss evaluations of the full method: two per parameter.
    let fullEvaluations: Int

    /// Times the three methods.
    ///
    /// - Parameters:
    ///   - net, x, t: the network and the batch (as tensors, for the numerical methods).
    ///   - images, sparse, indices: the same batch as the training loop sees it, for backprop.
    ///   - fullSample: 0 (or at least the parameter count) times the whole full gradient; a
    ///     smaller count times that many random parameters and scales up (every loss evaluation
    ///     costs the same); nil skips the full method.
    ///   - incrementalRepeats: runs of the incremental method, the best kept.
    static func measure(
        _ net: TwoLayerNet, _ x: Tensor, _ t: Tensor,
        images: LabeledImages, sparse: SparseRows<UInt8>?, indices: [Int],
        fullSample: Int? = 0, seed: UInt64 = 0, incrementalRepeats: Int = 1
    ) -> GradientTimings {
        let view = TwoLayerView(net)
        let parameters = net.parameters.scalarCount
        var fullSeconds = Double.nan, measured = 0
        var full: Parameters?
        if let sample = fullSample {
            if sample == 0 || sample >= parameters {
                let (gradient, seconds) = Stopwatch.time { view.parallelNumericalGradient(x, t) }
                (full, fullSeconds, measured) = (gradient, seconds, parameters)
            } else {
                let (_, seconds) = Stopwatch.time { view.parallelNumericalGradient(x, t, sampling: .random(count: sample, seed: seed)) }
                (fullSeconds, measured) = (seconds * Double(parameters) / Double(sample), sample)
            }
        }
        var incremental = view.incrementalNumericalGradient(x, t)
        var incrementalSeconds = Double.infinity
        for _ in 0..<max(incrementalRepeats, 1) {
            let (result, seconds) = Stopwatch.time { view.incrementalNumericalGradient(x, t) }
            incremental = result
            incrementalSeconds = min(incrementalSeconds, seconds)
        }
        let difference = full.map { full in
            zip(full.named, incremental.gradient.named).map { ($0.value - $1.value).scalars.map(abs).max() ?? 0 }.max() ?? 0
        }
        return GradientTimings(fullSeconds: fullSeconds, fullMeasuredParameters: measured,
                               incrementalSeconds: incrementalSeconds, incrementalEvaluations: incremental.lossEvaluations,
                               backpropSeconds: timeBackprop(net, images: images, sparse: sparse, indices: indices),
                               layersSeconds: bestTime { net.network.gradient(x, t).loss },
                               tapeSeconds: bestTime { net.network.tapeGradient(x, t).loss },
                               autodiffSeconds: autodiffTime(net, x, t),
                               maxDifference: difference, fullEvaluations: 2 * parameters)
    }

    /// The best time of `body` (which returns a loss, kept so the work is not optimised away),
    /// over at least 0.2 s.
    static func bestTime(_ body: () -> Double) -> Double {
        var best = Double.infinity, sink = 0.0
        let watch = Stopwatch()
        while watch.seconds < 0.2 {
            let (loss, seconds) = Stopwatch.time(body)
            sink += loss
            best = min(best, seconds)
        }
        precondition(sink.isFinite || sink.isNaN, "unreachable")
        return best
    }

    /// The best time of Swift's autodiff gradient, where the toolchain has it.
    static func autodiffTime(_ net: TwoLayerNet, _ x: Tensor, _ t: Tensor) -> Double? {
        #if canImport(_Differentiation)
        bestTime { SwiftAutodiff.gradient(of: net, x, t).loss }
        #else
        nil
        #endif
    }

    /// The best time of the training loop's backprop (buffers reused, the images' zeros
    /// skipped, and all cores shared as in training between evaluations), over at least 0.2 s.
    static func timeBackprop(_ net: TwoLayerNet, images: LabeledImages, sparse: SparseRows<UInt8>?, indices: [Int]) -> Double {
        let view = TwoLayerView(net)
        let workspace = BackpropWorkspace(for: view)
        workspace.loadBatch(from: images, sparse: sparse, indices: indices)
        var best = Double.infinity
        let watch = Stopwatch()
        var sink = 0.0
        while watch.seconds < 0.2 {
            let (loss, seconds) = Stopwatch.time { workspace.lossAndGradient(for: view, threads: MatrixKernel.cores).loss }
            sink += loss
            best = min(best, seconds)
        }
        precondition(sink.isFinite || sink.isNaN, "unreachable")  // keeps the loop from being optimised away
        return best
    }
}

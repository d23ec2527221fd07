import GradLab

extension SpeedCommand {
    /// BatchNorm's two backward passes timed on the same forward pass: step by step through the
    /// computational graph, and the simplified closed form.
    struct BatchNormTiming {
        /// Samples in the batch.
        var batch: Int
        /// Features normalized.
        var features: Int
        /// Best seconds of one step-by-step backward pass.
        var stepByStepSeconds: Double
        /// Best seconds of one simplified backward pass.
        var simplifiedSeconds: Double
        /// ‖dx₁ − dx₂‖ / (‖dx₁‖ + ‖dx₂‖): the two agree to rounding.
        var relativeDifference: Double
    }

    /// Times both backward passes of a BatchNorm on `batch` × `features` seeded inputs.
    static func measureBatchNorm(batch: Int = 100, features: Int = 100, seed: UInt64) -> BatchNormTiming {
        var generator = SplitMix64(seed: seed)
        let x = Tensor.randomNormal(shape: [batch, features], using: &generator)
        let dout = Tensor.randomNormal(shape: [batch, features], using: &generator)
        var layer = BatchNorm(features: features)
        layer.gamma = Tensor.randomNormal(shape: [features], using: &generator)
        _ = layer.forward(x)
        var dxGraph = dout, dxSimplified = dout
        let graphSeconds = GradientTimings.bestTime {
            var copy = layer
            dxGraph = copy.backwardStepByStep(dout)
            return dxGraph[flat: 0]
        }
        let simplifiedSeconds = GradientTimings.bestTime {
            var copy = layer
            dxSimplified = copy.backwardSimplified(dout)
            return dxSimplified[flat: 0]
        }
        return BatchNormTiming(batch: batch, features: features, stepByStepSeconds: graphSeconds,
                               simplifiedSeconds: simplifiedSeconds,
                               relativeDifference: (dxGraph - dxSimplified).norm / (dxGraph.norm + dxSimplified.norm))
    }

    /// Two lines for the terminal and the report.
    static func batchNormText(_ timing: BatchNormTiming) -> String {
        "BatchNorm backward on \(timing.batch) × \(timing.features): step by step through the graph "
            + "\(duration(timing.stepByStepSeconds)), simplified closed form \(duration(timing.simplifiedSeconds)) "
            + "(step by step takes \(fixed(timing.stepByStepSeconds / timing.simplifiedSeconds, 2))× as long); "
            + "they differ by \(scientific(timing.relativeDifference)) (norm-relative)"
    }

    /// The `--json` object of the timing.
    static func batchNormJSON(_ timing: BatchNormTiming) -> JSON {
        .object([("batch", .integer(timing.batch)), ("features", .integer(timing.features)),
                 ("stepByStepSeconds", .number(timing.stepByStepSeconds)),
                 ("simplifiedSeconds", .number(timing.simplifiedSeconds)),
                 ("relativeDifference", .number(timing.relativeDifference))])
    }
}

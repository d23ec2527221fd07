import GradLab
import GradLabFastPaths

extension MainJobCommand {
    /// The network size chosen for the numerical training run, and why.
    struct Plan {
        /// Pixels per image.
        var inputs: Int
        /// The hidden size asked for (`--hidden`).
        var requestedHidden: Int
        /// The hidden size chosen: the one asked for if its numerical run fits the budget.
        var hidden: Int
        /// Iterations of each run.
        var iterations: Int
        /// The numerical method timed.
        var method: NumericalMethod
        /// Seconds allowed for the numerical run.
        var budget: Double
        /// Seconds of one numerical gradient at the chosen size.
        var secondsPerGradient: Double
        /// Seconds of one numerical gradient at the size asked for.
        var fullSizeSecondsPerGradient: Double
        /// Estimated seconds of the numerical run at the size asked for.
        var fullSizeEstimate: Double

        /// Whether the size asked for fits the budget.
        var fitsAtFullSize: Bool { fullSizeEstimate <= budget }
    }

    /// Takes step 2's time of one numerical gradient at the size asked for; if `--iterations` of
    /// them would not fit in `--budget`, times smaller hidden layers until one does.
    static func planTraining(_ speed: Speed, data: LoadedData, settings: Settings) -> Plan {
        let (inputs, iterations, budget, method) = (data.inputs, settings.iterations, settings.budget, settings.method)
        func secondsPerGradient(_ size: Int) -> Double {
            let net = TwoLayerNet(inputSize: inputs, hiddenSize: size, outputSize: 10, seed: settings.seed)
            let (_, seconds) = Stopwatch.time { _ = numericalGradient(of: net.network, speed.x, speed.t, method: method) }
            return seconds
        }
        // Step 2 already timed one gradient of each method at the full size, on this batch.
        let fullSize = method == .full ? speed.timings.fullSeconds : speed.timings.incrementalSeconds
        var plan = Plan(inputs: inputs, requestedHidden: settings.hidden, hidden: settings.hidden, iterations: iterations,
                        method: method, budget: budget, secondsPerGradient: fullSize,
                        fullSizeSecondsPerGradient: fullSize, fullSizeEstimate: fullSize * Double(iterations))
        guard !plan.fitsAtFullSize else { return plan }
        while plan.hidden > 1 {
            // The full method's cost grows with the square of the network, the incremental one's
            // linearly: shrink the hidden layer by the matching root of how far over budget it is.
            let over = budget / (plan.secondsPerGradient * Double(iterations))
            plan.hidden = max(1, Int(Double(plan.hidden) * min(0.7, method == .full ? over.squareRoot() : over)))
            plan.secondsPerGradient = secondsPerGradient(plan.hidden)
            if plan.secondsPerGradient * Double(iterations) <= budget { break }
        }
        return plan
    }
}

import GradLabData
import Foundation

/// Trains any network by mini-batch gradient descent: the book's `train_neuralnet.py`.
///
/// ```
/// for i in 0..<iterations:
///     batch ← sampler.next()
///     loss, ∇ ← gradientSource(network, batch)       backprop, numerical, or a fast path
///     optimizer.update(parameters, ∇)                θ ← θ − η·∇ for SGD
///     if i % iterationsPerEpoch == 0 or i is the last: measure train and test accuracy
/// ```
///
/// With the same network, data, configuration and seed, two runs are identical to the bit, and
/// runs with different gradient sources see the same batches in the same order.
///
/// - Parameters:
///   - network: the starting network (not changed; the trained one is in the history).
///   - trainingSet: the images to learn from.
///   - testSet: held-out images, only measured.
///   - configuration: iterations, batch size, optimizer, sampling, seed.
///   - source: where each step's gradient comes from (default: backprop through the layers).
///   - onEvent: called after every iteration and evaluation (for progress display).
/// - Returns: the curves and the trained network; `outcome` is `.interrupted` if
///   `configuration.shouldStop` ended the run early.
/// - Throws: `TrainingError.diverged` as soon as the loss is NaN or infinite, or a weight is
///   (weights are checked once per epoch and at the end), naming the first such value and
///   keeping the curves until then.
public func train(
    _ network: Sequential, on trainingSet: LabeledImages, testSet: LabeledImages,
    configuration: TrainingConfiguration, using source: any GradientSource = LayerBackprop(),
    onEvent: (TrainingEvent) -> Void = { _ in }
) throws(TrainingError) -> TrainingHistory {
    precondition(configuration.iterations >= 0, "train: iterations must be ≥ 0, got \(configuration.iterations)")
    var network = network
    var source = source
    var sampler = BatchSampler(method: configuration.sampling, sampleCount: trainingSet.count,
                               batchSize: configuration.batchSize, seed: configuration.seed)
    var optimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
    var losses: [Double] = []
    // Enough for the book's recipe at once; a longer run grows the array as it goes rather than
    // claiming gigabytes up front for an iteration count typed by mistake.
    losses.reserveCapacity(min(configuration.iterations, 1 << 16))
    var epochs: [EpochRecord] = []
    func deliver(_ records: [EpochRecord]) {
        for record in records {
            epochs.append(record)
            onEvent(.evaluation(record))
        }
    }
    let perEpoch = sampler.iterationsPerEpoch
    let clock = ContinuousClock()
    let start = clock.now
    /// The history so far, once the background evaluations are in.
    func history(_ outcome: TrainingOutcome) -> TrainingHistory {
        deliver(source.waitForEvaluations())
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return TrainingHistory(losses: losses, epochs: epochs, seconds: seconds, evaluationSeconds: source.evaluationSeconds,
                               network: network, gradientSource: source.name, outcome: outcome)
    }
    /// The divergence noticed at `iteration`, with the first value that is not finite: a weight
    /// (broken before this step) or else an element of this step's gradient.
    func divergence(at iteration: Int, loss: Double, gradient: Parameters?) -> TrainingError {
        let parameters = network.parameters
        let first = parameters.firstNonFinite(as: .parameter) ?? gradient?.firstNonFinite(as: .gradient)
        return .diverged(Divergence(iteration: iteration, loss: loss, learningRate: configuration.effectiveLearningRate,
                                    firstNonFinite: first, largestParameter: parameters.largestMagnitude(),
                                    history: history(.diverged)))
    }

    var next = sampler.nextBatch()
    for iteration in 0..<configuration.iterations {
        // Asked before each step, so a request to stop takes effect within one iteration.
        if configuration.shouldStop() { return history(.interrupted) }
        let batch = Batch(trainingSet, indices: next)
        next = sampler.nextBatch()
        source.prepare(next: Batch(trainingSet, indices: next))
        let (loss, gradient) = source.lossAndGradient(of: &network, on: batch)
        guard loss.isFinite else { throw divergence(at: iteration, loss: loss, gradient: gradient) }
        optimizer.update(&network.parameters, with: gradient)
        losses.append(loss)
        onEvent(.iteration(iteration, loss: loss))
        if iteration % perEpoch == 0 || iteration == configuration.iterations - 1 {
            // Once per epoch, every weight: a NaN can hide behind a ReLU (which passes 0 for it)
            // and never reach the loss. Checking every step would cost the fast path a sixth of its
            // time or more (about 20 µs to scan 40,000 weights, measured, against 120 µs a step).
            if network.parameters.firstNonFinite() != nil {
                throw divergence(at: iteration, loss: loss, gradient: nil)
            }
            if configuration.evaluatesEachEpoch,
               let record = source.evaluate(network, afterIteration: iteration, trainingSet: trainingSet, testSet: testSet) {
                deliver([record])
            }
        }
        deliver(source.finishedEvaluations())
    }
    return history(.completed)
}

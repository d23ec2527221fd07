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
/// - Throws: `TrainingError.diverged` as soon as the loss is NaN or infinite.
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
    losses.reserveCapacity(configuration.iterations)
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

    var next = sampler.nextBatch()
    for iteration in 0..<configuration.iterations {
        let batch = Batch(trainingSet, indices: next)
        next = sampler.nextBatch()
        source.prepare(next: Batch(trainingSet, indices: next))
        let (loss, gradient) = source.lossAndGradient(of: network, on: batch)
        guard loss.isFinite else {
            throw .diverged(iteration: iteration, loss: loss, learningRate: configuration.effectiveLearningRate)
        }
        optimizer.update(&network.parameters, with: gradient)
        losses.append(loss)
        onEvent(.iteration(iteration, loss: loss))
        if configuration.evaluatesEachEpoch && (iteration % perEpoch == 0 || iteration == configuration.iterations - 1) {
            if let record = source.evaluate(network, afterIteration: iteration, trainingSet: trainingSet, testSet: testSet) {
                deliver([record])
            }
        }
        deliver(source.finishedEvaluations())
    }
    deliver(source.waitForEvaluations())
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return TrainingHistory(losses: losses, epochs: epochs, seconds: seconds,
                           evaluationSeconds: source.evaluationSeconds, network: network, gradientSource: source.name)
}

import GradLabData
import Foundation

/// Trains any network by mini-batch gradient descent: the book's `train_neuralnet.py`.
///
/// ```
/// for i in 0..<iterations:
///     batch ← sampler.next()                         (shifted at random with augmentation)
///     loss, ∇ ← gradientSource(network, batch)       backprop, numerical, or a fast path
///     ∇ ← clip(∇)                                    if asked; ‖∇‖ is recorded either way
///     optimizer.update(parameters, ∇)                θ ← θ − η·∇ for SGD
///     if i % iterationsPerEpoch == 0 or i is the last: measure train and test accuracy
///                                                    (not when the target is the input itself)
///     at the end of every K-th epoch: the validation loss and accuracy (early stopping looks here)
/// ```
///
/// With the same network, data, configuration and seed, two runs are identical to the bit, and
/// runs with different gradient sources see the same batches in the same order.
///
/// - Parameters:
///   - network: the starting network (not changed; the trained one is in the history).
///   - trainingSet: the images to learn from.
///   - testSet: held-out images, only measured.
///   - validationSet: images held out from training to watch for overfitting and to stop early
///     (Keras's `validation_split` takes the last part of the training images; `validationSplit`
///     does the same); nil for none.
///   - configuration: iterations, batch size, optimizer, sampling, seed, and the target (labels,
///     or for an autoencoder the images themselves: see ``TrainingTarget``).
///   - source: where each step's gradient comes from (default: backprop through the layers).
///   - onEvent: called after every iteration and evaluation (for progress display).
/// - Returns: the curves and the trained network; `outcome` is `.interrupted` if
///   `configuration.shouldStop` ended the run early, `.stoppedEarly` if early stopping did (the
///   network then has the best validation's weights).
/// - Throws: `TrainingError.diverged` as soon as the loss is NaN or infinite, or a weight is
///   (weights are checked once per epoch and at the end), naming the first such value and
///   keeping the curves until then.
public func train(
    _ network: Sequential, on trainingSet: LabeledImages, testSet: LabeledImages,
    validationSet: LabeledImages? = nil, configuration: TrainingConfiguration, using source: any GradientSource = LayerBackprop(),
    onEvent: (TrainingEvent) -> Void = { _ in }
) throws(TrainingError) -> TrainingHistory {
    precondition(configuration.iterations >= 0, "train: iterations must be ≥ 0, got \(configuration.iterations)")
    precondition(configuration.validationFrequency >= 1 && (configuration.earlyStoppingPatience ?? 1) >= 1,
                 "train: validation frequency and patience must be ≥ 1, got \(configuration.validationFrequency) and \(configuration.earlyStoppingPatience ?? 1)")
    var network = network
    var source = source
    var sampler = BatchSampler(method: configuration.sampling, sampleCount: trainingSet.count,
                               batchSize: configuration.batchSize, seed: configuration.seed)
    var optimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
    var losses: [Double] = [], gradientNorms: [Double] = []
    // Enough for the book's recipe at once; a longer run grows the arrays as it goes rather than
    // claiming gigabytes up front for an iteration count typed by mistake.
    losses.reserveCapacity(min(configuration.iterations, 1 << 16))
    gradientNorms.reserveCapacity(min(configuration.iterations, 1 << 16))
    var validation: [ValidationRecord] = []
    var best: (record: ValidationRecord, network: Sequential)?
    var validationsWithoutImprovement = 0
    // Augmentation draws from its own generator, so the batches' order is the same with it or without.
    var augmentationGenerator = SplitMix64(seed: configuration.seed ^ 0x6175_676D_656E_7421)
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
        var history = TrainingHistory(losses: losses, epochs: epochs, seconds: seconds, evaluationSeconds: source.evaluationSeconds,
                                      network: network, gradientSource: source.name, outcome: outcome)
        history.gradientNorms = gradientNorms
        history.validation = validation
        if configuration.earlyStoppingPatience != nil, let best {
            history.network = best.network
            history.bestValidation = best.record
            history.keptNetworkEvaluation = EpochRecord(iteration: best.record.iteration,
                                                        trainAccuracy: accuracy(of: best.network, on: trainingSet),
                                                        testAccuracy: accuracy(of: best.network, on: testSet))
        }
        return history
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

    // A denoising target's noise draws from seeds of its own, one per iteration (and one for the
    // validation set, the same at every measurement), so the batches' order is the same with
    // noise or without.
    let target = configuration.target
    let noiseSeed = configuration.validationNoiseSeed
    func batchNoiseSeed(_ iteration: Int) -> UInt64 { noiseSeed &+ UInt64(iteration + 1) &* 0x9E37_79B9_7F4A_7C15 }

    var next = sampler.nextBatch()
    for iteration in 0..<configuration.iterations {
        // Asked before each step, so a request to stop takes effect within one iteration.
        if configuration.shouldStop() { return history(.interrupted) }
        var batch = Batch(trainingSet, indices: next, target: target, noiseSeed: batchNoiseSeed(iteration))
        if let augmentation = configuration.augmentation {
            let images = augmentation.apply(to: trainingSet, at: next, using: &augmentationGenerator)
            batch = Batch(images, indices: Array(0..<images.count), target: target, noiseSeed: batchNoiseSeed(iteration))
        }
        next = sampler.nextBatch()
        source.prepare(next: Batch(trainingSet, indices: next, target: target, noiseSeed: batchNoiseSeed(iteration + 1)))
        var (loss, gradient) = source.lossAndGradient(of: &network, on: batch)
        guard loss.isFinite else { throw divergence(at: iteration, loss: loss, gradient: gradient) }
        gradientNorms.append(gradient.globalNorm)
        if let clipping = configuration.clipping { gradient = clipping.clip(gradient) }
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
            // Accuracy needs classes; a reconstruction is measured by its validation loss instead.
            if configuration.evaluatesEachEpoch, !target.isReconstruction,
               let record = source.evaluate(network, afterIteration: iteration, trainingSet: trainingSet, testSet: testSet) {
                deliver([record])
            }
        }
        deliver(source.finishedEvaluations())
        // Validation at the end of every K-th epoch, and after the last iteration if that is
        // not an epoch's end, so that a short run has one too.
        let epochsDone = (iteration + 1) / perEpoch
        let endsEpoch = (iteration + 1) % perEpoch == 0
        let isLast = iteration == configuration.iterations - 1
        if let validationSet,
           (endsEpoch && epochsDone % configuration.validationFrequency == 0) || (isLast && !endsEpoch) {
            let record = ValidationRecord(epoch: epochsDone + (endsEpoch ? 0 : 1), iteration: iteration,
                                          loss: meanLoss(of: network, on: validationSet, target: target, noiseSeed: noiseSeed),
                                          accuracy: target.isReconstruction ? .nan : accuracy(of: network, on: validationSet))
            validation.append(record)
            onEvent(.validation(record))
            if let patience = configuration.earlyStoppingPatience {
                if best == nil || record.loss < best!.record.loss {
                    best = (record, network)
                    validationsWithoutImprovement = 0
                } else {
                    validationsWithoutImprovement += 1
                    if validationsWithoutImprovement >= patience { return history(.stoppedEarly) }
                }
            }
        }
    }
    return history(.completed)
}

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
/// runs with different gradient sources see the same batches in the same order. A run can also
/// stop and continue: ``train(resuming:on:testSet:validationSet:configuration:using:onCheckpoint:onEvent:)``
/// takes the ``TrainingState`` a checkpoint kept and ends exactly as the run that never stopped.
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
    let start = TrainingState(start: network, trainingSetCount: trainingSet.count, configuration: configuration)
    return try train(resuming: start, on: trainingSet, testSet: testSet, validationSet: validationSet,
                     configuration: configuration, using: source, onEvent: onEvent)
}

/// Trains on from `state`: the loop of ``train(_:on:testSet:validationSet:configuration:using:onEvent:)``
/// from iteration `state.iterationsDone` to `configuration.iterations`, handing its whole state
/// to `onCheckpoint` on the way.
///
/// ```
/// state ← a checkpoint's state (or TrainingState(start:) for a fresh run)
/// for i in state.iterationsDone..<iterations:
///     if shouldStop(): onCheckpoint(state); return (interrupted)
///     one iteration, as train(_:…) does, on state
///     every checkpointInterval iterations: onCheckpoint(state)
/// ```
///
/// Every choice the loop makes comes from `state` and `configuration`, so a run stopped after k
/// iterations and resumed from its state ends with the same weights, curves and evaluations, to
/// the bit, as a run that never stopped (tested for every optimizer and sampler in
/// CheckpointTests). Only the timings differ.
///
/// - Parameters:
///   - state: where to start; must suit the configuration and the training set
///     (``TrainingState/problem(with:trainingSetCount:)`` is nil).
///   - onCheckpoint: given the state after every `configuration.checkpointInterval` iterations
///     (counted from the run's start), and when `shouldStop` ends the run, once the background
///     evaluations are in. It saves the state (``TrainingCheckpoint``); the trainer writes nothing.
///   - Other parameters: as for ``train(_:on:testSet:validationSet:configuration:using:onEvent:)``.
/// - Precondition: `state.problem(with: configuration, trainingSetCount: trainingSet.count) == nil`.
public func train(
    resuming state: TrainingState, on trainingSet: LabeledImages, testSet: LabeledImages,
    validationSet: LabeledImages? = nil, configuration: TrainingConfiguration, using source: any GradientSource = LayerBackprop(),
    onCheckpoint: (TrainingState) -> Void = { _ in }, onEvent: (TrainingEvent) -> Void = { _ in }
) throws(TrainingError) -> TrainingHistory {
    precondition(configuration.iterations >= 0, "train: iterations must be ≥ 0, got \(configuration.iterations)")
    precondition(configuration.validationFrequency >= 1 && (configuration.earlyStoppingPatience ?? 1) >= 1,
                 "train: validation frequency and patience must be ≥ 1, got \(configuration.validationFrequency) and \(configuration.earlyStoppingPatience ?? 1)")
    precondition((configuration.checkpointInterval ?? 1) >= 1, "train: the checkpoint interval must be ≥ 1, got \(configuration.checkpointInterval ?? 1)")
    if let problem = state.problem(with: configuration, trainingSetCount: trainingSet.count) {
        preconditionFailure("train(resuming:): \(problem)")
    }
    var state = state
    var source = source
    // The helpers take the state as a parameter rather than capturing it: a captured variable
    // is checked for exclusive access as a whole, and the optimizer's step modifies two of its
    // parts at once (`state.optimizer.update(&state.network.parameters, …)`).
    func deliver(_ records: [EpochRecord], to state: inout TrainingState) {
        for record in records {
            state.epochs.append(record)
            onEvent(.evaluation(record))
        }
    }
    let perEpoch = state.sampler.iterationsPerEpoch
    let clock = ContinuousClock()
    let start = clock.now
    /// The state with every background evaluation in and this session's time added.
    func finished(_ state: inout TrainingState) -> TrainingState {
        deliver(source.waitForEvaluations(), to: &state)
        var snapshot = state
        let elapsed = clock.now - start
        snapshot.seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        snapshot.evaluationSeconds += source.evaluationSeconds
        return snapshot
    }
    /// The history so far, once the background evaluations are in.
    func history(_ outcome: TrainingOutcome, _ state: inout TrainingState) -> TrainingHistory {
        let state = finished(&state)
        var history = TrainingHistory(losses: state.losses, epochs: state.epochs, seconds: state.seconds,
                                      evaluationSeconds: state.evaluationSeconds,
                                      network: state.network, gradientSource: source.name, outcome: outcome)
        history.gradientNorms = state.gradientNorms
        history.validation = state.validation
        if configuration.earlyStoppingPatience != nil, let best = state.best {
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
    func divergence(at iteration: Int, loss: Double, gradient: Parameters?, _ state: inout TrainingState) -> TrainingError {
        let parameters = state.network.parameters
        let first = parameters.firstNonFinite(as: .parameter) ?? gradient?.firstNonFinite(as: .gradient)
        return .diverged(Divergence(iteration: iteration, loss: loss, learningRate: configuration.effectiveLearningRate,
                                    firstNonFinite: first, largestParameter: parameters.largestMagnitude(),
                                    history: history(.diverged, &state)))
    }

    // A denoising target's noise draws from seeds of its own, one per iteration (and one for the
    // validation set, the same at every measurement), so the batches' order is the same with
    // noise or without.
    let target = configuration.target
    let noiseSeed = configuration.validationNoiseSeed
    func batchNoiseSeed(_ iteration: Int) -> UInt64 { noiseSeed &+ UInt64(iteration + 1) &* 0x9E37_79B9_7F4A_7C15 }

    for iteration in state.iterationsDone..<configuration.iterations {
        // Asked before each step, so a request to stop takes effect within one iteration.
        if configuration.shouldStop() {
            onCheckpoint(finished(&state))
            return history(.interrupted, &state)
        }
        var batch = Batch(trainingSet, indices: state.nextBatch, target: target, noiseSeed: batchNoiseSeed(iteration))
        if let augmentation = configuration.augmentation {
            let images = augmentation.apply(to: trainingSet, at: state.nextBatch, using: &state.augmentationGenerator)
            batch = Batch(images, indices: Array(0..<images.count), target: target, noiseSeed: batchNoiseSeed(iteration))
        }
        state.nextBatch = state.sampler.nextBatch()
        source.prepare(next: Batch(trainingSet, indices: state.nextBatch, target: target, noiseSeed: batchNoiseSeed(iteration + 1)))
        var (loss, gradient) = source.lossAndGradient(of: &state.network, on: batch)
        guard loss.isFinite else { throw divergence(at: iteration, loss: loss, gradient: gradient, &state) }
        state.gradientNorms.append(gradient.globalNorm)
        if let clipping = configuration.clipping { gradient = clipping.clip(gradient) }
        state.optimizer.update(&state.network.parameters, with: gradient)
        state.losses.append(loss)
        state.iterationsDone = iteration + 1
        onEvent(.iteration(iteration, loss: loss))
        if iteration % perEpoch == 0 || iteration == configuration.iterations - 1 {
            // Once per epoch, every weight: a NaN can hide behind a ReLU (which passes 0 for it)
            // and never reach the loss. Checking every step would cost the fast path a sixth of its
            // time or more (about 20 µs to scan 40,000 weights, measured, against 120 µs a step).
            if state.network.parameters.firstNonFinite() != nil {
                throw divergence(at: iteration, loss: loss, gradient: nil, &state)
            }
            // Accuracy needs classes; a reconstruction is measured by its validation loss instead.
            if configuration.evaluatesEachEpoch, !target.isReconstruction,
               let record = source.evaluate(state.network, afterIteration: iteration, trainingSet: trainingSet, testSet: testSet) {
                deliver([record], to: &state)
            }
        }
        deliver(source.finishedEvaluations(), to: &state)
        // Validation at the end of every K-th epoch, and after the last iteration if that is
        // not an epoch's end, so that a short run has one too.
        let epochsDone = (iteration + 1) / perEpoch
        let endsEpoch = (iteration + 1) % perEpoch == 0
        let isLast = iteration == configuration.iterations - 1
        if let validationSet,
           (endsEpoch && epochsDone % configuration.validationFrequency == 0) || (isLast && !endsEpoch) {
            let record = ValidationRecord(epoch: epochsDone + (endsEpoch ? 0 : 1), iteration: iteration,
                                          loss: meanLoss(of: state.network, on: validationSet, target: target, noiseSeed: noiseSeed),
                                          accuracy: target.isReconstruction ? .nan : accuracy(of: state.network, on: validationSet))
            state.validation.append(record)
            onEvent(.validation(record))
            if let patience = configuration.earlyStoppingPatience {
                if let best = state.best, !(record.loss < best.record.loss) {
                    state.validationsWithoutImprovement += 1
                    if state.validationsWithoutImprovement >= patience { return history(.stoppedEarly, &state) }
                } else {
                    state.best = TrainingState.Best(record: record, network: state.network)
                    state.validationsWithoutImprovement = 0
                }
            }
        }
        // After the validation, so that a run resumed here does not validate again; an early
        // stop above writes none, and a run resumed from the one before stops at the same place.
        if let interval = configuration.checkpointInterval, (iteration + 1) % interval == 0 {
            onCheckpoint(finished(&state))
        }
    }
    return history(.completed, &state)
}

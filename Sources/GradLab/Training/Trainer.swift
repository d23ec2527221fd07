import Dispatch

/// Trains a `TwoLayerNet` by mini-batch gradient descent: the book's `train_neuralnet.py`.
///
/// ```
/// for i in 0..<iterations:
///     batch ← sampler.next()
///     loss, ∇ ← gradient of the batch loss (backprop or numerical)
///     optimizer.update(parameters, ∇)
///     if i % iterationsPerEpoch == 0 or i is the last: measure train and test accuracy
/// ```
///
/// With the same network, data, configuration and seed, two runs are identical to the bit, and
/// runs with backprop and numerical gradients see the same batches in the same order.
///
/// - Parameters:
///   - network: the starting network (not changed; the trained one is in the history).
///   - trainingSet: the images to learn from.
///   - testSet: held-out images, only measured.
///   - configuration: iterations, batch size, optimizer, sampling, gradient source, seed.
///   - onEvent: called after every iteration and evaluation (for progress display).
/// - Throws: `TrainingError.diverged` as soon as the loss is NaN or infinite.
public func train(
    _ network: TwoLayerNet, on trainingSet: LabeledImages, testSet: LabeledImages,
    configuration: TrainingConfiguration, onEvent: (TrainingEvent) -> Void = { _ in }
) throws(TrainingError) -> TrainingHistory {
    precondition(configuration.iterations >= 0, "train: iterations must be ≥ 0, got \(configuration.iterations)")
    var net = network
    var sampler = BatchSampler(method: configuration.sampling, sampleCount: trainingSet.count,
                               batchSize: configuration.batchSize, seed: configuration.seed)
    var optimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
    var workspace = BackpropWorkspace(for: net)
    // Mostly-zero images (MNIST: 81 % zeros) are multiplied through their non-zero pixels only.
    let sparseTraining = sparseIfWorthIt(trainingSet)
    let sparseTest = configuration.evaluatesEachEpoch ? sparseIfWorthIt(testSet) : nil
    var indices: [Int] = []
    indices.reserveCapacity(configuration.batchSize)
    var losses: [Double] = []
    losses.reserveCapacity(configuration.iterations)
    var epochs: [EpochRecord] = []
    let perEpoch = sampler.iterationsPerEpoch
    let start = DispatchTime.now().uptimeNanoseconds
    var evaluationNanoseconds: UInt64 = 0

    for iteration in 0..<configuration.iterations {
        sampler.nextBatch(into: &indices)
        workspace.loadBatch(from: trainingSet, sparse: sparseTraining, indices: indices)
        let loss: Double
        switch configuration.gradient {
        case .backprop:
            loss = workspace.lossAndGradient(for: net)
            optimizer.update(&net.parameters, with: workspace.gradient)
        case .numerical(let method):
            let x = trainingSet.images(at: indices)
            let t = Tensor(trainingSet.labels(at: indices).map(Double.init))
            let gradient = numericalGradient(of: net, x, t, method: method)
            loss = net.loss(x, t)
            optimizer.update(&net.parameters, with: gradient)
        }
        guard loss.isFinite else {
            throw .diverged(iteration: iteration, loss: loss, learningRate: configuration.effectiveLearningRate)
        }
        losses.append(loss)
        onEvent(.iteration(iteration, loss: loss))
        if configuration.evaluatesEachEpoch && (iteration % perEpoch == 0 || iteration == configuration.iterations - 1) {
            let evaluationStart = DispatchTime.now().uptimeNanoseconds
            let record = EpochRecord(iteration: iteration,
                                     trainAccuracy: accuracy(of: net, on: trainingSet, sparse: sparseTraining),
                                     testAccuracy: accuracy(of: net, on: testSet, sparse: sparseTest))
            evaluationNanoseconds += DispatchTime.now().uptimeNanoseconds - evaluationStart
            epochs.append(record)
            onEvent(.evaluation(record))
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return TrainingHistory(losses: losses, epochs: epochs, seconds: seconds,
                           evaluationSeconds: Double(evaluationNanoseconds) / 1e9, network: net)
}

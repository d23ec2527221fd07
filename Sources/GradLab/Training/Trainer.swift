import Dispatch
import Foundation

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
/// Accuracy is measured on a copy of the weights on a second thread while training continues;
/// its records arrive through `onEvent` a little later, in order, and all are in the history.
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
    // Evaluations run on a second thread, on a snapshot of the weights, while training goes on:
    // the numbers are those of the snapshot, in order, and the training core never waits for
    // 70,000 images to be classified (it waits only for the last evaluation, at the end).
    let evaluations = EvaluationQueue()
    func deliverFinishedEvaluations() {
        for record in evaluations.takeFinished() {
            epochs.append(record)
            onEvent(.evaluation(record))
        }
    }

    var upcoming: [Int] = []
    sampler.nextBatch(into: &upcoming)
    for iteration in 0..<configuration.iterations {
        swap(&indices, &upcoming)
        sampler.nextBatch(into: &upcoming)
        sparseTraining?.touch(rows: upcoming)
        workspace.loadBatch(from: trainingSet, sparse: sparseTraining, indices: indices)
        let loss: Double
        switch configuration.gradient {
        case .backprop:
            // Both cores share the step, unless the second one is busy with an evaluation: a
            // helper thread that an evaluation pre-empted mid-chunk would stall the step.
            loss = workspace.lossAndGradient(for: net, threads: evaluations.isIdle ? MatrixKernel.cores : 1)
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
            let snapshot = net
            evaluations.submit { () -> EpochRecord in
                EpochRecord(iteration: iteration,
                            trainAccuracy: accuracy(of: snapshot, on: trainingSet, sparse: sparseTraining, workers: 1),
                            testAccuracy: accuracy(of: snapshot, on: testSet, sparse: sparseTest, workers: 1))
            }
        }
        deliverFinishedEvaluations()
    }
    evaluations.waitForAll()
    deliverFinishedEvaluations()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return TrainingHistory(losses: losses, epochs: epochs, seconds: seconds,
                           evaluationSeconds: evaluations.seconds, network: net)
}

/// Runs evaluations one after another on a background thread and hands back their records in
/// the order they were submitted.
private final class EvaluationQueue: @unchecked Sendable {
    private let queue = DispatchQueue(label: "GradLab.evaluation")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var finished: [EpochRecord] = []
    private var nanoseconds: UInt64 = 0
    private var running = 0

    /// Starts `evaluate` after the evaluations already submitted.
    func submit(_ evaluate: @escaping @Sendable () -> EpochRecord) {
        lock.withLock { running += 1 }
        queue.async(group: group) {
            let start = DispatchTime.now().uptimeNanoseconds
            let record = evaluate()
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            self.lock.withLock {
                self.finished.append(record)
                self.nanoseconds += elapsed
                self.running -= 1
            }
        }
    }

    /// The records finished since the last call, in submission order.
    func takeFinished() -> [EpochRecord] {
        lock.withLock {
            defer { finished.removeAll(keepingCapacity: true) }
            return finished
        }
    }

    /// Whether no evaluation is waiting or running.
    var isIdle: Bool { lock.withLock { running == 0 } }

    /// Blocks until every submitted evaluation has finished.
    func waitForAll() { group.wait() }

    /// Seconds spent evaluating (on the background thread, overlapping training).
    var seconds: Double { lock.withLock { Double(nanoseconds) / 1e9 } }
}

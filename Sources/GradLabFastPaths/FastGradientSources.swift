import Dispatch
import Foundation
import GradLab
import GradLabData
import GradLabKernels

/// The two ways to a numerical gradient of the book's network; both give the same numbers.
public enum NumericalMethod: String, Sendable, CaseIterable {
    /// The book's method: two complete forward passes per parameter, over all cores.
    case full
    /// Recompute only the part of the network a parameter touches, from cached activations.
    case incremental
}

/// The numerical gradient of a two-layer network's loss on a batch, by the chosen method.
///
/// - `.full`: `TwoLayerView.parallelNumericalGradient`, equal to `Sequential.numericalGradient`
///   (tested in FastPathEquivalenceTests).
/// - `.incremental`: `TwoLayerView.incrementalNumericalGradient`.
///
/// - Precondition: `network` is Affine, sigmoid/relu/tanh, Affine (`TwoLayerView`).
public func numericalGradient(
    of network: Sequential, _ x: Tensor, _ t: Tensor, h: Double = 1e-4, method: NumericalMethod
) -> Parameters {
    let view = TwoLayerView.required(network, "numericalGradient(method:)")
    switch method {
    case .full: return view.parallelNumericalGradient(x, t, h: h)
    case .incremental: return view.incrementalNumericalGradient(x, t, h: h).gradient
    }
}

/// A gradient source that measures accuracy on a second thread (`BackgroundEvaluator`).
protocol EvaluatesInBackground: GradientSource {
    /// The evaluator that runs the measurements.
    var evaluator: BackgroundEvaluator { get }
}

extension EvaluatesInBackground {
    /// Starts the evaluation on the second thread; its record comes later.
    public mutating func evaluate(_ network: Sequential, afterIteration iteration: Int,
                                  trainingSet: LabeledImages, testSet: LabeledImages) -> EpochRecord? {
        evaluator.submit(TwoLayerView.required(network, name), afterIteration: iteration, testSet: testSet)
        return nil
    }

    /// Evaluations finished since the last call.
    public mutating func finishedEvaluations() -> [EpochRecord] { evaluator.takeFinished() }

    /// Waits for the evaluations still running.
    public mutating func waitForEvaluations() -> [EpochRecord] { evaluator.waitForAll() }

    /// Seconds spent evaluating on the second thread.
    public var evaluationSeconds: Double { evaluator.seconds }
}

/// Backprop for the book's network through one fused, allocation-free step (`BackpropWorkspace`):
/// MNIST's zero pixels skipped, both cores shared, and accuracy measured on a second thread
/// while training goes on. Tested equal to `LayerBackprop` (FastPathEquivalenceTests).
public struct FastBackprop: EvaluatesInBackground {
    private let workspace: BackpropWorkspace
    let evaluator: BackgroundEvaluator

    /// The fast source for `network` trained on `trainingSet`, or nil if the network is not
    /// Affine, sigmoid/relu/tanh, Affine.
    ///
    /// - Parameter evaluates: whether the trainer will measure accuracy (builds the test set's
    ///   sparse rows only then).
    public init?(_ network: Sequential, trainingSet: LabeledImages, testSet: LabeledImages, evaluates: Bool = true) {
        guard let view = TwoLayerView(network) else { return nil }
        workspace = BackpropWorkspace(for: view)
        evaluator = BackgroundEvaluator(trainingSet: trainingSet, testSet: evaluates ? testSet : nil)
    }

    /// "fast backprop (fused two-layer step)".
    public var name: String { "fast backprop (fused two-layer step)" }

    /// The fused step on the batch; both cores unless an evaluation is running.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        let view = TwoLayerView.required(network, "FastBackprop")
        workspace.loadBatch(from: batch.images, sparse: evaluator.sparse(for: batch.images), indices: batch.indices)
        // A helper thread that an evaluation pre-empted mid-chunk would stall the step.
        return workspace.lossAndGradient(for: view, threads: evaluator.isIdle ? MatrixKernel.cores : 1)
    }

    /// Fetches the next batch's images into the cache.
    public mutating func prepare(next batch: Batch) {
        evaluator.sparse(for: batch.images)?.touch(rows: batch.indices)
    }

}

/// Numerical gradients of the book's network by the fast methods: the full central differences
/// over all cores, or the incremental method. Accuracy is measured as `FastBackprop` does.
public struct FastNumericalGradients: EvaluatesInBackground {
    /// Which numerical method.
    public let method: NumericalMethod
    /// The finite-difference step.
    public let h: Double
    let evaluator: BackgroundEvaluator

    /// The source for `network`, or nil if it is not Affine, sigmoid/relu/tanh, Affine.
    public init?(_ network: Sequential, method: NumericalMethod, h: Double = 1e-4,
                 trainingSet: LabeledImages, testSet: LabeledImages, evaluates: Bool = true) {
        guard TwoLayerView(network) != nil else { return nil }
        self.method = method
        self.h = h
        evaluator = BackgroundEvaluator(trainingSet: trainingSet, testSet: evaluates ? testSet : nil)
    }

    /// "numerical (full, …)" or "numerical (incremental)".
    public var name: String {
        switch method {
        case .full: "numerical (the book's full method, all cores)"
        case .incremental: "numerical (incremental)"
        }
    }

    /// The loss and the numerical gradient on the batch.
    public mutating func lossAndGradient(of network: inout Sequential, on batch: Batch) -> (loss: Double, gradient: Parameters) {
        let (x, t) = (batch.x, batch.t)
        return (network.loss(x, t, mode: .training), numericalGradient(of: network, x, t, h: h, method: method))
    }

}

/// Runs accuracy evaluations one after another on a background thread, on snapshots of the
/// weights, and hands back their records in the order they were submitted. It also keeps the
/// sparse rows of the training and test sets (MNIST is 81 % zeros).
final class BackgroundEvaluator: @unchecked Sendable {
    let trainingSet: LabeledImages
    let sparseTraining: SparseRows<UInt8>?
    let sparseTest: SparseRows<UInt8>?
    private let queue = DispatchQueue(label: "GradLab.evaluation")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var finished: [EpochRecord] = []
    private var nanoseconds: UInt64 = 0
    private var running = 0

    init(trainingSet: LabeledImages, testSet: LabeledImages?) {
        self.trainingSet = trainingSet
        sparseTraining = sparseIfWorthIt(trainingSet)
        sparseTest = testSet.flatMap(sparseIfWorthIt)
    }

    /// The sparse rows of `images` if they are the training set's (same count), else nil.
    func sparse(for images: LabeledImages) -> SparseRows<UInt8>? {
        images.count == trainingSet.count ? sparseTraining : nil
    }

    /// Starts measuring `net` on the training and test sets after the evaluations already submitted.
    ///
    /// The background thread gets weights of its own, copied here on the caller's thread. Sharing
    /// the trainer's arrays copy-on-write was correct (the trainer writes in place only after this
    /// thread has let go of them, which Swift's reference counts order), but ThreadSanitizer cannot
    /// see the runtime's reference counts and reported the in-place update as a race with the
    /// evaluation. A copy per evaluation (0.3 MB for 784-50-10, once per epoch) hands the weights
    /// over through the queue, which the sanitizer does see, and keeps `.ci/run`'s TSan run meaningful.
    func submit(_ net: TwoLayerView, afterIteration iteration: Int, testSet: LabeledImages) {
        var copy = net
        copy.parameters = net.parameters.privateCopy()
        let net = copy
        let (trainingSet, sparseTraining, sparseTest) = (trainingSet, sparseTraining, sparseTest)
        lock.withLock { running += 1 }
        queue.async(group: group) {
            let start = DispatchTime.now().uptimeNanoseconds
            let record = EpochRecord(
                iteration: iteration,
                trainAccuracy: accuracy(of: net, on: trainingSet, sparse: sparseTraining, workers: 1),
                testAccuracy: accuracy(of: net, on: testSet, sparse: sparseTest?.rowCount == testSet.count ? sparseTest : nil,
                                       workers: 1))
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

    /// Blocks until every submitted evaluation has finished; returns those not yet taken.
    func waitForAll() -> [EpochRecord] {
        group.wait()
        return takeFinished()
    }

    /// Whether no evaluation is waiting or running.
    var isIdle: Bool { lock.withLock { running == 0 } }

    /// Seconds spent evaluating.
    var seconds: Double { lock.withLock { Double(nanoseconds) / 1e9 } }
}

extension TwoLayerView.Weights {
    /// The four tensors in storage of their own, shared with no other array (see
    /// `BackgroundEvaluator.submit`).
    func privateCopy() -> TwoLayerView.Weights {
        func copy(_ tensor: Tensor) -> Tensor {
            Tensor(shape: tensor.shape, scalars: tensor.scalars.withUnsafeBufferPointer { Array($0) })
        }
        return TwoLayerView.Weights(W1: copy(W1), b1: copy(b1), W2: copy(W2), b2: copy(b2))
    }
}

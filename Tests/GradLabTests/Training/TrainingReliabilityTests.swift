// The trainer cut short: stopped on request (how Ctrl-C reaches it, without any signal), and
// diverging, with the first value that stopped being a finite number named and the curves kept.

import Foundation
import GradLab
import GradLabData
import Testing

/// A `shouldStop` that says yes from its `after + 1`-th call on, and counts the calls.
final class StopAfter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private let after: Int

    init(_ after: Int) { self.after = after }

    /// How many times it was asked.
    var callCount: Int { lock.withLock { calls } }

    /// The closure for `TrainingConfiguration.shouldStop`.
    var closure: @Sendable () -> Bool {
        { [self] in lock.withLock { calls += 1; return calls > after } }
    }
}

@Suite("Training cut short: interrupted or diverged")
struct TrainingReliabilityTests {
    static let images = TrainingTests.images

    // MARK: Stopping on request

    @Test func stopsBeforeTheIterationItIsAskedAtAndSaysSo() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, initialization: .xavier, seed: 3)
        let full = TrainingConfiguration(iterations: 30, batchSize: 20, learningRate: 1, seed: 4)
        var stopping = full
        let stop = StopAfter(12)
        stopping.shouldStop = stop.closure
        let whole = try train(net.network, on: Self.images, testSet: Self.images, configuration: full)
        let cut = try train(net.network, on: Self.images, testSet: Self.images, configuration: stopping)
        #expect(whole.outcome == .completed)
        #expect(cut.outcome == .interrupted)
        // Asked before each iteration: 12 answers "no", the 13th "yes", before iteration 12.
        #expect(stop.callCount == 13)
        #expect(cut.losses == Array(whole.losses.prefix(12)))
        // 200 / 20 = 10 per epoch: evaluations at iterations 0 and 10 only, no "last" one.
        #expect(cut.epochs.map(\.iteration) == [0, 10])
        #expect(cut.epochs == Array(whole.epochs.prefix(2)))
    }

    @Test func stoppingBeforeTheFirstIterationKeepsTheNetworkAsItWas() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, seed: 3)
        let configuration = TrainingConfiguration(iterations: 30, batchSize: 20, seed: 4, shouldStop: { true })
        let history = try train(net.network, on: Self.images, testSet: Self.images, configuration: configuration)
        #expect(history.outcome == .interrupted)
        #expect(history.losses.isEmpty && history.epochs.isEmpty)
        #expect(history.network.parameters == net.network.parameters)
    }

    // MARK: Divergence

    /// The element order and the description of a weight or gradient element.
    @Test func findsTheFirstNonFiniteAndTheLargestElement() {
        var parameters = twoLayerParameters(W1: Tensor([[1, 2], [3, 4]]), b1: Tensor([0, 0]), W2: Tensor([[5], [-9]]), b2: Tensor([1]))
        #expect(parameters.firstNonFinite() == nil)
        #expect(parameters.largestMagnitude() == ParameterElement(kind: .parameter, name: "W2", index: [1, 0], value: -9))
        parameters["b1"] = Tensor([0, .infinity])
        parameters["W2"] = Tensor([[.nan], [1]])
        let first = parameters.firstNonFinite(as: .gradient)
        #expect(first == ParameterElement(kind: .gradient, name: "b1", index: [1], value: .infinity))
        #expect(first?.description == "the gradient of b1[1] = inf")
        #expect(parameters.firstNonFinite()?.description == "parameter b1[1] = inf")
    }

    /// η = 10³⁰⁰: the first update throws the weights near the largest Double, the next forward
    /// pass overflows. The error names that iteration, the loss, the first gradient element that
    /// is not finite, and keeps the one loss recorded before.
    @Test func divergenceNamesTheIterationTheLossAndTheFirstNonFiniteValue() throws {
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, activation: .relu, seed: 9)
        let configuration = TrainingConfiguration(iterations: 100, batchSize: 10, learningRate: 1e300, seed: 1)
        let divergence = try #require(Self.divergence {
            try train(net.network, on: Self.images, testSet: Self.images, configuration: configuration)
        })
        #expect(divergence.iteration == 1)
        #expect(divergence.loss.isNaN)
        let first = try #require(divergence.firstNonFinite)
        #expect(first.kind == .gradient && first.value.isNaN)
        #expect(divergence.history.outcome == .diverged)
        #expect(divergence.history.losses.count == 1 && divergence.history.losses[0].isFinite)
        // NaN is "nan" whatever its sign bit (Swift would print "-nan").
        #expect(divergence.description
                == "training diverged at iteration 1: the loss became nan, and the gradient of W1[0, 1] = nan (learning rate 1e+300)")
    }

    /// A NaN weight feeding a ReLU never reaches the loss (ReLU passes 0 for it): the check of
    /// every weight at the first evaluation finds it.
    @Test func aNaNWeightBehindAReLUIsFoundAtTheEpochCheck() throws {
        var network = TwoLayerNet(inputSize: 9, hiddenSize: 4, outputSize: 10, activation: .relu, seed: 9).network
        var parameters = network.parameters
        parameters.modify(at: 0) { $0[0, 0] = .nan }
        network.parameters = parameters
        #expect(network.loss(Batch(Self.images, indices: Array(0..<10)).x, Batch(Self.images, indices: Array(0..<10)).t).isFinite)
        let configuration = TrainingConfiguration(iterations: 30, batchSize: 20, seed: 1)
        let divergence = try #require(Self.divergence {
            try train(network, on: Self.images, testSet: Self.images, configuration: configuration)
        })
        #expect(divergence.iteration == 0)
        #expect(divergence.loss.isFinite)
        #expect(divergence.firstNonFinite?.description == "parameter W1[0, 0] = nan")
        #expect(divergence.description
                == "training diverged at iteration 0: parameter W1[0, 0] = nan, while the loss is still finite (\(divergence.loss)) (learning rate 0.1)")
        #expect(divergence.history.losses.count == 1)
    }

    /// The divergence `body` throws, or `nil` with an issue recorded.
    static func divergence(_ body: () throws -> TrainingHistory, sourceLocation: SourceLocation = #_sourceLocation) -> Divergence? {
        do {
            _ = try body()
            Issue.record("training did not diverge", sourceLocation: sourceLocation)
        } catch TrainingError.diverged(let divergence) {
            return divergence
        } catch {
            Issue.record("expected TrainingError.diverged, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}

@Suite("Gradient checks that meet NaN or infinity")
struct NonFiniteGradientCheckTests {
    @Test func aNonFiniteElementIsReportedAsSuchNeverAsGood() {
        // Everything else agrees exactly: without the NaN the verdict would be good.
        let comparison = GradientComparison(name: "W", analytic: Tensor([1, .nan, 3, .infinity]),
                                            numeric: Tensor([1, 2, 3, 4]), roundOffFloor: 1e-6)
        #expect(comparison.verdict == .nonFinite)
        #expect(comparison.verdict.rawValue == "non-finite")
        #expect(comparison.nonFiniteCount == 2)
        #expect(comparison.firstNonFiniteIndex == [1])
        #expect(comparison.firstNonFiniteAnalytic?.isNaN == true && comparison.firstNonFiniteNumeric == 2)
    }

    @Test func aKinkDoesNotExcuseANaN() {
        // Element 1 is declared a kink, which excuses its difference but not its NaN.
        let comparison = GradientComparison(name: "W", analytic: Tensor([1, .nan]), numeric: Tensor([1, 0.5]),
                                            roundOffFloor: 1e-6, kinks: [1])
        #expect(comparison.kinksCrossed == 1)
        #expect(comparison.verdict == .nonFinite)
    }

    @Test func bothInfiniteIsNotAgreement() {
        let comparison = GradientComparison(name: "W", analytic: Tensor([.infinity]), numeric: Tensor([.infinity]),
                                            roundOffFloor: 1e-6)
        #expect(comparison.verdict == .nonFinite)
        let report = GradientCheckReport(analytic: [NamedTensor("W", Tensor([.infinity]))], numeric: [NamedTensor("W", Tensor([.infinity]))],
                                         loss: 1, h: 1e-4)
        #expect(report.verdict == .nonFinite)
        #expect(GradientVerdict.wrong < .nonFinite)
    }
}

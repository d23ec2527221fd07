import Foundation
import GradLab
import Testing

@Suite("Deep networks: modes, any loss, weight decay, residual blocks in descriptions")
struct DeepNetworkTests {
    /// The network at a width a debug build checks in a second.
    static let description = "affine 6, batchnorm, relu, dropout 0.3, residual(affine 6, tanh), affine 3"
    static let x = randomTensor([5, 8], seed: 51)
    static let t = Tensor([0, 2, 1, 1, 0])

    static func network(_ loss: LossKind = .crossEntropy, weightDecay: WeightDecay = .none) throws -> Sequential {
        try Sequential(specification: description, inputSize: 8, outputSize: 3, initialization: .standardDeviation(0.5),
                       seed: 52, loss: loss, weightDecay: weightDecay)
    }

    @Test func namesCountEachNameSeparately() throws {
        let net = try Self.network()
        #expect(net.parameters.names == ["W1", "b1", "gamma1", "beta1", "W2", "b2", "W3", "b3"])
        #expect(net.state.names == ["running_mean1", "running_var1"])
        // 8·6 + 6, 6 + 6, 6·6 + 6, 6·3 + 3.
        #expect(net.parameterCount == 54 + 12 + 42 + 21)
    }

    @Test(arguments: LossKind.allCases)
    func backpropMatchesNumericAndTapeInTraining(loss: LossKind) throws {
        let net = try Self.network(loss)
        let (value, backprop) = net.gradient(Self.x, Self.t)
        let numeric = net.numericalGradient(Self.x, Self.t)
        let (tapeValue, tape) = net.tapeGradient(Self.x, Self.t)
        #expect(abs(value - net.loss(Self.x, Self.t, mode: .training)) < 1e-15)
        #expect(abs(value - tapeValue) < 1e-13)
        let floor = GradientComparison.roundOffFloor(loss: value, h: 1e-4)
        for name in backprop.names {
            let (a, n, b) = (backprop[name], numeric[name], tape[name])
            let comparison = GradientComparison(name: name, analytic: a, numeric: n, roundOffFloor: floor)
            #expect(comparison.normRelativeError < 1e-6, "\(loss) \(name)")
            if name == "b1" {
                // BatchNorm subtracts the batch mean, so a shift before it changes nothing:
                // ∂L/∂b1 = 0, and all three methods find it to within rounding.
                #expect(comparison.isBelowRoundOff)
                #expect(a.scalars.allSatisfy { abs($0) < 1e-15 } && b.scalars.allSatisfy { abs($0) < 1e-15 })
            } else {
                #expect(!comparison.isBelowRoundOff)
                #expect((a - b).norm / (a.norm + b.norm) < 1e-12, "\(loss) \(name)")
            }
        }
    }

    @Test func weightDecayAddsItsPenaltyAndGradient() throws {
        let plain = try Self.network()
        let decayed = try Self.network(weightDecay: WeightDecay(l2: 0.1, l1: 0.01))
        let weights = plain.parameters.tensors.filter { $0.rank == 2 }
        var penalty = 0.0
        for w in weights.flatMap(\.scalars) { penalty += 0.05 * w * w + 0.01 * abs(w) }
        #expect(abs(decayed.loss(Self.x, Self.t) - plain.loss(Self.x, Self.t) - penalty) < 1e-12)
        let (_, g0) = plain.gradient(Self.x, Self.t), (_, g1) = decayed.gradient(Self.x, Self.t)
        let w1 = plain.parameters["W1"]
        let signs = w1.map { $0 > 0 ? 0.01 : -0.01 }
        let expected = g0["W1"] + w1 * 0.1 + signs
        #expect((g1["W1"] - expected).norm < 1e-14)
        #expect(g1["b1"] == g0["b1"] && g1["gamma1"] == g0["gamma1"])
        // And the whole gradient against central differences (no weight lies within h of 0 here).
        let numeric = decayed.numericalGradient(Self.x, Self.t)
        let floor = GradientComparison.roundOffFloor(loss: decayed.loss(Self.x, Self.t), h: 1e-4)
        for name in g1.names {
            let comparison = GradientComparison(name: name, analytic: g1[name], numeric: numeric[name], roundOffFloor: floor)
            #expect(comparison.normRelativeError < 1e-6, "\(name)")
        }
    }

    @Test func gradientLeavesTheNetworkButATrainingStepMovesItsState() throws {
        var net = try Self.network()
        let before = net.state
        _ = net.gradient(Self.x, Self.t)
        #expect(net.state == before)
        let first = net.trainingGradient(Self.x, Self.t)
        #expect(net.state != before)
        // Dropout drew its next mask: the same batch now gives another loss.
        let second = net.trainingGradient(Self.x, Self.t)
        #expect(first.loss != second.loss)
    }

    @Test func inferenceUsesRunningAveragesAndNoDropout() throws {
        let net = try Self.network()
        // Inference is deterministic and the same for a sample alone or in a batch.
        let alone = net.scores(Tensor(shape: [1, 8], scalars: Array(Self.x.scalars[0..<8])))
        let inBatch = net.scores(Self.x)
        #expect(alone.scalars == Array(inBatch.scalars[0..<3]))
        #expect(net.loss(Self.x, Self.t) == net.loss(Self.x, Self.t))
    }

    @Test func summaryNestsTheBlock() throws {
        let summary = try Self.network().summary()
        #expect(summary.contains("residual1 (Residual)"))
        #expect(summary.contains("  affine2 (Affine)"))
        #expect(summary.contains("batchnorm1 (BatchNorm)"))
        #expect(summary.contains("Trainable params: 129"))
        #expect(summary.contains("Non-trainable params: 12"))
        #expect(summary.contains("Total params: 141"))
    }

    @Test func mistakesInBlocksAndRatesAreNamed() {
        func message(_ text: String) -> String? {
            do {
                _ = try Sequential(specification: text, inputSize: 8, outputSize: 3)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(message("affine 6, dropout 1.5, affine 3")?.contains("the rate must be at least 0 and below 1") == true)
        #expect(message("affine 6, dropout -0.1, affine 3")?.contains("the rate must be at least 0 and below 1") == true)
        #expect(message("affine 6, dropout, affine 3")?.contains("needs one rate P") == true)
        #expect(message("affine 6, residual(affine 6, relu, affine 3")?.contains("'(' is not closed") == true)
        #expect(message("affine 6, relu), affine 3")?.contains("a ')' closes nothing") == true)
        #expect(message("affine 6, residual(affine 4), affine 3")?.contains("turns 6 features into 4 features") == true)
        #expect(message("affine 6, residual(), affine 3")?.contains("'residual()' is empty") == true)
        #expect(message("affine 6, block(affine 6), affine 3")?.contains("only residual(…) takes parentheses") == true)
        #expect(message("affine 6, batchnorm 3, affine 3")?.contains("'batchnorm' takes nothing after its name") == true)
        #expect(message("affine 6, residual(affine 6, residual(relu)), affine 3") == nil)
    }
}

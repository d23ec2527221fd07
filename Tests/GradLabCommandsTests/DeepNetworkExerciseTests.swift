import Foundation
import GradLab
@testable import GradLabExercises
import Testing

/// The deep-network exercises (23 to 28): the facts their checks rest on, each against values
/// computed another way. (Every check's reference solution and known-wrong answers are run in
/// ExerciseTests; the teachers' guide test holds the checkers' messages.)
@Suite("Deep-network exercises")
struct DeepNetworkExerciseTests {
    /// Backprop through the library's layers reaches the bound (1/4)^10 where every pre-activation
    /// is 0, central differences agree, and random chains stay below it.
    @Test func tenSigmoidLayersPassBackAtMostAQuarterToTheTenth() {
        let bound = 1.0 / 1_048_576  // 4^10 = 2^20
        let best = Exercise.sigmoidChainSlope(at: 0, biases: [0] + Array(repeating: -0.5, count: 9))
        #expect(abs(best - bound) <= 1e-15 * bound, "\(best)")
        let numeric = numericalDerivative(of: { x in ([0] + Array(repeating: -0.5, count: 9)).reduce(x) { sigmoid($0 + $1) } }, at: 0)
        #expect(abs(numeric - bound) <= 1e-6 * bound, "\(numeric)")
        var generator = SplitMix64(seed: 1)
        for _ in 0..<200 {
            let biases = (0..<10).map { _ in 2 * generator.nextStandardNormal() }
            let slope = Exercise.sigmoidChainSlope(at: generator.nextStandardNormal(), biases: biases)
            #expect(slope > 0 && slope < bound)
        }
        // 4^9 = 262,144 < 10^6 < 4^10 = 1,048,576: ten layers are the first below a millionth.
        #expect(Exercise.referenceDepth(1e-6) == 10)
        #expect(Exercise.referenceDepth(1e-3) == 5)  // 4^4 = 256 < 1000 < 4^5 = 1024
    }

    /// The check's own BatchNorm forward is the library's training forward pass, and the
    /// library's dx has the two properties the checker's messages rely on.
    @Test func batchNormCheckMatchesTheLibraryAndItsInvariantsHold() {
        var generator = SplitMix64(seed: 2)
        let x = Tensor.randomNormal(shape: [6, 3], using: &generator) * Tensor([0.5, 2, 1]) + Tensor([2, -1, 0.5])
        let gamma = Tensor([1.5, -0.7, 0.9]), beta = Tensor([0.3, -0.2, 0.1])
        var layer = BatchNorm(features: 3, epsilon: Exercise.batchNormEpsilon)
        layer.parameters = [NamedTensor("gamma", gamma), NamedTensor("beta", beta)]
        let ours = Exercise.batchNormForward(x, gamma: gamma, beta: beta)
        #expect((layer.forward(x) - ours.y).norm <= 1e-13 * ours.y.norm)
        // Each column of x̂ has mean 0 and variance σ²/(σ² + ε) ≈ 1.
        #expect(Exercise.largest(ours.xHat.sum(alongAxis: 0)) <= 1e-13)
        #expect(Exercise.largest((ours.xHat * ours.xHat).mean(alongAxis: 0) - 1) <= 1e-4)
        let dout = Tensor.randomNormal(shape: [6, 3], using: &generator)
        let dx = layer.backward(dout)
        #expect(Exercise.largest(dx.sum(alongAxis: 0)) <= 1e-12)                          // shift: exact
        #expect(Exercise.largest((dx * ours.xHat).sum(alongAxis: 0)) <= 1e-4 * dx.norm)  // stretch: up to ε
        // The diagnosis finds nothing to say about a right dx.
        #expect(Exercise.batchNormDiagnosis(dx: dx, numerical: dx, xHat: ours.xHat, gamma: gamma).isEmpty)
    }

    /// The draws handed to the student are the ones the library's Dropout uses, in order, so the
    /// mask the student makes from them is the library's.
    @Test func dropoutDrawsAreTheLibrarysInOrder() {
        let p = Exercise.dropoutRate
        let uniforms = Exercise.uniformDraws(shape: [20, 30], seed: 9)
        let mask = Exercise.libraryDropoutMask(shape: [20, 30], rate: p, seed: 9)
        for (u, m) in zip(uniforms.scalars, mask.scalars) {
            #expect(m == (u >= p ? 1 / (1 - p) : 0), "u = \(u), mask \(m)")
        }
        let dropped = Double(mask.scalars.filter { $0 == 0 }.count) / 600
        #expect(abs(dropped - p) < 0.05, "\(dropped) of the units dropped")  // binomial sd ≈ 0.019
    }

    /// The check's penalty, written element by element, is the library's, and its gradient part
    /// is λW on W1 and W2 only.
    @Test func weightDecayClosedFormMatchesTheLibrary() {
        let parameters = Parameters([NamedTensor("W1", Tensor([[1, -2], [3, 0.5]])), NamedTensor("b1", Tensor([4, -1]))])
        // ½ · 0.3 · (1 + 4 + 9 + 0.25) = 2.1375; the bias is left out.
        #expect(abs(Exercise.closedFormPenalty(parameters, lambda: 0.3) - 2.1375) <= 1e-15)
        #expect(abs(WeightDecay(l2: 0.3).penalty(parameters) - 2.1375) <= 1e-15)
        let zero = parameters.map { Tensor.zeros(like: $0) }
        let decayed = Exercise.referenceDecayGradient(zero, parameters, 0.3)
        #expect(decayed["W1"] == 0.3 * parameters["W1"])
        #expect(decayed["b1"] == Tensor([0, 0]))
    }

    /// The residual check's layer runs forward and backward as the library's block does.
    @Test func studentResidualWithTheLibrarysBackwardIsTheLibrarysBlock() {
        var generator = SplitMix64(seed: 3)
        let x = Tensor.randomNormal(shape: [3, 4], using: &generator)
        let dout = Tensor.randomNormal(shape: [3, 4], using: &generator)
        var ours = Exercise.StudentResidual(Exercise.residualLayers(), backward: Exercise.referenceResidualBackward)
        var library = Residual(Exercise.residualLayers())
        #expect(ours.forward(x) == library.forward(x))
        #expect(ours.backward(dout) == library.backward(dout))
        #expect(ours.gradients.map(\.name) == ["W1", "b1", "W2", "b2"])
        #expect(ours.gradients.map(\.value) == library.gradients.map(\.value))
    }

    /// Clipping: the library's global norm of [3, 4] and [12] is 13 (a 3-4-12-13 right angle),
    /// and c = 6.5 halves every tensor.
    @Test func clippingByGlobalNormOnAKnownTriangle() {
        let (clipped, g) = Exercise.referenceGlobalNormClipping([Tensor([3, 4]), Tensor([12])], 6.5)
        #expect(abs(g - 13) <= 1e-14)
        #expect(clipped == [Tensor([1.5, 2]), Tensor([6])])
        let (unchanged, small) = Exercise.referenceGlobalNormClipping([Tensor([3, 4]), Tensor([12])], 20)
        #expect(small == 13 && unchanged == [Tensor([3, 4]), Tensor([12])])
    }
}

import Foundation
import GradLab
import Testing

@Suite("Gradients through time: the largest singular value and the study's norms")
struct ThroughTimeStudyTests {
    // MARK: Power iteration

    /// A 2×2 matrix [[a, b], [c, d]] has σ_max² = (s + √(s² − 4·det²)) / 2 with s = a² + b² + c² + d²:
    /// the larger eigenvalue of WᵀW, whose trace is s and determinant det².
    @Test func powerIterationMatchesTheTwoByTwoClosedForm() {
        for seed in UInt64(1)...5 {
            let w = randomTensor([2, 2], seed: seed)
            let (a, b, c, d) = (w[0, 0], w[0, 1], w[1, 0], w[1, 1])
            let s = a * a + b * b + c * c + d * d, det = a * d - b * c
            let exact = ((s + (s * s - 4 * det * det).squareRoot()) / 2).squareRoot()
            #expect(abs(largestSingularValue(of: w) - exact) <= 1e-10 * exact, "seed \(seed)")
        }
    }

    /// u vᵀ stretches v/‖v‖ to u·‖v‖: σ_max = ‖u‖·‖v‖, and a rectangular matrix works too.
    @Test func powerIterationOnARankOneAndADiagonalMatrix() {
        let u = Tensor([[1], [2], [2]]), v = Tensor([[3, 4]])
        #expect(abs(largestSingularValue(of: u.matmul(v)) - 15) < 1e-10)
        #expect(abs(largestSingularValue(of: Tensor([[0.5, 0], [0, -3]])) - 3) < 1e-10)
        #expect(largestSingularValue(of: Tensor.zeros([3, 3])) == 0)
    }

    // MARK: The study

    static let small = ThroughTimeStudy(steps: 20, hidden: 6, inputs: 3, batch: 2, seed: 5)

    private func curve(_ name: String) throws -> ThroughTimeStudy.Curve {
        try #require(Self.small.curves.first { $0.variant.name == name })
    }

    /// With zero inputs the states stay 0, tanh′(0) = 1, and backprop through time is the bare
    /// product (Whᵀ)^k: an orthogonal matrix times s scales every vector by s, so the norm k
    /// steps back is s^k exactly (‖∂L/∂h_T‖ = 1).
    @Test func theLinearRegimeReachesTheBoundExactly() {
        let cases = [0.5, 1.5].map { s in
            ThroughTimeStudy.Case(name: "linear \(s)", recurrence: .simple(activation: .tanh, singularValue: s), inputScale: 0)
        }
        let study = ThroughTimeStudy(cases: cases, steps: 12, hidden: 5, inputs: 2, batch: 3, seed: 6)
        for (curve, s) in zip(study.curves, [0.5, 1.5]) {
            for (k, norm) in curve.norms.enumerated() {
                let exact = Foundation.pow(s, Double(k))
                #expect(abs(norm - exact) <= 1e-12 * exact, "σ_max \(s), \(k) back: \(norm) vs \(exact)")
            }
        }
    }

    @Test func belowOneTheGradientVanishesUnderItsBound() throws {
        let half = try curve("tanh, σ_max 0.5")
        #expect(half.norms[0] == 1 || abs(half.norms[0] - 1) < 1e-12)
        #expect(half.ratio < 1e-2, "ratio \(half.ratio)")
        #expect(abs((half.measuredSingularValue ?? 0) - 0.5) < 1e-9)
        for study in Self.small.curves {
            guard let bound = study.bound else { continue }
            for (norm, limit) in zip(study.norms, bound) { #expect(norm <= limit * (1 + 1e-9), "\(study.variant.name)") }
        }
    }

    /// Above 1 the bound allows growth; small inputs (nearly linear) grow, and at σ_max 1 they
    /// keep the gradient within a hair of 1, where ordinary inputs (tanh saturating) lose it.
    @Test func smallInputsGrowWhereOrdinaryInputsNeedNot() throws {
        #expect(try curve("tanh, σ_max 3, small inputs").ratio > 1)
        let linear = try curve("tanh, σ_max 1, small inputs").ratio
        #expect(linear > 0.99 && linear <= 1)
        #expect(try curve("tanh, σ_max 1").ratio < linear / 10)
        #expect(try curve("tanh, σ_max 1, small inputs").meanAbsoluteState < 0.01)
    }

    /// The sigmoid's slope is at most ¼: at σ_max 1 the bound is 4^−k.
    @Test func theSigmoidsBoundIsAQuarterPerStep() throws {
        let sigmoid = try curve("sigmoid, σ_max 1")
        let bound = try #require(sigmoid.bound)
        #expect(abs(bound[10] - Foundation.pow(0.25, 10)) < 1e-18)
        #expect(sigmoid.ratio < 1e-6)
    }

    @Test func anLSTMsForgetGateKeepsTheGradient() throws {
        let open = try curve("LSTM, forget bias 3"), shut = try curve("LSTM, forget bias 0")
        #expect(open.ratio > 100 * shut.ratio, "\(open.ratio) against \(shut.ratio)")
        #expect(open.cellNorms?.first == 0)
    }
}

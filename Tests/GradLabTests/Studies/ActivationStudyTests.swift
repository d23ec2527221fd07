import Foundation
import GradLab
import Testing

@Suite struct ActivationStudyTests {
    /// Saturated shares are means of about 10⁴–10⁵ correlated 0/1 values: their sampling error
    /// is about 0.01; three times that is safe and still tells 0.65 from 0.79 from 0.5.
    static let shareTolerance = 0.03

    static let study = ActivationStudy(samples: 400, width: 100, depth: 5, seed: 7)

    static func studyCase(_ activation: HiddenActivation, _ initialization: WeightInitialization) -> ActivationStudy.Case {
        study.cases.first { $0.activation == activation && $0.initialization == initialization }!
    }

    @Test func histogramEdgeCases() {
        #expect(ActivationStudy.histogram([], bins: 3, range: 0...1) == [0, 0, 0])
        // The right edge belongs to the last bin; values outside the range are not counted.
        #expect(ActivationStudy.histogram([0, 0.2, 1.0 / 3, 0.5, 1, 1.5, -0.1], bins: 3, range: 0...1) == [2, 2, 1])
        #expect(ActivationStudy.histogram([-1, 0, 0.999], bins: 2, range: -1...1) == [1, 2])
    }

    @Test func saturationThresholds() {
        #expect(ActivationStudy.isSaturated(0.0099, for: .sigmoid))
        #expect(!ActivationStudy.isSaturated(0.011, for: .sigmoid))
        #expect(ActivationStudy.isSaturated(0.9901, for: .sigmoid))
        #expect(ActivationStudy.isSaturated(-0.995, for: .tanh))
        #expect(!ActivationStudy.isSaturated(0.98, for: .tanh))
        #expect(ActivationStudy.isSaturated(0, for: .relu))
        #expect(!ActivationStudy.isSaturated(1e-300, for: .relu))
    }

    @Test func everyCaseEveryLayer() {
        #expect(Self.study.cases.count == 12)
        for studyCase in Self.study.cases {
            #expect(studyCase.layers.count == 5)
            for layer in studyCase.layers {
                let counted = layer.histogram.reduce(0, +)
                // ReLU counts only its outputs above 0: the histogram and the dead share add up to all.
                let expected = studyCase.activation == .relu ? 40_000 - Int((layer.saturatedShare * 40_000).rounded()) : 40_000
                #expect(counted == expected, "\(studyCase.activation) \(studyCase.initialization)")
            }
        }
    }

    /// With σ = 1 the first layer's pre-activation is a sum of 100 products of two N(0, 1), so
    /// N(0, 100): the sigmoid saturates where |a| > ln 99, with probability 2Φ(−ln 99 / 10).
    @Test func sigmoidWithSigmaOnePilesUpAtZeroAndOne() {
        let first = Self.studyCase(.sigmoid, .standardDeviation(1)).layers[0]
        let expected = 2 * normalCDF(-log(99) / 10)
        #expect(abs(expected - 0.6457) < 1e-3)
        #expect(abs(first.saturatedShare - expected) < Self.shareTolerance)
        // The two outermost bins hold most of the outputs.
        let total = Double(first.histogram.reduce(0, +))
        #expect(Double(first.histogram[0] + first.histogram[29]) / total > 0.5)
    }

    /// tanh saturates where |a| > atanh(0.99) ≈ 2.647: probability 2Φ(−2.647 / 10).
    @Test func tanhWithSigmaOneSaturates() {
        let first = Self.studyCase(.tanh, .standardDeviation(1)).layers[0]
        #expect(abs(first.saturatedShare - 2 * normalCDF(-atanh(0.99) / 10)) < Self.shareTolerance)
    }

    /// With σ = 0.01 every sigmoid output is near ½, so a layer after the first sees inputs ≈ ½:
    /// unit j's pre-activation is about ½ Σᵢ Wᵢⱼ, nearly the same for every sample, and these 100
    /// column sums have σ ≈ ½ · 0.01 · √100 = 0.05, so the outputs σ′(0) · 0.05 = 0.0125. The
    /// standard deviation of 100 normal draws is off by about 1/√200 ≈ 7 % (one standard error):
    /// the tolerance is three of those.
    @Test func sigmoidWithSmallWeightsSaysOneThing() {
        let layers = Self.studyCase(.sigmoid, .book).layers
        for layer in layers.dropFirst() {
            #expect(abs(layer.standardDeviation - 0.0125) < 0.0125 * 0.21)
            #expect(abs(layer.mean - 0.5) < 0.01)
            #expect(layer.saturatedShare == 0)
        }
    }

    /// ReLU with zero bias: each output is 0 with probability ½, whatever σ, since scaling W
    /// keeps every sign (the cases share their standard-normal draws, so the shares are equal).
    @Test func reluDeadShareIsOneHalfForEveryScale() {
        let shares = ActivationStudy.bookInitializations.map { Self.studyCase(.relu, $0).layers.map(\.saturatedShare) }
        for other in shares.dropFirst() { #expect(other == shares[0]) }
        #expect(abs(shares[0][0] - 0.5) < Self.shareTolerance)
    }

    /// ReLU halves the mean square: E[z²] = ½ E[a²] = ½ n σ² E[x²]. He's σ² = 2/n keeps it; σ = 0.01
    /// multiplies the standard deviation by 0.01 · √(n/2) ≈ 0.0707 at every layer.
    @Test func heKeepsReLUOutputsTheirSize() {
        let he = Self.studyCase(.relu, .he).layers
        let ratio = he[4].standardDeviation / he[0].standardDeviation
        #expect(ratio > 0.7 && ratio < 1.4)
        let small = Self.studyCase(.relu, .book).layers
        let perLayer = pow(small[4].standardDeviation / small[0].standardDeviation, 0.25)
        #expect(abs(perLayer - 0.01 * (50.0).squareRoot()) < 0.01)
    }

    @Test func theSameSeedGivesTheSameStudy() {
        let a = ActivationStudy(samples: 50, width: 20, depth: 3, seed: 3)
        let b = ActivationStudy(samples: 50, width: 20, depth: 3, seed: 3)
        let c = ActivationStudy(samples: 50, width: 20, depth: 3, seed: 4)
        #expect(a.cases == b.cases)
        #expect(a.cases != c.cases)
    }
}

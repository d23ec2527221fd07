import GradLab
import Testing

@Suite("Kinks in the numerical gradient: found by the layers' pieces, stepped around, or noted")
struct KinkDetectionTests {
    /// L(θ) = max(0, θ − c): a ReLU whose kink sits at c, reporting its piece.
    static func hinge(at c: Double) -> (Parameters) -> (loss: Double, pieces: [[Int]]) {
        { parameters in
            let theta = parameters.tensors[0][flat: 0]
            return (Swift.max(0, theta - c), [[theta > c ? 1 : 0]])
        }
    }

    static let origin = Parameters([NamedTensor("w", Tensor([0.0]))])

    /// At θ = 0 with the kink at 5e-5, the step h = 1e-4 crosses it: the plain central difference
    /// gives (5e-5 − 0) / 2e-4 = 0.25, a mixture of the slopes 0 and 1. h/10 does not cross it,
    /// and measures the true slope at θ, 0.
    @Test func aKinkNearThePointIsSteppedAround() {
        let (gradient, kinks) = numericalGradientNotingKinks(of: Self.hinge(at: 5e-5), at: Self.origin, h: 1e-4)
        #expect(gradient.tensors[0][flat: 0] == 0)
        #expect(kinks.isEmpty)
        // Without the pieces, only the slopes say something is wrong, and the mixture stands.
        let (plain, slopeKinks) = numericalGradientNotingKinks(of: { Self.hinge(at: 5e-5)($0).loss }, at: Self.origin, h: 1e-4)
        #expect(abs(plain.tensors[0][flat: 0] - 0.25) < 1e-12)
        #expect(slopeKinks["w"]?[0] != nil)
    }

    /// A kink at the point itself is crossed by every step: noted, with its one-sided slopes 0 and 1.
    @Test func aKinkAtThePointIsNoted() {
        let (_, kinks) = numericalGradientNotingKinks(of: Self.hinge(at: 0), at: Self.origin, h: 1e-4)
        let slopes = kinks["w"]?[0]
        #expect(slopes.map { abs($0.left) < 1e-12 && abs($0.right - 1) < 1e-12 } == true)
    }

    /// ReLU and max pooling report their pieces: ReLU's mask, the winners' positions.
    @Test func reluAndMaxPoolingReportTheirPieces() {
        var relu = ReLU()
        _ = relu.forward(Tensor([-1, 2, 0, 3]))
        #expect(relu.pieces == [0, 1, 0, 1])
        var pool = MaxPooling2D(poolSize: 2)
        _ = pool.forward(Tensor(shape: [1, 2, 2, 1], scalars: [1, 4, 3, 2]))
        #expect(pool.pieces == [1])
    }
}

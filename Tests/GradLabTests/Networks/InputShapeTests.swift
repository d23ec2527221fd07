import GradLab
import Testing

/// A layer that hands on what it is given, so the scores show what the first layer saw.
private struct ShapeProbe: Layer {
    mutating func forward(_ x: Tensor) -> Tensor { x }
    mutating func backward(_ dout: Tensor) -> Tensor { dout }
}

@Suite("Sequential.inputShape: flat batches viewed as images or sequences")
struct InputShapeTests {
    @Test func flatRowsAreViewedAsTheInputShape() {
        let net = Sequential([ShapeProbe()], inputShape: [2, 3, 1])
        let x = Tensor(shape: [4, 6], scalars: (0..<24).map(Double.init))
        let viewed = net.samples(x)
        #expect(viewed.shape == [4, 2, 3, 1])
        // A view: the same numbers in the same order.
        #expect(viewed.scalars == x.scalars)
        #expect(net.scores(x).shape == [4, 2, 3, 1])
    }

    @Test func batchesOfOtherSizesAreLeftAlone() {
        let net = Sequential([ShapeProbe()], inputShape: [2, 3, 1])
        #expect(net.samples(Tensor.zeros([4, 5])).shape == [4, 5])
        #expect(net.samples(Tensor.zeros([4, 2, 3, 1])).shape == [4, 2, 3, 1])
        #expect(Sequential([ShapeProbe()]).samples(Tensor.zeros([4, 6])).shape == [4, 6])
    }

    @Test func theFirstShapeMindedLayerDecidesTheLayout() throws {
        #expect(try Sequential.firstLayout(of: "affine 50, relu, affine 10") == .features)
        #expect(try Sequential.firstLayout(of: "relu, dropout 0.5, affine 10") == .features)
        #expect(try Sequential.firstLayout(of: "relu, batchnorm") == .any)
        #expect(throws: NetworkSpecificationError.self) { try Sequential.firstLayout(of: "relu, nonsense 3") }
    }

    @Test func aDenseNetworkKeepsItsFlatShape() throws {
        let net = try Sequential(specification: "affine 5, relu, affine 3", inputShape: [6], outputSize: 3)
        #expect(net.inputShape == [6])
        #expect(net.samples(Tensor.zeros([2, 6])).shape == [2, 6])
    }
}

import GradLab
import Testing

@Suite("The Taylor test: slope 2 for a right gradient, 1 for a wrong one")
struct TaylorTestTests {
    static let net = TwoLayerNet(inputSize: 6, hiddenSize: 5, outputSize: 3, weightInitStd: 0.8, activation: .tanh, seed: 31)
    static let x = randomTensor([8, 6], seed: 32)
    static let t = Tensor([0, 1, 2, 0, 1, 2, 2, 1])

    static func loss(_ p: Parameters) -> Double {
        var network = net.network
        network.parameters = p
        return network.loss(x, t)
    }

    static var direction: Parameters { net.parameters.map { randomTensor($0.shape, seed: UInt64(40 + $0.count)) } }

    @Test func backpropsGradientFallsWithSlopeTwo() {
        let gradient = Self.net.gradient(Self.x, Self.t)
        let test = TaylorTest(loss: Self.loss, at: Self.net.parameters, gradient: gradient, direction: Self.direction)
        #expect(abs(test.slope - 2) < 0.1, "slope \(test.slope)")
        #expect(test.gradientIsRight)
        // Each halving of ε divides a second-order remainder by about 4 (the first ten steps,
        // well above rounding).
        for (a, b) in zip(test.remainders.prefix(10), test.remainders.prefix(10).dropFirst()) { #expect(abs(a / b - 4) < 0.5) }
    }

    @Test func aGradientOffByOnePercentFallsWithSlopeOne() {
        let wrong = Self.net.gradient(Self.x, Self.t).map { $0 * 1.01 }
        let test = TaylorTest(loss: Self.loss, at: Self.net.parameters, gradient: wrong, direction: Self.direction)
        #expect(abs(test.slope - 1) < 0.2, "slope \(test.slope)")
        #expect(!test.gradientIsRight)
    }

    @Test func slopeOfALineByHand() {
        // Points on y = 3x − 1: slope 3.
        #expect(abs(TaylorTest.leastSquaresSlope([(0, -1), (1, 2), (2, 5), (4, 11)]) - 3) < 1e-15)
        #expect(TaylorTest.leastSquaresSlope([(1, 1)]).isNaN)
    }
}

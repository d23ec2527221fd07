import Foundation
import GradLab
import GradLabFastPaths
import Testing

@Suite("Gradient tape: reverse-mode automatic differentiation")
struct GradientTapeTests {
    /// Tape against a central difference: round-off ε·|f|/h ≈ 2e-12 and truncation h²·f‴/6 ≈ 1e-9
    /// for the smooth functions below, relative to gradients of order 1.
    static let againstCentralDifference = 1e-7

    @Test func aPolynomialByHand() {
        // y = x² + x³ at x = 3: y = 36, dy/dx = 2x + 3x² = 33, exactly (small whole numbers).
        let tape = GradientTape()
        let x = tape.watch(Tensor(scalar: 3))
        let y = x * x + x * x * x
        #expect(y.value.scalar == 36)
        let gradient: [Tensor] = tape.gradient(of: y, withRespectTo: [x])
        #expect(gradient[0].scalar == 33)
    }

    @Test func gradientsAddWhereAValueIsUsedTwice() {
        // Two paths from x join: a = 2x, b = 3x, c = a·b = 6x², dc/dx = 12x = 24 at x = 2.
        let tape = GradientTape()
        let x = tape.watch(Tensor(scalar: 2))
        let c = (2 * x) * (x * 3)
        let gradient: [Tensor] = tape.gradient(of: c, withRespectTo: [x])
        #expect(gradient[0].scalar == 24)
        // An input the result does not depend on gets zeros.
        let unused = tape.watch(Tensor([1, 2]))
        let both: [Tensor] = tape.gradient(of: c, withRespectTo: [x, unused])
        #expect(both[1] == Tensor([0, 0]))
    }

    /// Each operation inside a scalar L = Σ w ⊙ op(…), with a seeded w, against central differences.
    static let operations: [(String, [[Int]], @Sendable ([Variable]) -> Variable)] = [
        ("add with broadcasting", [[3, 4], [4]], { $0[0] + $0[1] }),
        ("subtract with broadcasting", [[3, 4], [3, 1]], { $0[0] - $0[1] }),
        ("multiply with broadcasting", [[3, 4], [4]], { $0[0] * $0[1] }),
        ("divide", [[3, 4], [3, 4]], { $0[0] / (exp($0[1]) + 1) }),
        ("matmul", [[3, 5], [5, 4]], { $0[0].matmul($0[1]) }),
        ("transpose", [[4, 3]], { $0[0].transposed() }),
        ("sum along an axis", [[3, 4, 2]], { $0[0].sum(alongAxis: 2) }),
        ("mean along an axis", [[4, 3]], { $0[0].mean(alongAxis: 0).broadcast(to: [3, 3]) }),
        ("exp", [[3, 4]], { exp($0[0]) }),
        ("log", [[3, 4]], { log($0[0] * $0[0] + 1) }),
        ("pow", [[3, 4]], { pow($0[0] * $0[0] + 1, 1.5) }),
        ("sigmoid", [[3, 4]], { sigmoid($0[0]) }),
        ("tanh", [[3, 4]], { tanh($0[0]) }),
        ("relu", [[3, 4]], { relu($0[0]) }),
        ("softmax", [[3, 4]], { softmax($0[0]) }),
    ]

    @Test(arguments: 0..<operations.count)
    func everyOperationMatchesTheNumericalGradient(index: Int) {
        let (name, shapes, operation) = Self.operations[index]
        expectTapeMatchesCentralDifferences(name, shapes: shapes, tolerance: Self.againstCentralDifference, operation)
    }

    @Test func softmaxCrossEntropyIsTheLossLayers() {
        let scores = randomTensor([5, 4], seed: 3)
        let labels = [0, 3, 1, 1, 2]
        var layer = SoftmaxWithLoss()
        let loss = layer.forward(scores, Tensor(labels.map(Double.init)))
        let tape = GradientTape()
        let a = tape.watch(scores)
        let l = softmaxCrossEntropy(scores: a, labels: labels)
        #expect(abs(l.value.scalar - loss) < Tolerance.rounding)
        let gradient: [Tensor] = tape.gradient(of: l, withRespectTo: [a])
        expectClose(gradient[0], layer.backward(), tolerance: Tolerance.rounding)
    }

    /// Tape against backprop through the layers on the book's 784-50-10 and real MNIST: the same
    /// products and sums in a different order, so they agree to rounding.
    @Test(arguments: HiddenActivation.allCases)
    func theTapeEqualsBackpropOnTheBooksNetwork(activation: HiddenActivation) throws {
        let mnist = try SharedMNIST.load()
        let indices = Array(0..<100)
        let x = mnist.train.images(at: indices), t = Tensor(mnist.train.labels(at: indices).map(Double.init))
        let net = TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, weightInitStd: 0.1, activation: activation, seed: 42)
        let (tapeLoss, tape) = net.network.tapeGradient(x, t)
        let (loss, backprop) = net.network.gradient(x, t)
        #expect(abs(tapeLoss - loss) < Tolerance.rounding)
        #expect(tape.names == ["W1", "b1", "W2", "b2"])
        for (a, b) in zip(tape.named, backprop.named) {
            let error = (a.value - b.value).norm / (a.value.norm + b.value.norm)
            #expect(error <= 1e-12, "\(activation) \(a.name): \(error)")
        }
        // And against the numerical gradient (the book's method on all cores), on 3 images.
        let few = Array(0..<3)
        let x3 = mnist.train.images(at: few), t3 = Tensor(mnist.train.labels(at: few).map(Double.init))
        let numeric = numericalGradient(of: net.network, x3, t3, method: .full)
        let (_, tape3) = net.network.tapeGradient(x3, t3)
        for (a, b) in zip(tape3.named, numeric.named) {
            let error = (a.value - b.value).norm / (a.value.norm + b.value.norm)
            #expect(error <= 1e-6, "\(activation) \(a.name) against numeric: \(error)")
        }
    }

    // MARK: Higher orders

    /// (f(x+h) − 2f(x) + f(x−h)) / h² with h = 10⁻⁴: truncation h²·f⁗/12 ≈ 1e-9, rounding
    /// 4ε|f|/h² ≈ 1e-7 for |f| of order 1.
    static func secondDifference(_ f: (Double) -> Double, at x: Double, h: Double = 1e-4) -> Double {
        (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)
    }

    static func secondDerivativeByTape(_ f: (Variable) -> Variable, at x: Double) -> Double {
        let tape = GradientTape()
        let v = tape.watch(Tensor(scalar: x))
        let first = tape.gradient(of: f(v), withRespectTo: [v], keepingGraph: true)[0]
        let second: [Tensor] = tape.gradient(of: first, withRespectTo: [v])
        return second[0].scalar
    }

    @Test func secondDerivativesOfCubeAndTanh() {
        // x³ at 2: 6x = 12. tanh at 0.7: −2·tanh·(1 − tanh²).
        let cube = Self.secondDerivativeByTape({ $0 * $0 * $0 }, at: 2)
        #expect(abs(cube - 12) < 1e-12)
        #expect(abs(cube - Self.secondDifference({ $0 * $0 * $0 }, at: 2)) / 12 < 1e-5)
        let t = Foundation.tanh(0.7)
        let exact = -2 * t * (1 - t * t)
        let byTape = Self.secondDerivativeByTape({ tanh($0) }, at: 0.7)
        #expect(abs(byTape - exact) < 1e-15)
        #expect(abs(byTape - Self.secondDifference({ Foundation.tanh($0) }, at: 0.7)) / abs(exact) < 1e-5)
    }

    @Test func hessianVectorProductOfASmallNetwork() {
        // H·v = ∇(∇L · v), by the tape recording its own backward pass, against the central
        // difference of backprop gradients (∇L(θ + εv) − ∇L(θ − εv)) / 2ε.
        let net = TwoLayerNet(inputSize: 6, hiddenSize: 5, outputSize: 3, weightInitStd: 0.8, activation: .tanh, seed: 21)
        let x = randomTensor([8, 6], seed: 22), t = Tensor([0, 1, 2, 0, 1, 2, 2, 1])
        let theta = net.network.parameters
        let v = theta.map { randomTensor($0.shape, seed: UInt64($0.count)) }
        let tape = GradientTape()
        let watched = theta.tensors.map { tape.watch($0) }
        var network = net.network
        let loss = network.loss(x, t, on: tape, parameters: watched)
        let gradient = tape.gradient(of: loss, withRespectTo: watched, keepingGraph: true)
        let directional = zip(gradient, v.tensors).map { ($0 * Variable(constant: $1)).sum() }.reduce(Variable(constant: Tensor(scalar: 0)), +)
        let hv: [Tensor] = tape.gradient(of: directional, withRespectTo: watched)
        let epsilon = 1e-5
        func backprop(_ sign: Double) -> Parameters {
            var moved = net.network
            moved.parameters = Parameters(zip(theta.named, v.tensors).map { NamedTensor($0.name, $0.value + sign * epsilon * $1) })
            return moved.gradient(x, t).gradient
        }
        let plus = backprop(1), minus = backprop(-1)
        for (k, name) in theta.names.enumerated() {
            let numeric = (plus[name] - minus[name]) / (2 * epsilon)
            let error = (hv[k] - numeric).norm / (hv[k].norm + numeric.norm)
            #expect(error < 1e-5, "\(name): \(error)")
        }
    }

    // MARK: The seeds' programs

    @Test func himmelblauDescentFromFourZero() {
        // f(x, y) = (x² + y − 11)² + (x + y² − 7)², from (4, 0), η = 0.01, 200 steps: the seeds'
        // program ends at (3.584428, −1.848126), one of the function's four minima.
        var (x, y) = (4.0, 0.0)
        for _ in 0..<200 {
            let tape = GradientTape()
            let vx = tape.watch(Tensor(scalar: x)), vy = tape.watch(Tensor(scalar: y))
            let a = vx * vx + vy - 11, b = vx + vy * vy - 7
            let f = a * a + b * b
            let g: [Tensor] = tape.gradient(of: f, withRespectTo: [vx, vy])
            x -= 0.01 * g[0].scalar
            y -= 0.01 * g[1].scalar
        }
        // The seeds print six decimals (TensorFlow's float32): within 1e-6 of them. And the same
        // descent with the gradient derived by hand, ∂f/∂x = 4ax + 2b, ∂f/∂y = 2a + 4by, lands on
        // the same point to rounding (3.5844283403304917, −1.8481265269644034 in Python).
        #expect(abs(x - 3.584428) < 1e-6 && abs(y - (-1.848126)) < 1e-6, "(\(x), \(y))")
        var (hx, hy) = (4.0, 0.0)
        for _ in 0..<200 {
            let a = hx * hx + hy - 11, b = hx + hy * hy - 7
            (hx, hy) = (hx - 0.01 * (4 * a * hx + 2 * b), hy - 0.01 * (2 * a + 4 * b * hy))
        }
        #expect(abs(x - hx) < 1e-12 && abs(y - hy) < 1e-12)
    }

    @Test func theTrainerTrainsWithTheTape() throws {
        let images = TrainingTests.images
        let net = TwoLayerNet(inputSize: 9, hiddenSize: 6, outputSize: 10, initialization: .xavier, activation: .relu, seed: 5)
        let configuration = TrainingConfiguration(iterations: 60, batchSize: 20, learningRate: 0.5, seed: 6)
        let layers = try train(net.network, on: images, testSet: images, configuration: configuration)
        let tape = try train(net.network, on: images, testSet: images, configuration: configuration, using: TapeGradients())
        for (a, b) in zip(tape.losses, layers.losses) { #expect(abs(a - b) < 1e-12) }
        #expect(tape.epochs == layers.epochs)
    }
}

import Foundation
import GradLab
import Testing

/// softplus(x) = log(1 + eˣ), whose derivative is σ(x): a layer the library does not have,
/// written here the way a student would write one.
struct Softplus: Layer {
    private var input: Tensor?

    mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return x.map { Foundation.log1p(Foundation.exp($0)) }
    }

    mutating func backward(_ dout: Tensor) -> Tensor {
        guard let x = input else { preconditionFailure("Softplus.backward before forward") }
        return dout * sigmoid(x)
    }
}

@Suite("Sequential: any layers, the book's backprop, Keras's summary")
struct SequentialTests {
    /// A small seeded classification problem: 12 samples of 6 features, 3 classes.
    static func problem(seed: UInt64) -> (x: Tensor, t: Tensor) {
        var generator = SplitMix64(seed: seed)
        let x = Tensor.randomNormal(shape: [12, 6], using: &generator)
        let t = Tensor((0..<12).map { _ in Double(generator.nextIndex(below: 3)) })
        return (x, t)
    }

    static func softplusNetwork(seed: UInt64) -> Sequential {
        var generator = SplitMix64(seed: seed)
        return Sequential([Affine(inputs: 6, outputs: 5, initialization: .xavier, using: &generator), Softplus(),
                           Affine(inputs: 5, outputs: 3, initialization: .xavier, using: &generator)])
    }

    @Test func studentLayerBackpropMatchesTheNumericalGradient() {
        let net = Self.softplusNetwork(seed: 1)
        let (x, t) = Self.problem(seed: 2)
        let (loss, analytic) = net.gradient(x, t)
        #expect(abs(loss - net.loss(x, t)) < Tolerance.rounding)
        let numeric = net.numericalGradient(x, t)
        #expect(analytic.names == ["W1", "b1", "W2", "b2"])
        let report = GradientCheckReport(analytic: analytic.named, numeric: numeric.named, loss: loss, h: 1e-4)
        for comparison in report.comparisons {
            // Central differences on a smooth loss of order 1: truncation h²·L‴/6 ≈ 1e-9, far
            // below the bar of 1e-7.
            #expect(comparison.normRelativeError <= 1e-7, "\(comparison.name): \(comparison.normRelativeError)")
        }
    }

    @Test func gradientLeavesTheNetworkUnchanged() {
        let net = Self.softplusNetwork(seed: 3)
        let before = net.parameters
        let (x, t) = Self.problem(seed: 4)
        _ = net.gradient(x, t)
        _ = net.numericalGradient(x, t)
        #expect(net.parameters == before)
    }

    @Test(arguments: OptimizerKind.allCases)
    func everyOptimizerHalvesTheLoss(kind: OptimizerKind) {
        // Full-batch steps on the small problem; each optimizer at a customary rate for such a
        // problem (adaptive methods move about η per step).
        let rates: [OptimizerKind: Double] = [.sgd: 0.5, .momentum: 0.1, .adagrad: 0.1, .rmsprop: 0.01, .adam: 0.01]
        var net = Self.softplusNetwork(seed: 5)
        let (x, t) = Self.problem(seed: 6)
        var optimizer = kind.make(learningRate: rates[kind]!)
        let initial = net.loss(x, t)
        for _ in 0..<200 {
            let (_, gradient) = net.gradient(x, t)
            optimizer.update(&net.parameters, with: gradient)
        }
        let final = net.loss(x, t)
        #expect(final <= initial / 2, "\(kind): \(initial) → \(final)")
    }

    @Test func parametersAreNamedByTheLayersThatHaveThem() {
        var generator = SplitMix64(seed: 7)
        let net = Sequential([Affine(inputs: 4, outputs: 3, using: &generator), ReLU(), Tanh(),
                              Affine(inputs: 3, outputs: 3, using: &generator), Sigmoid(),
                              Affine(inputs: 3, outputs: 2, using: &generator)])
        #expect(net.parameters.names == ["W1", "b1", "W2", "b2", "W3", "b3"])
        // Hand count: 4·3 + 3 + 3·3 + 3 + 3·2 + 2.
        #expect(net.parameterCount == 12 + 3 + 9 + 3 + 6 + 2)
    }

    @Test func settingParametersReachesTheLayers() {
        var net = Self.softplusNetwork(seed: 8)
        var replaced = net.parameters
        replaced["b2"] = Tensor([1, 2, 3])
        net.parameters = replaced
        #expect((net.layers[2] as? Affine)?.bias == Tensor([1, 2, 3]))
        // An in-place update through the layers' tensors.
        net.parameters.update(with: replaced) { name, value, _ in if name == "b2" { value *= 2 } }
        #expect(net.parameters["b2"] == Tensor([2, 4, 6]))
    }

    @Test func kerasModelHas407050Parameters() {
        // Keras prints 401,920 for Dense(512) on 784 inputs (784·512 + 512), 5,130 for
        // Dense(10) (512·10 + 10), 407,050 in total.
        let net = try! Sequential(specification: "affine 512, relu, affine 10", inputSize: 784, outputSize: 10)
        #expect(net.parameterCount == 784 * 512 + 512 + 512 * 10 + 10)
        #expect(net.parameterCount == 407_050)
        let summary = net.summary()
        let lines = summary.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Layer (type)") == true)
        #expect(lines.contains { $0.hasPrefix("affine1 (Affine)") && $0.contains("(None, 512)") && $0.hasSuffix("401,920") })
        #expect(lines.contains { $0.hasPrefix("relu1 (ReLU)") && $0.contains("(None, 512)") && $0.hasSuffix(" 0") })
        #expect(lines.contains { $0.hasPrefix("affine2 (Affine)") && $0.contains("(None, 10)") && $0.hasSuffix("5,130") })
        #expect(lines.last == "Total params: 407,050")
    }

    @Test func theBooksNetworkFromItsDescription() throws {
        let described = try Sequential(specification: "affine 50, sigmoid, affine 10", inputSize: 784, outputSize: 10, seed: 42)
        let book = TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, seed: 42)
        #expect(described.parameters == book.parameters)
        #expect(described.layers[1] is Sigmoid)
    }

    @Test func mistakesInADescriptionAreNamed() {
        func message(_ text: String) -> String? {
            do {
                _ = try Sequential(specification: text, inputSize: 784, outputSize: 10)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(message("affine 50, softsign, affine 10")?.contains("unknown layer 'softsign'; known layers: affine N, sigmoid") == true)
        #expect(message("affine, relu, affine 10")?.contains("'affine' needs one size") == true)
        #expect(message("affine 50, relu 3, affine 10")?.contains("'relu' takes nothing after its name") == true)
        #expect(message("affine 50, relu, affine 7")?.contains("ends with 7 outputs; it must end with 10") == true)
        #expect(message("affine 50,, affine 10")?.contains("an empty layer between commas") == true)
        #expect(message("affine 10") == nil)
    }

    @Test func aRegisteredLayerCanBeNamed() throws {
        let kinds = LayerKind.standard + [LayerKind("softplus", help: "log(1 + eˣ)") { Softplus() }]
        let net = try Sequential(specification: "affine 5, softplus, affine 3", inputSize: 6, outputSize: 3, kinds: kinds)
        #expect(net.layers[1] is Softplus)
    }
}

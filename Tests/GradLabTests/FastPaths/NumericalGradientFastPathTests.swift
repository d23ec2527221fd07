import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Numerical gradients of a network: full, parallel and incremental")
struct NetworkNumericalGradientTests {
    /// Round-off of one central difference: about ε·|L|/h per element. Two independent methods
    /// each carry it, so they may differ by twice that; a factor 8 covers the sums inside L.
    static func roundOffBound(loss: Double, h: Double = 1e-4) -> Double {
        8 * Double.ulpOfOne * max(abs(loss), 1) / h
    }

    static func batch(_ samples: Int, _ inputs: Int, seed: UInt64) -> (Tensor, Tensor) {
        var generator = SplitMix64(seed: seed)
        // Pixel-like inputs: about half exactly 0, the rest in (0, 1].
        let x = Tensor(shape: [samples, inputs], scalars: (0..<(samples * inputs)).map { _ in
            generator.nextUniform() < 0.5 ? 0 : 1 - generator.nextUniform()
        })
        let t = Tensor((0..<samples).map { _ in Double(generator.nextIndex(below: 4)) })
        return (x, t)
    }

    @Test(arguments: [(12, 5, 3), (20, 8, 6), (30, 16, 10)], HiddenActivation.allCases)
    func incrementalEqualsFull(sizes: (Int, Int, Int), activation: HiddenActivation) {
        let (inputs, hidden, samples) = sizes
        let net = TwoLayerNet(inputSize: inputs, hiddenSize: hidden, outputSize: 4, weightInitStd: 0.5,
                              activation: activation, seed: UInt64(inputs))
        let (x, t) = Self.batch(samples, inputs, seed: 9)
        let full = net.numericalGradient(x, t)
        let (incremental, evaluations) = TwoLayerView(net).incrementalNumericalGradient(x, t)
        let bound = Self.roundOffBound(loss: net.loss(x, t))
        for (a, b) in zip(full.named, incremental.named) {
            expectClose(b.value, a.value, tolerance: bound)
        }
        // Weights of inputs that are 0 in every sample need no evaluation.
        let activeInputs = (0..<inputs).filter { i in (0..<samples).contains { x[$0, i] != 0 } }.count
        #expect(evaluations == 2 * (activeInputs * hidden + hidden + hidden * 4 + 4))
    }

    @Test func parallelEqualsSerial() {
        let net = TwoLayerNet(inputSize: 15, hiddenSize: 7, outputSize: 4, weightInitStd: 0.3, seed: 2)
        let (x, t) = Self.batch(5, 15, seed: 3)
        let serial = net.numericalGradient(x, t)
        // Same formula, same loss: bit-identical up to the loss's own summation order.
        let parallel = TwoLayerView(net).parallelNumericalGradient(x, t, workers: 3)
        for (a, b) in zip(serial.named, parallel.named) {
            expectClose(b.value, a.value, tolerance: Self.roundOffBound(loss: net.loss(x, t)))
        }
        let sampled = TwoLayerView(net).parallelNumericalGradient(x, t, sampling: .random(count: 10, seed: 1))
        let computed = sampled.named.reduce(0) { $0 + $1.value.scalars.filter { $0 != 0 }.count }
        #expect(computed <= 10 && computed > 0)
    }

    @Test func backpropWorkspaceEqualsLayerBackprop() {
        for activation in HiddenActivation.allCases {
            let net = TwoLayerNet(inputSize: 20, hiddenSize: 9, outputSize: 4, weightInitStd: 0.4, activation: activation, seed: 4)
            let (x, t) = Self.batch(7, 20, seed: 5)
            let workspace = BackpropWorkspace(for: TwoLayerView(net))
            workspace.loadBatch(x, labels: t.scalars.map { Int($0) })
            let (loss, gradient) = workspace.lossAndGradient(for: TwoLayerView(net))
            #expect(abs(loss - net.loss(x, t)) < Tolerance.rounding)
            #expect(gradient.names == ["W1", "b1", "W2", "b2"])
            for (a, b) in zip(gradient.named, net.gradient(x, t).named) {
                expectClose(a.value, b.value, tolerance: Tolerance.rounding)
            }
        }
    }
}

import GradLab
import GradLabSwiftAutodiff
import Testing

@Suite("Swift's own autodiff")
struct SwiftAutodiffTests {
    #if canImport(_Differentiation)
    /// The compiler's gradient against backprop through the layers on the book's 784-50-10 and
    /// 100 MNIST images: the same products in another order, equal to rounding.
    @Test(arguments: HiddenActivation.allCases)
    func valueWithGradientEqualsBackprop(activation: HiddenActivation) throws {
        #expect(SwiftAutodiff.isAvailable)
        let mnist = try SharedMNIST.load()
        let indices = Array(100..<200)
        let x = mnist.train.images(at: indices), t = Tensor(mnist.train.labels(at: indices).map(Double.init))
        let net = TwoLayerNet(inputSize: 784, hiddenSize: 50, outputSize: 10, weightInitStd: 0.1, activation: activation, seed: 7)
        let (loss, autodiff) = SwiftAutodiff.gradient(of: net, x, t)
        let (backpropLoss, backprop) = net.network.gradient(x, t)
        #expect(abs(loss - backpropLoss) < Tolerance.rounding)
        #expect(autodiff.names == backprop.names)
        for (a, b) in zip(autodiff.named, backprop.named) {
            let error = (a.value - b.value).norm / (a.value.norm + b.value.norm)
            #expect(error <= 1e-12, "\(activation) \(a.name): \(error)")
        }
    }
    #else
    @Test func saysItIsNotAvailable() {
        #expect(!SwiftAutodiff.isAvailable)
    }
    #endif
}

import GradLab
import Testing

/// ‖a − b‖ / max(‖a‖, ‖b‖): how far apart two computations of the same tensor are.
private func normRelative(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.shape == b.shape, "normRelative: \(a.shape) and \(b.shape)")
    return (a - b).norm / Swift.max(a.norm, b.norm, 1e-300)
}

@Suite("Convolutions: im2col, Conv2D, pooling, flatten, checked against loops, hand values and the numerical gradient")
struct ConvolutionTests {
    /// The picture in im2col's doc comment: a 4×4 image holding a…p as 1…16, 3×3 windows.
    @Test func im2colUnrollsTheWindowsOfItsPicture() throws {
        let x = Tensor(shape: [1, 4, 4, 1], scalars: (1...16).map(Double.init))
        let g = try ConvolutionGeometry(inputHeight: 4, inputWidth: 4, channels: 1, kernelHeight: 3, kernelWidth: 3,
                                        stride: 1, padding: .valid)
        let columns = im2col(x, g)
        // a b c e f g i j k = 1 2 3 5 6 7 9 10 11, and so on (the doc comment's four rows).
        #expect(columns == Tensor([[1, 2, 3, 5, 6, 7, 9, 10, 11],
                                   [2, 3, 4, 6, 7, 8, 10, 11, 12],
                                   [5, 6, 7, 9, 10, 11, 13, 14, 15],
                                   [6, 7, 8, 10, 11, 12, 14, 15, 16]]))
    }

    /// col2im is im2col's transpose: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for any x and c, with a
    /// stride, padding and channels; and a pixel in k windows gets k terms.
    @Test func col2imIsTheAdjointOfIm2col() throws {
        let g = try ConvolutionGeometry(inputHeight: 5, inputWidth: 6, channels: 2, kernelHeight: 3, kernelWidth: 2,
                                        stride: 2, padding: .explicit(1))
        let x = randomTensor([3, 5, 6, 2], seed: 1)
        let c = randomTensor([3 * g.outputHeight * g.outputWidth, g.windowSize], seed: 2)
        let left = (im2col(x, g) * c).sum(), right = (x * col2im(c, g, batch: 3)).sum()
        #expect(abs(left - right) <= 1e-12 * abs(left))
        // All-ones columns count the windows that hold each pixel: the 4×4 picture's corner is
        // in 1 window of 3×3 (valid), its centre pixels in all 4.
        let picture = try ConvolutionGeometry(inputHeight: 4, inputWidth: 4, channels: 1, kernelHeight: 3, kernelWidth: 3,
                                              stride: 1, padding: .valid)
        let counts = col2im(Tensor(shape: [4, 9], repeating: 1), picture, batch: 1)
        #expect(counts.scalars == [1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1])
    }

    /// TensorFlow's "same": out = ⌈in / s⌉, the odd zero after.
    @Test func samePaddingFollowsTensorFlowsRule() throws {
        let g = try ConvolutionGeometry(inputHeight: 28, inputWidth: 28, channels: 1, kernelHeight: 3, kernelWidth: 3,
                                        stride: 2, padding: .same)
        // ⌈28 / 2⌉ = 14; zeros needed (14 − 1)·2 + 3 − 28 = 1: none above, one below.
        #expect((g.outputHeight, g.padTop, g.padBottom) == (14, 0, 1))
        let five = try ConvolutionGeometry(inputHeight: 7, inputWidth: 7, channels: 1, kernelHeight: 5, kernelWidth: 5,
                                           stride: 1, padding: .same)
        #expect((five.outputHeight, five.padTop, five.padBottom, five.padLeft, five.padRight) == (7, 2, 2, 2, 2))
        #expect(throws: ConvolutionShapeError.self) {
            try ConvolutionGeometry(inputHeight: 3, inputWidth: 3, channels: 1, kernelHeight: 5, kernelWidth: 5, stride: 1, padding: .valid)
        }
        #expect(throws: ConvolutionShapeError.self) {
            try ConvolutionGeometry(inputHeight: 3, inputWidth: 3, channels: 1, kernelHeight: 1, kernelWidth: 1, stride: 0, padding: .valid)
        }
    }

    /// A 3×3 image and the 2×2 kernel [[1, 0], [0, −1]]: each output is a pixel minus the one
    /// diagonally below it, 1 − 5 = 2 − 6 = 4 − 8 = 5 − 9 = −4, plus the bias 0.5.
    @Test func aConvolutionByHand() {
        let x = Tensor(shape: [1, 3, 3, 1], scalars: (1...9).map(Double.init))
        let weight = Tensor(shape: [2, 2, 1, 1], scalars: [1, 0, 0, -1])
        var layer = Conv2D(weight: weight, bias: Tensor([0.5]))
        #expect(layer.forward(x).scalars == [-3.5, -3.5, -3.5, -3.5])
        #expect(convolution(byLoops: x, weight: weight, bias: Tensor([0.5])).scalars == [-3.5, -3.5, -3.5, -3.5])
    }

    /// Conv2D (im2col and a matrix product) equals the seven loops, forward and backward, for
    /// strides 1 and 2 and every kind of padding; CS231n's setup among them (x 4×3×5×5 and w
    /// 2×3×3×3 in its NCHW, stride 1, pad 1).
    @Test(arguments: [(1, Padding.valid), (1, .same), (1, .explicit(1)), (2, .valid), (2, .same), (2, .explicit(2))])
    func conv2DEqualsTheLoops(stride: Int, padding: Padding) {
        let x = randomTensor([4, 5, 5, 3], seed: 3)
        let weight = randomTensor([3, 3, 3, 2], seed: 4), bias = randomTensor([2], seed: 5)
        var layer = Conv2D(weight: weight, bias: bias, stride: stride, padding: padding)
        let y = layer.forward(x)
        #expect(normRelative(y, convolution(byLoops: x, weight: weight, bias: bias, stride: stride, padding: padding)) < 1e-14)
        let dout = randomTensor(y.shape, seed: 6)
        let dx = layer.backward(dout)
        let loops = convolutionBackward(byLoops: dout, x: x, weight: weight, stride: stride, padding: padding)
        #expect(normRelative(dx, loops.dx) < 1e-14)
        #expect(normRelative(layer.weightGradient!, loops.dW) < 1e-14)
        #expect(normRelative(layer.biasGradient!, loops.db) < 1e-14)
    }

    /// Every backward pass against the numerical gradient (random inputs: no max-pooling ties).
    @Test(arguments: [(1, Padding.valid), (1, .explicit(1)), (2, .same), (2, .explicit(1))])
    func conv2DPassesTheCheck(stride: Int, padding: Padding) {
        let layer = Conv2D(weight: randomTensor([3, 3, 2, 3], seed: 7), bias: randomTensor([3], seed: 8),
                           stride: stride, padding: padding)
        let report = checkLayer(layer, input: randomTensor([2, 5, 6, 2], seed: 9))
        #expect(report.passed, "\(report.problems)")
        #expect(report.comparisons.map(\.name) == ["x", "W", "b"])
        #expect(report.comparisons.allSatisfy { $0.normRelativeError < 1e-8 })
    }

    @Test(arguments: [(2, 2), (3, 1), (3, 2)])
    func poolingLayersPassTheCheck(size: Int, stride: Int) {
        let x = randomTensor([2, 7, 6, 3], seed: 10)
        let maxReport = checkLayer(MaxPooling2D(poolSize: size, stride: stride), input: x)
        #expect(maxReport.passed, "\(maxReport.problems)")
        let averageReport = checkLayer(AveragePooling2D(poolSize: size, stride: stride), input: x)
        #expect(averageReport.passed, "\(averageReport.problems)")
    }

    @Test func flattenAndGlobalAveragePoolingPassTheCheck() {
        let x = randomTensor([2, 3, 4, 5], seed: 11)
        #expect(checkLayer(Flatten(), input: x).passed)
        #expect(checkLayer(GlobalAveragePooling2D(), input: x).passed)
        var pool = GlobalAveragePooling2D()
        // The mean of channel 0 of image 0, summed by hand.
        let byHand = (0..<3).flatMap { i in (0..<4).map { j in x[0, i, j, 0] } }.reduce(0, +) / 12
        #expect(abs(pool.forward(x)[0, 0] - byHand) < 1e-15)
    }

    /// The picture in MaxPooling2D's doc comment, and a tie going to the first of the window.
    @Test func maxPoolingByHand() {
        let x = Tensor(shape: [1, 4, 4, 1], scalars: [1, 3, 2, 0,
                                                      4, 2, 1, 5,
                                                      0, 7, 6, 1,
                                                      3, 1, 2, 2])
        var pool = MaxPooling2D(poolSize: 2)
        #expect(pool.forward(x).scalars == [4, 5, 7, 6])
        #expect(pool.backward(Tensor(shape: [1, 2, 2, 1], scalars: [10, 20, 30, 40])).scalars
                == [0, 0, 0, 0,
                    10, 0, 0, 20,
                    0, 30, 40, 0,
                    0, 0, 0, 0])
        var tie = MaxPooling2D(poolSize: 2)
        _ = tie.forward(Tensor(shape: [1, 2, 2, 1], scalars: [1, 1, 1, 1]))
        #expect(tie.backward(Tensor(shape: [1, 1, 1, 1], scalars: [1])).scalars == [1, 0, 0, 0])
        // 5 rows pooled by 2: the last row is left over, as in Keras.
        var odd = MaxPooling2D(poolSize: 2)
        #expect(odd.forward(Tensor.zeros([1, 5, 5, 1])).shape == [1, 2, 2, 1])
    }

    /// The tape (im2col and the pooling choices as recorded linear maps) gives backprop's
    /// gradient on a small convolutional network, and both agree with central differences.
    @Test func theTapeAgreesWithBackpropOnAConvolutionalNetwork() throws {
        let net = try Sequential(specification: "conv 3 3x3 pad 1, relu, maxpool 2, conv 2 2x2, avgpool 2, flatten, affine 4",
                                 inputShape: [6, 6, 1], outputSize: 4, initialization: .he, seed: 12)
        let x = randomTensor([3, 36], seed: 13)
        let t = Tensor([0, 3, 1])
        let backprop = net.gradient(x, t), tape = net.tapeGradient(x, t)
        #expect(backprop.gradient.names == ["W1", "b1", "W2", "b2", "W3", "b3"])
        #expect(abs(backprop.loss - tape.loss) <= 1e-15 * abs(backprop.loss))
        let numeric = net.numericalGradient(x, t)
        for (name, (b, (a, n))) in zip(backprop.gradient.names, zip(backprop.gradient.tensors, zip(tape.gradient.tensors, numeric.tensors))) {
            #expect(normRelative(a, b) < 1e-13, "\(name): tape against backprop")
            #expect(normRelative(n, b) < 1e-6, "\(name): numeric against backprop")
        }
    }

    /// Keras's mnist_convnet has 34,826 parameters (its published summary), with the output
    /// shapes (26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), 1600.
    @Test func kerasConvnetHas34826Parameters() throws {
        let net = try Sequential(specification: "conv 32 3x3, relu, maxpool 2, conv 64 3x3, relu, maxpool 2, flatten, dropout 0.5, affine 10",
                                 inputShape: [28, 28, 1], outputSize: 10)
        #expect(net.parameterCount == 34_826)
        let summary = net.summary()
        for shape in ["(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)", "(None, 1600)", "Total params: 34,826"] {
            #expect(summary.contains(shape), "\(shape) missing from\n\(summary)")
        }
        // The book's SimpleConvNet: 30·25 + 30, 4320·100 + 100, 100·10 + 10.
        let simple = try Sequential(specification: "conv 30 5x5, relu, maxpool 2, flatten, affine 100, relu, affine 10",
                                    inputShape: [28, 28, 1], outputSize: 10)
        #expect(simple.parameterCount == 780 + 432_100 + 1_010)
    }

    @Test(arguments: [
        ("conv 4 30x30, flatten, affine 10", "larger than its input"),
        ("conv 4 3x3 stride 0, flatten, affine 10", "stride must be from 1"),
        ("maxpool 0, flatten, affine 10", "pool size from 1"),
        ("conv 4 3x3, flatten, conv 4 3x3, affine 10", "takes images"),
        ("conv 4 3x3, affine 10", "put 'flatten' before it"),
        ("conv 4 3x3 stride 2, flatten, affine 10", "do not cover"),
        ("conv 4, flatten, affine 10", "needs a number of filters"),
        ("conv 4 3y3, flatten, affine 10", "is not a size"),
        ("conv 4 3x3 sideways, flatten, affine 10", "'sideways' is not understood"),
        ("maxpool 2 same, flatten, affine 10", "'same' is not understood"),
    ])
    func mistakesInImageLayersAreNamed(specification: String, expected: String) {
        #expect {
            _ = try Sequential(specification: specification, inputShape: [28, 28, 1], outputSize: 10)
        } throws: { error in
            (error as? NetworkSpecificationError)?.description.contains(expected) ?? false
        }
    }

    @Test func aConvolutionalModelFileKeepsItsShape() throws {
        let net = try Sequential(specification: "conv 2 3x3 same, relu, maxpool 2, flatten, affine 10",
                                 inputShape: [6, 6, 1], outputSize: 10, seed: 14)
        let file = ModelFile(network: net, specification: "conv 2 3x3 same, relu, maxpool 2, flatten, affine 10", inputSize: 36, outputSize: 10)
        let written = file.safetensors()
        #expect(written.metadata["input_shape"] == "6,6,1")
        let again = try ModelFile(written, name: "conv.safetensors")
        let x = randomTensor([2, 36], seed: 15)
        #expect(again.network.inputShape == [6, 6, 1])
        #expect(again.network.predict(x) == net.predict(x))
    }
}

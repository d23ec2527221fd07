import GradLab
import GradLabData
@testable import GradLabFastPaths
import Testing

/// The fast convolutional step (`FastConvolutionBackprop`) against backprop through the layers:
/// its image loops against im2col, col2im and the pooling layers, one gradient, a training run
/// through the trainer, and the accuracy.
@Suite("Fast convolutions equal the layers")
struct FastConvolutionTests {
    /// Seeded 8×8 images, one channel, mostly zeros like MNIST's, with labels.
    static let images: LabeledImages = {
        var generator = SplitMix64(seed: 31)
        let count = 14, pixels = 64
        let bytes = (0..<(count * pixels)).map { _ in generator.nextUniform() < 0.6 ? UInt8(0) : UInt8(1 + generator.nextIndex(below: 255)) }
        let labels = (0..<count).map { _ in UInt8(generator.nextIndex(below: 10)) }
        return try! LabeledImages(pixels: bytes, labels: labels, rows: 8, columns: 8)
    }()

    /// Small networks of every layer the plan knows, and some it runs through their own code.
    static func networks() throws -> [(String, Sequential)] {
        var generator = SplitMix64(seed: 32)
        let simple = try Sequential(specification: "conv 4 3x3, relu, maxpool 2, flatten, affine 12, relu, affine 10",
                                    inputShape: [8, 8, 1], outputSize: 10, initialization: .he, seed: 33)
        let keras = try Sequential(specification: "conv 3 3x3, relu, maxpool 2, conv 5 2x2 same, relu, maxpool 2, flatten, dropout 0.5, affine 10",
                                   inputShape: [8, 8, 1], outputSize: 10, initialization: .he, seed: 34)
        let mixed = Sequential([
            Conv2D(filters: 3, kernelHeight: 3, kernelWidth: 2, channels: 1, stride: 2, padding: .same, initialization: .xavier, using: &generator),
            Tanh(),
            Conv2D(filters: 4, kernelHeight: 2, kernelWidth: 2, channels: 3, padding: .explicit(1), initialization: .xavier, using: &generator),
            BatchNorm(features: 4), Sigmoid(),
            AveragePooling2D(poolSize: 2, stride: 1),
            LeakyReLU(),
            GlobalAveragePooling2D(),
            Affine(inputs: 4, outputs: 10, initialization: .xavier, using: &generator),
        ], weightDecay: WeightDecay(l2: 0.01), inputShape: [8, 8, 1])
        let overlapping = try Sequential(specification: "conv 2 3x3 pad 1, maxpool 3 stride 2, relu, flatten, affine 10",
                                         inputShape: [8, 8, 1], outputSize: 10, initialization: .he, seed: 35)
        return [("simple", simple), ("keras", keras), ("mixed", mixed), ("overlapping", overlapping)]
    }

    // MARK: The image loops

    @Test(arguments: [(Padding.valid, 1, 3, 3), (.same, 2, 3, 2), (.explicit(2), 1, 2, 3), (.same, 3, 5, 5)])
    func unrollingAndFoldingEqualIm2colAndCol2im(padding: Padding, stride: Int, kernelHeight: Int, kernelWidth: Int) throws {
        let x = randomTensor([3, 7, 6, 2], seed: 36)
        let g = try ConvolutionGeometry(inputHeight: 7, inputWidth: 6, channels: 2, kernelHeight: kernelHeight,
                                        kernelWidth: kernelWidth, stride: stride, padding: padding)
        let expected = im2col(x, g)
        let columns = ScratchBuffer(count: expected.count)
        x.scalars.withUnsafeBufferPointer { pixels in
            forEachSlice(of: 3, threads: 2) { unrollWindows(pixels.baseAddress!, g, images: $0, into: columns.pointer) }
        }
        #expect(Array(columns.buffer) == expected.scalars)
        let dcols = randomTensor(expected.shape, seed: 37)
        let folded = ScratchBuffer(count: x.count)
        dcols.scalars.withUnsafeBufferPointer { entries in
            forEachSlice(of: 3, threads: 2) { foldWindows(entries.baseAddress!, g, images: $0, into: folded.pointer) }
        }
        #expect(Array(folded.buffer) == col2im(dcols, g, batch: 3).scalars)
    }

    // MARK: One gradient

    /// A batch with a repeated image, and the whole set: 14 images of 6 × 6 windows are 504 rows
    /// of im2col, deep enough for dW's product to be summed in two slices.
    @Test(arguments: [[3, 0, 7, 7, 12, 5], Array(0..<14)])
    func oneGradientEqualsTheLayers(indices: [Int]) throws {
        let batch = Batch(Self.images, indices: indices)
        for (name, network) in try Self.networks() {
            var readable = network, fast = network
            let expected = readable.trainingGradient(batch.x, batch.t)
            var source = try #require(FastConvolutionBackprop(network, inputSize: 64), "\(name)")
            let actual = source.lossAndGradient(of: &fast, on: batch)
            #expect(actual.loss == expected.loss, "\(name): loss \(actual.loss) vs \(expected.loss)")
            #expect(actual.gradient.names == expected.gradient.names, "\(name)")
            for (tensorName, (a, e)) in zip(expected.gradient.names, zip(actual.gradient.tensors, expected.gradient.tensors)) {
                #expect(a.shape == e.shape, "\(name) \(tensorName)")
                let difference = (a - e).norm(.l2) / Swift.max(e.norm(.l2), .leastNormalMagnitude)
                #expect(difference <= Tolerance.rounding, "\(name) \(tensorName): norm-relative difference \(difference)")
                // The same operations in the same order: the same bits.
                #expect(a == e, "\(name) \(tensorName)")
            }
            // What the step leaves in the layers: BatchNorm's running averages, Dropout's generator.
            #expect(fast.state == readable.state, "\(name)")
            #expect(fast.loss(batch.x, batch.t, mode: .training) == readable.loss(batch.x, batch.t, mode: .training), "\(name)")
        }
    }

    // MARK: Training

    @Test(arguments: [OptimizerKind.sgd, .adam])
    func trainingThroughTheTrainerEqualsTheLayers(optimizer: OptimizerKind) throws {
        let images = Self.images
        for (name, network) in try Self.networks() {
            let configuration = TrainingConfiguration(iterations: 9, batchSize: 5, optimizer: optimizer, seed: 38)
            let readable = try train(network, on: images, testSet: images, configuration: configuration)
            let source = try #require(FastConvolutionBackprop(network, inputSize: 64))
            let fast = try train(network, on: images, testSet: images, configuration: configuration, using: source)
            #expect(fast.losses == readable.losses, "\(name)")
            #expect(fast.epochs == readable.epochs, "\(name)")
            for (a, e) in zip(fast.network.parameters.tensors, readable.network.parameters.tensors) {
                #expect((a - e).norm(.infinity) <= 1e-10, "\(name): weights differ by \((a - e).norm(.infinity))")
            }
            #expect(fast.network.state == readable.network.state, "\(name)")
            #expect(fast.gradientSource != readable.gradientSource)
        }
    }

    // MARK: Evaluation

    @Test(arguments: [1, 4, 100])
    func accuracyEqualsTheLayers(chunkSize: Int) throws {
        for (name, network) in try Self.networks() {
            var source = try #require(FastConvolutionBackprop(network, inputSize: 64))
            #expect(source.accuracy(of: network, on: Self.images, chunkSize: chunkSize) == accuracy(of: network, on: Self.images),
                    "\(name)")
        }
    }

    @Test func theSourceIsForNetworksWithImageLayers() throws {
        let dense = try Sequential(specification: "affine 12, relu, affine 10", inputSize: 64, outputSize: 10)
        #expect(FastConvolutionBackprop(dense, inputSize: 64) == nil)
        let convolutional = try Sequential(specification: "conv 2 3x3, flatten, affine 10", inputShape: [8, 8, 1], outputSize: 10)
        #expect(FastConvolutionBackprop(convolutional, inputSize: 64) != nil)
        #expect(FastConvolutionBackprop(convolutional, inputSize: 63) == nil)
        let plan = try #require(LayerPlan(try Self.networks()[0].1, inputSize: 64))
        #expect(plan.steps.map(\.layers) == [0..<2, 2..<3, 3..<4, 4..<6, 6..<7])
    }
}

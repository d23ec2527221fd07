import Foundation
import GradLab
import GradLabData
@testable import GradLabKernels
@testable import GradLabFastPaths
import Testing

@Suite("Sparse products and small products")
struct SparseProductTests {
    /// Byte images, about four in five pixels 0, like MNIST.
    static func images(count: Int, pixels: Int, seed: UInt64) -> LabeledImages {
        var generator = SplitMix64(seed: seed)
        let bytes = (0..<(count * pixels)).map { _ in generator.nextUniform() < 0.8 ? UInt8(0) : UInt8(1 + generator.nextIndex(below: 255)) }
        let labels = (0..<count).map { _ in UInt8(generator.nextIndex(below: 10)) }
        return try! LabeledImages(pixels: bytes, labels: labels, rows: 1, columns: pixels)
    }

    /// Sums of up to `terms` products of values of order 1, in a different order: a few ulp per term.
    static func tolerance(terms: Int) -> Double { Double(terms) * 4 * Double.ulpOfOne * 10 }

    @Test(arguments: [1, 3, 4, 47, 48, 50, 51, 53, 100])
    func sparseRowsTimesDenseEqualsDense(width: Int) {
        let images = Self.images(count: 9, pixels: 31, seed: UInt64(width))
        let sparse = SparseRows(images)
        #expect(abs(sparse.density - 0.2) < 0.1)
        let W = randomTensor([31, width], seed: 2)
        let rows = [4, 0, 8, 4]
        var out = [Double](repeating: .nan, count: rows.count * width)
        W.scalars.withUnsafeBufferPointer { w in out.withUnsafeMutableBufferPointer { sparse.multiply(rows: rows, by: w.baseAddress!, width: width, into: $0.baseAddress!) } }
        let dense = images.images(at: rows).matmul(W)
        expectClose(Tensor(shape: [rows.count, width], scalars: out), dense, tolerance: Self.tolerance(terms: 31))
    }

    @Test(arguments: [1, 5, 50, 52])
    func sparseColumnsGiveTheTransposedProduct(width: Int) {
        let images = Self.images(count: 12, pixels: 20, seed: 3)
        let sparse = SparseRows(images)
        let rows = [3, 3, 11, 0, 7]
        let dZ = randomTensor([rows.count, width], seed: 4)
        var columns = SparseColumns(columnCount: 20)
        columns.rebuild(from: sparse, rows: rows)
        var dW = [Double](repeating: .nan, count: 20 * width)
        dZ.scalars.withUnsafeBufferPointer { d in dW.withUnsafeMutableBufferPointer {
            columns.transposedProduct(with: d.baseAddress!, width: width, columnRange: 0..<20, into: $0.baseAddress!)
        } }
        let expected = Tensor.matmul(images.images(at: rows), transposeA: true, dZ)
        expectClose(Tensor(shape: [20, width], scalars: dW), expected, tolerance: Self.tolerance(terms: rows.count))
    }

    @Test func sparseRowsFromATensorKeepOnlyNonZeros() {
        let m = Tensor([[0, 1.5, 0], [0, 0, 0], [2, 0, -1]])
        let sparse = SparseRows(m)
        #expect(sparse.rowStart == [0, 1, 1, 3])
        #expect(sparse.columns == [1, 0, 2] && sparse.values == [1.5, 2, -1])
        #expect(abs(sparse.density - 3.0 / 9) < 1e-15)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)], [(7, 10, 5), (9, 50, 10), (5, 13, 3), (1, 1, 1)])
    func smallProductEqualsReference(transposes: (Bool, Bool), sizes: (Int, Int, Int)) {
        let (m, n, k) = sizes
        let a = randomTensor(transposes.0 ? [k, m] : [m, k], seed: 5)
        let b = randomTensor(transposes.1 ? [n, k] : [k, n], seed: 6)
        var c = [Double](repeating: .nan, count: m * n)
        a.scalars.withUnsafeBufferPointer { a in b.scalars.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer {
            smallMatrixMultiply(a.baseAddress!, transposeA: transposes.0, b.baseAddress!, transposeB: transposes.1,
                                into: $0.baseAddress!, m: m, n: n, k: k)
        } } }
        let expected = Tensor.matmul(a, transposeA: transposes.0, b, transposeB: transposes.1)
        expectClose(Tensor(shape: [m, n], scalars: c), expected, tolerance: Self.tolerance(terms: k))
    }

    @Test(arguments: HiddenActivation.allCases)
    func sparseWorkspaceEqualsDenseWorkspace(activation: HiddenActivation) {
        let images = Self.images(count: 40, pixels: 30, seed: 7)
        let net = TwoLayerNet(inputSize: 30, hiddenSize: 50, outputSize: 10, weightInitStd: 0.3, activation: activation, seed: 8)
        let view = TwoLayerView(net)
        let indices = [5, 17, 17, 39, 0, 22, 8, 13, 31, 2, 26, 11]
        let sparse = BackpropWorkspace(for: view), dense = BackpropWorkspace(for: view)
        sparse.loadBatch(from: images, sparse: SparseRows(images), indices: indices)
        dense.loadBatch(from: images, indices: indices)
        let (sparseLoss, sparseGradient) = sparse.lossAndGradient(for: view)
        let (denseLoss, denseGradient) = dense.lossAndGradient(for: view)
        #expect(abs(sparseLoss - denseLoss) < Tolerance.rounding)
        for (a, b) in zip(sparseGradient.named, denseGradient.named) {
            expectClose(a.value, b.value, tolerance: Tolerance.rounding)
        }
        // And both equal the layer-by-layer backprop of the teaching path.
        let x = images.images(at: indices), t = Tensor(images.labels(at: indices).map(Double.init))
        #expect(abs(denseLoss - net.loss(x, t)) < Tolerance.rounding)
        for (a, b) in zip(denseGradient.named, net.gradient(x, t).named) {
            expectClose(a.value, b.value, tolerance: Tolerance.rounding)
        }
    }

    @Test("A step shared with helper threads gives the one-thread step's loss and gradient, bit for bit",
          arguments: HiddenActivation.allCases)
    func sharedStepEqualsOneThread(activation: HiddenActivation) {
        // 30 rows in uneven quarters, 30 pixels in uneven eighths: every chunk boundary is odd.
        let images = Self.images(count: 60, pixels: 30, seed: 11)
        let net = TwoLayerView(TwoLayerNet(inputSize: 30, hiddenSize: 50, outputSize: 10, weightInitStd: 0.3,
                                           activation: activation, seed: 12))
        let indices = (0..<30).map { ($0 * 7) % 60 }
        let sparseRows = SparseRows(images)
        let one = BackpropWorkspace(for: net), shared = BackpropWorkspace(for: net)
        one.loadBatch(from: images, sparse: sparseRows, indices: indices)
        shared.loadBatch(from: images, sparse: sparseRows, indices: indices)
        let oneLoss = one.lossAndGradient(for: net, threads: 1)
        // Several calls: the helper is parked, woken, or still spinning.
        for _ in 0..<20 {
            let sharedLoss = shared.lossAndGradient(for: net, threads: 2)
            #expect(sharedLoss.loss == oneLoss.loss)
            for (a, b) in zip(sharedLoss.gradient.named, oneLoss.gradient.named) {
                #expect(a.value == b.value, "\(a.name)")
            }
        }
    }

    @Test func sparseEvaluationEqualsDense() {
        let images = Self.images(count: 2500, pixels: 30, seed: 9)
        let net = TwoLayerNet(inputSize: 30, hiddenSize: 20, outputSize: 10, weightInitStd: 1, seed: 10)
        let dense = accuracy(of: TwoLayerView(net), on: images)
        #expect(accuracy(of: TwoLayerView(net), on: images, sparse: SparseRows(images)) == dense)
        let all = Array(0..<images.count)
        #expect(dense == net.accuracy(images.images(at: all), Tensor(images.labels(at: all).map(Double.init))))
    }
}

@Suite("Sparse rows: cache warming")
struct SparseTouchTests {
    @Test func touchReadsEveryThirtySecondEntryOfTheRows() {
        let images = SparseProductTests.images(count: 6, pixels: 200, seed: 14)
        let sparse = SparseRows(images)
        // Independently: the column plus the byte of entries 0, 32, 64, … of each row.
        var expected = 0
        for r in [4, 1] {
            for e in stride(from: sparse.rowStart[r], to: sparse.rowStart[r + 1], by: 32) {
                expected += Int(sparse.columns[e]) + Int(sparse.values[e])
            }
        }
        #expect(sparse.touch(rows: [4, 1]) == expected)
        #expect(sparse.touch(rows: []) == 0)
    }
}

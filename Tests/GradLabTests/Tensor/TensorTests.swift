import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

@Suite("Tensor")
struct TensorTests {
    @Test func scalarAndEmptyTensors() {
        let scalar = Tensor(scalar: 3.5)
        #expect(scalar.rank == 0 && scalar.shape == [] && scalar.count == 1 && scalar.scalar == 3.5)
        let empty = Tensor.zeros([0, 4])
        #expect(empty.count == 0 && empty.shape == [0, 4])
        #expect(empty.sum(alongAxis: 0) == Tensor.zeros([4]))
    }

    @Test func initialisersAreRowMajor() {
        let m = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(m.shape == [2, 3])
        #expect(m.scalars == [1, 2, 3, 4, 5, 6])
        #expect(m[1, 2] == 6 && m[0, 1] == 2)
        #expect(m.flatIndex([1, 0]) == 3)
        #expect(m.multiIndex(ofFlatIndex: 5) == [1, 2])
        let cube = Tensor(shape: [2, 2, 2], scalars: (0..<8).map(Double.init))
        #expect(cube[1, 0, 1] == 5)  // 1·4 + 0·2 + 1
    }

    @Test func subscriptWritesOneElement() {
        var m = Tensor.zeros([2, 2])
        m[1, 0] = 7
        m[flat: 1] = 3
        #expect(m.scalars == [0, 3, 7, 0])
    }

    @Test func reshapeInfersOneSize() {
        let v = Tensor((0..<6).map(Double.init))
        #expect(v.reshaped([2, 3]).shape == [2, 3])
        #expect(v.reshaped([-1, 2]).shape == [3, 2])
        #expect(v.reshaped([2, -1]).scalars == v.scalars)
    }

    @Test func transposeSwapsIndices() {
        let m = Tensor([[1, 2, 3], [4, 5, 6]])
        let t = m.transposed()
        #expect(t.shape == [3, 2])
        for i in 0..<2 { for j in 0..<3 { #expect(t[j, i] == m[i, j]) } }
        let cube = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
        let reversed = cube.transposed()
        #expect(reversed.shape == [4, 3, 2])
        #expect(reversed[3, 1, 0] == cube[0, 1, 3])
        #expect(Tensor([1, 2]).transposed() == Tensor([1, 2]))
    }

    @Test func broadcastingRowsAndColumns() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect((x + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
        #expect((x * Tensor([[2], [10]])).scalars == [2, 4, 6, 40, 50, 60])
        #expect((Tensor([[1], [2]]) + Tensor([10, 20, 30])).shape == [2, 3])
        #expect((Tensor([[1], [2]]) + Tensor([10, 20, 30])).scalars == [11, 21, 31, 12, 22, 32])
        #expect((x - 1).scalars == [0, 1, 2, 3, 4, 5])
        #expect((1 - x).scalars == [0, -1, -2, -3, -4, -5])
        #expect((x / 2)[1, 1] == 2.5)
        #expect(Tensor.broadcastShape([100, 3], [3]) == [100, 3])
        #expect(Tensor.broadcastShape([2, 3], [2]) == nil)
        #expect(Tensor.broadcastShape([4, 1, 3], [5, 1]) == [4, 5, 3])
    }

    @Test func compoundAssignment() {
        var x = Tensor([[1, 2], [3, 4]])
        x += Tensor([1, 1])
        x -= Tensor([[0, 1], [0, 1]])
        x *= 2
        #expect(x.scalars == [4, 4, 8, 8])
    }

    @Test func matmulMatchesHandComputation() {
        // The book's example: [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]].
        let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5, 6], [7, 8]])
        #expect(a.matmul(b) == Tensor([[19, 22], [43, 50]]))
        // A vector times a matrix: the book's x = [1, 2] · W = [[1, 3, 5], [2, 4, 6]] = [5, 11, 17].
        let y = Tensor([1, 2]).matmul(Tensor([[1, 3, 5], [2, 4, 6]]))
        #expect(y.shape == [3] && y.scalars == [5, 11, 17])
        // Matrix times vector.
        #expect(a.matmul(Tensor([1, 1])) == Tensor([3, 7]))
        // Transposed forms equal products with materialised transposes.
        let x = randomTensor([7, 13], seed: 1), w = randomTensor([7, 5], seed: 2)
        expectClose(Tensor.matmul(x, transposeA: true, w), x.transposed().matmul(w), tolerance: Tolerance.rounding)
        let d = randomTensor([5, 13], seed: 3)
        expectClose(Tensor.matmul(x, d, transposeB: true), x.matmul(d.transposed()), tolerance: Tolerance.rounding)
    }

    @Test func reductions() {
        let x = Tensor([[1, 5, 3], [4, 2, 6]])
        #expect(x.sum() == 21 && x.mean() == 3.5)
        #expect(x.sum(alongAxis: 0) == Tensor([5, 7, 9]))
        #expect(x.sum(alongAxis: 1) == Tensor([9, 12]))
        #expect(x.mean(alongAxis: 1) == Tensor([3, 4]))
        #expect(x.max(alongAxis: 1) == Tensor([5, 6]))
        #expect(x.argmax() == [1, 2])
        #expect(Tensor([0.1, 0.8, 0.1]).argmax() == [1])
        #expect(Tensor([2, 2, 1]).argmax() == [0])  // ties go to the first
        #expect(Tensor([3, 4]).norm == 5)
    }

    @Test func rowsGatherABatch() {
        let x = Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(x.rows([2, 0, 2]) == Tensor([[5, 6], [1, 2], [5, 6]]))
        #expect(x.row(1) == Tensor([3, 4]))
    }

    @Test func valueSemantics() {
        let original = Tensor([1, 2, 3])
        var copy = original
        copy[0] = 100
        #expect(original[0] == 1)
    }

    #if compiler(>=6.2)
    @Test func shapeErrorsStopTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor([[1, 2, 3], [4, 5, 6]]).matmul(Tensor([[1, 2, 3], [4, 5, 6]]))
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor([[1, 2, 3]]) + Tensor([1, 2])
        }
    }
    #endif
}

import GradLab
import Testing

/// Shape and index operations against small results worked out by hand (each as numpy would
/// print it), then round trips: an operation followed by its inverse gives the input back.
@Suite("Tensor shape and index operations")
struct TensorShapeOperationTests {
    /// 0, 1, …, n−1 in the given shape: every element different, so a misplaced one shows.
    static func counting(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map(Double.init))
    }

    // MARK: Edge cases first

    @Test func emptyAndScalarTensors() {
        let scalar = Tensor(scalar: 7)
        #expect(scalar.permuted([]) == scalar)
        #expect(scalar.padded([]) == scalar)
        #expect(scalar.tiled([]) == scalar)
        #expect(scalar.sum(alongAxes: []) == scalar)
        #expect(scalar.expandingDimensions(at: 0) == Tensor([7]))
        let empty = Tensor.zeros([0, 3])
        #expect(empty.permuted([1, 0]).shape == [3, 0])
        #expect(empty.padded([(1, 0), (0, 0)]) == Tensor.zeros([1, 3]))
        #expect(empty.sum(alongAxes: [0]) == Tensor.zeros([3]))
        #expect(empty.gathered([], alongAxis: 0).shape == [0, 3])
        #expect(Self.counting([2, 3]).sliced([1..<1]).shape == [0, 3])
        #expect(Self.counting([2, 3]).split(alongAxis: 1, sizes: [0, 3])[0].shape == [2, 0])
        #expect(Tensor([1, 2]).topK(0).values.shape == [0])
    }

    // MARK: Shape

    @Test func expandAndSqueeze() {
        let v = Tensor([1, 2, 3])
        #expect(v.expandingDimensions(at: 0).shape == [1, 3])
        #expect(v.expandingDimensions(at: 1).shape == [3, 1])
        let x = Tensor.zeros([1, 3, 1, 2])
        #expect(x.squeezed(axes: [2]).shape == [1, 3, 2])
        #expect(x.squeezed(axes: [2, 0]).shape == [3, 2])
        #expect(x.squeezed().shape == [3, 2])
        #expect(Tensor.zeros([1, 1]).squeezed().shape == [])
    }

    @Test func permuteMovesEveryElement() {
        // np.arange(24).reshape(2, 3, 4).transpose(2, 0, 1): shape (4, 2, 3), and
        // y[k, i, j] = x[i, j, k] = 12i + 4j + k, so y[3, 1, 2] = 12 + 8 + 3 = 23, y[1, 0, 2] = 9.
        let x = Self.counting([2, 3, 4])
        let y = x.permuted([2, 0, 1])
        #expect(y.shape == [4, 2, 3])
        #expect(y[3, 1, 2] == 23 && y[1, 0, 2] == 9)
        // The first row of y: y[0, 0, :] = x[0, :, 0] = [0, 4, 8].
        #expect(Array(y.scalars.prefix(3)) == [0, 4, 8])
        // [1, 0] is the matrix transpose.
        let m = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(m.permuted([1, 0]) == Tensor([[1, 4], [2, 5], [3, 6]]))
        #expect(x.transposed() == x.permuted([2, 1, 0]))
    }

    @Test func permuteThenInversePermuteIsTheIdentity() {
        let x = randomTensor([2, 3, 1, 4], seed: 1)
        for axes in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            #expect(x.permuted(axes).permuted(Tensor.inversePermutation(axes)) == x, "\(axes)")
        }
        #expect(Tensor.inversePermutation([2, 0, 1]) == [1, 2, 0])
    }

    @Test func padSurroundsWithAValue() {
        // np.pad([[1, 2], [3, 4]], ((1, 0), (0, 2)), constant_values=9)
        let x = Tensor([[1, 2], [3, 4]])
        #expect(x.padded([(before: 1, after: 0), (before: 0, after: 2)], value: 9)
                == Tensor([[9, 9, 9, 9], [1, 2, 9, 9], [3, 4, 9, 9]]))
        #expect(Tensor([5]).padded([(2, 1)]) == Tensor([0, 0, 5, 0]))
    }

    @Test func tileRepeatsAlongEachAxis() {
        // np.tile([[1, 2], [3, 4]], (2, 3))
        let x = Tensor([[1, 2], [3, 4]])
        #expect(x.tiled([2, 3]) == Tensor([[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4],
                                           [1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]]))
        #expect(x.tiled([1, 1]) == x)
        #expect(x.tiled([0, 2]).shape == [0, 4])
    }

    // MARK: Joining and splitting

    @Test func concatenateAndStack() {
        let a = Tensor([[1, 2]]), b = Tensor([[3, 4], [5, 6]])
        #expect(Tensor.concatenate([a, b], alongAxis: 0) == Tensor([[1, 2], [3, 4], [5, 6]]))
        #expect(Tensor.concatenate([b, Tensor([[7], [8]])], alongAxis: 1) == Tensor([[3, 4, 7], [5, 6, 8]]))
        // np.stack([[1, 2], [3, 4], [5, 6]], axis=0) and axis=1.
        let vectors = [Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])]
        #expect(Tensor.stack(vectors) == Tensor([[1, 2], [3, 4], [5, 6]]))
        #expect(Tensor.stack(vectors, alongAxis: 1) == Tensor([[1, 3, 5], [2, 4, 6]]))
        // Along the middle axis of rank 3: blocks interleave.
        let x = Self.counting([2, 1, 2]), y = Self.counting([2, 2, 2]) + 10
        let joined = Tensor.concatenate([x, y], alongAxis: 1)
        #expect(joined.shape == [2, 3, 2])
        #expect(joined.scalars == [0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17])
    }

    @Test func splitThenConcatenateIsTheIdentity() {
        let v = Tensor([1, 2, 3, 4, 5])
        #expect(v.split(alongAxis: 0, sizes: [2, 3]) == [Tensor([1, 2]), Tensor([3, 4, 5])])
        let x = randomTensor([3, 6, 2], seed: 2)
        for axis in 0..<3 {
            let pieces = x.split(alongAxis: axis, count: x.shape[axis] == 6 ? 3 : 1)
            #expect(Tensor.concatenate(pieces, alongAxis: axis) == x)
        }
        let uneven = x.split(alongAxis: 1, sizes: [1, 0, 5])
        #expect(uneven.map(\.shape) == [[3, 1, 2], [3, 0, 2], [3, 5, 2]])
        #expect(Tensor.concatenate(uneven, alongAxis: 1) == x)
    }

    // MARK: Indexing

    @Test func sliceCutsABlock() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(x.sliced([0..<2, 1..<3]) == Tensor([[2, 3], [5, 6]]))
        #expect(x.sliced([1..<2]) == Tensor([[4, 5, 6]]))
        #expect(x.sliced(alongAxis: 1, 2..<3) == Tensor([[3], [6]]))
        // np.arange(24).reshape(2, 3, 4)[1:2, 0:3:1, 1:3] = [[[13, 14], [17, 18], [21, 22]]]
        #expect(Self.counting([2, 3, 4]).sliced([1..<2, 0..<3, 1..<3]).scalars == [13, 14, 17, 18, 21, 22])
    }

    @Test func padThenSliceIsTheIdentity() {
        let x = randomTensor([2, 3, 2], seed: 3)
        let padded = x.padded([(1, 2), (0, 1), (3, 0)], value: -1)
        #expect(padded.shape == [5, 4, 5])
        #expect(padded.sliced([1..<3, 0..<3, 3..<5]) == x)
        #expect(abs(padded.sum() - (x.sum() - Double(padded.count - x.count))) < Tolerance.rounding)
    }

    @Test func gatherAndScatterAdd() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(x.gathered([2, 0, 2], alongAxis: 1) == Tensor([[3, 1, 3], [6, 4, 6]]))
        #expect(x.gathered([1, 1], alongAxis: 0) == Tensor([[4, 5, 6], [4, 5, 6]]))
        #expect(x.gathered([1, 0], alongAxis: 0) == x.rows([1, 0]))
        // tf.scatter_nd([[2], [0], [2]], [10, 20, 30], [4]) = [20, 0, 40, 0]: repeats add.
        #expect(Tensor([10, 20, 30]).scattered(at: [2, 0, 2], alongAxis: 0, intoShape: [4]) == Tensor([20, 0, 40, 0]))
        var y = x
        y.scatterAdd(Tensor([[10], [20]]), at: [1], alongAxis: 1)
        #expect(y == Tensor([[1, 12, 3], [4, 25, 6]]))
        #expect(x.scatteringAdd(Tensor([[10], [20]]), at: [1], alongAxis: 1) == y)
    }

    @Test func scatterIsTheTransposeOfGather() {
        // ⟨gather(x), u⟩ = ⟨x, scatter(u)⟩ for every x and u: scatter is gather's adjoint, which
        // is why it is gather's gradient.
        let x = randomTensor([2, 4, 3], seed: 4), indices = [3, 0, 3, 1, 3]
        let u = randomTensor([2, 5, 3], seed: 5)
        let lhs = (x.gathered(indices, alongAxis: 1) * u).sum()
        let rhs = (x * u.scattered(at: indices, alongAxis: 1, intoShape: x.shape)).sum()
        #expect(abs(lhs - rhs) < Tolerance.rounding)
    }

    @Test func whereAndMask() {
        #expect(Tensor.where(Tensor([1, 0, 1]), Tensor([1, 2, 3]), Tensor([-1, -2, -3])) == Tensor([1, -2, 3]))
        // np.where([[1], [0]], [[1, 2]], 0) broadcasts to [[1, 2], [0, 0]].
        #expect(Tensor.where(Tensor([[1], [0]]), Tensor([[1, 2]]), Tensor(scalar: 0)) == Tensor([[1, 2], [0, 0]]))
        let x = Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(x.masked(by: Tensor([1, 0, 1])) == Tensor([[1, 2], [5, 6]]))
        #expect(x.masked(by: [false, true, false]) == Tensor([[3, 4]]))
        #expect(x.masked(by: Tensor([[0, 1], [1, 0], [0, 1]])) == Tensor([2, 3, 6]))
        #expect(x.masked(by: [false, false, false]).shape == [0, 2])
    }

    // MARK: Reductions

    @Test func reductionsOverSetsOfAxes() {
        // x = np.arange(24).reshape(2, 3, 4); x[i, j, k] = 12i + 4j + k.
        let x = Self.counting([2, 3, 4])
        // Over axes (0, 2): Σᵢ Σₖ (12i + 4j + k) = Σᵢ (48i + 16j + 6) = 48 + 32j + 12 = 32j + 60.
        #expect(x.sum(alongAxes: [0, 2]) == Tensor([60, 92, 124]))
        #expect(x.sum(alongAxes: [2, 0], keepingDimensions: true).shape == [1, 3, 1])
        #expect(x.sum(alongAxes: [0, 1, 2]) == Tensor(scalar: 276))
        #expect(x.mean(alongAxes: [0, 2]) == Tensor([7.5, 11.5, 15.5]))
        // Max over (1, 2) is x[i, 2, 3] = 12i + 11; min over (0, 1) is x[0, 0, k] = k.
        #expect(x.max(alongAxes: [1, 2]) == Tensor([11, 23]))
        #expect(x.min(alongAxes: [0, 1], keepingDimensions: true) == Tensor(shape: [1, 1, 4], scalars: [0, 1, 2, 3]))
        // One axis agrees with the old single-axis forms.
        for axis in 0..<3 {
            #expect(x.sum(alongAxis: axis) == x.sum(alongAxes: [axis]))
            #expect(x.max(alongAxis: axis) == x.max(alongAxes: [axis]))
        }
        #expect(Tensor([[1, 5], [4, 2]]).min(alongAxis: 1) == Tensor([1, 2]))
        #expect(Tensor([3, -1, 2]).min() == -1)
    }

    @Test func argmaxArgminAndTopK() {
        let x = Tensor([[1, 5, 5], [7, 2, 0]])
        #expect(x.argmax(alongAxis: 0) == [1, 0, 0])
        #expect(x.argmax(alongAxis: 1) == [1, 0])   // the tie 5, 5 goes to the first
        #expect(x.argmin(alongAxis: 1) == [0, 2])
        #expect(x.argmin() == [0, 2] && x.argmax() == [1, 0])
        // tf.math.top_k([[1, 3, 2, 3], [4, 0, 4, 4]], k=3): ties in index order.
        let (values, indices) = Tensor([[1, 3, 2, 3], [4, 0, 4, 4]]).topK(3)
        #expect(values == Tensor([[3, 3, 2], [4, 4, 4]]))
        #expect(indices == [[1, 3, 2], [0, 2, 3]])
        #expect(Tensor([0.1, 0.7, 0.2]).topK(1).indices == [[1]])
    }

    @Test func norms() {
        let v = Tensor([3, -4])
        #expect(v.norm(.l1) == 7 && v.norm(.l2) == 5 && v.norm(.infinity) == 4)
        // Row norms of [[3, -4], [-1, 0]]: L1 [7, 1], L2 [5, 1], L∞ [4, 1]; column L1 [4, 4].
        let m = Tensor([[3, -4], [-1, 0]])
        #expect(m.norm(.l1, alongAxes: [1]) == Tensor([7, 1]))
        #expect(m.norm(.l2, alongAxes: [1], keepingDimensions: true) == Tensor([[5], [1]]))
        #expect(m.norm(.infinity, alongAxes: [1]) == Tensor([4, 1]))
        #expect(m.norm(.l1, alongAxes: [0]) == Tensor([4, 4]))
        #expect(abs(m.norm(.l2) - m.norm) < Tolerance.rounding)
    }

    #if compiler(>=6.2)
    @Test func badShapesStopTheProcess() async {
        await #expect(processExitsWith: .failure) { _ = Tensor.zeros([2, 3]).permuted([0, 0]) }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.concatenate([Tensor.zeros([2, 3]), Tensor.zeros([3, 2])], alongAxis: 0)
        }
    }
    #endif
}

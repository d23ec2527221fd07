import GradLab
import Testing

/// Every shape and index operation on the tape against central differences, then second
/// derivatives through them (their backward passes are recorded operations too).
@Suite("Gradient tape: shape and index operations")
struct VariableShapeOperationTests {
    /// Central differences with h = 10⁻⁴ on these piecewise-linear or polynomial functions of
    /// order-1 inputs: truncation is 0 or h²·f‴/6 ≈ 1e-9, round-off ≈ 1e-12. The max, min, top k
    /// and norm cases have kinks, but the seeded inputs lie far (≫ h) from every tie and zero.
    static let againstCentralDifference = 1e-7

    /// Each operation, with its inputs' shapes (tiny: the numerical gradient runs it 2n times).
    static let operations: [(String, [[Int]], @Sendable ([Variable]) -> Variable)] = [
        ("expandingDimensions", [[2, 3]], { $0[0].expandingDimensions(at: 1) }),
        ("squeezed(axes:)", [[2, 1, 3]], { $0[0].squeezed(axes: [1]) }),
        ("squeezed()", [[1, 3, 1]], { $0[0].squeezed() }),
        ("permuted", [[2, 3, 4]], { $0[0].permuted([2, 0, 1]) }),
        ("padded", [[2, 3]], { $0[0].padded([(before: 1, after: 0), (before: 2, after: 1)], value: 0.5) }),
        ("sliced", [[3, 4]], { $0[0].sliced([1..<3, 0..<2]) }),
        ("sliced(alongAxis:)", [[2, 4, 2]], { $0[0].sliced(alongAxis: 1, 1..<3) }),
        ("tiled", [[2, 1, 2]], { $0[0].tiled([1, 3, 2]) }),
        ("concatenate along 0", [[2, 3], [1, 3]], { Variable.concatenate([$0[0], $0[1]], alongAxis: 0) }),
        ("concatenate along 1, one input twice", [[2, 1], [2, 3]], { Variable.concatenate([$0[0], $0[1], $0[0]], alongAxis: 1) }),
        ("stack", [[2, 3], [2, 3], [2, 3]], { Variable.stack($0, alongAxis: 1) }),
        ("split(sizes:)", [[4, 3]], {
            let pieces = $0[0].split(alongAxis: 0, sizes: [1, 3])
            return Variable.concatenate([pieces[1], exp(pieces[0])], alongAxis: 0)
        }),
        ("split(count:), one piece used", [[2, 6]], { $0[0].split(alongAxis: 1, count: 3)[1] }),
        ("gathered along 0, repeats", [[3, 4]], { $0[0].gathered([2, 0, 2], alongAxis: 0) }),
        ("gathered along 1", [[2, 3, 2]], { $0[0].gathered([1, 1, 0, 2], alongAxis: 1) }),
        ("scattered", [[3, 2]], { $0[0].scattered(at: [1, 3, 1], alongAxis: 0, intoShape: [4, 2]) }),
        ("scatteringAdd", [[4, 2], [3, 2]], { $0[0].scatteringAdd($0[1], at: [1, 3, 1], alongAxis: 0) }),
        ("where, broadcast", [[2, 3], [3]], { Variable.where(Tensor([[1, 0, 1], [0, 0, 1]]), $0[0], $0[1]) }),
        ("masked by [Bool]", [[3, 2]], { $0[0].masked(by: [true, false, true]) }),
        ("masked by a tensor", [[2, 2, 3]], { $0[0].masked(by: Tensor([[0, 1], [1, 1]])) }),
        ("topK", [[2, 5]], { $0[0].topK(2).values }),
        ("sum(alongAxes:)", [[2, 3, 4]], { $0[0].sum(alongAxes: [0, 2]) }),
        ("sum keeping dimensions", [[2, 3, 4]], { $0[0].sum(alongAxes: [2, 1], keepingDimensions: true) }),
        ("mean(alongAxes:)", [[2, 3, 4]], { $0[0].mean(alongAxes: [1], keepingDimensions: true) }),
        ("max(alongAxes:)", [[2, 3, 4]], { $0[0].max(alongAxes: [0, 2]) }),
        ("min(alongAxes:)", [[2, 3, 4]], { $0[0].min(alongAxes: [1], keepingDimensions: true) }),
        ("max()", [[3, 4]], { $0[0].max() }),
        ("min()", [[3, 4]], { $0[0].min() }),
        ("norm L1 along rows", [[3, 4]], { $0[0].norm(.l1, alongAxes: [1]) }),
        ("norm L2 along rows", [[3, 4]], { $0[0].norm(.l2, alongAxes: [1], keepingDimensions: true) }),
        ("norm L∞ along rows", [[3, 4]], { $0[0].norm(.infinity, alongAxes: [1]) }),
        ("norm L1", [[3, 4]], { $0[0].norm(.l1) }),
        ("norm L2", [[3, 4]], { $0[0].norm(.l2) }),
        ("norm L∞", [[3, 4]], { $0[0].norm(.infinity) }),
    ]

    @Test(arguments: 0..<operations.count)
    func everyOperationMatchesTheNumericalGradient(index: Int) {
        let (name, shapes, operation) = Self.operations[index]
        expectTapeMatchesCentralDifferences(name, shapes: shapes, tolerance: Self.againstCentralDifference, operation)
    }

    @Test func gradientsGoWhereTheElementsCameFrom() {
        // By hand: y = [x₀, x₂, x₂] gathered from x = [1, 2, 3]; L = Σ [1, 10, 100] ⊙ y sends
        // 1 to x₀ and 10 + 100 to x₂. The maximum of [1, 5, 5] sends all to the first 5.
        let tape = GradientTape()
        let x = tape.watch(Tensor([1, 2, 3]))
        let gathered = (x.gathered([0, 2, 2], alongAxis: 0) * Variable(constant: Tensor([1, 10, 100]))).sum()
        #expect(tape.gradient(of: gathered, withRespectTo: [x]) == [Tensor([1, 0, 110])])
        let m = tape.watch(Tensor([1, 5, 5]))
        #expect(tape.gradient(of: m.max(), withRespectTo: [m]) == [Tensor([0, 1, 0])])
        // where: the condition routes g to a or to b.
        let a = tape.watch(Tensor([1, 2])), b = tape.watch(Tensor([3, 4]))
        let chosen: [Tensor] = tape.gradient(of: Variable.where(Tensor([1, 0]), a, b).sum(), withRespectTo: [a, b])
        #expect(chosen == [Tensor([1, 0]), Tensor([0, 1])])
        // L1 of [−2, 0, 3]: sign, 0 at the kink.
        let v = tape.watch(Tensor([-2, 0, 3]))
        #expect(tape.gradient(of: v.norm(.l1), withRespectTo: [v]) == [Tensor([-1, 0, 1])])
    }

    // MARK: Second derivatives

    @Test func secondDerivativeOfTheSumOfASliceOfACube() {
        // L = Σ x[1:3, 0:2]³. ∂L/∂x = 3x² inside the slice, 0 outside; its directional derivative
        // along v is 6·x·v inside, 0 outside: the slice's backward (a pad) and the pad's backward
        // (a slice) both differentiated.
        let x = randomTensor([3, 4], seed: 1), v = randomTensor([3, 4], seed: 2)
        let tape = GradientTape()
        let watched = tape.watch(x)
        let loss = pow(watched.sliced([1..<3, 0..<2]), 3).sum()
        let gradient = tape.gradient(of: loss, withRespectTo: [watched], keepingGraph: true)[0]
        let hv: [Tensor] = tape.gradient(of: (gradient * Variable(constant: v)).sum(), withRespectTo: [watched])
        var expected = Tensor.zeros([3, 4])
        for i in 1..<3 { for j in 0..<2 { expected[i, j] = 6 * x[i, j] * v[i, j] } }
        expectClose(hv[0], expected, tolerance: Tolerance.rounding)
    }

    /// Operations whose Hessian-vector products go through the backward of the backward.
    static let nested: [(String, @Sendable (Variable) -> Variable)] = [
        ("permuted", { $0.permuted([1, 0]) }),
        ("padded", { $0.padded([(1, 1), (0, 2)]) }),
        ("gathered", { $0.gathered([2, 0, 2], alongAxis: 1) }),
        ("scattered", { $0.scattered(at: [3, 0, 3], alongAxis: 1, intoShape: [2, 4]) }),
        ("tiled", { $0.tiled([2, 1]) }),
        ("concatenate", { Variable.concatenate([$0, $0.sliced([0..<1])], alongAxis: 0) }),
        ("max along rows", { $0.max(alongAxes: [1]) }),
        ("norm L2", { $0.norm(.l2, alongAxes: [0]) }),
    ]

    /// H·v of L(x) = Σ w ⊙ op(x)³ (op(x) cubed, so the second derivative is not zero) by the tape,
    /// against the central difference of tape gradients (∇L(x + εv) − ∇L(x − εv)) / 2ε with
    /// ε = 10⁻⁵: truncation ε²·L⁗/6 ≈ 1e-10, round-off ε_machine/ε ≈ 1e-11.
    @Test(arguments: 0..<nested.count)
    func hessianVectorProductsThroughTheBackward(index: Int) {
        let (name, operation) = Self.nested[index]
        let x = randomTensor([2, 3], seed: 5), v = randomTensor([2, 3], seed: 6)
        let weights = randomTensor(operation(Variable(constant: x)).shape, seed: 7)
        func gradient(at point: Tensor, keepingGraph: Bool) -> (GradientTape, Variable, Variable) {
            let tape = GradientTape()
            let watched = tape.watch(point)
            let loss = (pow(operation(watched), 3) * Variable(constant: weights)).sum()
            return (tape, watched, tape.gradient(of: loss, withRespectTo: [watched], keepingGraph: keepingGraph)[0])
        }
        let (tape, watched, g) = gradient(at: x, keepingGraph: true)
        let hv: [Tensor] = tape.gradient(of: (g * Variable(constant: v)).sum(), withRespectTo: [watched])
        let epsilon = 1e-5
        let numeric = (gradient(at: x + epsilon * v, keepingGraph: false).2.value
                       - gradient(at: x - epsilon * v, keepingGraph: false).2.value) / (2 * epsilon)
        let error = (hv[0] - numeric).norm / (hv[0].norm + numeric.norm)
        #expect(error < 1e-6, "\(name): norm-relative error \(error)")
    }
}

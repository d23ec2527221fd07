// Tests for MatrixKernel: the plain triple loop is checked by hand, then the fast kernel is
// compared with it, entry by entry, on shapes chosen to hit every edge of its blocking: the 6×8
// and 8×16 register tiles (both, whichever this machine uses) and their 4- and 8-wide last
// panels, the 96-row A blocks, the 256-deep slices, the packed-B column blocks, the packed and
// in-place ways of reading A and B, and the split across threads.

import Testing
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

@Suite("MatrixKernel")
struct MatrixKernelTests {
    // MARK: The reference itself, against a hand-computed product

    @Test("referenceMultiply matches a hand-computed 2×3 · 3×2 product in all four layouts")
    func referenceByHand() {
        // A = [1 2 3; 4 5 6], B = [7 8; 9 10; 11 12]:
        // A·B = [1·7+2·9+3·11  1·8+2·10+3·12; 4·7+5·9+6·11  4·8+5·10+6·12] = [58 64; 139 154].
        let a: [Double] = [1, 2, 3, 4, 5, 6], aT: [Double] = [1, 4, 2, 5, 3, 6]
        let b: [Double] = [7, 8, 9, 10, 11, 12], bT: [Double] = [7, 9, 11, 8, 10, 12]
        let expected: [Double] = [58, 64, 139, 154]
        for (transposeA, transposeB) in Self.transposeCases {
            for fast in [false, true] {
                let multiply = fast ? MatrixKernel.multiply : MatrixKernel.referenceMultiply
                var c = [Double](repeating: 1, count: 4)
                // Overwrite the 1s, then accumulate twice: C = 3·A·B.
                for accumulate in [false, true, true] {
                    withPointers(transposeA ? aT : a, transposeB ? bT : b, &c) { a, b, c in
                        multiply(a, transposeA, b, transposeB, c, 2, 2, 3, accumulate)
                    }
                }
                #expect(c == expected.map { 3 * $0 },
                        "fast=\(fast) transposeA=\(transposeA) transposeB=\(transposeB)")
            }
        }
    }

    // MARK: Empty sizes

    @Test("k = 0 gives zeros, or leaves C unchanged when accumulating")
    func emptyInnerDimension() {
        let a: [Double] = [1], b: [Double] = [1]
        for accumulate in [false, true] {
            var c: [Double] = [1, 2, 3, 4, 5, 6]
            MatrixKernel.multiply(a, transposeA: false, b, transposeB: true, into: &c,
                                  m: 2, n: 3, k: 0, accumulate: accumulate)
            #expect(c == (accumulate ? [1, 2, 3, 4, 5, 6] : [0, 0, 0, 0, 0, 0]))
        }
    }

    @Test("m = 0 or n = 0 touches nothing")
    func emptyResult() {
        let a = [Double](repeating: 1, count: 12), b = [Double](repeating: 1, count: 12)
        for (m, n) in [(0, 3), (3, 0), (0, 0)] {
            var c: [Double] = [7]
            MatrixKernel.multiply(a, transposeA: false, b, transposeB: false, into: &c,
                                  m: m, n: n, k: 4)
            #expect(c == [7], "m=\(m) n=\(n)")
        }
    }

    // MARK: The fast kernel against the reference

    @Test("1×1, 7×13 · 13×5 and 1×1 · 1×33")
    func smallOddShapes() {
        expectMatchesReference(m: 1, n: 1, k: 1, seed: 1)
        expectMatchesReference(m: 7, n: 5, k: 13, seed: 2)
        expectMatchesReference(m: 1, n: 33, k: 1, seed: 3)
    }

    @Test("Every size around the 6×8 and 8×16 register tiles",
          arguments: MatrixKernelTests.transposeCases.indices)
    func aroundTheRegisterTile(layout: Int) {
        // 5–9 rows and 7–9, 15–17 columns sit on the tiles' edges; 1, 12, 13, 33 on others;
        // n = 1–4, 9–12 and 17 end in a 4-wide panel, n = 7 and 24 in an 8-wide one.
        let (transposeA, transposeB) = Self.transposeCases[layout]
        var seed: UInt64 = 100
        for m in [1, 5, 6, 7, 8, 9, 12, 13, 17] {
            for n in [1, 3, 4, 7, 8, 9, 12, 15, 16, 17, 24, 33] {
                for k in [1, 2, 17] {
                    seed += 1
                    expectMatchesReference(m: m, n: n, k: k, seed: seed,
                                           variants: [(transposeA, transposeB, false),
                                                      (transposeA, transposeB, true)])
                }
            }
        }
    }

    @Test("Sizes around the cache blocks: 96-row A blocks, 256-deep slices, in place vs packed")
    func aroundTheCacheBlocks() {
        // k = 257 and 513 split into 2 and 3 slices; m = 97 and 193 need a second and third A
        // block; n = 56 reads A (and B) in place, n = 64 and 65 pack them.
        let four = Self.fourVariants
        expectMatchesReference(m: 97, n: 17, k: 257, seed: 10, variants: four)
        expectMatchesReference(m: 15, n: 56, k: 513, seed: 11, variants: four)
        expectMatchesReference(m: 193, n: 64, k: 33, seed: 12, variants: four)
        expectMatchesReference(m: 33, n: 65, k: 256, seed: 13, variants: four)
    }

    @Test("Several column blocks of packed B (a large k makes the blocks narrow)")
    func severalColumnBlocks() {
        // Packed B holds 2¹⁸ doubles: with k = 2100 a block is 120 columns, so n = 130 needs two.
        expectMatchesReference(m: 2, n: 130, k: 2100, seed: 20,
                               variants: [(false, false, false), (true, true, true)])
        // n = 20 reads A in place; with k = 14000 B splits into blocks of 16 + 4 columns.
        expectMatchesReference(m: 2, n: 20, k: 14000, seed: 21,
                               variants: [(false, true, true), (true, false, false)])
    }

    @Test("The TwoLayerNet 784-50-10 shapes with batch 100, forward and backward")
    func trainingShapes() {
        // Forward x·W1 and h·W2; backward dW2 = hᵀ·dout, dh = dout·W2ᵀ, dW1 = xᵀ·dh.
        // x·W1 and xᵀ·dh (3.9 million multiply-adds) are split by rows across the cores.
        let shapes: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)] = [
            (100, 50, 784, false, false), (100, 10, 50, false, false),
            (50, 10, 100, true, false), (100, 50, 10, false, true), (784, 50, 100, true, false),
        ]
        for (index, s) in shapes.enumerated() {
            expectMatchesReference(m: s.m, n: s.n, k: s.k, seed: 30 + UInt64(index),
                                   variants: [(s.transposeA, s.transposeB, false),
                                              (s.transposeA, s.transposeB, true)])
        }
    }

    @Test("A wide, short product, split across the cores by columns")
    func splitByColumns() {
        // One row tile and 125 column tiles: with several cores the chunks are column ranges.
        expectMatchesReference(m: 6, n: 1000, k: 600, seed: 40,
                               variants: [(false, false, false), (true, true, true)])
    }

    // MARK: Same bits whatever the tile or the threads

    @Test("Both register tiles, and one thread or all, give bit-for-bit the same product")
    func tilesAndThreadsAgreeExactly() {
        // Each entry is the same chain of fused multiply-adds, slice by slice, however C is cut
        // into tiles and chunks: this is what makes a training run reproduce to the last bit on
        // an AVX2 and an AVX-512 machine alike.
        var rng = SplitMix64(seed: 50)
        let (m, n, k) = (100, 50, 784)
        let a = (0..<m * k).map { _ in rng.nextSigned() }, b = (0..<k * n).map { _ in rng.nextSigned() }
        var results: [[Double]] = []
        for tile in RegisterTile.all {
            for threads in [1, MatrixKernel.cores] {
                var c = [Double](repeating: .nan, count: m * n)
                withPointers(a, b, &c) { a, b, c in
                    MatrixKernel.multiply(a, transposeA: false, b, transposeB: false, into: c, m: m, n: n, k: k,
                                          accumulate: false, tile: tile, maxThreads: threads)
                }
                results.append(c)
            }
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test("Products started from many threads at once are all correct")
    func concurrentCallers() async {
        // The worker pool serves one caller at a time; the others run on their own thread. Each
        // result must still be the single-threaded product, bit for bit.
        var rng = SplitMix64(seed: 60)
        let (m, n, k) = (100, 50, 784)
        let a = (0..<m * k).map { _ in rng.nextSigned() }, b = (0..<k * n).map { _ in rng.nextSigned() }
        var serial = [Double](repeating: 0, count: m * n)
        withPointers(a, b, &serial) { a, b, c in
            MatrixKernel.multiply(a, transposeA: false, b, transposeB: false, into: c, m: m, n: n, k: k,
                                  accumulate: false, tile: .native, maxThreads: 1)
        }
        let expected = serial
        let matches = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var c = [Double](repeating: .nan, count: m * n)
                    for _ in 0..<5 {
                        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
                            MatrixKernel.multiply(a.baseAddress!, transposeA: false, b.baseAddress!, transposeB: false,
                                                  into: c.baseAddress!, m: m, n: n, k: k)
                        } } }
                    }
                    return c == expected
                }
            }
            var all = true
            for await match in group { all = all && match }
            return all
        }
        #expect(matches)
    }
}

// MARK: - Helpers: a seeded generator, and the comparison with the reference

extension MatrixKernelTests {
    /// SplitMix64 (Steele, Lea, Flood 2014): a tiny seedable generator, so every run multiplies
    /// the same matrices.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in [-1, 1).
        mutating func nextSigned() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
    }

    /// The four ways to store A and B: (transposeA, transposeB).
    static let transposeCases = [(false, false), (true, false), (false, true), (true, true)]

    /// One layout and mode of a product.
    typealias Variant = (transposeA: Bool, transposeB: Bool, accumulate: Bool)
    /// Each layout with accumulate off and on.
    static let allVariants: [Variant] = transposeCases.flatMap { t in
        [(t.0, t.1, false), (t.0, t.1, true)]
    }
    /// Each layout once, accumulate off and on alternately: for the larger (slower) shapes.
    static let fourVariants: [Variant] = [(false, false, false), (true, false, true),
                                          (false, true, false), (true, true, true)]

    /// Calls `body` with pointers to the three arrays.
    func withPointers(_ a: [Double], _ b: [Double], _ c: inout [Double],
                      _ body: (UnsafePointer<Double>, UnsafePointer<Double>,
                               UnsafeMutablePointer<Double>) -> Void) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    body(a.baseAddress!, b.baseAddress!, c.baseAddress!)
                }
            }
        }
    }

    /// Worst ratio |fast − reference| / bound over the entries of one product of random A, B
    /// (and C, when accumulating), and whether anything outside C's m×n entries was written.
    ///
    /// The bound, per entry: both results are sums of the same k products (plus the old C when
    /// accumulating) in different orders, and any order of summing s terms is within γₛ·Σ|termᵢ|
    /// of the exact sum, γₛ = s·u/(1 − s·u), u = 2⁻⁵³ (Higham, *Accuracy and Stability of
    /// Numerical Algorithms*, §3.1). So they differ by at most 2·γₖ₊₁·(|C₀| + Σₚ|aᵢₚ|·|bₚⱼ|). The
    /// sum of magnitudes comes from the reference run on |A|, |B| and |C₀| (a few correct digits
    /// are enough). A ratio ≤ 1 means "equal to rounding"; a wrong or missing term gives a ratio
    /// in the thousands.
    func compareWithReference(m: Int, n: Int, k: Int, _ variant: Variant, tile: RegisterTile,
                              seed: UInt64) -> (worstRatio: Double, guardsIntact: Bool) {
        let (transposeA, transposeB, accumulate) = variant
        var rng = SplitMix64(seed: seed)
        let a = (0..<m * k).map { _ in rng.nextSigned() }
        let b = (0..<k * n).map { _ in rng.nextSigned() }
        // Without accumulate, C starts as NaN: an entry added to instead of overwritten stays NaN.
        let c0 = (0..<m * n).map { _ in accumulate ? rng.nextSigned() : Double.nan }
        // 64 sentinels on each side of the fast result catch writes past the edges of C.
        let guardValue = -12345.0, guardCount = 64
        let guardBand = [Double](repeating: guardValue, count: guardCount)
        var fast = guardBand + c0 + guardBand
        var reference = c0
        var magnitude = c0.map { accumulate ? abs($0) : 0 }
        withPointers(a, b, &fast) { a, b, c in
            MatrixKernel.multiply(a, transposeA: transposeA, b, transposeB: transposeB,
                                  into: c + guardCount, m: m, n: n, k: k, accumulate: accumulate,
                                  tile: tile, maxThreads: MatrixKernel.cores)
        }
        withPointers(a, b, &reference) { a, b, c in
            MatrixKernel.referenceMultiply(a, transposeA: transposeA, b, transposeB: transposeB,
                                           into: c, m: m, n: n, k: k, accumulate: accumulate)
        }
        withPointers(a.map(abs), b.map(abs), &magnitude) { a, b, c in
            MatrixKernel.referenceMultiply(a, transposeA: transposeA, b, transposeB: transposeB,
                                           into: c, m: m, n: n, k: k, accumulate: true)
        }
        let u = Double.ulpOfOne / 2
        let gamma = Double(k + 1) * u / (1 - Double(k + 1) * u)
        var worst = 0.0
        for index in 0..<m * n {
            let difference = abs(fast[guardCount + index] - reference[index])
            // NaN counts as a failure, an exact match (even with a zero bound) as a pass.
            let ratio = difference.isNaN ? .infinity
                : (difference == 0 ? 0 : difference / (2 * gamma * magnitude[index]))
            worst = max(worst, ratio)
        }
        let guardsIntact = fast[..<guardCount].allSatisfy { $0 == guardValue }
            && fast[(guardCount + m * n)...].allSatisfy { $0 == guardValue }
        return (worst, guardsIntact)
    }

    /// Expects the fast kernel, with each register tile, to match the reference to rounding and
    /// to stay inside C, in each variant.
    func expectMatchesReference(m: Int, n: Int, k: Int, seed: UInt64,
                                variants: [Variant] = MatrixKernelTests.allVariants,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        for variant in variants {
            for tile in RegisterTile.all {
                let result = compareWithReference(m: m, n: n, k: k, variant, tile: tile, seed: seed)
                let label = "tile \(tile) m=\(m) n=\(n) k=\(k) transposeA=\(variant.transposeA) "
                    + "transposeB=\(variant.transposeB) accumulate=\(variant.accumulate)"
                #expect(result.worstRatio <= 1, "\(label): error \(result.worstRatio)× the bound",
                        sourceLocation: sourceLocation)
                #expect(result.guardsIntact, "\(label): wrote outside C",
                        sourceLocation: sourceLocation)
            }
        }
    }
}

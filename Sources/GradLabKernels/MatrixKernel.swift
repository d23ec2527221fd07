// MatrixKernel.swift: the one hot loop of GradLab, C = op(A)·op(B) for row-major Double matrices.
//
// Why not the triple loop? `c[i][j] += a[i][p] * b[p][j]` does one multiply-add per two loads and
// walks B down its columns, so it waits on memory. This file follows the GotoBLAS/BLIS recipe:
//
// 1. Micro-kernel (registers). A tile of C lives in registers for all k steps; each step p loads
//    one row of B and broadcasts one value of A per tile row, then does one fused multiply-add
//    (`addingProduct`) per row. C is read and written once per tile, not once per step. The tile
//    is as big as the register file allows (a bigger one spills, a smaller one spends more time
//    loading than computing), so it depends on the CPU the package is compiled for:
//    - 6×8 (`RegisterTile.sixByEight`): six `SIMD8<Double>` accumulators, 12 of the 16 AVX2
//      registers (a SIMD8 is two 4-wide registers). 12 FMAs for 8 loads. Also right for ARM64.
//    - 8×16 (`RegisterTile.eightBySixteen`): eight `SIMD16<Double>`, 16 of the 32 AVX-512
//      registers. 16 FMAs for 10 loads, and 16 independent sums: enough to hide the FMA latency
//      (4 cycles × 2 units) that six sums cannot.
//    Package.swift compiles for the building machine's CPU and defines GRADLAB_AVX512 when it has
//    AVX-512. A ragged last panel runs 8 or 4 wide.
// 2. Packing. The micro-kernel wants a tile's width of B values for a step side by side. So B
//    is copied into tile-wide column panels, step after step, zero-padded past its last column
//    (no edge cases in the inner loop), and A into tile-tall row panels, which keeps both compact
//    in cache. Both are read through (row stride, column stride), so a transposed operand is
//    just other strides: no transposed copy is ever made. When C is narrow (n ≤ 56, as in the
//    TwoLayerNet) each value of A meets only a few B panels and a copy would cost about as much
//    as it saves: then A, and B unless transposed, are read in place; only B's ragged last panel
//    is packed, to pad it.
// 3. Cache blocking. The depth k is cut into equal slices of at most KC = 256 steps (784 = 4×196),
//    so one A panel (6×256 doubles, 12 KB) and one B panel (8×256, 16 KB) fit in the 32–48 KB L1
//    cache together (16 KB and 32 KB for the 8×16 tile; AVX-512 CPUs have 48 KB). MC = 96 rows
//    of A (192 KB) stay in the L2 cache while the B panels of a slice stream past them. Packed B
//    holds all slices of up to 2 MB worth of columns.
// 4. Threads. With B packed, chunks of whole tiles (row blocks, or column ranges when C is short)
//    go to the cores through `parallelChunks` (WorkerPool.swift); they only read A and B and write
//    disjoint tiles of C. The pool's helpers spin briefly between calls, as BLAS threads do, so a
//    call finds them awake in a microsecond or two, where waking a Dispatch thread costs 15–25 µs.
//    We split only when each thread gets `parallelThreshold` multiply-adds, and into ~4 chunks
//    per thread, so that a helper that starts late just takes fewer chunks.
//
// Scratch buffers come from `withUnsafeTemporaryAllocation`, which uses the stack when there is
// room, so the small products of a training step make no heap allocations.

import Dispatch
import Foundation

/// Dense matrix multiplication for row-major `Double` matrices: `C = op(A)·op(B)`.
///
/// Every matrix product in GradLab ends here: the `Affine` layer's forward pass `x·W`, and its
/// backward pass `dW = xᵀ·dout`, `dx = dout·Wᵀ` (the transposes are read in place, never copied).
///
/// ```
/// C[i][j] = Σₚ op(A)[i][p] · op(B)[p][j]        i < m, j < n, p < k
/// ```
///
/// ``multiply(_:transposeA:_:transposeB:into:m:n:k:accumulate:)`` is the fast version: cache
/// blocked, vectorised and multi-threaded.
/// ``referenceMultiply(_:transposeA:_:transposeB:into:m:n:k:accumulate:)`` is the plain triple
/// loop it is tested against. They agree to rounding (the fast one adds the products in another
/// order, with fused multiply-adds).
public enum MatrixKernel: Sendable {
    /// Maximum depth of one slice: an A panel and a B panel of this depth fit in L1 together.
    static let kc = 256
    /// Rows of A per block (a multiple of both tiles' heights): they stay in the L2 cache.
    static let mc = 96
    /// Pack A and B only when C has at least this many columns (n > 56); narrower, each value of
    /// A meets so few B panels that packing costs about what it saves.
    static let packMinColumns = 57
    /// Doubles of packed B (all k steps of a block of columns): 2 MB, kept in the L2/L3 cache.
    static let packedBBudget = 1 << 18
    /// Multiply-adds (m·n·k) each thread must get before splitting pays: about 6–12 µs of one
    /// core's work (measured: two threads win from m·n·k ≈ 1.2 million).
    static let parallelThreshold = 600_000
    /// Cores available to this process, read once (the query reads files: ~15 µs per call).
    public static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Computes `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate` is true.
    ///
    /// All matrices are row-major and contiguous.
    /// - `op(A)` is m×k: `a` holds A as m×k, or as k×m when `transposeA` (then `op(A) = Aᵀ`).
    /// - `op(B)` is k×n: `b` holds B as k×n, or as n×k when `transposeB`.
    /// - `c` holds C, m×n. It must not overlap `a` or `b`.
    ///
    /// Large products (m·n·k above about a million) run on all cores. The result equals
    /// ``referenceMultiply(_:transposeA:_:transposeB:into:m:n:k:accumulate:)`` up to rounding:
    /// each entry is the same sum of `k` products, added in a different order.
    ///
    /// - Parameters:
    ///   - a: the m·k elements of A.
    ///   - transposeA: use Aᵀ, A being stored k×m.
    ///   - b: the k·n elements of B.
    ///   - transposeB: use Bᵀ, B being stored n×k.
    ///   - c: the m·n elements of C, overwritten (or added to, when `accumulate`).
    ///   - m: rows of C and of op(A).
    ///   - n: columns of C and of op(B).
    ///   - k: columns of op(A) and rows of op(B): the length of each sum.
    ///   - accumulate: add the product to C instead of overwriting it.
    /// - Precondition: `m`, `n`, `k` ≥ 0. With `k == 0` the product is zero: C is zeroed, or left
    ///   unchanged when accumulating. With `m == 0` or `n == 0` nothing is touched.
    /// - Complexity: 2·m·n·k floating-point operations.
    public static func multiply(
        _ a: UnsafePointer<Double>, transposeA: Bool,
        _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, accumulate: Bool = false
    ) {
        multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: c,
                 m: m, n: n, k: k, accumulate: accumulate, tile: .native, maxThreads: cores)
    }

    /// ``multiply(_:transposeA:_:transposeB:into:m:n:k:accumulate:)`` with a chosen register
    /// tile, on at most `maxThreads` threads. Tests run both tiles on every machine; benchmarks
    /// compare them, and one thread with several. Both tiles give bit-for-bit the same C: every
    /// entry is the same chain of fused multiply-adds, slice by slice.
    public static func multiply(
        _ a: UnsafePointer<Double>, transposeA: Bool,
        _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, accumulate: Bool, tile: RegisterTile, maxThreads: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0,
                     "MatrixKernel.multiply: sizes must be ≥ 0, got m=\(m), n=\(n), k=\(k)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { c.update(repeating: 0, count: m * n) }
            return
        }
        // op(A)[i][p] is at a[i·aRow + p·aCol]; op(B)[p][j] at b[p·bRow + j·bCol].
        let (aRow, aCol) = transposeA ? (1, m) : (k, 1)
        let (bRow, bCol) = transposeB ? (1, k) : (n, 1)
        let depth = sliceDepth(k: k)
        let nr = tile.columns
        // Narrow C: read A (and B, unless transposed) in place. Else pack both.
        let packs = n >= packMinColumns
        let packsFullB = packs || bCol != 1
        // Column block: as wide as the packed-B budget allows for all k steps.
        let width = min(roundUp(n, nr), max(nr, packedBBudget / k / nr * nr))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: (packsFullB ? width : nr) * k) {
            let packedB = $0.baseAddress!
            for j0 in stride(from: 0, to: n, by: width) {
                let block = Block(tile: tile, a: a, aRow: aRow, aCol: aCol, packsA: packs,
                                  b: b + j0 * bCol, bRow: bRow, packedB: packedB,
                                  packsFullB: packsFullB, c: c + j0, ldc: n,
                                  m: m, n: min(width, n - j0), k: k, depth: depth,
                                  accumulate: accumulate)
                // Pack every slice of this block's B (or just its ragged last panel).
                let first = packsFullB ? 0 : block.n / nr
                for p0 in stride(from: 0, to: k, by: depth) where first * nr < block.n {
                    packB(block.b + p0 * bRow + first * nr * bCol, bRow, bCol,
                          into: block.packedPanel(first, p0: p0), k: min(depth, k - p0),
                          n: block.n - first * nr, nr: nr)
                }
                block.computeInParallel(maxThreads: maxThreads)
            }
        }
    }

    /// The depth of the slices a product of depth `k` is summed in: equal slices of at most KC
    /// steps. Each entry of C is the sum of the slices' chains of fused multiply-adds, added to C
    /// in order, so products over consecutive ranges of k of this depth, accumulated one after
    /// the other, give the same bits as one product: a caller with a very deep product (a
    /// convolution's dW, k = batch · windows) can run it slice by slice, its operands' slices hot
    /// in the cache.
    public static func sliceDepth(k: Int) -> Int {
        let slices = Swift.max(1, (k + kc - 1) / kc)
        return (k + slices - 1) / slices
    }

    /// The plain triple loop: `C = op(A)·op(B)` (or `C += …` when `accumulate`), entry by entry.
    ///
    /// Same parameters, layout and preconditions as
    /// ``multiply(_:transposeA:_:transposeB:into:m:n:k:accumulate:)``. Each entry is summed in
    /// order p = 0, 1, …, k−1 with separate multiplies and adds, which makes this the easy-to-trust
    /// reference for tests. Slow for large sizes: one multiply-add per two loads, on one core.
    /// - Complexity: 2·m·n·k floating-point operations.
    public static func referenceMultiply(
        _ a: UnsafePointer<Double>, transposeA: Bool,
        _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, accumulate: Bool = false
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "MatrixKernel.referenceMultiply: "
                     + "sizes must be ≥ 0, got m=\(m), n=\(n), k=\(k)")
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let aip = transposeA ? a[p * m + i] : a[i * k + p]
                    let bpj = transposeB ? b[j * k + p] : b[p * n + j]
                    sum += aip * bpj
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum
            }
        }
    }

    // MARK: - Blocking and threads

    /// One block of columns of C, its B packed: panel s of the slice starting at step p0 is at
    /// `packedB + p0·paddedN + s·nr·(slice depth)`; when B is read in place, only the ragged last
    /// panel is packed, at `packedB + p0·nr`. Threads share a block read-only and write disjoint
    /// tiles of C, hence `@unchecked Sendable`.
    private struct Block: @unchecked Sendable {
        let tile: RegisterTile
        let a: UnsafePointer<Double>, aRow: Int, aCol: Int, packsA: Bool
        let b: UnsafePointer<Double>, bRow: Int
        let packedB: UnsafeMutablePointer<Double>, packsFullB: Bool
        let c: UnsafeMutablePointer<Double>, ldc: Int
        let m: Int, n: Int, k: Int, depth: Int, accumulate: Bool

        var mr: Int { tile.rows }
        var nr: Int { tile.columns }
        var paddedN: Int { roundUp(n, nr) }
        /// Where panel `s` of the slice starting at step `p0` is packed.
        func packedPanel(_ s: Int, p0: Int) -> UnsafeMutablePointer<Double> {
            packsFullB ? packedB + p0 * paddedN + s * nr * min(depth, k - p0) : packedB + p0 * nr
        }

        /// Cuts the block into chunks of whole tiles (row blocks; column ranges too if there are
        /// few rows), about 4 per thread, and computes them on up to `maxThreads` threads.
        func computeInParallel(maxThreads: Int) {
            let tileRows = (m + mr - 1) / mr, panels = paddedN / nr
            let threads = min(maxThreads, m * n * k / parallelThreshold)
            if threads <= 1 { return compute(rowRange: 0..<m, panelRange: 0..<panels) }
            let wanted = 4 * threads
            let rowsPerChunk = mr * min(mc / mr, max(1, tileRows / wanted))
            let rowChunks = (m + rowsPerChunk - 1) / rowsPerChunk
            let columnChunks = max(1, min(panels, wanted / rowChunks))
            let panelsPerChunk = (panels + columnChunks - 1) / columnChunks
            let panelChunks = (panels + panelsPerChunk - 1) / panelsPerChunk
            parallelChunks(rowChunks * panelChunks, threads: threads) { chunk in
                let i0 = chunk / panelChunks * rowsPerChunk
                let s0 = chunk % panelChunks * panelsPerChunk
                compute(rowRange: i0..<min(m, i0 + rowsPerChunk),
                        panelRange: s0..<min(panels, s0 + panelsPerChunk))
            }
        }

        /// C[rowRange][columns of `panelRange`] (=, or += when accumulating) op(A)·op(B), on
        /// this thread: for each MC-tall row block and each slice, (pack A and) run the
        /// micro-kernel over the tiles, B panel by B panel.
        func compute(rowRange: Range<Int>, panelRange: Range<Int>) {
            let capacity = packsA ? min(mc, roundUp(rowRange.count, mr)) * depth : 1
            withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { scratch in
                let packedA = scratch.baseAddress!
                for i0 in stride(from: rowRange.lowerBound, to: rowRange.upperBound, by: mc) {
                    let mb = min(mc, rowRange.upperBound - i0)
                    for p0 in stride(from: 0, to: k, by: depth) {
                        let kb = min(depth, k - p0), aBlock = a + i0 * aRow + p0 * aCol
                        if packsA {
                            packA(aBlock, aRow, aCol, into: packedA, m: mb, k: kb, mr: mr)
                        }
                        // Where A's tiles start, and how to step to the next tile, row and step p.
                        let (aStart, tileStep, rowStep, aNext) = packsA
                            ? (UnsafePointer(packedA), kb * mr, 1, mr)
                            : (aBlock, mr * aRow, aRow, aCol)
                        // The first slice overwrites C unless the caller asked to accumulate.
                        let add = accumulate || p0 > 0
                        // B panel outermost: it stays in L1 while the A panels stream from L2.
                        for s in panelRange {
                            let cols = min(nr, n - s * nr), direct = !packsFullB && cols == nr
                            let panel = direct ? b + p0 * bRow + s * nr
                                               : UnsafePointer(packedPanel(s, p0: p0))
                            let width = direct ? nr : panelWidth(cols, nr: nr)
                            let bNext = direct ? bRow : width
                            for t in 0..<(mb + mr - 1) / mr {
                                let target = c + (i0 + t * mr) * ldc + s * nr
                                let rows = min(mr, mb - t * mr)
                                // One specialised copy of the micro-kernel per tile height and
                                // panel width (`tall` and the vector type are constants in each).
                                @inline(__always)
                                func run<V: SIMD>(_ type: V.Type, tall: Bool) where V.Scalar == Double {
                                    microKernel(type, tall: tall, k: kb, a: aStart + t * tileStep,
                                                aRow: rowStep, aNext: aNext, b: panel, bNext: bNext,
                                                c: target, ldc: ldc, rows: rows, cols: cols, add: add)
                                }
                                let tall = tile == .eightBySixteen
                                switch (tall, width) {
                                case (true, 16): run(SIMD16<Double>.self, tall: true)
                                case (true, 8): run(SIMD8<Double>.self, tall: true)
                                case (true, _): run(SIMD4<Double>.self, tall: true)
                                case (false, 8): run(SIMD8<Double>.self, tall: false)
                                default: run(SIMD4<Double>.self, tall: false)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Packing

    /// Copies the m×k block of op(A) at `a` into `mr`-tall panels: panel r holds rows
    /// r·mr ..< r·mr+mr, step by step (`dst[r·mr·k + p·mr + i]`), rows past `m` zero-filled.
    private static func packA(_ a: UnsafePointer<Double>, _ aRow: Int, _ aCol: Int,
                              into dst: UnsafeMutablePointer<Double>, m: Int, k: Int, mr: Int) {
        // A full panel with the height as a constant, so the compiler unrolls the inner loop.
        func packFull(_ panel: UnsafeMutablePointer<Double>, _ src: UnsafePointer<Double>,
                      height: Int) {
            for p in 0..<k {
                for i in 0..<height { panel[p * height + i] = src[i * aRow + p * aCol] }
            }
        }
        for r in stride(from: 0, to: m, by: mr) {
            let rows = min(mr, m - r), panel = dst + r * k, src = a + r * aRow
            if rows == mr {
                if mr == 8 { packFull(panel, src, height: 8) } else { packFull(panel, src, height: 6) }
            } else {
                for p in 0..<k {
                    for i in 0..<rows { panel[p * mr + i] = src[i * aRow + p * aCol] }
                    for i in rows..<mr { panel[p * mr + i] = 0 }
                }
            }
        }
    }

    /// Copies the k×n block of op(B) at `b` into `nr`-wide panels: panel s holds columns
    /// s·nr ..< s·nr+nr, step by step (`dst[s·nr·k + p·nr + j]`), columns past `n` zero-filled.
    /// A ragged last panel is packed 4 or 8 wide (`dst[s·nr·k + p·w + j]`, w = `panelWidth`).
    private static func packB(_ b: UnsafePointer<Double>, _ bRow: Int, _ bCol: Int,
                              into dst: UnsafeMutablePointer<Double>, k: Int, n: Int, nr: Int) {
        // B row-major, full panel: each step is one vector copy.
        func copyRows<V: SIMD>(_: V.Type, _ panel: UnsafeMutablePointer<Double>,
                               _ src: UnsafePointer<Double>) where V.Scalar == Double {
            for p in 0..<k {
                let row = UnsafeRawPointer(src + p * bRow).loadUnaligned(as: V.self)
                UnsafeMutableRawPointer(panel + p * nr).storeBytes(of: row, as: V.self)
            }
        }
        for s in stride(from: 0, to: n, by: nr) {
            let cols = min(nr, n - s), panel = dst + s * k, src = b + s * bCol
            if bCol == 1 && cols == nr {
                if nr == 16 {
                    copyRows(SIMD16<Double>.self, panel, src)
                } else {
                    copyRows(SIMD8<Double>.self, panel, src)
                }
            } else {
                let w = panelWidth(cols, nr: nr)
                for p in 0..<k {
                    for j in 0..<cols { panel[p * w + j] = src[p * bRow + j * bCol] }
                    for j in cols..<w { panel[p * w + j] = 0 }
                }
            }
        }
    }

    // MARK: - Micro-kernel

    /// One h×w tile (h = 8 when `tall`, else 6; w = the width of `V`): C[0..<rows][0..<cols]
    /// (=, or += when `add`) Σₚ op(A)[i][p]·op(B)[p][j]. op(A)[i][p] is at a[i·aRow + p·aNext] (a
    /// packed panel has aRow = 1, aNext = h), and op(B)[p][0..<w] at b[p·bNext ..< p·bNext + w]
    /// (a packed panel has bNext = w). The tile stays in registers for all `k` steps; C is
    /// touched once, at the end. `tall` is a constant at every call, so the compiler drops rows
    /// 6 and 7 from the 6-row copies.
    @inline(__always)
    private static func microKernel<V: SIMD>(_: V.Type, tall: Bool, k: Int,
                                             a: UnsafePointer<Double>, aRow: Int, aNext: Int,
                                             b: UnsafePointer<Double>, bNext: Int,
                                             c: UnsafeMutablePointer<Double>, ldc: Int,
                                             rows: Int, cols: Int, add: Bool)
    where V.Scalar == Double {
        let height = tall ? 8 : 6
        // Rows past the edge of A re-read its last row; their results are never stored.
        let r = rows - 1
        let a0 = a, a1 = a + min(1, r) * aRow, a2 = a + min(2, r) * aRow
        let a3 = a + min(3, r) * aRow, a4 = a + min(4, r) * aRow, a5 = a + min(5, r) * aRow
        let a6 = a + min(6, r) * aRow, a7 = a + min(7, r) * aRow
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()
        var ap = 0, bp = UnsafeRawPointer(b)
        for _ in 0..<k {
            // Row p of the B panel, times each row's A value broadcast to all lanes.
            let bv = bp.loadUnaligned(as: V.self)
            c0 = c0.addingProduct(V(repeating: a0[ap]), bv)
            c1 = c1.addingProduct(V(repeating: a1[ap]), bv)
            c2 = c2.addingProduct(V(repeating: a2[ap]), bv)
            c3 = c3.addingProduct(V(repeating: a3[ap]), bv)
            c4 = c4.addingProduct(V(repeating: a4[ap]), bv)
            c5 = c5.addingProduct(V(repeating: a5[ap]), bv)
            if tall {
                c6 = c6.addingProduct(V(repeating: a6[ap]), bv)
                c7 = c7.addingProduct(V(repeating: a7[ap]), bv)
            }
            ap += aNext
            bp += bNext * MemoryLayout<Double>.stride
        }
        if rows == height && cols == V.scalarCount {
            // Full tile: one vector (load-add-)store per row, straight into C.
            func store(_ v: V, _ row: Int) {
                let dst = UnsafeMutableRawPointer(c + row * ldc)
                dst.storeBytes(of: add ? dst.loadUnaligned(as: V.self) + v : v, as: V.self)
            }
            store(c0, 0); store(c1, 1); store(c2, 2); store(c3, 3); store(c4, 4); store(c5, 5)
            if tall { store(c6, 6); store(c7, 7) }
        } else {
            // Edge tile: spill to a small buffer, then copy only the part inside C.
            withUnsafeTemporaryAllocation(of: V.self, capacity: 8) { tile in
                tile[0] = c0; tile[1] = c1; tile[2] = c2; tile[3] = c3; tile[4] = c4; tile[5] = c5
                tile[6] = c6; tile[7] = c7
                for i in 0..<rows {
                    for j in 0..<cols {
                        let dst = c + i * ldc + j
                        dst.pointee = add ? dst.pointee + tile[i][j] : tile[i][j]
                    }
                }
            }
        }
    }

    /// Width of a packed B panel holding `cols` columns: 4 for 1–4 columns, 8 for 5–8, else `nr`.
    private static func panelWidth(_ cols: Int, nr: Int) -> Int {
        cols <= 4 ? 4 : (cols <= 8 ? 8 : nr)
    }

    /// The smallest multiple of `step` that is ≥ `x`.
    private static func roundUp(_ x: Int, _ step: Int) -> Int { (x + step - 1) / step * step }
}

/// C = op(A) · op(B) for the small products of a training step (100×50 · 50×10 and its
/// transposes), where the blocked kernel's packing and threads cost more than the arithmetic.
/// Same layout and meaning as `MatrixKernel.multiply`, overwriting C.
///
/// A transposed B is first copied the right way round (it is tiny), so that B's rows are read
/// contiguously. Then:
/// - narrow C (n ≤ 12, the 10 classes): B is padded to a multiple of 4 columns, and four rows of
///   C are computed together, their columns in SIMD4 registers, so each element of B loaded
///   serves four rows;
/// - wider C (the 50 hidden units): each row of C is a combination of rows of B, computed by the
///   same twelve-accumulator loop as the sparse products.
public func smallMatrixMultiply(
    _ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>, transposeB: Bool,
    into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int
) {
    if transposeB {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k * n) { buffer in
            let bt = buffer.baseAddress!
            for j in 0..<n { for p in 0..<k { bt[p &* n &+ j] = b[j &* k &+ p] } }
            smallMatrixMultiply(a, transposeA: transposeA, UnsafePointer(bt), transposeB: false, into: c, m: m, n: n, k: k)
        }
        return
    }
    if n <= 12 {
        narrowMultiply(a, transposeA: transposeA, b, into: c, m: m, n: n, k: k)
        return
    }
    // Row i of C = Σₚ op(A)[i, p] · B[p, :]; op(A)'s row is contiguous unless A is transposed.
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: k) { identity in
        for p in 0..<k { identity[p] = Int32(p) }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { column in
            for i in 0..<m {
                let coefficients: UnsafePointer<Double>
                if transposeA {
                    for p in 0..<k { column[p] = a[p &* m &+ i] }
                    coefficients = UnsafePointer(column.baseAddress!)
                } else {
                    coefficients = a + i &* k
                }
                sparseLinearCombination(source: b, width: n, rows: UnsafePointer(identity.baseAddress!), values: coefficients,
                                        entries: 0..<k, into: c + i &* n)
            }
        }
    }
}

/// C = op(A) · B for n ≤ 12: B padded to 4·⌈n/4⌉ columns, four rows of C at a time.
private func narrowMultiply(
    _ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>,
    into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int
) {
    let width = (n + 3) / 4 * 4
    withUnsafeTemporaryAllocation(of: Double.self, capacity: k * width) { padded in
        let bp = padded.baseAddress!
        for p in 0..<k {
            for j in 0..<width { bp[p &* width &+ j] = j < n ? b[p &* n &+ j] : 0 }
        }
        let raw = UnsafeRawPointer(bp)
        @inline(__always) func coefficient(_ i: Int, _ p: Int) -> Double {
            transposeA ? a[p &* m &+ i] : a[i &* k &+ p]
        }
        @inline(__always) func store(_ value: SIMD4<Double>, row: Int, column j: Int) {
            for lane in 0..<min(4, n - j) { c[row &* n &+ j &+ lane] = value[lane] }
        }
        var i = 0
            while i < m {
                let rows = min(4, m - i)
                var j = 0
                while j < width {
                    // Four rows × one SIMD4 of columns: four independent chains of FMAs.
                    var r0 = SIMD4<Double>(), r1 = SIMD4<Double>(), r2 = SIMD4<Double>(), r3 = SIMD4<Double>()
                    for p in 0..<k {
                        let bRow = raw.loadUnaligned(fromByteOffset: (p &* width &+ j) &<< 3, as: SIMD4<Double>.self)
                        r0 = r0.addingProduct(SIMD4(repeating: coefficient(i, p)), bRow)
                        if rows > 1 { r1 = r1.addingProduct(SIMD4(repeating: coefficient(i &+ 1, p)), bRow) }
                        if rows > 2 { r2 = r2.addingProduct(SIMD4(repeating: coefficient(i &+ 2, p)), bRow) }
                        if rows > 3 { r3 = r3.addingProduct(SIMD4(repeating: coefficient(i &+ 3, p)), bRow) }
                    }
                    store(r0, row: i, column: j)
                    if rows > 1 { store(r1, row: i &+ 1, column: j) }
                    if rows > 2 { store(r2, row: i &+ 2, column: j) }
                    if rows > 3 { store(r3, row: i &+ 3, column: j) }
                    j &+= 4
                }
                i &+= 4
            }
    }
}

/// C = op(A) · op(B) for the small products of a training step (100×50 · 50×10 and its
/// transposes), where the blocked kernel's packing costs more than the arithmetic.
///
/// Row by row: each row of C is a sum of rows of op(B), scaled by that row of op(A), with the
/// columns of C in SIMD4 registers. A transposed B is first copied the right way round (it is
/// tiny), so that the inner loop always reads contiguous memory. Same layout and meaning as
/// `MatrixKernel.multiply`, overwriting C.
func smallMatrixMultiply(
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
    let rawB = UnsafeRawPointer(b)
    for i in 0..<m {
        let row = c + i &* n
        let rawRow = UnsafeMutableRawPointer(row)
        row.update(repeating: 0, count: n)
        for p in 0..<k {
            let scalar = transposeA ? a[p &* m &+ i] : a[i &* k &+ p]
            if scalar == 0 { continue }  // ReLU zeros and padding: nothing to add
            let splat = SIMD4(repeating: scalar)
            let bRow = p &* n
            var j = 0
            while j &+ 4 <= n {
                let sum = rawRow.loadUnaligned(fromByteOffset: j &<< 3, as: SIMD4<Double>.self)
                    .addingProduct(splat, rawB.loadUnaligned(fromByteOffset: (bRow &+ j) &<< 3, as: SIMD4<Double>.self))
                rawRow.storeBytes(of: sum, toByteOffset: j &<< 3, as: SIMD4<Double>.self)
                j &+= 4
            }
            while j < n {
                row[j] = row[j].addingProduct(scalar, b[bRow &+ j])
                j &+= 1
            }
        }
    }
}

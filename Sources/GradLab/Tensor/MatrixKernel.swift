// PLACEHOLDER: replaced by the blocked SIMD kernel.

/// Matrix multiplication on raw row-major buffers.
public enum MatrixKernel {
    /// C = op(A) · op(B) (or C += op(A) · op(B) when `accumulate`), all row-major.
    public static func multiply(
        _ a: UnsafePointer<Double>, transposeA: Bool,
        _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, accumulate: Bool = false
    ) {
        referenceMultiply(a, transposeA: transposeA, b, transposeB: transposeB, into: c,
                          m: m, n: n, k: k, accumulate: accumulate)
    }

    static func multiply(
        _ a: UnsafePointer<Double>, transposeA: Bool,
        _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, accumulate: Bool, maxThreads: Int
    ) {
        referenceMultiply(a, transposeA: transposeA, b, transposeB: transposeB, into: c,
                          m: m, n: n, k: k, accumulate: accumulate)
    }

    /// The plain triple loop.
    public static func referenceMultiply(
        _ a: UnsafePointer<Double>, transposeA: Bool,
        _ b: UnsafePointer<Double>, transposeB: Bool,
        into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, accumulate: Bool = false
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    sum += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j])
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum
            }
        }
    }
}

import Foundation

/// eˣ for four lanes at once, for the hot loops of training and of the numerical gradient
/// (sigmoid and softmax call exp millions of times per epoch).
///
/// The method is the classic one, written out so that the compiler can keep all four lanes in
/// one AVX register:
///
/// ```
/// n = round(x / ln 2)              so that x = n·ln 2 + r with |r| ≤ ln 2 / 2
/// r = (x − n·ln2_hi) − n·ln2_lo     ln 2 split in two so that n·ln2_hi is exact (Cody–Waite)
/// eʳ = Σₖ₌₀¹³ rᵏ/k!                  Taylor series: the first omitted term is below 2⁻⁵⁴·eʳ
/// eˣ = 2ⁿ · eʳ                      2ⁿ built directly from its bit pattern
/// ```
///
/// Measured against `Foundation.exp` over the whole finite range it differs by at most 2 ulp
/// (see the tests). Lanes outside [−708, 709], where 2ⁿ would leave the normal range, and NaN
/// lanes fall back to `Foundation.exp`, so overflow, underflow and NaN behave as usual.
@inline(__always)
public func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let inRange = (x .>= -708) .& (x .<= 709)
    if _slowPath(!all(inRange)) {
        return SIMD4(Foundation.exp(x[0]), Foundation.exp(x[1]), Foundation.exp(x[2]), Foundation.exp(x[3]))
    }
    // Adding 1.5·2⁵² rounds x/ln 2 to an integer and leaves that integer in the low bits.
    let magic = SIMD4<Double>(repeating: 0x1.8p52)
    let t = x * 1.4426950408889634 + magic
    let n = t - magic
    let r = (x - n * 0.6931471803691238) - n * 1.9082149292705877e-10
    // Horner's rule for Σ rᵏ/k!, k = 0 … 13.
    var p = SIMD4<Double>(repeating: 1.0 / 6227020800)
    p = SIMD4(repeating: 1.0 / 479001600).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 39916800).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 3628800).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 362880).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 40320).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 5040).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 720).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 120).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 24).addingProduct(p, r)
    p = SIMD4(repeating: 1.0 / 6).addingProduct(p, r)
    p = SIMD4(repeating: 0.5).addingProduct(p, r)
    p = SIMD4(repeating: 1).addingProduct(p, r)
    p = SIMD4(repeating: 1).addingProduct(p, r)
    // 2ⁿ: the exponent field holds n + 1023.
    let bits = (unsafeBitCast(t, to: SIMD4<UInt64>.self) &+ 1023) &<< 52
    return p * unsafeBitCast(bits, to: SIMD4<Double>.self)
}

/// Replaces every element of `buffer` by its exponential, four at a time.
public func expInPlace(_ buffer: UnsafeMutableBufferPointer<Double>) {
    guard let base = buffer.baseAddress else { return }
    let raw = UnsafeMutableRawPointer(base)
    var i = 0
    while i + 4 <= buffer.count {
        let x = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
        raw.storeBytes(of: exp(x), toByteOffset: i * 8, as: SIMD4<Double>.self)
        i += 4
    }
    while i < buffer.count {
        buffer[i] = Foundation.exp(buffer[i])
        i += 1
    }
}

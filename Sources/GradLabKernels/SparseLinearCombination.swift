/// target[0 ..< width] = Σₑ valueₑ · source[rowₑ, 0 ..< width] over the entries e in `entries`:
/// the one loop behind both sparse products (x · W1 row by row, and xᵀ · dZ pixel by pixel).
///
/// Why it is shaped like this: each entry adds a multiple of one source row, so the sums for
/// 48 columns live in twelve SIMD4 registers while the entries stream past, and the twelve
/// fused multiply-adds of an entry are independent of each other. With fewer accumulators the
/// loop would wait on the 4-cycle latency of each FMA instead of issuing two per cycle. (With
/// AVX-512 six 8-wide registers hold the 48 columns; each column's sum is the same chain of
/// fused multiply-adds either way, so the results are identical.) Up to
/// three leftover columns ride along in scalar registers in the same pass (50 = 48 + 2 for the
/// book's hidden layer), so the entries are read once.
@inline(__always)
func sparseLinearCombination<Index: BinaryInteger, Value: SparseValue>(
    source: UnsafePointer<Double>, width: Int, rows: UnsafePointer<Index>, values: UnsafePointer<Value>,
    entries: Range<Int>, into target: UnsafeMutablePointer<Double>
) {
    let raw = UnsafeRawPointer(source)
    let out = UnsafeMutableRawPointer(target)
    let table = Value.table
    // Wrapping arithmetic: the offsets are in range by construction, and overflow checks on
    // every address would cost more than the arithmetic they guard.
    @inline(__always) func load(_ row: Int, _ column: Int) -> SIMD4<Double> {
        raw.loadUnaligned(fromByteOffset: (row &* width &+ column) &<< 3, as: SIMD4<Double>.self)
    }
    var j = 0
    while j + 48 <= width {
        let leftover = width - j - 48 < 4 ? width - j - 48 : 0
        #if GRADLAB_AVX512
        // AVX-512: the same 48 columns in six 8-wide registers, half the instructions.
        typealias V = SIMD8<Double>
        var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V()
        var t0 = 0.0, t1 = 0.0, t2 = 0.0
        for e in entries {
            let row = Int(rows[e])
            let scalar = values[e].doubleValue(using: table)
            let v = V(repeating: scalar)
            let p = raw + ((row &* width &+ j) &<< 3)
            a0 = a0.addingProduct(v, p.loadUnaligned(as: V.self))
            a1 = a1.addingProduct(v, p.loadUnaligned(fromByteOffset: 64, as: V.self))
            a2 = a2.addingProduct(v, p.loadUnaligned(fromByteOffset: 128, as: V.self))
            a3 = a3.addingProduct(v, p.loadUnaligned(fromByteOffset: 192, as: V.self))
            a4 = a4.addingProduct(v, p.loadUnaligned(fromByteOffset: 256, as: V.self))
            a5 = a5.addingProduct(v, p.loadUnaligned(fromByteOffset: 320, as: V.self))
            if leftover > 0 {
                let base = source + (row &* width &+ j &+ 48)
                t0 = t0.addingProduct(scalar, base[0])
                if leftover > 1 { t1 = t1.addingProduct(scalar, base[1]) }
                if leftover > 2 { t2 = t2.addingProduct(scalar, base[2]) }
            }
        }
        out.storeBytes(of: a0, toByteOffset: j * 8, as: V.self)
        out.storeBytes(of: a1, toByteOffset: j * 8 + 64, as: V.self)
        out.storeBytes(of: a2, toByteOffset: j * 8 + 128, as: V.self)
        out.storeBytes(of: a3, toByteOffset: j * 8 + 192, as: V.self)
        out.storeBytes(of: a4, toByteOffset: j * 8 + 256, as: V.self)
        out.storeBytes(of: a5, toByteOffset: j * 8 + 320, as: V.self)
        #else
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        var a4 = SIMD4<Double>(), a5 = SIMD4<Double>(), a6 = SIMD4<Double>(), a7 = SIMD4<Double>()
        var a8 = SIMD4<Double>(), a9 = SIMD4<Double>(), a10 = SIMD4<Double>(), a11 = SIMD4<Double>()
        var t0 = 0.0, t1 = 0.0, t2 = 0.0
        for e in entries {
            let row = Int(rows[e])
            let scalar = values[e].doubleValue(using: table)
            let v = SIMD4(repeating: scalar)
            let p = raw + ((row &* width &+ j) &<< 3)
            a0 = a0.addingProduct(v, p.loadUnaligned(as: SIMD4<Double>.self))
            a1 = a1.addingProduct(v, p.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self))
            a2 = a2.addingProduct(v, p.loadUnaligned(fromByteOffset: 64, as: SIMD4<Double>.self))
            a3 = a3.addingProduct(v, p.loadUnaligned(fromByteOffset: 96, as: SIMD4<Double>.self))
            a4 = a4.addingProduct(v, p.loadUnaligned(fromByteOffset: 128, as: SIMD4<Double>.self))
            a5 = a5.addingProduct(v, p.loadUnaligned(fromByteOffset: 160, as: SIMD4<Double>.self))
            a6 = a6.addingProduct(v, p.loadUnaligned(fromByteOffset: 192, as: SIMD4<Double>.self))
            a7 = a7.addingProduct(v, p.loadUnaligned(fromByteOffset: 224, as: SIMD4<Double>.self))
            a8 = a8.addingProduct(v, p.loadUnaligned(fromByteOffset: 256, as: SIMD4<Double>.self))
            a9 = a9.addingProduct(v, p.loadUnaligned(fromByteOffset: 288, as: SIMD4<Double>.self))
            a10 = a10.addingProduct(v, p.loadUnaligned(fromByteOffset: 320, as: SIMD4<Double>.self))
            a11 = a11.addingProduct(v, p.loadUnaligned(fromByteOffset: 352, as: SIMD4<Double>.self))
            if leftover > 0 {
                let base = source + (row &* width &+ j &+ 48)
                t0 = t0.addingProduct(scalar, base[0])
                if leftover > 1 { t1 = t1.addingProduct(scalar, base[1]) }
                if leftover > 2 { t2 = t2.addingProduct(scalar, base[2]) }
            }
        }
        out.storeBytes(of: a0, toByteOffset: j * 8, as: SIMD4<Double>.self)
        out.storeBytes(of: a1, toByteOffset: j * 8 + 32, as: SIMD4<Double>.self)
        out.storeBytes(of: a2, toByteOffset: j * 8 + 64, as: SIMD4<Double>.self)
        out.storeBytes(of: a3, toByteOffset: j * 8 + 96, as: SIMD4<Double>.self)
        out.storeBytes(of: a4, toByteOffset: j * 8 + 128, as: SIMD4<Double>.self)
        out.storeBytes(of: a5, toByteOffset: j * 8 + 160, as: SIMD4<Double>.self)
        out.storeBytes(of: a6, toByteOffset: j * 8 + 192, as: SIMD4<Double>.self)
        out.storeBytes(of: a7, toByteOffset: j * 8 + 224, as: SIMD4<Double>.self)
        out.storeBytes(of: a8, toByteOffset: j * 8 + 256, as: SIMD4<Double>.self)
        out.storeBytes(of: a9, toByteOffset: j * 8 + 288, as: SIMD4<Double>.self)
        out.storeBytes(of: a10, toByteOffset: j * 8 + 320, as: SIMD4<Double>.self)
        out.storeBytes(of: a11, toByteOffset: j * 8 + 352, as: SIMD4<Double>.self)
        #endif
        j += 48
        if leftover > 0 {
            target[j] = t0
            if leftover > 1 { target[j + 1] = t1 }
            if leftover > 2 { target[j + 2] = t2 }
            j += leftover
        }
    }
    // Narrower remainders: blocks of four columns, two entries at a time so that two
    // independent chains of FMAs overlap.
    while j + 4 <= width {
        var a = SIMD4<Double>(), b = SIMD4<Double>()
        var e = entries.lowerBound
        while e + 1 < entries.upperBound {
            a = a.addingProduct(SIMD4(repeating: values[e].doubleValue(using: table)), load(Int(rows[e]), j))
            b = b.addingProduct(SIMD4(repeating: values[e + 1].doubleValue(using: table)), load(Int(rows[e + 1]), j))
            e += 2
        }
        if e < entries.upperBound { a = a.addingProduct(SIMD4(repeating: values[e].doubleValue(using: table)), load(Int(rows[e]), j)) }
        out.storeBytes(of: a + b, toByteOffset: j * 8, as: SIMD4<Double>.self)
        j += 4
    }
    while j < width {
        var a = 0.0, b = 0.0
        var e = entries.lowerBound
        while e + 1 < entries.upperBound {
            a = a.addingProduct(values[e].doubleValue(using: table), source[Int(rows[e]) &* width &+ j])
            b = b.addingProduct(values[e + 1].doubleValue(using: table), source[Int(rows[e + 1]) &* width &+ j])
            e += 2
        }
        if e < entries.upperBound { a = a.addingProduct(values[e].doubleValue(using: table), source[Int(rows[e]) &* width &+ j]) }
        target[j] = a + b
        j += 1
    }
}

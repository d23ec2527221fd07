// libFuzzer harness for GradLab's DEFLATE and gzip readers (Sources/GradLabData/Inflate.swift,
// Gzip.swift). Built together with the GradLabData sources by scripts/fuzz.sh, with
// `swiftc -sanitize=fuzzer,address`, so an out-of-bounds access or a trap is a finding.
//
// Every input goes through both entry points: as a raw DEFLATE stream, which reaches every
// corner of the decoder without a CRC to get past, and as a gzip file. Rejecting an input with
// a DataError is the expected answer for almost all of them; only a crash, a sanitizer report,
// a hang (libFuzzer's -timeout) or a broken invariant below is a finding.

/// libFuzzer's entry point: decodes `size` bytes at `data` both ways.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        _ = try Inflate.decompress(bytes, name: "fuzz")
    } catch {
        // A DataError (the only type Inflate throws): a rejected stream, as expected.
    }
    do {
        let output = try Gzip.decompress(bytes, name: "fuzz")
        // DEFLATE cannot expand more than 1032:1 (a 258-byte match per 2 bits, at best), so an
        // accepted file producing more would mean the decoder made bytes up.
        precondition(output.count <= bytes.count * 1032, "gzip: \(output.count) bytes from \(bytes.count)")
    } catch {
        // A DataError (the only type Gzip throws): a rejected file, as expected.
    }
    return 0
}

// libFuzzer harness for GradLab's safetensors reader (Sources/GradLabData/Safetensors.swift) and
// its JSON header reader (HeaderJSON.swift). Built with the GradLabData sources by
// scripts/fuzz.sh, with `swiftc -sanitize=fuzzer,address`.
//
// A DataError is the expected answer for most inputs; a crash, a sanitizer report or a broken
// invariant below is a finding.

/// libFuzzer's entry point: parses `size` bytes at `data` as a safetensors file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let file = try Safetensors(bytes: bytes, name: "fuzz")
        // Accepted: every tensor holds its shape's elements, and the data section is exactly
        // the sum of the tensors' bytes.
        var dataBytes = 0
        for entry in file.entries {
            precondition(entry.scalars.count == entry.shape.reduce(1, *), "\(entry.name): \(entry.shape), \(entry.scalars.count)")
            dataBytes += entry.scalars.count * entry.dtype.size
        }
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        precondition(8 + headerLength + dataBytes == bytes.count, "sizes: \(headerLength) + \(dataBytes) ≠ \(bytes.count - 8)")
        // Written again and read back, the file holds the same tensors (NaN compared by bits).
        let again = try Safetensors(bytes: file.encoded(), name: "again")
        precondition(again.metadata == file.metadata && again.entries.count == file.entries.count)
        let sorted = { (entries: [Safetensors.Entry]) in entries.sorted { $0.name < $1.name } }
        for (a, b) in zip(sorted(again.entries), sorted(file.entries)) {
            precondition(a.name == b.name && a.shape == b.shape && a.dtype == b.dtype
                         && a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "round trip of \(a.name)")
        }
    } catch {
        // A DataError (the only type the reader throws): a rejected file, as expected.
    }
    return 0
}

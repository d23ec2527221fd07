// libFuzzer harness for GradLab's IDX reader (Sources/GradLabData/IDXFile.swift) and the pairing
// of images with labels (LabeledImages.swift). Built with the GradLabData sources by
// scripts/fuzz.sh, with `swiftc -sanitize=fuzzer,address`.
//
// An input starting with the gzip magic is gunzipped first, as `IDXFile.load` does with a
// `.gz` file; anything else is parsed as a raw IDX file. A DataError is the expected answer for
// most inputs; a crash, a sanitizer report or a broken invariant below is a finding.

/// libFuzzer's entry point: parses `size` bytes at `data` as an IDX file (gzipped or not).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let isGzip = bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
        let file = try IDXFile(bytes: isGzip ? try Gzip.decompress(bytes, name: "fuzz") : bytes, name: "fuzz")
        // Accepted: the data is exactly as long as the dimensions say.
        precondition(file.bytes.count == file.dimensions.reduce(1, *), "IDX: \(file.dimensions), \(file.bytes.count) bytes")
        // Three dimensions read as images: pair them with as many labels (all 0), as MNIST.load
        // does, unless that count is absurd for the input (0×0 images of 4 billion labels).
        if file.dimensions.count == 3, file.dimensions[0] <= bytes.count {
            let count = file.dimensions[0]
            var header: [UInt8] = [0, 0, 8, 1]
            header += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: count >> $0) }
            let labels = try IDXFile(bytes: header + [UInt8](repeating: 0, count: count), name: "labels")
            let images = try LabeledImages(images: file, labels: labels, name: "fuzz")
            precondition(images.count == count && images.pixels.count == count * images.pixelsPerImage)
        }
    } catch {
        // A DataError (the only type these readers throw): a rejected file, as expected.
    }
    return 0
}

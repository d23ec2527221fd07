import Foundation

/// A file in the IDX format, the simple container of the MNIST data set.
///
/// ```
/// offset  size  meaning
/// 0       2     zero bytes
/// 2       1     element type: 0x08 = unsigned byte (the only one MNIST uses)
/// 3       1     number of dimensions d
/// 4       4·d   each dimension's size, a big-endian UInt32 (first dimension varies slowest)
/// 4+4·d   ...   the elements, row-major: exactly the product of the dimensions
/// ```
///
/// MNIST's `train-images-idx3-ubyte` has dimensions `[60000, 28, 28]`; its labels file
/// `train-labels-idx1-ubyte` has `[60000]`. GradLab reads only unsigned-byte files (type 0x08)
/// with one to four dimensions, and insists that the data is exactly as long as the header says.
public struct IDXFile: Sendable {
    /// The size of each dimension, slowest-varying first (for MNIST images `[count, rows, columns]`).
    public let dimensions: [Int]
    /// The elements, row-major, without the header: `dimensions.reduce(1, *)` bytes.
    public let bytes: [UInt8]

    /// Parses an IDX file held in memory.
    ///
    /// - Parameters:
    ///   - bytes: The whole (already decompressed) file, header included.
    ///   - name: The file name shown in error messages.
    /// - Throws: ``DataError`` naming `name` if the magic bytes are wrong, the element type is not
    ///   0x08, the dimension count is not 1...4, the product of the (non-zero) dimensions does not
    ///   fit in an `Int`, or the data is shorter (truncated) or longer (trailing bytes) than the
    ///   product of the dimensions.
    /// - Complexity: O(n): the header is removed in place when the caller hands over its array
    ///   (as `load` does), so 47 MB of MNIST images are never held twice.
    public init(bytes: consuming [UInt8], name: String) throws(DataError) {
        func failure(_ problem: String) -> DataError { DataError(file: name, problem: problem) }
        guard bytes.count >= 4 else {
            throw failure("truncated: \(bytes.count) bytes, but an IDX header needs at least 4")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw failure(
                "not an IDX file (magic 0x\(hexString(bytes[0], digits: 2))\(hexString(bytes[1], digits: 2)), "
                    + "expected 0x0000)")
        }
        guard bytes[2] == 0x08 else {
            throw failure(
                "unsupported IDX element type 0x\(hexString(bytes[2], digits: 2))"
                    + " (\(Self.typeName(bytes[2]))); GradLab reads only 0x08 (unsigned byte), as MNIST uses")
        }
        let dimensionCount = Int(bytes[3])
        guard (1...4).contains(dimensionCount) else {
            throw failure("\(dimensionCount) dimensions; GradLab reads IDX files with 1 to 4")
        }
        let headerSize = 4 + 4 * dimensionCount
        guard bytes.count >= headerSize else {
            throw failure(
                "truncated: the header of \(dimensionCount) dimensions needs \(headerSize) bytes, "
                    + "the file has \(bytes.count)")
        }
        var dimensions: [Int] = []
        var expected = 1
        // The product of the non-zero dimensions must fit too: [0, 4294967294, 4278190080] holds
        // no element, but its image size does not fit in an Int (found by fuzz/FuzzIDX.swift).
        var nonZeroProduct = 1
        var overflow = false
        for index in 0..<dimensionCount {
            let offset = 4 + 4 * index
            let size = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16
                | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            dimensions.append(size)
            let product = expected.multipliedReportingOverflow(by: size)
            expected = product.partialValue
            let nonZero = nonZeroProduct.multipliedReportingOverflow(by: max(size, 1))
            nonZeroProduct = nonZero.partialValue
            overflow = overflow || product.overflow || nonZero.overflow
        }
        let actual = bytes.count - headerSize
        let shape = dimensions.map(String.init).joined(separator: "×")
        guard !overflow else { throw failure("dimensions \(shape) are too large") }
        guard actual >= expected else {
            throw failure(
                "truncated: dimensions \(shape) need \(expected) data bytes, the file has \(actual)")
        }
        guard actual == expected else {
            throw failure(
                "\(actual - expected) trailing bytes: dimensions \(shape) need \(expected) data bytes, "
                    + "the file has \(actual)")
        }
        self.dimensions = dimensions
        var data = bytes
        data.removeFirst(headerSize)
        self.bytes = data
    }

    /// Reads an IDX file from disk, gunzipping it first if it is compressed.
    ///
    /// The file is treated as gzip if its name ends in `.gz` or it starts with the gzip magic
    /// bytes `1f 8b` (an IDX file starts with `00 00`, so the two cannot be confused).
    ///
    /// - Parameter url: A file URL.
    /// - Returns: The parsed file.
    /// - Throws: ``DataError`` naming the file's last path component if it cannot be read, does
    ///   not decompress, or is not a valid IDX file.
    public static func load(contentsOf url: URL) throws(DataError) -> IDXFile {
        let name = url.lastPathComponent
        let contents: [UInt8]
        do {
            contents = [UInt8](try Data(contentsOf: url))
        } catch {
            throw DataError(file: name, problem: "cannot read \(url.path): \(error.localizedDescription)")
        }
        let isGzip = url.pathExtension == "gz"
            || (contents.count >= 2 && contents[0] == 0x1F && contents[1] == 0x8B)
        return try IDXFile(bytes: isGzip ? try Gzip.decompress(contents, name: name) : contents, name: name)
    }

    /// The IDX names of the element types, for error messages.
    private static func typeName(_ code: UInt8) -> String {
        switch code {
        case 0x08: "unsigned byte"
        case 0x09: "signed byte"
        case 0x0B: "16-bit integer"
        case 0x0C: "32-bit integer"
        case 0x0D: "32-bit float"
        case 0x0E: "64-bit float"
        default: "not an IDX type"
        }
    }
}

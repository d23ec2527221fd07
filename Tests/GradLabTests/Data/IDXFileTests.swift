import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// IDX headers built byte by byte from the format description, valid and broken.
struct IDXFileTests {
    @Test func parsesOneToFourDimensions() throws {
        let vector = try IDXFile(bytes: DataFixtures.idx(dimensions: [3], data: [7, 8, 9]), name: "v")
        #expect(vector.dimensions == [3])
        #expect(vector.bytes == [7, 8, 9])

        let images = try IDXFile(
            bytes: DataFixtures.idx(dimensions: [2, 2, 3], data: Array(1...12)), name: "images")
        #expect(images.dimensions == [2, 2, 3])
        #expect(images.bytes == Array(1...12))

        let four = try IDXFile(bytes: DataFixtures.idx(dimensions: [1, 2, 1, 2], data: [1, 2, 3, 4]), name: "4d")
        #expect(four.dimensions == [1, 2, 1, 2])
    }

    @Test func readsBigEndianSizesAboveOneByte() throws {
        // 0x00000101 = 257 (a little-endian reader would see 16842752).
        let file = try IDXFile(bytes: DataFixtures.idx(dimensions: [257], data: Array(repeating: 1, count: 257)), name: "big")
        #expect(file.dimensions == [257])
        #expect(Array(DataFixtures.idx(dimensions: [257], data: [])[4..<8]) == [0, 0, 1, 1])
    }

    @Test func acceptsZeroSizedDimension() throws {
        let empty = try IDXFile(bytes: DataFixtures.idx(dimensions: [0, 28, 28], data: []), name: "none")
        #expect(empty.dimensions == [0, 28, 28])
        #expect(empty.bytes.isEmpty)
    }

    @Test func rejectsWrongMagicAndTypes() {
        var magic = DataFixtures.idx(dimensions: [1], data: [0])
        magic[0] = 0x1F
        DataFixtures.expectDataError(file: "m", "not an IDX file", "0x1f00") {
            _ = try IDXFile(bytes: magic, name: "m")
        }
        DataFixtures.expectDataError(file: "f", "element type 0x0d", "32-bit float", "0x08") {
            _ = try IDXFile(bytes: DataFixtures.idx(dimensions: [1], data: [0, 0, 0, 0], type: 0x0D), name: "f")
        }
    }

    @Test func rejectsDimensionCountsOutside1To4() {
        DataFixtures.expectDataError(file: "z", "0 dimensions") {
            _ = try IDXFile(bytes: DataFixtures.idx(dimensions: [], data: [1]), name: "z")
        }
        DataFixtures.expectDataError(file: "five", "5 dimensions") {
            _ = try IDXFile(bytes: DataFixtures.idx(dimensions: [1, 1, 1, 1, 1], data: [1]), name: "five")
        }
    }

    @Test func rejectsTruncatedHeader() {
        DataFixtures.expectDataError(file: "h", "truncated", "3 bytes") {
            _ = try IDXFile(bytes: [0, 0, 8], name: "h")
        }
        DataFixtures.expectDataError(file: "h", "truncated", "needs 16 bytes", "has 10") {
            _ = try IDXFile(bytes: [0, 0, 8, 3, 0, 0, 0, 2, 0, 0], name: "h")
        }
    }

    @Test func rejectsDataShorterOrLongerThanTheDimensions() {
        DataFixtures.expectDataError(file: "short", "truncated", "2×2×3", "need 12", "has 11") {
            _ = try IDXFile(bytes: DataFixtures.idx(dimensions: [2, 2, 3], data: Array(1...11)), name: "short")
        }
        DataFixtures.expectDataError(file: "long", "1 trailing bytes", "need 12", "has 13") {
            _ = try IDXFile(bytes: DataFixtures.idx(dimensions: [2, 2, 3], data: Array(1...13)), name: "long")
        }
    }

    /// The first crash fuzz/FuzzIDX.swift found: no elements (a zero dimension), but images whose
    /// size (4278190079 × 4211081216 pixels) no `Int` holds. The reader accepted it, and
    /// `LabeledImages.pixelsPerImage` then trapped on the overflow.
    @Test func rejectsDimensionsWhoseProductOverflowsEvenWithAZero() {
        let crash: [UInt8] = [0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x00, 0x00,
                              0xFE, 0xFF, 0xFF, 0xFF, 0xFB, 0x00, 0x00, 0x00]
        DataFixtures.expectDataError(file: "fuzz", "dimensions 0×4278190079×4211081216 are too large") {
            _ = try IDXFile(bytes: crash, name: "fuzz")
        }
    }

    // MARK: Files on disk

    @Test func loadsRawAndGzippedFiles() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("m-idx2-ubyte")
        try Data(DataFixtures.idx(dimensions: [2, 3], data: [1, 2, 3, 4, 5, 6])).write(to: raw)
        let gz = directory.appendingPathComponent("m-idx2-ubyte.gz")
        try Data(DataFixtures.bytes(hex: DataFixtures.idxGzip)).write(to: gz)
        let gzNoExtension = directory.appendingPathComponent("m-gzipped-idx2-ubyte")
        try Data(DataFixtures.bytes(hex: DataFixtures.idxGzip)).write(to: gzNoExtension)

        for url in [raw, gz, gzNoExtension] {
            let file = try IDXFile.load(contentsOf: url)
            #expect(file.dimensions == [2, 3], "\(url.lastPathComponent)")
            #expect(file.bytes == [1, 2, 3, 4, 5, 6], "\(url.lastPathComponent)")
        }
    }

    @Test func loadNamesTheFileInErrors() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        DataFixtures.expectDataError(file: "absent-idx1-ubyte", "cannot read") {
            _ = try IDXFile.load(contentsOf: directory.appendingPathComponent("absent-idx1-ubyte"))
        }
        var gz = DataFixtures.bytes(hex: DataFixtures.idxGzip)
        gz.removeLast(3)
        let url = directory.appendingPathComponent("cut-idx2-ubyte.gz")
        try Data(gz).write(to: url)
        DataFixtures.expectDataError(file: "cut-idx2-ubyte.gz", "truncated") {
            _ = try IDXFile.load(contentsOf: url)
        }
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Labelled images built from tiny hand-made IDX files.
struct LabeledImagesTests {
    /// Three 2×2 images; pixels chosen so that pixel/255 is exact in decimal:
    /// 51/255 = 0.2, 102/255 = 0.4, 153/255 = 0.6, 204/255 = 0.8.
    static let pixels: [UInt8] = [0, 51, 102, 255,  153, 204, 0, 0,  255, 255, 51, 0]
    static let scaled: [Double] = [0, 0.2, 0.4, 1,  0.6, 0.8, 0, 0,  1, 1, 0.2, 0]
    static let labels: [UInt8] = [7, 0, 9]

    static func make() throws -> LabeledImages {
        try LabeledImages(
            images: IDXFile(bytes: DataFixtures.idx(dimensions: [3, 2, 2], data: pixels), name: "images"),
            labels: IDXFile(bytes: DataFixtures.idx(dimensions: [3], data: labels), name: "labels"),
            name: "tiny")
    }

    @Test func keepsPixelsAndLabelsAsBytes() throws {
        let set = try Self.make()
        #expect(set.count == 3)
        #expect(set.rows == 2 && set.columns == 2 && set.pixelsPerImage == 4)
        #expect(set.pixels == Self.pixels)
        #expect(set.labels == Self.labels)
        #expect((0..<3).map { set.label(at: $0) } == [7, 0, 9])
        #expect(Array(set.image(at: 1)) == [153, 204, 0, 0])
    }

    @Test func fillBatchScalesPixelsInBatchOrder() throws {
        let set = try Self.make()
        let indices = [2, 0, 2]
        var buffer = [Double](repeating: -1, count: indices.count * 4)
        buffer.withUnsafeMutableBufferPointer { set.fillBatch(indices: indices, into: $0) }
        let expected = Array(Self.scaled[8..<12]) + Array(Self.scaled[0..<4]) + Array(Self.scaled[8..<12])
        #expect(buffer == expected)  // exact: each value is the double nearest pixel/255
        #expect(set.scaledPixels(indices: indices) == expected)
    }

    @Test func oneHotLabels() throws {
        let set = try Self.make()
        let oneHot = set.oneHotLabels(indices: [0, 1, 2])
        #expect(oneHot.count == 30)
        for (row, label) in [7, 0, 9].enumerated() {
            let expectedRow = (0..<10).map { $0 == label ? 1.0 : 0.0 }
            #expect(Array(oneHot[(row * 10)..<(row * 10 + 10)]) == expectedRow)
        }
        #expect(set.oneHotLabels(indices: [2], classes: 12) == (0..<12).map { $0 == 9 ? 1.0 : 0.0 })
        #expect(set.labels(at: [2, 2, 1]) == [9, 9, 0])
    }

    @Test func subsetKeepsTheSelectedImages() throws {
        let set = try Self.make()
        let tail = set.subset(1..<3)
        #expect(tail.count == 2)
        #expect(tail.pixels == Array(Self.pixels[4...]))
        #expect(tail.labels == [0, 9])
        #expect(set.subset(0..<0).count == 0)
    }

    @Test func tensorConversions() throws {
        let set = try Self.make()
        let x = set.images(at: [1, 0])
        #expect(x.shape == [2, 4])
        #expect(x.scalars == Array(Self.scaled[4..<8]) + Array(Self.scaled[0..<4]))
        let t = set.oneHot(at: [2])
        #expect(t.shape == [1, 10])
        #expect(t.scalars == (0..<10).map { $0 == 9 ? 1.0 : 0.0 })
    }

    @Test func rejectsMismatchedFiles() throws {
        let images = try IDXFile(bytes: DataFixtures.idx(dimensions: [3, 2, 2], data: Self.pixels), name: "i")
        let twoLabels = try IDXFile(bytes: DataFixtures.idx(dimensions: [2], data: [1, 2]), name: "l")
        DataFixtures.expectDataError(file: "pair", "3 images but 2 labels") {
            _ = try LabeledImages(images: images, labels: twoLabels, name: "pair")
        }
        let flat = try IDXFile(bytes: DataFixtures.idx(dimensions: [3, 4], data: Self.pixels), name: "i")
        let labels = try IDXFile(bytes: DataFixtures.idx(dimensions: [3], data: Self.labels), name: "l")
        DataFixtures.expectDataError(file: "pair", "images must have 3 dimensions", "[3, 4]") {
            _ = try LabeledImages(images: flat, labels: labels, name: "pair")
        }
        DataFixtures.expectDataError(file: "pair", "labels must have 1 dimension", "[3, 2, 2]") {
            _ = try LabeledImages(images: images, labels: images, name: "pair")
        }
    }

    /// Sizes whose product no `Int` holds are an error, never an overflow trap (the crash
    /// fuzz/FuzzIDX.swift found reached `pixelsPerImage` through such a size).
    @Test func rejectsImageSizesThatOverflow() {
        DataFixtures.expectDataError(file: "huge", "0 images of 4294967296×4294967296 pixels are too large") {
            _ = try LabeledImages(pixels: [], labels: [], rows: 1 << 32, columns: 1 << 32, name: "huge")
        }
        // 2^31 × 2^31 pixels fit in an Int; two such images do not.
        DataFixtures.expectDataError(file: "two", "2 images of 2147483648×2147483648 pixels are too large") {
            _ = try LabeledImages(pixels: [], labels: [0, 1], rows: 1 << 31, columns: 1 << 31, name: "two")
        }
    }

    @Test func rejectsLabelsOutside0To9() throws {
        DataFixtures.expectDataError(file: "bad", "label 10 at index 1", "0...9") {
            _ = try LabeledImages(pixels: [0, 0, 0], labels: [3, 10, 2], rows: 1, columns: 1, name: "bad")
        }
        DataFixtures.expectDataError(file: "bad", "5 pixel bytes", "3 images of 1×2", "needs 6") {
            _ = try LabeledImages(pixels: [0, 0, 0, 0, 0], labels: [3, 1, 2], rows: 1, columns: 2, name: "bad")
        }
    }
}

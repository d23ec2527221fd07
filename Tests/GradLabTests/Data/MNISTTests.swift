import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// The shipped MNIST files, checked against the published class counts and statistics computed
/// with Python's gzip module; and MNIST.load's file discovery on small hand-made directories.
struct MNISTTests {
    /// Images per class in the training and test sets, as published with MNIST.
    static let trainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    static let testCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]

    static func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: DataFixtures.mnistDirectory.appendingPathComponent(name)))
    }

    static func classCounts(_ labels: [UInt8]) -> [Int] {
        var counts = [Int](repeating: 0, count: 10)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    @Test func trainingLabelsMatchThePublishedCounts() throws {
        let name = "train-labels-idx1-ubyte.gz"
        // Gzip checks the trailer's CRC-32 and ISIZE: the bytes are exactly the original file.
        let bytes = try Gzip.decompress(Self.read(name), name: name)
        #expect(bytes.count == 8 + 60000)
        #expect(Array(bytes[0..<8]) == [0, 0, 8, 1, 0, 0, 0xEA, 0x60])  // type 0x08, 1-D, 60000
        let file = try IDXFile(bytes: bytes, name: name)
        #expect(file.dimensions == [60000])
        #expect(Self.classCounts(file.bytes) == Self.trainCounts)
        #expect(Array(file.bytes[0..<10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    }

    @Test func testLabelsMatchThePublishedCounts() throws {
        let file = try IDXFile.load(contentsOf: DataFixtures.mnistDirectory.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
        #expect(file.dimensions == [10000])
        #expect(Self.classCounts(file.bytes) == Self.testCounts)
        #expect(Array(file.bytes[0..<10]) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    /// The test images (1.6 MB compressed, 7.8 MB raw): header and pixel statistics computed with
    /// `gzip.decompress` in Python. The first test image is a 7.
    @Test func testImagesMatchPythonStatistics() throws {
        let file = try IDXFile.load(contentsOf: DataFixtures.mnistDirectory.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        #expect(file.dimensions == [10000, 28, 28])
        let first = file.bytes[0..<784]
        #expect(first.reduce(0) { $0 + Int($1) } == 18454)
        #expect(first.filter { $0 != 0 }.count == 116)
        #expect(first.max() == 255)
        // Row 14 of the 7 crosses its stem.
        #expect(Array(first[(14 * 28)..<(15 * 28)])
                == [UInt8](repeating: 0, count: 16) + [59, 249, 254, 62] + [UInt8](repeating: 0, count: 8))
        #expect(file.bytes[(9999 * 784)...].reduce(0) { $0 + Int($1) } == 41833)
        #expect(file.bytes.reduce(0) { $0 + Int($1) } == 264_923_200)
    }

    /// The whole data set as the library loads it (about 2 s in a debug build, 0.2 s in release).
    /// Every file's CRC-32 and size were checked by Gzip on the way.
    @Test func loadsTheShippedDataSet() throws {
        let mnist = try MNIST.load(from: DataFixtures.mnistDirectory)
        #expect(mnist.train.count == 60000 && mnist.test.count == 10000)
        #expect(mnist.train.rows == 28 && mnist.train.columns == 28)
        #expect(mnist.train.pixels.count == 60000 * 784)
        #expect(Self.classCounts(mnist.train.labels) == Self.trainCounts)
        #expect(Self.classCounts(mnist.test.labels) == Self.testCounts)
        // Python: sum(first training image) = 27525 (a 5); sum(all training pixels) = 1567298545.
        #expect(mnist.train.label(at: 0) == 5)
        #expect(mnist.train.image(at: 0).reduce(0) { $0 + Int($1) } == 27525)
        #expect(mnist.train.pixels.reduce(0) { $0 + Int($1) } == 1_567_298_545)
        #expect(mnist.test.label(at: 0) == 7)
    }

    // MARK: MNIST.load on small directories

    /// Writes a 3-image training set and a 2-image test set of 2×2 pixels, the files named
    /// (and compressed) as given.
    static func writeTinySet(in directory: URL, names: [String], trainLabels: [UInt8] = [1, 2, 3]) throws {
        let contents = [
            DataFixtures.idx(dimensions: [3, 2, 2], data: Array(1...12)),
            DataFixtures.idx(dimensions: [trainLabels.count], data: trainLabels),
            DataFixtures.idx(dimensions: [2, 2, 2], data: Array(21...28)),
            DataFixtures.idx(dimensions: [2], data: [8, 9]),
        ]
        for (name, bytes) in zip(names, contents) {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
    }

    @Test func loadFindsRawAndDottedNames() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeTinySet(in: directory, names: [
            "train-images-idx3-ubyte", "train-labels.idx1-ubyte",
            "t10k-images.idx3-ubyte", "t10k-labels-idx1-ubyte",
        ])
        let mnist = try MNIST.load(from: directory)
        #expect(mnist.train.count == 3 && mnist.test.count == 2)
        #expect(mnist.train.pixels == Array(1...12))
        #expect(mnist.train.labels == [1, 2, 3])
        #expect(mnist.test.pixels == Array(21...28))
        #expect(mnist.test.labels == [8, 9])
        #expect(mnist.test.rows == 2 && mnist.test.columns == 2)
    }

    @Test func loadNamesTheDirectoryAndTheMissingFiles() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(DataFixtures.idx(dimensions: [1], data: [0])).write(
            to: directory.appendingPathComponent("train-labels-idx1-ubyte"))
        DataFixtures.expectDataError(
            file: directory.path, "missing MNIST files", "train-images-idx3-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", ".gz"
        ) {
            _ = try MNIST.load(from: directory)
        }
    }

    @Test func loadRejectsLabelsThatDoNotMatchTheImages() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeTinySet(in: directory, names: MNIST.fileNames, trainLabels: [1, 2])
        DataFixtures.expectDataError(
            file: "train-images-idx3-ubyte + train-labels-idx1-ubyte", "3 images but 2 labels"
        ) {
            _ = try MNIST.load(from: directory)
        }
    }
}

import Dispatch
import Foundation

/// The MNIST handwritten-digit data set: 60 000 training and 10 000 test images of 28×28
/// pixels, each labelled 0...9.
///
/// ``load(from:)`` reads the four original files from a directory:
///
/// ```
/// train-images-idx3-ubyte   60000 × 28 × 28 pixels     train-labels-idx1-ubyte   60000 labels
/// t10k-images-idx3-ubyte    10000 × 28 × 28 pixels     t10k-labels-idx1-ubyte    10000 labels
/// ```
///
/// each either raw or gzipped (`.gz`), also with the `train-images.idx3-ubyte` spelling some
/// mirrors use. Fashion-MNIST uses the same names and format, so it loads the same way.
/// Nothing is ever downloaded: GradLab ships the files (see the `MNISTData` target).
public struct MNIST: Sendable {
    /// The training set (60 000 images for MNIST).
    public let train: LabeledImages
    /// The test set (10 000 images for MNIST), for measuring accuracy on unseen digits.
    public let test: LabeledImages

    /// Pairs a training set with a test set (for example small synthetic ones in tests).
    public init(train: LabeledImages, test: LabeledImages) {
        self.train = train
        self.test = test
    }

    /// The standard file names, without `.gz`: training images and labels, test images and labels.
    public static let fileNames = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// Loads the four MNIST files from `directory`, decoding them in parallel.
    ///
    /// For each of ``fileNames`` the first that exists of `name`, `name.gz`, and the dotted
    /// spellings `train-images.idx3-ubyte[.gz]` is used.
    ///
    /// - Parameter directory: The folder holding the files.
    /// - Returns: The training and test sets.
    /// - Throws: ``DataError`` naming the directory and every missing file, or naming the file
    ///   that is corrupt, truncated, or does not match its partner (image and label counts,
    ///   image sizes of the training and test sets).
    /// - Complexity: O(total size); about 0.3 s for the gzipped files in a release build (2 cores).
    public static func load(from directory: URL) throws(DataError) -> MNIST {
        var urls: [URL] = []
        var missing: [String] = []
        for name in fileNames {
            let dotted = name.replacingOccurrences(of: "-idx", with: ".idx")
            let candidates = [name, name + ".gz", dotted, dotted + ".gz"]
            if let found = candidates.first(where: {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }) {
                urls.append(directory.appendingPathComponent(found))
            } else {
                missing.append(name)
            }
        }
        guard missing.isEmpty else {
            throw DataError(
                file: directory.path,
                problem: "missing MNIST file\(missing.count == 1 ? "" : "s") "
                    + missing.joined(separator: ", ") + " (each may also end in .gz)")
        }

        // The training images are most of the work; the other three decode beside them.
        let found = urls
        let results = Results(count: found.count)
        DispatchQueue.concurrentPerform(iterations: found.count) { index in
            results[index] = Result { () throws(DataError) -> IDXFile in
                try IDXFile.load(contentsOf: found[index])
            }
        }
        let files = try results.values()

        let names = urls.map(\.lastPathComponent)
        let train = try LabeledImages(images: files[0], labels: files[1], name: "\(names[0]) + \(names[1])")
        let test = try LabeledImages(images: files[2], labels: files[3], name: "\(names[2]) + \(names[3])")
        guard train.rows == test.rows, train.columns == test.columns else {
            throw DataError(
                file: directory.path,
                problem: "training images are \(train.rows)×\(train.columns) "
                    + "but test images are \(test.rows)×\(test.columns)")
        }
        return MNIST(train: train, test: test)
    }
}

/// One result slot per file, written from `concurrentPerform`'s threads under a lock.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<IDXFile, DataError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Result<IDXFile, DataError>? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    /// The files in order, or the first error.
    func values() throws(DataError) -> [IDXFile] {
        try lock.withLock { slots }.map { (slot) throws(DataError) -> IDXFile in try slot!.get() }
    }
}

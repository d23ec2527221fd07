/// A set of grayscale images with one class label each, such as MNIST's training set.
///
/// Pixels stay as the bytes of the file (0 = background ... 255 = ink): 60 000 MNIST images take
/// 47 MB this way, and 376 MB as `Double`s. A mini-batch is converted when it is needed, by
/// ``fillBatch(indices:into:)`` (no allocation, the training hot path) or
/// ``scaledPixels(indices:)``, which scale each pixel to `[0, 1]` as the book's
/// `load_mnist(normalize=True)` does:
///
/// ```
/// x = pixel / 255.0
/// ```
///
/// Image `i` occupies `pixels[i·rows·columns ..< (i+1)·rows·columns]`, row by row.
public struct LabeledImages: Sendable {
    /// All pixels: `count × rows × columns` bytes, image after image, each row-major.
    public let pixels: [UInt8]
    /// One class label per image, each in `0..<LabeledImages.classCount`.
    public let labels: [UInt8]
    /// The number of images.
    public let count: Int
    /// The height of each image in pixels (28 for MNIST).
    public let rows: Int
    /// The width of each image in pixels (28 for MNIST).
    public let columns: Int

    /// The number of classes a label can name: the ten digits 0...9.
    public static let classCount = 10

    /// The number of pixels in one image, `rows × columns` (784 for MNIST): the length of one
    /// row of a batch, and the input size of the network.
    public var pixelsPerImage: Int { rows * columns }

    /// Creates a set from raw pixels and labels.
    ///
    /// - Parameters:
    ///   - pixels: `labels.count × rows × columns` bytes, image after image, each row-major.
    ///   - labels: One label per image, each `< 10`.
    ///   - rows: Image height.
    ///   - columns: Image width.
    ///   - name: The name shown in error messages (for example `"train"`).
    /// - Throws: ``DataError`` if the images are empty or too large to count (more pixels than an
    ///   `Int` holds), the pixel count does not match, or a label is 10 or more.
    public init(pixels: [UInt8], labels: [UInt8], rows: Int, columns: Int, name: String = "images") throws(DataError) {
        guard rows > 0, columns > 0 else {
            throw DataError(file: name, problem: "images of \(rows)×\(columns) pixels are empty")
        }
        // Checked products: a file may claim 0 images of 4294967294×4278190080 pixels, whose
        // product no Int holds (found by fuzz/FuzzIDX.swift), and `pixelsPerImage` must never trap.
        let perImage = rows.multipliedReportingOverflow(by: columns)
        let needed = labels.count.multipliedReportingOverflow(by: perImage.partialValue)
        guard !perImage.overflow, !needed.overflow else {
            throw DataError(file: name, problem: "\(labels.count) images of \(rows)×\(columns) pixels are too large")
        }
        guard pixels.count == needed.partialValue else {
            throw DataError(
                file: name,
                problem: "\(pixels.count) pixel bytes do not make \(labels.count) images of "
                    + "\(rows)×\(columns) (that needs \(needed.partialValue))")
        }
        if let index = labels.firstIndex(where: { Int($0) >= Self.classCount }) {
            throw DataError(
                file: name,
                problem: "label \(labels[index]) at index \(index) is outside 0...\(Self.classCount - 1)")
        }
        self.pixels = pixels
        self.labels = labels
        self.count = labels.count
        self.rows = rows
        self.columns = columns
    }

    /// Pairs an images file with its labels file.
    ///
    /// - Parameters:
    ///   - images: A 3-D IDX file `[count, rows, columns]`.
    ///   - labels: A 1-D IDX file `[count]`, each label `< 10`.
    ///   - name: The name shown in error messages (for example `"train"`).
    /// - Throws: ``DataError`` if the images are not 3-D, the labels not 1-D, the counts differ,
    ///   or a label is 10 or more.
    public init(images: IDXFile, labels: IDXFile, name: String) throws(DataError) {
        guard images.dimensions.count == 3 else {
            throw DataError(
                file: name,
                problem: "images must have 3 dimensions [count, rows, columns], got \(images.dimensions)")
        }
        guard labels.dimensions.count == 1 else {
            throw DataError(
                file: name, problem: "labels must have 1 dimension [count], got \(labels.dimensions)")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DataError(
                file: name,
                problem: "\(images.dimensions[0]) images but \(labels.dimensions[0]) labels")
        }
        try self.init(pixels: images.bytes, labels: labels.bytes,
                      rows: images.dimensions[1], columns: images.dimensions[2], name: name)
    }

    /// Images `range.lowerBound ..< range.upperBound` as a new set (for example a validation
    /// split: `train.subset(50_000..<60_000)`).
    ///
    /// - Precondition: `range` lies within `0...count`.
    /// - Complexity: O(range.count × pixelsPerImage): the pixels are copied.
    public func subset(_ range: Range<Int>) -> LabeledImages {
        precondition(range.lowerBound >= 0 && range.upperBound <= count,
                     "LabeledImages.subset: range \(range) is outside 0..<\(count)")
        let size = pixelsPerImage
        return LabeledImages(
            validPixels: Array(pixels[(range.lowerBound * size)..<(range.upperBound * size)]),
            labels: Array(labels[range]), rows: rows, columns: columns)
    }

    /// The class label (0...9) of image `index`.
    ///
    /// - Precondition: `0 <= index < count`.
    public func label(at index: Int) -> Int {
        precondition(index >= 0 && index < count, "LabeledImages.label: index \(index) is outside 0..<\(count)")
        return Int(labels[index])
    }

    /// The pixels of image `index`, `rows × columns` bytes, row-major.
    ///
    /// - Precondition: `0 <= index < count`.
    public func image(at index: Int) -> ArraySlice<UInt8> {
        precondition(index >= 0 && index < count, "LabeledImages.image: index \(index) is outside 0..<\(count)")
        return pixels[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)]
    }

    /// Writes the images at `indices`, scaled to `[0, 1]`, into `buffer` as the rows of an
    /// `indices.count × pixelsPerImage` matrix: `buffer[i·pixelsPerImage + k] = pixel_k(indices[i]) / 255`.
    ///
    /// The training loop's hot path: it allocates nothing, so one buffer can serve every batch.
    ///
    /// - Parameters:
    ///   - indices: The images to copy, in batch order (repeats allowed).
    ///   - buffer: Exactly `indices.count × pixelsPerImage` elements.
    /// - Precondition: every index is in `0..<count`; the buffer has the exact size.
    /// - Complexity: O(indices.count × pixelsPerImage).
    public func fillBatch(indices: [Int], into buffer: UnsafeMutableBufferPointer<Double>) {
        let size = pixelsPerImage
        precondition(buffer.count == indices.count * size,
                     "LabeledImages.fillBatch: \(indices.count) images of \(size) pixels need a buffer of "
                        + "\(indices.count * size), got \(buffer.count)")
        guard let destination = buffer.baseAddress else { return }
        let scale = Self.pixelScale
        scale.withUnsafeBufferPointer { scale in
        pixels.withUnsafeBufferPointer { all in
            for (row, index) in indices.enumerated() {
                precondition(index >= 0 && index < count,
                             "LabeledImages.fillBatch: index \(index) is outside 0..<\(count)")
                let source = all.baseAddress! + index * size
                let target = destination + row * size
                for k in 0..<size {
                    target[k] = scale[Int(source[k])]
                }
            }
        }}
    }

    /// `Double(byte) / 255` for every byte value: a look-up is several times faster than a
    /// division per pixel and gives the same bits.
    private static let pixelScale: [Double] = (0..<256).map { Double($0) / 255.0 }

    /// Writes the one-hot labels of the images at `indices` into `buffer`, as the rows of an
    /// `indices.count × classes` matrix: row `i` is 1 in column `label(indices[i])`, 0 elsewhere
    /// (the book's `one_hot_label=True`). Allocates nothing.
    ///
    /// - Parameters:
    ///   - indices: The images whose labels to write, in batch order.
    ///   - classes: The number of columns (10 for digits).
    ///   - buffer: Exactly `indices.count × classes` elements.
    /// - Precondition: every index is in `0..<count`, `classes >= 10`, the buffer has the exact size.
    public func fillOneHot(indices: [Int], classes: Int = LabeledImages.classCount, into buffer: UnsafeMutableBufferPointer<Double>) {
        precondition(classes >= Self.classCount,
                     "LabeledImages.fillOneHot: \(classes) classes cannot hold labels 0...\(Self.classCount - 1)")
        precondition(buffer.count == indices.count * classes,
                     "LabeledImages.fillOneHot: \(indices.count) labels × \(classes) classes need a buffer of "
                        + "\(indices.count * classes), got \(buffer.count)")
        buffer.update(repeating: 0)
        for (row, index) in indices.enumerated() {
            buffer[row * classes + label(at: index)] = 1
        }
    }

    /// The images at `indices`, scaled to `[0, 1]`, as the rows of an
    /// `indices.count × pixelsPerImage` matrix (row-major). See ``fillBatch(indices:into:)``.
    public func scaledPixels(indices: [Int]) -> [Double] {
        [Double](unsafeUninitializedCapacity: indices.count * pixelsPerImage) { buffer, initialized in
            fillBatch(indices: indices, into: buffer)
            initialized = buffer.count
        }
    }

    /// The one-hot labels of the images at `indices`, as the rows of an
    /// `indices.count × classes` matrix (row-major). See ``fillOneHot(indices:classes:into:)``.
    public func oneHotLabels(indices: [Int], classes: Int = LabeledImages.classCount) -> [Double] {
        var result = [Double](repeating: 0, count: indices.count * classes)
        result.withUnsafeMutableBufferPointer { fillOneHot(indices: indices, classes: classes, into: $0) }
        return result
    }

    /// The class labels of the images at `indices` (the book's `one_hot_label=False`).
    public func labels(at indices: [Int]) -> [Int] {
        indices.map { label(at: $0) }
    }

    /// For `subset`: parts already known to be consistent.
    private init(validPixels: [UInt8], labels: [UInt8], rows: Int, columns: Int) {
        self.pixels = validPixels
        self.labels = labels
        self.count = labels.count
        self.rows = rows
        self.columns = columns
    }
}

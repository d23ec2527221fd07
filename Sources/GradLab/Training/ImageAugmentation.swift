import GradLabData

/// Data augmentation: new training images made from old ones by changes that keep the label.
/// The seeds' §7.5 and Keras's `RandomTranslation`, `RandomRotation`, `RandomFlip`.
///
/// ```
/// shift by (dx, dy):   out[r][c] = in[r − dy][c − dx], 0 where that falls outside the image
/// rotate 90°:          out[r][c] = in[n − 1 − c][r]         (a quarter turn clockwise, square images)
/// flip horizontally:   out[r][c] = in[r][n − 1 − c]
/// ```
///
/// For handwritten digits only small shifts are safe. A flip or a quarter turn can change what
/// a digit means: a mirrored 2 is no longer a 2 anyone writes, and a 6 turned twice is a 9. That
/// is why `--augment` offers shifts only, while photographs of cats are flipped freely.
public enum ImageAugmentation: Sendable, Equatable {
    /// Each training image moved by a random whole number of pixels, up to `maxPixels` in each
    /// direction (2 for MNIST: a digit stays inside its 20 × 20 box plus the 4-pixel margin).
    case shift(maxPixels: Int)

    /// A fresh copy of `images` at `indices`, each image changed independently with draws
    /// from `generator`: the batch a training step sees.
    public func apply(to images: LabeledImages, at indices: [Int], using generator: inout SplitMix64) -> LabeledImages {
        switch self {
        case let .shift(maxPixels):
            var pixels: [UInt8] = []
            pixels.reserveCapacity(indices.count * images.pixelsPerImage)
            for index in indices {
                let dx = generator.nextIndex(below: 2 * maxPixels + 1) - maxPixels
                let dy = generator.nextIndex(below: 2 * maxPixels + 1) - maxPixels
                pixels += shifted(Array(images.image(at: index)), rows: images.rows, columns: images.columns, dx: dx, dy: dy)
            }
            return images.replacingImages(pixels, labels: indices.map { UInt8(images.label(at: $0)) })
        }
    }
}

/// The image moved right by `dx` and down by `dy` pixels (negative: left, up), with zeros (black)
/// moving in at the edges.
public func shifted(_ image: [UInt8], rows: Int, columns: Int, dx: Int, dy: Int) -> [UInt8] {
    precondition(image.count == rows * columns, "shifted: \(image.count) pixels for a \(rows) × \(columns) image")
    var result = [UInt8](repeating: 0, count: image.count)
    for r in 0..<rows where (0..<rows).contains(r - dy) {
        for c in 0..<columns where (0..<columns).contains(c - dx) {
            result[r * columns + c] = image[(r - dy) * columns + (c - dx)]
        }
    }
    return result
}

/// The image turned a quarter clockwise: out[r][c] = in[n − 1 − c][r].
public func rotated90(_ image: [UInt8], size n: Int) -> [UInt8] {
    precondition(image.count == n * n, "rotated90: \(image.count) pixels for a \(n) × \(n) image")
    var result = [UInt8](repeating: 0, count: image.count)
    for r in 0..<n {
        for c in 0..<n { result[r * n + c] = image[(n - 1 - c) * n + r] }
    }
    return result
}

/// The image mirrored left to right: out[r][c] = in[r][n − 1 − c].
public func flippedHorizontally(_ image: [UInt8], rows: Int, columns: Int) -> [UInt8] {
    precondition(image.count == rows * columns, "flippedHorizontally: \(image.count) pixels for a \(rows) × \(columns) image")
    var result = [UInt8](repeating: 0, count: image.count)
    for r in 0..<rows {
        for c in 0..<columns { result[r * columns + c] = image[r * columns + (columns - 1 - c)] }
    }
    return result
}

extension LabeledImages {
    /// Images of the same size with other pixels and labels.
    ///
    /// - Precondition: the pixels fill whole images, one label each.
    func replacingImages(_ pixels: [UInt8], labels: [UInt8]) -> LabeledImages {
        do {
            return try LabeledImages(pixels: pixels, labels: labels, rows: rows, columns: columns, name: "augmented images")
        } catch {
            preconditionFailure("replacingImages: \(error)")
        }
    }
}

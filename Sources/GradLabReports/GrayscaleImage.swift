import Foundation
import GradLabData

/// A grayscale picture, 0 black to 255 white, row by row: how a report shows what a
/// convolutional layer learned (its filters) and what it sees (its feature maps).
///
/// ```swift
/// let tiles = filters.map { GrayscaleImage(width: 5, height: 5, values: $0).scaled(by: 8) }
/// let sheet = GrayscaleImage.grid(tiles, columns: 10)
/// try Data(sheet.png()).write(to: url)      // a PNG any browser or viewer opens
/// ```
public struct GrayscaleImage: Sendable, Equatable {
    /// Columns of pixels.
    public var width: Int
    /// Rows of pixels.
    public var height: Int
    /// The pixels, row by row, each 0 (black) to 255 (white).
    public var pixels: [UInt8]

    /// Creates an image from its pixels, row by row.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height,
                     "GrayscaleImage: \(pixels.count) pixels for \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image from any numbers, the smallest black and the largest white (as
    /// matplotlib's `imshow` scales a filter); all equal, mid-gray.
    public init(width: Int, height: Int, values: [Double]) {
        let low = values.min() ?? 0, high = values.max() ?? 0
        let pixels = values.map { value -> UInt8 in
            guard high > low else { return 128 }
            return UInt8(((value - low) / (high - low) * 255).rounded())
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// Each pixel drawn as a `factor × factor` square: a 5×5 filter becomes visible.
    public func scaled(by factor: Int) -> GrayscaleImage {
        precondition(factor >= 1, "GrayscaleImage.scaled: factor \(factor) must be at least 1")
        var result = [UInt8](repeating: 0, count: width * height * factor * factor)
        for y in 0..<(height * factor) {
            for x in 0..<(width * factor) { result[y * width * factor + x] = pixels[(y / factor) * width + x / factor] }
        }
        return GrayscaleImage(width: width * factor, height: height * factor, pixels: result)
    }

    /// Tiles of equal size in rows of `columns`, `gap` pixels of `background` between them.
    public static func grid(_ tiles: [GrayscaleImage], columns: Int, gap: Int = 2, background: UInt8 = 255) -> GrayscaleImage {
        precondition(!tiles.isEmpty && columns >= 1, "GrayscaleImage.grid: no tiles, or \(columns) columns")
        let (tileWidth, tileHeight) = (tiles[0].width, tiles[0].height)
        precondition(tiles.allSatisfy { $0.width == tileWidth && $0.height == tileHeight },
                     "GrayscaleImage.grid: tiles differ in size from the first, \(tileWidth)×\(tileHeight)")
        let across = Swift.min(columns, tiles.count), down = (tiles.count + columns - 1) / columns
        let width = across * tileWidth + (across - 1) * gap, height = down * tileHeight + (down - 1) * gap
        var pixels = [UInt8](repeating: background, count: width * height)
        for (index, tile) in tiles.enumerated() {
            let (left, top) = ((index % columns) * (tileWidth + gap), (index / columns) * (tileHeight + gap))
            for y in 0..<tileHeight {
                for x in 0..<tileWidth { pixels[(top + y) * width + left + x] = tile.pixels[y * tileWidth + x] }
            }
        }
        return GrayscaleImage(width: width, height: height, pixels: pixels)
    }

    /// The image as a PNG file (8-bit grayscale). The pixel data is stored, not compressed:
    /// PNG's zlib stream allows "stored" deflate blocks, so no compressor is needed, and these
    /// pictures are a few tens of kilobytes.
    ///
    /// ```
    /// 89 50 4E 47 0D 0A 1A 0A                          the signature
    /// IHDR  width, height, 8 bits, grayscale
    /// IDAT  zlib: 78 01, stored blocks of each row (a 0 byte, "no filter", then the pixels), Adler-32
    /// IEND
    /// ```
    /// Each chunk is its length, its type, its data and the CRC-32 of type and data.
    public func png() -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(y * width)..<((y + 1) * width)])
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let length = Swift.min(65_535, raw.count - start)
            let last = start + length == raw.count
            zlib.append(last ? 1 : 0)
            zlib += littleEndian16(length) + littleEndian16(~length & 0xFFFF)
            zlib += raw[start..<(start + length)]
            start += length
        } while start < raw.count
        zlib += bigEndian32(Int(Self.adler32(raw)))
        var header = bigEndian32(width) + bigEndian32(height)
        header += [8, 0, 0, 0, 0]  // bit depth 8, grayscale, deflate, no filter method, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + Self.chunk("IHDR", header) + Self.chunk("IDAT", zlib) + Self.chunk("IEND", [])
    }

    /// The PNG as a `data:` address, for an `<img>` inside a self-contained HTML page.
    public var pngDataURI: String { "data:image/png;base64," + Data(png()).base64EncodedString() }

    /// Length, type, data, CRC-32 of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian32(data.count) + typed + bigEndian32(Int(CRC32.checksum(typed)))
    }

    /// zlib's checksum: two running sums modulo 65521.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}

private func bigEndian32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
private func littleEndian16(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }

import GradLabData
@testable import GradLabReports
import Testing

@Suite("GrayscaleImage: scaling, grids, and PNG files read back by the project's own inflater")
struct GrayscaleImageTests {
    /// zlib's Adler-32 of "Wikipedia" is 0x11E60398 (the worked example in its Wikipedia article).
    @Test func adler32OfAKnownText() {
        #expect(GrayscaleImage.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test func valuesScaleFromBlackToWhite() {
        let image = GrayscaleImage(width: 3, height: 1, values: [-2, 0, 2])
        #expect(image.pixels == [0, 128, 255])
        #expect(GrayscaleImage(width: 2, height: 1, values: [5, 5]).pixels == [128, 128])
        #expect(image.scaled(by: 2).pixels == [0, 0, 128, 128, 255, 255, 0, 0, 128, 128, 255, 255])
    }

    @Test func tilesAreLaidOutInRowsWithGaps() {
        let tile = GrayscaleImage(width: 1, height: 1, pixels: [7])
        let grid = GrayscaleImage.grid([tile, tile, tile], columns: 2, gap: 1, background: 255)
        #expect((grid.width, grid.height) == (3, 3))
        #expect(grid.pixels == [7, 255, 7,
                                255, 255, 255,
                                7, 255, 255])
    }

    /// The PNG's chunks have valid CRCs, and its IDAT, inflated by GradLabData's own inflater,
    /// holds each row behind a 0 ("no filter") byte; 70,000 pixels span two stored blocks.
    @Test(arguments: [(3, 2), (350, 200)])
    func pngReadsBack(width: Int, height: Int) throws {
        let pixels = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let png = GrayscaleImage(width: width, height: height, pixels: pixels).png()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var chunks: [(String, [UInt8])] = []
        func bigEndian(_ at: Int) -> Int { png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        while offset < png.count {
            let length = bigEndian(offset)
            let typed = Array(png[(offset + 4)..<(offset + 8 + length)])
            #expect(UInt32(bigEndian(offset + 8 + length)) == CRC32.checksum(typed))
            chunks.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        #expect(chunks[0].1 == [0, 0, UInt8(width >> 8), UInt8(width & 255), 0, 0, UInt8(height >> 8), UInt8(height & 255), 8, 0, 0, 0, 0])
        let zlib = chunks[1].1
        let raw = try Inflate.decompress(Array(zlib.dropFirst(2).dropLast(4)))
        let rows = (0..<height).flatMap { [0] + pixels[($0 * width)..<(($0 + 1) * width)] }
        #expect(raw == rows)
        #expect(zlib.suffix(4).reduce(0) { $0 << 8 | UInt32($1) } == GrayscaleImage.adler32(rows))
    }
}

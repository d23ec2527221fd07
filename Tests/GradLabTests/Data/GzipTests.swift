import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// gzip files made by Python's gzip module (see ``DataFixtures``), and damaged copies of them.
struct GzipTests {
    static let plain = DataFixtures.bytes(hex: DataFixtures.gzipPlain)
    /// `zlib.crc32(lines(10))`, stored in the trailer of every `lines(10)` fixture.
    static let linesCRC: UInt32 = 0x84E9_E01D

    // MARK: Valid files

    @Test func decodesPlainFile() throws {
        #expect(try Gzip.decompress(Self.plain) == DataFixtures.lines(10))
    }

    @Test func skipsExtraFieldNameAndCommentAndChecksHeaderCRC() throws {
        let file = DataFixtures.bytes(hex: DataFixtures.gzipAllFlags)
        #expect(file[3] == 0x1E, "FHCRC | FEXTRA | FNAME | FCOMMENT")
        #expect(try Gzip.decompress(file) == DataFixtures.lines(10))
    }

    @Test func concatenatesMembers() throws {
        let file = DataFixtures.bytes(hex: DataFixtures.gzipTwoMembers)
        #expect(try Gzip.decompress(file) == DataFixtures.lines(3) + Array("second member\n".utf8))
    }

    @Test func decodesEmptyFileAndIgnoresZeroPadding() throws {
        #expect(try Gzip.decompress(DataFixtures.bytes(hex: DataFixtures.gzipEmpty)) == [])
        #expect(try Gzip.decompress(Self.plain + [0, 0, 0, 0]) == DataFixtures.lines(10))
    }

    // MARK: Not gzip, or unsupported

    @Test func rejectsWrongMagic() {
        DataFixtures.expectDataError(file: "x.idx", "not a gzip file", "magic 0x0000") {
            _ = try Gzip.decompress([0, 0, 8, 1, 0, 0, 0, 0], name: "x.idx")
        }
        DataFixtures.expectDataError(file: "e.gz", "not a gzip file", "empty") {
            _ = try Gzip.decompress([], name: "e.gz")
        }
    }

    @Test func rejectsOtherMethodsAndReservedFlags() {
        var method = Self.plain
        method[2] = 7
        DataFixtures.expectDataError(file: "m.gz", "compression method 7") {
            _ = try Gzip.decompress(method, name: "m.gz")
        }
        var flags = Self.plain
        flags[3] = 0x20
        DataFixtures.expectDataError(file: "f.gz", "reserved", "0x20") {
            _ = try Gzip.decompress(flags, name: "f.gz")
        }
    }

    @Test func rejectsTrailingGarbage() {
        DataFixtures.expectDataError(file: "g.gz", "3 trailing bytes") {
            _ = try Gzip.decompress(Self.plain + [0x41, 0x42, 0x43], name: "g.gz")
        }
    }

    // MARK: Damaged files

    @Test func rejectsWrongTrailerCRCAndSize() {
        let trailer = Self.plain.count - 8
        var crc = Self.plain
        crc[trailer] ^= 0x01
        DataFixtures.expectDataError(
            file: "c.gz", "CRC-32 mismatch", "stored 0x84e9e01c", "computed 0x84e9e01d"
        ) {
            _ = try Gzip.decompress(crc, name: "c.gz")
        }
        var size = Self.plain
        size[trailer + 4] ^= 0x01  // ISIZE 520 becomes 521
        DataFixtures.expectDataError(file: "s.gz", "size mismatch", "521", "520") {
            _ = try Gzip.decompress(size, name: "s.gz")
        }
    }

    @Test func rejectsDamagedHeaderCRC() {
        var file = DataFixtures.bytes(hex: DataFixtures.gzipAllFlags)
        let comment = Array("a comment".utf8)
        let start = (0...(file.count - comment.count)).first { Array(file[$0..<($0 + comment.count)]) == comment }!
        file[start] = UInt8(ascii: "A")  // the comment is covered by the header CRC
        DataFixtures.expectDataError(file: "h.gz", "header CRC mismatch", "stored 0x9d9c") {
            _ = try Gzip.decompress(file, name: "h.gz")
        }
    }

    /// Flipping any byte of the compressed data or trailer is caught: as corrupt DEFLATE data,
    /// a truncation, or by the CRC-32 or size check.
    @Test func everyDamagedByteAfterTheHeaderIsCaught() {
        for index in 10..<Self.plain.count {
            var damaged = Self.plain
            damaged[index] ^= 0xFF
            DataFixtures.expectDataError(file: "d.gz") {
                _ = try Gzip.decompress(damaged, name: "d.gz")
            }
        }
    }

    /// Every proper prefix is rejected as truncated (or, for one byte, as lacking the magic).
    @Test func everyPrefixIsRejected() throws {
        let twoMembers = DataFixtures.bytes(hex: DataFixtures.gzipTwoMembers)
        // Where the second member starts, the first one alone is a complete, valid file.
        let second = (10..<twoMembers.count - 3).first { twoMembers[$0..<($0 + 3)] == [0x1F, 0x8B, 0x08] }!
        #expect(try Gzip.decompress(Array(twoMembers[..<second])) == DataFixtures.lines(3))
        for file in [DataFixtures.bytes(hex: DataFixtures.gzipAllFlags), twoMembers] {
            for length in 2..<file.count where !(file == twoMembers && length == second) {
                DataFixtures.expectDataError(file: "p.gz", "truncated") {
                    _ = try Gzip.decompress(Array(file[..<length]), name: "p.gz")
                }
            }
        }
        DataFixtures.expectDataError(file: "p.gz", "not a gzip file", "magic 0x1f") {
            _ = try Gzip.decompress([0x1F], name: "p.gz")
        }
    }
}

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Raw DEFLATE streams made by Python's zlib (see ``DataFixtures``), hand-made streams written
/// bit by bit from RFC 1951, and corrupt or truncated streams that must be rejected.
struct InflateTests {
    /// One zlib-made fixture with the plaintext it must decode to and its first block type.
    enum Fixture: String, CaseIterable, Sendable {
        case empty, stored, fixed, dynamic, manyBlocks, repeats, skewed

        var compressed: [UInt8] {
            switch self {
            case .empty: DataFixtures.bytes(hex: DataFixtures.empty)
            case .stored: DataFixtures.bytes(hex: DataFixtures.stored)
            case .fixed: DataFixtures.bytes(hex: DataFixtures.fixed)
            case .dynamic: DataFixtures.bytes(hex: DataFixtures.dynamic)
            case .manyBlocks: DataFixtures.bytes(hex: DataFixtures.manyBlocks)
            case .repeats: DataFixtures.bytes(hex: DataFixtures.repeats)
            case .skewed: DataFixtures.bytes(hex: DataFixtures.skewed)
            }
        }

        var plaintext: [UInt8] {
            switch self {
            case .empty: []
            case .stored: DataFixtures.lines(5)
            case .fixed, .dynamic: DataFixtures.lines(40)
            case .manyBlocks: DataFixtures.lines(60)
            case .repeats: DataFixtures.repeatedRuns()
            case .skewed: DataFixtures.lcgLetters(8000, seed: 1, rareEvery: 97)
            }
        }

        /// BTYPE of the first block (bits 1-2 of the first byte): 0 stored, 1 fixed, 2 dynamic.
        var firstBlockType: UInt8 {
            switch self {
            case .stored: 0
            case .empty, .fixed: 1
            case .dynamic, .manyBlocks, .repeats, .skewed: 2
            }
        }
    }

    // MARK: Streams made by zlib

    @Test(arguments: Fixture.allCases)
    func decodesZlibFixture(_ fixture: Fixture) throws {
        let compressed = fixture.compressed
        #expect(compressed[0] >> 1 & 3 == fixture.firstBlockType, "the fixture is the kind it claims")
        let output = try Inflate.decompress(compressed, name: fixture.rawValue)
        #expect(output.count == fixture.plaintext.count)
        #expect(output == fixture.plaintext)
    }

    // MARK: Streams written by hand
    // (Python's `zlib.decompress(bytes, -15)` decodes each of these streams to the same output,
    // and rejects the block with a match but no distance codes with "invalid distance code".)

    /// A final fixed-Huffman block: literals "abc", then a match of length 5 at distance 3, which
    /// overlaps itself: "abc" + "abcab".
    @Test func handWrittenFixedBlockWithOverlappingMatch() throws {
        var writer = BitWriter()
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE = fixed
        for letter in "abc".utf8 { writer.writeCode(0x30 + Int(letter), length: 8) }  // literals 0...143
        writer.writeCode(259 - 256, length: 7)  // length symbol 259 = length 5, no extra bits
        writer.writeCode(2, length: 5)  // distance symbol 2 = distance 3, no extra bits
        writer.writeCode(0, length: 7)  // end of block (256)
        #expect(try Inflate.decompress(writer.bytes) == Array("abcabcab".utf8))
    }

    /// Fixed-Huffman literals 144...255 use 9-bit codes; length symbol 265 has one extra bit.
    @Test func handWrittenNineBitLiteralsAndExtraBits() throws {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)
        writer.writeCode(0x190 + (200 - 144), length: 9)  // literal 200
        writer.writeCode(0x190 + (255 - 144), length: 9)  // literal 255
        writer.writeCode(265 - 256, length: 7)  // length symbol 265 = lengths 11...12
        writer.write(1, bits: 1)  // extra bit 1: length 12
        writer.writeCode(1, length: 5)  // distance 2
        writer.writeCode(0, length: 7)
        let expected = [UInt8](repeating: 0, count: 14).enumerated().map { $0.offset % 2 == 0 ? UInt8(200) : 255 }
        #expect(try Inflate.decompress(writer.bytes) == expected)
    }

    /// Writes the code lengths 0...255 of a hand-made dynamic block: all zero except 'a' (97),
    /// which gets length 1. Code-length symbols: `one` for a 1, `eighteen` for runs of zeros.
    private func writeLiteralLengths(_ writer: inout BitWriter, one: (Int, Int), eighteen: (Int, Int)) {
        writer.writeCode(eighteen.0, length: eighteen.1)  // 18: 11 + 86 = 97 zeros (0...96)
        writer.write(86, bits: 7)
        writer.writeCode(one.0, length: one.1)  // 'a' (97) has length 1
        writer.writeCode(eighteen.0, length: eighteen.1)  // 138 zeros (98...235)
        writer.write(127, bits: 7)
        writer.writeCode(eighteen.0, length: eighteen.1)  // 20 zeros (236...255)
        writer.write(9, bits: 7)
    }

    /// A dynamic block with a single distance code of length 1: an incomplete code, which
    /// RFC 1951 allows ("one distance code ... of one bit") and zlib accepts.
    @Test func handWrittenDynamicBlockWithASingleDistanceCode() throws {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(2, bits: 2)
        writer.write(258 - 257, bits: 5)  // HLIT: symbols 0...257
        writer.write(0, bits: 5)  // HDIST: one distance code
        writer.write(18 - 4, bits: 4)  // HCLEN: 18 code-length code lengths
        // In the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1: symbol 18 → 2, 2 → 2, 1 → 1.
        for length in [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1] { writer.write(length, bits: 3) }
        // Canonical code-length code: 1 → 0, 2 → 10, 18 → 11.
        writeLiteralLengths(&writer, one: (0b0, 1), eighteen: (0b11, 2))
        writer.writeCode(0b10, length: 2)  // 256 (end of block) has length 2
        writer.writeCode(0b10, length: 2)  // 257 (length 3) has length 2
        writer.writeCode(0b0, length: 1)  // distance symbol 0 has length 1
        // Literal/length code: 'a' → 0, 256 → 10, 257 → 11. Distance code: 0 → 0.
        writer.writeCode(0b0, length: 1)  // 'a'
        writer.writeCode(0b11, length: 2)  // length 3 ...
        writer.writeCode(0b0, length: 1)  // ... at distance 1
        writer.writeCode(0b10, length: 2)  // end of block
        #expect(try Inflate.decompress(writer.bytes) == Array("aaaa".utf8))
    }

    /// A dynamic block whose only distance code length is 0 (no matches) is valid; a match in
    /// such a block is an invalid distance code.
    @Test func handWrittenDynamicBlockWithoutDistanceCodes() throws {
        func block(withMatch: Bool) -> [UInt8] {
            var writer = BitWriter()
            writer.write(1, bits: 1)
            writer.write(2, bits: 2)
            writer.write(258 - 257, bits: 5)  // HLIT: symbols 0...257
            writer.write(0, bits: 5)  // HDIST: one distance code (of length 0)
            writer.write(18 - 4, bits: 4)
            // Symbol 18 → 2, 0 → 2, 2 → 2, 1 → 2 (four codes of 2 bits: complete).
            for length in [0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] { writer.write(length, bits: 3) }
            // Canonical code-length code: 0 → 00, 1 → 01, 2 → 10, 18 → 11.
            writeLiteralLengths(&writer, one: (0b01, 2), eighteen: (0b11, 2))
            writer.writeCode(0b10, length: 2)  // 256 has length 2
            writer.writeCode(0b10, length: 2)  // 257 has length 2
            writer.writeCode(0b00, length: 2)  // the distance code has length 0
            writer.writeCode(0b0, length: 1)  // 'a'
            if withMatch {
                writer.writeCode(0b11, length: 2)  // length 3, then any distance bits
                writer.writeCode(0b0, length: 1)
            }
            writer.writeCode(0b10, length: 2)  // end of block
            return writer.bytes
        }
        #expect(try Inflate.decompress(block(withMatch: false)) == Array("a".utf8))
        DataFixtures.expectDataError(file: "m", "invalid distance code") {
            _ = try Inflate.decompress(block(withMatch: true), name: "m")
        }
    }

    // MARK: Corrupt streams

    @Test func rejectsBlockType3() {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(3, bits: 2)
        DataFixtures.expectDataError(file: "bad", "invalid block type 3") {
            _ = try Inflate.decompress(writer.bytes, name: "bad")
        }
    }

    @Test func rejectsDistanceBeforeTheStart() {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)
        writer.writeCode(0x30 + Int(UInt8(ascii: "a")), length: 8)  // one byte written
        writer.writeCode(1, length: 7)  // length 3
        writer.writeCode(1, length: 5)  // distance 2: one byte too far
        writer.writeCode(0, length: 7)
        DataFixtures.expectDataError(file: "far", "distance 2", "before the start", "1 bytes written") {
            _ = try Inflate.decompress(writer.bytes, name: "far")
        }
    }

    @Test func rejectsLiteralLengthSymbol286AndDistanceSymbol30() {
        var literal = BitWriter()
        literal.write(1, bits: 1)
        literal.write(1, bits: 2)
        literal.writeCode(0xC0 + (286 - 280), length: 8)  // 286 has a fixed code but no meaning
        literal.writeCode(0, length: 7)
        DataFixtures.expectDataError(file: "s", "invalid literal/length code") {
            _ = try Inflate.decompress(literal.bytes, name: "s")
        }

        var distance = BitWriter()
        distance.write(1, bits: 1)
        distance.write(1, bits: 2)
        distance.writeCode(0x30, length: 8)  // literal 0
        distance.writeCode(1, length: 7)  // length 3
        distance.writeCode(30, length: 5)  // distance symbol 30 has no meaning
        distance.writeCode(0, length: 7)
        DataFixtures.expectDataError(file: "d", "invalid distance code") {
            _ = try Inflate.decompress(distance.bytes, name: "d")
        }
    }

    @Test func rejectsStoredLengthNotMatchingItsComplement() {
        // BFINAL 1, BTYPE 00, then LEN = 5, NLEN = 0 (should be 0xFFFA).
        DataFixtures.expectDataError(file: "stored", "stored block length 5", "complement") {
            _ = try Inflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5], name: "stored")
        }
    }

    @Test func rejectsStoredBlockLongerThanTheInput() {
        DataFixtures.expectDataError(file: "stored", "truncated", "5 bytes", "2 bytes") {
            _ = try Inflate.decompress([0x01, 0x05, 0x00, 0xFA, 0xFF, 1, 2], name: "stored")
        }
    }

    /// The start of a dynamic block header: BFINAL, BTYPE = 2, HLIT, HDIST, HCLEN and the
    /// code-length code lengths for symbols 16, 17, 18, 0, ... (in that order).
    private func dynamicHeader(literals: Int = 257, distances: Int = 1, codeLengthLengths: [Int]) -> BitWriter {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(2, bits: 2)
        writer.write(literals - 257, bits: 5)
        writer.write(distances - 1, bits: 5)
        writer.write(codeLengthLengths.count - 4, bits: 4)
        for length in codeLengthLengths { writer.write(length, bits: 3) }
        return writer
    }

    @Test func rejectsOverSubscribedAndIncompleteCodeLengthCodes() {
        let over = dynamicHeader(codeLengthLengths: [1, 1, 1, 1])
        DataFixtures.expectDataError(file: "x", "over-subscribed code-length") {
            _ = try Inflate.decompress(over.bytes + [0, 0, 0, 0], name: "x")
        }
        let incomplete = dynamicHeader(codeLengthLengths: [2, 2, 2, 0])
        DataFixtures.expectDataError(file: "x", "incomplete code-length") {
            _ = try Inflate.decompress(incomplete.bytes + [0, 0, 0, 0], name: "x")
        }
    }

    @Test func rejectsBadCodeLengthRuns() {
        // Symbols 16, 17, 18, 0 all get 2-bit codes; canonical order by symbol gives
        // 0 → 00, 16 → 01, 17 → 10, 18 → 11.
        var repeatFirst = dynamicHeader(codeLengthLengths: [2, 2, 2, 2])
        repeatFirst.writeCode(0b01, length: 2)  // 16 (repeat the previous length) at the start
        repeatFirst.write(0, bits: 2)
        DataFixtures.expectDataError(file: "x", "nothing to repeat") {
            _ = try Inflate.decompress(repeatFirst.bytes + [0, 0, 0, 0], name: "x")
        }

        var noEnd = dynamicHeader(codeLengthLengths: [2, 2, 2, 2])
        noEnd.writeCode(0b11, length: 2)  // 18: 11 + 127 = 138 zeros
        noEnd.write(127, bits: 7)
        noEnd.writeCode(0b11, length: 2)  // 18: 11 + 109 = 120 zeros, 258 in all
        noEnd.write(109, bits: 7)
        DataFixtures.expectDataError(file: "x", "end-of-block") {
            _ = try Inflate.decompress(noEnd.bytes + [0, 0, 0, 0], name: "x")
        }

        var tooLong = dynamicHeader(codeLengthLengths: [2, 2, 2, 2])
        tooLong.writeCode(0b11, length: 2)  // 138 zeros
        tooLong.write(127, bits: 7)
        tooLong.writeCode(0b11, length: 2)  // 138 more: past the 258 lengths
        tooLong.write(127, bits: 7)
        DataFixtures.expectDataError(file: "x", "runs past the 258 code lengths") {
            _ = try Inflate.decompress(tooLong.bytes + [0, 0, 0, 0], name: "x")
        }

        let tooMany = dynamicHeader(literals: 287, codeLengthLengths: [2, 2, 2, 2])
        DataFixtures.expectDataError(file: "x", "too many length or distance symbols") {
            _ = try Inflate.decompress(tooMany.bytes + [0, 0, 0, 0], name: "x")
        }
    }

    @Test func rejectsEmptyInputAndTrailingBytes() {
        DataFixtures.expectDataError(file: "e", "truncated", "empty") {
            _ = try Inflate.decompress([], name: "e")
        }
        DataFixtures.expectDataError(file: "t", "2 unexpected bytes after the final deflate block") {
            _ = try Inflate.decompress(Fixture.dynamic.compressed + [0, 0], name: "t")
        }
    }

    /// Every proper prefix of a valid stream is reported as truncated: none decodes, crashes,
    /// or is mistaken for corrupt data.
    @Test(arguments: [Fixture.empty, .stored, .fixed, .dynamic, .manyBlocks, .repeats])
    func everyPrefixIsTruncated(_ fixture: Fixture) {
        let compressed = fixture.compressed
        for length in 1..<compressed.count {
            DataFixtures.expectDataError(file: "prefix", "truncated") {
                _ = try Inflate.decompress(Array(compressed[..<length]), name: "prefix")
            }
        }
    }

    /// Random bytes and single-byte corruptions must end (in an error or some output), never
    /// crash or hang, and never produce more than 258 bytes per input bit (each symbol takes at
    /// least one bit and yields at most 258 bytes).
    @Test func garbageEndsWithoutCrashing() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // xorshift64: any fixed sequence of bytes will do
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var inputs: [[UInt8]] = (0..<500).map { _ in
            (0..<(1 + Int(next() % 64))).map { _ in UInt8(truncatingIfNeeded: next()) }
        }
        let valid = Fixture.dynamic.compressed
        for index in valid.indices {
            var corrupted = valid
            corrupted[index] ^= 0xFF
            inputs.append(corrupted)
        }
        var rejected = 0
        for input in inputs {
            do {
                let output = try Inflate.decompress(input)
                #expect(output.count <= 258 * 8 * input.count)
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }
}

import Foundation
import GradLabData
import Testing

/// The safetensors reader and writer against files made by the format's rules, not by GradLab.
///
/// The two fixtures below are exactly what Python's reference implementation writes
/// (`safetensors` 0.8.0, `safetensors.numpy.save`), checked by hand against the rules:
///
/// ```python
/// save({"W1": np.array([[1.0, -2.5]], dtype=np.float64), "b1": np.array([0.5], dtype=np.float32)},
///      metadata={"network": "affine 2"})      # 180 bytes: 8 + a 152-byte header + 20 data bytes
/// save({"x": np.array([3.0])})                # 72 bytes: the 54-byte header padded with 2 spaces to 56
/// ```
struct SafetensorsTests {
    /// W1 (float64, 1×2: 1.0, −2.5) and b1 (float32: 0.5), with one metadata string.
    static let twoTensors: [UInt8] =
        [0x98, 0, 0, 0, 0, 0, 0, 0]  // the header's length, 152, little-endian
        + Array(#"{"__metadata__":{"network":"affine 2"},"W1":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"b1":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#.utf8)
        + [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]  // 1.0 = 0x3FF0000000000000
        + [0, 0, 0, 0, 0, 0, 0x04, 0xC0]  // −2.5 = 0xC004000000000000
        + [0, 0, 0, 0x3F]  // 0.5 as a float32 = 0x3F000000

    /// x (float64: 3.0): the header is padded with two spaces to a multiple of 8.
    static let padded: [UInt8] =
        [0x38, 0, 0, 0, 0, 0, 0, 0]  // 56
        + Array(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}  "#.utf8)
        + [0, 0, 0, 0, 0, 0, 0x08, 0x40]  // 3.0 = 0x4008000000000000

    static let twoTensorsValue = Safetensors(
        entries: [Safetensors.Entry(name: "W1", dtype: .f64, shape: [1, 2], scalars: [1.0, -2.5]),
                  Safetensors.Entry(name: "b1", dtype: .f32, shape: [1], scalars: [0.5])],
        metadata: ["network": "affine 2"])

    @Test func writesTheReferenceBytes() {
        #expect(Self.twoTensors.count == 180)
        #expect(Self.twoTensorsValue.encoded() == Self.twoTensors)
        #expect(Safetensors(entries: [Safetensors.Entry(name: "x", shape: [1], scalars: [3])]).encoded() == Self.padded)
    }

    @Test func readsTheReferenceBytes() throws {
        let file = try Safetensors(bytes: Self.twoTensors, name: "two.safetensors")
        #expect(file == Self.twoTensorsValue)
        let padded = try Safetensors(bytes: Self.padded, name: "padded.safetensors")
        #expect(padded.entries == [Safetensors.Entry(name: "x", shape: [1], scalars: [3])])
        #expect(padded.metadata.isEmpty)
    }

    @Test func roundTripsFloat64ToTheBitAndFloat32ToFloatPrecision() throws {
        var generator = SplitMix64Bits(seed: 7)
        let values = (0..<37).map { _ in Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (generator.next() % 2 == 0 ? 1 : -1) }
            + [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-300]
        let original = Safetensors(
            entries: [Safetensors.Entry(name: "W1", shape: [6, 7], scalars: values),
                      Safetensors.Entry(name: "empty", shape: [0, 3], scalars: []),
                      Safetensors.Entry(name: "scalar", shape: [], scalars: [0.1]),
                      Safetensors.Entry(name: "ünïcode \"name\"\n", dtype: .f32, shape: [2, 2], scalars: [0.1, -1e-3, 3e38, 1])],
            metadata: ["a\tb": "c\\d", "network": "affine 10"])
        let bytes = original.encoded()
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength % 8 == 0)
        let back = try Safetensors(bytes: bytes, name: "round.safetensors")
        #expect(back.metadata == original.metadata)
        #expect(back.entries.count == 4)
        #expect(back.entries[0].scalars.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(back.entries[1].shape == [0, 3] && back.entries[1].scalars.isEmpty)
        #expect(back.entries[2].shape == [] && back.entries[2].scalars == [0.1])
        // float32: each value is the nearest Float, widened back.
        #expect(back.entries[3].name == "ünïcode \"name\"\n")
        #expect(back.entries[3].scalars == [Double(Float(0.1)), Double(Float(-1e-3)), Double(Float(3e38)), 1])
        #expect(back.entries[3].scalars[0] != 0.1)
    }

    @Test func writesWholeFilesAndReadsThemBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(at: folder) } catch { Issue.record(error) }
        }
        let url = folder.appendingPathComponent("m.safetensors")
        try Self.twoTensorsValue.write(to: url)
        #expect(try Safetensors.load(contentsOf: url) == Self.twoTensorsValue)
        try Safetensors(entries: [Safetensors.Entry(name: "x", shape: [1], scalars: [3])]).write(to: url)  // replaces it
        #expect(try [UInt8](Data(contentsOf: url)) == Self.padded)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.safetensors"])
        do {
            try Self.twoTensorsValue.write(to: folder.appendingPathComponent("nowhere/m.safetensors"))
            Issue.record("wrote into a folder that does not exist")
        } catch {
            #expect(error.file == "m.safetensors")
            #expect(error.problem.hasPrefix("cannot create "))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.safetensors"])
    }

    // MARK: Bad files

    /// A file of `header` (padded to 8) and `data` bytes.
    static func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        headerBytes += Array(repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
        let length = UInt64(headerBytes.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + headerBytes + data
    }

    /// The problem reported for `bytes`, checking that the file is named.
    static func problem(_ bytes: [UInt8]) -> String? {
        do {
            _ = try Safetensors(bytes: bytes, name: "bad.safetensors")
            return nil
        } catch {
            #expect(error.file == "bad.safetensors")
            return error.problem
        }
    }

    static let eight: [UInt8] = [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]

    @Test(arguments: [
        (Array(twoTensors.prefix(5)), "truncated: 5 bytes"),
        ([0x98, 0, 0, 0, 0, 0, 0, 0] + Array(#"{"a":1}"#.utf8), "truncated: the header length says 152 bytes, but only 7 follow it"),
        ([0x01, 0xE1, 0xF5, 0x05, 0, 0, 0, 0] + Array(repeating: 0x20, count: 16), "header length 100000001 bytes is larger than the 100000000 allowed"),
        ([0, 0xE1, 0xF5, 0x05, 0, 0, 0, 0] + Array(repeating: 0x20, count: 16), "truncated: the header length says 100000000 bytes, but only 16 follow it"),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "header length 18446744073709551615 bytes is larger than the 100000000 allowed"),
        (file("[1, 2]"), "the header does not start with '{'"),
        (file(#"{"a": {"dtype": "F64",}}"#), "malformed JSON in the header at byte 22: expected a key in double quotes"),
        (file(#"{"a": }"#), "malformed JSON in the header at byte 6: unexpected '}' where a value was expected"),
        (file(#"{"a": [1, 2}"#), "malformed JSON in the header at byte 11: expected ',' or ']' in an array"),
        (file(#"{"a": "x"#), "malformed JSON in the header at byte 8: a string that is not closed"),
        (file(#"{} x"#), "malformed JSON in the header at byte 3: unexpected text after the end"),
        (file("{\"a\":\"\u{01}\"}"), "a control character"),
        (file("{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"), "nested more than 64 levels deep"),
        (file(#"{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: [0, 0]), #"tensor "x": unsupported dtype "F16"; GradLab reads F64 and F32"#),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"x":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#, data: eight + eight),
         #"the name "x" appears twice in the header"#),
        (file(#"{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"y":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#, data: eight + eight),
         #"tensor "y" at bytes [8, 16) overlaps the tensor before it, which ends at 16"#),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"y":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}"#, data: eight + eight + eight),
         #"a gap in the data: bytes [8, 16) belong to no tensor (the next is "y")"#),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: eight + [1]),
         "1 bytes at the end of the data section belong to no tensor (the tensors end at 8, the data section holds 9)"),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,16]}}"#, data: eight),
         #"tensor "x": data_offsets [0, 16) go past the end of the data section (8 bytes); the file may be truncated"#),
        (file(#"{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}"#, data: eight),
         #"tensor "x": shape [2] of F64 needs 2 × 8 = 16 bytes, but data_offsets [0, 8) hold 8"#),
        (file(#"{"x":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, data: eight),
         #"tensor "x": shape [4294967296, 4294967296] of F64 needs more than 2⁶³ bytes"#),
        (file(#"{"x":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}"#, data: eight), #"tensor "x": shape holds -1, not a whole number ≥ 0"#),
        (file(#"{"x":{"dtype":"F64","shape":[1.5],"data_offsets":[0,8]}}"#, data: eight), #"tensor "x": shape holds 1.5"#),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[8,0]}}"#, data: eight), #"tensor "x": data_offsets [8, 0) end before they begin"#),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0]}}"#, data: eight), #"tensor "x": data_offsets has 1 numbers, not 2"#),
        (file(#"{"x":{"dtype":"F64","shape":[1]}}"#, data: eight), #"tensor "x" has no data_offsets"#),
        (file(#"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8],"extra":1}}"#, data: eight), #"tensor "x": unknown field "extra""#),
        (file(#"{"x":[1]}"#), #"tensor "x" is described by an array, not an object"#),
        (file(#"{"__metadata__":{"a":1}}"#), #"__metadata__ "a" is a number; metadata values must be strings"#),
        (file(#"{"__metadata__":{"a":"1","a":"2"}}"#), #"__metadata__ has the key "a" twice"#),
    ] as [([UInt8], String)])
    func rejectsBadFiles(bytes: [UInt8], expected: String) {
        let problem = Self.problem(bytes)
        #expect(problem?.contains(expected) == true, "\(problem ?? "accepted")")
    }

    @Test func namesTheProblemOfATruncatedDataSection() {
        // One byte short: the last tensor's offsets go past the end.
        #expect(Self.problem(Array(Self.twoTensors.dropLast(1)))
                == #"tensor "b1": data_offsets [16, 20) go past the end of the data section (19 bytes); the file may be truncated"#)
        // Every cut of a valid file is refused, never a crash.
        for cut in 0..<Self.twoTensors.count {
            #expect(Self.problem(Array(Self.twoTensors.prefix(cut))) != nil, "cut at \(cut)")
        }
    }

    @Test func readsJSONEscapesAndKeepsNumbersAsWritten() throws {
        let value = try HeaderJSON.parse(Array(#" {"a\u00e9\ud83d\ude00\n": [true, false, null, -0.5e+3, 12345678901234567890]} "#.utf8))
        #expect(value == .object([(key: "aé😀\n", value: .array([.bool(true), .bool(false), .null, .number("-0.5e+3"),
                                                                   .number("12345678901234567890")]))]))
        #expect(HeaderJSON.quoted("a\"b\\c\n\u{01}é") == #""a\"b\\c\n\u0001é""#)
        #expect(throws: HeaderJSON.SyntaxError.self) { try HeaderJSON.parse(Array(#""\ud83d""#.utf8)) }
        #expect(throws: HeaderJSON.SyntaxError.self) { try HeaderJSON.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: HeaderJSON.SyntaxError.self) { try HeaderJSON.parse(Array("01".utf8)) }
    }
}

/// SplitMix64 for the test's random bit patterns (the test target of the data module does not
/// rely on the core's generator).
private struct SplitMix64Bits {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

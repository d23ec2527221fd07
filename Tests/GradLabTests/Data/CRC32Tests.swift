import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// CRC-32 against the standard check value and values computed by Python's `zlib.crc32`.
struct CRC32Tests {
    /// `bytes((i*31 + 7) % 256 for i in range(1000))`, the data of the Python reference values.
    static let data: [UInt8] = (0..<1000).map { UInt8(($0 * 31 + 7) % 256) }
    /// `zlib.crc32(data[:n])` for n in 0...16: covers the 8-byte loop and every tail length.
    static let prefixChecksums: [UInt32] = [
        0x0000_0000, 0x4C66_7A2E, 0xDC95_01C5, 0x3F66_F9AC, 0x4782_C3F6, 0xF22A_E8FD, 0x2924_8900,
        0x3E48_3922, 0xA756_0428, 0xCA12_FEFE, 0x72C2_1F0B, 0x1DCA_B80B, 0x2710_E162, 0xB64E_57AC,
        0x1D0E_3443, 0x8F77_FABB, 0x0636_A895,
    ]
    /// `zlib.crc32(data)`.
    static let fullChecksum: UInt32 = 0x8902_161E

    @Test func emptyInputHasChecksumZero() {
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func standardCheckValue() {
        // The check value every CRC-32 catalogue lists for "123456789".
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func nonContiguousCollectionTakesTheBytewisePath() {
        let digits = (0x31...0x39).lazy.map { UInt8($0) }  // "123456789", not contiguous
        #expect(CRC32.checksum(digits) == 0xCBF4_3926)
    }

    @Test func prefixesMatchZlib() {
        for (length, expected) in Self.prefixChecksums.enumerated() {
            #expect(CRC32.checksum(Self.data[0..<length]) == expected, "prefix of \(length) bytes")
        }
        #expect(CRC32.checksum(Self.data) == Self.fullChecksum)
    }

    @Test func incrementalUpdateAtEverySplitMatchesZlib() {
        for split in 0...Self.data.count {
            let first = CRC32.checksum(Self.data[..<split])
            #expect(CRC32.update(first, with: Self.data[split...]) == Self.fullChecksum, "split at \(split)")
        }
    }
}

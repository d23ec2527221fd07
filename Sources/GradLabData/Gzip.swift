/// Decompresses gzip files (RFC 1952): a small header, DEFLATE data, and a trailer that
/// proves the result is right.
///
/// ```
/// member  = header  deflate-data  CRC-32 (4 bytes, little-endian)  ISIZE (4 bytes)
/// header  = 1f 8b  CM=8  FLG  MTIME(4)  XFL  OS
///           [FEXTRA: XLEN(2) + XLEN bytes] [FNAME: text, 0] [FCOMMENT: text, 0] [FHCRC: 2 bytes]
/// ```
///
/// `ISIZE` is the uncompressed size modulo 2³². A file may hold several members one after the
/// other (`cat a.gz b.gz > ab.gz`); their outputs are concatenated, as `gunzip` does. Zero bytes
/// after the last member are ignored (some tools pad files that way).
public enum Gzip: Sendable {
    /// Decompresses gzip data and checks each member's CRC-32 and size.
    ///
    /// - Parameters:
    ///   - data: The whole `.gz` file.
    ///   - name: The file name shown in error messages.
    /// - Returns: The decompressed bytes of all members, concatenated.
    /// - Throws: ``DataError`` naming `name` and the problem: not a gzip file (wrong magic),
    ///   unsupported method or flags, truncated header, data or trailer, corrupt DEFLATE data,
    ///   header CRC, CRC-32 or size mismatch, or trailing bytes that are not another member.
    /// - Complexity: O(input + output).
    public static func decompress(_ data: [UInt8], name: String = "input") throws(DataError) -> [UInt8] {
        guard data.count >= 2, data[0] == 0x1F, data[1] == 0x8B else {
            let magic = data.prefix(2).map { hexString($0, digits: 2) }.joined()
            throw DataError(
                file: name,
                problem: data.isEmpty
                    ? "not a gzip file (it is empty)"
                    : "not a gzip file (magic 0x\(magic), expected 0x1f8b)")
        }
        // The last member's ISIZE is usually the whole output size: a good first capacity.
        // It is only a hint: believed if DEFLATE could reach it (at most 1032:1), as a corrupt
        // trailer must not make us allocate gigabytes.
        var hint = data.count * 4
        if data.count >= 18 {
            let size = Int(readUInt32(data, at: data.count - 4))
            if size <= data.count * 1032 { hint = size }
        }
        return try data.withUnsafeBufferPointer { (input) throws(DataError) -> [UInt8] in
            try Inflater.decode(input, name: name, capacityHint: hint) { (inflater) throws(DataError) in
                var position = 0
                repeat {
                    position = try decodeMember(data, at: position, with: &inflater, name: name)
                } while try hasAnotherMember(data, at: position, name: name)
            }
        }
    }

    /// Decodes one member starting at `start`; returns the index just after its trailer.
    private static func decodeMember(
        _ data: [UInt8], at start: Int, with inflater: inout Inflater, name: String
    ) throws(DataError) -> Int {
        func truncated(_ what: String) -> DataError {
            DataError(file: name, problem: "truncated: the file ends inside \(what)")
        }
        guard data.count - start >= 10 else { throw truncated("the gzip header") }
        let method = data[start + 2]
        let flags = data[start + 3]
        guard method == 8 else {
            throw DataError(
                file: name, problem: "unsupported compression method \(method) (only 8, deflate, exists)")
        }
        guard flags & 0xE0 == 0 else {
            throw DataError(file: name, problem: "reserved gzip header flags set (0x\(hexString(flags, digits: 2)))")
        }
        var position = start + 10
        if flags & 0x04 != 0 {  // FEXTRA: a length, then that many bytes of extra fields
            guard data.count - position >= 2 else { throw truncated("the header's extra field") }
            let extraLength = Int(data[position]) | Int(data[position + 1]) << 8
            guard data.count - position - 2 >= extraLength else { throw truncated("the header's extra field") }
            position += 2 + extraLength
        }
        if flags & 0x08 != 0 {  // FNAME: the original file name, zero-terminated
            guard let zero = data[position...].firstIndex(of: 0) else { throw truncated("the header's file name") }
            position = zero + 1
        }
        if flags & 0x10 != 0 {  // FCOMMENT: a comment, zero-terminated
            guard let zero = data[position...].firstIndex(of: 0) else { throw truncated("the header's comment") }
            position = zero + 1
        }
        if flags & 0x02 != 0 {  // FHCRC: the low 16 bits of the header's CRC-32
            guard data.count - position >= 2 else { throw truncated("the header CRC") }
            let stored = UInt16(data[position]) | UInt16(data[position + 1]) << 8
            let computed = UInt16(truncatingIfNeeded: CRC32.checksum(data[start..<position]))
            guard stored == computed else {
                throw DataError(
                    file: name,
                    problem: "header CRC mismatch: stored 0x\(hexString(stored, digits: 4)), "
                        + "computed 0x\(hexString(computed, digits: 4))")
            }
            position += 2
        }
        guard position < data.count else { throw truncated("the gzip header (no compressed data)") }

        let outputStart = inflater.outputCount
        position = try inflater.inflate(from: position)
        guard data.count - position >= 8 else {
            throw truncated("the 8-byte gzip trailer (CRC-32 and size)")
        }
        let outputCount = inflater.outputCount - outputStart
        let storedCRC = readUInt32(data, at: position)
        let storedSize = readUInt32(data, at: position + 4)
        let computedCRC = CRC32.update(
            0, with: UnsafeRawBufferPointer(start: inflater.output + outputStart, count: outputCount))
        guard storedCRC == computedCRC else {
            throw DataError(
                file: name,
                problem: "CRC-32 mismatch: stored 0x\(hexString(storedCRC, digits: 8)), "
                    + "computed 0x\(hexString(computedCRC, digits: 8))")
        }
        guard storedSize == UInt32(truncatingIfNeeded: outputCount) else {
            throw DataError(
                file: name,
                problem: "size mismatch: the trailer says \(storedSize) bytes (mod 2^32), "
                    + "decompressed \(outputCount)")
        }
        return position + 8
    }

    /// After a member: true if another member follows; false at the end (or zero padding).
    private static func hasAnotherMember(_ data: [UInt8], at position: Int, name: String) throws(DataError) -> Bool {
        if position == data.count { return false }
        if data[position...].allSatisfy({ $0 == 0 }) { return false }
        // A lone 0x1f may be the start of a member cut short: decodeMember reports truncation.
        guard data[position] == 0x1F, data.count - position == 1 || data[position + 1] == 0x8B else {
            throw DataError(
                file: name,
                problem: "\(data.count - position) trailing bytes after the gzip data are not another gzip member")
        }
        return true
    }

    private static func readUInt32(_ data: [UInt8], at index: Int) -> UInt32 {
        UInt32(data[index]) | UInt32(data[index + 1]) << 8
            | UInt32(data[index + 2]) << 16 | UInt32(data[index + 3]) << 24
    }
}

/// `value` in lowercase hexadecimal, zero-padded to `digits`.
func hexString<T: BinaryInteger>(_ value: T, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

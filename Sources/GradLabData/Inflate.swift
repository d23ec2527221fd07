/// Decompresses DEFLATE data (RFC 1951), the compressed format inside gzip, zip and PNG files.
///
/// A DEFLATE stream is a sequence of blocks. Each block is one of:
///
/// - **stored**: raw bytes, preceded by their length `LEN` and its one's complement `NLEN`;
/// - **fixed Huffman**: symbols coded with a code table written in the RFC itself;
/// - **dynamic Huffman**: the block first describes its own code tables (compactly, with a
///   third Huffman code for the code lengths), then uses them.
///
/// Huffman blocks hold two kinds of symbols: a *literal* byte, copied to the output, or a
/// *match* `(length, distance)`: "copy `length` bytes starting `distance` bytes back in what was
/// already written". The copy may overlap itself: `(length: 10, distance: 1)` repeats the last
/// byte ten times. Symbol 256 ends the block; a bit in each block header marks the last block.
///
/// Bits are read least-significant first, Huffman codes most-significant first, so the decoder
/// stores every code bit-reversed and looks codes up in a table indexed by the next bits of
/// the stream (see `Inflater` for the table layout).
///
/// Corrupt or truncated input throws a ``DataError``; it never crashes or loops forever.
public enum Inflate: Sendable {
    /// Decompresses a raw DEFLATE stream (no zlib or gzip wrapper).
    ///
    /// - Parameters:
    ///   - deflated: The compressed bytes: one complete DEFLATE stream, nothing after its final
    ///     block except the unused bits of its last byte.
    ///   - name: The name used in error messages (a file name, for example).
    /// - Returns: The decompressed bytes.
    /// - Throws: ``DataError`` if the stream is truncated, corrupt (an invalid code, a distance
    ///   reaching back before the start, a stored length that does not match its complement), or
    ///   followed by extra bytes.
    /// - Complexity: O(input + output); a few hundred MB/s of output in a release build.
    public static func decompress(
        _ deflated: [UInt8], name: String = "deflate stream"
    ) throws(DataError) -> [UInt8] {
        guard !deflated.isEmpty else {
            throw DataError(file: name, problem: "truncated: the deflate data is empty")
        }
        return try deflated.withUnsafeBufferPointer { (input) throws(DataError) -> [UInt8] in
            try Inflater.decode(input, name: name, capacityHint: input.count * 4) {
                (inflater) throws(DataError) in
                let end = try inflater.inflate(from: 0)
                guard end == input.count else {
                    throw DataError(
                        file: name,
                        problem: "\(input.count - end) unexpected bytes after the final deflate block")
                }
            }
        }
    }
}

// MARK: - The decoder

/// The state of one decompression: input position and bit buffer, output buffer, code tables.
///
/// **Bit buffer.** Up to 64 not-yet-used input bits sit in `bitBuffer`, the next bit in bit 0.
/// `refill()` tops it up to at least 56 bits with one unaligned 8-byte load, so the decoding
/// loop refills once per symbol: the longest symbol, a length code with its extra bits and a
/// distance code with its extra bits, needs 15 + 5 + 15 + 13 = 48 bits.
///
/// **Code tables.** A table entry is a `UInt32`:
///
/// ```
/// bits 16...31  value: the literal byte, the length or distance base, or a subtable offset
/// bits  8...15  extra bits to read after the code (or the subtable's index width)
/// bits  4...7   kind: literal, base (length or distance), end of block, subtable, invalid
/// bits  0...3   how many bits the code uses (for a subtable pointer: the root width)
/// ```
///
/// The root table is indexed by the next `rootBits` bits of the stream: a code of length
/// `n ≤ rootBits` fills every slot whose low `n` bits are the code. Longer codes share a
/// root slot with their first `rootBits` bits; that slot points to a subtable indexed by the
/// following bits. Most symbols are found with one lookup.
///
/// Memory is held as raw pointers (`~Copyable`, freed in `deinit`), which keeps the hot loop
/// free of bounds checks, copy-on-write checks and reallocation inside a symbol. The output
/// is written straight into the storage of the array that will be returned (see
/// `decode(_:name:capacityHint:_:)`), so a correct size hint (gzip's ISIZE) means no copy.
struct Inflater: ~Copyable {
    // Input.
    private let input: UnsafePointer<UInt8>
    private let inputCount: Int
    /// The next input byte to load. May run past `inputCount`: zero bytes are fed in so the
    /// decoder can look ahead near the end, and consuming any of them means truncated input.
    private var position = 0
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    // Output: the caller's buffer at first; our own allocation once it had to grow.
    private(set) var output: UnsafeMutablePointer<UInt8>
    private(set) var outputCount = 0
    private var outputCapacity: Int
    private var ownsOutput = false
    /// Where the current DEFLATE stream's output begins (matches may not reach before it).
    private var streamStart = 0

    // Code tables and the scratch space to build them, reused by every block.
    private let literalTable: UnsafeMutablePointer<UInt32>
    private let distanceTable: UnsafeMutablePointer<UInt32>
    private let codeLengths: UnsafeMutablePointer<UInt8>
    private let scratch: UnsafeMutablePointer<Int>
    private var tablesAreFixed = false

    private let name: String

    /// Free bytes kept past the output so a match can be copied eight bytes at a time.
    static let slack = 16
    private static let literalRootBits = 10
    private static let distanceRootBits = 8
    private static let codeLengthRootBits = 7
    // Upper bounds for a complete code (each subtable of width w needs at least w + 1 codes):
    // 1024 + (288 / 6) * 32 = 2560 literal/length entries, 256 + 30 * 16 = 736 distance entries.
    private static let literalTableCapacity = 2560
    private static let distanceTableCapacity = 1024
    private static let codeLengthCapacity = 288 + 32
    // Counts, next codes, next sorted positions (3 × 16), reversed codes and sorted symbols
    // (2 × 320), subtable widths and offsets (2 × 1024).
    private static let scratchCapacity = 48 + 2 * codeLengthCapacity + 2 * 1024

    /// Runs `body` with a decoder whose output goes into a new array, and returns that array.
    ///
    /// The array is allocated with room for `capacityHint` bytes and filled in place; only if
    /// the output outgrows it (or uses less than half of it) is it copied once at the end.
    ///
    /// - Parameters:
    ///   - input: The whole input; must not be empty.
    ///   - name: The name used in error messages.
    ///   - capacityHint: The expected output size.
    ///   - body: Calls `inflate(from:)` one or more times.
    static func decode(
        _ input: UnsafeBufferPointer<UInt8>, name: String, capacityHint: Int,
        _ body: (inout Inflater) throws(DataError) -> Void
    ) throws(DataError) -> [UInt8] {
        var failure: DataError?
        var copy: [UInt8]?
        // Room for the longest match (258 bytes) past the hint: the decoder grows its buffer
        // when a match might not fit, and an exact hint must not trigger that at the very end
        // (growing doubles 47 MB of MNIST images and then copies them once more).
        let capacity = max(capacityHint, 1024) + 258 + slack
        let array = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var inflater = Inflater(input: input, name: name, output: buffer)
            do throws(DataError) {
                try body(&inflater)
            } catch {
                failure = error
                initialized = 0
                return
            }
            if inflater.ownsOutput || inflater.outputCount < capacity / 2 {
                copy = inflater.makeArray()
                initialized = 0
            } else {
                initialized = inflater.outputCount
            }
        }
        if let failure { throw failure }
        return copy ?? array
    }

    /// Prepares to decode from `input` into `output` (which grows into new memory if needed).
    private init(input: UnsafeBufferPointer<UInt8>, name: String, output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(!input.isEmpty, "Inflater: empty input")
        precondition(output.count >= Self.slack, "Inflater: output buffer too small")
        self.input = input.baseAddress!
        self.inputCount = input.count
        self.name = name
        self.output = output.baseAddress!
        self.outputCapacity = output.count
        self.literalTable = .allocate(capacity: Self.literalTableCapacity)
        self.distanceTable = .allocate(capacity: Self.distanceTableCapacity)
        self.codeLengths = .allocate(capacity: Self.codeLengthCapacity)
        self.scratch = .allocate(capacity: Self.scratchCapacity)
    }

    deinit {
        if ownsOutput { output.deallocate() }
        literalTable.deallocate()
        distanceTable.deallocate()
        codeLengths.deallocate()
        scratch.deallocate()
    }

    /// A copy of everything decoded so far.
    private func makeArray() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
            if outputCount > 0 {
                buffer.baseAddress!.initialize(from: output, count: outputCount)
            }
            initialized = outputCount
        }
    }

    /// Decodes one complete DEFLATE stream starting at input byte `start`, appending its
    /// output to what was decoded before.
    ///
    /// - Returns: The index of the first input byte after the stream.
    mutating func inflate(from start: Int) throws(DataError) -> Int {
        position = start
        bitBuffer = 0
        bitCount = 0
        streamStart = outputCount
        var isFinal = false
        repeat {
            let header = try bits(3)
            isFinal = header & 1 == 1
            switch header >> 1 {
            case 0:
                try copyStoredBlock()
            case 1:
                if !tablesAreFixed { try buildFixedTables() }
                try decodeHuffmanBlock()
            case 2:
                try readDynamicTables()
                try decodeHuffmanBlock()
            default:
                throw corrupt("invalid block type 3")
            }
        } while !isFinal
        // Give back the whole bytes still in the bit buffer; the partly used byte is consumed.
        let end = position - bitCount >> 3
        guard end <= inputCount else { throw truncated() }
        return end
    }

    // MARK: Errors

    private var approximateByteOffset: Int { min(position - bitCount >> 3, inputCount) }

    /// An error for corrupt data, unless the decoder had already run past the end of the
    /// input: then the garbage it found was zero padding, and the real problem is truncation.
    private func corrupt(_ what: String) -> DataError {
        if position * 8 - bitCount > inputCount * 8 { return truncated() }
        return DataError(
            file: name,
            problem: "corrupt deflate data: \(what) (near compressed byte \(approximateByteOffset))")
    }

    private func truncated() -> DataError {
        DataError(
            file: name,
            problem: "truncated: the deflate data ends before its final block is complete "
                + "(\(inputCount) bytes of input)")
    }

    // MARK: Bits

    /// Tops the bit buffer up to at least 56 bits.
    @inline(__always)
    private mutating func refill() throws(DataError) {
        if position &+ 8 <= inputCount {
            // Load 8 bytes; keep the whole bytes that fit. Bits above `bitCount` are the
            // following input bytes (or zero), so OR-ing the same bytes in again is harmless.
            let word = UInt64(
                littleEndian: UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self))
            bitBuffer |= word &<< UInt64(bitCount)
            position &+= (63 &- bitCount) &>> 3
            bitCount |= 56
        } else {
            try refillNearTheEnd()
        }
    }

    @inline(never)
    private mutating func refillNearTheEnd() throws(DataError) {
        while bitCount <= 56 {
            if position < inputCount {
                bitBuffer |= UInt64(input[position]) &<< UInt64(bitCount)
            } else if position * 8 - bitCount > inputCount * 8 {
                // More bits were used than the input has: the decoder read padding.
                throw truncated()
            }
            position += 1
            bitCount += 8
        }
    }

    /// Removes `count` bits (at most 32, already in the buffer) and returns them.
    @inline(__always)
    private mutating func take(_ count: Int) -> Int {
        let value = Int(truncatingIfNeeded: bitBuffer & ((1 &<< UInt64(count)) &- 1))
        bitBuffer &>>= UInt64(count)
        bitCount &-= count
        return value
    }

    /// Reads `count` bits (at most 32), refilling if needed.
    @inline(__always)
    private mutating func bits(_ count: Int) throws(DataError) -> Int {
        if bitCount < count { try refill() }
        return take(count)
    }

    /// Looks up the next code in `table`, consumes its bits and returns its entry.
    /// Needs at least 15 bits in the buffer.
    @inline(__always)
    private mutating func decode(_ table: UnsafeMutablePointer<UInt32>, rootBits: Int) -> UInt32 {
        var entry = table[Int(truncatingIfNeeded: bitBuffer) & ((1 &<< rootBits) &- 1)]
        if entry & Entry.kindMask == Entry.subtable {
            _ = take(rootBits)
            let width = Int((entry >> 8) & 0xFF)
            entry = table[Int(entry >> 16) &+ Int(truncatingIfNeeded: bitBuffer) & ((1 &<< width) &- 1)]
        }
        _ = take(Int(entry & 0xF))
        return entry
    }

    // MARK: Output

    /// Makes room for `count` more bytes plus the copy slack.
    @inline(__always)
    private mutating func reserve(_ count: Int) {
        if outputCapacity &- outputCount < count &+ Self.slack {
            grow(count)
        }
    }

    @inline(never)
    private mutating func grow(_ count: Int) {
        let newCapacity = max(outputCapacity * 2, outputCount + count + Self.slack)
        let newOutput = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newOutput.initialize(from: output, count: outputCount)
        if ownsOutput { output.deallocate() }
        output = newOutput
        ownsOutput = true
        outputCapacity = newCapacity
    }

    // MARK: Blocks

    /// A stored block: skip to a byte boundary, read LEN and NLEN, copy LEN bytes.
    private mutating func copyStoredBlock() throws(DataError) {
        _ = take(bitCount & 7)
        if bitCount < 32 { try refill() }
        let length = take(16)
        let complement = take(16)
        guard length == ~complement & 0xFFFF else {
            throw corrupt(
                "stored block length \(length) does not match its complement (NLEN 0x"
                    + String(complement, radix: 16) + ")")
        }
        // The bit buffer now holds whole bytes only: give them back and copy directly.
        position -= bitCount >> 3
        bitCount = 0
        bitBuffer = 0
        guard position <= inputCount, inputCount - position >= length else {
            throw DataError(
                file: name,
                problem: "truncated: a stored block of \(length) bytes has only "
                    + "\(max(0, inputCount - position)) bytes of input left")
        }
        reserve(length)
        (output + outputCount).update(from: input + position, count: length)
        outputCount += length
        position += length
    }

    /// The main loop: decode literals and matches until the end-of-block symbol.
    ///
    /// The decoder state lives in local variables here (so it stays in registers: the compiler
    /// cannot prove that stores through `output` leave `self` alone) and is written back by
    /// the `defer`, and around the two rare calls that need `self` (refill near the end of the
    /// input, growing the output).
    private mutating func decodeHuffmanBlock() throws(DataError) {
        let literals = literalTable
        let distances = distanceTable
        let input = self.input
        let inputCount = self.inputCount
        let streamStart = self.streamStart
        let literalMask = 1 &<< Self.literalRootBits &- 1
        let distanceMask = 1 &<< Self.distanceRootBits &- 1
        var buffer = bitBuffer
        var available = bitCount
        var position = self.position
        var output = self.output
        var outputCount = self.outputCount
        // Past this count a match of 258 bytes might not fit: grow first.
        var outputLimit = outputCapacity - 258 - Self.slack
        defer {
            bitBuffer = buffer
            bitCount = available
            self.position = position
            self.outputCount = outputCount
        }

        while true {
            // Refill: at least 56 bits, enough for a length, a distance and their extra bits.
            if available < 48 {
                if position &+ 8 <= inputCount {
                    let word = UInt64(
                        littleEndian: UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self))
                    buffer |= word &<< UInt64(available)
                    position &+= (63 &- available) &>> 3
                    available |= 56
                } else {
                    (bitBuffer, bitCount, self.position) = (buffer, available, position)
                    try refillNearTheEnd()
                    (buffer, available, position) = (bitBuffer, bitCount, self.position)
                }
            }
            if outputCount > outputLimit {
                self.outputCount = outputCount
                grow(258)
                output = self.output
                outputLimit = outputCapacity - 258 - Self.slack
            }

            // One literal/length symbol: a root lookup, and for long codes a subtable lookup.
            var entry = literals[Int(truncatingIfNeeded: buffer) & literalMask]
            if entry & Entry.kindMask == Entry.subtable {
                buffer &>>= UInt64(Self.literalRootBits)
                available &-= Self.literalRootBits
                entry = literals[Int(entry >> 16) &+ Int(truncatingIfNeeded: buffer) & (1 &<< Int((entry >> 8) & 0xFF) &- 1)]
            }
            buffer &>>= UInt64(entry & 0xF)
            available &-= Int(entry & 0xF)
            let kind = entry & Entry.kindMask

            if kind == Entry.literal {
                output[outputCount] = UInt8(truncatingIfNeeded: entry >> 16)
                outputCount &+= 1
                continue
            }
            if kind != Entry.base {
                if kind == Entry.endOfBlock { return }
                (bitCount, self.position) = (available, position)
                throw corrupt("invalid literal/length code")
            }

            // A match: length = base + extra bits, then a distance code and its extra bits.
            var extra = UInt64((entry >> 8) & 0xFF)
            let length = Int(entry >> 16) &+ Int(truncatingIfNeeded: buffer & (1 &<< extra &- 1))
            buffer &>>= extra
            available &-= Int(extra)

            entry = distances[Int(truncatingIfNeeded: buffer) & distanceMask]
            if entry & Entry.kindMask == Entry.subtable {
                buffer &>>= UInt64(Self.distanceRootBits)
                available &-= Self.distanceRootBits
                entry = distances[Int(entry >> 16) &+ Int(truncatingIfNeeded: buffer) & (1 &<< Int((entry >> 8) & 0xFF) &- 1)]
            }
            buffer &>>= UInt64(entry & 0xF)
            available &-= Int(entry & 0xF)
            guard entry & Entry.kindMask == Entry.base else {
                (bitCount, self.position) = (available, position)
                throw corrupt("invalid distance code")
            }
            extra = UInt64((entry >> 8) & 0xFF)
            let distance = Int(entry >> 16) &+ Int(truncatingIfNeeded: buffer & (1 &<< extra &- 1))
            buffer &>>= extra
            available &-= Int(extra)
            guard distance <= outputCount &- streamStart else {
                (bitCount, self.position) = (available, position)
                throw corrupt(
                    "distance \(distance) reaches back before the start of the data "
                        + "(\(outputCount - streamStart) bytes written)")
            }
            Self.copyMatch(to: output + outputCount, length: length, distance: distance)
            outputCount &+= length
        }
    }

    /// Writes `length` bytes at `destination`, copied from `distance` bytes back; the ranges
    /// may overlap. Needs `slack` writable bytes past the end.
    @inline(__always)
    private static func copyMatch(to destination: UnsafeMutablePointer<UInt8>, length: Int, distance: Int) {
        var destination = destination
        var source = destination - distance
        let end = destination + length
        if distance >= 8 {
            // Each 8-byte load reads only bytes already written (they are ≥ 8 back); the
            // last store may run up to 7 bytes past `end`, into the slack.
            repeat {
                UnsafeMutableRawPointer(destination).storeBytes(
                    of: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self), as: UInt64.self)
                destination += 8
                source += 8
            } while destination < end
        } else if distance == 1 {
            // A run of one byte (MNIST's background): eight copies of it per store.
            let pattern = UInt64(source.pointee) &* 0x0101_0101_0101_0101
            repeat {
                UnsafeMutableRawPointer(destination).storeBytes(of: pattern, as: UInt64.self)
                destination += 8
            } while destination < end
        } else {
            // A short repeating pattern: byte by byte, so each copy sees the previous one.
            repeat {
                destination.pointee = source.pointee
                destination += 1
                source += 1
            } while destination < end
        }
    }

    // MARK: Tables

    /// The fixed codes of RFC 1951 section 3.2.6.
    private mutating func buildFixedTables() throws(DataError) {
        codeLengths.update(repeating: 8, count: 144)
        (codeLengths + 144).update(repeating: 9, count: 112)
        (codeLengths + 256).update(repeating: 7, count: 24)
        (codeLengths + 280).update(repeating: 8, count: 8)
        try buildTable(codeLengths, count: 288, alphabet: .literalLength, into: literalTable,
                       capacity: Self.literalTableCapacity)
        codeLengths.update(repeating: 5, count: 32)
        try buildTable(codeLengths, count: 32, alphabet: .distance, into: distanceTable,
                       capacity: Self.distanceTableCapacity)
        tablesAreFixed = true
    }

    /// The order in which a dynamic block lists the code-length code's lengths.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// A dynamic block header: HLIT, HDIST, HCLEN, the code-length code, then the code lengths
    /// of both tables, run-length coded with symbols 16 (repeat previous), 17 and 18 (zeros).
    private mutating func readDynamicTables() throws(DataError) {
        tablesAreFixed = false
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw corrupt(
                "too many length or distance symbols (\(literalCount) and \(distanceCount))")
        }
        codeLengths.update(repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            codeLengths[Self.codeLengthOrder[index]] = UInt8(try bits(3))
        }
        // The code-length table borrows the distance table's memory until the lengths are read.
        try buildTable(codeLengths, count: 19, alphabet: .codeLength, into: distanceTable,
                       capacity: Self.distanceTableCapacity)

        let total = literalCount + distanceCount
        var index = 0
        while index < total {
            if bitCount < 16 { try refill() }  // a 7-bit code plus up to 7 extra bits
            let entry = decode(distanceTable, rootBits: Self.codeLengthRootBits)
            guard entry & Entry.kindMask == Entry.literal else {
                throw corrupt("invalid code-length code")
            }
            let symbol = Int(entry >> 16)
            if symbol < 16 {
                codeLengths[index] = UInt8(symbol)
                index += 1
                continue
            }
            let repeated: UInt8
            let count: Int
            switch symbol {
            case 16:
                guard index > 0 else { throw corrupt("code length 16 (repeat) with nothing to repeat") }
                repeated = codeLengths[index - 1]
                count = 3 + take(2)
            case 17:
                repeated = 0
                count = 3 + take(3)
            default:
                repeated = 0
                count = 11 + take(7)
            }
            guard index + count <= total else {
                throw corrupt("code length repeat runs past the \(total) code lengths")
            }
            (codeLengths + index).update(repeating: repeated, count: count)
            index += count
        }
        guard codeLengths[256] != 0 else { throw corrupt("no code for end-of-block (symbol 256)") }
        try buildTable(codeLengths, count: literalCount, alphabet: .literalLength,
                       into: literalTable, capacity: Self.literalTableCapacity)
        try buildTable(codeLengths + literalCount, count: distanceCount, alphabet: .distance,
                       into: distanceTable, capacity: Self.distanceTableCapacity)
    }

    /// The low `length` bits of `code` in reverse order (swap halves, quarters, ... of 16 bits).
    @inline(__always)
    private static func reverse(_ code: Int, length: Int) -> Int {
        var x = UInt16(truncatingIfNeeded: code)
        x = (x & 0x5555) << 1 | (x >> 1) & 0x5555
        x = (x & 0x3333) << 2 | (x >> 2) & 0x3333
        x = (x & 0x0F0F) << 4 | (x >> 4) & 0x0F0F
        x = x.byteSwapped
        return Int(x >> (16 - length))
    }

    /// Builds the two-level lookup table of a canonical Huffman code (RFC 1951 section 3.2.2).
    ///
    /// Canonical codes are numbered in order of (length, symbol); the stream sends each code's
    /// most significant bit first, so the table is indexed by the bit-reversed code.
    /// Over-subscribed code lengths are rejected; incomplete ones only allowed in the one case
    /// zlib allows (a single code of length 1, as in a block with a single distance).
    ///
    /// The root table is filled shortest codes first, doubling as it goes: once every code of
    /// length ≤ L is in slots `0..<2^L`, the same entries also belong in slots `2^L..<2^(L+1)`
    /// (bit L is not part of those codes), so one block copy replaces a strided loop per symbol.
    /// Training-set MNIST has 1685 dynamic blocks, so this matters.
    ///
    /// - Parameters:
    ///   - lengths: The code length (0...15, 0 = unused) of symbols `0..<count`.
    private mutating func buildTable(
        _ lengths: UnsafePointer<UInt8>, count symbolCount: Int, alphabet: Alphabet,
        into table: UnsafeMutablePointer<UInt32>, capacity: Int
    ) throws(DataError) {
        let rootBits = alphabet.rootBits
        let rootSize = 1 << rootBits
        let countOfLength = scratch
        let nextCode = scratch + 16
        let nextSorted = scratch + 32
        let reversedCodes = scratch + 48
        let sortedSymbols = reversedCodes + Self.codeLengthCapacity
        let subtableWidth = sortedSymbols + Self.codeLengthCapacity
        let subtableOffset = subtableWidth + 1024

        countOfLength.update(repeating: 0, count: 16)
        for symbol in 0..<symbolCount { countOfLength[Int(lengths[symbol])] += 1 }
        countOfLength[0] = 0
        var unused = 1  // code space left, in units of 2^-length
        var maxLength = 0
        for length in 1...15 {
            unused = unused << 1 - countOfLength[length]
            guard unused >= 0 else { throw corrupt("over-subscribed \(alphabet) code lengths") }
            if countOfLength[length] > 0 { maxLength = length }
        }
        if unused > 0 {
            // Slots no code reaches must decode as errors.
            table.update(repeating: Entry.invalid, count: rootSize)
            if maxLength == 0 { return }  // no codes at all (allowed for distances)
            guard alphabet != .codeLength && maxLength == 1 else {
                throw corrupt("incomplete \(alphabet) code lengths")
            }
        }

        // First canonical code of each length, and where each length starts in sorted order.
        var code = 0
        var sortedCount = 0
        for length in 1...15 {
            code = (code + countOfLength[length - 1]) << 1
            nextCode[length] = code
            nextSorted[length] = sortedCount
            sortedCount += countOfLength[length]
        }

        // Each symbol's reversed code; symbols sorted by (length, symbol).
        for symbol in 0..<symbolCount {
            let length = Int(lengths[symbol])
            guard length > 0 else { continue }
            reversedCodes[symbol] = Self.reverse(nextCode[length], length: length)
            nextCode[length] += 1
            sortedSymbols[nextSorted[length]] = symbol
            nextSorted[length] += 1
        }

        alphabet.meanings.withUnsafeBufferPointer { meanings in
            // Root table: codes of length 1, 2, ..., rootBits, doubling the filled part each time.
            var index = 0
            for length in 1...rootBits {
                let end = index + countOfLength[length]
                while index < end {
                    let symbol = sortedSymbols[index]
                    table[reversedCodes[symbol]] = meanings[symbol] | UInt32(length)
                    index += 1
                }
                if length < rootBits {
                    (table + (1 << length)).update(from: table, count: 1 << length)
                }
            }
            guard maxLength > rootBits else { return }

            // Longer codes: one subtable per root slot, as wide as its longest code needs.
            subtableWidth.update(repeating: 0, count: rootSize)
            for sorted in index..<sortedCount {
                let symbol = sortedSymbols[sorted]
                let slot = reversedCodes[symbol] & (rootSize - 1)
                subtableWidth[slot] = Int(lengths[symbol]) - rootBits  // sorted: the last is widest
            }
            var size = rootSize
            for slot in 0..<rootSize where subtableWidth[slot] > 0 {
                subtableOffset[slot] = size
                table[slot] = UInt32(size) << 16 | UInt32(subtableWidth[slot]) << 8
                    | Entry.subtable | UInt32(rootBits)
                size += 1 << subtableWidth[slot]
            }
            // For a complete code, each subtable of width w holds at least w + 1 codes, which
            // bounds `size` by the capacities above; a precondition, not an input error.
            precondition(size <= capacity, "Inflater: \(alphabet) table of \(size) entries")
            for sorted in index..<sortedCount {
                let symbol = sortedSymbols[sorted]
                let reversed = reversedCodes[symbol]
                let root = reversed & (rootSize - 1)
                let subLength = Int(lengths[symbol]) - rootBits
                let entry = meanings[symbol] | UInt32(subLength)
                let subtable = table + subtableOffset[root]
                var slot = reversed >> rootBits
                while slot < 1 << subtableWidth[root] {
                    subtable[slot] = entry
                    slot += 1 << subLength
                }
            }
        }
    }
}

// MARK: - Table entries and alphabets

/// Kinds of table entries (bits 4...7 of an entry; see `Inflater`).
enum Entry {
    static let literal: UInt32 = 0 << 4
    /// A length (literal/length table) or a distance (distance table): base plus extra bits.
    static let base: UInt32 = 1 << 4
    static let endOfBlock: UInt32 = 2 << 4
    static let subtable: UInt32 = 3 << 4
    static let invalid: UInt32 = 4 << 4
    static let kindMask: UInt32 = 0xF << 4

    static func make(kind: UInt32, value: Int, extraBits: Int = 0) -> UInt32 {
        UInt32(value) << 16 | UInt32(extraBits) << 8 | kind
    }
}

/// The three codes of a DEFLATE stream and what their symbols mean.
enum Alphabet: CustomStringConvertible {
    case literalLength, distance, codeLength

    var rootBits: Int {
        switch self {
        case .literalLength: 10
        case .distance: 8
        case .codeLength: 7
        }
    }

    var description: String {
        switch self {
        case .literalLength: "literal/length"
        case .distance: "distance"
        case .codeLength: "code-length"
        }
    }

    /// The entries of all symbols (without code lengths), computed once: what each symbol means.
    var meanings: [UInt32] {
        switch self {
        case .literalLength: Self.literalLengthMeanings
        case .distance: Self.distanceMeanings
        case .codeLength: Self.codeLengthMeanings
        }
    }

    private static let literalLengthMeanings = (0..<288).map { Alphabet.literalLength.entry(for: $0) }
    private static let distanceMeanings = (0..<32).map { Alphabet.distance.entry(for: $0) }
    private static let codeLengthMeanings = (0..<19).map { Alphabet.codeLength.entry(for: $0) }

    /// The entry for `symbol`, without its code length.
    private func entry(for symbol: Int) -> UInt32 {
        switch self {
        case .literalLength:
            if symbol < 256 { return Entry.make(kind: Entry.literal, value: symbol) }
            if symbol == 256 { return Entry.endOfBlock }
            let index = symbol - 257
            guard index < Self.lengthBase.count else { return Entry.invalid }  // 286, 287
            return Entry.make(kind: Entry.base, value: Self.lengthBase[index],
                              extraBits: Self.lengthExtraBits[index])
        case .distance:
            guard symbol < Self.distanceBase.count else { return Entry.invalid }  // 30, 31
            return Entry.make(kind: Entry.base, value: Self.distanceBase[symbol],
                              extraBits: Self.distanceExtraBits[symbol])
        case .codeLength:
            return Entry.make(kind: Entry.literal, value: symbol)
        }
    }

    // RFC 1951 section 3.2.5: lengths 3...258 (symbols 257...285), distances 1...32768.
    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                             35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                  3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                               257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                               8193, 12289, 16385, 24577]
    static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
}

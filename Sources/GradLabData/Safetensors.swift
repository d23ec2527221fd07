import Foundation

/// A file in the safetensors format, the format of Hugging Face and PyTorch users for named
/// tensors: simple enough to write by hand, and read by `safetensors.numpy.load_file` in Python.
///
/// ```
/// offset  size  meaning
/// 0       8     N, the header's length in bytes: an unsigned little-endian 64-bit integer
/// 8       N     the header: UTF-8 JSON, padded with spaces to a multiple of 8
/// 8 + N   ...   the data section: every tensor's elements, raw, little-endian, row-major
/// ```
///
/// The header maps each tensor's name to its element type, shape and place in the data section
/// (`[begin, end)` in bytes from the start of the data section), and may hold one more entry,
/// `"__metadata__"`, a map of strings to strings:
///
/// ```json
/// {"__metadata__":{"format":"gradlab"},"b1":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}
/// ```
///
/// GradLab reads and writes 64-bit (`F64`) and 32-bit (`F32`) floats. Reading is strict, like
/// the reference implementation's: the tensors must fill the data section exactly, with no gap
/// and no overlap, and each one's bytes must be its shape's element count times its element size.
/// This type knows nothing of networks: `Sequential` turns itself into one (see `ModelFile`).
public struct Safetensors: Sendable, Equatable {
    /// The element types GradLab reads and writes.
    public enum DType: String, Sendable, CaseIterable {
        /// IEEE 754 double precision, 8 bytes: what GradLab computes in, so nothing is lost.
        case f64 = "F64"
        /// IEEE 754 single precision, 4 bytes: half the size, about 7 significant digits.
        case f32 = "F32"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64: 8
            case .f32: 4
            }
        }
    }

    /// One named tensor: its element type in the file, its shape and its elements (as `Double`).
    public struct Entry: Sendable, Equatable {
        /// The tensor's name, unique in the file ("W1", "running_mean1", …).
        public var name: String
        /// How the elements are stored.
        public var dtype: DType
        /// The size of each axis, slowest-varying first; `[]` for a scalar.
        public var shape: [Int]
        /// The elements in row-major order: the product of `shape` of them.
        public var scalars: [Double]

        /// Creates an entry.
        ///
        /// - Precondition: `scalars.count` is the product of `shape`, and no axis is negative.
        public init(name: String, dtype: DType = .f64, shape: [Int], scalars: [Double]) {
            precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == scalars.count,
                         "Safetensors.Entry \(name): shape \(shape) does not hold \(scalars.count) elements")
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.scalars = scalars
        }
    }

    /// The name of the header's optional map of strings.
    public static let metadataKey = "__metadata__"
    /// The longest header read: 100 MB, as the reference implementation allows. A longer one is
    /// not a safetensors file (or is a hostile one that would make the reader allocate gigabytes).
    public static let maximumHeaderLength = 100_000_000

    /// The tensors, in the order of their data.
    public var entries: [Entry]
    /// The header's `__metadata__`, free-form strings (GradLab keeps the network's description in it).
    public var metadata: [String: String]

    /// Creates a file from tensors (written in this order) and metadata.
    ///
    /// - Precondition: the names are unique and none is `__metadata__`.
    public init(entries: [Entry], metadata: [String: String] = [:]) {
        precondition(Set(entries.map(\.name)).count == entries.count, "Safetensors: two tensors have the same name")
        precondition(!entries.contains { $0.name == Self.metadataKey }, "Safetensors: a tensor may not be called \(Self.metadataKey)")
        self.entries = entries
        self.metadata = metadata
    }

    /// The entry named `name`, if there is one.
    public subscript(name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    // MARK: Writing

    /// The file's bytes: the header's length, the header (tensors in order, `__metadata__` first
    /// with its keys sorted, padded with spaces to a multiple of 8), then each tensor's elements.
    public func encoded() -> [UInt8] {
        var header = "{"
        var members: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }
                .map { HeaderJSON.quoted($0.key) + ":" + HeaderJSON.quoted($0.value) }
            members.append(HeaderJSON.quoted(Self.metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for entry in entries {
            let end = offset + entry.scalars.count * entry.dtype.size
            members.append(HeaderJSON.quoted(entry.name) + ":{\"dtype\":\"\(entry.dtype.rawValue)\","
                           + "\"shape\":[\(entry.shape.map(String.init).joined(separator: ","))],"
                           + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += members.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += Array(repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        appendLittleEndian(UInt64(headerBytes.count), to: &bytes)
        bytes += headerBytes
        for entry in entries {
            switch entry.dtype {
            case .f64: for x in entry.scalars { appendLittleEndian(x.bitPattern, to: &bytes) }
            case .f32: for x in entry.scalars { appendLittleEndian(Float(x).bitPattern, to: &bytes) }
            }
        }
        return bytes
    }

    /// Writes the file whole: first under a temporary name in the same folder, then renamed to
    /// `url`, so that a crash (or a full disk) never leaves a half-written file under the name.
    ///
    /// - Throws: ``DataError`` naming the file if it cannot be written.
    public func write(to url: URL) throws(DataError) {
        let name = url.lastPathComponent
        // Hidden, in the same folder (a rename across file systems would be a copy), unique.
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(name).gradlab-partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw DataError(file: name, problem: "cannot create \(temporary.path) to write \(url.path) whole")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: Data(encoded()))
            // On the disk before the rename: a crash of the machine must not leave the name
            // pointing at data that never arrived.
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw DataError(file: name, problem: "cannot rename \(temporary.path) to \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            // The temporary file must not outlive a failure; the error that matters is the first.
            unlink(temporary.path)
            if let error = error as? DataError { throw error }
            throw DataError(file: name, problem: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    // MARK: Reading

    /// Parses a safetensors file held in memory.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file name shown in error messages.
    /// - Throws: ``DataError`` naming `name` and the problem: a file shorter than its 8-byte
    ///   length or its header, a header longer than 100 MB, JSON that does not parse, an entry
    ///   that is not a tensor description, an unknown dtype, a negative or overflowing shape,
    ///   offsets out of order, overlapping, leaving a gap, or past the end, a shape whose element
    ///   count does not match its bytes, a name given twice, or metadata that is not strings.
    public init(bytes: [UInt8], name: String) throws(DataError) {
        func failure(_ problem: String) -> DataError { DataError(file: name, problem: problem) }
        guard bytes.count >= 8 else {
            throw failure("truncated: \(bytes.count) bytes, but a safetensors file starts with an 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for index in (0..<8).reversed() { headerLength = headerLength << 8 | UInt64(bytes[index]) }
        guard headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw failure("header length \(headerLength) bytes is larger than the \(Self.maximumHeaderLength) allowed; "
                          + "this is not a safetensors file")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw failure("truncated: the header length says \(headerLength) bytes, but only \(bytes.count - 8) follow it")
        }
        guard headerLength >= 2, bytes[8] == UInt8(ascii: "{") else {
            throw failure("the header does not start with '{'; this is not a safetensors file")
        }
        let json: JSONValue
        do {
            json = try HeaderJSON.parse(Array(bytes[8..<headerEnd]))
        } catch {
            throw failure("malformed JSON in the header \(error)")
        }
        guard case let .object(members) = json else { throw failure("the header is \(json.kindName), not an object") }

        var seen = Set<String>()
        var metadata: [String: String] = [:]
        var placed: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        let dataSize = bytes.count - headerEnd
        for (key, value) in members {
            guard seen.insert(key).inserted else { throw failure("the name \"\(key)\" appears twice in the header") }
            if key == Self.metadataKey {
                metadata = try Self.metadata(value, failure)
                continue
            }
            let (dtype, shape, begin, end) = try Self.description(of: key, value, dataSize: dataSize, failure)
            placed.append((key, dtype, shape, begin, end))
        }

        // The tensors must tile the data section: sorted by their start, each begins where the
        // one before ended, and the last ends at the end of the file.
        placed.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expectedBegin = 0
        for item in placed {
            if item.begin < expectedBegin {
                throw failure("tensor \"\(item.name)\" at bytes [\(item.begin), \(item.end)) overlaps the tensor before it, which ends at \(expectedBegin)")
            }
            if item.begin > expectedBegin {
                throw failure("a gap in the data: bytes [\(expectedBegin), \(item.begin)) belong to no tensor (the next is \"\(item.name)\")")
            }
            expectedBegin = item.end
        }
        guard expectedBegin == dataSize else {
            throw failure("\(dataSize - expectedBegin) bytes at the end of the data section belong to no tensor "
                          + "(the tensors end at \(expectedBegin), the data section holds \(dataSize))")
        }

        entries = placed.map { item in
            let start = headerEnd + item.begin
            let count = (item.end - item.begin) / item.dtype.size
            let scalars: [Double] = (0..<count).map { index in
                switch item.dtype {
                case .f64: Double(bitPattern: readLittleEndian(bytes, at: start + 8 * index))
                case .f32: Double(Float(bitPattern: readLittleEndian(bytes, at: start + 4 * index)))
                }
            }
            return Entry(name: item.name, dtype: item.dtype, shape: item.shape, scalars: scalars)
        }
        self.metadata = metadata
    }

    /// Reads and parses a safetensors file.
    ///
    /// - Throws: ``DataError`` naming the file's last path component if it cannot be read or is
    ///   not a valid safetensors file.
    public static func load(contentsOf url: URL) throws(DataError) -> Safetensors {
        let name = url.lastPathComponent
        let contents: [UInt8]
        do {
            contents = [UInt8](try Data(contentsOf: url))
        } catch {
            throw DataError(file: name, problem: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try Safetensors(bytes: contents, name: name)
    }

    /// `__metadata__`: an object of strings.
    private static func metadata(_ value: JSONValue, _ failure: (String) -> DataError) throws(DataError) -> [String: String] {
        guard case let .object(pairs) = value else {
            throw failure("\(metadataKey) is \(value.kindName); it must be an object of strings")
        }
        var result: [String: String] = [:]
        for (key, value) in pairs {
            guard case let .string(text) = value else {
                throw failure("\(metadataKey) \"\(key)\" is \(value.kindName); metadata values must be strings")
            }
            guard result.updateValue(text, forKey: key) == nil else {
                throw failure("\(metadataKey) has the key \"\(key)\" twice")
            }
        }
        return result
    }

    /// One tensor's description `{"dtype": …, "shape": […], "data_offsets": [begin, end]}`,
    /// checked against itself and the size of the data section.
    private static func description(of name: String, _ value: JSONValue, dataSize: Int, _ failure: (String) -> DataError)
        throws(DataError) -> (DType, [Int], Int, Int)
    {
        guard case let .object(fields) = value else {
            throw failure("tensor \"\(name)\" is described by \(value.kindName), not an object with dtype, shape and data_offsets")
        }
        var dtype: DType?
        var shape: [Int]?
        var offsets: [Int]?
        for (field, value) in fields {
            switch field {
            case "dtype":
                guard case let .string(text) = value else { throw failure("tensor \"\(name)\": dtype is \(value.kindName), not a string") }
                guard let known = DType(rawValue: text) else {
                    throw failure("tensor \"\(name)\": unsupported dtype \"\(text)\"; GradLab reads F64 and F32")
                }
                dtype = known
            case "shape":
                shape = try integers(value, "tensor \"\(name)\": shape", failure)
            case "data_offsets":
                let pair = try integers(value, "tensor \"\(name)\": data_offsets", failure)
                guard pair.count == 2 else {
                    throw failure("tensor \"\(name)\": data_offsets has \(pair.count) numbers, not 2 ([begin, end])")
                }
                offsets = pair
            default:
                throw failure("tensor \"\(name)\": unknown field \"\(field)\" (expected dtype, shape, data_offsets)")
            }
        }
        guard let dtype, let shape, let offsets else {
            let missing = [dtype == nil ? "dtype" : nil, shape == nil ? "shape" : nil, offsets == nil ? "data_offsets" : nil]
            throw failure("tensor \"\(name)\" has no \(missing.compactMap { $0 }.joined(separator: " and "))")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else { throw failure("tensor \"\(name)\": data_offsets [\(begin), \(end)) end before they begin") }
        guard end <= dataSize else {
            throw failure("tensor \"\(name)\": data_offsets [\(begin), \(end)) go past the end of the data section (\(dataSize) bytes); the file may be truncated")
        }
        // The element count, or nil if it (or its size in bytes) does not fit in an Int; a shape
        // with a 0 holds nothing, however large its other axes.
        var count: Int? = shape.contains(0) ? 0 : 1
        for size in shape {
            guard let before = count, before != 0 else { break }
            let product = before.multipliedReportingOverflow(by: size)
            count = product.overflow ? nil : product.partialValue
        }
        guard let count, count <= Int.max / dtype.size, count * dtype.size == end - begin else {
            var needs = "more than 2⁶³"
            if let count, count <= Int.max / dtype.size {
                needs = "\(count) × \(dtype.size) = \(count * dtype.size)"
            }
            throw failure("tensor \"\(name)\": shape \(shape) of \(dtype.rawValue) needs \(needs) bytes, "
                          + "but data_offsets [\(begin), \(end)) hold \(end - begin)")
        }
        return (dtype, shape, begin, end)
    }

    /// An array of non-negative whole numbers that fit in an `Int`.
    private static func integers(_ value: JSONValue, _ what: String, _ failure: (String) -> DataError) throws(DataError) -> [Int] {
        guard case let .array(elements) = value else { throw failure("\(what) is \(value.kindName), not an array of whole numbers") }
        return try elements.map { element throws(DataError) in
            guard case let .number(text) = element, let number = Int(text), number >= 0 else {
                let shown = if case let .number(text) = element { text } else { element.kindName }
                throw failure("\(what) holds \(shown), not a whole number ≥ 0 (and below 2⁶³)")
            }
            return number
        }
    }
}

/// Appends `value`'s bytes, least significant first.
private func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    var remaining = value
    for _ in 0..<MemoryLayout<T>.size {
        bytes.append(UInt8(truncatingIfNeeded: remaining))
        remaining >>= 8
    }
}

/// The little-endian integer at `offset`.
private func readLittleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int) -> T {
    var value: T = 0
    for index in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(bytes[offset + index]) }
    return value
}

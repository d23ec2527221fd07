/// A JSON value, as read by ``HeaderJSON``: the little JSON that a safetensors header holds.
///
/// Objects keep their keys in the order written, so that a duplicate name can be reported
/// (Foundation's `JSONSerialization` keeps the last of two equal keys without a word).
public indirect enum JSONValue: Sendable, Equatable {
    /// `{ "key": value, … }`, keys in the order written.
    case object([(key: String, value: JSONValue)])
    /// `[ value, … ]`.
    case array([JSONValue])
    /// `"text"`.
    case string(String)
    /// A number, kept as written (`"48"`, `"-1.5e3"`), so that large offsets lose no digit.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// Two values are equal when they are written the same way, keys in the same order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// "an object", "a string", …: what a value is, for error messages.
    public var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// A small, strict JSON reader (RFC 8259) whose errors say where and what: enough for a
/// safetensors header, and careful with hostile input (nesting is limited, so a header of a
/// million `[` cannot overflow the stack).
///
/// ```swift
/// let value = try HeaderJSON.parse(Array(#"{"W1": [2, 3]}"#.utf8))
/// ```
public enum HeaderJSON {
    /// The deepest nesting of arrays and objects accepted (a safetensors header needs 3).
    public static let maximumDepth = 64

    /// A mistake in the JSON text: where (the byte offset) and what.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        /// The offset in bytes from the start of the text.
        public var offset: Int
        /// What is wrong.
        public var problem: String
        /// "at byte 12: expected ':' after an object key".
        public var description: String { "at byte \(offset): \(problem)" }
    }

    /// Parses one JSON value; whitespace may surround it, nothing else may follow it.
    ///
    /// - Throws: ``SyntaxError`` at the first byte that is not JSON.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the end of the JSON value") }
        return value
    }

    /// `text` written as a JSON string, quotes included, escaping what JSON requires (as
    /// serde_json does: `\"`, `\\`, `\n`, `\t`, …, other control characters as `\u00XX`).
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Reads values from a byte array, one position moving forward.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        func error(_ problem: String) -> SyntaxError { SyntaxError(offset: position, problem: problem) }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
            guard current == byte else { throw error("expected \(what)") }
            position += 1
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= HeaderJSON.maximumDepth else {
                throw error("nested more than \(HeaderJSON.maximumDepth) levels deep")
            }
            guard let byte = current else { throw error("the text ends where a value was expected") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: throw error("unexpected \(describe(byte)) where a value was expected")
            }
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            position += 1  // {
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                let key = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
                skipWhitespace()
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            position += 1  // [
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return .array(elements)
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            for byte in word.utf8 {
                guard current == byte else { throw error("expected '\(word)'") }
                position += 1
            }
        }

        /// A number as written: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        mutating func number() throws(SyntaxError) -> String {
            let start = position
            func digits(_ reader: inout Reader) -> Int {
                var count = 0
                while let byte = reader.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { reader.position += 1; count += 1 }
                return count
            }
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if digits(&self) == 0 {
                throw error("expected a digit")
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits(&self) > 0 else { throw error("expected a digit after the decimal point") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits(&self) > 0 else { throw error("expected a digit in the exponent") }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// A string between double quotes, escapes resolved; the text must be valid UTF-8.
        mutating func string() throws(SyntaxError) -> String {
            position += 1  // "
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []  // raw UTF-8 bytes since the last escape
            func flush(_ reader: Reader) throws(SyntaxError) {
                var decoder = UTF8()
                var iterator = run.makeIterator()
                decoding: while true {
                    switch decoder.decode(&iterator) {
                    case let .scalarValue(scalar): scalars.append(scalar)
                    case .emptyInput: break decoding
                    case .error: throw reader.error("a string that is not valid UTF-8")
                    }
                }
                run.removeAll(keepingCapacity: true)
            }
            while true {
                guard let byte = current else { throw error("a string that is not closed") }
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    try flush(self)
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    try flush(self)
                    scalars.append(try escape())
                case 0..<0x20:
                    position -= 1
                    throw error("a control character (\(describe(byte))) inside a string; JSON writes it as an escape")
                default:
                    run.append(byte)
                }
            }
        }

        /// The character after a backslash.
        mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
            guard let byte = current else { throw error("a string that is not closed") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let first = try hex4()
                if (0xD800..<0xDC00).contains(first) {
                    // A high surrogate must be followed by \u and a low one: together one character.
                    guard current == UInt8(ascii: "\\") else { throw error("a lone UTF-16 surrogate \\u\(String(first, radix: 16))") }
                    position += 1
                    guard current == UInt8(ascii: "u") else { throw error("a lone UTF-16 surrogate \\u\(String(first, radix: 16))") }
                    position += 1
                    let second = try hex4()
                    guard (0xDC00..<0xE000).contains(second) else { throw error("a lone UTF-16 surrogate \\u\(String(first, radix: 16))") }
                    let combined: UInt32 = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    guard let scalar = Unicode.Scalar(combined) else { throw error("an invalid surrogate pair") }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(first) else { throw error("a lone UTF-16 surrogate \\u\(String(first, radix: 16))") }
                return scalar
            default:
                position -= 1
                throw error("unknown escape '\\\(describe(byte))'")
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = hexDigit(byte) else { throw error("expected four hexadecimal digits after \\u") }
                value = value << 4 | digit
                position += 1
            }
            return value
        }

        func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        func describe(_ byte: UInt8) -> String {
            (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        }
    }
}

/// A JSON value with object keys kept in the order they were written, so that `--json` output
/// reads in the same order as the text output.
public indirect enum JSON: Sendable, Equatable {
    /// A number; NaN and infinities are written as `null` (JSON has no spelling for them).
    case number(Double)
    /// An integer.
    case integer(Int)
    /// A string.
    case string(String)
    /// true or false.
    case bool(Bool)
    /// null.
    case null
    /// An array.
    case array([JSON])
    /// An object, keys in order.
    case object([(String, JSON)])

    /// Compact text, one line.
    public var text: String {
        switch self {
        case .number(let value): value.isFinite ? Self.format(value) : "null"
        case .integer(let value): String(value)
        case .string(let value): Self.quote(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): "{" + pairs.map { Self.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// Looks up a key of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// Shortest round-trip decimal form; integral values keep a ".0" only when needed by JSON (never).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A JSON string literal with the required escapes.
    static func quote(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let s where s.value < 0x20: result += String(format: "\\u%04x", s.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Equality compares object pairs in order.
    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.text == rhs.text }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    /// A string literal becomes `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal becomes `.integer`.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A float literal becomes `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A Boolean literal becomes `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

import Foundation

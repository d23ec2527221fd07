// How the text of an option becomes a typed value, and a value becomes text again: one format
// per kind of value (whole number, number, list, word, choice), each with the exact wording of
// its errors. ``Option`` puts a format together with a name, a help text and a default.

/// A value that could not be read, before it is told which command it belongs to.
///
/// ``ParsedArguments`` turns it into an ``ArgumentError``, which also names the command and the
/// program (for "see 'gradlab train --help'").
struct OptionValueError: Error {
    /// What went wrong, naming the option and the value.
    var kind: ArgumentError.Kind
}

/// How one kind of value is typed on the command line: its conversion and range check, and how a
/// value is shown in `--help` and in error messages.
struct ValueFormat<Value: Sendable>: Sendable {
    /// Converts the text the user typed for `option`; errors suggest `example`.
    let parse: @Sendable (_ text: String, _ option: String, _ example: String) throws(OptionValueError) -> Value
    /// The value as the user would type it, for help's `(default: …)`.
    let helpText: @Sendable (Value) -> String
    /// The value as an error's "for example --name …" shows it.
    let exampleText: @Sendable (Value) -> String
    /// The only texts accepted, checked by the parser and listed in help; `nil` accepts any.
    let allowedValues: [String]?
    /// Whether every text is a value (a free string), so no description can be told from one.
    let acceptsAnyText: Bool
}

extension ValueFormat where Value == Int {
    /// Whole numbers as `Int(_:)` reads them (optional sign, decimal digits, nothing else), within
    /// `range` if given.
    static func int(range: ClosedRange<Int>?) -> ValueFormat {
        ValueFormat(
            parse: { text, option, example throws(OptionValueError) in
                guard let value = Int(text) else {
                    throw OptionValueError(kind: .invalidValue(option: option, value: text,
                                                               expected: wholeNumberExpectation(for: text),
                                                               example: example))
                }
                if let range, !range.contains(value) {
                    throw OptionValueError(kind: .outOfRange(option: option, value: text,
                                                             lowerBound: String(range.lowerBound),
                                                             upperBound: String(range.upperBound),
                                                             example: example))
                }
                return value
            },
            helpText: { String($0) }, exampleText: { String($0) }, allowedValues: nil, acceptsAnyText: false)
    }

    /// What a rejected whole number should have been. Digits that `Int` still rejects are too
    /// large, and "is not a whole number" would be a confusing thing to tell the user.
    private static func wholeNumberExpectation(for text: String) -> String {
        let digits = text.drop { $0 == "-" || $0 == "+" }
        let allDigits = !digits.isEmpty && text.count - digits.count <= 1
            && digits.allSatisfy { $0.isASCII && $0.isNumber }
        return allDigits ? "a whole number from \(Int.min) to \(Int.max)" : "a whole number"
    }
}

extension ValueFormat where Value == Double {
    /// Finite numbers as `Double(_:)` reads them (`0.1`, `-3`, `1e-3`, `.5`), within `range` if
    /// given. NaN and infinities are refused: no learning rate or step is meaningful there, and
    /// they would poison every later computation silently.
    static func double(range: ClosedRange<Double>?) -> ValueFormat {
        ValueFormat(
            parse: { text, option, example throws(OptionValueError) in
                guard let value = Double(text), value.isFinite else {
                    let expected = Double(text) == nil ? "a number" : "a finite number"
                    throw OptionValueError(kind: .invalidValue(option: option, value: text, expected: expected,
                                                               example: example))
                }
                if let range, !range.contains(value) {
                    throw OptionValueError(kind: .outOfRange(option: option, value: text,
                                                             lowerBound: "\(range.lowerBound)",
                                                             upperBound: "\(range.upperBound)",
                                                             example: example))
                }
                return value
            },
            helpText: { shortText($0) }, exampleText: { "\($0)" }, allowedValues: nil, acceptsAnyText: false)
    }

    /// `90` rather than `90.0` for whole numbers, the shortest round-trip form otherwise
    /// (`0.0001`): how a person writes a default in help.
    private static func shortText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

extension ValueFormat where Value == Double {
    /// Numbers greater than zero and finite (`0.1`, `1e-3`): a learning rate, a step. Each wrong
    /// kind of value gets its own words: NaN and infinities are "not a finite number", zero and
    /// negatives "not a positive number" (`1e-400` reads as 0, and is refused as such).
    static var positiveDouble: ValueFormat {
        ValueFormat(
            parse: { text, option, example throws(OptionValueError) in
                guard let value = Double(text) else {
                    throw OptionValueError(kind: .invalidValue(option: option, value: text, expected: "a number",
                                                               example: example))
                }
                guard value.isFinite else {
                    throw OptionValueError(kind: .invalidValue(option: option, value: text, expected: "a finite number",
                                                               example: example))
                }
                guard value > 0 else {
                    throw OptionValueError(kind: .invalidValue(option: option, value: text, expected: "a positive number",
                                                               example: example))
                }
                return value
            },
            helpText: { "\($0)" }, exampleText: { "\($0)" }, allowedValues: nil, acceptsAnyText: false)
    }
}

extension ValueFormat where Value == [Int] {
    /// Comma-separated whole numbers (`10,20,50`), each within `range` if given. Spaces around an
    /// item are allowed (`"10, 20"` when quoted); empty items (`10,,20`, a trailing comma, an
    /// empty value) are not.
    static func intList(range: ClosedRange<Int>?) -> ValueFormat {
        ValueFormat(
            parse: { text, option, example throws(OptionValueError) in
                guard let list = parseList(text) else {
                    throw OptionValueError(kind: .invalidValue(option: option, value: text,
                                                               expected: "a comma-separated list of whole numbers",
                                                               example: example))
                }
                if let range, let outside = list.first(where: { !range.contains($0) }) {
                    throw OptionValueError(kind: .outOfRange(option: option, value: String(outside),
                                                             lowerBound: String(range.lowerBound),
                                                             upperBound: String(range.upperBound),
                                                             example: example))
                }
                return list
            },
            helpText: { $0.map(String.init).joined(separator: ",") },
            exampleText: { $0.isEmpty ? "10,20" : $0.map(String.init).joined(separator: ",") },
            allowedValues: nil, acceptsAnyText: false)
    }

    /// `"10, 20,50"` → `[10, 20, 50]`; `nil` if any item is empty or not a whole number.
    private static func parseList(_ text: String) -> [Int]? {
        var list: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Int(trimmingSpaces(item)) else { return nil }
            list.append(number)
        }
        return list
    }

    /// The text without leading and trailing spaces (a Foundation-free `trimmingCharacters`).
    private static func trimmingSpaces(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { $0 != " " }),
              let last = text.lastIndex(where: { $0 != " " }) else { return "" }
        return text[first...last]
    }
}

extension ValueFormat where Value == String {
    /// Any text, as typed (a folder, a network description).
    static var string: ValueFormat {
        ValueFormat(parse: { text, _, _ in text }, helpText: { $0 }, exampleText: { $0 },
                    allowedValues: nil, acceptsAnyText: true)
    }
}

extension ValueFormat where Value: Equatable {
    /// One of a fixed list of named values, e.g. `sigmoid` or `relu`. The parser already refuses
    /// other names (with a suggestion); reading checks again so that no text is ever misread.
    ///
    /// - Precondition: the names are distinct.
    static func choice(_ choices: [(name: String, value: Value)]) -> ValueFormat {
        let names = choices.map(\.name)
        precondition(Set(names).count == names.count, "ValueFormat.choice: names repeat in \(names)")
        return ValueFormat(
            parse: { text, option, _ throws(OptionValueError) in
                guard let match = choices.first(where: { $0.name == text }) else {
                    throw OptionValueError(kind: .notAllowed(option: option, value: text, allowed: names,
                                                             suggestion: ArgumentParser.suggestion(for: text, among: names)))
                }
                return match.value
            },
            // A value outside the list has no name: its description then fails to read back,
            // which the help round-trip test reports.
            helpText: { value in choices.first { $0.value == value }?.name ?? "\(value)" },
            exampleText: { value in choices.first { $0.value == value }?.name ?? "\(value)" },
            allowedValues: names, acceptsAnyText: false)
    }
}

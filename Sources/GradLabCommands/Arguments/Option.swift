// A typed option: declared once, with its type, default, range and help, then listed in its
// command's definition and read back as a value of that type. The typed constructors (`Int`,
// `Double`, lists, words, choices, flags) are in OptionKinds.swift.

/// An option as a command lists it, whatever the type of its value: the untyped definition the
/// parser and `--help` use, and whether help's default tells the truth.
public protocol OptionDeclaration: Sendable {
    /// Name, value placeholder, help, the default as help shows it, and the allowed values.
    var definition: OptionDefinition { get }
    /// `nil` when the default shown in `--help` reads back as the value the option really
    /// defaults to; otherwise a sentence saying how they disagree.
    var helpDefaultMismatch: String? { get }
    /// Reads the option from `arguments` and drops the value: the runner does this for every
    /// declared option before the command runs, so a usage mistake (exit 2) is reported before
    /// anything else is checked, created or loaded.
    ///
    /// - Throws: ``ArgumentError`` if the value does not convert or is out of range.
    func validate(in arguments: ParsedArguments) throws(ArgumentError)
}

/// An option declared once, with its type, default, range and help, and read as a typed value:
///
/// ```swift
/// static let batch = Option<Int>("batch", "N", help: "Samples per mini-batch.",
///                                default: 100, range: 1...1_000_000)
/// static let epochs = Option<Int?>("epochs", "N", help: "Train for N epochs.",
///                                  range: 1...1_000_000, example: 10)
///
/// let batch = try arguments[Self.batch]     // 100 when absent; an error naming --batch if not in range
/// let epochs = try arguments[Self.epochs]   // nil when absent
/// ```
///
/// Help shows `(default: 100)`, rendered from the typed default, so the two cannot disagree;
/// an option without a default reads as an optional, and may describe in words what its absence
/// means (`(default: all)`).
public struct Option<Value: Sendable>: OptionDeclaration {
    public let definition: OptionDefinition
    public let helpDefaultMismatch: String?
    /// The value read when the option is absent: its default, `nil` for an option without one,
    /// `false` for a flag. For code that runs another command's recipe with that command's
    /// defaults.
    public let defaultValue: Value
    /// Turns the text as typed into the value; `nil` text means the option was not given. A flag
    /// receives `""` when given.
    let read: @Sendable (String?) throws(OptionValueError) -> Value

    /// The name without dashes, e.g. `"batch"`.
    public var name: String { definition.name }

    /// Reads the option and drops the value (see ``OptionDeclaration/validate(in:)``).
    public func validate(in arguments: ParsedArguments) throws(ArgumentError) {
        _ = try arguments[self]
    }

    /// Assembles an option from its parts; the typed constructors call this.
    init(definition: OptionDefinition, helpDefaultMismatch: String?, defaultValue: Value,
         read: @escaping @Sendable (String?) throws(OptionValueError) -> Value) {
        self.definition = definition
        self.helpDefaultMismatch = helpDefaultMismatch
        self.defaultValue = defaultValue
        self.read = read
    }

    /// An option that takes a value and has a typed default, shown in help through `format`.
    ///
    /// The default is also the example in error messages ("for example --batch 100").
    init(_ name: String, _ valueName: String, help: String, format: ValueFormat<Value>,
         default defaultValue: Value) where Value: Equatable {
        let shown = format.helpText(defaultValue)
        let example = format.exampleText(defaultValue)
        self.init(
            definition: OptionDefinition(name: name, valueName: valueName, help: help,
                                         defaultDescription: shown, allowedValues: format.allowedValues),
            helpDefaultMismatch: Self.mismatch(shown: shown, declared: defaultValue, name: name, format: format),
            defaultValue: defaultValue,
            read: { text throws(OptionValueError) in
                guard let text else { return defaultValue }
                return try format.parse(text, name, example)
            })
    }

    /// An option that takes a value and has no default: it reads as `nil` when absent.
    ///
    /// - Parameters:
    ///   - example: A valid value, suggested in error messages; `nil` where errors list the
    ///     choices instead or no text can be wrong.
    ///   - defaultDescription: What absence means, in words, for help's `(default: …)`, e.g.
    ///     `"all"`; it must not read as a value (that would be a default written as text).
    init<Wrapped>(_ name: String, _ valueName: String, help: String, format: ValueFormat<Wrapped>,
                  example: Wrapped?, defaultDescription: String?) where Value == Wrapped? {
        let exampleText = example.map(format.exampleText) ?? ""
        var mismatch: String?
        if let defaultDescription, !format.acceptsAnyText {
            do {
                _ = try format.parse(defaultDescription, name, exampleText)
                mismatch = "--\(name): help shows '(default: \(defaultDescription))', which reads as a value, "
                    + "but the option has no default; declare it with default: instead"
            } catch {
                mismatch = nil  // Words, not a value: what the description is for.
            }
        }
        self.init(
            definition: OptionDefinition(name: name, valueName: valueName, help: help,
                                         defaultDescription: defaultDescription,
                                         allowedValues: format.allowedValues),
            helpDefaultMismatch: mismatch,
            defaultValue: nil,
            read: { text throws(OptionValueError) in
                guard let text else { return nil }
                return try format.parse(text, name, exampleText)
            })
    }

    /// The same option read through `transform`, e.g. a seed typed as `Int` and used as `UInt64`.
    public func map<Mapped>(_ transform: @escaping @Sendable (Value) -> Mapped) -> Option<Mapped> {
        let read = self.read
        return Option<Mapped>(definition: definition, helpDefaultMismatch: helpDefaultMismatch,
                              defaultValue: transform(defaultValue), read: { text throws(OptionValueError) in transform(try read(text)) })
    }

    /// `nil` if `shown` reads back as `declared`, else why not.
    private static func mismatch<T: Equatable>(shown: String, declared: T, name: String,
                                               format: ValueFormat<T>) -> String? {
        do {
            let readBack = try format.parse(shown, name, shown)
            return readBack == declared ? nil
                : "--\(name): help shows '(default: \(shown))', which reads as \(readBack), not \(declared)"
        } catch {
            return "--\(name): help shows '(default: \(shown))', which does not read back: \(error.kind)"
        }
    }
}

// What an option is to the parser and to `--help`, whatever the type of its value. Commands
// declare typed ``Option``s, which build these; nothing here does any parsing.

/// One option of a command: a flag such as `--verbose`, or an option that takes a value such as
/// `--learning-rate 0.1`.
///
/// On the command line a value option is written `--name value` or `--name=value`; a flag is
/// written `--name` alone. The name is stored without its dashes.
///
/// ```swift
/// let options: [OptionDefinition] = [
///     .value("learning-rate", "RATE", help: "Step size of gradient descent.", default: "0.1"),
///     .value("activation", "NAME", help: "Hidden activation.", default: "sigmoid",
///            allowed: ["sigmoid", "relu"]),
///     .flag("verbose", help: "Print the loss after every step."),
/// ]
/// ```
public struct OptionDefinition: Sendable, Equatable {
    /// The name without dashes, e.g. `"learning-rate"` for `--learning-rate`.
    public var name: String
    /// The placeholder shown in help and errors, e.g. `"RATE"` in `--learning-rate RATE`;
    /// `nil` makes the option a flag that takes no value.
    public var valueName: String?
    /// One sentence for the OPTIONS column of `--help`.
    public var help: String
    /// The default as the user would type it, shown in help as `(default: 0.1)`.
    ///
    /// The typed accessors of ``ParsedArguments`` receive the real default in code; in debug
    /// builds they assert that this text, when it parses, means the same value, so the help
    /// cannot silently drift from what the program does.
    public var defaultDescription: String?
    /// The only values accepted, e.g. `["sigmoid", "relu"]`, checked while parsing and listed in
    /// help; `nil` accepts any value.
    public var allowedValues: [String]?

    /// Whether this option is a flag (`--verbose`) rather than one that takes a value.
    public var isFlag: Bool { valueName == nil }

    /// Creates an option from all its parts; ``flag(_:help:)`` and
    /// ``value(_:_:help:default:allowed:)`` read better at the call site.
    ///
    /// - Precondition: `name` is not empty and has no leading `-`, no `=` and no spaces (the
    ///   user could not type it otherwise); a default, if given, is one of `allowedValues`.
    public init(name: String, valueName: String?, help: String,
                defaultDescription: String? = nil, allowedValues: [String]? = nil) {
        precondition(!name.isEmpty && !name.hasPrefix("-")
                     && !name.contains("=") && !name.contains(" "),
                     "OptionDefinition: '\(name)' cannot be typed as --\(name); "
                     + "use letters, digits and inner dashes, without the leading dashes")
        if let allowedValues, let defaultDescription {
            precondition(allowedValues.contains(defaultDescription),
                         "OptionDefinition --\(name): default '\(defaultDescription)' is not "
                         + "one of the allowed values \(allowedValues)")
        }
        self.name = name
        self.valueName = valueName
        self.help = help
        self.defaultDescription = defaultDescription
        self.allowedValues = allowedValues
    }

    /// A flag: `--name` alone, with no value. Read it with ``ParsedArguments/isSet(_:)``.
    ///
    /// - Parameters:
    ///   - name: The name without dashes, e.g. `"verbose"`.
    ///   - help: One sentence for `--help`.
    public static func flag(_ name: String, help: String) -> OptionDefinition {
        OptionDefinition(name: name, valueName: nil, help: help)
    }

    /// An option that takes a value: `--name VALUE` or `--name=VALUE`.
    ///
    /// - Parameters:
    ///   - name: The name without dashes, e.g. `"batch"`.
    ///   - valueName: The placeholder shown in help and errors, e.g. `"N"` in `--batch N`.
    ///   - help: One sentence for `--help`.
    ///   - default: The default as the user would type it, shown as `(default: 100)`.
    ///   - allowed: The only accepted values, checked while parsing; `nil` accepts any.
    public static func value(_ name: String, _ valueName: String, help: String,
                             default: String? = nil, allowed: [String]? = nil) -> OptionDefinition {
        OptionDefinition(name: name, valueName: valueName, help: help,
                         defaultDescription: `default`, allowedValues: allowed)
    }
}

extension OptionDefinition: OptionDeclaration {
    /// The definition itself (being replaced by typed ``Option``s).
    public var definition: OptionDefinition { self }
    /// Untyped options have no typed default to compare with.
    public var helpDefaultMismatch: String? { nil }
}

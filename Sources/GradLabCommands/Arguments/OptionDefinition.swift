// What an option is to the parser and to `--help`, whatever the type of its value. Commands
// declare typed ``Option``s, which build these; nothing here does any parsing.

/// One option of a command: a flag such as `--verbose`, or an option that takes a value such as
/// `--learning-rate 0.1`.
///
/// On the command line a value option is written `--name value` or `--name=value`; a flag is
/// written `--name` alone. The name is stored without its dashes.
///
/// Commands do not write these by hand: a typed ``Option`` builds its definition, with the
/// default shown in help rendered from the typed default.
public struct OptionDefinition: Sendable, Equatable {
    /// The name without dashes, e.g. `"learning-rate"` for `--learning-rate`.
    public var name: String
    /// The placeholder shown in help and errors, e.g. `"RATE"` in `--learning-rate RATE`;
    /// `nil` makes the option a flag that takes no value.
    public var valueName: String?
    /// One sentence for the OPTIONS column of `--help`.
    public var help: String
    /// The default as help shows it, `(default: 0.1)`: the typed default as the user would type
    /// it, or words for an option without one (`all`).
    public var defaultDescription: String?
    /// The only values accepted, e.g. `["sigmoid", "relu"]`, checked while parsing and listed in
    /// help; `nil` accepts any value.
    public var allowedValues: [String]?

    /// Whether this option is a flag (`--verbose`) rather than one that takes a value.
    public var isFlag: Bool { valueName == nil }

    /// Creates an option from all its parts; the typed ``Option`` constructors call this.
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
}

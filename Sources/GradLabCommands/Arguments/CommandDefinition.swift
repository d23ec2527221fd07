// What a command declares: its name, its help, its options and whether it takes an argument.
// The parser (ArgumentParser.swift) reads these; nothing here does any parsing.

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

/// One subcommand of the `gradlab` tool, such as `gradlab train`: its help text, its options and
/// whether it takes one positional argument.
///
/// `-h` and `--help` are understood by every command and must not be declared.
///
/// ```swift
/// let check = CommandDefinition(
///     name: "check", abstract: "Check your exercises against the numerical gradient.",
///     options: [.flag("verbose", help: "Show every compared gradient entry.")],
///     positionalName: "ID", positionalHelp: "Check only this exercise.")
/// // USAGE: gradlab check [--verbose] [ID]
/// ```
public struct CommandDefinition: Sendable, Equatable {
    /// The subcommand as typed, e.g. `"train"`.
    public var name: String
    /// One line, shown after `OVERVIEW:` and in the top-level SUBCOMMANDS list.
    public var abstract: String
    /// Paragraphs shown in `--help` below the overview, printed as written (wrap them yourself).
    public var discussion: String?
    /// The options in the order `--help` lists them.
    public var options: [OptionDefinition]
    /// The placeholder of the single optional positional argument, e.g. `"ID"` for
    /// `gradlab check [ID]`; `nil` means the command takes no positional argument.
    public var positionalName: String?
    /// One sentence for the ARGUMENTS section of `--help`, describing the positional argument.
    public var positionalHelp: String

    /// Creates a command definition.
    ///
    /// - Parameters:
    ///   - name: The subcommand as typed, e.g. `"train"`.
    ///   - abstract: One line for the overview and the SUBCOMMANDS list.
    ///   - discussion: Paragraphs for `--help`, or `nil`.
    ///   - options: The options in help order; names must be distinct and not `help` or `h`.
    ///   - positionalName: Placeholder of the optional positional argument, or `nil` for none.
    ///   - positionalHelp: One sentence describing the positional argument.
    public init(name: String, abstract: String, discussion: String? = nil,
                options: [OptionDefinition] = [], positionalName: String? = nil,
                positionalHelp: String = "") {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionalName = positionalName
        self.positionalHelp = positionalHelp
    }

    /// The option called `name` (without dashes), if the command has one.
    public func option(named name: String) -> OptionDefinition? {
        options.first { $0.name == name }
    }

    /// Stops with a clear message if the definition could never be used correctly: two options
    /// with one name, or an option that hides the built-in `--help`. These are programming
    /// errors, found by the first test that parses or prints help for the command.
    func checkWellFormed() {
        var seen: Set<String> = []
        for option in options {
            precondition(option.name != "help" && option.name != "h",
                         "command '\(name)': --help and -h are built in; do not declare them")
            precondition(seen.insert(option.name).inserted,
                         "command '\(name)': option --\(option.name) is declared twice")
        }
    }
}

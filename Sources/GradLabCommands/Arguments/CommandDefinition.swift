// What a command declares: its name, its help, its options and whether it takes an argument.
// The parser (ArgumentParser.swift) reads these; nothing here does any parsing.

/// One subcommand of the `gradlab` tool, such as `gradlab train`: its help text, its options and
/// whether it takes one positional argument.
///
/// `-h` and `--help` are understood by every command and must not be declared.
///
/// ```swift
/// static let verbose = Option<Bool>(flag: "verbose", help: "Show every compared gradient entry.")
/// let check = CommandDefinition(
///     name: "check", abstract: "Check your exercises against the numerical gradient.",
///     options: [verbose],
///     positionalName: "ID", positionalHelp: "Check only this exercise.")
/// // USAGE: gradlab check [--verbose] [ID]
/// ```
public struct CommandDefinition: Sendable {
    /// The subcommand as typed, e.g. `"train"`.
    public var name: String
    /// One line, shown after `OVERVIEW:` and in the top-level SUBCOMMANDS list.
    public var abstract: String
    /// Paragraphs shown in `--help` below the overview, printed as written (wrap them yourself).
    public var discussion: String?
    /// The typed options in the order `--help` lists them.
    public var declarations: [any OptionDeclaration]
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
                options: [any OptionDeclaration] = [], positionalName: String? = nil,
                positionalHelp: String = "") {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.declarations = options
        self.positionalName = positionalName
        self.positionalHelp = positionalHelp
    }

    /// The options as the parser and help see them, in help order.
    public var options: [OptionDefinition] { declarations.map(\.definition) }

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

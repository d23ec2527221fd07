/// A `gradlab` subcommand: its definition (name, options, help) and what it does.
protocol RunnableCommand: Sendable {
    /// The name, options and help text.
    static var definition: CommandDefinition { get }
    /// Runs the command with parsed arguments; throws `CommandError` (or a library error) on a
    /// user's mistake.
    static func run(_ arguments: ParsedArguments, console: Console) throws
}

/// Options every command shares.
enum CommonOptions {
    static let json = OptionDefinition.flag("json", help: "Print one JSON object on standard output and nothing else.")
    static let out = OptionDefinition.value("out", "DIR", help: "Folder for CSV, SVG and HTML files.", default: "gradlab-output")
    static let seed = OptionDefinition.value("seed", "N", help: "Seed for weights and batches; the same seed gives the same run.", default: "42")

    /// The `--seed` value.
    static func seed(_ arguments: ParsedArguments) throws -> UInt64 {
        UInt64(try arguments.int("seed", default: 42, range: 0...Int.max))
    }

    /// The `--out` folder, created.
    static func outputFolder(_ arguments: ParsedArguments) throws -> OutputFolder {
        try OutputFolder(path: arguments.string("out") ?? "gradlab-output")
    }
}

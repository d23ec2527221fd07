/// A `gradlab` subcommand: its definition (name, options, help) and what it does.
protocol RunnableCommand: Sendable {
    /// The name, options and help text.
    static var definition: CommandDefinition { get }
    /// Runs the command with parsed arguments; throws `CommandError` (or a library error) on a
    /// user's mistake.
    static func run(_ arguments: ParsedArguments, console: Console) throws
}

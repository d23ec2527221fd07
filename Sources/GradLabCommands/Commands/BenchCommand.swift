import GradLab
enum BenchCommand: RunnableCommand {
    static let definition = CommandDefinition(name: "bench", abstract: "(in progress)", options: [CommonOptions.json, CommonOptions.out])
    static func run(_ arguments: ParsedArguments, console: Console) throws { throw CommandError("bench: not written yet") }
}

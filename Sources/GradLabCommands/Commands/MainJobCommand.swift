import GradLab
enum MainJobCommand: RunnableCommand {
    static let definition = CommandDefinition(name: "main", abstract: "(in progress)", options: [CommonOptions.json, CommonOptions.out])
    static func run(_ arguments: ParsedArguments, console: Console) throws { throw CommandError("main: not written yet") }
}

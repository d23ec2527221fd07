import GradLab
enum CheckCommand: RunnableCommand {
    static let definition = CommandDefinition(name: "check", abstract: "(in progress)", options: [CommonOptions.json, CommonOptions.out])
    static func run(_ arguments: ParsedArguments, console: Console) throws { throw CommandError("check: not written yet") }
}

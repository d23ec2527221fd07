import GradLab
enum SpeedCommand: RunnableCommand {
    static let definition = CommandDefinition(name: "speed", abstract: "(in progress)", options: [CommonOptions.json, CommonOptions.out])
    static func run(_ arguments: ParsedArguments, console: Console) throws { throw CommandError("speed: not written yet") }
}

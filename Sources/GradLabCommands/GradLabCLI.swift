import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// The `gradlab` runner: picks the subcommand, parses its options, runs it, and turns every
/// error into a message and an exit status (0 success, 1 a failure, 2 a usage mistake, 130 a
/// command stopped by Ctrl-C after writing what it had).
public enum GradLabCLI {
    /// All subcommands, in the order `gradlab --help` lists them.
    static let commands: [CommandEntry] = [
        CommandEntry(MainJobCommand.self), CommandEntry(GradCheckCommand.self), CommandEntry(TrainCommand.self),
        CommandEntry(DerivativeCommand.self), CommandEntry(DescentCommand.self), CommandEntry(GraphCommand.self),
        CommandEntry(ActivationsCommand.self), CommandEntry(DepthCommand.self), CommandEntry(ThroughTimeCommand.self),
        CommandEntry(OverfittingCommand.self),
        CommandEntry(BatchNormCommand.self), CommandEntry(AutoencoderCommand.self),
        CommandEntry(EvaluateCommand.self), CommandEntry(PredictCommand.self), CommandEntry(SummaryCommand.self),
        CommandEntry(SpeedCommand.self),
        CommandEntry(BenchCommand.self), CommandEntry(CheckCommand.self),
        CommandEntry(ExercisesCommand.self),
        CommandEntry(HintCommand.self),
        CommandEntry(WatchCommand.self),
    ]

    /// A command's definition and its `run`, captured as values (no existential metatypes).
    struct CommandEntry: Sendable {
        let definition: CommandDefinition
        let run: @Sendable (ParsedArguments, Console) throws -> Void

        init<Command: RunnableCommand>(_ type: Command.Type) {
            definition = Command.definition
            run = { try Command.run($0, console: $1) }
        }
    }

    static let abstract = "GradLab: numerical and backprop gradients, side by side."

    /// Runs `gradlab` with the given arguments (without the program name); returns the exit status.
    public static func main(_ arguments: [String], console: Console = .standard) -> Int32 {
        // `gradlab main` is the main job spelled out; `gradlab` alone and `gradlab --OPTION` mean the same.
        let subcommands = commands
        var rest = arguments
        var command = commands[0]
        if arguments.first == ExerciseRunner.childCommand {
            return ExerciseRunner.childMain(Array(arguments.dropFirst()), console: console)
        }
        if let first = arguments.first, !first.hasPrefix("-") {
            guard let match = subcommands.first(where: { $0.definition.name == first }) else {
                var message = "error: unknown command '\(first)'"
                if let guess = ArgumentParser.suggestion(for: first, among: subcommands.map(\.definition.name)) {
                    message += "; did you mean '\(guess)'?"
                }
                console.errorLine(message + "\nRun 'gradlab --help' to see the commands.")
                return 2
            }
            command = match
            rest.removeFirst()
        } else if arguments.contains("--help") || arguments.contains("-h") {
            console.line(ArgumentParser.overviewText(programName: "gradlab", abstract: abstract,
                                                      commands: subcommands.map(\.definition)))
            console.line()
            console.line("Without a subcommand, gradlab runs the main job ('gradlab main'):\n")
            console.line(ArgumentParser.helpText(for: MainJobCommand.definition, programName: "gradlab"))
            return 0
        }
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(rest, for: command.definition)
        } catch {
            console.errorLine("error: \(error)")
            return 2
        }
        if parsed.wantsHelp {
            console.line(ArgumentParser.helpText(for: command.definition, programName: "gradlab"))
            return 0
        }
        do {
            // Every option's value first, so a usage mistake is reported as one (exit 2); then the
            // output folder, before any work: a long job must not fail at its end for want of a
            // place to write.
            for declaration in command.definition.declarations {
                try declaration.validate(in: parsed)
            }
            // Without --out, the command's own folder under gradlab-output/, kept whole and listed
            // in gradlab-output/index.html once the command has written it.
            var defaultFolder: (path: String, before: [String: UInt64])?
            if command.definition.option(named: CommonOptions.out.name) == CommonOptions.out.definition {
                let given = try parsed[CommonOptions.out]
                let path = OutputIndex.folder(given, command: command.definition.name)
                try OutputFolder.check(path)
                if given == nil { defaultFolder = (path, try OutputIndex.snapshot(path)) }
            }
            do {
                try command.run(parsed, console)
            } catch let interrupted as CommandInterrupted {
                if let defaultFolder { try OutputIndex.finish(defaultFolder.path, before: defaultFolder.before) }
                throw interrupted
            }
            if let defaultFolder { try OutputIndex.finish(defaultFolder.path, before: defaultFolder.before) }
            return 0
        } catch let error as ArgumentError {
            console.errorLine("error: \(error)")
            return 2
        } catch let error as UsageError {
            console.errorLine("error: \(error)")
            return 2
        } catch let interrupted as CommandInterrupted {
            console.errorLine(interrupted.description)
            return 130
        } catch {
            console.errorLine("error: \(error)")
            return 1
        }
    }
}

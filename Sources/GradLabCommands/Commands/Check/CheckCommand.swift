import GradLabExercises

/// `gradlab check [ID]`: checks the exercises in exercises/ against the numerical gradient, then
/// says how far the course is and what to do next.
enum CheckCommand: RunnableCommand {
    /// `--time-limit`: how long one exercise's check may run.
    static let timeLimit = Option<Double>(
        "time-limit", "SECONDS", help: "Stop an exercise's check that runs longer, and count it as failed.",
        default: ExerciseRunner.defaultTimeLimit, range: 0.1...3600)
    /// `--verbose`: the runtime's whole report when a check crashes.
    static let verbose = Option<Bool>(flag: "verbose", help: "When your code crashes, show the whole backtrace too.")

    static let definition = CommandDefinition(
        name: "check",
        abstract: "Check your exercise answers (exercises/) against the numerical gradient.",
        discussion: """
            Without an ID, checks every exercise. Exercises you have not started are listed as such. \
            Once an exercise passes, the check names the library code that solves it, to compare. \
            The last line says how many exercises pass and which to do next. Each check runs in a \
            process of its own: if your code crashes (matmul of the wrong shapes, an index out of \
            range) or never returns, that exercise fails with the message, your file and line, and \
            the other exercises are still checked.
            """,
        options: [CommonOptions.json, CommonOptions.out, timeLimit, verbose],
        positionalName: "ID",
        positionalHelp: "An exercise id, e.g. sigmoid-backward.")

    /// Reads the options, checks the exercises, writes check.csv, prints the outcomes and a
    /// one-line summary; fails if any answer is wrong.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let out = OutputIndex.folder(try arguments[CommonOptions.out], command: definition.name)
        let runner = ExerciseRunner.forThisProcess(timeLimit: try arguments[timeLimit], verbose: try arguments[verbose])
        let chosen = try exercises(id: arguments.positional.first)
        let checks = zip(chosen, runner.outcomes(of: chosen)).map { ($0, $1) }
        if !json {
            // The verdicts first: the summary runs every other check too, and a crash in one of
            // those (an index out of range) must not hide the verdict asked for.
            console.line(text(Result(checks: checks, progress: ExerciseProgress(checks))))
        }
        let result = Result(checks: checks, progress: .measure(knowing: checks, runner: runner))

        try OutputFolder(path: out).write(csv(result), to: "check.csv")
        console.line(json ? self.json(result).text : "\n" + summary(result))
        if result.anyFailed {
            throw CommandError("some exercises failed; see above")
        }
    }
}

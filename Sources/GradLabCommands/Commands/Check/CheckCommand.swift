import GradLabExercises

/// `gradlab check [ID]`: checks the exercises in exercises/ against the numerical gradient, then
/// says how far the course is and what to do next.
enum CheckCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "check",
        abstract: "Check your exercise answers (exercises/) against the numerical gradient.",
        discussion: """
            Without an ID, checks every exercise. Exercises you have not started are listed as such. \
            Once an exercise passes, the check names the library code that solves it, to compare. \
            The last line says how many exercises pass and which to do next.
            """,
        options: [CommonOptions.json, CommonOptions.out],
        positionalName: "ID",
        positionalHelp: "An exercise id, e.g. sigmoid-backward.")

    /// Reads the options, checks the exercises, writes check.csv, prints the outcomes and a
    /// one-line summary; fails if any answer is wrong.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let out = try arguments[CommonOptions.out]
        let checks = try exercises(id: arguments.positional.first).map { ($0, $0.check()) }
        if !json {
            // The verdicts first: the summary runs every other check too, and a crash in one of
            // those (an index out of range) must not hide the verdict asked for.
            console.line(text(Result(checks: checks, progress: ExerciseProgress(checks))))
        }
        let result = Result(checks: checks, progress: .measure(knowing: checks))

        try OutputFolder(path: out).write(csv(result), to: "check.csv")
        console.line(json ? self.json(result).text : "\n" + summary(result))
        if result.anyFailed {
            throw CommandError("some exercises failed; see above")
        }
    }
}

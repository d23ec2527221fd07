import GradLabExercises

/// `gradlab exercises`: every exercise with its status, a progress bar, and the next one to do.
enum ExercisesCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "exercises",
        abstract: "List the exercises with their status, your progress, and the next one to do.",
        discussion: """
            Runs every exercise's check (as 'gradlab check' does) and lists them in course order: \
            ✓ passed, ✗ failed, · not started. Then the progress bar and the next exercise, with its \
            file and the commands to check it and to get a hint.
            """,
        options: [CommonOptions.json])

    /// Checks every exercise and prints the list; never fails (a wrong answer is progress to show).
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let progress = ExerciseProgress.measure()
        console.line(json ? self.json(progress).text : text(progress))
    }
}

import GradLabExercises

extension HintCommand {
    /// The hint, with how many there are; or, once all are shown, all of them again.
    static func text(_ result: HintState.Shown) -> String {
        let exercise = result.exercise
        let total = exercise.hints.count
        guard let number = result.number else {
            return "No more hints for \(exercise.id): you have seen all \(total).\n\n"
                + result.seen.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
                + "\n\nThe check's message says where and by how much: swift run gradlab check \(exercise.id)"
                + "\n(swift run gradlab hint \(exercise.id) --reset starts the hints over.)"
        }
        let after = number < total ? "Ask again for the next one (\(total - number) more)." : "That was the last hint."
        return "Hint \(number) of \(total) for \(exercise.id) (\(exercise.file)):\n\n  \(exercise.hints[number - 1])\n\n\(after)"
    }

    /// `{"id", "hint", "of", "text", "seen", "state"}`: `hint` counts from 1 and is null (with
    /// `text` null) once every hint had been shown.
    static func json(_ result: HintState.Shown, state: String) -> String {
        JSON.object([
            ("id", .string(result.exercise.id)),
            ("hint", result.number.map { .integer($0) } ?? .null),
            ("of", .integer(result.exercise.hints.count)),
            ("text", result.number.map { .string(result.exercise.hints[$0 - 1]) } ?? .null),
            ("seen", .array(result.seen.map { .string($0) })),
            ("state", .string(state)),
        ]).text
    }
}

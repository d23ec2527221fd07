import GradLabExercises

extension ExercisesCommand {
    /// The list, the bar, and the next exercise with the commands for it.
    static func text(_ progress: ExerciseProgress) -> String {
        var lines = ["GradLab exercises: \(progress.bar())", ""]
        for entry in progress.entries {
            let mark = switch entry.outcome {
            case .notStarted: "·"
            case .inProgress: "…"
            case .passed: "✓"
            case .failed: "✗"
            }
            let number = String(entry.number).leftPadded(2)
            let minutes = "\(entry.exercise.minutes) min".leftPadded(6)
            // A half-done exercise says how far: "(3/5 suspects)".
            let progress = if case .inProgress(let detail) = entry.outcome { " (\(detail.prefix { $0 != ":" }))" } else { "" }
            lines.append("  \(mark) \(number)  \(entry.exercise.id.padding(toLength: 27, withPad: " ", startingAt: 0))\(minutes)  \(entry.exercise.title)" + progress)
        }
        lines.append("")
        if let next = progress.next {
            lines.append("Next: \(next.number). \(next.exercise.id): \(next.exercise.title) (\(next.exercise.book))")
            if case .failed(let detail) = next.outcome {
                lines.append("  FAILED: \(detail.split(separator: "\n").first ?? "")")
            }
            lines.append("  edit   \(next.exercise.file)")
            lines.append("  check  swift run gradlab check \(next.exercise.id)")
            lines.append("  hint   swift run gradlab hint \(next.exercise.id)")
            lines.append("  watch  swift run gradlab watch   (re-checks on every save)")
        } else {
            lines.append(progress.nextStep)
        }
        return lines.joined(separator: "\n")
    }

    /// `{"done", "total", "failed", "next", "exercises": [{"number", "id", "title", "file", "book",
    /// "minutes", "status"}, …]}`: one student's progress, for a teacher to collect.
    static func json(_ progress: ExerciseProgress) -> JSON {
        guard case .object(var fields) = progress.summaryJSON else { return progress.summaryJSON }
        fields.append(("exercises", .array(progress.entries.map { entry in
            .object([("number", .integer(entry.number)), ("id", .string(entry.exercise.id)),
                     ("title", .string(entry.exercise.title)), ("file", .string(entry.exercise.file)),
                     ("book", .string(entry.exercise.book)), ("minutes", .integer(entry.exercise.minutes)),
                     ("status", .string(entry.outcome.label))])
        })))
        return .object(fields)
    }
}

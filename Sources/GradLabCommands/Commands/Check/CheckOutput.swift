import Foundation
import GradLabExercises
import GradLabReports

extension CheckCommand {
    /// One line per exercise: id, status and detail.
    static func csv(_ result: Result) -> String {
        CSV.render(header: ["id", "status", "detail"],
                   rows: result.checks.map { [$0.exercise.id, $0.outcome.label, $0.outcome.detail] })
    }

    /// `{"exercises": [{"id", "title", "file", "status", "detail", "solution"}, …], "summary":
    /// {"done", "total", "failed", "next"}}`; `solution` is there once the exercise passes.
    static func json(_ result: Result) -> JSON {
        JSON.object([
            ("exercises", .array(result.checks.map { exercise, outcome in
                var fields: [(String, JSON)] = [("id", .string(exercise.id)), ("title", .string(exercise.title)),
                                                ("file", .string(exercise.file)), ("status", .string(outcome.label)),
                                                ("detail", .string(outcome.detail))]
                if outcome.isPassed { fields.append(("solution", .string(exercise.solution))) }
                return .object(fields)
            })),
            ("summary", result.progress.summaryJSON),
        ])
    }

    /// For the terminal: a mark and the status, the title and file, the detail (and once passed,
    /// the library code to compare with); a blank line between exercises. Checking one exercise
    /// that does not pass yet also shows its evidence (the bug hunt's reports, for example).
    static func text(_ result: Result) -> String {
        result.checks.map { exercise, outcome in
            let mark = switch outcome {
            case .notStarted: "·"
            case .inProgress: "…"
            case .passed: "✓"
            case .failed: "✗"
            }
            var lines = ["\(mark) \(exercise.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(outcome.label)",
                         "    \(exercise.title) (\(exercise.file))"]
            if !outcome.detail.isEmpty { lines.append(indented(outcome.detail)) }
            if outcome.isPassed { lines.append("    Compare with the library: \(exercise.solution)") }
            if result.checks.count == 1, !outcome.isPassed, let evidence = exercise.evidence?() {
                lines.append("\n" + indented(evidence))
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// One line: how this check went, how far the course is, and what to do next.
    static func summary(_ result: Result) -> String {
        let progress = result.progress
        var parts: [String] = []
        if result.checks.count == 1, let (exercise, outcome) = result.checks.first {
            parts.append("\(exercise.id): \(outcome.label).")
        }
        parts.append("\(progress.bar()).")
        if result.checks.count == 1, let (exercise, outcome) = result.checks.first, !outcome.isPassed {
            let verb = switch outcome {
            case .notStarted: "write"
            case .inProgress: "finish"
            default: "fix"
            }
            parts.append("Next: \(verb) it in \(exercise.file), then check again; stuck? swift run gradlab hint \(exercise.id)")
        } else if let failed = result.checks.first(where: { if case .failed = $0.outcome { true } else { false } }) {
            parts.append("Next: fix \(failed.exercise.id) in \(failed.exercise.file); stuck? swift run gradlab hint \(failed.exercise.id)")
        } else {
            parts.append(progress.nextStep)
        }
        return parts.joined(separator: " ")
    }

    /// Every line of `text` indented by four spaces.
    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    }
}

import Foundation
import GradLabExercises
import GradLabReports

extension CheckCommand {
    /// One line per exercise: id, status and detail.
    static func csv(_ result: Result) -> String {
        CSV.render(header: ["id", "status", "detail"],
                   rows: result.checks.map { [$0.exercise.id, $0.outcome.label, $0.outcome.detail] })
    }

    /// `{"exercises": [{"id", "status", "detail"}, …]}`.
    static func json(_ result: Result) -> JSON {
        JSON.object([("exercises", .array(result.checks.map { exercise, outcome in
            .object([("id", .string(exercise.id)), ("status", .string(outcome.label)), ("detail", .string(outcome.detail))])
        }))])
    }

    /// For the terminal: a mark and the status, the title and file, the detail; a blank line
    /// between exercises.
    static func text(_ result: Result) -> String {
        result.checks.map { exercise, outcome in
            let mark = switch outcome {
            case .notStarted: "·"
            case .passed: "✓"
            case .failed: "✗"
            }
            var lines = ["\(mark) \(exercise.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(outcome.label)",
                         "    \(exercise.title) (\(exercise.file))"]
            if !outcome.detail.isEmpty { lines.append("    \(outcome.detail)") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}

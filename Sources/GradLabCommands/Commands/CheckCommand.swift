import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import GradLabExercises

/// `gradlab check [ID]`: checks the exercises in exercises/Starter against the numerical gradient.
enum CheckCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "check",
        abstract: "Check your exercise answers (exercises/Starter) against the numerical gradient.",
        discussion: "Without an ID, checks every exercise. Exercises you have not started are listed as such.",
        options: [CommonOptions.json, CommonOptions.out],
        positionalName: "ID",
        positionalHelp: "An exercise id, e.g. sigmoid-backward.")

    static func run(_ arguments: ParsedArguments, console: Console) throws {
        var exercises = ExerciseCatalog.all
        if let id = arguments.positional.first {
            guard let exercise = ExerciseCatalog.exercise(id: id) else {
                let ids = ExerciseCatalog.all.map(\.id)
                // A close spelling, or else the one id containing what was typed ("affine").
                let containing = ids.filter { $0.contains(id.lowercased()) }
                let guess = ArgumentParser.suggestion(for: id, among: ids) ?? (containing.count == 1 ? containing[0] : nil)
                let hint = guess.map { " Did you mean '\($0)'?" } ?? ""
                throw CommandError("no exercise '\(id)'.\(hint) The exercises are: \(ids.joined(separator: ", "))")
            }
            exercises = [exercise]
        }
        let results = exercises.map { ($0, $0.check()) }
        let folder = try CommonOptions.outputFolder(arguments)
        try folder.write(CSV.render(header: ["id", "status", "detail"],
                                    rows: results.map { [$0.0.id, $0.1.label, $0.1.detail] }), to: "check.csv")
        if try arguments[CommonOptions.json] {
            console.line(JSON.object([("exercises", .array(results.map { exercise, outcome in
                .object([("id", .string(exercise.id)), ("status", .string(outcome.label)), ("detail", .string(outcome.detail))])
            }))]).text)
        } else {
            for (index, (exercise, outcome)) in results.enumerated() {
                let mark = switch outcome {
                case .notStarted: "·"
                case .passed: "✓"
                case .failed: "✗"
                }
                console.line("\(mark) \(exercise.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(outcome.label)")
                console.line("    \(exercise.title) (\(exercise.file))")
                if !outcome.detail.isEmpty { console.line("    \(outcome.detail)") }
                if index < results.count - 1 { console.line() }
            }
        }
        if results.contains(where: { if case .failed = $0.1 { true } else { false } }) {
            throw CommandError("some exercises failed; see above")
        }
    }
}

import Foundation
import GradLabExercises

/// `gradlab hint [ID]`: the next hint for an exercise, one more each time it is asked.
enum HintCommand: RunnableCommand {
    /// `--state FILE`: where the hints already shown are remembered.
    static let state = Option<String?>(
        "state", "FILE", help: "The file that remembers which hints you have seen.",
        defaultDescription: "$\(HintState.environmentVariable), else .build/gradlab-hints.json in the checkout")
    /// `--reset`: start the hints over.
    static let reset = Option<Bool>(flag: "reset", help: "Forget which hints of ID (of every exercise, without ID) you have seen.")

    static let definition = CommandDefinition(
        name: "hint",
        abstract: "Show the next hint for an exercise: one more each time you ask.",
        discussion: """
            Hints go from a nudge to nearly the answer. Each call shows the next one and remembers \
            it in a small state file (see --state); once all are shown, it lists them again. \
            Without an ID, the hint is for the next exercise that does not pass yet.
            """,
        options: [CommonOptions.json, state, reset],
        positionalName: "ID",
        positionalHelp: "An exercise id, e.g. sigmoid-backward (default: the next one to do).")

    /// Shows the next hint (or resets), and saves the state.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let json = try arguments[CommonOptions.json]
        let path = HintState.path(option: try arguments[state], environment: ProcessInfo.processInfo.environment,
                                  root: PackageRoot.find())
        var hints = try HintState.load(from: path)
        let id = arguments.positional.first
        if try arguments[reset] {
            if let id { _ = try CheckCommand.exercises(id: id) }
            hints.reset(id)
            try hints.save(to: path)
            let what = id.map { "the hints of \($0)" } ?? "every exercise's hints"
            console.line(json ? JSON.object([("reset", .string(id ?? "all")), ("state", .string(path))]).text
                              : "Forgot \(what) (\(path)): the next 'gradlab hint' starts from the first.")
            return
        }
        let exercise: Exercise
        if let id {
            exercise = try CheckCommand.exercises(id: id)[0]
        } else if let next = ExerciseProgress.measure().next {
            exercise = next.exercise
        } else {
            console.line(json ? JSON.object([("id", .null)]).text : "Every exercise passes: no hint needed.")
            return
        }
        let result = hints.next(for: exercise)
        try hints.save(to: path)
        console.line(json ? self.json(result, state: path) : text(result))
    }
}

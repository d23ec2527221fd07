import GradLabExercises

extension CheckCommand {
    /// How each checked exercise went.
    struct Result {
        /// The exercises checked, in catalog order, each with its outcome.
        var checks: [(exercise: Exercise, outcome: ExerciseOutcome)]
        /// Every exercise's outcome, for the summary and the next step.
        var progress: ExerciseProgress

        /// Whether any answer was wrong (not merely unstarted).
        var anyFailed: Bool {
            checks.contains { if case .failed = $0.outcome { true } else { false } }
        }
    }

    /// The exercise `id` names, or every exercise when it is nil.
    ///
    /// - Throws: `CommandError` for an unknown id, suggesting a close spelling or the one id
    ///   containing what was typed.
    static func exercises(id: String?) throws -> [Exercise] {
        guard let id else { return ExerciseCatalog.all }
        guard let exercise = ExerciseCatalog.exercise(id: id) else {
            let ids = ExerciseCatalog.all.map(\.id)
            // A close spelling, or else the one id containing what was typed ("affine").
            let containing = ids.filter { $0.contains(id.lowercased()) }
            let guess = ArgumentParser.suggestion(for: id, among: ids) ?? (containing.count == 1 ? containing[0] : nil)
            let hint = guess.map { " Did you mean '\($0)'?" } ?? ""
            throw CommandError("no exercise '\(id)'.\(hint) The exercises are: \(ids.joined(separator: ", "))")
        }
        return [exercise]
    }

    /// Runs each exercise's check, then the others' too, for the progress summary: all through
    /// `runner`, each apart from the others (see ``ExerciseRunner``).
    static func check(_ exercises: [Exercise], runner: ExerciseRunner = .forThisProcess()) -> Result {
        let checks = zip(exercises, runner.outcomes(of: exercises)).map { ($0, $1) }
        return Result(checks: checks, progress: .measure(knowing: checks, runner: runner))
    }
}

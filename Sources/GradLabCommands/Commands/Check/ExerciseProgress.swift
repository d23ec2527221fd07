import GradLabExercises

/// How far a student is: every exercise's outcome in course order, what is done, and what to do
/// next. `gradlab exercises`, `check`, `hint` and `watch` all speak of progress through this.
struct ExerciseProgress {
    /// One exercise, its place in the course (from 1) and its outcome.
    struct Entry {
        /// The place in the course, from 1.
        var number: Int
        /// The exercise.
        var exercise: Exercise
        /// How its check went.
        var outcome: ExerciseOutcome
    }

    /// Every exercise in course order.
    var entries: [Entry]

    /// Progress from outcomes given in course order.
    init(_ outcomes: [(exercise: Exercise, outcome: ExerciseOutcome)]) {
        entries = outcomes.enumerated().map { Entry(number: $0.offset + 1, exercise: $0.element.exercise, outcome: $0.element.outcome) }
    }

    /// Runs every exercise's check through `runner` (each apart, see ``ExerciseRunner``),
    /// reusing the outcomes already known by id.
    static func measure(knowing known: [(exercise: Exercise, outcome: ExerciseOutcome)] = [],
                        runner: ExerciseRunner = .forThisProcess()) -> ExerciseProgress {
        let unknown = ExerciseCatalog.all.filter { exercise in !known.contains { $0.exercise.id == exercise.id } }
        let measured = zip(unknown.map(\.id), runner.outcomes(of: unknown))
        return ExerciseProgress(ExerciseCatalog.all.map { exercise in
            (exercise, known.first { $0.exercise.id == exercise.id }?.outcome
                ?? measured.first { $0.0 == exercise.id }?.1 ?? .notStarted)
        })
    }

    /// How many exercises pass.
    var done: Int { entries.filter(\.outcome.isPassed).count }
    /// How many exercises there are.
    var total: Int { entries.count }
    /// How many answers are wrong.
    var failed: Int { entries.filter { if case .failed = $0.outcome { true } else { false } }.count }

    /// The first exercise, in course order, that does not pass yet: the one to do next.
    var next: Entry? { entries.first { !$0.outcome.isPassed } }

    /// The entry of exercise `id`.
    func entry(id: String) -> Entry? { entries.first { $0.exercise.id == id } }

    /// `7/22 done [######---------------]`: the count, then a bar of `width` cells.
    func bar(width: Int = 22) -> String {
        let filled = total == 0 ? 0 : done * width / total
        return "\(done)/\(total) done [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    /// What to do next, in one line: the next exercise and its file, or that all are done.
    var nextStep: String {
        guard let next else {
            return "All \(total) exercises pass. Invent another layer (your-layer), or add an exercise (exercises/README.md)."
        }
        let verb = switch next.outcome {
        case .failed: "fix"
        case .inProgress: "finish"
        default: "do"
        }
        return "Next: \(verb) \(next.number). \(next.exercise.id) in \(next.exercise.file)"
    }

    /// `{"done", "total", "failed", "next"}`, `next` being the next exercise's id (null when all pass).
    var summaryJSON: JSON {
        .object([("done", .integer(done)), ("total", .integer(total)), ("failed", .integer(failed)),
                 ("next", next.map { .string($0.exercise.id) } ?? .null)])
    }
}

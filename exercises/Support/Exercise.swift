import GradLab

/// Thrown by a starter function the student has not written yet.
public struct NotImplemented: Error, CustomStringConvertible, Sendable {
    /// Creates the error.
    public init() {}
    /// "not implemented yet".
    public var description: String { "not implemented yet" }
}

/// The outcome of checking one exercise.
public enum ExerciseOutcome: Sendable, Equatable {
    /// The starter function still throws `NotImplemented`.
    case notStarted
    /// The answer agrees with the numerical gradient; the text says by how much.
    case passed(String)
    /// Part of a multi-part exercise is written and right, the rest still throws
    /// `NotImplemented`; the text says how far ("3/5 suspects") and what is next. Not a
    /// failure: nothing written is wrong.
    case inProgress(String)
    /// The answer is wrong; the text says where and by how much.
    case failed(String)

    /// "not started", "in progress", "passed" or "FAILED".
    public var label: String {
        switch self {
        case .notStarted: "not started"
        case .inProgress: "in progress"
        case .passed: "passed"
        case .failed: "FAILED"
        }
    }

    /// The detail text (empty when not started).
    public var detail: String {
        switch self {
        case .notStarted: ""
        case .passed(let text), .inProgress(let text), .failed(let text): text
        }
    }

    /// Whether the exercise is done.
    public var isPassed: Bool {
        if case .passed = self { true } else { false }
    }
}

/// A deliberately wrong answer that an exercise's check must fail: the mistake students make,
/// in words, and the same check run on it.
public struct WrongAnswer: Sendable {
    /// The mistake, as a teacher would name it ("forgot the (1 − y)").
    public let mistake: String
    /// Runs the exercise's check on the wrong answer.
    public let check: @Sendable () -> ExerciseOutcome

    /// Creates a wrong answer from its mistake and the check run on it.
    public init(_ mistake: String, check: @escaping @Sendable () -> ExerciseOutcome) {
        self.mistake = mistake
        self.check = check
    }
}

/// One exercise: what to write, where, how it is checked, the hints, and where the library
/// solves it.
///
/// An exercise lives in one folder, `exercises/NN-id/`: the starter the student edits (its
/// comment is the instructions) and a `+Check.swift` file that defines the `Exercise`. One line
/// in `ExerciseCatalog.all` registers it.
///
/// Each check runs three ways in the tests: on the student's code (`check`, skipped while not
/// started), on the library's own solution (`checkReference`, which must pass) and on every
/// known-wrong answer (`wrongAnswers`, each of which must fail), so a check can be trusted both
/// ways.
public struct Exercise: Sendable {
    /// A short id for `gradlab check ID`; never changes once students have started.
    public let id: String
    /// One line saying what to do.
    public let title: String
    /// The file to edit, relative to the repository.
    public let file: String
    /// Where the books cover it, e.g. "Saitoh 5.5.2".
    public let book: String
    /// About how long it takes a student who has read that section, in minutes.
    public let minutes: Int
    /// Hints, from a nudge to nearly the answer; `gradlab hint ID` shows the next one each time.
    public let hints: [String]
    /// The library code that solves it, shown once the exercise passes, to compare.
    public let solution: String
    /// Checks the student's code.
    public let check: @Sendable () -> ExerciseOutcome
    /// Checks the library's solution through the same check.
    public let checkReference: @Sendable () -> ExerciseOutcome
    /// Known-wrong answers, each run through the same check (each must fail).
    public let wrongAnswers: [WrongAnswer]
    /// What the checker shows before you start (the suspects' reports of the bug hunt, a table
    /// of errors): evidence to reason from. `nil` for most exercises.
    public let evidence: (@Sendable () -> String)?

    /// Creates an exercise; see the properties for each part.
    public init(id: String, title: String, file: String, book: String, minutes: Int, hints: [String],
                solution: String, check: @escaping @Sendable () -> ExerciseOutcome,
                checkReference: @escaping @Sendable () -> ExerciseOutcome, wrongAnswers: [WrongAnswer],
                evidence: (@Sendable () -> String)? = nil) {
        self.id = id
        self.title = title
        self.file = file
        self.book = book
        self.minutes = minutes
        self.hints = hints
        self.solution = solution
        self.check = check
        self.checkReference = checkReference
        self.wrongAnswers = wrongAnswers
        self.evidence = evidence
    }

    /// The exercise's folder, relative to the repository: `exercises/NN-id`.
    public var folder: String {
        file.split(separator: "/").dropLast().joined(separator: "/")
    }
}

/// Runs a student's function: `NotImplemented` means not started, any other error a failure.
func attempt<T>(_ body: () throws -> T, then judge: (T) -> ExerciseOutcome) -> ExerciseOutcome {
    do {
        return judge(try body())
    } catch is NotImplemented {
        return .notStarted
    } catch {
        return .failed("threw \(error)")
    }
}

/// Judges a gradient comparison: passed when the verdict is `good`.
func judge(_ comparisons: [GradientComparison]) -> ExerciseOutcome {
    if let bad = comparisons.first(where: { $0.verdict > .good }) {
        var text = "\(bad.name): \(bad.verdict.rawValue), norm-relative error \(bad.normRelativeError)"
        if let index = bad.worstIndex, let a = bad.worstAnalytic, let n = bad.worstNumeric {
            text += "; worst element \(index): yours \(a), numerical \(n)"
        }
        return .failed(text)
    }
    let worst = comparisons.map(\.normRelativeError).max() ?? 0
    return .passed("norm-relative error \(worst) against the numerical gradient")
}

/// Judges a layer check report.
func judge(_ report: LayerCheckReport) -> ExerciseOutcome {
    if !report.passed { return .failed(report.problems.joined(separator: "; ")) }
    let worst = report.comparisons.map(\.normRelativeError).max() ?? 0
    return .passed("norm-relative error \(worst), backward linear and deterministic"
                   + (report.kinksCrossed > 0 ? ", \(report.kinksCrossed) kinks crossed" : ""))
}

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
    /// The answer is wrong; the text says where and by how much.
    case failed(String)

    /// "not started", "passed" or "FAILED".
    public var label: String {
        switch self {
        case .notStarted: "not started"
        case .passed: "passed"
        case .failed: "FAILED"
        }
    }

    /// The detail text (empty when not started).
    public var detail: String {
        switch self {
        case .notStarted: ""
        case .passed(let text), .failed(let text): text
        }
    }
}

/// One exercise: what to write, where, and how it is checked.
///
/// Each check runs three times in the tests: on the student's code (`check`), on the library's
/// own solution (`checkReference`, which must pass) and on a known-wrong answer (`checkBroken`,
/// which must fail), so a check can be trusted both ways.
public struct Exercise: Sendable {
    /// A short id for `gradlab check ID`.
    public let id: String
    /// One line saying what to do.
    public let title: String
    /// The file to edit, relative to the repository.
    public let file: String
    /// Checks the student's code.
    public let check: @Sendable () -> ExerciseOutcome
    /// Checks the library's solution through the same check.
    public let checkReference: @Sendable () -> ExerciseOutcome
    /// Checks a deliberately wrong answer through the same check (nil when there is none).
    public let checkBroken: (@Sendable () -> ExerciseOutcome)?
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

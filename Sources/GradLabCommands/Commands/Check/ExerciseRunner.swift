#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import GradLabExercises

/// Runs exercise checks so that nothing a student writes can bring the runner down.
///
/// A student's code can trap (`matmul` of the wrong shapes, an index out of range, a
/// `fatalError`) or never return (a loop that does not end). Either would end or hang the
/// process that runs it, so `gradlab check`, `exercises` and `hint` run each exercise's check in
/// a child process of `gradlab` itself (`gradlab _check-one ID`, not listed in the help), several
/// at a time, and read its verdict back: a crash becomes a failed exercise with the library's
/// message, the student's line and a suggestion (``CrashReport``); a check still running after
/// `timeLimit` seconds is killed and fails with "did not finish in N s". The other exercises are
/// checked as usual.
///
/// Another program calling the commands (the test runner) starts the `gradlab` executable of the
/// same build, found beside it; only where there is none do the checks run in the calling
/// process.
struct ExerciseRunner: Sendable {
    /// The hidden subcommand a child runs: `gradlab _check-one ID`.
    static let childCommand = "_check-one"
    /// The default time limit of one exercise's check, in seconds: every check of the library's
    /// own solutions takes well under one second in a debug build.
    static let defaultTimeLimit = 5.0
    /// What the child's environment asks of Swift's backtracer: on (macOS has it off by default),
    /// not interactive, only the crashed thread, no registers or images: the report the parent
    /// reads, and what `--verbose` shows.
    static let backtraceSettings = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none"

    /// The `gradlab` executable to start children from; `nil` runs checks in this process.
    var executable: String?
    /// Seconds after which a check is stopped and failed.
    var timeLimit: Double = defaultTimeLimit
    /// Whether a crash's detail keeps the runtime's whole report (the backtrace).
    var verbose = false

    /// The runner for this process: children of this executable when it is `gradlab`, else of
    /// the `gradlab` beside it or beside one of its bundles (`swift test` builds it next to the
    /// test bundle), else in-process.
    static func forThisProcess(timeLimit: Double = defaultTimeLimit, verbose: Bool = false) -> ExerciseRunner {
        ExerciseRunner(executable: gradlabExecutable, timeLimit: timeLimit, verbose: verbose)
    }

    /// This executable when it is `gradlab`, else a `gradlab` beside it or beside one of its
    /// bundles (a test bundle on macOS), else `nil`.
    static let gradlabExecutable: String? = {
        if let path = Bundle.main.executablePath, URL(fileURLWithPath: path).lastPathComponent == "gradlab" {
            return path
        }
        let folders = ([Bundle.main.executableURL] + Bundle.allBundles.map(\.bundleURL)).compactMap { $0?.deletingLastPathComponent() }
        return folders.map { $0.appendingPathComponent("gradlab").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Each exercise's outcome, in the order given; checks run in parallel, one per core.
    func outcomes(of exercises: [Exercise]) -> [ExerciseOutcome] {
        guard executable != nil else { return exercises.map { $0.check() } }
        let results = OutcomeSlots(count: exercises.count)
        DispatchQueue.concurrentPerform(iterations: exercises.count) { index in
            results[index] = outcome(of: exercises[index])
        }
        return results.values
    }

    /// One exercise's outcome, from a child process (or in this process, without an executable).
    func outcome(of exercise: Exercise) -> ExerciseOutcome {
        guard let executable else { return exercise.check() }
        let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let child: ChildProcess.Result
        do {
            child = try ChildProcess.run([executable, Self.childCommand, exercise.id], in: folder,
                                         environment: ["SWIFT_BACKTRACE": Self.backtraceSettings], timeLimit: timeLimit)
        } catch {
            return .failed("the check could not start: \(error)")
        }
        return Self.outcome(ofChild: child, exercise: exercise, timeLimit: timeLimit, verbose: verbose)
    }

    /// What a child's run says: its verdict line, or that it crashed (where and why), did not
    /// finish, or ended without a verdict.
    static func outcome(ofChild child: ChildProcess.Result, exercise: Exercise, timeLimit: Double,
                        verbose: Bool) -> ExerciseOutcome {
        if child.timedOut {
            return .failed("did not finish in \(seconds(timeLimit)) s: a loop that never ends? (if your machine is just slow: "
                           + "swift run gradlab check \(exercise.id) --time-limit \(seconds(timeLimit * 4)))")
        }
        if let outcome = verdict(in: child.output) { return outcome }
        if child.signalled {
            let report = CrashReport(errorOutput: child.errorOutput, signal: child.status, studentFile: exercise.file)
            let whole = verbose ? "\n\n" + child.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines)
                : "\n(the whole report: swift run gradlab check \(exercise.id) --verbose)"
            return .failed(report.text + whole)
        }
        let said = child.errorOutput.split(separator: "\n").prefix(verbose ? 1000 : 5).joined(separator: "\n")
        return .failed("the check ended with status \(child.status) and no verdict" + (said.isEmpty ? "" : ":\n" + said))
    }

    // MARK: The child's side

    /// Runs `gradlab _check-one ID`: checks one exercise and writes its verdict as one JSON line,
    /// `{"status": "passed" | "FAILED" | "not started", "detail": …}`; returns the exit status
    /// (0 when there is a verdict, right or wrong; 2 for a missing or unknown id).
    static func childMain(_ arguments: [String], console: Console) -> Int32 {
        guard arguments.count == 1, let exercise = ExerciseCatalog.exercise(id: arguments[0]) else {
            console.errorLine("error: \(childCommand) takes one exercise id, e.g. \(childCommand) sigmoid-backward")
            return 2
        }
        console.line(verdictLine(exercise.check()))
        return 0
    }

    /// Checks exercise `id` in the calling process with a watchdog: if the check has not returned
    /// after `timeLimit` seconds, the watchdog writes the verdict "did not finish" and ends the
    /// process (exit 0). For a process that exists to run this one check (a test's exit test).
    ///
    /// - Returns: the verdict line (see `childMain`).
    static func checkWithWatchdog(id: String, timeLimit: Double) -> String {
        guard let exercise = ExerciseCatalog.exercise(id: id) else {
            return verdictLine(.failed("no exercise '\(id)'"))
        }
        let line = verdictLine(.failed("did not finish in \(seconds(timeLimit)) s: a loop that never ends?"))
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            _exit(0)
        }
        return verdictLine(exercise.check())
    }

    /// The verdict as one JSON line.
    static func verdictLine(_ outcome: ExerciseOutcome) -> String {
        JSON.object([("status", .string(outcome.label)), ("detail", .string(outcome.detail))]).text
    }

    /// The verdict in a child's output: its last line that reads as one, or `nil`.
    static func verdict(in output: String) -> ExerciseOutcome? {
        for line in output.split(separator: "\n").reversed() where line.hasPrefix("{") {
            let parsed: Any
            do {
                parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            } catch {
                continue  // A line the student's code printed, not the verdict.
            }
            guard let object = parsed as? [String: Any], let status = object["status"] as? String,
                  let detail = object["detail"] as? String else { continue }
            switch status {
            case ExerciseOutcome.notStarted.label: return .notStarted
            case ExerciseOutcome.passed("").label: return .passed(detail)
            case ExerciseOutcome.inProgress("").label: return .inProgress(detail)
            case ExerciseOutcome.failed("").label: return .failed(detail)
            default: continue
            }
        }
        return nil
    }

    /// Seconds as typed: `5`, `0.5`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// Outcomes filled in by parallel checks, each slot by one of them.
private final class OutcomeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ExerciseOutcome]

    init(count: Int) { slots = Array(repeating: .notStarted, count: count) }

    subscript(index: Int) -> ExerciseOutcome {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [ExerciseOutcome] { lock.withLock { slots } }
}

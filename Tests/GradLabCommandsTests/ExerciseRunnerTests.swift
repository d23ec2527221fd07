import Foundation
@testable import GradLabCommands
import GradLabExercises
import Testing

/// `gradlab exercises`, `check`'s summary, `hint` and `watch`: run end to end where that is
/// cheap, and through their parts where it is not (watch's build). Every file they write goes to
/// a temporary folder.
@Suite("Exercise runner", .serialized)
struct ExerciseRunnerTests {
    /// Outcomes for the catalog: the first `passed` pass, the next `failed` fail, the rest not started.
    static func progress(passed: Int, failed: Int = 0) -> ExerciseProgress {
        ExerciseProgress(ExerciseCatalog.all.enumerated().map { index, exercise in
            (exercise, index < passed ? .passed("ok") : index < passed + failed ? .failed("wrong here") : .notStarted)
        })
    }

    // MARK: Progress

    @Test func progressCountsAndPointsAtTheNextExercise() throws {
        let total = ExerciseCatalog.all.count
        let fresh = Self.progress(passed: 0)
        #expect(fresh.done == 0 && fresh.total == total && fresh.next?.number == 1)
        #expect(fresh.bar(width: 10) == "0/\(total) done [----------]")
        let some = Self.progress(passed: 7, failed: 1)
        #expect(some.done == 7 && some.failed == 1)
        #expect(some.next?.number == 8)
        #expect(some.nextStep == "Next: fix 8. \(ExerciseCatalog.all[7].id) in \(ExerciseCatalog.all[7].file)")
        #expect(Self.progress(passed: 7).nextStep.hasPrefix("Next: do 8."))
        let all = Self.progress(passed: total)
        #expect(all.next == nil && all.bar(width: 4) == "\(total)/\(total) done [####]")
        #expect(all.nextStep.hasPrefix("All \(total) exercises pass"))
    }

    // MARK: gradlab exercises

    @Test func exercisesListsEveryExerciseAndTheNextStep() throws {
        let (status, output) = runGradLab(["exercises"])
        #expect(status == 0, "\(output.standardError)")
        let text = output.standardOutput
        #expect(text.contains("/\(ExerciseCatalog.all.count) done ["))
        for exercise in ExerciseCatalog.all { #expect(text.contains(exercise.id)) }
        #expect(text.contains("Next: ") || text.contains("exercises pass"))

        let json = try parseJSON(runGradLab(["exercises", "--json"]).output.standardOutput)
        let exercises = try #require(json["exercises"] as? [[String: Any]])
        #expect(exercises.count == ExerciseCatalog.all.count)
        #expect(json["total"] as? Int == ExerciseCatalog.all.count)
        #expect(json["next"] is String || json["next"] is NSNull)
        for key in ["number", "id", "title", "file", "book", "minutes", "status"] { #expect(exercises[0][key] != nil, "\(key)") }
    }

    @Test func exercisesTextShowsMarksAndTheNextFile() {
        let text = ExercisesCommand.text(Self.progress(passed: 2, failed: 1))
        let third = ExerciseCatalog.all[2]
        #expect(text.contains("  ✓  1  \(ExerciseCatalog.all[0].id)"))
        #expect(text.contains("  ✗  3  \(third.id)"))
        #expect(text.contains("  ·  4  \(ExerciseCatalog.all[3].id)"))
        #expect(text.contains("Next: 3. \(third.id)"))
        #expect(text.contains("FAILED: wrong here"))
        #expect(text.contains("edit   \(third.file)") && text.contains("hint   swift run gradlab hint \(third.id)"))
    }

    // MARK: gradlab check: summary and solution

    @Test func checkEndsWithASummaryAndNamesTheSolutionOncePassed() throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: "sigmoid-backward"))
        let passed = CheckCommand.Result(checks: [(exercise, .passed("norm-relative error 1e-10"))], progress: Self.progress(passed: 7))
        #expect(CheckCommand.text(passed).contains("Compare with the library: \(exercise.solution)"))
        #expect(CheckCommand.summary(passed).hasPrefix("sigmoid-backward: passed. 7/\(ExerciseCatalog.all.count) done ["))
        #expect(CheckCommand.summary(passed).contains("Next: do 8. relu-backward"))

        let failed = CheckCommand.Result(checks: [(exercise, .failed("x: wrong"))], progress: Self.progress(passed: 6, failed: 1))
        #expect(!CheckCommand.text(failed).contains("Compare with the library"))
        #expect(CheckCommand.summary(failed).contains("Next: fix it in \(exercise.file)"))
        #expect(CheckCommand.summary(failed).contains("swift run gradlab hint sigmoid-backward"))

        let json = CheckCommand.json(passed)
        #expect(json["summary"]?["done"] == 7)
        guard case .array(let entries)? = json["exercises"] else { Issue.record("no exercises in \(json.text)"); return }
        #expect(entries.first?["solution"] == .string(exercise.solution))
    }

    @Test func checkOfOneExerciseShowsItsEvidence() throws {
        let bugHunt = try #require(ExerciseCatalog.exercise(id: "bug-hunt"))
        let result = CheckCommand.Result(checks: [(bugHunt, .notStarted)], progress: Self.progress(passed: 0))
        #expect(CheckCommand.text(result).contains("Suspect E:"))
    }

    @Test func checkPrintsTheSummaryLastAndTheJSONHasIt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, output) = runGradLab(["check", "tanh-backward", "--out", folder.path])
        let last = output.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("tanh-backward: ") && last.contains(" done ["), "\(last)")
        let json = try parseJSON(runGradLab(["check", "--json", "--out", folder.path]).output.standardOutput)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == ExerciseCatalog.all.count)
    }

    // MARK: gradlab hint

    @Test func hintShowsOneMoreEachTimeThenAllOfThem() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("sub/hints.json").path
        let exercise = try #require(ExerciseCatalog.exercise(id: "sigmoid-backward"))
        let count = exercise.hints.count
        for number in 1...count {
            let (status, output) = runGradLab(["hint", "sigmoid-backward", "--state", state])
            #expect(status == 0, "\(output.standardError)")
            #expect(output.standardOutput.hasPrefix("Hint \(number) of \(count) for sigmoid-backward"))
            #expect(output.standardOutput.contains(exercise.hints[number - 1]))
            if number > 1 { #expect(!output.standardOutput.contains(exercise.hints[0])) }
        }
        let after = runGradLab(["hint", "sigmoid-backward", "--state", state]).output.standardOutput
        #expect(after.hasPrefix("No more hints for sigmoid-backward"))
        for hint in exercise.hints { #expect(after.contains(hint)) }
        #expect(try HintState.load(from: state).shown == ["sigmoid-backward": count])

        let json = try parseJSON(runGradLab(["hint", "sigmoid-backward", "--state", state, "--json"]).output.standardOutput)
        #expect(json["hint"] is NSNull && json["of"] as? Int == count)

        #expect(runGradLab(["hint", "sigmoid-backward", "--state", state, "--reset"]).status == 0)
        let again = try parseJSON(runGradLab(["hint", "sigmoid-backward", "--state", state, "--json"]).output.standardOutput)
        #expect(again["hint"] as? Int == 1 && again["text"] as? String == exercise.hints[0])
    }

    @Test func hintMistakesAreNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("hints.json")
        let unknown = runGradLab(["hint", "sigmoid-backwards", "--state", state.path])
        #expect(unknown.status == 1)
        #expect(unknown.output.standardError.contains("Did you mean 'sigmoid-backward'?"))
        try Data("not json".utf8).write(to: state)
        let corrupt = runGradLab(["hint", "sigmoid-backward", "--state", state.path])
        #expect(corrupt.status == 1)
        #expect(corrupt.output.standardError.contains("delete it to start the hints over"))
    }

    @Test func hintStateLivesUnderBuildUnlessToldOtherwise() {
        let root = URL(fileURLWithPath: "/repo")
        #expect(HintState.path(option: "/tmp/a.json", environment: ["GRADLAB_HINTS_FILE": "/tmp/b.json"], root: root) == "/tmp/a.json")
        #expect(HintState.path(option: nil, environment: ["GRADLAB_HINTS_FILE": "/tmp/b.json"], root: root) == "/tmp/b.json")
        #expect(HintState.path(option: nil, environment: [:], root: root) == "/repo/.build/gradlab-hints.json")
    }

    // MARK: gradlab watch

    @Test func theCheckoutIsFoundFromInsideIt() throws {
        let root = ExerciseFileTests.root.standardizedFileURL
        #expect(PackageRoot.find(from: root.appendingPathComponent("exercises/01-numerical-derivative"))?.path == root.path)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(PackageRoot.find(from: folder) == nil)
    }

    @Test func snapshotsSeeSavedAddedAndRemovedSwiftFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("01-a"), withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("01-a/A.swift")
        try Data("let a = 1\n".utf8).write(to: file)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("README.md"))
        let first = FileSnapshot(of: folder)
        #expect(first.files.keys.sorted() == ["01-a/A.swift"])
        #expect(FileSnapshot(of: folder) == first)

        try Data("let a = 2\n".utf8).write(to: file)
        try manager.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: file.path)
        let saved = FileSnapshot(of: folder)
        #expect(saved.changes(since: first) == ["01-a/A.swift"])

        try Data("let b = 1\n".utf8).write(to: folder.appendingPathComponent("01-a/B.swift"))
        try manager.removeItem(at: file)
        #expect(FileSnapshot(of: folder).changes(since: saved) == ["01-a/A.swift", "01-a/B.swift"])
    }

    @Test func childProcessesReportStatusAndOutput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let echo = try ChildProcess.run(["echo", "hello"], in: folder)
        #expect(echo.status == 0 && echo.output == "hello\n")
        let failing = try ChildProcess.run(["sh", "-c", "echo oops >&2; exit 3"], in: folder)
        #expect(failing.status == 3 && failing.errorOutput == "oops\n")
    }

    /// A watch round with programs faked: what it runs, and what it makes of their output.
    @Test func aRoundBuildsThenChecksInAChildProcess() throws {
        let root = URL(fileURLWithPath: "/repo")
        let exercise = try #require(ExerciseCatalog.exercise(id: "sigmoid-backward"))
        let checkJSON = CheckCommand.json(CheckCommand.Result(checks: ExerciseCatalog.all.map { ($0, $0.id == exercise.id ? .failed("x: wrong") : .notStarted) },
                                                              progress: Self.progress(passed: 0))).text
        let calls = CallLog()
        var round = WatchCommand.Round(root: root) { arguments, folder in
            calls.append(arguments)
            #expect(folder == root)
            switch arguments.dropFirst().first {
            case "build" where arguments.contains("--show-bin-path"):
                return ChildProcess.Result(status: 0, output: "/repo/.build/debug\n", errorOutput: "", seconds: 0.1)
            case "build":
                return ChildProcess.Result(status: 0, output: "Build complete!", errorOutput: "", seconds: 1.5)
            default:
                return ChildProcess.Result(status: 1, output: checkJSON, errorOutput: "error: some exercises failed", seconds: 0.2)
            }
        }
        let report = try round.run(changed: ["exercises/07-sigmoid-backward/SigmoidBackward.swift"])
        _ = try round.run(changed: [])
        #expect(calls.all == [["swift", "build", "--product", "gradlab"], ["swift", "build", "--show-bin-path"],
                              ["/repo/.build/debug/gradlab", "check", "--json", "--out", "/repo/.build/gradlab-watch", "--time-limit", "5.0"],
                              ["swift", "build", "--product", "gradlab"],
                              ["/repo/.build/debug/gradlab", "check", "--json", "--out", "/repo/.build/gradlab-watch", "--time-limit", "5.0"]])
        guard case .checked(let done, let total, let failed, let saved, let next) = report.outcome else {
            Issue.record("\(report.outcome)")
            return
        }
        #expect(done == 0 && total == ExerciseCatalog.all.count && failed == 0)
        #expect(saved.map(\.id) == ["sigmoid-backward"] && saved.first?.detail == "x: wrong")
        #expect(next?.number == 1)
        let text = WatchCommand.text(report)
        #expect(text.contains("exercises/07-sigmoid-backward/SigmoidBackward.swift saved: built in 1.5 s, checked in 0.2 s."))
        #expect(text.contains("✗ 7. sigmoid-backward  FAILED") && text.contains("x: wrong"))
        #expect(text.contains("Next:\n· 1. numerical-derivative  not started"))
        let json = try parseJSON(WatchCommand.json(report).text)
        #expect(json["build"] as? String == "ok" && (json["next"] as? [String: Any])?["id"] as? String == "numerical-derivative")
    }

    @Test func watchPassesItsTimeLimitToCheck() throws {
        let calls = CallLog()
        var round = WatchCommand.Round(root: URL(fileURLWithPath: "/repo"), timeLimit: 12) { arguments, _ in
            calls.append(arguments)
            return ChildProcess.Result(status: 0, output: arguments.contains("--show-bin-path") ? "/bin\n" : "", errorOutput: "", seconds: 0)
        }
        _ = try round.run(changed: [])
        #expect(calls.all.last == ["/bin/gradlab", "check", "--json", "--out", "/repo/.build/gradlab-watch", "--time-limit", "12.0"])
        #expect(try ArgumentParser.parse(["--time-limit", "12"], for: WatchCommand.definition).wasGiven(CheckCommand.timeLimit))
    }

    @Test func aFailedBuildShowsTheCompilersFirstErrors() throws {
        let output = """
            [3/5] Compiling GradLabExercises SigmoidBackward.swift
            /repo/exercises/07-sigmoid-backward/SigmoidBackward.swift:14:28: error: cannot find 'z' in scope
            13 | public func mySigmoidBackward(dout: Tensor, output y: Tensor) throws -> Tensor {
            14 |     return dout * y * (1 - z)
               |                            `- error: cannot find 'z' in scope
            15 | }
            [4/5] Emitting module GradLabExercises
            /repo/exercises/07-sigmoid-backward/SigmoidBackward.swift:14:28: error: cannot find 'z' in scope
            """
        var round = WatchCommand.Round(root: URL(fileURLWithPath: "/repo")) { _, _ in
            ChildProcess.Result(status: 1, output: output, errorOutput: "", seconds: 0.9)
        }
        let report = try round.run(changed: ["exercises/07-sigmoid-backward/SigmoidBackward.swift"])
        let expected = """
            exercises/07-sigmoid-backward/SigmoidBackward.swift:14:28: error: cannot find 'z' in scope
            13 | public func mySigmoidBackward(dout: Tensor, output y: Tensor) throws -> Tensor {
            14 |     return dout * y * (1 - z)
               |                            `- error: cannot find 'z' in scope
            15 | }
            """
        #expect(report.outcome == .buildFailed(expected))
        #expect(WatchCommand.text(report).contains("The build failed; fix this, then save:"))
        #expect(try parseJSON(WatchCommand.json(report).text)["build"] as? String == "failed")
    }

    @Test func aCrashInAStartersCodeIsPlaced() {
        let output = """
            Swift/ContiguousArrayBuffer.swift:705: Fatal error: Index out of range
            *** Program crashed: Illegal instruction at 0x00007f66d236df7f ***
              3 [ra]          0x00005581eeb35748 Tensor.subscript.setter + 71 in gradlab at /w/Sources/GradLab/Tensor/Tensor.swift:133:30
              4 [ra]          0x00005581eec95a54 myNumericalGradient(_:at:) + 115 in gradlab at /w/exercises/03-numerical-gradient/NumericalGradient.swift:16:18
              5 [ra]          0x00005581eec93ffa closure #1 in closure #1 + 41 in gradlab at /w/exercises/03-numerical-gradient/NumericalGradient+Check.swift:15:38
            """
        #expect(WatchCommand.Report.crashSummary(output, status: 4) == """
            The check crashed: Index out of range
            at exercises/03-numerical-gradient/NumericalGradient.swift:16 (in myNumericalGradient(_:at:))
            An index past the end: indices go from 0 to count − 1.
            The whole report: swift run gradlab check --verbose
            """)
    }

    /// The runtime's report of a missing transpose in exercise 11, as a debug build prints it
    /// (cut to the frames that matter).
    static let matmulCrash = """
        GradLab/Tensor+MatrixMultiply.swift:40: Precondition failed: matmul: [4, 5] · [4, 3]: inner sizes differ (5 and 4)

        *** Signal 4: Backtracing from 0x7f1e1d6f9361... done ***

        *** Program crashed: Illegal instruction at 0x00007f1e1d6f9361 ***

        Thread 0 "gradlab" crashed:

          0               0x00007f1e1d6f9361 _assertionFailure(_:_:file:line:flags:) + 225 in libswiftCore.so
          1 [ra]          0x0000559ff1819982 static Tensor.matmul(_:transposeA:_:transposeB:) + 4177 in gradlab at /r/Sources/GradLab/Tensor/Tensor+MatrixMultiply.swift:40:9
          2 [ra]          0x0000559ff1818922 Tensor.matmul(_:) + 97 in gradlab at /r/Sources/GradLab/Tensor/Tensor+MatrixMultiply.swift:19:16
          3 [ra]          0x0000559ff1994887 myAffineBackward(dout:x:W:) + 262 in gradlab at /r/exercises/11-affine-backward/AffineBackward.swift:19:16
          4 [ra]          0x0000559ff198e494 closure #1 in closure #1 in variable initialization expression of static Exercise.affineBackward + 67 in gradlab at /r/exercises/11-affine-backward/AffineBackward+Check.swift:15:36
          7 [ra]          0x0000559ff19a765c attempt<A>(_:then:) + 123 in gradlab at /r/exercises/Support/Exercise.swift:121:26
        """

    @Test func aCrashNamesTheMessageTheStudentsLineAndASuggestion() {
        let report = CrashReport(errorOutput: Self.matmulCrash, signal: 4, studentFile: "exercises/11-affine-backward/AffineBackward.swift")
        #expect(report == CrashReport(message: "matmul: [4, 5] · [4, 3]: inner sizes differ (5 and 4)",
                                      place: "exercises/11-affine-backward/AffineBackward.swift:19",
                                      function: "myAffineBackward(dout:x:W:)",
                                      suggestion: "The inner sizes of a matrix product must match (N×I · I×O): a transpose missing or extra?"))
        // Without a message or a frame in the exercises (no backtracer): the signal in words.
        let bare = CrashReport(errorOutput: "Segmentation fault\n", signal: 11, studentFile: "exercises/x/X.swift")
        #expect(bare == CrashReport(message: "a memory error (signal 11): a recursion that never ends?",
                                    place: nil, function: nil, suggestion: nil))
        #expect(CrashReport.suggestion(for: "Tensor +: shapes [4, 3] and [4] do not broadcast")?.contains("a sum over the batch") == true)
        #expect(CrashReport.suggestion(for: "Tensor.scalar: shape [2] has 2 elements, not 1") == nil)
    }

    /// A stand-in for `gradlab` that does what a child does when the student's code crashes or
    /// hangs: a shell script, so the parent's side runs for real (a signal, a kill).
    static func fakeGradLab(in folder: URL, script: String) throws -> String {
        let path = folder.appendingPathComponent("gradlab").path
        try ("#!/bin/sh\n" + script).write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func aChildThatCrashesIsAFailedExerciseWithWhereAndWhy() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.matmulCrash.write(to: folder.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        let gradlab = try Self.fakeGradLab(in: folder, script: "cat '\(folder.path)/report.txt' >&2\nkill -ILL $$\n")
        let exercise = try #require(ExerciseCatalog.exercise(id: "affine-backward"))
        let outcome = ExerciseRunner(executable: gradlab).outcome(of: exercise)
        #expect(outcome == .failed("""
            crashed: matmul: [4, 5] · [4, 3]: inner sizes differ (5 and 4)
            at exercises/11-affine-backward/AffineBackward.swift:19 (in myAffineBackward(dout:x:W:))
            The inner sizes of a matrix product must match (N×I · I×O): a transpose missing or extra?
            (the whole report: swift run gradlab check affine-backward --verbose)
            """))
        let verbose = ExerciseRunner(executable: gradlab, verbose: true).outcome(of: exercise)
        #expect(verbose.detail.contains("3 [ra]") && verbose.detail.contains("*** Program crashed"))
        #expect(!outcome.detail.contains("[ra]"))
    }

    @Test func aChildThatNeverFinishesIsStoppedAtTheTimeLimit() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gradlab = try Self.fakeGradLab(in: folder, script: "exec sleep 60\n")
        let exercise = try #require(ExerciseCatalog.exercise(id: "numerical-derivative"))
        let start = Date()
        let outcome = ExerciseRunner(executable: gradlab, timeLimit: 0.5).outcome(of: exercise)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(outcome == .failed("did not finish in 0.5 s: a loop that never ends? (if your machine is just slow: "
                                   + "swift run gradlab check numerical-derivative --time-limit 2)"))
    }

    @Test func aChildsVerdictIsReadBackWhateverElseItPrinted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = ExerciseRunner.verdictLine(.failed("x: wrong \"by\" 2\nsecond line"))
        let gradlab = try Self.fakeGradLab(in: folder, script: "echo 'a student print'\nprintf '%s\\n' '\(line)'\n")
        let exercise = try #require(ExerciseCatalog.exercise(id: "sigmoid-backward"))
        #expect(ExerciseRunner(executable: gradlab).outcome(of: exercise) == .failed("x: wrong \"by\" 2\nsecond line"))
        let silent = try Self.fakeGradLab(in: folder, script: "echo 'cannot go on' >&2\nexit 3\n")
        #expect(ExerciseRunner(executable: silent).outcome(of: exercise)
                == .failed("the check ended with status 3 and no verdict:\ncannot go on"))
        #expect(ExerciseRunner.verdict(in: ExerciseRunner.verdictLine(.notStarted)) == .notStarted)
        #expect(ExerciseRunner.verdict(in: ExerciseRunner.verdictLine(.passed("error 1e-9"))) == .passed("error 1e-9"))
    }

    @Test func childProcessesReportSignalsAndTimeLimits() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trapped = try ChildProcess.run(["sh", "-c", "kill -ILL $$"], in: folder)
        #expect(trapped.signalled && trapped.status == 4 && !trapped.timedOut)
        let slow = try ChildProcess.run(["sleep", "60"], in: folder, timeLimit: 0.3)
        #expect(slow.timedOut && slow.seconds < 10)
        let told = try ChildProcess.run(["sh", "-c", "echo $GRADLAB_TEST_VARIABLE"], in: folder,
                                        environment: ["GRADLAB_TEST_VARIABLE": "set"])
        #expect(told.output == "set\n")
    }

    @Test func anUnreadableCheckIsReported() {
        let outcome = WatchCommand.Report.outcome(ofCheck: ChildProcess.Result(status: 1, output: "", errorOutput: "crashed", seconds: 0))
        #expect(outcome == .checkFailed("crashed"))
    }
}

/// Arguments passed to a fake runner, in order.
final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [[String]] = []
    var all: [[String]] { lock.withLock { calls } }
    func append(_ call: [String]) { lock.withLock { calls.append(call) } }
}

import Foundation
import GradLab
@testable import GradLabCommands
@testable import GradLabExercises
import Testing

/// Every exercise's check, run three ways: on the student's answer (skipped while not started),
/// on the library's own solution (must pass) and on every known-wrong answer (each must fail).
@Suite("Exercises")
struct ExerciseTests {
    /// Seconds a student's check may run in the tests: generous, for a busy machine (each check
    /// of the library's solutions takes well under a second in a debug build).
    static let timeLimit = 15.0

    /// The student's answer, checked apart from this process: a crash or an endless loop in it
    /// fails this test alone, with the runtime's message, the student's line and a suggestion,
    /// and every other test still runs. The check runs as `gradlab check` runs it, in a child
    /// process of the `gradlab` executable; without one, in an exit test (Swift 6.3 and later,
    /// whose exit tests capture the id; no line numbers there, the backtracer is off), or else
    /// in this process.
    @Test(arguments: ExerciseCatalog.all.map(\.id))
    func studentAnswer(id: String) async throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        let outcome: ExerciseOutcome
        if let gradlab = ExerciseRunner.gradlabExecutable {
            outcome = ExerciseRunner(executable: gradlab, timeLimit: Self.timeLimit).outcome(of: exercise)
        } else {
            #if compiler(>=6.3)
            // A verdict, right or wrong, exits 0; a crash fails this expectation, and a second
            // run (expected to fail) keeps the runtime's message to say why.
            let verdict = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) { [id] in
                print(ExerciseRunner.checkWithWatchdog(id: id, timeLimit: Self.timeLimit))
            }
            let crash = verdict != nil ? nil : await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [id] in
                print(ExerciseRunner.checkWithWatchdog(id: id, timeLimit: Self.timeLimit))
            }
            guard let child = verdict ?? crash else { return }
            let (status, signalled): (Int32, Bool) = switch child.exitStatus {
            case .exitCode(let code): (code, false)
            case .signal(let signal): (signal, true)
            @unknown default: (-1, false)
            }
            let result = ChildProcess.Result(status: status, output: String(decoding: child.standardOutputContent, as: UTF8.self),
                                             errorOutput: String(decoding: child.standardErrorContent, as: UTF8.self),
                                             seconds: 0, signalled: signalled)
            outcome = ExerciseRunner.outcome(ofChild: result, exercise: exercise, timeLimit: Self.timeLimit, verbose: false)
            #else
            outcome = exercise.check()
            #endif
        }
        switch outcome {
        case .inProgress(let detail):
            #if compiler(>=6.3)
            try Test.cancel("\(id): in progress, \(detail)")
            #endif
        case .notStarted:
            #if compiler(>=6.3)
            try Test.cancel("\(id): not started yet")
            #endif
        case .passed:
            break
        case .failed(let detail):
            Issue.record("\(id) (\(exercise.file)): \(detail)")
        }
    }

    @Test(arguments: ExerciseCatalog.all.map(\.id))
    func referenceSolutionPasses(id: String) throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        let outcome = exercise.checkReference()
        guard case .passed = outcome else {
            Issue.record("\(id): the library's solution did not pass: \(outcome)")
            return
        }
    }

    /// "id: mistake" for every known-wrong answer of every exercise.
    static let wrongAnswers = ExerciseCatalog.all.flatMap { exercise in exercise.wrongAnswers.map { "\(exercise.id): \($0.mistake)" } }

    @Test(arguments: wrongAnswers)
    func wrongAnswerFails(label: String) throws {
        let id = String(label.prefix { $0 != ":" })
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        let wrong = try #require(exercise.wrongAnswers.first { "\(id): \($0.mistake)" == label })
        let outcome = wrong.check()
        guard case .failed(let detail) = outcome else {
            Issue.record("\(label): the wrong answer was not caught: \(outcome)")
            return
        }
        #expect(!detail.isEmpty)
    }

    /// A multi-part exercise half done, with nothing wrong, is in progress and says how far.
    @Test func aHalfFinishedExerciseShowsItsProgress() {
        let named: Set<Suspect> = [.a, .b, .c]
        let bugHunt = Exercise.checkDiagnoses { suspect in
            guard named.contains(suspect) else { throw NotImplemented() }
            return suspect.plantedBug
        }
        #expect(bugHunt == .inProgress("3/5 suspects: right: A, B, C; still to name: D, E"))
        #expect(bugHunt.label == "in progress" && !bugHunt.isPassed)
        // One wrong name among them is a failure, progress or not.
        let wrong = Exercise.checkDiagnoses { suspect in
            guard named.contains(suspect) else { throw NotImplemented() }
            return suspect == .a ? Suspect.b.plantedBug : suspect.plantedBug
        }
        guard case .failed = wrong else {
            Issue.record("\(wrong)")
            return
        }
        let parts = checkParts([("first()", { .passed("one ok") }), ("second()", { .passed("two ok") }),
                                ("third()", { .notStarted })])
        #expect(parts == .inProgress("2/3 parts: one ok; two ok; now write third() (it still throws NotImplemented)"))
        #expect(checkParts([("first()", { .notStarted }), ("second()", { .passed("ok") })]) == .notStarted)
    }

    @Test func everyExerciseFailsAtLeastOneWrongAnswer() {
        for exercise in ExerciseCatalog.all {
            #expect(!exercise.wrongAnswers.isEmpty, "\(exercise.id) has no known-wrong answer")
        }
    }

    @Test func atLeastTwentyExercisesWithUniqueIds() {
        let ids = ExerciseCatalog.all.map(\.id)
        #expect(ids.count >= 20)
        #expect(Set(ids).count == ids.count)
    }

    /// Students may have started these before the course grew: their ids must keep working.
    @Test func theFirstEightIdsStillExist() {
        for id in ["numerical-derivative", "numerical-gradient", "multiply-backward", "sigmoid-backward",
                   "relu-backward", "affine-backward", "softmax-with-loss-backward", "your-layer"] {
            #expect(ExerciseCatalog.exercise(id: id) != nil, "\(id)")
        }
    }

    @Test func everyExerciseHasGradedHintsATimeAndABookSection() {
        for exercise in ExerciseCatalog.all {
            #expect(exercise.hints.count >= 2, "\(exercise.id): at least two hints, from a nudge to nearly the answer")
            #expect(exercise.hints.allSatisfy { !$0.isEmpty }, "\(exercise.id)")
            #expect(exercise.minutes > 0 && !exercise.book.isEmpty && !exercise.title.isEmpty, "\(exercise.id)")
        }
    }

    @Test func evidenceIsPrintable() throws {
        for exercise in ExerciseCatalog.all {
            guard let evidence = exercise.evidence else { continue }
            #expect(!evidence().isEmpty, "\(exercise.id)")
        }
        let bugHunt = try #require(ExerciseCatalog.exercise(id: "bug-hunt")?.evidence?())
        for suspect in ["A", "B", "C", "D", "E"] {
            #expect(bugHunt.contains("Suspect \(suspect):"))
        }
    }
}

/// The bug hunt's suspects: each bug is real (the checker catches it), and the library's layer
/// of the same kind, the fixed version, passes the same check.
@Suite("Bug hunt")
struct BugHuntTests {
    @Test(arguments: Suspect.allCases)
    func everyPlantedBugIsCaught(suspect: Suspect) {
        let (layer, input) = suspect.layer
        #expect(!checkLayer(layer, input: input, seed: 7).passed, "suspect \(suspect.rawValue)")
    }

    @Test func theLibraryLayersPassWhereTheSuspectsFail() {
        let activationInput = Suspect.a.layer.input
        #expect(checkLayer(Sigmoid(), input: activationInput, seed: 7).passed)
        #expect(checkLayer(ReLU(), input: activationInput, seed: 7).passed)
        for suspect in [Suspect.c, .d] {
            let (layer, input) = suspect.layer
            let parameters = layer.parameters
            #expect(checkLayer(Affine(weight: parameters[0].value, bias: parameters[1].value), input: input, seed: 7).passed)
        }
    }

    @Test func everyPlantedBugIsAChoice() {
        for suspect in Suspect.allCases {
            #expect(BackwardBug.allCases.contains(suspect.plantedBug))
        }
        #expect(Set(Suspect.allCases.map(\.plantedBug)).count == Suspect.allCases.count)
    }
}

/// The exercises' files: each registered exercise has its folder, starter and check, and each
/// exercise folder is registered.
@Suite("Exercise files")
struct ExerciseFileTests {
    /// The repository, found from this file's path (Tests/GradLabCommandsTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    @Test(arguments: ExerciseCatalog.all.map(\.id))
    func filesExist(id: String) throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        let number = try #require(ExerciseCatalog.all.firstIndex { $0.id == id }) + 1
        let folder = (number < 10 ? "0" : "") + "\(number)-\(id)"
        #expect(exercise.folder == "exercises/\(folder)", "\(id): its folder should be exercises/\(folder), in catalog order")
        #expect(Self.exists(exercise.file), "\(id): the starter \(exercise.file) is missing")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(exercise.folder).path)) ?? []
        #expect(files.contains { $0.hasSuffix("+Check.swift") }, "\(id): no +Check.swift in \(exercise.folder)")
        let starter = try String(contentsOf: Self.root.appendingPathComponent(exercise.file), encoding: .utf8)
        #expect(starter.contains("// Exercise \(number) (\(id))"), "\(id): the starter should open with 'Exercise \(number) (\(id))'")
        #expect(starter.contains("swift run gradlab check \(id)"), "\(id): the starter should say how to check it")
        #expect(starter.contains("swift run gradlab hint \(id)"), "\(id): the starter should say how to get a hint")
    }

    @Test func everyExerciseFolderIsRegistered() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("exercises").path)
            .filter { $0.first?.isNumber == true }
        let registered = Set(ExerciseCatalog.all.map(\.folder))
        for folder in folders {
            #expect(registered.contains("exercises/\(folder)"), "exercises/\(folder) is not in ExerciseCatalog.all")
        }
        #expect(folders.count == ExerciseCatalog.all.count)
    }

    @Test(arguments: ExerciseCatalog.all.map(\.id))
    func solutionFilesExist(id: String) throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        let paths = exercise.solution.split(whereSeparator: { " :;,()".contains($0) })
            .filter { $0.hasPrefix("Sources/") || $0.hasPrefix("exercises/") || $0.hasPrefix("docs/") }
        #expect(!paths.isEmpty, "\(id): the solution should name a file")
        for path in paths {
            #expect(Self.exists(String(path)), "\(id): \(path) does not exist")
        }
    }
}

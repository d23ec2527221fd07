import GradLabExercises
import Testing

@Suite("Exercises")
struct ExerciseTests {
    @Test(arguments: ExerciseCatalog.all.map(\.id))
    func studentAnswer(id: String) throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        switch exercise.check() {
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

    @Test(arguments: ExerciseCatalog.all.filter { $0.checkBroken != nil }.map(\.id))
    func wrongAnswerFails(id: String) throws {
        let exercise = try #require(ExerciseCatalog.exercise(id: id))
        let broken = try #require(exercise.checkBroken)
        let outcome = broken()
        guard case .failed = outcome else {
            Issue.record("\(id): a wrong answer was not caught: \(outcome)")
            return
        }
    }

    @Test func idsAreUnique() {
        let ids = ExerciseCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}

import Foundation
import GradLabExercises

/// Which hints each exercise has shown, kept in a small JSON file between runs:
/// `{"shown": {"sigmoid-backward": 2}}`.
///
/// The file lives under the checkout's `.build/` (ignored by git, and removed by
/// `swift package clean`) unless `--state` or the environment variable `GRADLAB_HINTS_FILE`
/// says otherwise; the tests always give a temporary file.
struct HintState: Codable, Equatable {
    /// How many hints of each exercise have been shown, by id.
    var shown: [String: Int] = [:]

    /// The environment variable that overrides the default path.
    static let environmentVariable = "GRADLAB_HINTS_FILE"

    /// The state file: the option if given, else the environment variable, else
    /// `.build/gradlab-hints.json` in the checkout (or in the current folder, outside one).
    static func path(option: String?, environment: [String: String], root: URL?) -> String {
        if let option { return option }
        if let variable = environment[environmentVariable], !variable.isEmpty { return variable }
        let folder = root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return folder.appendingPathComponent(".build").appendingPathComponent("gradlab-hints.json").path
    }

    /// The state saved at `path`, or an empty one if there is no file yet.
    ///
    /// - Throws: `CommandError` if the file exists but cannot be read as a hint state.
    static func load(from path: String) throws -> HintState {
        guard FileManager.default.fileExists(atPath: path) else { return HintState() }
        do {
            return try JSONDecoder().decode(HintState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CommandError("cannot read the hint state '\(path)' (\(error.localizedDescription)); delete it to start the hints over")
        }
    }

    /// Writes the state to `path`, creating its folder.
    func save(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw CommandError("cannot write the hint state '\(path)': \(error.localizedDescription)")
        }
    }

    /// Forgets the hints shown for `id`, or for every exercise when `id` is nil.
    mutating func reset(_ id: String?) {
        if let id { shown[id] = nil } else { shown = [:] }
    }

    /// What one `gradlab hint` shows.
    struct Shown {
        /// The exercise.
        var exercise: Exercise
        /// The hint shown now, counting from 1; `nil` when all had been shown already.
        var number: Int?
        /// The hints shown so far, this one included.
        var seen: [String]
    }

    /// Shows the next hint of `exercise`, if any is left, and remembers it.
    mutating func next(for exercise: Exercise) -> Shown {
        let count = Swift.min(shown[exercise.id] ?? 0, exercise.hints.count)
        if count < exercise.hints.count {
            shown[exercise.id] = count + 1
            return Shown(exercise: exercise, number: count + 1, seen: Array(exercise.hints.prefix(count + 1)))
        }
        return Shown(exercise: exercise, number: nil, seen: exercise.hints)
    }
}

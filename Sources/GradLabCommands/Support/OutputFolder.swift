import Foundation

/// The folder a command writes its files into (`--out`, default `gradlab-output/`).
///
/// Every file is written to a temporary name first and then renamed into place, so an
/// interrupted run never leaves a half-written chart or report behind.
struct OutputFolder {
    /// The folder.
    let url: URL

    /// Creates the folder (and its parents) if needed.
    init(path: String) throws {
        url = URL(fileURLWithPath: path, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create the output folder '\(path)': \(error.localizedDescription)")
        }
    }

    /// Writes `text` to `name` inside the folder, atomically; returns the file's path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let target = url.appendingPathComponent(name)
        do {
            try Data(text.utf8).write(to: target, options: .atomic)
        } catch {
            throw CommandError("cannot write '\(target.path)': \(error.localizedDescription)")
        }
        return target.path
    }
}

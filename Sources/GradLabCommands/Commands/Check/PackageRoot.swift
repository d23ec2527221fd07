import Foundation

/// The GradLab checkout the commands run in: the nearest folder, from the current one upwards,
/// that holds both `Package.swift` and `exercises/`. `watch` rebuilds there, and `hint` keeps
/// its state under its `.build/`.
enum PackageRoot {
    /// The checkout containing `start` (default: the current folder), or `nil` when there is none.
    static func find(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> URL? {
        var folder = start.standardizedFileURL
        while true {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
               manager.fileExists(atPath: folder.appendingPathComponent("exercises").path) {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}

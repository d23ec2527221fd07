import Foundation

/// The Swift files under a folder with their modification times and sizes: two snapshots differ
/// exactly when a file was saved, added or removed. `watch` takes one every half second.
struct FileSnapshot: Equatable {
    /// Modification time and size: a save within the clock's resolution usually changes the size.
    struct Stamp: Equatable {
        var modified: Date
        var size: Int
    }

    /// Each `.swift` file, by its path relative to the folder.
    var files: [String: Stamp]

    /// The Swift files under `folder` now (hidden files, such as editors' swap files, left out).
    init(of folder: URL) {
        files = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys,
                                                              options: [.skipsHiddenFiles]) else { return }
        let base = folder.standardizedFileURL.path
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(base + "/") { path.removeFirst(base.count + 1) }
            files[path] = Stamp(modified: values.contentModificationDate ?? .distantPast, size: values.fileSize ?? 0)
        }
    }

    /// The files saved, added or removed since `earlier`, sorted.
    func changes(since earlier: FileSnapshot) -> [String] {
        Set(files.keys).union(earlier.files.keys).filter { files[$0] != earlier.files[$0] }.sorted()
    }
}

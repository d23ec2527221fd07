import Foundation
import GradLabReports

/// The default output tree: each command writes into its own folder under `gradlab-output/`
/// (`main/`, `train/`, `derivative/`, …), so no command's report overwrites another's, and
/// `gradlab-output/index.html` lists the folders there, newest first.
///
/// A default folder belongs to GradLab, so it is kept **whole**: once a command has written its
/// files (and finished, or stopped on Ctrl-C after writing), the files an earlier run left there
/// and this run did not write again are removed. A run is known by what it replaced: every file
/// is written under a new name and renamed into place (see ``OutputFolder``), so a file this run
/// wrote has a new inode, and one it did not still has the inode it had before the run. A run
/// that fails keeps everything, as an explicit `--out` folder always does.
enum OutputIndex {
    /// The folder under which each command has its own.
    static let root = "gradlab-output"

    /// The folder a command writes into: `--out` if given, else `gradlab-output/COMMAND`.
    static func folder(_ given: String?, command: String) -> String {
        given ?? root + "/" + command
    }

    /// The regular, visible files of `folder` by name, with their inode numbers and modification
    /// times (empty when the folder does not exist yet).
    ///
    /// - Throws: `CommandError` if the folder exists but cannot be listed.
    static func files(_ folder: String) throws -> [String: (inode: UInt64, modified: Date)] {
        guard FileManager.default.fileExists(atPath: folder) else { return [:] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw CommandError("cannot list '\(folder)': \(error.localizedDescription)")
        }
        var files: [String: (inode: UInt64, modified: Date)] = [:]
        for name in names where !name.hasPrefix(".") {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            #if canImport(Darwin)
            let modified = Date(timeIntervalSince1970: Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9)
            #else
            let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            #endif
            files[name] = (UInt64(info.st_ino), modified)
        }
        return files
    }

    /// The regular, visible files of `folder` by name, with their inode numbers.
    ///
    /// - Throws: `CommandError` if the folder exists but cannot be listed.
    static func snapshot(_ folder: String) throws -> [String: UInt64] {
        try files(folder).mapValues(\.inode)
    }

    /// After a run into the default folder `folder`: removes the files of earlier runs that this
    /// run did not write again (when it wrote anything), then rewrites the index.
    ///
    /// - Parameter before: ``snapshot(_:)`` of the folder taken before the run.
    /// - Returns: the index's path.
    /// - Throws: `CommandError` if a stale file cannot be removed or the index cannot be written.
    @discardableResult
    static func finish(_ folder: String, before: [String: UInt64]) throws -> String {
        let after = try snapshot(folder)
        let untouched = after.filter { before[$0.key] == $0.value }
        if untouched.count < after.count {
            for name in untouched.keys.sorted() {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                do {
                    try FileManager.default.removeItem(atPath: path)
                } catch {
                    throw CommandError("cannot remove '\(path)', left by an earlier run: \(error.localizedDescription)")
                }
            }
        }
        return try writeIndex()
    }

    /// One folder of the tree, as the index lists it.
    struct Entry: Equatable {
        /// The folder's name (the command's).
        var name: String
        /// When its newest file was written.
        var modified: Date
        /// Its report's title, or `nil` when it has no `index.html`.
        var title: String?
        /// Its visible files, sorted.
        var files: [String]
    }

    /// Every folder under the root that holds files, newest first.
    ///
    /// - Throws: `CommandError` if a folder cannot be listed or a report cannot be read.
    static func entries() throws -> [Entry] {
        let manager = FileManager.default
        guard manager.fileExists(atPath: root) else { return [] }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: root)
        } catch {
            throw CommandError("cannot list '\(root)': \(error.localizedDescription)")
        }
        var entries: [Entry] = []
        for name in names where !name.hasPrefix(".") {
            let folder = URL(fileURLWithPath: root).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let files = try Self.files(folder.path)
            guard !files.isEmpty else { continue }
            var title: String?
            if files["index.html"] != nil {
                let report = folder.appendingPathComponent("index.html")
                do {
                    title = Self.title(ofHTML: try String(contentsOf: report, encoding: .utf8))
                } catch {
                    throw CommandError("cannot read '\(report.path)': \(error.localizedDescription)")
                }
            }
            entries.append(Entry(name: name, modified: files.values.map(\.modified).max() ?? .distantPast, title: title,
                                 files: files.keys.sorted()))
        }
        return entries.sorted { ($0.modified, $1.name) > ($1.modified, $0.name) }
    }

    /// The text between `<title>` and `</title>`, unescaped for the few entities reports use.
    static func title(ofHTML html: String) -> String? {
        guard let start = html.range(of: "<title>"), let end = html.range(of: "</title>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Writes `gradlab-output/index.html`: a line per folder, newest first, linking to its
    /// report (or to the folder, without one). Returns its path.
    @discardableResult
    static func writeIndex() throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let links = try entries().map { entry in
            (text: entry.name + "/",
             href: entry.name + (entry.files.contains("index.html") ? "/index.html" : "/"),
             detail: "written \(formatter.string(from: entry.modified)): " + (entry.title.map { $0 + "; " } ?? "")
                + entry.files.joined(separator: ", "))
        }
        let report = HTMLReport(title: "GradLab: the reports in gradlab-output", subtitle: "Each command writes into its own folder; newest first.",
                                sections: [.init(heading: "Reports", blocks: links.isEmpty ? [.paragraph("No reports yet.")] : [.links(links)])])
        return try OutputFolder(path: root).write(report.render(), to: "index.html")
    }
}

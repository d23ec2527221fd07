#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// The folder a command writes its files into (`--out`, default `gradlab-output/COMMAND`, see
/// ``OutputIndex``).
///
/// **Whole files only.** Every file is written under a temporary name in the same folder
/// (`.index.html.gradlab-partial-PID-N`), flushed to disk, and then renamed over the old one.
/// A rename within one folder replaces the old file in one step, so a reader (or the next run)
/// sees either the previous file or the new one, never half of each: a run that fails or is
/// interrupted while writing leaves the previous report intact. Commands write their report
/// last, after the charts and CSVs it summarises.
///
/// **Checked first.** ``check(_:)`` runs before any work (the runner calls it for every command
/// with `--out`), so a long job never fails at the end for want of a folder: a missing parent, a
/// file in the folder's place, or a folder we may not write in is an error naming the path.
struct OutputFolder {
    /// The folder.
    let url: URL

    /// Checks the folder (see ``check(_:)``) and creates it if it is missing.
    ///
    /// - Throws: `CommandError` naming the path and what is wrong with it.
    init(path: String) throws(CommandError) {
        try Self.check(path)
        url = URL(fileURLWithPath: path, isDirectory: true)
        guard !Self.isDirectory(url.path) else { return }
        do {
            // Only the last component is created (and gradlab-output/ above a command's default
            // folder): check(_:) has made sure the parent exists or is that root.
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: Self.isUnderMissingDefaultRoot(url))
        } catch {
            // Another process may have made it in the meantime; then it is there, as wanted.
            guard Self.isDirectory(url.path) else {
                throw CommandError("--out '\(path)': cannot create the folder: \(error.localizedDescription)")
            }
        }
    }

    /// Checks, without creating anything, that `path` is a folder GradLab can write in, or can
    /// be created as one: its parent exists, is a folder, and is writable.
    ///
    /// Writability is tested by creating (and removing) an empty file, which is the only test
    /// that tells the truth everywhere: `access(2)` answers yes to root on a read-only folder
    /// such as `/sys`, and knows nothing of some network file systems.
    ///
    /// - Throws: `CommandError` naming the path: an empty name, a file where the folder should
    ///   be, a missing parent (or a file in its place), no permission to write.
    static func check(_ path: String) throws(CommandError) {
        guard !path.isEmpty else { throw CommandError("--out '': give a folder for the output, e.g. --out gradlab-output") }
        let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) {
            guard isDirectory(url.path) else {
                throw CommandError("--out '\(path)' is a file, not a folder; give a folder for the output (it is created if missing)")
            }
            try checkWritable(url.path, path: path)
            return
        }
        let parent = url.deletingLastPathComponent().path
        if isUnderMissingDefaultRoot(url) {
            // gradlab-output/COMMAND: the root is made with the folder.
            try check(OutputIndex.root)
            return
        }
        guard FileManager.default.fileExists(atPath: parent) else {
            throw CommandError("--out '\(path)': the folder '\(parent)' does not exist; create it first, or choose another --out")
        }
        guard isDirectory(parent) else {
            throw CommandError("--out '\(path)': '\(parent)' is a file, not a folder")
        }
        try checkWritable(parent, path: path)
    }

    /// Writes `text` to `name` inside the folder, whole: to a temporary file in the same folder,
    /// flushed, then renamed over `name`. Returns the file's path.
    ///
    /// - Throws: `CommandError` naming the file and the system's reason; the temporary file is
    ///   removed and any previous `name` is left as it was.
    @discardableResult
    func write(_ text: String, to name: String) throws(CommandError) -> String {
        try write(Array(text.utf8), to: name)
    }

    /// Writes `bytes` (a PNG picture) to `name` inside the folder, whole, as `write(_:to:)` writes text.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws(CommandError) -> String {
        let target = url.appendingPathComponent(name).path
        let temporary = url.appendingPathComponent(Self.temporaryName(for: name)).path
        do throws(SystemError) {
            try Self.writeWhole(bytes, to: temporary)
            guard rename(temporary, target) == 0 else { throw SystemError.current }
        } catch {
            // The temporary file must not outlive a failure; the error that matters is the first.
            unlink(temporary)
            throw CommandError("cannot write '\(target)': \(error.reason)")
        }
        return target
    }

    /// The temporary name `name` is written under before the rename: hidden, in the same folder
    /// (a rename across file systems would be a copy, not one step), unique to this process and
    /// call, and recognisable if a killed process leaves one behind.
    static func temporaryName(for name: String) -> String {
        ".\(name).gradlab-partial-\(getpid())-\(temporaryCounter.next())"
    }

    // MARK: System calls

    /// An `errno` and its text, from a failed system call.
    struct SystemError: Error {
        /// The text `strerror` gives, e.g. "Permission denied".
        var reason: String

        /// The error the last failed call left in `errno`.
        static var current: SystemError { SystemError(reason: String(cString: strerror(errno))) }
    }

    /// Creates `path` (which must not exist), writes all of `bytes`, flushes them to the disk and
    /// closes the file.
    private static func writeWhole(_ bytes: [UInt8], to path: String) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemError.current }
        var failure: SystemError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }  // a signal arrived; nothing was written
                    failure = .current
                    return
                }
                offset += written
            }
        }
        // fsync before the rename: otherwise a crash of the machine could leave the new name
        // pointing at a file whose data never reached the disk.
        if failure == nil && fsync(descriptor) != 0 { failure = .current }
        if close(descriptor) != 0 && failure == nil { failure = .current }
        if let failure { throw failure }
    }

    /// Checks, before any work, that a model can be saved at `path` (`--save FILE`): its folder
    /// exists and is writable. A long training must not fail at its end for want of a folder.
    ///
    /// - Throws: `CommandError` naming the file and its folder.
    static func checkSaveDestination(_ path: String) throws(CommandError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard isDirectory(folder) else {
            throw CommandError("--save '\(path)': the folder '\(folder)' does not exist; create it first")
        }
        try checkWritable(folder, path: path, option: "save")
    }

    /// Creates and removes an empty file in `folder` to prove that files can be written there.
    private static func checkWritable(_ folder: String, path: String, option: String = "out") throws(CommandError) {
        let probe = URL(fileURLWithPath: folder).appendingPathComponent(temporaryName(for: "write-check")).path
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = SystemError.current.reason
            throw CommandError("--\(option) '\(path)': cannot write in '\(folder)' (\(reason)); choose another --\(option)")
        }
        close(descriptor)
        unlink(probe)
    }

    /// Whether `url` is a folder directly under `gradlab-output/` (a command's default folder)
    /// while that root does not exist yet.
    private static func isUnderMissingDefaultRoot(_ url: URL) -> Bool {
        let root = URL(fileURLWithPath: OutputIndex.root, isDirectory: true).standardizedFileURL
        return url.standardizedFileURL.deletingLastPathComponent().path == root.path
            && !FileManager.default.fileExists(atPath: root.path)
    }

    /// Whether `path` exists and is a folder (following symbolic links).
    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Numbers the temporary files of this process, so two writes never share a name.
    private static let temporaryCounter = Counter()

    /// A thread-safe counter (commands may write from more than one thread).
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        /// The next number: 1, 2, 3, …
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

/// `write(2)`, named apart from ``OutputFolder/write(_:to:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, bytes, count)
    #elseif canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Musl.write(descriptor, bytes, count)
    #endif
}

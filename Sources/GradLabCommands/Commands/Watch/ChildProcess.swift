import Foundation

/// Runs another program to completion and collects what it printed: how `watch` runs
/// `swift build` and the freshly built `gradlab check` (a new process, so that it contains the
/// student's latest code).
struct ChildProcess {
    /// What a finished program left.
    struct Result: Sendable {
        /// The exit status.
        var status: Int32
        /// Its standard output.
        var output: String
        /// Its standard error.
        var errorOutput: String
        /// How long it ran, in seconds.
        var seconds: Double
    }

    /// Runs `arguments` (looked up on the PATH, as a shell would) in `folder` and waits for it.
    ///
    /// Output goes to temporary files rather than pipes: a pipe that nobody reads fills up and
    /// stalls a chatty compiler.
    ///
    /// - Throws: `CommandError` if the program cannot be started.
    static func run(_ arguments: [String], in folder: URL) throws -> Result {
        let temporary = FileManager.default.temporaryDirectory
        let outURL = temporary.appendingPathComponent("gradlab-watch-\(UUID().uuidString).out")
        let errURL = temporary.appendingPathComponent("gradlab-watch-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try process.run()
        } catch {
            throw CommandError("cannot run '\(arguments.joined(separator: " "))': \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let elapsed = clock.now - start
        let read: (URL) -> String = { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        return Result(status: process.terminationStatus, output: read(outURL), errorOutput: read(errURL),
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

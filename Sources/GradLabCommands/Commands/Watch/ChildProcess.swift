import Foundation

/// Runs another program to completion and collects what it printed: how `watch` runs
/// `swift build` and the freshly built `gradlab check` (a new process, so that it contains the
/// student's latest code), and how `check` runs each exercise apart (so that a crash or an
/// endless loop in a student's code is that exercise's failure, not the runner's).
struct ChildProcess {
    /// What a finished program left.
    struct Result: Sendable {
        /// The exit status, or the number of the signal that ended it (see `signalled`).
        var status: Int32
        /// Its standard output.
        var output: String
        /// Its standard error.
        var errorOutput: String
        /// How long it ran, in seconds.
        var seconds: Double
        /// Whether a signal ended it (a trap, a crash), `status` being the signal's number.
        var signalled = false
        /// Whether it was stopped for running past its time limit.
        var timedOut = false
    }

    /// Runs `arguments` (looked up on the PATH, as a shell would) in `folder` and waits for it,
    /// or, given a time limit, until that has passed, when the program is killed.
    ///
    /// Output goes to temporary files rather than pipes: a pipe that nobody reads fills up and
    /// stalls a chatty compiler.
    ///
    /// - Parameters:
    ///   - environment: variables to set for the program on top of this process's own.
    ///   - timeLimit: seconds after which the program is killed and `timedOut` set; `nil` waits.
    /// - Throws: `CommandError` if the program cannot be started.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:],
                    timeLimit: Double? = nil) throws -> Result {
        let temporary = FileManager.default.temporaryDirectory
        let outURL = temporary.appendingPathComponent("gradlab-child-\(UUID().uuidString).out")
        let errURL = temporary.appendingPathComponent("gradlab-child-\(UUID().uuidString).err")
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
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try process.run()
        } catch {
            throw CommandError("cannot run '\(arguments.joined(separator: " "))': \(error.localizedDescription)")
        }
        var timedOut = false
        if let timeLimit {
            if finished.wait(timeout: .now() + timeLimit) == .timedOut {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        } else {
            finished.wait()
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let elapsed = clock.now - start
        let read: (URL) -> String = { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        return Result(status: process.terminationStatus, output: read(outURL), errorOutput: read(errURL),
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                      signalled: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }
}

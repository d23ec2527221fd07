#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// Where a command's words go: results to standard output, progress and errors to standard
/// error. Tests capture both by passing their own closures.
public struct Console: Sendable {
    /// Writes to standard output (results, tables, JSON).
    public var write: @Sendable (String) -> Void
    /// Writes to standard error (progress, warnings, errors).
    public var writeError: @Sendable (String) -> Void
    /// Whether standard error is a terminal, so a live progress bar makes sense.
    public var isInteractive: Bool
    /// Whether the user asked the command to stop (Ctrl-C, through ``Interrupts``): long
    /// commands ask before each iteration or step, then write what they have and throw
    /// ``CommandInterrupted``. Tests pass a closure that says yes after a few calls.
    public var shouldStop: @Sendable () -> Bool

    /// Creates a console from its two writers and, optionally, the stop request.
    public init(write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
                isInteractive: Bool = false, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.write = write
        self.writeError = writeError
        self.isInteractive = isInteractive
        self.shouldStop = shouldStop
    }

    /// The process's real standard output and error.
    public static var standard: Console {
        Console(write: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
                writeError: { text in FileHandle.standardError.write(Data(text.utf8)) },
                isInteractive: isatty(STDERR_FILENO) != 0)
    }

    /// Writes a line to standard output.
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes a line to standard error.
    public func errorLine(_ text: String) { writeError(text + "\n") }
}

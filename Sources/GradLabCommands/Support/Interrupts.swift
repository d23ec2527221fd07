#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Foundation

/// Ctrl-C (SIGINT) for the `gradlab` executable: the first press asks the running command to
/// stop at its next iteration, write what it has recorded (marked as interrupted) and exit with
/// 130; a second press quits at once.
///
/// Commands never see the signal, only ``Console/shouldStop``, which the executable wires to
/// ``isRequested``: the library's trainer asks it before every iteration
/// (`TrainingConfiguration.shouldStop`), and tests drive the same path with a closure of their own.
///
/// Until a command first asks ``isRequested`` (it has entered a loop that can stop cleanly),
/// Ctrl-C quits at once, as it would without this handler: loading data or a short command has
/// nothing to save.
///
/// The signal is received through a Dispatch source, not a C handler: the event handler runs on
/// an ordinary queue, where taking a lock and writing a message are safe.
public final class Interrupts: @unchecked Sendable {
    private let lock = NSLock()
    private var presses = 0
    private var isListened = false
    private var source: (any DispatchSourceSignal)?

    private init() {}

    /// Installs the handler for SIGINT and returns it; call once, from the executable.
    public static func install() -> Interrupts {
        let interrupts = Interrupts()
        // Dispatch can only watch a signal whose default action (ending the process) is off.
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [interrupts] in interrupts.received() }
        interrupts.source = source
        source.resume()
        return interrupts
    }

    /// Whether Ctrl-C was pressed. The first call also tells the handler that a command is
    /// listening, so from then on Ctrl-C waits for the command to stop cleanly.
    public var isRequested: Bool {
        lock.withLock {
            isListened = true
            return presses > 0
        }
    }

    /// One SIGINT: the first one a listening command sees, any other ends the process.
    private func received() {
        let (count, listened) = lock.withLock {
            presses += 1
            return (presses, isListened)
        }
        if count == 1 && listened {
            Self.say("\ninterrupted: stopping after the current step and writing what was recorded (Ctrl-C again quits at once)\n")
            return
        }
        // _exit, not exit: other threads are still running, and atexit handlers must not race
        // them. Files written so far are whole (OutputFolder renames complete files only).
        Self.say(count == 1 ? "\ninterrupted\n" : "\ninterrupted again: quitting at once\n")
        _exit(130)
    }

    /// Writes `text` to standard error directly (no buffer that an _exit would lose).
    private static func say(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { systemWriteError($0.baseAddress!, $0.count) }
    }
}

/// `write(2)` to standard error.
private func systemWriteError(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(STDERR_FILENO, bytes, count)
    #elseif canImport(Glibc)
    Glibc.write(STDERR_FILENO, bytes, count)
    #else
    Musl.write(STDERR_FILENO, bytes, count)
    #endif
}

/// Thrown by a command that stopped early because Ctrl-C asked it to, after writing what it
/// had recorded. The runner prints the message (where the command stopped, where the files are)
/// and exits with 130, the status shells expect of a program ended by SIGINT.
public struct CommandInterrupted: Error, CustomStringConvertible, Sendable {
    /// Where the command stopped and what it wrote.
    public var description: String

    /// Creates the error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

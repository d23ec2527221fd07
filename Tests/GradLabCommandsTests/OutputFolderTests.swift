// Whole files only: every file goes to a temporary name in its folder and is renamed into place,
// and the folder is checked before any work. Expected messages are written out in full.

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import GradLabCommands

@Suite("Output folder: whole files, checked first", .serialized)
struct OutputFolderTests {
    /// The names in `folder`, hidden ones included, sorted.
    static func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// The message of the `CommandError` that `body` throws, or `nil` (recording an issue).
    static func message(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            try body()
            Issue.record("expected a CommandError, nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as CommandError {
            return error.description
        } catch {
            Issue.record("expected a CommandError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    // MARK: Writing

    @Test func writesWholeFilesAndLeavesNoTemporaryFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try OutputFolder(path: folder.path)
        let path = try output.write("first\n", to: "report.txt")
        #expect(path == folder.appendingPathComponent("report.txt").path)
        try output.write("second, longer\n", to: "report.txt")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer\n")
        #expect(try Self.contents(folder) == ["report.txt"])
    }

    @Test func temporaryNamesAreHiddenInTheSameFolderAndUnique() {
        let first = OutputFolder.temporaryName(for: "index.html")
        let second = OutputFolder.temporaryName(for: "index.html")
        #expect(first.hasPrefix(".index.html.gradlab-partial-\(getpid())-"))
        #expect(!first.contains("/"))  // a name, not a path: it is created next to the target
        #expect(first != second)
    }

    /// A rename that fails (the target is a folder) leaves neither the temporary file nor any
    /// change to the other files.
    @Test func aFailedWriteLeavesThePreviousFilesAndNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try OutputFolder(path: folder.path)
        try output.write("old report\n", to: "index.html")
        let blocked = folder.appendingPathComponent("loss.svg")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let message = Self.message { try output.write("<svg/>", to: "loss.svg") }
        #expect(message == "cannot write '\(blocked.path)': Is a directory")
        #expect(try String(contentsOfFile: folder.appendingPathComponent("index.html").path, encoding: .utf8) == "old report\n")
        #expect(try Self.contents(folder) == ["index.html", "loss.svg"])
    }

    // MARK: Checked before any work

    @Test func createsAMissingFolderWhoseParentExists() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inside = folder.appendingPathComponent("run-1")
        try OutputFolder.check(inside.path)
        #expect(!FileManager.default.fileExists(atPath: inside.path), "check creates nothing")
        _ = try OutputFolder(path: inside.path)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: inside.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try Self.contents(folder) == ["run-1"], "the write check leaves no file behind")
    }

    @Test func rejectsAnEmptyNameAFileAndAMissingParent() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.message { try OutputFolder.check("") } == "--out '': give a folder for the output, e.g. --out gradlab-output")

        let file = folder.appendingPathComponent("notes.txt")
        try Data("x".utf8).write(to: file)
        #expect(Self.message { try OutputFolder.check(file.path) }
                == "--out '\(file.path)' is a file, not a folder; give a folder for the output (it is created if missing)")

        let deep = folder.appendingPathComponent("missing/deeper")
        #expect(Self.message { try OutputFolder.check(deep.path) }
                == "--out '\(deep.path)': the folder '\(folder.path)/missing' does not exist; create it first, or choose another --out")

        let underFile = file.appendingPathComponent("out")
        #expect(Self.message { try OutputFolder.check(underFile.path) } == "--out '\(underFile.path)': '\(file.path)' is a file, not a folder")
        #expect(try Self.contents(folder) == ["notes.txt"])
    }

    /// A folder without write permission. Root may write anywhere chmod forbids, so as root
    /// (on Linux) the test uses /sys, which refuses new files even to root.
    @Test func rejectsAFolderWithoutWritePermission() throws {
        let folder = try temporaryFolder()
        defer {
            chmod(folder.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        let unwritable: String
        if geteuid() != 0 {
            chmod(folder.path, 0o555)
            unwritable = folder.path
        } else {
            #if os(Linux)
            unwritable = "/sys"
            #else
            return  // root on macOS: no folder refuses root's files
            #endif
        }
        #expect(Self.message { try OutputFolder.check(unwritable) }
                == "--out '\(unwritable)': cannot write in '\(unwritable)' (Permission denied); choose another --out")
        let inside = unwritable + "/gradlab-out"
        #expect(Self.message { _ = try OutputFolder(path: inside) }
                == "--out '\(inside)': cannot write in '\(unwritable)' (Permission denied); choose another --out")
    }

    // MARK: Through the commands

    /// The folder is checked before the data is loaded or anything is printed.
    @Test func commandsStopBeforeAnyWorkOnABadFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no/such/folder").path
        for command in [["train"], ["gradcheck", "--random"], ["speed"], ["bench"], ["derivative"], ["descent"], ["main"]] {
            let (status, output) = runGradLab(command + ["--out", missing])
            #expect(status == 1, "\(command)")
            #expect(output.standardError
                    == "error: --out '\(missing)': the folder '\(folder.path)/no/such' does not exist; create it first, or choose another --out\n",
                    "\(command)")
            #expect(output.standardOutput.isEmpty, "\(command)")
        }
    }

    /// A bad value is a usage mistake (exit 2) even with a bad folder: every option is read
    /// before the folder is checked (or, for the default folder, probed in the current one).
    @Test func usageMistakesComeBeforeTheFolderCheck() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no/such").path
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "0", "--out", missing])
        #expect(status == 2)
        #expect(output.standardError == "error: --inputs: 0 is out of range; give a value from 1 to 100000, for example --inputs 784\n")
    }

    /// A run that fails while writing leaves the previous report as it was, and no partial files.
    @Test func aRunThatFailsWhileWritingKeepsThePreviousReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data"), out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try writeTinyDataSet(to: data)
        let arguments = ["train", "--data", data.path, "--hidden", "4", "--batch", "10", "--iterations", "20", "--out", out.path]
        let first = runGradLab(arguments)
        #expect(first.status == 0, "\(first.output.standardError)")
        let report = out.appendingPathComponent("index.html")
        let previous = try Data(contentsOf: report)

        // accuracy.svg is written after the CSVs and before the report: make it impossible.
        let blocked = out.appendingPathComponent("accuracy.svg")
        try FileManager.default.removeItem(at: blocked)
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let second = runGradLab(arguments + ["--seed", "7"])
        #expect(second.status == 1)
        #expect(second.output.standardError.hasSuffix("error: cannot write '\(blocked.path)': Is a directory\n"))
        #expect(try Data(contentsOf: report) == previous)
        #expect(try Self.contents(out).filter { $0.contains("gradlab-partial") }.isEmpty)
    }
}

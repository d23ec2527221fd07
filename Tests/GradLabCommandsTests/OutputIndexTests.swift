import Foundation
import Testing
@testable import GradLabCommands

/// Without `--out`, each command writes into its own folder under gradlab-output/, kept whole,
/// and gradlab-output/index.html lists them, newest first. Run through the `gradlab` executable
/// in a temporary folder (the default folder is relative to the current one, which a test must
/// not change in its own process).
@Suite("Output index: a folder per command, never overwritten")
struct OutputIndexTests {
    /// Runs the built `gradlab` in `folder`; nil (and an issue) when there is no executable.
    static func gradlab(_ arguments: [String], in folder: URL) throws -> ChildProcess.Result? {
        guard let executable = ExerciseRunner.gradlabExecutable else {
            Issue.record("no gradlab executable beside the tests")
            return nil
        }
        return try ChildProcess.run([executable] + arguments, in: folder, timeLimit: 120)
    }

    @Test func reportsNeverOverwriteEachOtherAndTheIndexListsThemNewestFirst() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: false)
        try writeTinyDataSet(to: data)
        let output = folder.appendingPathComponent("gradlab-output")
        let tiny = ["--data", data.path, "--hidden", "6", "--batch", "10"]

        guard let main = try Self.gradlab(["main"] + tiny + ["--iterations", "12", "--train-size", "40", "--budget", "60"], in: folder)
        else { return }
        #expect(main.status == 0, "\(main.errorOutput)")
        let mainReport = try Data(contentsOf: output.appendingPathComponent("main/index.html"))
        Thread.sleep(forTimeInterval: 1.1)  // the index shows seconds: one apart, the order is plain
        let derivative = try #require(try Self.gradlab(["derivative"], in: folder))
        #expect(derivative.status == 0, "\(derivative.errorOutput)")
        Thread.sleep(forTimeInterval: 1.1)
        let train = try #require(try Self.gradlab(["train"] + tiny + ["--iterations", "8"], in: folder))
        #expect(train.status == 0, "\(train.errorOutput)")

        // All three reports are there, main's unchanged.
        #expect(try Data(contentsOf: output.appendingPathComponent("main/index.html")) == mainReport)
        for file in ["main/index.html", "main/gradcheck.csv", "derivative/derivative.html", "train/index.html", "train/loss.csv"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
        // The index links each, newest first.
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        let links = index.split(separator: "\n").filter { $0.hasPrefix("<li><a href=") }
        #expect(links.map { $0.split(separator: "\"")[1] } == ["train/index.html", "derivative/", "main/index.html"])
        #expect(links.first?.contains("GradLab: training run") == true)
    }

    @Test func aCommandsFolderIsWrittenWholeAndAFailedRunKeepsIt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let derivativeFolder = folder.appendingPathComponent("gradlab-output/derivative")
        guard let first = try Self.gradlab(["derivative"], in: folder) else { return }
        #expect(first.status == 0, "\(first.errorOutput)")
        // A file of an earlier run that the next run does not write again goes.
        let stale = derivativeFolder.appendingPathComponent("derivative-cos.svg")
        try "old".write(to: stale, atomically: true, encoding: .utf8)
        let second = try #require(try Self.gradlab(["derivative"], in: folder))
        #expect(second.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: derivativeFolder.path).sorted()
                == ["derivative.csv", "derivative.html", "derivative.svg"])
        // A run that fails before writing keeps everything.
        try "old".write(to: stale, atomically: true, encoding: .utf8)
        let failed = try #require(try Self.gradlab(["train", "--data", folder.appendingPathComponent("missing").path], in: folder))
        #expect(failed.status == 1)
        #expect(FileManager.default.fileExists(atPath: stale.path))
        // An explicit --out is never cleaned.
        let mine = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: false)
        try "notes".write(to: mine.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        _ = try Self.gradlab(["derivative", "--out", mine.path], in: folder)
        #expect(FileManager.default.fileExists(atPath: mine.appendingPathComponent("notes.txt").path))
    }

    @Test func theTitleIsReadFromAReport() {
        #expect(OutputIndex.title(ofHTML: "<head><title>GradLab: a &amp; b</title></head>") == "GradLab: a & b")
        #expect(OutputIndex.title(ofHTML: "<p>no title</p>") == nil)
        #expect(OutputIndex.folder(nil, command: "train") == "gradlab-output/train")
        #expect(OutputIndex.folder("elsewhere", command: "train") == "elsewhere")
    }
}

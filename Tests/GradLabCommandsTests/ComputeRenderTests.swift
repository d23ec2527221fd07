// Commands compute a result without printing or writing, and render it separately: these
// tests call the two halves directly.

import Foundation
import Testing
@testable import GradLabCommands

@Suite("Compute, then render", .serialized)
struct ComputeRenderTests {
    @Test func trainComputesWithoutWritingThenRenders() throws {
        let data = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        try writeTinyDataSet(to: data)
        let out = data.appendingPathComponent("out")
        let arguments = try ArgumentParser.parse(["--data", data.path, "--hidden", "8", "--batch", "10",
                                                  "--epochs", "2", "--learning-rate", "2", "--out", out.path],
                                                 for: TrainCommand.definition)
        let settings = try TrainCommand.Settings(arguments)
        let setup = try TrainCommand.prepare(settings)
        // 80 images in shuffled batches of 10: 8 iterations per epoch.
        #expect(setup.configuration.iterations == 16 && setup.configuration.sampling == .shuffle)
        var evaluations = 0
        let result = try TrainCommand.train(setup) { if case .evaluation = $0 { evaluations += 1 } }
        #expect(evaluations == result.history.epochs.count && evaluations > 0)
        #expect(!FileManager.default.fileExists(atPath: out.path), "computing wrote the output folder")

        let text = TrainCommand.text(result, report: "REPORT")
        #expect(text.contains("final: train accuracy") && text.hasSuffix("report: REPORT\n"))
        #expect(TrainCommand.json(result, report: "REPORT")["iterations"] == .integer(16))
        let report = try TrainCommand.write(result, settings: settings, to: OutputFolder(path: out.path))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("--epochs 2") && html.contains("--network") == false)
    }

    @Test func trainSettingsRejectConflictsBeforeLoadingData() throws {
        let conflicts = [["--epochs", "2", "--iterations", "5"], ["--network", "affine 5, relu, affine 10", "--hidden", "8"]]
        for words in conflicts {
            // A --data folder that does not exist: the conflict is found before it is looked at.
            let arguments = try ArgumentParser.parse(words + ["--data", "/nonexistent"], for: TrainCommand.definition)
            #expect(throws: UsageError.self) { try TrainCommand.Settings(arguments) }
        }
    }

    @Test func trainSizeBeyondTheDataNamesTheOption() throws {
        let data = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        try writeTinyDataSet(to: data)
        for size in ["0", "81"] {
            let (status, output) = runGradLab(["train", "--data", data.path, "--train-size", size, "--out", data.path])
            #expect(status == 2)
            #expect(output.standardError.contains(
                "--train-size: \(size) is out of range; give a value from 1 to 80, for example --train-size 80"))
        }
    }

    @Test func derivativeStudyRendersTextAndJSON() throws {
        let result = DerivativeCommand.study(DerivativeCommand.examples[0], at: 1)
        #expect(result.exact == cos(1.0))
        let files = DerivativeCommand.Files(chart: "CHART", report: "REPORT")
        let text = DerivativeCommand.text(result, files)
        #expect(text.hasPrefix("Step-size study: f(x) = sin x, x = 1.0") && text.hasSuffix("chart: CHART\nreport: REPORT\n"))
        let json = DerivativeCommand.json(result, files)
        #expect(json["function"] == "sin" && json["chart"] == "CHART")
    }

    @Test func checkSelectsThenRenders() throws {
        #expect(throws: CommandError.self) { try CheckCommand.exercises(id: "no-such-exercise") }
        let all = try CheckCommand.exercises(id: nil)
        let result = CheckCommand.check(all)
        #expect(result.checks.count == all.count)
        #expect(CheckCommand.text(result).components(separatedBy: "\n\n").count == all.count)
        // One row per exercise under the header (a detail may span lines, quoted).
        let csv = CheckCommand.csv(result)
        #expect(csv.split(separator: "\n").count == all.count + 1 + result.checks.map { $0.outcome.detail.filter { $0 == "\n" }.count }.reduce(0, +))
        #expect(csv.hasPrefix("id,status,detail\n\(all[0].id),"))
    }
}

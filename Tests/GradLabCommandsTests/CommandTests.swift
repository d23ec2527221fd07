import Foundation
import Testing
@testable import GradLabCommands

/// The commands run end to end on tiny data, checking exit status, messages and the JSON shape.
@Suite("gradlab commands", .serialized)
struct CommandTests {
    @Test func unknownCommandSuggestsTheClosest() {
        let (status, output) = runGradLab(["trian"])
        #expect(status == 2)
        #expect(output.standardError.contains("unknown command 'trian'"))
        #expect(output.standardError.contains("did you mean 'train'?"))
    }

    @Test func usageMistakesExitWithTwoAndSayWhatToType() {
        let unknown = runGradLab(["train", "--lerning-rate", "0.1"])
        #expect(unknown.status == 2)
        #expect(unknown.output.standardError.contains("--learning-rate"))
        let missing = runGradLab(["train", "--batch"])
        #expect(missing.status == 2)
        #expect(missing.output.standardError.contains("--batch"))
        let bad = runGradLab(["train", "--batch", "ten"])
        #expect(bad.status == 2)
        #expect(bad.output.standardError.contains("ten"))
        let choice = runGradLab(["gradcheck", "--activation", "softsign"])
        #expect(choice.status == 2)
        #expect(choice.output.standardError.contains("sigmoid"))
    }

    @Test func helpShowsEveryCommandAndDefaults() {
        let (status, output) = runGradLab(["--help"])
        #expect(status == 0)
        for name in ["gradcheck", "train", "derivative", "descent", "speed", "bench", "check"] {
            #expect(output.standardOutput.contains(name))
        }
        let train = runGradLab(["train", "--help"])
        #expect(train.status == 0)
        #expect(train.output.standardOutput.contains("--learning-rate"))
        #expect(train.output.standardOutput.contains("10000"))
    }

    @Test func missingDataFolderIsNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["train", "--data", "/nonexistent/mnist", "--iterations", "1", "--out", folder.path])
        #expect(status == 1)
        #expect(output.standardError.contains("/nonexistent/mnist"))
        let empty = runGradLab(["train", "--data", folder.path, "--iterations", "1", "--out", folder.path])
        #expect(empty.status == 1)
        #expect(empty.output.standardError.contains("train-images-idx3-ubyte"))
    }

    @Test func gradcheckJSONOnRandomInputs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "12", "--hidden", "5", "--batch", "2",
                                           "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["W1", "b1", "W2", "b2"])
        for parameter in parameters {
            #expect(parameter["verdict"] as? String == "good")
            #expect((parameter["normRelError"] as? Double ?? 1) < 1e-7)
            #expect(parameter["meanAbsDiff"] is Double)
            #expect(parameter["worst"] is [Int] || parameter["worst"] is NSNull)
        }
        #expect(json["numericSeconds"] is Double && json["backpropSeconds"] is Double)
        // The step-free check: backprop is right, so the Taylor remainder falls with slope 2.
        #expect(abs((json["taylorSlope"] as? Double ?? 0) - 2) < 0.1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("gradcheck.csv").path))
    }

    @Test func trainJSONOnTinyData() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["train", "--data", folder.path, "--hidden", "8", "--batch", "10",
                                           "--iterations", "40", "--learning-rate", "2", "--init", "xavier", "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let epochs = try #require(json["epochs"] as? [[String: Any]])
        // 80 images / batch 10 = 8 iterations per epoch: evaluations at 0, 8, …, 32 and the last, 39.
        #expect(epochs.map { $0["iteration"] as? Int } == [0, 8, 16, 24, 32, 39])
        #expect(json["finalTrainAccuracy"] is Double && json["finalTestAccuracy"] is Double && json["seconds"] is Double)
        // The bright row gives the label away: 40 steps learn most of it.
        #expect((json["finalTestAccuracy"] as? Double ?? 0) > 0.5)
        for file in ["loss.csv", "accuracy.csv", "loss.svg", "accuracy.svg", "index.html"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
    }

    /// 4 iterations of an 8-iteration epoch are half an epoch, not "epoch 1": in the terminal's
    /// lines and in the report's table.
    @Test func aShortRunIsLabelledInEpochsDone() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["train", "--data", folder.path, "--hidden", "8", "--batch", "10",
                                           "--iterations", "4", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix("    0") || $0.hasPrefix(" 0.50") }
        #expect(lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["0 0", "0.50 3"])
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<tr><td class=\"num\">0.50</td><td class=\"num\">3</td>"))
        #expect(!html.contains("<tr><td class=\"num\">1</td>"))
    }

    @Test func epochLabelsCountEpochsDone() {
        // Evaluations at 0, E, 2E, … are epochs 0, 1, 2; a last one in between says how far.
        #expect(TrainingCharts.epochLabel(iteration: 0, iterationsPerEpoch: 600) == "0")
        #expect(TrainingCharts.epochLabel(iteration: 19, iterationsPerEpoch: 600) == "0.03")   // 20/600
        #expect(TrainingCharts.epochLabel(iteration: 600, iterationsPerEpoch: 600) == "1")
        #expect(TrainingCharts.epochLabel(iteration: 1000, iterationsPerEpoch: 600) == "1.67") // 1001/600
        #expect(TrainingCharts.epochLabel(iteration: 2344, iterationsPerEpoch: 469) == "5")    // 2345 = 5 × 469
    }

    @Test func divergenceStopsWithAClearMessage() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["train", "--data", folder.path, "--hidden", "8", "--batch", "10",
                                           "--iterations", "200", "--learning-rate", "1e300", "--activation", "relu", "--out", folder.path])
        #expect(status == 1)
        #expect(output.standardError.contains("diverged"))
        #expect(output.standardError.contains("--learning-rate"))
    }

    @Test func mainJobJSONOnTinyData() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["--data", folder.path, "--hidden", "6", "--batch", "10", "--iterations", "30",
                                           "--train-size", "80", "--budget", "60", "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        for key in ["numericSeconds", "backpropSeconds", "speedRatio", "maxLossDifference", "maxAccuracyDifference"] {
            #expect(json[key] is Double, "\(key)")
        }
        // Same weights, same batches: the runs agree to round-off of the central difference.
        #expect((json["maxLossDifference"] as? Double ?? 1) < 1e-6)
        #expect((json["maxAccuracyDifference"] as? Double ?? 1) == 0)
        let report = try #require(json["report"] as? String)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script"))
    }

    /// The report says what the terminal says: which training images, the step-free check, and
    /// the "(partial)" of the incremental method's loss evaluations.
    @Test func mainJobReportSaysWhatTheTerminalSays() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["--data", folder.path, "--hidden", "6", "--batch", "10", "--iterations", "12",
                                           "--train-size", "40", "--budget", "60", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let text = output.standardOutput
        // 40 of the 80 images, batch 10: an epoch is 4 iterations.
        let images = "Step 3 trains on the first 40 of the 80 training images (--train-size): an epoch is then 4 iterations of 10, "
            + "so accuracy is measured every 4 iterations, each time on 40 training images rather than 80."
        #expect(text.contains(images))
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains(images))
        let taylor = try #require(text.split(separator: "\n").first { $0.hasPrefix("step-free check: the Taylor remainder") })
        #expect(html.contains("S" + taylor.dropFirst() + "."))
        #expect(text.contains("(partial)") && html.contains("(partial)"))
    }

    @Test func derivativeJSONHasTheV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["derivative", "--json", "--out", folder.path])
        #expect(status == 0)
        let json = try parseJSON(output.standardOutput)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 31)
        #expect(json["forwardWithTinyStep"] as? Double == 0)
        let best = try #require((json["bestSteps"] as? [String: Any])?["central"] as? [String: Any])
        // sin at 1: the central difference's best step is near ε^(1/3) ≈ 6e-6.
        #expect((1e-7...1e-4).contains(best["h"] as? Double ?? 0))
    }

    /// Where the central difference and the complex step coincide (for large h both errors are
    /// h²·|f‴|/6), both stay visible and the legends say from which h.
    @Test func coincidingCurvesStayVisibleAndTheLegendSaysSo() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["derivative", "--json", "--out", folder.path])
        #expect(status == 0)
        let json = try parseJSON(output.standardOutput)
        let rows = try #require(json["rows"] as? [[String: Any]])
        let complex = try #require(json["complexStep"] as? [[String: Any]])
        // Independently: from the largest h down, the last h where the two errors are within 10 %.
        var from: Double?
        for (row, step) in zip(rows, complex) {
            let (central, error) = (try #require(row["central"] as? Double), try #require(step["error"] as? Double))
            guard abs(central / error - 1) <= 0.1 else { break }
            from = try #require(row["h"] as? Double)
        }
        let h = try #require(from)
        #expect(h < 1e-3 && h > 1e-8, "they coincide over several decades: from \(h)")
        let shown = String(format: "%.1e", h)  // 3.2e-05
        let svg = try String(contentsOf: folder.appendingPathComponent("derivative.svg"), encoding: .utf8)
        #expect(svg.contains("complex step (pale band; central runs on it for h ≥ \(shown))"))
        let text = runGradLab(["derivative", "--out", folder.path]).output.standardOutput
        #expect(text.contains("complex step (= central for h ≥ \(shown))"))
    }

    @Test func descentJSONReachesTheMinima() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["descent", "--json", "--out", folder.path])
        #expect(status == 0)
        let json = try parseJSON(output.standardOutput)
        let book = try #require(json["book"] as? [[String: Any]])
        let end = try #require(book.first?["end"] as? [Double])
        // 0.8¹⁰⁰ · (−3, 4).
        #expect(abs(end[0] - -3 * pow(0.8, 100)) < 1e-15 && abs(end[1] - 4 * pow(0.8, 100)) < 1e-15)
        let surfaces = try #require(json["surfaces"] as? [[String: Any]])
        let himmelblau = try #require(surfaces.last?["runs"] as? [[String: Any]])
        let good = himmelblau.filter { $0["label"] as? String == "good" }
        // Himmelblau's four minima, one per starting point, all with f = 0.
        #expect(good.count == 4)
        for run in good { #expect((run["value"] as? Double ?? 1) < 1e-8) }
    }

    @Test func checkJSONListsEveryExercise() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["check", "--json", "--out", folder.path])
        let json = try parseJSON(output.standardOutput)
        let exercises = try #require(json["exercises"] as? [[String: Any]])
        #expect(exercises.count >= 20)
        // Status 1 exactly when a student's answer is wrong (a fresh clone has none).
        let failed = exercises.filter { $0["status"] as? String == "FAILED" }.count
        #expect(status == (failed > 0 ? 1 : 0))
        #expect((json["summary"] as? [String: Any])?["failed"] as? Int == failed)
        let unknown = runGradLab(["check", "sigmoid-backwards", "--out", folder.path])
        #expect(unknown.status == 1)
        #expect(unknown.output.standardError.contains("Did you mean 'sigmoid-backward'?"))
        let partial = runGradLab(["check", "affine", "--out", folder.path])
        #expect(partial.output.standardError.contains("Did you mean 'affine-backward'?"))
    }

    @Test func jsonWriterMatchesFoundation() throws {
        let value = JSON.object([("a", 1), ("b", .number(0.1)), ("c", .string("quote \" and \n")), ("d", .array([.null, true])),
                                 ("e", .number(.nan))])
        let parsed = try parseJSON(value.text)
        #expect(parsed["a"] as? Int == 1)
        #expect(parsed["b"] as? Double == 0.1)
        #expect(parsed["c"] as? String == "quote \" and \n")
        #expect(parsed["e"] is NSNull)
    }
}

/// The two measuring commands, on tiny data: their JSON has the documented keys.
@Suite("gradlab speed and bench", .serialized)
struct MeasuringCommandTests {
    @Test func speedJSON() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["speed", "--data", folder.path, "--hidden", "2,4", "--batch", "10",
                                           "--sample", "20", "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["hidden"] as? Int } == [2, 4])
        // 16 inputs: 16·H + H + H·10 + 10 parameters, two loss evaluations each for the full method.
        #expect(rows.map { $0["parameters"] as? Int } == [16 * 2 + 2 + 20 + 10, 16 * 4 + 4 + 40 + 10])
        for row in rows {
            #expect((row["fullLossEvaluations"] as? Int) == 2 * (row["parameters"] as? Int ?? 0))
            for key in ["fullNumericSeconds", "incrementalNumericSeconds", "backpropSeconds"] { #expect(row[key] is Double) }
        }
        #expect((json["slopes"] as? [String: Any])?["full"] is Double)
    }

    @Test func benchJSON() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeTinyDataSet(to: folder)
        let (status, output) = runGradLab(["bench", "--data", folder.path, "--iterations", "20", "--skip-kernel",
                                           "--json", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let json = try parseJSON(output.standardOutput)
        for key in ["recipeSeconds", "recipeSecondsWithoutEvaluation", "fullNumericSeconds", "incrementalNumericSeconds",
                    "backpropSeconds"] {
            #expect(json[key] is Double, "\(key)")
        }
        #expect(json["matmulGflops"] is [String: Any])
        #expect((json["peakResidentBytes"] as? Int ?? 0) > 0)
        // SimpleConvNet's 5×5 windows do not fit the tiny set's 4×4 images: no convolution step.
        #expect(json["convnetStepSeconds"] is NSNull && json["convnetStepPieces"] as? [Any] == nil || (json["convnetStepPieces"] as? [Any])?.isEmpty == true)
    }
}

@Suite("Training charts")
struct TrainingChartsTests {
    @Test func centredAverageSitsOnALine() {
        // On a straight line a centred mean equals the line at the window's middle; 200 points
        // give windows of 200/50 = 4, made odd: 5, so x runs from 2 to 197.
        let line = (0..<200).map { 3 - 0.01 * Double($0) }
        let (x, y) = TrainingCharts.centredMovingAverage(line)
        #expect(x.first == 2 && x.last == 197 && x.count == 196)
        for (xi, yi) in zip(x, y) { #expect(abs(yi - (3 - 0.01 * xi)) < 1e-12) }
    }

    @Test func shortRunsAreNotSmoothed() {
        let (x, y) = TrainingCharts.centredMovingAverage([2, 1, 4])
        #expect(x == [0, 1, 2] && y == [2, 1, 4])
    }
}

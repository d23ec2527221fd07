// Never crash, never lose a report, never lie: the commands given bad numbers, diverging, and
// stopped by a request (Ctrl-C reaches commands only as `Console.shouldStop`; no test sends a
// signal). Every expected message is written out in full.

import Foundation
import GradLab
import Testing
@testable import GradLabCommands

/// A `shouldStop` that says yes from its `after + 1`-th call on.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private let after: Int

    init(after: Int) { self.after = after }

    /// The closure for `Console.shouldStop`.
    var closure: @Sendable () -> Bool {
        { [self] in lock.withLock { calls += 1; return calls > after } }
    }
}

/// Runs `gradlab` with a console that asks to stop after `stopAfter` questions.
func runGradLab(_ arguments: [String], stopAfter: Int) -> (status: Int32, output: CapturedOutput) {
    let output = CapturedOutput()
    var console = output.console
    console.shouldStop = StopRequest(after: stopAfter).closure
    let status = GradLabCLI.main(arguments, console: console)
    return (status, output)
}

/// A temporary folder holding the tiny data set in `data/` and an empty `out/`; removed by the caller.
func tinyDataFolders() throws -> (root: URL, data: URL, out: URL) {
    let root = try temporaryFolder()
    let data = root.appendingPathComponent("data"), out = root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try writeTinyDataSet(to: data)
    return (root, data, out)
}

@Suite("Non-finite values: refused, traced, never good", .serialized)
struct NonFiniteCommandTests {
    @Test(arguments: [
        ("nan", "'nan' is not a finite number"), ("inf", "'inf' is not a finite number"),
        ("-inf", "'-inf' is not a finite number"), ("1e400", "'1e400' is not a finite number"),
        ("-1", "'-1' is not a positive number"), ("0", "'0' is not a positive number"),
        ("1e-400", "'1e-400' is not a positive number"), ("fast", "'fast' is not a number"),
    ])
    func learningRateMustBeAFinitePositiveNumber(value: String, problem: String) {
        // Written with "=": "-inf" after a space would read as an option ("--learning-rate needs a value").
        let (status, output) = runGradLab(["train", "--learning-rate=\(value)"])
        #expect(status == 2)
        #expect(output.standardError == "error: --learning-rate: \(problem); for example --learning-rate 0.1\n")
        #expect(output.standardOutput.isEmpty)
    }

    /// The message names the iteration, the loss and the first value that is not finite, says
    /// what to try, and points to the curves until then, which are written and marked.
    @Test func divergenceKeepsTheCurvesAndSaysWhatToTry() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--hidden", "8", "--batch", "10", "--iterations", "200",
                                           "--learning-rate", "1e300", "--activation", "relu", "--out", out.path])
        #expect(status == 1)
        let report = out.appendingPathComponent("index.html").path
        #expect(output.standardError.hasSuffix("""
            error: training diverged at iteration 1: the loss became nan, and the gradient of W1[0, 0] = nan (learning rate 1e+300)
            try a smaller --learning-rate, e.g. --learning-rate 1e+299
            the curves of the 1 iteration before are in \(report)

            """))
        let csv = try String(contentsOfFile: out.appendingPathComponent("loss.csv").path, encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 2, "the header and iteration 0")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("GradLab: training run (diverged)"))
        #expect(html.contains("Training diverged at iteration 1: the loss became nan, and the gradient of W1[0, 0] = nan (learning rate 1e+300). The curves here end after 1 of 200 iterations"))
    }

    @Test func divergenceInJSON() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--hidden", "8", "--batch", "10", "--iterations", "200",
                                           "--learning-rate", "1e300", "--activation", "relu", "--json", "--out", out.path])
        #expect(status == 1)
        let json = try parseJSON(output.standardOutput)
        #expect(json["outcome"] as? String == "diverged")
        #expect(json["iterationsDone"] as? Int == 1)
        let divergence = try #require(json["divergence"] as? [String: Any])
        #expect(divergence["iteration"] as? Int == 1)
        #expect(divergence["loss"] as? String == "nan" || divergence["loss"] as? String == "-nan")
        let first = try #require(divergence["firstNonFinite"] as? [String: Any])
        #expect(first["kind"] as? String == "gradient" && first["name"] as? String == "W1" && first["index"] as? [Int] == [0, 0])
    }

    @Test func gradcheckNamesNonFiniteGradients() {
        let report = GradientCheckReport(analytic: [NamedTensor("W1", Tensor([[1, .nan], [.infinity, 2]])), NamedTensor("b1", Tensor([1]))],
                                         numeric: [NamedTensor("W1", Tensor([[1, 0.5], [3, 2]])), NamedTensor("b1", Tensor([1]))],
                                         loss: 1, h: 1e-4)
        #expect(report.verdict == .nonFinite)
        #expect(GradCheckCommand.nonFiniteLines(report)
                == "\nW1: 2 of 4 compared values are not finite numbers; the first at [0, 1]: backprop nan, numeric 0.5")
        let json = GradCheckCommand.comparisonJSON(report.comparisons[0])
        #expect(json["verdict"] == "non-finite" && json["nonFinite"] == 2 && json["firstNonFinite"] == .array([0, 1]))
    }
}

@Suite("Ctrl-C: stop at the next iteration, write what was recorded, exit 130", .serialized)
struct InterruptCommandTests {
    /// `train` asks before every iteration: after 12 answers "no" it stops before iteration 12.
    @Test func trainWritesTheCurvesSoFarAndExits130() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--hidden", "8", "--batch", "10", "--iterations", "40",
                                           "--out", out.path], stopAfter: 12)
        #expect(status == 130)
        let report = out.appendingPathComponent("index.html").path
        #expect(output.standardError.hasSuffix("interrupted after 12 of 40 iterations; the curves so far are in \(report)\n"))
        #expect(output.standardOutput.contains("last measured (iteration 8): train accuracy"))
        let csv = try String(contentsOfFile: out.appendingPathComponent("loss.csv").path, encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 13, "the header and iterations 0…11")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("GradLab: training run (interrupted)"))
        #expect(html.contains("Interrupted (Ctrl-C) after 12 of 40 iterations: the curves, accuracies and numbers here are those recorded until then."))
    }

    @Test func trainInterruptedInJSON() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--hidden", "8", "--batch", "10", "--iterations", "40",
                                           "--json", "--out", out.path], stopAfter: 12)
        #expect(status == 130)
        let json = try parseJSON(output.standardOutput)
        #expect(json["outcome"] as? String == "interrupted")
        #expect(json["iterationsDone"] as? Int == 12 && json["iterations"] as? Int == 40)
    }

    /// Stopped before the first iteration: empty curves, still a whole report that says so.
    @Test func trainStoppedBeforeItsFirstIteration() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["train", "--data", data.path, "--hidden", "8", "--batch", "10", "--iterations", "40",
                                           "--out", out.path], stopAfter: 0)
        #expect(status == 130)
        #expect(output.standardError.hasSuffix("interrupted after 0 of 40 iterations; the curves so far are in \(out.path)/index.html\n"))
        #expect(output.standardOutput.contains("never measured: train accuracy –, test accuracy –"))
        let html = try String(contentsOfFile: out.appendingPathComponent("index.html").path, encoding: .utf8)
        #expect(html.contains("Interrupted (Ctrl-C) after 0 of 40 iterations"))
    }

    // MARK: The main job: between steps, and at every iteration of either run

    static func mainJob(_ data: URL, _ out: URL, json: Bool = false) -> [String] {
        ["main", "--data", data.path, "--hidden", "6", "--batch", "10", "--iterations", "30", "--train-size", "80",
         "--budget", "60", "--out", out.path] + (json ? ["--json"] : [])
    }

    /// Asked after step 1 (the first question): only the gradient check exists, and is written.
    @Test func mainJobStoppedBeforeTrainingWritesTheGradientCheck() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(Self.mainJob(data, out), stopAfter: 0)
        #expect(status == 130)
        let file = out.appendingPathComponent("gradcheck.csv").path
        #expect(output.standardError.hasSuffix("interrupted after step 1 (the gradient check), before any training; wrote \(file)\n"))
        #expect(try OutputFolderTests.contents(out) == ["gradcheck.csv"])
    }

    /// Questions 1 and 2 come after steps 1 and 2; 3 to 12 before backprop iterations 0 to 9;
    /// the 13th stops the backprop run before iteration 10, and the numerical run never starts.
    @Test func mainJobStoppedInTheBackpropRun() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(Self.mainJob(data, out), stopAfter: 12)
        #expect(status == 130)
        let report = out.appendingPathComponent("index.html").path
        #expect(output.standardError.hasSuffix("interrupted in step 3, the backprop run, after 10 of 30 iterations "
                                               + "(the numerical run was not started); the curves so far are in \(report)\n"))
        #expect(output.standardOutput.contains("Interrupted (Ctrl-C) in the backprop run after 10 of 30 iterations; the numerical run was not started."))
        #expect(!output.standardOutput.contains("coincide"), "an interrupted job claims nothing about two runs")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("GradLab: numerical gradients and backprop (interrupted)"))
        let csv = try String(contentsOfFile: out.appendingPathComponent("loss.csv").path, encoding: .utf8)
        #expect(csv.hasPrefix("iteration,loss backprop,gradient norm backprop\n") && csv.split(separator: "\n").count == 11)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("loss-difference.svg").path))
    }

    /// 2 questions between steps, 30 for the whole backprop run, 5 more for numerical iterations
    /// 0 to 4: the numerical run stops before iteration 5, and the runs are compared over 5.
    @Test func mainJobStoppedInTheNumericalRun() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(Self.mainJob(data, out, json: true), stopAfter: 37)
        #expect(status == 130)
        #expect(output.standardError.hasSuffix("interrupted in step 3, the numerical run, after 5 of 30 iterations; "
                                               + "the curves so far are in \(out.path)/index.html\n"))
        let json = try parseJSON(output.standardOutput)
        #expect(json["outcome"] as? String == "interrupted" && json["interruptedRun"] as? String == "numerical")
        #expect(json["maxWeightDifference"] is NSNull, "weights of runs stopped at different iterations are not compared")
        #expect((json["maxLossDifference"] as? Double ?? 1) < 1e-6)
        let training = try #require(json["training"] as? [String: Any])
        #expect(training["backpropIterationsDone"] as? Int == 30 && training["numericIterationsDone"] as? Int == 5)
    }

    // MARK: speed and bench: between measurements

    @Test func speedKeepsTheSizesTimed() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["speed", "--data", data.path, "--hidden", "2,4,6", "--batch", "10", "--sample", "20",
                                           "--json", "--out", out.path], stopAfter: 1)
        #expect(status == 130)
        #expect(output.standardError.hasSuffix("interrupted after 1 of 3 hidden sizes; the timings so far are in \(out.path)/speed.html\n"))
        let json = try parseJSON(output.standardOutput)
        #expect(json["outcome"] as? String == "interrupted")
        #expect((json["rows"] as? [[String: Any]])?.map { $0["hidden"] as? Int } == [2])
        let html = try String(contentsOfFile: out.appendingPathComponent("speed.html").path, encoding: .utf8)
        #expect(html.contains("Interrupted (Ctrl-C) after 1 of 3 hidden sizes"))
    }

    /// The first question comes before the recipe, the next ones at its iterations: a recipe
    /// cut short is dropped (its time would measure nothing), and nothing after it runs.
    @Test func benchDropsARecipeCutShort() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(["bench", "--data", data.path, "--iterations", "20", "--skip-kernel",
                                           "--json", "--out", out.path], stopAfter: 5)
        #expect(status == 130)
        let file = out.appendingPathComponent("bench.json").path
        #expect(output.standardError.hasSuffix("interrupted; the measurements that finished are in \(file) (\"outcome\": \"interrupted\")\n"))
        let json = try parseJSON(output.standardOutput)
        #expect(json["outcome"] as? String == "interrupted")
        for key in ["recipeSeconds", "recipeSecondsWithoutEvaluation", "recipeLayersSeconds", "backpropSeconds"] {
            #expect(json[key] is NSNull, "\(key)")
        }
        #expect(try parseJSON(String(contentsOfFile: file, encoding: .utf8))["outcome"] as? String == "interrupted")
    }
}

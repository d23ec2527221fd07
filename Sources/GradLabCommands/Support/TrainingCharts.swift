import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports

/// Charts and tables of training runs, shared by `gradlab train` and the main job.
enum TrainingCharts {
    /// One training run to draw, with its legend name and line style.
    struct Run {
        var name: String
        var history: TrainingHistory
        var style: LineStyle = .solid
    }

    /// The loss per iteration: each run raw (faint) and smoothed (bold).
    ///
    /// The smoothed curve is a centred moving average over about 2 % of the run: the mean of
    /// the window drawn at the window's middle, so it runs through the noise instead of lagging
    /// behind a falling loss the way a trailing average does.
    static func lossChart(_ runs: [Run], title: String = "Training loss") -> LineChart {
        var series: [ChartSeries] = []
        for (index, run) in runs.enumerated() {
            let color = ChartPalette.color(at: index)
            series.append(ChartSeries(name: "\(run.name) (raw)", y: run.history.losses, style: run.style,
                                      width: 1, color: color, opacity: 0.25, showsInLegend: false))
        }
        for (index, run) in runs.enumerated() {
            let (x, y) = centredMovingAverage(run.history.losses)
            series.append(ChartSeries(name: run.name + (runs.count == 1 ? " (smoothed)" : ""), x: x, y: y,
                                      style: run.style, width: 2.5, color: ChartPalette.color(at: index)))
        }
        return LineChart(title: title, xLabel: "iteration", yLabel: "cross-entropy loss (mini-batch)", series: series)
    }

    /// Means of windows of an odd width w (about 2 % of the points, at least 1), each placed at
    /// its middle iteration: the trailing averages of `Smoothing.movingAverage`, shifted back by
    /// (w − 1)/2, keeping only full windows.
    static func centredMovingAverage(_ values: [Double]) -> (x: [Double], y: [Double]) {
        let window = max(1, values.count / 50) | 1
        let trailing = Smoothing.movingAverage(values, window: window)
        let half = (window - 1) / 2
        let full = (window - 1)..<values.count
        return (full.map { Double($0 - half) }, full.map { trailing[$0] })
    }

    /// Train and test accuracy per epoch, for each run.
    static func accuracyChart(_ runs: [Run], title: String = "Accuracy per epoch") -> LineChart {
        var series: [ChartSeries] = []
        for (index, run) in runs.enumerated() {
            let iterations = run.history.epochs.map { Double($0.iteration) }
            let prefix = runs.count == 1 ? "" : run.name + ", "
            series.append(ChartSeries(name: prefix + "train", x: iterations, y: run.history.epochs.map(\.trainAccuracy),
                                      style: run.style, showsMarkers: true, color: ChartPalette.color(at: 2 * index)))
            series.append(ChartSeries(name: prefix + "test", x: iterations, y: run.history.epochs.map(\.testAccuracy),
                                      style: run.style == .solid ? .dashed : .dotted, showsMarkers: true,
                                      color: ChartPalette.color(at: 2 * index + 1)))
        }
        return LineChart(title: title, xLabel: "iteration", yLabel: "accuracy", series: series)
    }

    /// The per-epoch table: iteration, train and test accuracy side by side.
    static func epochTable(_ history: TrainingHistory, iterationsPerEpoch: Int) -> (header: [String], rows: [[String]]) {
        (["epoch", "iteration", "train accuracy", "test accuracy"],
         history.epochs.map { record in
             [epochLabel(iteration: record.iteration, iterationsPerEpoch: iterationsPerEpoch), "\(record.iteration)",
              fixed(record.trainAccuracy, 4), fixed(record.testAccuracy, 4)]
         })
    }

    /// How many epochs a measurement after `iteration` stands for, truthfully: the book measures
    /// at iterations 0, E, 2E, … (E iterations per epoch), labelled epochs 0, 1, 2, …; the last
    /// measurement of a run that stops between them says how far it got, in epochs done
    /// (`0.03` after 20 iterations of a 600-iteration epoch, never "epoch 1").
    static func epochLabel(iteration: Int, iterationsPerEpoch: Int) -> String {
        let perEpoch = max(1, iterationsPerEpoch)
        if iteration % perEpoch == 0 { return "\(iteration / perEpoch)" }
        let done = iteration + 1
        if done % perEpoch == 0 { return "\(done / perEpoch)" }
        return fixed(Double(done) / Double(perEpoch), 2)
    }

    /// CSV of the loss and the global gradient norm per iteration.
    static func lossCSV(_ runs: [Run]) -> String {
        let count = runs.map(\.history.losses.count).max() ?? 0
        return CSV.render(header: ["iteration"] + runs.map { "loss \($0.name)" } + runs.map { "gradient norm \($0.name)" },
                          rows: (0..<count).map { i in
            ["\(i)"] + runs.map { i < $0.history.losses.count ? "\($0.history.losses[i])" : "" }
                + runs.map { i < $0.history.gradientNorms.count ? "\($0.history.gradientNorms[i])" : "" }
        })
    }

    /// CSV of accuracy per epoch.
    static func epochCSV(_ runs: [Run]) -> String {
        var header = ["iteration"]
        for run in runs { header += ["train \(run.name)", "test \(run.name)"] }
        let count = runs.map(\.history.epochs.count).max() ?? 0
        let rows = (0..<count).map { i -> [String] in
            var row = [runs.first.flatMap { i < $0.history.epochs.count ? "\($0.history.epochs[i].iteration)" : nil } ?? ""]
            for run in runs {
                if i < run.history.epochs.count {
                    row += ["\(run.history.epochs[i].trainAccuracy)", "\(run.history.epochs[i].testAccuracy)"]
                } else {
                    row += ["", ""]
                }
            }
            return row
        }
        return CSV.render(header: header, rows: rows)
    }

    /// The global gradient norm of every iteration (log scale), with the clipping limit drawn
    /// as a line when the run clipped by norm or global norm.
    static func gradientNormChart(_ run: Run, clipping: GradientClipping?) -> LineChart {
        let norms = run.history.gradientNorms
        var series = [ChartSeries(name: "global gradient norm", y: norms, width: 1, color: ChartPalette.color(at: 0), opacity: 0.6)]
        let smoothed = centredMovingAverage(norms)
        series.append(ChartSeries(name: "smoothed", x: smoothed.x, y: smoothed.y, width: 2.5, color: ChartPalette.color(at: 0)))
        switch clipping {
        case let .globalNorm(c)?, let .norm(c)?:
            series.append(ChartSeries(name: "clipping limit \(c)", x: [0, Double(max(norms.count - 1, 1))], y: [c, c],
                                      style: .dashed, color: ChartPalette.color(at: 1)))
        default: break
        }
        let positive = norms.allSatisfy { $0 > 0 } && !norms.isEmpty
        return LineChart(title: "Gradient norm (before clipping)", xLabel: "iteration", yLabel: "√(Σ ‖∂L/∂θ‖²)",
                         series: series, yScale: positive ? .logarithmic : .linear)
    }

    /// The validation loss per epoch beside the mean training loss over the same epoch.
    static func validationLossChart(_ run: Run) -> LineChart {
        let history = run.history
        let iterations = history.validation.map { Double($0.iteration) }
        let perEpoch = history.validation.map { record -> Double in
            let end = min(record.iteration + 1, history.losses.count)
            let start = history.validation.last(where: { $0.iteration < record.iteration }).map { $0.iteration + 1 } ?? 0
            let window = history.losses[start..<end]
            return window.isEmpty ? .nan : window.reduce(0, +) / Double(window.count)
        }
        return LineChart(title: "Loss: training batches against the validation set", xLabel: "iteration", yLabel: "loss", series: [
            ChartSeries(name: "training (mean of the batches since the last validation)", x: iterations, y: perEpoch,
                        showsMarkers: true, color: ChartPalette.color(at: 0)),
            ChartSeries(name: "validation", x: iterations, y: history.validation.map(\.loss), style: .dashed,
                        showsMarkers: true, color: ChartPalette.color(at: 1)),
        ])
    }

    /// CSV of the validation records.
    static func validationCSV(_ history: TrainingHistory) -> String {
        CSV.render(header: ["epoch", "iteration", "validation loss", "validation accuracy"], rows: history.validation.map {
            ["\($0.epoch)", "\($0.iteration)", "\($0.loss)", "\($0.accuracy)"]
        })
    }

    /// The gradient norms summarised: first, last, smallest, largest (every value is in loss.csv).
    static func gradientNormJSON(_ history: TrainingHistory) -> JSON {
        let norms = history.gradientNorms
        guard let first = norms.first, let last = norms.last else { return .null }
        return .object([("first", .number(first)), ("last", .number(last)),
                        ("min", .number(norms.min() ?? first)), ("max", .number(norms.max() ?? first))])
    }

    /// JSON of the per-epoch records.
    static func epochsJSON(_ history: TrainingHistory) -> JSON {
        .array(history.epochs.map {
            .object([("iteration", .integer($0.iteration)), ("trainAccuracy", .number($0.trainAccuracy)),
                     ("testAccuracy", .number($0.testAccuracy))])
        })
    }
}

/// A one-line progress bar on standard error, redrawn in place on a terminal.
struct ProgressBar {
    let total: Int
    let console: Console
    let label: String
    private var lastDrawn = -1

    init(total: Int, label: String, console: Console) {
        self.total = total
        self.label = label
        self.console = console
    }

    /// Redraws the bar at about 200 steps over the run.
    mutating func update(_ done: Int, detail: String) {
        guard console.isInteractive, total > 0 else { return }
        let step = max(total / 200, 1)
        guard done == total || done / step != lastDrawn / step else { return }
        lastDrawn = done
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        console.writeError("\r\(label) \(bar) \(done)/\(total)  \(detail)   ")
    }

    /// Clears the bar's line.
    func finish() {
        guard console.isInteractive else { return }
        console.writeError("\r" + String(repeating: " ", count: 100) + "\r")
    }
}

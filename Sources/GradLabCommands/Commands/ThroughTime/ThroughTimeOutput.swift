import Foundation
import GradLab
import GradLabReports

extension ThroughTimeCommand {
    /// The three groups of curves, each its own chart: tanh with ordinary inputs, tanh with
    /// small inputs, and the sigmoid with the LSTMs.
    enum Group: CaseIterable {
        case tanhOrdinary, tanhSmall, sigmoidAndLSTM

        /// Whether a curve belongs to the group.
        func contains(_ curve: ThroughTimeStudy.Curve) -> Bool {
            let small = curve.variant.inputScale < 1
            switch (curve.variant.recurrence, self) {
            case (.simple(.tanh, _), .tanhOrdinary): return !small
            case (.simple(.tanh, _), .tanhSmall): return small
            case (.simple(.sigmoid, _), .sigmoidAndLSTM), (.lstm, .sigmoidAndLSTM): return true
            default: return false
            }
        }

        /// The chart's title and file name.
        var title: String {
            switch self {
            case .tanhOrdinary: "tanh RNN, ordinary inputs: ‖∂L/∂hₜ‖ and the bound σ_max^(T−t)"
            case .tanhSmall: "tanh RNN, small inputs (nearly linear): ‖∂L/∂hₜ‖ and the bound"
            case .sigmoidAndLSTM: "sigmoid RNN (bound (σ_max/4)^(T−t)) and LSTM (dotted: the cell path)"
            }
        }
        var file: String {
            switch self {
            case .tanhOrdinary: "through-time-tanh.svg"
            case .tanhSmall: "through-time-tanh-small-inputs.svg"
            case .sigmoidAndLSTM: "through-time-sigmoid-lstm.svg"
            }
        }
    }

    /// ‖∂L/∂hₜ‖ against the steps back from T, on a log axis, one colour per case: the measured
    /// norm solid, the bound dashed, an LSTM's cell path dotted.
    static func normChart(_ study: ThroughTimeStudy, _ group: Group) -> LineChart {
        var series: [ChartSeries] = []
        for (index, curve) in study.curves.filter(group.contains).enumerated() {
            let color = ChartPalette.color(at: index)
            let back = curve.norms.indices.map(Double.init)
            series.append(ChartSeries(name: curve.variant.name, x: back, y: curve.norms, color: color))
            if let bound = curve.bound {
                series.append(ChartSeries(name: "bound", x: back, y: bound, style: .dashed, width: 1, color: color, showsInLegend: false))
            }
            if let cell = curve.cellNorms {
                // The cell path carries nothing at T itself: start one step back.
                series.append(ChartSeries(name: curve.variant.name + ", cell", x: Array(back.dropFirst()), y: Array(cell.dropFirst()),
                                          style: .dotted, color: color))
            }
        }
        return LineChart(title: group.title, xLabel: "steps back from the last, T − t", yLabel: "‖∂L/∂hₜ‖ (‖∂L/∂h_T‖ = 1)",
                         series: series, yScale: .logarithmic, yRange: 1e-30...1e12)
    }

    /// The exploding runs' losses side by side, and their gradient norms (log axis, limit dashed).
    static func trainingCharts(_ study: ThroughTimeStudy) -> (loss: LineChart, norms: LineChart) {
        let runs = study.training.map { TrainingCharts.Run(name: $0.name, history: $0.run.history) }
        // The run is described in the paragraph above the chart; a title that long would be cut off.
        let loss = TrainingCharts.lossChart(runs, title: "Training loss, without and with clipping")
        var series: [ChartSeries] = study.training.enumerated().map { index, run in
            ChartSeries(name: run.name, y: run.run.history.gradientNorms, width: 1.5, color: ChartPalette.color(at: index))
        }
        if case let .globalNorm(c)? = study.training.last?.clipping {
            series.append(ChartSeries(name: "clipping limit \(c)", x: [0, Double(max((study.training.last?.run.history.gradientNorms.count ?? 1) - 1, 1))],
                                      y: [c, c], style: .dashed, color: ChartPalette.color(at: 2)))
        }
        let norms = LineChart(title: "Global gradient norm of every step, before clipping", xLabel: "iteration", yLabel: "√(Σ ‖∂L/∂θ‖²)",
                              series: series, yScale: .logarithmic)
        return (loss, norms)
    }

    /// One row per case: σ_max as measured, γσ_max, mean |h|, the norm 10, 25 and T − 1 steps
    /// back, the bound at the first step.
    static func normTable(_ study: ThroughTimeStudy) -> (header: [String], rows: [[String]]) {
        let last = study.steps - 1
        let marks = [10, 25].filter { $0 < last } + [last]
        return (["case", "σ_max(Wh)", "γ·σ_max", "mean |h|"] + marks.map { "\($0) back" } + ["bound at t = 1", "cell path at t = 1"],
                study.curves.map { curve in
                    var row = [curve.variant.name]
                    if let sigma = curve.measuredSingularValue, case let .simple(activation, _) = curve.variant.recurrence {
                        row += [fixed(sigma, 6), fixed((activation == .sigmoid ? 0.25 : 1) * sigma, 3)]
                    } else {
                        row += ["–", "–"]
                    }
                    row.append(fixed(curve.meanAbsoluteState, 3))
                    row += marks.map { scientific(curve.norms[$0]) }
                    row.append(curve.bound.map { scientific($0[last]) } ?? "–")
                    row.append(curve.cellNorms.map { scientific($0[last]) } ?? "–")
                    return row
                })
    }

    /// One row per training run: the largest loss after the first 10 steps, the largest and the
    /// median gradient norm, the last loss, accuracies.
    static func trainingTable(_ study: ThroughTimeStudy) -> (header: [String], rows: [[String]]) {
        (["run", "largest loss (after step 10)", "largest ‖g‖", "median ‖g‖", "final loss", "train acc", "test acc", "note"],
         study.training.map { run in
             let norms = run.run.history.gradientNorms.sorted()
             return [run.name, fixed(run.largestLoss(), 3), scientific(norms.last ?? .nan), scientific(norms.isEmpty ? .nan : norms[norms.count / 2]),
                     run.run.history.losses.last.map { fixed($0, 4) } ?? "–",
                     fixed(run.run.finalTrainAccuracy, 4), fixed(run.run.finalTestAccuracy, 4), StudySupport.status(run.run)]
         })
    }

    /// The charts, the CSVs and the report, written into `folder`; returns the report's path.
    static func write(_ study: ThroughTimeStudy, reproduction: String, data: String, to folder: OutputFolder) throws -> String {
        var normBlocks: [HTMLReport.Block] = []
        for group in Group.allCases {
            let svg = normChart(study, group).svg()
            try folder.write(svg, to: group.file)
            normBlocks.append(.svg(svg))
        }
        try folder.write(csv(study), to: "through-time-norms.csv")
        let table = normTable(study)
        var sections: [HTMLReport.Section] = [
            .init(heading: "The gradient through time", blocks: [
                .paragraph("‖∂L/∂hₜ‖ at every step t back from T = \(study.steps) for L = Σ g ⊙ h_T (g a random direction of norm 1, a batch of \(study.batch) sequences of \(study.inputs) inputs, \(study.hidden) hidden units). Backprop through time multiplies it by Whᵀ · diag(f′) once per step, so it is bounded by (γ · σ_max(Wh))^(T−t), γ = 1 for tanh and 1/4 for the sigmoid (Pascanu, Mikolov and Bengio, 2013). Wh is one random orthogonal matrix scaled to each σ_max; every simple RNN shares the same weights and inputs."),
                .table(header: table.header, rows: table.rows),
            ] + normBlocks),
        ]
        if !study.training.isEmpty {
            let charts = trainingCharts(study)
            let lossSVG = charts.loss.svg(), normSVG = charts.norms.svg()
            try folder.write(lossSVG, to: "through-time-training-loss.svg")
            try folder.write(normSVG, to: "through-time-gradient-norms.svg")
            try folder.write(TrainingCharts.lossCSV(study.training.map { TrainingCharts.Run(name: $0.name, history: $0.run.history) }),
                             to: "through-time-training.csv")
            let training = StudySupport.droppingEmptyNotes(trainingTable(study))
            sections.append(.init(heading: "An exploding training run, with and without clipping", blocks: [
                .paragraph("\(study.trainingDescription), on \(data) read by rows (28 steps of 28 pixels), twice from the same weights on the same batches: without clipping, and with every step's gradient clipped by global norm. The gradient norm is recorded before clipping."),
                .table(header: training.header, rows: training.rows), .svg(lossSVG), .svg(normSVG),
            ]))
        }
        sections.append(.init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab through-time " + reproduction)]))
        let report = HTMLReport(title: "GradLab: gradients through time",
                                subtitle: "simple RNNs (tanh, sigmoid) and LSTMs over \(study.steps) steps; an exploding run clipped",
                                sections: sections)
        return try folder.write(report.render(), to: "through-time.html")
    }

    /// CSV: one row per case and step back.
    static func csv(_ study: ThroughTimeStudy) -> String {
        var rows: [[String]] = []
        for curve in study.curves {
            for k in curve.norms.indices {
                rows.append([curve.variant.name, "\(k)", "\(study.steps - k)", "\(curve.norms[k])",
                             curve.bound.map { "\($0[k])" } ?? "", curve.cellNorms.map { "\($0[k])" } ?? ""])
            }
        }
        return CSV.render(header: ["case", "steps back", "t", "norm of dL/dh_t", "bound", "cell path norm of dL/dc_t"], rows: rows)
    }

    /// The `--json` object.
    static func json(_ study: ThroughTimeStudy, report: String) -> JSON {
        func numbers(_ values: [Double]) -> JSON { .array(values.map { .number($0) }) }
        return JSON.object([
            ("steps", .integer(study.steps)), ("hidden", .integer(study.hidden)), ("inputs", .integer(study.inputs)),
            ("batch", .integer(study.batch)),
            ("curves", .array(study.curves.map { curve in
                var pairs: [(String, JSON)] = [("name", .string(curve.variant.name)), ("inputScale", .number(curve.variant.inputScale))]
                switch curve.variant.recurrence {
                case let .simple(activation, singularValue):
                    pairs += [("kind", .string("rnn")), ("activation", .string(activation.rawValue)),
                              ("singularValue", .number(singularValue)),
                              ("measuredSingularValue", curve.measuredSingularValue.map { .number($0) } ?? .null)]
                case let .lstm(forgetBias):
                    pairs += [("kind", .string("lstm")), ("forgetBias", .number(forgetBias))]
                }
                pairs += [("meanAbsoluteState", .number(curve.meanAbsoluteState)), ("ratio", .number(curve.ratio)),
                          ("norms", numbers(curve.norms)), ("bound", curve.bound.map(numbers) ?? .null),
                          ("cellNorms", curve.cellNorms.map(numbers) ?? .null)]
                return .object(pairs)
            })),
            ("training", .array(study.training.map { run in
                .object([("name", .string(run.name)), ("clipNorm", run.clipping.map { .number($0.limit) } ?? .null),
                         ("largestLossAfterStep10", .number(run.largestLoss())),
                         ("gradientNorm", TrainingCharts.gradientNormJSON(run.run.history)),
                         ("losses", numbers(run.run.history.losses)), ("gradientNorms", numbers(run.run.history.gradientNorms)),
                         ("run", StudySupport.json(run.run))])
            })),
            ("trainingDescription", study.training.isEmpty ? .null : .string(study.trainingDescription)),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: the table, one text chart per group, and the training runs.
    static func text(_ study: ThroughTimeStudy, report: String, folder: OutputFolder) -> String {
        let render = StudySupport.text
        var text = "Gradients through time: ‖∂L/∂hₜ‖ back from T = \(study.steps), L = Σ g ⊙ h_T, ‖g‖ = 1; "
        text += "\(study.hidden) hidden units, \(study.inputs) inputs, \(study.batch) sequences\n"
        text += "bound = (γ·σ_max)^(T−t), γ = 1 for tanh, 1/4 for the sigmoid; small inputs: σ = \(ThroughTimeStudy.smallInputScale)\n\n"
        text += render(normTable(study)) + "\n"
        for group in Group.allCases {
            let chart = normChart(study, group)
            let measured = chart.series.filter { $0.style == .solid }
            text += TextChart.render(series: measured, width: 72, height: 12, yScale: .logarithmic,
                                     title: group.title + " (log; x = steps back)") + "\n"
        }
        if !study.training.isEmpty {
            text += "Exploding run: \(study.trainingDescription)\n"
            text += render(StudySupport.droppingEmptyNotes(trainingTable(study))) + "\n"
            let norms = study.training.map { ChartSeries(name: $0.name, y: $0.run.history.gradientNorms) }
            text += TextChart.render(series: norms, width: 72, height: 12, yScale: .logarithmic,
                                     title: "global gradient norm of every step, before clipping (log)") + "\n"
            let losses = study.training.map { ChartSeries(name: $0.name, y: $0.run.history.losses) }
            text += TextChart.render(series: losses, width: 72, height: 12, title: "training loss") + "\n"
        }
        return text + StudySupport.filesLine(report: report, folder: folder, prefix: "through-time")
    }
}

import Foundation
import GradLab
import GradLabReports

extension DepthCommand {
    /// ‖∂L/∂Wℓ‖ against the layer ℓ, one line per network, on a log axis: at initialization or
    /// after training.
    static func normChart(_ study: DepthStudy, trained: Bool) -> LineChart {
        let series = study.runs.enumerated().map { index, run in
            ChartSeries(name: run.variant.name, x: run.weightNames.indices.map { Double($0 + 1) },
                        y: trained ? run.trainedNorms : run.initialNorms,
                        style: run.variant.activation == .sigmoid ? .dashed : .solid, showsMarkers: true,
                        color: ChartPalette.color(at: index))
        }
        let when = trained ? "after \(study.configuration.iterations) steps" : "at initialization"
        return LineChart(title: "‖∂L/∂W‖ of every layer \(when)", xLabel: "layer (1 = first hidden, \(study.hiddenLayers + 1) = output)",
                         yLabel: "‖∂L/∂W‖", series: series, yScale: .logarithmic)
    }

    /// The mini-batch loss of every run, side by side, on a log axis (a residual ReLU stack
    /// starts some hundred times higher than the rest).
    static func lossChart(_ study: DepthStudy) -> LineChart {
        var chart = TrainingCharts.lossChart(study.runs.map { TrainingCharts.Run(name: $0.variant.name, history: $0.run.history) },
                                             title: "Training loss, \(study.hiddenLayers) hidden layers")
        chart.yScale = .logarithmic
        return chart
    }

    /// "sigmoid + BN": a network's name in narrow columns.
    static func shortName(_ variant: DepthStudy.Variant) -> String {
        let activation = variant.activation == .relu ? "ReLU" : variant.activation.rawValue
        switch variant.structure {
        case .plain: return activation
        case .batchNorm: return activation + " + BN"
        case .residual: return activation + " + skip"
        }
    }

    /// One row per network: the ratios first/last at initialization and after training, the
    /// final loss and accuracies.
    static func summaryTable(_ study: DepthStudy) -> (header: [String], rows: [[String]]) {
        (["network", "‖∂W₁‖/‖∂W_L‖ at start", "after training", "final loss", "train acc", "test acc", "note"],
         study.runs.map { run in
             [run.variant.name, scientific(run.initialRatio), scientific(run.trainedRatio),
              run.run.history.losses.last.map { fixed($0, 4) } ?? "–",
              fixed(run.run.finalTrainAccuracy, 4), fixed(run.run.finalTestAccuracy, 4), StudySupport.status(run.run)]
         })
    }

    /// One row per layer, one column per network: ‖∂L/∂Wℓ‖ at initialization or after training.
    static func normTable(_ study: DepthStudy, trained: Bool) -> (header: [String], rows: [[String]]) {
        let names = study.runs.first?.weightNames ?? []
        return (["weight"] + study.runs.map { shortName($0.variant) },
                names.indices.map { layer in
                    [names[layer]] + study.runs.map { scientific(trained ? $0.trainedNorms[layer] : $0.initialNorms[layer]) }
                })
    }

    /// The charts, the CSVs and the report, written into `folder`; returns the report's path.
    static func write(_ study: DepthStudy, reproduction: String, data: String, to folder: OutputFolder) throws -> String {
        let initialSVG = normChart(study, trained: false).svg()
        let trainedSVG = normChart(study, trained: true).svg()
        let lossSVG = lossChart(study).svg()
        try folder.write(initialSVG, to: "depth-norms-initial.svg")
        try folder.write(trainedSVG, to: "depth-norms-trained.svg")
        try folder.write(lossSVG, to: "depth-loss.svg")
        try folder.write(csv(study), to: "depth-norms.csv")
        try folder.write(TrainingCharts.lossCSV(study.runs.map { TrainingCharts.Run(name: $0.variant.name, history: $0.run.history) }),
                         to: "depth-loss.csv")
        let summary = StudySupport.droppingEmptyNotes(summaryTable(study)), initial = normTable(study, trained: false), trained = normTable(study, trained: true)
        let configuration = study.configuration
        let report = HTMLReport(
            title: "GradLab: gradients through depth",
            subtitle: "\(study.hiddenLayers) hidden layers of \(study.width) on \(data); SGD η = \(configuration.effectiveLearningRate), batch \(configuration.batchSize), \(configuration.iterations) steps",
            sections: [
                .init(heading: "Where the gradient vanishes", blocks: [
                    .paragraph("‖∂L/∂Wℓ‖ of every layer's weights, by backprop on a fixed batch of the first \(study.probeSize) training images. Backprop multiplies the gradient by Wᵀ and by the activation's slope at every layer on its way down; with the sigmoid (slope at most 1/4) and σ = 0.01 each layer shrinks it by about 40, so the first layers get almost nothing."),
                    .table(header: summary.header, rows: summary.rows),
                    .svg(initialSVG), .svg(trainedSVG),
                ]),
                .init(heading: "Training curves", blocks: [.svg(lossSVG)]),
                .init(heading: "Every layer at initialization", blocks: [
                    .paragraph("BN: BatchNorm after every affine layer; skip: y = x + activation(x · W + b) around every hidden layer after the first."),
                    .table(header: initial.header, rows: initial.rows)]),
                .init(heading: "Every layer after training", blocks: [.table(header: trained.header, rows: trained.rows)]),
                .init(heading: "The networks", blocks: [.code(study.runs.map { "\($0.variant.name):\n  " + StudySupport.wrapped($0.run.specification) }.joined(separator: "\n"))]),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab depth " + reproduction)]),
            ])
        return try folder.write(report.render(), to: "depth.html")
    }

    /// CSV: one row per network and layer.
    static func csv(_ study: DepthStudy) -> String {
        var rows: [[String]] = []
        for run in study.runs {
            for (index, name) in run.weightNames.enumerated() {
                rows.append([run.variant.name, "\(index + 1)", name, "\(run.initialNorms[index])", "\(run.trainedNorms[index])"])
            }
        }
        return CSV.render(header: ["network", "layer", "weight", "norm at initialization", "norm after training"], rows: rows)
    }

    /// The `--json` object.
    static func json(_ study: DepthStudy, report: String) -> JSON {
        JSON.object([
            ("hiddenLayers", .integer(study.hiddenLayers)), ("width", .integer(study.width)),
            ("iterations", .integer(study.configuration.iterations)), ("batchSize", .integer(study.configuration.batchSize)),
            ("learningRate", .number(study.configuration.effectiveLearningRate)), ("probeSize", .integer(study.probeSize)),
            ("runs", .array(study.runs.map { run in
                .object([
                    ("name", .string(run.variant.name)), ("activation", .string(run.variant.activation.rawValue)),
                    ("structure", .string(run.variant.structure.rawValue)),
                    ("weightNames", .array(run.weightNames.map { .string($0) })),
                    ("initialNorms", .array(run.initialNorms.map { .number($0) })),
                    ("trainedNorms", .array(run.trainedNorms.map { .number($0) })),
                    ("initialRatio", .number(run.initialRatio)), ("trainedRatio", .number(run.trainedRatio)),
                    ("training", StudySupport.json(run.run)),
                ])
            })),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: the summary, the norms of every layer, and two charts.
    static func text(_ study: DepthStudy, report: String, folder: OutputFolder) -> String {
        let render = StudySupport.text
        let configuration = study.configuration
        var text = "Gradients through depth: \(study.hiddenLayers) hidden layers of \(study.width), SGD η = \(configuration.effectiveLearningRate), batch \(configuration.batchSize), \(configuration.iterations) steps\n"
        text += "‖∂L/∂W‖ on the first \(study.probeSize) training images; ratio = first hidden layer's / last hidden layer's (L = \(study.hiddenLayers))\n\n"
        text += render(StudySupport.droppingEmptyNotes(summaryTable(study))) + "\n"
        text += "‖∂L/∂W‖ of every layer at initialization (BN: BatchNorm, skip: residual)\n" + render(normTable(study, trained: false)) + "\n"
        let norms = normChart(study, trained: false)
        text += TextChart.render(series: norms.series, width: 72, height: 14, yScale: .logarithmic, title: norms.title + " (log)") + "\n"
        let losses = study.runs.map { run in
            let (x, y) = TrainingCharts.centredMovingAverage(run.run.history.losses)
            return ChartSeries(name: run.variant.name, x: x, y: y)
        }
        text += TextChart.render(series: losses, width: 72, height: 12, yScale: .logarithmic, title: "training loss (smoothed, log)") + "\n"
        return text + StudySupport.filesLine(report: report, folder: folder, prefix: "depth")
    }
}

import GradLab
import GradLabReports

extension ActivationsCommand {
    /// The activations in the order of the study.
    static func activationName(_ activation: HiddenActivation) -> String {
        switch activation {
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "ReLU"
        }
    }

    /// "sigmoid-xavier": a case's part of a file name.
    static func fileStem(_ studyCase: ActivationStudy.Case) -> String {
        let scale = switch studyCase.initialization {
        case .standardDeviation(let sigma): "sigma-\(sigma.formatted())"
        case .xavier: "xavier"
        case .he: "he"
        case .uniform: "uniform"
        }
        return "activations-\(studyCase.activation.rawValue)-\(scale)"
    }

    /// One case's histograms, one line per layer: the share of the layer's outputs in each bin,
    /// drawn at the bin's centre.
    static func histogramChart(_ study: ActivationStudy, _ studyCase: ActivationStudy.Case) -> LineChart {
        let total = Double(study.samples * study.width)
        let series = studyCase.layers.enumerated().map { index, layer in
            let width = (layer.range.upperBound - layer.range.lowerBound) / Double(layer.histogram.count)
            return ChartSeries(name: "layer \(index + 1)",
                               x: layer.histogram.indices.map { layer.range.lowerBound + (Double($0) + 0.5) * width },
                               y: layer.histogram.map { Double($0) / total }, width: 1.8, color: ChartPalette.color(at: index))
        }
        let what = studyCase.activation == .relu ? "outputs > 0" : "outputs"
        return LineChart(title: "\(activationName(studyCase.activation)), \(StudySupport.name(studyCase.initialization))",
                         xLabel: "activation value", yLabel: "share of \(what) per bin", series: series,
                         xRange: studyCase.activation == .relu ? nil : studyCase.layers[0].range)
    }

    /// The share of saturated outputs against the layer (sigmoid, tanh), or for ReLU, whose
    /// dead share does not depend on σ (scaling W keeps every sign), the outputs' standard
    /// deviation on a log axis: one line per weight scale.
    static func summaryChart(_ study: ActivationStudy, activation: HiddenActivation) -> LineChart {
        let cases = study.cases.filter { $0.activation == activation }
        let isReLU = activation == .relu
        let series = cases.enumerated().map { index, studyCase in
            ChartSeries(name: StudySupport.name(studyCase.initialization),
                        x: studyCase.layers.indices.map { Double($0 + 1) },
                        y: studyCase.layers.map { isReLU ? $0.standardDeviation : $0.saturatedShare },
                        style: [LineStyle.solid, .dashed, .dotted, .solid][index % 4], showsMarkers: true)
        }
        return LineChart(title: "\(activationName(activation)): " + (isReLU ? "standard deviation of the outputs" : "share of saturated outputs"),
                         xLabel: "layer", yLabel: isReLU ? "standard deviation" : "share of outputs", series: series,
                         yScale: isReLU ? .logarithmic : .linear, yRange: isReLU ? nil : 0...1)
    }

    /// The activations the study ran, in order, each once.
    static func activations(_ study: ActivationStudy) -> [HiddenActivation] {
        var seen: [HiddenActivation] = []
        for studyCase in study.cases where !seen.contains(studyCase.activation) { seen.append(studyCase.activation) }
        return seen
    }

    /// The charts, the CSV of every layer's numbers and the report, written into `folder`;
    /// returns the report's path.
    static func write(_ study: ActivationStudy, reproduction: String, to folder: OutputFolder) throws -> String {
        var sections: [HTMLReport.Section] = [
            .init(heading: "The experiment", blocks: [
                .paragraph("\(study.samples) × \(study.width) samples of N(0, 1) go through \(study.depth) layers of \(study.width) units, z = activation(z · W), with no bias. W is drawn from N(0, σ²) with σ = 1, σ = 0.01, Xavier's 1/√n or He's √(2/n) (n = \(study.width) inputs per unit). Each chart shows, for each layer, the share of its \(study.samples * study.width) outputs that falls in each of \(study.bins) bins."),
                .paragraph("Saturated (sigmoid, tanh): an output within \(ActivationStudy.saturationMargin) of a bound, where the slope is below about 0.01, so almost no gradient passes. Dead (ReLU): an output of exactly 0, where the slope is 0. ReLU's histograms count the outputs above 0; the zeros are the dead share."),
            ]),
        ]
        for activation in activations(study) {
            let cases = study.cases.filter { $0.activation == activation }
            var svgs: [String] = []
            for studyCase in cases {
                let svg = histogramChart(study, studyCase).svg(width: 440, height: 300)
                try folder.write(svg, to: fileStem(studyCase) + ".svg")
                svgs.append(svg)
            }
            let saturation = summaryChart(study, activation: activation).svg(width: 560, height: 320)
            try folder.write(saturation, to: "activations-\(activation.rawValue)-by-layer.svg")
            let table = self.table(study, activation: activation)
            var blocks: [HTMLReport.Block] = stride(from: 0, to: svgs.count, by: 2).map { .figureRow(Array(svgs[$0 ..< min($0 + 2, svgs.count)])) }
            blocks += [.svg(saturation), .table(header: table.header, rows: table.rows)]
            if activation == .relu {
                blocks.append(.paragraph("ReLU's dead share is the same for every σ: scaling W scales every pre-activation and keeps its sign. What σ changes is the size of the outputs: their standard deviation shrinks or grows by the same factor at every layer, except with He's σ = √(2/n), which keeps it."))
            }
            sections.append(.init(heading: activationName(activation), blocks: blocks))
        }
        sections.append(.init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab activations " + reproduction)]))
        try folder.write(csv(study), to: "activations.csv")
        let report = HTMLReport(title: "GradLab: activations through depth",
                                subtitle: "the book's section 6.2: \(study.depth) layers of \(study.width), \(study.samples) Gaussian samples",
                                sections: sections)
        return try folder.write(report.render(), to: "activations.html")
    }

    /// One row per weight scale: the saturated (or dead) share of each layer, then the last
    /// layer's standard deviation.
    static func table(_ study: ActivationStudy, activation: HiddenActivation) -> (header: [String], rows: [[String]]) {
        let word = activation == .relu ? "dead" : "saturated"
        let header = ["weights"] + (1...study.depth).map { "\(word) \($0)" } + ["std 1", "std \(study.depth)"]
        let rows = study.cases.filter { $0.activation == activation }.map { studyCase in
            [StudySupport.name(studyCase.initialization)] + studyCase.layers.map { fixed($0.saturatedShare, 3) }
                + [scientific(studyCase.layers[0].standardDeviation), scientific(studyCase.layers[study.depth - 1].standardDeviation)]
        }
        return (header, rows)
    }

    /// CSV: one row per case and layer.
    static func csv(_ study: ActivationStudy) -> String {
        var rows: [[String]] = []
        for studyCase in study.cases {
            for (index, layer) in studyCase.layers.enumerated() {
                rows.append([studyCase.activation.rawValue, StudySupport.name(studyCase.initialization), "\(index + 1)",
                             "\(layer.mean)", "\(layer.standardDeviation)", "\(layer.saturatedShare)",
                             "\(layer.range.lowerBound)", "\(layer.range.upperBound)",
                             layer.histogram.map(String.init).joined(separator: " ")])
            }
        }
        return CSV.render(header: ["activation", "weights", "layer", "mean", "std", "saturated or dead share",
                                   "histogram from", "histogram to", "histogram counts"], rows: rows)
    }

    /// The `--json` object.
    static func json(_ study: ActivationStudy, report: String) -> JSON {
        JSON.object([
            ("samples", .integer(study.samples)), ("width", .integer(study.width)), ("depth", .integer(study.depth)),
            ("bins", .integer(study.bins)), ("saturationMargin", .number(ActivationStudy.saturationMargin)),
            ("cases", .array(study.cases.map { studyCase in
                .object([
                    ("activation", .string(studyCase.activation.rawValue)),
                    ("weights", .string(StudySupport.name(studyCase.initialization))),
                    ("weightStandardDeviation", .number(studyCase.initialization.standardDeviation(inputs: study.width))),
                    ("layers", .array(studyCase.layers.map { layer in
                        .object([("mean", .number(layer.mean)), ("standardDeviation", .number(layer.standardDeviation)),
                                 ("saturatedShare", .number(layer.saturatedShare)),
                                 ("histogramRange", .array([.number(layer.range.lowerBound), .number(layer.range.upperBound)])),
                                 ("histogram", .array(layer.histogram.map { .integer($0) }))])
                    })),
                ])
            })),
            ("report", .string(report)),
        ])
    }

    /// For the terminal: per activation, the table and the saturated share against the layer.
    static func text(_ study: ActivationStudy, report: String, folder: OutputFolder) -> String {
        var text = "Activations through depth at initialization: \(study.samples) × \(study.width) Gaussian inputs, \(study.depth) layers of \(study.width) (the book's 6.2)\n"
        text += "saturated: output within \(ActivationStudy.saturationMargin) of a bound (sigmoid, tanh); dead: output exactly 0 (ReLU); std: standard deviation of a layer's outputs\n\n"
        for activation in activations(study) {
            let table = self.table(study, activation: activation)
            var textTable = TextTable(table.header)
            for row in table.rows { textTable.add(row) }
            text += activationName(activation) + "\n" + textTable.text + "\n\n"
            let chart = summaryChart(study, activation: activation)
            text += TextChart.render(series: chart.series, width: 64, height: 9, yScale: chart.yScale,
                                     title: chart.title + ", layer 1 to \(study.depth)") + "\n"
        }
        return text + StudySupport.filesLine(report: report, folder: folder, prefix: "activations")
    }
}

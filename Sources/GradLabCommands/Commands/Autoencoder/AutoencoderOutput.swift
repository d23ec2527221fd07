import Foundation
import GradLab
import GradLabReports

extension AutoencoderCommand {
    /// The train and test loss after every epoch.
    static func lossChart(_ study: AutoencoderStudy) -> LineChart {
        let epochs = study.epochs.map { Double($0.epoch) }
        var series = [ChartSeries(name: "train (mean over the epoch)", x: epochs, y: study.epochs.map(\.trainLoss), showsMarkers: true),
                      ChartSeries(name: "test", x: epochs, y: study.epochs.map(\.testLoss), style: .dashed, showsMarkers: true)]
        if let baseline = study.baseline {
            series.append(ChartSeries(name: "PCA-\(study.autoencoder.codeSize), test", x: epochs,
                                      y: epochs.map { _ in baseline.measure.loss }, style: .dotted))
        }
        return LineChart(title: "Reconstruction loss", xLabel: "epoch", yLabel: LossKind(study.autoencoder.network.lossLayer)?.rawValue ?? "loss",
                         series: series)
    }

    /// One row of pictures per kind (clean, noisy, the autoencoder's, PCA's), one column per test
    /// image, each pixel's value in [0, 1] drawn as it is (0 black, 1 white), three times enlarged.
    static func imageGrid(_ pictures: AutoencoderStudy.Pictures) -> GrayscaleImage {
        let rows = [pictures.clean, pictures.noisy, pictures.reconstructions, pictures.baseline].compactMap { $0 }
        let (count, size) = (pictures.clean.shape[0], pictures.clean.shape[1])
        let side = Int(Double(size).squareRoot())
        let (width, height) = side * side == size ? (side, side) : (size, 1)
        let tiles = rows.flatMap { images in
            (0..<count).map { n in
                GrayscaleImage(width: width, height: height,
                               pixels: images.row(n).scalars.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }).scaled(by: 3)
            }
        }
        return GrayscaleImage.grid(tiles, columns: count, gap: 3)
    }

    /// The test codes of a 2-number code, one colour per digit.
    static func codeChart(_ codes: (codes: Tensor, labels: [Int])) -> ScatterChart {
        let groups = (0..<10).map { digit in
            let rows = codes.labels.indices.filter { codes.labels[$0] == digit }
            return ScatterChart.Group(name: "\(digit)", x: rows.map { codes.codes[$0, 0] }, y: rows.map { codes.codes[$0, 1] })
        }
        return ScatterChart(title: "The test images' codes, by digit", xLabel: "code 1", yLabel: "code 2", groups: groups)
    }

    /// The comparison: the autoencoder and PCA, each with its test loss and pixel error.
    static func table(_ study: AutoencoderStudy) -> (header: [String], rows: [[String]]) {
        let code = study.autoencoder.codeSize
        var rows = [["autoencoder", "\(code)", fixed(study.measure.loss, 5), fixed(study.measure.pixelError, 5), ""]]
        if let baseline = study.baseline {
            rows.append(["PCA", "\(code)", fixed(baseline.measure.loss, 5), fixed(baseline.measure.pixelError, 5),
                         "explains \(fixed(100 * baseline.components.explainedVariance, 1))% of the variance"])
        }
        return (["model", "code", "test loss", "pixel MSE", "note"], rows)
    }

    /// The charts, pictures, CSV and report, written into `folder`; returns the report's path.
    static func write(_ study: AutoencoderStudy, noise: Double, data: String, reproduction: String, to folder: OutputFolder) throws -> String {
        let lossSVG = lossChart(study).svg()
        try folder.write(lossSVG, to: "autoencoder-loss.svg")
        let grid = imageGrid(study.pictures)
        try folder.write(grid.png(), to: "autoencoder-images.png")
        try folder.write(CSV.render(header: ["epoch", "train loss", "test loss"],
                                    rows: study.epochs.map { ["\($0.epoch)", "\($0.trainLoss)", "\($0.testLoss)"] }),
                         to: "autoencoder-epochs.csv")
        let rowNames = ["the test images"] + (noise > 0 ? ["with noise σ = \(noise) (the input)"] : []) + ["the autoencoder's reconstructions"]
            + (study.baseline == nil ? [] : ["PCA-\(study.autoencoder.codeSize)'s"])
        var pictureBlocks: [HTMLReport.Block] = [.image(grid, caption: "Rows, top to bottom: " + rowNames.joined(separator: "; ") + ".")]
        if let codes = study.codes {
            let svg = codeChart(codes).svg()
            try folder.write(svg, to: "autoencoder-codes.svg")
            pictureBlocks.append(.svg(svg))
        }
        let table = table(study)
        let configuration = study.configuration
        let report = HTMLReport(
            title: "GradLab: autoencoder" + (noise > 0 ? " (denoising, σ = \(noise))" : ""),
            subtitle: "\(study.autoencoder.imageSize) → \(study.autoencoder.codeSize) → \(study.autoencoder.imageSize) on \(data); \(configuration.optimizer.rawValue) η = \(configuration.effectiveLearningRate), batch \(configuration.batchSize), \(study.epochs.count) epochs",
            sections: [
                .init(heading: "Reconstruction", blocks: [
                    .paragraph("The label is the image itself: the network squeezes each image through \(study.autoencoder.codeSize) numbers and rebuilds it. Test loss: on the whole test set, against the clean images\(noise > 0 ? " (the inputs noisy, as in training)" : ""). Pixel MSE: the mean squared error of the rebuilt pixels in [0, 1]. PCA keeps the \(study.autoencoder.codeSize) directions of largest variance of the clean training images: the best a linear code of that size can do in squared error."),
                    .table(header: table.header, rows: table.rows), .svg(lossSVG),
                ]),
                .init(heading: "Pictures", blocks: pictureBlocks),
                .init(heading: "The network", blocks: [.code("encoder: \(study.autoencoder.encoder)\ndecoder: \(study.autoencoder.decoder)")]),
                .init(heading: "Reproduce", blocks: [.code("swift run -c release gradlab autoencoder " + reproduction)]),
            ])
        return try folder.write(report.render(), to: "autoencoder.html")
    }

    /// The `--json` object.
    static func json(_ study: AutoencoderStudy, noise: Double, seconds: Double, report: String) -> JSON {
        var pairs: [(String, JSON)] = [
            ("encoder", .string(study.autoencoder.encoder)), ("decoder", .string(study.autoencoder.decoder)),
            ("codeSize", .integer(study.autoencoder.codeSize)), ("noise", .number(noise)),
            ("loss", .string(LossKind(study.autoencoder.network.lossLayer)?.rawValue ?? "")),
            ("epochs", .array(study.epochs.map { .object([("epoch", .integer($0.epoch)), ("trainLoss", .number($0.trainLoss)),
                                                          ("testLoss", .number($0.testLoss))]) })),
            ("testLoss", .number(study.measure.loss)), ("testPixelError", .number(study.measure.pixelError)),
        ]
        if let baseline = study.baseline {
            pairs.append(("pca", .object([("codeSize", .integer(baseline.components.variances.count)),
                                          ("testLoss", .number(baseline.measure.loss)),
                                          ("testPixelError", .number(baseline.measure.pixelError)),
                                          ("explainedVariance", .number(baseline.components.explainedVariance))])))
        }
        pairs += [("seconds", .number(seconds)), ("outcome", .string(study.history.outcome.rawValue)), ("report", .string(report))]
        return JSON.object(pairs)
    }

    /// For the terminal: the comparison table and where the report is.
    static func text(_ study: AutoencoderStudy, seconds: Double, report: String) -> String {
        StudySupport.text(table(study)) + "trained and measured in \(fixed(seconds, 1)) s\nreport: \(report)"
    }
}

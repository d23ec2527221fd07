import GradLab

/// `gradlab activations`: the book's section 6.2 experiment. Gaussian inputs through a stack of
/// layers at initialization, for each activation and weight scale: the histogram of every
/// layer's outputs and the share of saturated (or dead) units.
enum ActivationsCommand: RunnableCommand {
    static let samples = Option<Int>("samples", "N", help: "Rows of the Gaussian input.", default: 1000, range: 1...100_000)
    static let width = Option<Int>("width", "N", help: "Units per layer (and features per input row).", default: 100, range: 1...2000)
    static let depth = Option<Int>("depth", "N", help: "Layers.", default: 5, range: 1...100)
    static let bins = Option<Int>("bins", "N", help: "Bins per histogram.", default: 30, range: 1...1000)

    static let definition = CommandDefinition(
        name: "activations",
        abstract: "Activations through depth at initialization: histograms and saturated units (the book's 6.2).",
        discussion: """
            Sends 1000 × 100 samples of N(0, 1) through 5 layers of 100 units (no bias, as in the \
            book's weight_init_activation_histogram.py) with the sigmoid, tanh and ReLU, and weights \
            of σ = 1, σ = 0.01, Xavier (1/√n) and He (√(2/n)). For every layer: the histogram of its \
            outputs, their mean and standard deviation, and the share of saturated outputs \
            (sigmoid and tanh: within 0.01 of a bound, where the slope is below about 0.01) or dead \
            ones (ReLU: exactly 0, where the slope is 0). Every case draws the same standard-normal \
            weights from the seed, scaled by its σ.
            """,
        options: [samples, width, depth, bins, CommonOptions.seed, CommonOptions.json, CommonOptions.out])

    /// Reads the options, runs the study, writes the charts, CSV and report, prints the table and
    /// charts or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let samples = try arguments[Self.samples], width = try arguments[Self.width]
        let depth = try arguments[Self.depth], bins = try arguments[Self.bins]
        let seed = try arguments[CommonOptions.seed]
        let json = try arguments[CommonOptions.json]
        try MemoryBudget.check(samples * width * 8 * 4,
                               for: "\(samples) samples of \(width) features", advice: "--samples or --width")
        let folder = try OutputFolder(path: OutputIndex.folder(arguments[CommonOptions.out], command: definition.name))

        let study = ActivationStudy(samples: samples, width: width, depth: depth, bins: bins, seed: seed)

        let report = try write(study, reproduction: arguments.reproductionArguments, to: folder)
        if json {
            console.line(self.json(study, report: report).text)
        } else {
            console.write(text(study, report: report, folder: folder))
        }
    }
}

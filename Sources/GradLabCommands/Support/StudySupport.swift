import GradLab
import GradLabData
import GradLabReports

/// What the four study commands (`activations`, `depth`, `overfitting`, `batchnorm`) share:
/// names for weight scales, the training set cut to a size, progress over many runs.
enum StudySupport {
    /// "σ = 1", "σ = 0.01", "Xavier", "He": a weight scale as the book's figures label it.
    static func name(_ initialization: WeightInitialization) -> String {
        switch initialization {
        case .standardDeviation(let sigma): "σ = \(sigma.formatted())"
        case .xavier: "Xavier"
        case .he: "He"
        case let .uniform(lower, upper): "uniform [\(lower.formatted()), \(upper.formatted()))"
        }
    }

    /// The first `size` images of `images`; `option` names the option that asked, for the
    /// message when the set is smaller (a usage mistake, exit 2).
    static func first(_ size: Int, of images: LabeledImages, option: String, command: String) throws -> LabeledImages {
        guard size <= images.count else {
            throw ArgumentError(.outOfRange(option: option, value: String(size), lowerBound: "1",
                                            upperBound: String(images.count), example: String(images.count)),
                                command: command)
        }
        return images.subset(0..<size)
    }

    /// A progress bar over `runs` training runs of `iterationsPerRun` iterations each, fed with
    /// the studies' `(run index, event)` callbacks.
    struct Progress {
        var bar: ProgressBar
        let iterationsPerRun: Int

        init(runs: Int, iterationsPerRun: Int, label: String, console: Console) {
            bar = ProgressBar(total: runs * iterationsPerRun, label: label, console: console)
            self.iterationsPerRun = iterationsPerRun
        }

        /// Moves the bar on after an iteration of run `index`.
        mutating func update(_ index: Int, _ event: TrainingEvent) {
            guard case let .iteration(iteration, loss) = event else { return }
            bar.update(index * iterationsPerRun + iteration + 1, detail: "run \(index + 1), loss \(fixed(loss, 4))")
        }
    }

    /// "diverged at iteration 12" or "" for a run that completed.
    static func status(_ run: StudyRun) -> String {
        run.divergence.map { "diverged at iteration \($0.iteration)" } ?? ""
    }

    /// The `--json` of one training run: its name, network, final accuracies, final loss, the
    /// per-epoch records, and where it diverged (null if it did not).
    static func json(_ run: StudyRun, includeTest: Bool = true) -> JSON {
        var pairs: [(String, JSON)] = [
            ("name", .string(run.name)), ("network", .string(run.specification)),
            ("iterations", .integer(run.history.losses.count)),
            ("finalTrainAccuracy", .number(run.finalTrainAccuracy)),
        ]
        if includeTest { pairs.append(("finalTestAccuracy", .number(run.finalTestAccuracy))) }
        pairs.append(("finalLoss", run.history.losses.last.map { .number($0) } ?? .null))
        pairs.append(("epochs", .array(run.history.epochs.map {
            .object([("iteration", .integer($0.iteration)), ("trainAccuracy", .number($0.trainAccuracy))]
                    + (includeTest ? [("testAccuracy", .number($0.testAccuracy))] : []))
        })))
        pairs.append(("divergedAtIteration", run.divergence.map { .integer($0.iteration) } ?? .null))
        return .object(pairs)
    }

    /// `table` without its last column when no row has anything in it (the "note" column of
    /// runs that all completed).
    static func droppingEmptyNotes(_ table: (header: [String], rows: [[String]])) -> (header: [String], rows: [[String]]) {
        guard table.rows.allSatisfy({ $0.last?.isEmpty ?? true }) else { return table }
        return (Array(table.header.dropLast()), table.rows.map { Array($0.dropLast()) })
    }

    /// A network description broken at its commas into lines of at most about `width`
    /// characters, each after the first indented by `indent`: for reports, where one line of
    /// twenty layers would run off the page.
    static func wrapped(_ specification: String, width: Int = 88, indent: String = "  ") -> String {
        var lines: [String] = []
        var line = ""
        var depth = 0
        var item = ""
        func flush() {
            if !line.isEmpty && line.count + item.count > width {
                lines.append(line)
                line = ""
            }
            line += item
            item = ""
        }
        for character in specification {
            item.append(character)
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 { item.append(" "); flush() }
            else if character == " " && item == " " { item = "" }
        }
        flush()
        lines.append(line)
        return lines.map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }.joined(separator: "\n" + indent)
    }

    /// Renders a table for the terminal.
    static func text(_ table: (header: [String], rows: [[String]])) -> String {
        var text = TextTable(table.header)
        for row in table.rows { text.add(row) }
        return text.text + "\n"
    }

    /// The note every study's text ends with: where the pictures are.
    static func filesLine(report: String, folder: OutputFolder, prefix: String) -> String {
        "report: \(report) (charts: \(folder.url.path)/\(prefix)-*.svg)\n"
    }
}

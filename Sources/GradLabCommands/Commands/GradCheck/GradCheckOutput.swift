import GradLab
import GradLabReports

extension GradCheckCommand {
    /// For the terminal: one row per parameter, the round-off floor, the timings and the verdict.
    static func text(_ result: Result) -> String {
        var table = TextTable(["param", "shape", "mean |a−n|", "norm-rel err", "worst rel err",
                               "worst at", "backprop", "numeric", "judged", "verdict"])
        for c in result.report.comparisons {
            table.add([c.name, c.shape.map(String.init).joined(separator: "×"),
                       scientific(c.meanAbsoluteDifference), scientific(c.normRelativeError),
                       c.maxRelativeError.map { scientific($0) } ?? "–",
                       c.worstIndex.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "–",
                       c.worstAnalytic.map { scientific($0, digits: 6) } ?? "–",
                       c.worstNumeric.map { scientific($0, digits: 6) } ?? "–",
                       "\(c.comparedCount - c.belowFloorCount - c.kinksCrossed)/\(c.comparedCount)",
                       c.verdict.rawValue])
        }
        let floor = result.report.comparisons.first?.roundOffFloor ?? 0
        let ratio = result.numericSeconds / result.backpropSeconds
        return """
            Gradient check: \(result.description)
            loss \(fixed(result.report.loss, 6))

            \(table.text)\(nonFiniteLines(result.report))\(kinkLines(result.report))

            "judged": elements with |a| + |n| above the round-off floor \(scientific(floor)) = ε·max(|L|,1)/h / 1e-7;
            below it, round-off alone (about ε·|L|/h) could push the relative error out of the "good" band.
            numerical gradient \(duration(result.numericSeconds)) (\(result.lossEvaluations) loss evaluations), \
            backprop \(duration(result.backpropSeconds)): backprop is \(fixed(ratio, 0))× faster
            verdict: \(result.report.verdict.rawValue)
            \(taylorLine(result))
            """ + pairsText(result)
    }

    /// The step-free check in one sentence, as the terminal and the main job's report say it.
    static func taylorLine(_ result: Result) -> String {
        "step-free check: the Taylor remainder |L(θ + εv) − L(θ) − ε∇L·v| falls with slope \(fixed(result.taylor.slope, 2)) "
            + "(2 means the backprop gradient is right, 1 wrong): \(result.taylor.gradientIsRight ? "right" : "WRONG")"
            + (result.kinks.isEmpty ? "" : "; the elements at kinks are held still")
    }

    /// The `--sources` pairs beyond numeric against backprop: one line per parameter and pair.
    static func pairsText(_ result: Result) -> String {
        let extra = result.pairs.filter { !($0.a == "numeric" && $0.b == "backprop") }
        guard !extra.isEmpty else { return "" }
        return "\n\nThe other pairs of --sources:\n\n" + pairsTable(extra).text
    }

    /// One line per parameter and pair.
    static func pairsTable(_ pairs: [Pair]) -> TextTable {
        var table = TextTable(["pair", "param", "mean |a−b|", "norm-rel err", "worst rel err", "verdict"])
        for pair in pairs {
            for c in pair.report.comparisons {
                table.add(["\(pair.a) – \(pair.b)", c.name, scientific(c.meanAbsoluteDifference), scientific(c.normRelativeError),
                           c.maxRelativeError.map { scientific($0) } ?? "–", c.verdict.rawValue])
            }
        }
        return table
    }

    /// The output when --sources leaves out numeric or backprop: only the gradients asked for
    /// were computed, and every pair of them is compared.
    static func pairsOnlyText(_ description: String, _ pairs: [Pair]) -> String {
        let verdict = pairs.map(\.report.verdict).max() ?? .good
        return "Gradient comparison: \(description)\nloss \(fixed(pairs[0].report.loss, 6))\n\n"
            + "Every pair of --sources:\n\n" + pairsTable(pairs).text
            + pairs.map { kinkLines($0.report) }.joined()
            + "\nverdict: \(verdict.rawValue)"
    }

    /// The `--json` object when --sources leaves out numeric or backprop.
    static func pairsJSON(_ pairs: [Pair]) -> JSON {
        .object([
            ("loss", .number(pairs[0].report.loss)),
            ("verdict", .string((pairs.map(\.report.verdict).max() ?? .good).rawValue)),
            ("comparisons", .array(pairs.map(pairJSON))),
        ])
    }

    /// A line per parameter whose gradients hold NaN or infinity (their errors mean nothing),
    /// naming the first such element and both values; each line starts with a newline, so
    /// nothing is added when every value is finite.
    static func nonFiniteLines(_ report: GradientCheckReport) -> String {
        report.comparisons.compactMap { c -> String? in
            guard let index = c.firstNonFiniteIndex, let a = c.firstNonFiniteAnalytic, let n = c.firstNonFiniteNumeric else {
                return nil
            }
            return "\n\(c.name): \(c.nonFiniteCount) of \(c.comparedCount) compared values are not finite numbers; the first at "
                + "[\(index.map(String.init).joined(separator: ", "))]: backprop \(a), numeric \(n)"
        }.joined()
    }

    /// The kinks crossed, at most 10 of them, under a heading; nothing when there were none.
    static func kinkLines(_ report: GradientCheckReport) -> String {
        let notes = report.kinkNotes
        guard !notes.isEmpty else { return "" }
        let shown = notes.prefix(10).map { "\n  " + $0 }.joined()
        return "\n\n\(notes.count) element\(notes.count == 1 ? "" : "s") crossed a kink within ±h (counted, not judged):" + shown
            + (notes.count > 10 ? "\n  … and \(notes.count - 10) more (all in --json)" : "")
    }

    /// The `--json` object.
    static func json(_ result: Result) -> JSON {
        .object([
            ("parameters", .array(result.report.comparisons.map { comparisonJSON($0) })),
            ("loss", .number(result.report.loss)),
            ("h", .number(result.report.h)),
            ("verdict", .string(result.report.verdict.rawValue)),
            ("numericSeconds", .number(result.numericSeconds)),
            ("backpropSeconds", .number(result.backpropSeconds)),
            ("lossEvaluations", .integer(result.lossEvaluations)),
            ("taylorSlope", .number(result.taylor.slope)),
            ("kinks", .array(result.report.comparisons.flatMap { c in
                c.kinks.map { kink in
                    .object([("parameter", .string(c.name)), ("index", .array(kink.index.map { .integer($0) })),
                             ("left", .number(kink.left)), ("right", .number(kink.right)), ("backprop", .number(kink.analytic))])
                }
            })),
            ("comparisons", .array(result.pairs.map(pairJSON))),
        ])
    }

    /// One pair of --sources: its two names and a comparison per parameter.
    static func pairJSON(_ pair: Pair) -> JSON {
        .object([("a", .string(pair.a)), ("b", .string(pair.b)),
                 ("parameters", .array(pair.report.comparisons.map { comparisonJSON($0, a: pair.a, b: pair.b) }))])
    }

    /// One parameter's comparison as JSON (also in the main job's). The worst element's two
    /// values are named after the pair's sources: `worstB` holds b's value, `worstA` a's
    /// (`worstBackprop` and `worstNumeric` for the default pair; `worstTape` and `worstNumeric`
    /// for numeric–tape).
    static func comparisonJSON(_ c: GradientComparison, a: String = GradientKind.numeric.rawValue,
                               b: String = GradientKind.backprop.rawValue) -> JSON {
        let (worstB, worstA) = (worstField(b), worstField(a))
        return .object([
            ("name", .string(c.name)),
            ("shape", .array(c.shape.map { .integer($0) })),
            ("meanAbsDiff", .number(c.meanAbsoluteDifference)),
            ("normRelError", .number(c.normRelativeError)),
            ("maxRelError", c.maxRelativeError.map { .number($0) } ?? .null),
            ("worst", c.worstIndex.map { .array($0.map { .integer($0) }) } ?? .null),
            (worstB, c.worstAnalytic.map { .number($0) } ?? .null),
            (worstA, c.worstNumeric.map { .number($0) } ?? .null),
            ("roundOffFloor", .number(c.roundOffFloor)),
            ("belowFloor", .integer(c.belowFloorCount)),
            ("nonFinite", .integer(c.nonFiniteCount)),
            ("firstNonFinite", c.firstNonFiniteIndex.map { .array($0.map { .integer($0) }) } ?? .null),
            ("verdict", .string(c.verdict.rawValue)),
        ])
    }

    /// The JSON field of the worst element's value from `source`: "tape" → "worstTape".
    static func worstField(_ source: String) -> String {
        "worst" + source.prefix(1).uppercased() + String(source.dropFirst())
    }

    /// One CSV line per parameter.
    static func csv(_ report: GradientCheckReport) -> String {
        CSV.render(header: ["name", "meanAbsDiff", "normRelError", "maxRelError", "worst", "verdict"],
                   rows: report.comparisons.map { c in
                       [c.name, "\(c.meanAbsoluteDifference)", "\(c.normRelativeError)",
                        c.maxRelativeError.map { "\($0)" } ?? "",
                        c.worstIndex.map { $0.map(String.init).joined(separator: " ") } ?? "", c.verdict.rawValue]
                   })
    }
}

import GradLab

/// How a training run ended, told the same way by the terminal, the reports and the JSON of
/// `train`, the main job and `bench`: a run cut short (Ctrl-C, or a divergence) says so
/// everywhere its numbers appear, so that no report passes off a partial run as a whole one.
enum RunStatus {
    /// "the last 5 iterations" style count: "1 iteration", "1,234 iterations".
    static func iterations(_ count: Int) -> String {
        "\(groupedThousands(count)) iteration\(count == 1 ? "" : "s")"
    }

    /// `nil` for a completed run; otherwise a sentence for the top of a report:
    /// "Interrupted (Ctrl-C) after 1,234 of 10,000 iterations: …".
    static func note(_ history: TrainingHistory, planned: Int, divergence: Divergence? = nil) -> String? {
        let done = history.losses.count
        switch history.outcome {
        case .completed:
            return nil
        case .interrupted:
            return "Interrupted (Ctrl-C) after \(groupedThousands(done)) of \(iterations(planned)): the curves, "
                + "accuracies and numbers here are those recorded until then."
        case .stoppedEarly:
            let best = history.bestValidation.map { " The network kept is the one of epoch \($0.epoch), whose validation loss was the lowest." } ?? ""
            return "Stopped early after \(groupedThousands(done)) of \(iterations(planned)): the validation loss had stopped improving.\(best)"
        case .diverged:
            let what = divergence.map { "\($0)." } ?? "Training diverged."
            return "\(what[what.startIndex].uppercased())\(what.dropFirst()) The curves here end after "
                + "\(groupedThousands(done)) of \(iterations(planned)), before the values stopped being finite numbers."
        }
    }

    /// "final" for a completed run, "last measured (iteration 600)" for one cut short: the label
    /// of the accuracies at the end of a run.
    static func accuracyLabel(_ history: TrainingHistory) -> String {
        guard history.outcome != .completed else { return "final" }
        return history.epochs.last.map { "last measured (iteration \($0.iteration))" } ?? "never measured"
    }

    /// The `--json` keys every training command adds: how the run ended and how far it got, and
    /// for a divergence where it happened.
    static func json(_ history: TrainingHistory, divergence: Divergence? = nil) -> [(String, JSON)] {
        var pairs: [(String, JSON)] = [("outcome", .string(history.outcome.rawValue)),
                                       ("iterationsDone", .integer(history.losses.count))]
        if let divergence {
            pairs.append(("divergence", .object([
                ("iteration", .integer(divergence.iteration)),
                // JSON has no NaN or infinity: the loss as text keeps which one it was.
                ("loss", .string("\(divergence.loss)")),
                ("firstNonFinite", divergence.firstNonFinite.map(elementJSON) ?? .null),
                ("largestParameter", divergence.largestParameter.map(elementJSON) ?? .null),
                ("message", .string(divergence.description)),
            ])))
        }
        return pairs
    }

    /// One element of a weight or gradient as JSON, its value as text (it may be NaN).
    static func elementJSON(_ element: ParameterElement) -> JSON {
        .object([("kind", .string(element.kind.rawValue)), ("name", .string(element.name)),
                 ("index", .array(element.index.map { .integer($0) })), ("value", .string("\(element.value)"))])
    }
}

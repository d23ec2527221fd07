import Foundation

extension WatchCommand {
    /// What one round found: the build's errors, or the verdicts of the exercises just saved,
    /// the progress, and the first exercise that does not pass yet.
    struct Report {
        /// One exercise as the check's JSON describes it.
        struct Entry: Equatable {
            var number: Int
            var id: String
            var title: String
            var file: String
            var status: String
            var detail: String
            /// The library code that solves it (empty until it passes).
            var solution: String
        }

        /// How the round ended.
        enum Outcome: Equatable {
            /// The compiler refused the code: its first errors.
            case buildFailed(String)
            /// The check ran: how many pass, of how many, how many fail, the exercises whose files
            /// were saved, and the next to do.
            case checked(done: Int, total: Int, failed: Int, saved: [Entry], next: Entry?)
            /// The check could not run or its output could not be read.
            case checkFailed(String)
        }

        /// The files whose saving set the round off (empty for the first round).
        var changed: [String]
        /// How long `swift build` took.
        var buildSeconds: Double
        /// How long the check took (0 when the build failed).
        var checkSeconds: Double = 0
        /// What happened.
        var outcome: Outcome

        /// Reads the report out of `gradlab check --json`'s output; `changed` picks the exercises
        /// whose folders hold a saved file.
        static func outcome(ofCheck check: ChildProcess.Result, changed: [String] = []) -> Outcome {
            guard let data = check.output.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let exercises = object["exercises"] as? [[String: Any]],
                  let summary = object["summary"] as? [String: Any],
                  let done = summary["done"] as? Int, let total = summary["total"] as? Int else {
                return .checkFailed(crashSummary(check.errorOutput + check.output, status: check.status))
            }
            let entries = exercises.enumerated().map { index, fields in
                Entry(number: index + 1, id: fields["id"] as? String ?? "", title: fields["title"] as? String ?? "",
                      file: fields["file"] as? String ?? "", status: fields["status"] as? String ?? "",
                      detail: fields["detail"] as? String ?? "", solution: fields["solution"] as? String ?? "")
            }
            let saved = entries.filter { entry in
                let folder = entry.file.split(separator: "/").dropLast().joined(separator: "/") + "/"
                return changed.contains { $0.hasPrefix(folder) }
            }
            let next = entries.first { $0.id == summary["next"] as? String }
            return .checked(done: done, total: total, failed: summary["failed"] as? Int ?? 0, saved: saved, next: next)
        }

        /// Why the check printed no report. `check` runs each exercise apart, so a crash in a
        /// student's code is a verdict; should the check itself crash, say what and where (see
        /// ``CrashReport``), without the whole backtrace.
        static func crashSummary(_ output: String, status: Int32) -> String {
            let markers = ["Precondition failed", "Fatal error", "Assertion failed", "Program crashed"]
            guard output.split(separator: "\n").contains(where: { line in markers.contains { line.contains($0) } }) else {
                let text = output.split(separator: "\n").prefix(15).joined(separator: "\n")
                return text.isEmpty ? "gradlab check exited with status \(status) and printed nothing" : text
            }
            let report = CrashReport(errorOutput: output, signal: status, studentFile: "")
            return "The check crashed: " + report.text.dropFirst("crashed: ".count) + "\nThe whole report: swift run gradlab check --verbose"
        }

        /// The compiler's first three errors, each with the source lines it shows (at most 40
        /// lines in all), paths relative to `root`: the rest is usually the same mistake echoed.
        static func compilerErrors(_ output: String, root: String = "") -> String {
            var kept: [String] = [], errors = 0, inSnippet = false
            for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                // A diagnostic starts "path:line:column: error: …" (or "error: …"); the source
                // lines under it each carry a "|".
                let isHeader = (line.contains(": error:") || line.hasPrefix("error:")) && !line.contains("|")
                if isHeader {
                    inSnippet = false
                    let shown = root.isEmpty ? line : line.replacingOccurrences(of: root + "/", with: "")
                    if kept.contains(shown) { continue }  // the same error, reported twice
                    errors += 1
                    if errors > 3 { break }
                    kept.append(shown)
                    inSnippet = true
                } else if inSnippet {
                    guard line.contains("|") else { inSnippet = false; continue }
                    kept.append(line)
                }
                if kept.count >= 40 { break }
            }
            return kept.isEmpty ? output.split(separator: "\n").suffix(15).joined(separator: "\n") : kept.joined(separator: "\n")
        }
    }

    /// The round for the terminal: what changed and how long it took, the progress bar, and the
    /// first unfinished exercise with its verdict.
    static func text(_ report: Report) -> String {
        let what = report.changed.isEmpty ? "First check" : report.changed.joined(separator: ", ") + " saved"
        var lines = ["\(what): built in \(format(report.buildSeconds)) s"
                     + (report.checkSeconds > 0 ? ", checked in \(format(report.checkSeconds)) s" : "") + ".", ""]
        switch report.outcome {
        case .buildFailed(let errors):
            lines += ["The build failed; fix this, then save:", "", errors]
        case .checkFailed(let message):
            lines += ["The check could not run:", message]
        case .checked(let done, let total, let failed, let saved, let next):
            for entry in saved {
                lines += describe(entry) + [""]
            }
            let width = 22, filled = total == 0 ? 0 : done * width / total
            lines.append("\(done)/\(total) done [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
                         + (failed > 0 ? ", \(failed) failed" : "") + (next == nil ? ": all exercises pass." : ""))
            if let next, !saved.contains(next) {
                lines += ["", "Next:"] + describe(next)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// An exercise's verdict in a few lines: mark, number, id and status; title and file; the
    /// detail; the library code once it passes, or where to get help.
    static func describe(_ entry: Report.Entry) -> [String] {
        let mark = switch entry.status {
        case "passed": "✓"
        case "FAILED": "✗"
        case "in progress": "…"
        default: "·"
        }
        var lines = ["\(mark) \(entry.number). \(entry.id)  \(entry.status)", "    \(entry.title) (\(entry.file))"]
        if !entry.detail.isEmpty { lines.append(CheckCommand.indented(entry.detail)) }
        if entry.status == "passed" {
            lines.append("    Compare with the library: \(entry.solution)")
        } else {
            lines.append("    Stuck? swift run gradlab hint \(entry.id)   The full report: swift run gradlab check \(entry.id)")
        }
        return lines
    }

    /// `{"changed", "buildSeconds", "checkSeconds", "build", …}`: `build` is "ok" or "failed"
    /// (with `errors`); after a check, `done`, `total`, `failed`, `saved` (the exercises whose files
    /// were saved) and `next`, each exercise as `{"number", "id", "title", "file", "status",
    /// "detail"}` (`next` is null when all pass).
    static func json(_ report: Report) -> JSON {
        var fields: [(String, JSON)] = [("changed", .array(report.changed.map { .string($0) })),
                                        ("buildSeconds", .number(report.buildSeconds)),
                                        ("checkSeconds", .number(report.checkSeconds))]
        switch report.outcome {
        case .buildFailed(let errors):
            fields += [("build", "failed"), ("errors", .string(errors))]
        case .checkFailed(let message):
            fields += [("build", "ok"), ("checkError", .string(message))]
        case .checked(let done, let total, let failed, let saved, let next):
            let object: (Report.Entry) -> JSON = { entry in
                .object([("number", .integer(entry.number)), ("id", .string(entry.id)), ("title", .string(entry.title)),
                         ("file", .string(entry.file)), ("status", .string(entry.status)), ("detail", .string(entry.detail))])
            }
            fields += [("build", "ok"), ("done", .integer(done)), ("total", .integer(total)), ("failed", .integer(failed)),
                       ("saved", .array(saved.map(object))), ("next", next.map(object) ?? .null)]
        }
        return .object(fields)
    }

    /// Seconds with one decimal.
    static func format(_ seconds: Double) -> String {
        String(format: "%.1f", seconds)
    }
}

// The parser itself: one pass over the arguments, the help texts, and the "did you mean"
// suggestions. It feels like swift-argument-parser without depending on it.

/// Parses the arguments of a ``CommandDefinition`` and writes its `--help` text.
///
/// The command line of one subcommand is read left to right:
///
/// ```text
/// gradlab train --learning-rate 0.1 --batch=50 --verbose -- -file-with-dash
///               └ value option ───┘ └ = form ┘ └ flag ─┘ │  └ positional ─┘
///                                                       └ ends the options
/// ```
///
/// - `--name value` and `--name=value` set a value option; a value may start with `-` only if
///   it is a number (`--shift -3`), otherwise write `--name=-text`.
/// - `--flag` sets a flag; `--flag=value` is an error.
/// - `-h` or `--help` anywhere before `--` asks for help; nothing else is checked then, so
///   `gradlab train --bogus --help` shows help instead of an error.
/// - `--` ends the options: everything after it is positional.
///
/// Unknown subcommands are the caller's business; ``suggestion(for:among:)`` helps it say
/// "unknown command 'trian'; did you mean 'train'?".
public enum ArgumentParser {
    /// The width help text is wrapped to, as in most terminals' default.
    static let lineWidth = 80
    /// Where the help column starts in OPTIONS, ARGUMENTS and SUBCOMMANDS lists: two spaces of
    /// indent, 24 for the label, two of gap (the layout swift-argument-parser uses).
    static let helpColumn = 28

    // MARK: Parsing

    /// Parses the arguments that follow the subcommand name.
    ///
    /// Values are only split off here; numbers are converted and range-checked when a typed
    /// ``Option`` is read through ``ParsedArguments``. Allowed values
    /// (``OptionDefinition/allowedValues``) are checked here.
    ///
    /// - Parameters:
    ///   - arguments: The words after the subcommand, e.g. `["--batch", "50", "--verbose"]`.
    ///   - command: What the command declares.
    ///   - programName: The tool's name, used in messages.
    /// - Returns: The parsed arguments; if ``ParsedArguments/wantsHelp`` is `true`, nothing
    ///   else in them was filled in.
    /// - Throws: ``ArgumentError`` for an unknown option, a missing value, a value not
    ///   allowed, a flag with a value, an option given twice, or a positional argument the
    ///   command has no room for.
    /// - Precondition: `command` is well formed (distinct option names, no `help` or `h`).
    /// - Complexity: O(n · k) for n arguments and k options, plus the edit distances computed
    ///   for a suggestion when there is an error.
    public static func parse(_ arguments: [String], for command: CommandDefinition,
                             programName: String = "gradlab") throws(ArgumentError) -> ParsedArguments {
        command.checkWellFormed()
        var parsed = ParsedArguments(command: command, programName: programName)
        func failure(_ kind: ArgumentError.Kind) -> ArgumentError {
            ArgumentError(kind, command: command.name, programName: programName)
        }
        let optionNames = command.options.map(\.name)

        // Help first: a user asking for help wants it even when the rest is wrong.
        if arguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            parsed.wantsHelp = true
            return parsed
        }

        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1

            if optionsEnded || !looksLikeOption(argument) {
                guard command.positionalName != nil, parsed.positional.isEmpty else {
                    let suggestion = optionsEnded
                        ? nil : suggestion(for: argument, among: optionNames)
                    throw failure(.unexpectedPositional(argument,
                                                        positionalName: command.positionalName,
                                                        suggestion: suggestion))
                }
                parsed.positional.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }

            // Split `--name=value`. Only long options exist: a single-dash word such as `-batch`
            // is unknown, but the suggestion (computed without any dashes) says `--batch`.
            let isLong = argument.hasPrefix("--")
            let body = argument.dropFirst(isLong ? 2 : 1)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            guard isLong, let option = command.option(named: name) else {
                let typed = String(argument.prefix { $0 != "=" })
                let bare = String(name.drop { $0 == "-" })
                throw failure(.unknownOption(typed, suggestion: suggestion(for: bare, among: optionNames)))
            }

            guard let valueName = option.valueName else {
                if let inlineValue {
                    throw failure(.flagWithValue(option: name, value: inlineValue))
                }
                if !parsed.flags.insert(name).inserted {
                    throw failure(.duplicateOption(option: name, values: []))
                }
                continue
            }

            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !looksLikeOption(arguments[index]) {
                value = arguments[index]
                index += 1
            } else {
                throw failure(.missingValue(option: name, valueName: valueName))
            }
            if let previous = parsed.values[name] {
                throw failure(.duplicateOption(option: name, values: [previous, value]))
            }
            if let allowed = option.allowedValues, !allowed.contains(value) {
                throw failure(.notAllowed(option: name, value: value, allowed: allowed,
                                          suggestion: suggestion(for: value, among: allowed)))
            }
            parsed.values[name] = value
        }
        return parsed
    }

    /// Whether a word is an option (or `--`) rather than a value: it starts with `-`, is more
    /// than the lone `-` (which by convention means standard input), and is not a negative
    /// number such as `-3` or `-.5`.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        let rest = word.dropFirst()
        let startsWithDigit = rest.first!.isASCII && rest.first!.isNumber
        let startsWithPointDigit = rest.first == "." && rest.dropFirst().first.map {
            $0.isASCII && $0.isNumber
        } == true
        return !(startsWithDigit || startsWithPointDigit)
    }

    // MARK: Help

    /// The `--help` text of one command, laid out like swift-argument-parser's.
    ///
    /// ```text
    /// OVERVIEW: Train a two-layer network on MNIST.
    ///
    /// USAGE: gradlab train [--learning-rate RATE] [--verbose]
    ///
    /// OPTIONS:
    ///   --learning-rate RATE    Step size of gradient descent. (default: 0.1)
    ///   --verbose               Print the loss after every step.
    ///   -h, --help              Show help information.
    /// ```
    ///
    /// The usage line lists every option; when that is longer than 80 columns it says
    /// `[OPTIONS]` instead. Labels longer than 24 columns put their help on the next line.
    /// Option help is word-wrapped at 80 columns; the discussion is printed as written.
    ///
    /// - Parameters:
    ///   - command: The command to describe.
    ///   - programName: The tool's name.
    /// - Returns: The text, without a trailing newline (`print` adds one).
    public static func helpText(for command: CommandDefinition,
                                programName: String = "gradlab") -> String {
        command.checkWellFormed()
        var sections = ["OVERVIEW: \(command.abstract)"]
        if let discussion = command.discussion, !discussion.isEmpty {
            sections.append(discussion)
        }
        sections.append("USAGE: " + usage(for: command, programName: programName))
        if let positionalName = command.positionalName {
            sections.append("ARGUMENTS:\n" + row(positionalName, command.positionalHelp))
        }
        var rows = command.options.map { row(label(for: $0), helpWithDetails(for: $0)) }
        rows.append(row("-h, --help", "Show help information."))
        sections.append("OPTIONS:\n" + rows.joined(separator: "\n"))
        return sections.joined(separator: "\n\n")
    }

    /// The top-level help of the tool: what `gradlab --help` (or `gradlab` alone) prints.
    ///
    /// ```text
    /// OVERVIEW: Learn how neural networks get their gradients.
    ///
    /// USAGE: gradlab <subcommand>
    ///
    /// OPTIONS:
    ///   -h, --help              Show help information.
    ///
    /// SUBCOMMANDS:
    ///   train                   Train a two-layer network on MNIST.
    ///   check                   Check your exercises against the numerical gradient.
    ///
    ///   See 'gradlab <subcommand> --help' for detailed help.
    /// ```
    ///
    /// - Parameters:
    ///   - programName: The tool's name.
    ///   - abstract: One line describing the tool.
    ///   - commands: The subcommands in the order to list them; each shows its abstract.
    /// - Returns: The text, without a trailing newline.
    public static func overviewText(programName: String = "gradlab", abstract: String,
                                    commands: [CommandDefinition]) -> String {
        let subcommands = commands.map { row($0.name, $0.abstract) }.joined(separator: "\n")
        return [
            "OVERVIEW: \(abstract)",
            "USAGE: \(programName) <subcommand>",
            "OPTIONS:\n" + row("-h, --help", "Show help information."),
            "SUBCOMMANDS:\n" + subcommands,
            "  See '\(programName) <subcommand> --help' for detailed help.",
        ].joined(separator: "\n\n")
    }

    /// `gradlab train [--batch N] [--verbose] [ID]`, or `gradlab train [OPTIONS] [ID]` if
    /// listing every option would not fit on one line.
    static func usage(for command: CommandDefinition, programName: String) -> String {
        let positional = command.positionalName.map { " [\($0)]" } ?? ""
        let start = "\(programName) \(command.name)"
        let everything = command.options.map { " [\(label(for: $0))]" }.joined()
        if "USAGE: ".count + start.count + everything.count + positional.count <= lineWidth {
            return start + everything + positional
        }
        return start + " [OPTIONS]" + positional
    }

    /// `--batch N` for a value option, `--verbose` for a flag.
    static func label(for option: OptionDefinition) -> String {
        option.valueName.map { "--\(option.name) \($0)" } ?? "--\(option.name)"
    }

    /// The option's help followed by its choices and default, as swift-argument-parser shows
    /// them: `Hidden activation. (values: sigmoid, relu; default: sigmoid)`.
    static func helpWithDetails(for option: OptionDefinition) -> String {
        var details: [String] = []
        if let allowed = option.allowedValues {
            details.append("values: " + allowed.joined(separator: ", "))
        }
        if let defaultDescription = option.defaultDescription {
            details.append("default: " + defaultDescription)
        }
        guard !details.isEmpty else { return option.help }
        let suffix = "(" + details.joined(separator: "; ") + ")"
        return option.help.isEmpty ? suffix : option.help + " " + suffix
    }

    /// One line of a two-column list: the label indented by 2, the help from ``helpColumn``,
    /// word-wrapped to ``lineWidth``. A label too wide for its column gets its own line.
    static func row(_ label: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: helpColumn)
        let lines = wrap(help, width: lineWidth - helpColumn)
        var first = "  " + label
        if first.count + 2 > helpColumn {
            return ([first] + lines.map { indent + $0 }).joined(separator: "\n")
        }
        guard let firstLine = lines.first else { return first }
        first += String(repeating: " ", count: helpColumn - first.count) + firstLine
        return ([first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n")
    }

    /// Splits text into lines of at most `width` characters at spaces; a word longer than
    /// `width` gets a line of its own rather than being cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: Suggestions

    /// The candidate closest to a mistyped word, if one is close enough to be what was meant.
    ///
    /// Closeness is the ``editDistance(_:_:)``. A candidate qualifies when its distance is at
    /// most `max(2, input.count / 3)` (two typos, or more in a long word) and smaller than the
    /// longer of the two words (so `x` never "means" `lr`: replacing every letter is not a
    /// typo). Among qualifying candidates the nearest wins; ties go to the earlier candidate.
    ///
    /// ```swift
    /// ArgumentParser.suggestion(for: "trian", among: ["train", "check"])  // "train" (distance 2)
    /// ArgumentParser.suggestion(for: "plot", among: ["train", "check"])   // nil
    /// ```
    ///
    /// - Parameters:
    ///   - input: What the user typed, without dashes.
    ///   - candidates: The valid names.
    /// - Returns: The best candidate, or `nil` if none is close.
    /// - Complexity: O(k · m · n) for k candidates of length up to m and an input of length n.
    public static func suggestion(for input: String, among candidates: [String]) -> String? {
        let limit = max(2, input.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(input, candidate)
            guard distance <= limit, distance < max(input.count, candidate.count) else { continue }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The Levenshtein distance: the fewest single-character insertions, deletions and
    /// substitutions that turn `a` into `b`.
    ///
    /// Dynamic programming over prefixes, keeping one row: `d[i][j]`, the distance between the
    /// first `i` characters of `a` and the first `j` of `b`, is
    ///
    /// ```text
    /// d[i][0] = i,   d[0][j] = j
    /// d[i][j] = min(d[i-1][j] + 1,                       // delete a[i]
    ///               d[i][j-1] + 1,                       // insert b[j]
    ///               d[i-1][j-1] + (a[i] == b[j] ? 0 : 1)) // keep or substitute
    /// ```
    ///
    /// For example `kitten` → `sitting` is 3: k→s, e→i, insert g.
    /// A swap of two neighbours (`trian`/`train`) counts 2.
    ///
    /// - Complexity: O(m · n) time, O(n) memory, for lengths m and n in characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        // Rows are indexed by prefix length, so character a[i] belongs to row i + 1.
        var previous = Array(0...b.count)      // d[0][j] = j: insert j characters
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in a.indices {
            current[0] = i + 1                 // d[i+1][0]: delete i + 1 characters
            for j in b.indices {
                let substitution = previous[j] + (a[i] == b[j] ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

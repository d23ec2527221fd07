// The error a command-line mistake becomes: the facts (which option, which value) and the one
// line the user reads, naming the option and the value and saying what to type instead.

/// A mistake on the command line, with a message that names the option and the bad value and
/// says what to type instead.
///
/// ```text
/// unknown option '--lerning-rate'; did you mean '--learning-rate'?
/// --batch needs a value: --batch N
/// --batch: 'abc' is not a whole number; for example --batch 100
/// ```
///
/// ``kind`` carries the facts, so tests and callers can match on them; ``description`` turns
/// them into the sentence the user sees.
public struct ArgumentError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong. Option names are stored without dashes, as declared.
    public enum Kind: Equatable, Sendable {
        /// An option the command does not declare, as typed (`"--lerning-rate"`, `"-x"`), and
        /// the closest declared name (without dashes), if one is close enough.
        case unknownOption(String, suggestion: String?)
        /// A value option at the end of the line, or followed by another option.
        case missingValue(option: String, valueName: String)
        /// A flag written with a value, `--verbose=yes`.
        case flagWithValue(option: String, value: String)
        /// A value that does not convert: `expected` is a phrase such as "a whole number",
        /// `example` a valid value (usually the default).
        case invalidValue(option: String, value: String, expected: String, example: String)
        /// A number outside the accepted closed range `lowerBound...upperBound`.
        case outOfRange(option: String, value: String, lowerBound: String, upperBound: String,
                        example: String)
        /// A value that is not one of the allowed values, and the closest one if any is close.
        case notAllowed(option: String, value: String, allowed: [String], suggestion: String?)
        /// A positional argument the command has no room for. `positionalName` is the
        /// command's placeholder (`nil` if it takes none); `suggestion` an option name close to
        /// the argument, for when the dashes were forgotten (`gradlab train verbose`).
        case unexpectedPositional(String, positionalName: String?, suggestion: String?)
        /// The same option twice, with the values given (empty for a flag).
        case duplicateOption(option: String, values: [String])
    }

    /// What went wrong.
    public var kind: Kind
    /// The subcommand being parsed, e.g. `"train"`.
    public var command: String
    /// The tool's name, e.g. `"gradlab"`.
    public var programName: String

    /// Creates an error; the parser and ``ParsedArguments`` do this for you.
    public init(_ kind: Kind, command: String, programName: String = "gradlab") {
        self.kind = kind
        self.command = command
        self.programName = programName
    }

    /// One line for the user: the problem, then what to type.
    public var description: String {
        let helpCommand = "'\(programName) \(command) --help'"
        switch kind {
        case let .unknownOption(argument, suggestion?):
            return "unknown option '\(argument)'; did you mean '--\(suggestion)'?"
        case let .unknownOption(argument, nil):
            return "unknown option '\(argument)'; see \(helpCommand) for the options"
        case let .missingValue(option, valueName):
            return "--\(option) needs a value: --\(option) \(valueName)"
        case let .flagWithValue(option, value):
            return "--\(option) is a flag and takes no value; write --\(option) alone, "
                + "without '=\(value)'"
        case let .invalidValue(option, value, expected, example):
            return "--\(option): '\(value)' is not \(expected); for example --\(option) \(example)"
        case let .outOfRange(option, value, lowerBound, upperBound, example):
            return "--\(option): \(value) is out of range; give a value from \(lowerBound) "
                + "to \(upperBound), for example --\(option) \(example)"
        case let .notAllowed(option, value, allowed, suggestion):
            let choices = allowed.joined(separator: ", ")
            if let suggestion {
                return "--\(option): '\(value)' is not allowed; did you mean "
                    + "--\(option) \(suggestion)? (choices: \(choices))"
            }
            guard let first = allowed.first else {
                return "--\(option): '\(value)' is not allowed; see \(helpCommand)"
            }
            return "--\(option): '\(value)' is not allowed; choose one of \(choices) "
                + "(for example --\(option) \(first))"
        case let .unexpectedPositional(argument, _, suggestion?):
            return "unexpected argument '\(argument)'; did you mean the option '--\(suggestion)'?"
        case let .unexpectedPositional(argument, nil, nil):
            return "unexpected argument '\(argument)': '\(programName) \(command)' takes no "
                + "arguments; see \(helpCommand)"
        case let .unexpectedPositional(argument, positionalName?, nil):
            return "unexpected argument '\(argument)': '\(programName) \(command)' takes at most "
                + "one \(positionalName); give just one"
        case let .duplicateOption(option, values):
            guard let last = values.last else {
                return "--\(option) was given twice; write it once"
            }
            let given = values.map { "'\($0)'" }.joined(separator: " and ")
            return "--\(option) was given twice (\(given)); keep one, for example --\(option) \(last)"
        }
    }
}

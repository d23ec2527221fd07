// What the parser hands back: the options as typed, read through typed accessors that check
// numbers and ranges.

/// The arguments of one command after ``ArgumentParser/parse(_:for:programName:)``: the values
/// exactly as typed, read through the command's typed ``Option``s, which convert and check them.
///
/// Conversion happens when an option is read, not in the parser, so that `--help` works even
/// among mistakes; reading throws an ``ArgumentError`` that names the option and the bad value.
///
/// ```swift
/// let arguments = try ArgumentParser.parse(["--batch", "50", "--verbose"], for: train)
/// if arguments.wantsHelp { print(ArgumentParser.helpText(for: train)); return }
/// let batch = try arguments[batchOption]       // 50 (an Int, range-checked)
/// let verbose = try arguments[verboseOption]   // true
/// ```
///
/// Reading an option the command does not declare is a programming error and stops with a
/// precondition failure naming the option.
public struct ParsedArguments: Sendable {
    /// The positional arguments in order: at most one, and only if the command declares a
    /// ``CommandDefinition/positionalName``. Everything after `--` counts as positional.
    public var positional: [String]
    /// Whether `-h` or `--help` appeared anywhere before `--`. When it is `true` nothing else
    /// was parsed or checked: print ``ArgumentParser/helpText(for:programName:)`` and stop.
    public var wantsHelp: Bool
    /// The command these arguments were parsed for.
    public let command: CommandDefinition
    /// The tool's name, used in messages such as "see 'gradlab train --help'".
    public let programName: String
    /// Values of value options as typed, keyed by option name without dashes.
    var values: [String: String] = [:]
    /// Names of the flags that were given.
    var flags: Set<String> = []

    init(command: CommandDefinition, programName: String) {
        self.positional = []
        self.wantsHelp = false
        self.command = command
        self.programName = programName
    }

    // MARK: Reading typed options

    /// The value of `option`: converted and range-checked, or its default (or `nil`, for an
    /// option without one) when absent; `true` or `false` for a flag.
    ///
    /// ```swift
    /// let batch = try arguments[TrainCommand.batch]   // Int
    /// ```
    ///
    /// - Throws: ``ArgumentError`` naming the option and the value, if the text does not convert
    ///   or is out of range.
    /// - Precondition: the command declares this very option (a typo in code otherwise).
    public subscript<Value>(option: Option<Value>) -> Value {
        get throws(ArgumentError) {
            let definition = declared(option)
            let text = definition.isFlag ? (flags.contains(option.name) ? "" : nil) : values[option.name]
            do {
                return try option.read(text)
            } catch {
                throw self.error(error.kind)
            }
        }
    }

    /// Whether `option` was given on the command line, for options that conflict with each other
    /// (`--network` and `--hidden`) even when one of them has a default.
    ///
    /// - Precondition: the command declares this very option.
    public func wasGiven(_ option: some OptionDeclaration) -> Bool {
        let definition = declared(option)
        return definition.isFlag ? flags.contains(definition.name) : values[definition.name] != nil
    }

    /// The declaration of `option`; stops if the command declares no such option, or another
    /// option of that name.
    private func declared(_ option: some OptionDeclaration) -> OptionDefinition {
        let name = option.definition.name
        guard let definition = command.option(named: name), definition == option.definition else {
            preconditionFailure("ParsedArguments: command '\(command.name)' declares no option --\(name) "
                                + "of this definition; declared: "
                                + command.options.map { "--" + $0.name }.joined(separator: ", "))
        }
        return definition
    }

    // MARK: Helpers

    /// The error for `kind`, naming this command and the program.
    private func error(_ kind: ArgumentError.Kind) -> ArgumentError {
        ArgumentError(kind, command: command.name, programName: programName)
    }
}

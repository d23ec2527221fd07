// What the parser hands back: the options as typed, read through typed accessors that check
// numbers and ranges.

/// The arguments of one command after ``ArgumentParser/parse(_:for:programName:)``: the values
/// exactly as typed, read through typed accessors that convert and check them.
///
/// Conversion happens in the accessors, not in the parser, because only the command knows that
/// `--batch` is a whole number in `1...60000`; the accessor then throws an ``ArgumentError``
/// that names the option and the bad value.
///
/// ```swift
/// let arguments = try ArgumentParser.parse(["--batch", "50", "--verbose"], for: train)
/// if arguments.wantsHelp { print(ArgumentParser.helpText(for: train)); return }
/// let batch = try arguments.int("batch", default: 100, range: 1...60_000)   // 50
/// let verbose = arguments.isSet("verbose")                                   // true
/// ```
///
/// Asking for a name the command does not declare, or reading a flag as a value (or the
/// reverse), is a programming error and stops with a precondition failure naming the option.
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

    // MARK: Reading flags and raw values

    /// Whether the flag `--name` was given.
    ///
    /// - Precondition: the command declares `name` as a flag.
    public func isSet(_ flag: String) -> Bool {
        let definition = declaredOption(flag, caller: "isSet")
        precondition(definition.isFlag,
                     "ParsedArguments.isSet: --\(flag) takes a value; read it with string/int/double")
        return flags.contains(flag)
    }

    /// The value of `--name` exactly as typed, or `nil` if the option was not given.
    ///
    /// - Precondition: the command declares `name` as an option that takes a value.
    public func string(_ name: String) -> String? {
        valueOption(name, caller: "string")
        return values[name]
    }

    // MARK: Typed values

    /// The value of `--name` as a whole number, or `defaultValue` if the option was not given.
    ///
    /// Accepts what `Int(_:)` accepts: optional sign, decimal digits, nothing else. So `-3` and
    /// `+3` are fine, while `1.5`, `1e3` and ` 3` are rejected.
    ///
    /// - Parameters:
    ///   - name: The option name without dashes.
    ///   - defaultValue: The value when the option is absent; also the example in error messages.
    ///   - range: The accepted values, or `nil` for any `Int`.
    /// - Throws: ``ArgumentError`` if the text is not a whole number or is outside `range`.
    /// - Precondition: `defaultValue` lies in `range`.
    public func int(_ name: String, default defaultValue: Int,
                    range: ClosedRange<Int>? = nil) throws(ArgumentError) -> Int {
        let definition = valueOption(name, caller: "int")
        precondition(range?.contains(defaultValue) ?? true,
                     "ParsedArguments.int: default \(defaultValue) of --\(name) is outside \(range!)")
        assertDefaultAgrees(definition, defaultValue) { Int($0) }
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text) else {
            throw error(.invalidValue(option: name, value: text,
                                      expected: Self.wholeNumberExpectation(for: text),
                                      example: String(defaultValue)))
        }
        if let range, !range.contains(value) {
            throw error(.outOfRange(option: name, value: text,
                                    lowerBound: String(range.lowerBound),
                                    upperBound: String(range.upperBound),
                                    example: String(defaultValue)))
        }
        return value
    }

    /// The value of `--name` as a finite floating-point number, or `defaultValue` if the option
    /// was not given.
    ///
    /// Accepts what `Double(_:)` accepts (`0.1`, `-3`, `1e-3`, `.5`) except `nan` and infinities:
    /// no learning rate or step size is meaningful there, and they would poison every later
    /// computation silently.
    ///
    /// - Parameters:
    ///   - name: The option name without dashes.
    ///   - defaultValue: The value when the option is absent; also the example in error messages.
    ///   - range: The accepted values, or `nil` for any finite number.
    /// - Throws: ``ArgumentError`` if the text is not a finite number or is outside `range`.
    /// - Precondition: `defaultValue` is finite and lies in `range`.
    public func double(_ name: String, default defaultValue: Double,
                       range: ClosedRange<Double>? = nil) throws(ArgumentError) -> Double {
        let definition = valueOption(name, caller: "double")
        precondition(defaultValue.isFinite && (range?.contains(defaultValue) ?? true),
                     "ParsedArguments.double: default \(defaultValue) of --\(name) is not finite "
                     + "or is outside its range")
        assertDefaultAgrees(definition, defaultValue) { Double($0) }
        guard let text = values[name] else { return defaultValue }
        guard let value = Double(text), value.isFinite else {
            let expected = Double(text) == nil ? "a number" : "a finite number"
            throw error(.invalidValue(option: name, value: text, expected: expected,
                                      example: "\(defaultValue)"))
        }
        if let range, !range.contains(value) {
            throw error(.outOfRange(option: name, value: text,
                                    lowerBound: "\(range.lowerBound)",
                                    upperBound: "\(range.upperBound)",
                                    example: "\(defaultValue)"))
        }
        return value
    }

    /// The value of `--name` as a comma-separated list of whole numbers (`10,20,50`), or
    /// `defaultValue` if the option was not given.
    ///
    /// Spaces around each number are allowed (`"10, 20"` when quoted); empty items (`10,,20`,
    /// a trailing comma, an empty value) are rejected.
    ///
    /// - Parameters:
    ///   - name: The option name without dashes.
    ///   - defaultValue: The list when the option is absent; also the example in error messages.
    ///   - range: The accepted values of every item, or `nil` for any `Int`.
    /// - Throws: ``ArgumentError`` if an item is not a whole number or is outside `range`.
    public func intList(_ name: String, default defaultValue: [Int],
                        range: ClosedRange<Int>? = nil) throws(ArgumentError) -> [Int] {
        let definition = valueOption(name, caller: "intList")
        assertDefaultAgrees(definition, defaultValue) { Self.parseIntList($0) }
        let example = defaultValue.isEmpty
            ? "10,20" : defaultValue.map(String.init).joined(separator: ",")
        guard let text = values[name] else { return defaultValue }
        guard let list = Self.parseIntList(text) else {
            throw error(.invalidValue(option: name, value: text,
                                      expected: "a comma-separated list of whole numbers",
                                      example: example))
        }
        if let range, let outside = list.first(where: { !range.contains($0) }) {
            throw error(.outOfRange(option: name, value: String(outside),
                                    lowerBound: String(range.lowerBound),
                                    upperBound: String(range.upperBound), example: example))
        }
        return list
    }

    /// The value of `--name` as a case of a string-backed enum, or `defaultValue` if the
    /// option was not given.
    ///
    /// Declare the option with `allowed:` set to the raw values: the parser then rejects a
    /// wrong value early with a suggestion, and `--help` lists the choices.
    ///
    /// - Parameters:
    ///   - name: The option name without dashes.
    ///   - defaultValue: The case when the option is absent.
    /// - Throws: ``ArgumentError`` if the text is no raw value of `T`; the message lists the
    ///   option's allowed values, or `T`'s cases when `T` is `CaseIterable`.
    public func choice<T: RawRepresentable>(_ name: String,
                                            default defaultValue: T) throws(ArgumentError) -> T
    where T.RawValue == String {
        let definition = valueOption(name, caller: "choice")
        assertDefaultAgrees(definition, defaultValue.rawValue) { $0 }
        guard let text = values[name] else { return defaultValue }
        guard let value = T(rawValue: text) else {
            let allowed = definition.allowedValues ?? Self.rawValues(of: T.self)
            throw error(.notAllowed(option: name, value: text, allowed: allowed,
                                    suggestion: ArgumentParser.suggestion(for: text, among: allowed)))
        }
        return value
    }

    // MARK: Helpers

    /// The declaration of `name`; stops if the command has no such option (a typo in code).
    private func declaredOption(_ name: String, caller: String) -> OptionDefinition {
        guard let definition = command.option(named: name) else {
            preconditionFailure("ParsedArguments.\(caller): command '\(command.name)' declares "
                                + "no option --\(name); declared: "
                                + command.options.map { "--" + $0.name }.joined(separator: ", "))
        }
        return definition
    }

    /// The declaration of `name`, which must take a value.
    @discardableResult
    private func valueOption(_ name: String, caller: String) -> OptionDefinition {
        let definition = declaredOption(name, caller: caller)
        precondition(!definition.isFlag,
                     "ParsedArguments.\(caller): --\(name) is a flag; read it with isSet")
        return definition
    }

    /// In debug builds, checks that the default shown in `--help` means the default the code
    /// uses. Help texts that do not parse as `T` (such as "all") are not checked.
    private func assertDefaultAgrees<T: Equatable>(_ definition: OptionDefinition, _ value: T,
                                                   _ parse: (String) -> T?) {
        assert(definition.defaultDescription.flatMap(parse).map { $0 == value } ?? true,
               "--\(definition.name): help shows '(default: \(definition.defaultDescription!))' "
               + "but the code's default is \(value)")
    }

    private func error(_ kind: ArgumentError.Kind) -> ArgumentError {
        ArgumentError(kind, command: command.name, programName: programName)
    }

    /// What a rejected whole number should have been. Digits that `Int` still rejects are too
    /// large, and "is not a whole number" would be a confusing thing to tell the user.
    private static func wholeNumberExpectation(for text: String) -> String {
        let digits = text.drop { $0 == "-" || $0 == "+" }
        let allDigits = !digits.isEmpty && text.count - digits.count <= 1
            && digits.allSatisfy { $0.isASCII && $0.isNumber }
        return allDigits ? "a whole number from \(Int.min) to \(Int.max)" : "a whole number"
    }

    /// `"10, 20,50"` → `[10, 20, 50]`; `nil` if any item is empty or not a whole number.
    private static func parseIntList(_ text: String) -> [Int]? {
        var list: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Int(trimmingSpaces(item)) else { return nil }
            list.append(number)
        }
        return list
    }

    /// The text without leading and trailing spaces (a Foundation-free `trimmingCharacters`).
    private static func trimmingSpaces(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { $0 != " " }),
              let last = text.lastIndex(where: { $0 != " " }) else { return "" }
        return text[first...last]
    }

    /// The raw values of `T`'s cases when `T` is `CaseIterable`, else `[]`.
    private static func rawValues<T: RawRepresentable>(of type: T.Type) -> [String]
    where T.RawValue == String {
        guard let iterable = type as? any CaseIterable.Type else { return [] }
        return caseRawValues(iterable)
    }

    private static func caseRawValues<C: CaseIterable>(_ type: C.Type) -> [String] {
        C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
    }
}

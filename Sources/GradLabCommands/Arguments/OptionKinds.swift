// The typed constructors of ``Option``, one per kind of value. Each states its type in the
// declaration (`Option<Int>`, `Option<Double?>`, …) and takes the default as a value of that
// type, never as text: help renders it.

extension Option where Value == Int {
    /// A whole number with a default: `--batch 100`.
    ///
    /// - Parameters:
    ///   - name: The name without dashes, e.g. `"batch"`.
    ///   - valueName: The placeholder in help and errors, e.g. `"N"`.
    ///   - help: One sentence for `--help`; `(default: 100)` is added.
    ///   - default: The value when absent; also the example in error messages.
    ///   - range: The accepted values, or `nil` for any `Int`.
    public init(_ name: String, _ valueName: String, help: String, default defaultValue: Int,
                range: ClosedRange<Int>? = nil) {
        self.init(name, valueName, help: help, format: .int(range: range), default: defaultValue)
    }
}

extension Option where Value == Int? {
    /// A whole number without a default: `nil` when absent.
    ///
    /// - Parameters:
    ///   - range: The accepted values, or `nil` for any `Int`.
    ///   - example: A valid value, suggested in error messages.
    ///   - defaultDescription: What absence means, in words (`"all"`), for help.
    public init(_ name: String, _ valueName: String, help: String, range: ClosedRange<Int>? = nil,
                example: Int, defaultDescription: String? = nil) {
        self.init(name, valueName, help: help, format: .int(range: range), example: example,
                  defaultDescription: defaultDescription)
    }
}

extension Option where Value == Double {
    /// A finite number with a default: `--step 0.0001`. Help shows whole numbers without `.0`.
    ///
    /// - Parameters:
    ///   - default: The value when absent; also the example in error messages.
    ///   - range: The accepted values, or `nil` for any finite number.
    public init(_ name: String, _ valueName: String, help: String, default defaultValue: Double,
                range: ClosedRange<Double>? = nil) {
        self.init(name, valueName, help: help, format: .double(range: range), default: defaultValue)
    }
}

extension Option where Value == Double? {
    /// A finite number without a default: `nil` when absent.
    ///
    /// - Parameters:
    ///   - range: The accepted values, or `nil` for any finite number.
    ///   - example: A valid value, suggested in error messages.
    ///   - defaultDescription: What absence means, in words, for help.
    public init(_ name: String, _ valueName: String, help: String, range: ClosedRange<Double>? = nil,
                example: Double, defaultDescription: String? = nil) {
        self.init(name, valueName, help: help, format: .double(range: range), example: example,
                  defaultDescription: defaultDescription)
    }
}

extension Option where Value == Double? {
    /// A finite number greater than zero, without a default: `--learning-rate 0.1`. Zero,
    /// negatives, NaN and infinities are refused, each with its own message
    /// ("'0' is not a positive number", "'nan' is not a finite number").
    ///
    /// - Parameters:
    ///   - example: A valid value, suggested in error messages.
    ///   - defaultDescription: What absence means, in words, for help.
    public static func positive(_ name: String, _ valueName: String, help: String, example: Double,
                                defaultDescription: String? = nil) -> Option {
        Option(name, valueName, help: help, format: .positiveDouble, example: example,
               defaultDescription: defaultDescription)
    }
}

extension Option where Value == [Int] {
    /// Comma-separated whole numbers with a default: `--hidden 10,20,50`.
    ///
    /// - Parameters:
    ///   - default: The list when absent; also the example in error messages.
    ///   - range: The accepted values of every item, or `nil` for any `Int`.
    public init(_ name: String, _ valueName: String, help: String, default defaultValue: [Int],
                range: ClosedRange<Int>? = nil) {
        self.init(name, valueName, help: help, format: .intList(range: range), default: defaultValue)
    }
}

extension Option where Value == String {
    /// Any text, with a default: `--out gradlab-output`.
    public init(_ name: String, _ valueName: String, help: String, default defaultValue: String) {
        self.init(name, valueName, help: help, format: .string, default: defaultValue)
    }
}

extension Option where Value == String? {
    /// Any text, without a default: `nil` when absent.
    ///
    /// - Parameter defaultDescription: What absence means, in words, for help.
    public init(_ name: String, _ valueName: String, help: String, defaultDescription: String? = nil) {
        self.init(name, valueName, help: help, format: .string, example: nil,
                  defaultDescription: defaultDescription)
    }
}

extension Option where Value == Bool {
    /// A flag: `--json` alone, `true` when given.
    ///
    /// - Parameters:
    ///   - name: The name without dashes, e.g. `"json"`.
    ///   - help: One sentence for `--help`.
    public init(flag name: String, help: String) {
        self.init(definition: OptionDefinition(name: name, valueName: nil, help: help),
                  helpDefaultMismatch: nil, defaultValue: false, read: { text in text != nil })
    }
}

extension Option where Value: Equatable {
    /// One of a list of named values, with a default: `--init xavier`. Help lists the names.
    ///
    /// - Parameters:
    ///   - choices: Each name as typed and the value it stands for, in help order.
    ///   - default: The value when absent; it must be one of `choices`.
    public init(_ name: String, _ valueName: String, help: String, choices: [(name: String, value: Value)],
                default defaultValue: Value) {
        self.init(name, valueName, help: help, format: .choice(choices), default: defaultValue)
    }
}

extension Option where Value: CaseIterable & RawRepresentable & Equatable, Value.RawValue == String {
    /// A case of a string-backed enum, with a default: `--activation relu`. Help lists the cases.
    public init(_ name: String, _ valueName: String, help: String, default defaultValue: Value) {
        self.init(name, valueName, help: help, choices: Value.allCases.map { ($0.rawValue, $0) },
                  default: defaultValue)
    }
}

extension Option {
    /// A case of a string-backed enum, without a default: `nil` when absent.
    ///
    /// - Parameter defaultDescription: What absence means, in words, for help.
    public init<Choice>(_ name: String, _ valueName: String, help: String, defaultDescription: String? = nil)
    where Value == Choice?, Choice: CaseIterable & RawRepresentable & Equatable & Sendable,
          Choice.RawValue == String {
        self.init(name, valueName, help: help, format: .choice(Choice.allCases.map { ($0.rawValue, $0) }),
                  example: nil, defaultDescription: defaultDescription)
    }
}

// Tests for the hand-written argument parser. Every expected message, value and help text below
// was written by hand from the rules in ArgumentParser.swift, not copied from the output.

import Testing
@testable import GradLabCommands

// MARK: Fixtures

private enum Activation: String, CaseIterable, Sendable { case sigmoid, relu, tanh }
private enum WeightInit: String, CaseIterable, Sendable { case he, xavier }

/// The fixture's options. Numbers here have no range; the range tests declare bounded twins
/// (``commandWith(_:)``), as each option has exactly one range.
private enum Options {
    static let learningRate = Option<Double>("learning-rate", "RATE", help: "Step size of gradient descent.", default: 0.1)
    static let batch = Option<Int>("batch", "N", help: "Images per mini-batch.", default: 100)
    static let hidden = Option<[Int]>("hidden", "SIZES", help: "Hidden layer sizes, comma-separated.", default: [50])
    static let activation = Option<Activation>("activation", "NAME", help: "Hidden activation.", default: .sigmoid)
    static let initialization = Option<WeightInit?>("init", "NAME", help: "Weight initialization.")
    static let optimizer = Option<String?>("optimizer", "NAME", help: "Update rule.")
    static let shift = Option<String?>("shift", "X", help: "A signed offset.")
    static let name = Option<String?>("name", "TEXT", help: "Name of the run.")
    static let verbose = Option<Bool>(flag: "verbose", help: "Print the loss after every step.")
    static let checkVerbose = Option<Bool>(flag: "verbose", help: "Show every compared entry.")
}

private let train = CommandDefinition(
    name: "train", abstract: "Train a two-layer network on MNIST.",
    options: [Options.learningRate, Options.batch, Options.hidden, Options.activation, Options.initialization,
              Options.optimizer, Options.shift, Options.name, Options.verbose])

private let check = CommandDefinition(
    name: "check", abstract: "Check exercises.",
    options: [Options.checkVerbose],
    positionalName: "ID", positionalHelp: "Check only this exercise.")

/// A command named "train" with `option` alone, for reading an option declared differently from
/// the fixture's (with a range, or another type).
private func commandWith(_ option: some OptionDeclaration) -> CommandDefinition {
    CommandDefinition(name: "train", abstract: "Train.", options: [option])
}

/// Parses `arguments` for `command` and reads `option`.
private func read<Value>(_ option: Option<Value>, _ arguments: [String],
                         for command: CommandDefinition = train) throws(ArgumentError) -> Value {
    try ArgumentParser.parse(arguments, for: command)[option]
}

/// Parses and returns the error, or `nil` (which fails the calling `#expect`) if none is thrown.
private func parseError(_ arguments: [String],
                        for command: CommandDefinition = train) -> ArgumentError? {
    do {
        _ = try ArgumentParser.parse(arguments, for: command)
        return nil
    } catch {
        return error
    }
}

/// Parses `arguments` for `command` and returns the error reading `option` throws, or `nil`.
private func readError<T>(_ arguments: [String], _ option: Option<T>,
                          for command: CommandDefinition = train) -> ArgumentError? {
    do {
        _ = try read(option, arguments, for: command)
        return nil
    } catch {
        return error
    }
}

private func trainError(_ kind: ArgumentError.Kind) -> ArgumentError {
    ArgumentError(kind, command: "train")
}

// MARK: Edge cases

@Suite("Argument parser: edge cases")
struct ArgumentParserEdgeCaseTests {
    @Test("no arguments: nothing set, options read as their defaults")
    func emptyArguments() throws {
        let parsed = try ArgumentParser.parse([], for: train)
        #expect(parsed.positional.isEmpty)
        #expect(!parsed.wantsHelp)
        #expect(try !parsed[Options.verbose])
        #expect(try parsed[Options.name] == nil)
        #expect(try parsed[Options.batch] == 100)
        #expect(try parsed[Options.learningRate] == 0.1)
        #expect(try parsed[Options.hidden] == [50])
        #expect(try parsed[Options.activation] == .sigmoid)
    }

    @Test("a lone '-' is a positional value (standard input by convention)")
    func loneDash() throws {
        #expect(try ArgumentParser.parse(["-"], for: check).positional == ["-"])
        #expect(try read(Options.name, ["--name", "-"]) == "-")
    }

    @Test("'--' ends the options: what follows is positional, even --help")
    func doubleDashEndsOptions() throws {
        let parsed = try ArgumentParser.parse(["--", "--verbose"], for: check)
        #expect(parsed.positional == ["--verbose"])
        #expect(try !parsed[Options.checkVerbose])

        let notHelp = try ArgumentParser.parse(["--", "-h"], for: check)
        #expect(!notHelp.wantsHelp)
        #expect(notHelp.positional == ["-h"])

        // After '--' no option-name suggestion is made: the user said "these are not options".
        #expect(parseError(["--", "verbose"])
                == trainError(.unexpectedPositional("verbose", positionalName: nil, suggestion: nil)))
    }

    @Test("an empty value after '=' is a value; numbers reject it")
    func emptyInlineValue() throws {
        #expect(try read(Options.name, ["--name="]) == "")
        #expect(readError(["--batch="], Options.batch)
                == trainError(.invalidValue(option: "batch", value: "", expected: "a whole number",
                                            example: "100")))
    }

    @Test("the value is split at the first '=' only")
    func valueContainingEquals() throws {
        #expect(try read(Options.name, ["--name=a=b"]) == "a=b")
    }
}

// MARK: Options

@Suite("Argument parser: options and errors")
struct ArgumentParserOptionTests {
    @Test("unknown option with a close name suggests it")
    func unknownOptionWithSuggestion() throws {
        let error = try #require(parseError(["--lerning-rate", "0.1"]))
        #expect(error == trainError(.unknownOption("--lerning-rate", suggestion: "learning-rate")))
        #expect(error.description == "unknown option '--lerning-rate'; did you mean '--learning-rate'?")

        #expect(parseError(["--bach=5"])
                == trainError(.unknownOption("--bach", suggestion: "batch")))
        // Single and triple dashes are not our syntax, but the intended option is obvious.
        #expect(parseError(["-batch", "5"])
                == trainError(.unknownOption("-batch", suggestion: "batch")))
        #expect(parseError(["---batch", "5"])
                == trainError(.unknownOption("---batch", suggestion: "batch")))
    }

    @Test("unknown option with nothing close points to --help")
    func unknownOptionWithoutSuggestion() throws {
        let error = try #require(parseError(["--zzz"]))
        #expect(error == trainError(.unknownOption("--zzz", suggestion: nil)))
        #expect(error.description == "unknown option '--zzz'; see 'gradlab train --help' for the options")
        #expect(parseError(["-x"]) == trainError(.unknownOption("-x", suggestion: nil)))
    }

    @Test("missing value: at the end, or followed by another option")
    func missingValue() throws {
        let atEnd = try #require(parseError(["--batch"]))
        #expect(atEnd == trainError(.missingValue(option: "batch", valueName: "N")))
        #expect(atEnd.description == "--batch needs a value: --batch N")

        #expect(parseError(["--batch", "--verbose"])
                == trainError(.missingValue(option: "batch", valueName: "N")))
        #expect(parseError(["--batch", "--"])
                == trainError(.missingValue(option: "batch", valueName: "N")))
        // A word starting with '-' that is not a number is taken as an option, not a value.
        #expect(parseError(["--name", "-foo"])
                == trainError(.missingValue(option: "name", valueName: "TEXT")))
    }

    @Test("negative numbers are values, not options")
    func negativeNumbers() throws {
        let intShift = Option<Int>("shift", "X", help: "A signed offset.", default: 0)
        let doubleShift = Option<Double>("shift", "X", help: "A signed offset.", default: 0)
        #expect(try read(intShift, ["--shift", "-3"], for: commandWith(intShift)) == -3)
        #expect(try read(doubleShift, ["--shift", "-0.5"], for: commandWith(doubleShift)) == -0.5)
        #expect(try read(doubleShift, ["--shift", "-.5"], for: commandWith(doubleShift)) == -0.5)
        #expect(try read(Options.shift, ["--shift=-abc"]) == "-abc")
        #expect(try ArgumentParser.parse(["-3"], for: check).positional == ["-3"])
    }

    @Test("whole numbers: what Int accepts, nothing else", arguments: ["abc", "1.5", "1e3", " 3", "3 ", "0x10", "--"])
    func badWholeNumber(text: String) throws {
        let error = try #require(readError(["--batch=\(text)"], Options.batch))
        #expect(error == trainError(.invalidValue(option: "batch", value: text,
                                                  expected: "a whole number", example: "100")))
    }

    @Test("whole-number messages: wording, sign, and digits too large for Int")
    func wholeNumberMessages() throws {
        let error = try #require(readError(["--batch", "abc"], Options.batch))
        #expect(error.description == "--batch: 'abc' is not a whole number; for example --batch 100")

        #expect(try read(Options.batch, ["--batch", "+7"]) == 7)

        // 2^63 - 1 = 9223372036854775807 is the largest Int; twenty nines exceed it.
        let tooLarge = try #require(readError(["--batch", "99999999999999999999"], Options.batch))
        #expect(tooLarge.description == "--batch: '99999999999999999999' is not a whole number from "
                + "-9223372036854775808 to 9223372036854775807; for example --batch 100")
    }

    @Test("doubles: scientific notation is fine", arguments: [("1e3", 1000.0), ("2.5e-1", 0.25), ("3", 3.0), (".5", 0.5)])
    func goodDouble(text: String, expected: Double) throws {
        #expect(try read(Options.learningRate, ["--learning-rate", text]) == expected)
    }

    @Test("doubles: nan and infinities are rejected", arguments: ["nan", "NaN", "inf", "-inf", "infinity"])
    func nonFiniteDouble(text: String) throws {
        let error = try #require(readError(["--learning-rate=\(text)"], Options.learningRate))
        #expect(error == trainError(.invalidValue(option: "learning-rate", value: text,
                                                  expected: "a finite number", example: "0.1")))
        #expect(error.description
                == "--learning-rate: '\(text)' is not a finite number; for example --learning-rate 0.1")
    }

    @Test("doubles: text that is no number at all")
    func notADouble() {
        #expect(readError(["--learning-rate", "fast"], Options.learningRate) == trainError(.invalidValue(option: "learning-rate", value: "fast", expected: "a number",
                                      example: "0.1")))
    }

    @Test("int ranges include both ends")
    func intRange() throws {
        let bounded = Option<Int>("batch", "N", help: "Images per mini-batch.", default: 100, range: 1...60_000)
        let command = commandWith(bounded)
        func batch(_ text: String) throws(ArgumentError) -> Int {
            try read(bounded, ["--batch", text], for: command)
        }
        #expect(try batch("1") == 1)
        #expect(try batch("60000") == 60_000)
        let belowError = try #require(readError(["--batch", "0"], bounded, for: command))
        #expect(belowError == trainError(.outOfRange(option: "batch", value: "0", lowerBound: "1",
                                                     upperBound: "60000", example: "100")))
        #expect(belowError.description
                == "--batch: 0 is out of range; give a value from 1 to 60000, for example --batch 100")
        #expect(throws: ArgumentError.self) { try batch("60001") }
        #expect(throws: ArgumentError.self) { try batch("-1") }
    }

    @Test("double ranges include both ends")
    func doubleRange() throws {
        let bounded = Option<Double>("learning-rate", "RATE", help: "Step size.", default: 0.1, range: 0...10)
        let command = commandWith(bounded)
        func rate(_ text: String) throws(ArgumentError) -> Double {
            try read(bounded, ["--learning-rate", text], for: command)
        }
        #expect(try rate("0") == 0)
        #expect(try rate("10") == 10)
        #expect(readError(["--learning-rate", "-0.1"], bounded, for: command) == trainError(.outOfRange(option: "learning-rate", value: "-0.1", lowerBound: "0.0",
                                    upperBound: "10.0", example: "0.1")))
        #expect(throws: ArgumentError.self) { try rate("10.000001") }
    }

    @Test("integer lists: '10,20,50', spaces allowed, empty items rejected, items range-checked")
    func intList() throws {
        let bounded = Option<[Int]>("hidden", "SIZES", help: "Hidden sizes.", default: [50], range: 1...1000)
        let command = commandWith(bounded)
        func hidden(_ text: String) throws(ArgumentError) -> [Int] {
            try read(bounded, ["--hidden", text], for: command)
        }
        #expect(try hidden("10,20,50") == [10, 20, 50])
        #expect(try hidden("7") == [7])
        #expect(try hidden("10, 20") == [10, 20])
        for bad in ["", "10,,20", "10,", ",10", "10;20", "1.5"] {
            #expect(readError(["--hidden=\(bad)"], Options.hidden) == trainError(.invalidValue(option: "hidden", value: bad,
                                          expected: "a comma-separated list of whole numbers",
                                          example: "50")), "\(bad)")
        }
        #expect(readError(["--hidden", "50,0"], bounded, for: command) == trainError(.outOfRange(option: "hidden", value: "0", lowerBound: "1", upperBound: "1000",
                                    example: "50")))
    }

    @Test("allowed values: checked while parsing, with a suggestion when close")
    func allowedValues() throws {
        let close = try #require(parseError(["--activation", "tanhh"]))
        #expect(close == trainError(.notAllowed(option: "activation", value: "tanhh",
                                                allowed: ["sigmoid", "relu", "tanh"], suggestion: "tanh")))
        #expect(close.description == "--activation: 'tanhh' is not allowed; did you mean "
                + "--activation tanh? (choices: sigmoid, relu, tanh)")

        // softmax → sigmoid needs 6 edits: too far to be a typo.
        let far = try #require(parseError(["--activation=softmax"]))
        #expect(far.description == "--activation: 'softmax' is not allowed; choose one of sigmoid, "
                + "relu, tanh (for example --activation sigmoid)")

        let relu = try ArgumentParser.parse(["--activation", "relu"], for: train)
        #expect(try relu[Options.activation] == .relu)
        #expect(relu.values["activation"] == "relu")
    }

    @Test("an enum's choices are its cases; with no choices to list, the message points to --help")
    func enumChoices() throws {
        #expect(try read(Options.initialization, ["--init", "he"]) == .he)
        #expect(try read(Options.initialization, []) == nil)
        #expect(parseError(["--init", "glorot"])
                == trainError(.notAllowed(option: "init", value: "glorot", allowed: ["he", "xavier"],
                                          suggestion: nil)))
        // Every typed choice lists its names, so only a hand-made error has none to show.
        let unlisted = trainError(.notAllowed(option: "optimizer", value: "adamw", allowed: [], suggestion: nil))
        #expect(unlisted.description == "--optimizer: 'adamw' is not allowed; see 'gradlab train --help'")
    }

    @Test("the --name=value form works for every kind of value")
    func equalsForm() throws {
        let parsed = try ArgumentParser.parse(["--batch=3", "--learning-rate=1e-2", "--hidden=4,5"], for: train)
        #expect(try parsed[Options.batch] == 3)
        #expect(try parsed[Options.learningRate] == 0.01)
        #expect(try parsed[Options.hidden] == [4, 5])
    }

    @Test("flags: set or not; a value for a flag is an error")
    func flags() throws {
        #expect(try read(Options.verbose, ["--verbose"]))
        #expect(try !read(Options.verbose, ["--batch", "3"]))

        let error = try #require(parseError(["--verbose=yes"]))
        #expect(error == trainError(.flagWithValue(option: "verbose", value: "yes")))
        #expect(error.description == "--verbose is a flag and takes no value; write --verbose alone, "
                + "without '=yes'")
        #expect(parseError(["--verbose="]) == trainError(.flagWithValue(option: "verbose", value: "")))
    }

    @Test("an option given twice is an error, in any spelling")
    func duplicates() throws {
        let twice = try #require(parseError(["--batch", "1", "--batch", "2"]))
        #expect(twice == trainError(.duplicateOption(option: "batch", values: ["1", "2"])))
        #expect(twice.description == "--batch was given twice ('1' and '2'); keep one, for example --batch 2")
        #expect(parseError(["--batch=1", "--verbose", "--batch", "1"])
                == trainError(.duplicateOption(option: "batch", values: ["1", "1"])))

        let flagTwice = try #require(parseError(["--verbose", "--verbose"]))
        #expect(flagTwice == trainError(.duplicateOption(option: "verbose", values: [])))
        #expect(flagTwice.description == "--verbose was given twice; write it once")
    }
}

// MARK: Positional arguments and help

@Suite("Argument parser: positional arguments and --help")
struct ArgumentParserPositionalTests {
    @Test("one positional, before or after the options")
    func onePositional() throws {
        for arguments in [["7", "--verbose"], ["--verbose", "7"]] {
            let parsed = try ArgumentParser.parse(arguments, for: check)
            #expect(parsed.positional == ["7"])
            #expect(try parsed[Options.checkVerbose])
        }
        #expect(try ArgumentParser.parse(["--", "-weird"], for: check).positional == ["-weird"])
    }

    @Test("a second positional is an error")
    func secondPositional() throws {
        let error = try #require(parseError(["a", "b"], for: check))
        #expect(error == ArgumentError(.unexpectedPositional("b", positionalName: "ID", suggestion: nil),
                                       command: "check"))
        #expect(error.description == "unexpected argument 'b': 'gradlab check' takes at most one ID; give just one")
    }

    @Test("a positional for a command that takes none; forgotten dashes are spotted")
    func positionalNotAllowed() throws {
        let error = try #require(parseError(["50"]))
        #expect(error == trainError(.unexpectedPositional("50", positionalName: nil, suggestion: nil)))
        #expect(error.description
                == "unexpected argument '50': 'gradlab train' takes no arguments; see 'gradlab train --help'")

        let forgotDashes = try #require(parseError(["verbose"]))
        #expect(forgotDashes.description == "unexpected argument 'verbose'; did you mean the option '--verbose'?")
    }

    @Test("-h or --help anywhere asks for help, even among mistakes",
          arguments: [["--help"], ["-h"], ["--batch", "3", "--help"], ["--bogus", "-h"],
                      ["--batch", "--help"], ["--verbose", "--verbose", "-h"], ["50", "--help"]])
    func helpAnywhere(arguments: [String]) throws {
        #expect(try ArgumentParser.parse(arguments, for: train).wantsHelp)
    }

    @Test("--help as the text of a value is not a help request")
    func helpAsValue() throws {
        let parsed = try ArgumentParser.parse(["--name=--help"], for: train)
        #expect(!parsed.wantsHelp)
        #expect(try parsed[Options.name] == "--help")
    }
}

// MARK: Help text

@Suite("Argument parser: help text")
struct ArgumentParserHelpTests {
    @Test("help lists every option with its value name, default and choices")
    func helpMentionsEverything() {
        let help = ArgumentParser.helpText(for: train)
        for option in train.options {
            let label = option.valueName.map { "--\(option.name) \($0)" } ?? "--\(option.name)"
            #expect(help.contains(label), "\(label)")
            if let defaultDescription = option.defaultDescription {
                #expect(help.contains("default: \(defaultDescription))"), "\(option.name)")
            }
        }
        #expect(help.contains("(default: 0.1)"))
        #expect(help.contains("(values: sigmoid, relu, tanh;"))   // wrapped before "default:"
        #expect(help.contains("-h, --help"))
        // Nine options do not fit on one usage line.
        #expect(help.contains("USAGE: gradlab train [OPTIONS]\n"))
        // No line is wider than the 80-column terminal.
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("help layout: sections, aligned columns at 28, wrapped help, own-line long labels")
    func helpLayout() {
        enum Function: String, CaseIterable, Sendable { case square, sin }
        let step = CommandDefinition(
            name: "step", abstract: "Compare step sizes of the numerical derivative.",
            discussion: "Prints one line per step size h.",
            options: [
                Option<Function>("function", "NAME", help: "The function to differentiate.", default: .square),
                Option<Bool>(flag: "csv", help: "Write CSV instead of a table."),
            ],
            positionalName: "X", positionalHelp: "The point to differentiate at.")
        // Help text starts at column 28; the first help line is filled to exactly 52 columns.
        let expected = """
            OVERVIEW: Compare step sizes of the numerical derivative.

            Prints one line per step size h.

            USAGE: gradlab step [--function NAME] [--csv] [X]

            ARGUMENTS:
              X                         The point to differentiate at.

            OPTIONS:
              --function NAME           The function to differentiate. (values: square, sin;
                                        default: square)
              --csv                     Write CSV instead of a table.
              -h, --help                Show help information.
            """
        #expect(ArgumentParser.helpText(for: step) == expected)

        let long = CommandDefinition(name: "x", abstract: "A.",
                                     options: [Option<String?>("a-very-long-option-name", "VALUE", help: "Long.")])
        #expect(ArgumentParser.helpText(for: long).contains(
            "\n  --a-very-long-option-name VALUE\n                            Long.\n"))
    }

    @Test("top-level overview lists the subcommands")
    func overview() {
        let expected = """
            OVERVIEW: Learn how neural networks get their gradients.

            USAGE: gradlab <subcommand>

            OPTIONS:
              -h, --help                Show help information.

            SUBCOMMANDS:
              train                     Train a two-layer network on MNIST.
              check                     Check exercises.

              See 'gradlab <subcommand> --help' for detailed help.
            """
        #expect(ArgumentParser.overviewText(abstract: "Learn how neural networks get their gradients.",
                                            commands: [train, check]) == expected)
    }
}

// MARK: Edit distance and suggestions

@Suite("Argument parser: edit distance and suggestions")
struct ArgumentParserSuggestionTests {
    @Test("Levenshtein distance on hand-worked pairs", arguments: [
        ("", "", 0), ("", "abc", 3), ("abc", "", 3), ("abc", "abc", 0),
        ("kitten", "sitting", 3),   // k→s, e→i, insert g
        ("flaw", "lawn", 2),        // delete f, insert n
        ("saturday", "sunday", 3),  // delete a, delete t, r→n
        ("trian", "train", 2),      // a swap is two substitutions
        ("book", "back", 2),        // o→a, o→c
        ("café", "cafe", 1),        // counted in characters, not bytes
    ])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(ArgumentParser.editDistance(a, b) == distance)
        #expect(ArgumentParser.editDistance(b, a) == distance)   // symmetric
    }

    @Test("suggestion picks the nearest close candidate, or none")
    func suggestion() {
        let commands = [train, check].map(\.name)
        #expect(ArgumentParser.suggestion(for: "trian", among: commands) == "train")
        #expect(ArgumentParser.suggestion(for: "chek", among: commands) == "check")
        #expect(ArgumentParser.suggestion(for: "plot", among: commands) == nil)
        #expect(ArgumentParser.suggestion(for: "x", among: []) == nil)
        // Replacing every letter is no typo, even within distance 2.
        #expect(ArgumentParser.suggestion(for: "x", among: ["lr"]) == nil)
        // Nearest wins; a tie goes to the earlier candidate.
        #expect(ArgumentParser.suggestion(for: "batch", among: ["match", "batch"]) == "batch")
        #expect(ArgumentParser.suggestion(for: "bat", among: ["cat", "hat"]) == "cat")
        // Long words allow a third of their length: "lerningrat" (10) is 3 insertions away.
        #expect(ArgumentParser.suggestion(for: "lerningrat", among: ["learning-rate"]) == "learning-rate")
        // Short words allow 2: "lr" is 11 away from "learning-rate".
        #expect(ArgumentParser.suggestion(for: "lr", among: ["learning-rate"]) == nil)
    }
}

// MARK: Programming errors

#if compiler(>=6.2)
@Suite("Argument parser: programming errors stop the program")
struct ArgumentParserProgrammingErrorTests {
    @Test("reading an option the command does not declare is a precondition failure")
    func undeclaredOption() async {
        await #expect(processExitsWith: .failure) {
            let parsed = try ArgumentParser.parse([], for: CommandDefinition(name: "a", abstract: "A."))
            _ = try parsed[Option<String?>("batch", "N", help: "Batch.")]
        }
    }
}
#endif

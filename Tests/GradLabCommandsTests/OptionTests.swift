// Tests for typed options: declared once with their type, default and range, shown in help from
// the typed default, and read back as typed values. Expected messages are written by hand from
// the rules in ValueFormat.swift.

import Testing
@testable import GradLabCommands

// MARK: Fixtures

private enum Activation: String, CaseIterable, Sendable { case sigmoid, relu, tanh }

private enum Fixture {
    static let batch = Option<Int>("batch", "N", help: "Images per mini-batch.", default: 100, range: 1...60_000)
    static let epochs = Option<Int?>("epochs", "N", help: "Epochs instead.", range: 1...1000, example: 5)
    static let rate = Option<Double>("learning-rate", "RATE", help: "Step size.", default: 0.1, range: 0...10)
    static let step = Option<Double>("step", "H", help: "Finite-difference step.", default: 1e-4)
    static let budget = Option<Double>("budget", "SECONDS", help: "Time allowed.", default: 90, range: 1...1e7)
    static let momentum = Option<Double?>("momentum", "M", help: "Momentum.", range: 0...1, example: 0.9,
                                          defaultDescription: "the optimizer's")
    static let hidden = Option<[Int]>("hidden", "LIST", help: "Hidden sizes.", default: [10, 20, 50], range: 1...5000)
    static let activation = Option<Activation>("activation", "NAME", help: "Hidden activation.", default: .sigmoid)
    static let sampler = Option<Activation?>("sampler", "NAME", help: "No default.")
    static let scale = Option<Double>("scale", "NAME", help: "A named scale.",
                                      choices: [("small", 0.01), ("large", 1)], default: 0.01)
    static let out = Option<String>("out", "DIR", help: "Folder.", default: "gradlab-output")
    static let data = Option<String?>("data", "DIR", help: "Data folder.", defaultDescription: "the shipped copy")
    static let seed = Option<Int>("seed", "N", help: "Seed.", default: 42, range: 0...Int.max).map { UInt64($0) }
    static let verbose = Option<Bool>(flag: "verbose", help: "Say more.")

    static let command = CommandDefinition(
        name: "train", abstract: "Train.",
        options: [batch, epochs, rate, step, budget, momentum, hidden, activation, sampler, scale, out, data,
                  seed, verbose])
}

/// Parses `arguments` for the fixture command.
private func parse(_ arguments: [String]) throws(ArgumentError) -> ParsedArguments {
    try ArgumentParser.parse(arguments, for: Fixture.command)
}

/// Reads `option` from `arguments` and returns the error, or `nil` (failing the `#expect`).
private func readError<Value>(_ arguments: [String], _ option: Option<Value>) -> ArgumentError? {
    do {
        _ = try parse(arguments)[option]
        return nil
    } catch {
        return error
    }
}

// MARK: Reading

@Suite("Typed options: reading")
struct OptionReadingTests {
    @Test("absent: the declared default, or nil for an option without one")
    func defaultsWhenAbsent() throws {
        let parsed = try parse([])
        #expect(try parsed[Fixture.batch] == 100)
        #expect(try parsed[Fixture.epochs] == nil)
        #expect(try parsed[Fixture.rate] == 0.1)
        #expect(try parsed[Fixture.momentum] == nil)
        #expect(try parsed[Fixture.hidden] == [10, 20, 50])
        #expect(try parsed[Fixture.activation] == .sigmoid)
        #expect(try parsed[Fixture.sampler] == nil)
        #expect(try parsed[Fixture.scale] == 0.01)
        #expect(try parsed[Fixture.out] == "gradlab-output")
        #expect(try parsed[Fixture.data] == nil)
        #expect(try parsed[Fixture.seed] == 42 as UInt64)
        #expect(try parsed[Fixture.verbose] == false)
        #expect(!parsed.wasGiven(Fixture.batch) && !parsed.wasGiven(Fixture.verbose))
    }

    @Test("defaultValue is what reading gives when the option is absent")
    func defaultValues() {
        #expect(Fixture.batch.defaultValue == 100)
        #expect(Fixture.epochs.defaultValue == nil)
        #expect(Fixture.hidden.defaultValue == [10, 20, 50])
        #expect(Fixture.seed.defaultValue == 42 as UInt64)
        #expect(Fixture.verbose.defaultValue == false)
        #expect(Fixture.scale.defaultValue == 0.01)
    }

    @Test("given: converted to the declared type")
    func givenValues() throws {
        let parsed = try parse(["--batch", "50", "--epochs=3", "--learning-rate", "1e-2", "--momentum", "0.5",
                                "--hidden", "4, 5", "--activation", "tanh", "--sampler", "relu", "--scale", "large",
                                "--out", "/tmp/x", "--data", "here", "--seed", "7", "--verbose"])
        #expect(try parsed[Fixture.batch] == 50)
        #expect(try parsed[Fixture.epochs] == 3)
        #expect(try parsed[Fixture.rate] == 0.01)
        #expect(try parsed[Fixture.momentum] == 0.5)
        #expect(try parsed[Fixture.hidden] == [4, 5])
        #expect(try parsed[Fixture.activation] == .tanh)
        #expect(try parsed[Fixture.sampler] == .relu)
        #expect(try parsed[Fixture.scale] == 1)
        #expect(try parsed[Fixture.out] == "/tmp/x")
        #expect(try parsed[Fixture.data] == "here")
        #expect(try parsed[Fixture.seed] == 7 as UInt64)
        #expect(try parsed[Fixture.verbose])
        #expect(parsed.wasGiven(Fixture.batch) && parsed.wasGiven(Fixture.verbose) && parsed.wasGiven(Fixture.data))
    }

    @Test("a value out of range: the error names the option and the value, and suggests the default")
    func outOfRange() throws {
        let batch = try #require(readError(["--batch", "0"], Fixture.batch))
        #expect(batch == ArgumentError(.outOfRange(option: "batch", value: "0", lowerBound: "1", upperBound: "60000",
                                                   example: "100"), command: "train"))
        #expect(batch.description == "--batch: 0 is out of range; give a value from 1 to 60000, for example --batch 100")

        let budget = try #require(readError(["--budget", "0.5"], Fixture.budget))
        #expect(budget.description
                == "--budget: 0.5 is out of range; give a value from 1.0 to 10000000.0, for example --budget 90.0")

        let hidden = try #require(readError(["--hidden", "10,0"], Fixture.hidden))
        #expect(hidden.description
                == "--hidden: 0 is out of range; give a value from 1 to 5000, for example --hidden 10,20,50")

        let seed = try #require(readError(["--seed", "-1"], Fixture.seed))
        #expect(seed.description == "--seed: -1 is out of range; give a value from 0 to 9223372036854775807, "
                + "for example --seed 42")
    }

    @Test("options without a default suggest their declared example")
    func optionalExamples() throws {
        #expect(try #require(readError(["--epochs", "ten"], Fixture.epochs)).description
                == "--epochs: 'ten' is not a whole number; for example --epochs 5")
        #expect(try #require(readError(["--epochs", "0"], Fixture.epochs)).description
                == "--epochs: 0 is out of range; give a value from 1 to 1000, for example --epochs 5")
        #expect(try #require(readError(["--momentum", "2"], Fixture.momentum)).description
                == "--momentum: 2 is out of range; give a value from 0.0 to 1.0, for example --momentum 0.9")
    }

    @Test("text that is not of the type: named with the option")
    func invalidText() throws {
        #expect(try #require(readError(["--batch", "ten"], Fixture.batch)).description
                == "--batch: 'ten' is not a whole number; for example --batch 100")
        #expect(try #require(readError(["--learning-rate", "nan"], Fixture.rate)).description
                == "--learning-rate: 'nan' is not a finite number; for example --learning-rate 0.1")
        #expect(readError(["--hidden", "1;2"], Fixture.hidden)
                == ArgumentError(.invalidValue(option: "hidden", value: "1;2",
                                               expected: "a comma-separated list of whole numbers",
                                               example: "10,20,50"), command: "train"))
    }

    @Test("choices are checked while parsing, typed and pair-declared alike")
    func choices() throws {
        let activation: ArgumentError?
        do { _ = try parse(["--activation", "tanhh"]); activation = nil } catch { activation = error }
        #expect(activation == ArgumentError(.notAllowed(option: "activation", value: "tanhh",
                                                        allowed: ["sigmoid", "relu", "tanh"], suggestion: "tanh"),
                                            command: "train"))
        let scale: ArgumentError?
        do { _ = try parse(["--scale", "medium"]); scale = nil } catch { scale = error }
        #expect(scale?.description == "--scale: 'medium' is not allowed; choose one of small, large "
                + "(for example --scale small)")
    }

    #if compiler(>=6.2)
    @Test("reading an option the command does not declare stops the program")
    func undeclaredOption() async {
        await #expect(processExitsWith: .failure) {
            let other = Option<Int>("batch", "N", help: "Another batch.", default: 1)
            _ = try ArgumentParser.parse([], for: Fixture.command)[other]
        }
    }
    #endif
}

// MARK: Help

@Suite("Typed options: help")
struct OptionHelpTests {
    @Test("help shows defaults rendered from the typed values")
    func renderedDefaults() {
        let help = ArgumentParser.helpText(for: Fixture.command)
        for expected in ["(default: 100)", "(default: 0.1)", "(default: 0.0001)", "(default: 90)",
                         "(default: the optimizer's)", "(default: 10,20,50)", "(values: sigmoid, relu, tanh;",
                         "default: sigmoid)", "(values: small, large; default:", "(default: gradlab-output)",
                         "(default: the shipped copy)", "(default: 42)"] {
            #expect(help.contains(expected), "\(expected)")
        }
        #expect(Fixture.scale.definition.defaultDescription == "small")
        #expect(Fixture.epochs.definition.defaultDescription == nil)
        #expect(Fixture.sampler.definition.allowedValues == ["sigmoid", "relu", "tanh"])
        #expect(Fixture.verbose.definition.isFlag)
    }

    @Test("the fixture's defaults read back")
    func fixtureDefaultsReadBack() {
        for declaration in Fixture.command.declarations {
            #expect(declaration.helpDefaultMismatch == nil, "\(declaration.definition.name)")
        }
    }

    @Test("a default out of its own range does not read back")
    func defaultOutsideRange() throws {
        let option = Option<Int>("batch", "N", help: "Batch.", default: 0, range: 1...10)
        let mismatch = try #require(option.helpDefaultMismatch)
        #expect(mismatch.contains("--batch") && mismatch.contains("(default: 0)"))
    }

    @Test("a value written as the description of an option without a default is caught")
    func valueAsDescription() throws {
        let option = Option<Int?>("hidden", "N", help: "Hidden units.", example: 50, defaultDescription: "50")
        let mismatch = try #require(option.helpDefaultMismatch)
        #expect(mismatch.contains("--hidden") && mismatch.contains("has no default"))
        let words = Option<Int?>("train-size", "N", help: "Images.", range: 1...Int.max, example: 10,
                                 defaultDescription: "all")
        #expect(words.helpDefaultMismatch == nil)
    }
}

// The real commands' options: every one explained in help, and every default help shows reads
// back as the default the command uses, so help cannot drift from what the program does.

import Testing
@testable import GradLabCommands

@Suite("gradlab options")
struct CommandOptionTests {
    /// Every command with every option it declares, named `command --option` for messages.
    static let options: [(label: String, declaration: any OptionDeclaration)] = GradLabCLI.commands.flatMap { entry in
        entry.definition.declarations.map { ("\(entry.definition.name) --\($0.definition.name)", $0) }
    }

    @Test func everyCommandDeclaresOptions() {
        #expect(GradLabCLI.commands.map(\.definition.name)
                == ["main", "gradcheck", "train", "derivative", "descent", "graph", "activations", "depth", "through-time", "overfitting", "batchnorm", "autoencoder",
                    "evaluate", "predict", "summary", "speed", "bench", "check", "exercises", "hint", "watch"])
        #expect(Self.options.count > 40)
    }

    @Test func everyOptionHasAHelpText() {
        for (label, declaration) in Self.options {
            let help = declaration.definition.help
            #expect(!help.isEmpty, "\(label)")
            #expect(help.hasSuffix("."), "\(label): help is a sentence")
        }
    }

    @Test func everyDefaultShownInHelpReadsBack() {
        for (label, declaration) in Self.options {
            #expect(declaration.helpDefaultMismatch == nil, "\(label): \(declaration.helpDefaultMismatch ?? "")")
        }
    }

    @Test func helpShowsEveryDefaultAndChoice() {
        for entry in GradLabCLI.commands {
            // Rows are wrapped at 80 columns: compare with the spaces folded.
            let help = ArgumentParser.helpText(for: entry.definition).split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            for option in entry.definition.options {
                if let shown = option.defaultDescription {
                    #expect(help.contains("default: \(shown))"), "\(entry.definition.name) --\(option.name)")
                }
                if let allowed = option.allowedValues {
                    #expect(help.contains("values: " + allowed.joined(separator: ", ")),
                            "\(entry.definition.name) --\(option.name)")
                }
            }
        }
    }

    @Test func choicesWithADefaultAcceptItOnTheCommandLine() throws {
        for entry in GradLabCLI.commands {
            for declaration in entry.definition.declarations {
                let option = declaration.definition
                guard let shown = option.defaultDescription, option.allowedValues != nil else { continue }
                let parsed = try ArgumentParser.parse(["--\(option.name)", shown], for: entry.definition)
                let given = parsed.wasGiven(declaration)  // outside #expect, which cannot open the existential
                #expect(given, "\(entry.definition.name) --\(option.name)")
            }
        }
    }

    @Test func theLearningRateDefaultIsTheLibrarys() {
        // Help describes the optimizers' defaults from the library, not from a copy.
        #expect(TrainCommand.learningRate.definition.defaultDescription
                == "the optimizer's: sgd 0.1, momentum/adagrad 0.01, rmsprop/adam 0.001")
    }
}

import GradLab
import GradLabData

/// `gradlab evaluate`: a saved model's loss and accuracy on the test set, as Keras's
/// `model.evaluate(x_test, y_test)`.
enum EvaluateCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "evaluate",
        abstract: "The loss and accuracy of a saved model (train --save FILE) on the test set.",
        discussion: """
            Loads the model from its file alone (the network's description is inside it), then \
            measures the loss (the weight penalty included, as training reports it) and the \
            accuracy on every test image, in inference mode.
            """,
        options: [ModelOptions.model, DataSource.option, CommonOptions.json])

    /// What the evaluation found.
    struct Result {
        /// The model file, as given.
        var path: String
        /// The network's description.
        var specification: String
        /// Test images measured.
        var imageCount: Int
        /// The mean loss over the test set.
        var loss: Double
        /// The fraction classified correctly.
        var accuracy: Double
    }

    /// Loads the model and the test set, measures, prints text or JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let (path, model, _) = try ModelOptions.load(arguments, command: definition.name)
        let test = try ModelOptions.testSet(arguments, for: model, path: path)
        let result = evaluate(model, on: test, path: path)
        if try arguments[CommonOptions.json] {
            console.line(json(result).text)
        } else {
            console.line("\(path): \(result.specification)")
            console.line("\(groupedThousands(result.imageCount)) test images: loss \(fixed(result.loss, 4)), accuracy \(fixed(result.accuracy, 4))")
        }
    }

    /// The loss and accuracy on `test`, measured as training measures them (`meanLoss`,
    /// `accuracy(of:on:)`: a thousand images at a time, in inference).
    static func evaluate(_ model: ModelFile, on test: LabeledImages, path: String) -> Result {
        Result(path: path, specification: model.specification, imageCount: test.count,
               loss: meanLoss(of: model.network, on: test), accuracy: accuracy(of: model.network, on: test))
    }

    /// The result as one JSON object.
    static func json(_ result: Result) -> JSON {
        .object([("model", .string(result.path)), ("network", .string(result.specification)),
                 ("testImages", .integer(result.imageCount)), ("loss", .number(result.loss)),
                 ("accuracy", .number(result.accuracy))])
    }
}

import GradLab
import GradLabData

/// `gradlab predict`: a saved model's class probabilities for one test image, the image drawn
/// in the terminal, and its true label, as Keras's `model.predict(x_test[n:n+1])`.
enum PredictCommand: RunnableCommand {
    /// `--image N`: which test image.
    static let image = Option<Int>("image", "N", help: "The test image, counted from 0.", default: 0, range: 0...1_000_000)

    static let definition = CommandDefinition(
        name: "predict",
        abstract: "The class probabilities a saved model (train --save FILE) gives one test image.",
        discussion: """
            Draws test image N with characters (darker characters for brighter pixels), then \
            prints the network's output for it (softmax probabilities with cross-entropy) and the \
            image's true label.
            """,
        options: [ModelOptions.model, image, DataSource.option, CommonOptions.json])

    /// What the model said about one image.
    struct Result {
        /// The image's index in the test set.
        var index: Int
        /// The true label.
        var label: Int
        /// The network's output for the image, one value per class.
        var outputs: [Double]
        /// The class with the highest output.
        var predicted: Int
        /// The image drawn with characters, one line per row.
        var drawing: [String]
    }

    /// Loads the model and the test image, predicts, prints text or JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let (path, model, _) = try ModelOptions.load(arguments, command: definition.name)
        let test = try ModelOptions.testSet(arguments, for: model, path: path)
        let index = try arguments[image]
        guard index < test.count else {
            throw ArgumentError(.outOfRange(option: image.name, value: String(index), lowerBound: "0",
                                            upperBound: String(test.count - 1), example: "0"), command: definition.name)
        }
        let result = predict(model, on: test, index: index)
        if try arguments[CommonOptions.json] {
            console.line(json(result).text)
            return
        }
        console.line("test image \(index) of \(DataSource.name(of: try arguments[DataSource.option])), label \(result.label):")
        for line in result.drawing { console.line("  " + line) }
        console.line("\nclass  output")
        for (kind, value) in result.outputs.enumerated() {
            console.line("\(String(kind).leftPadded(5))  \(fixed(value, 4))  \(String(repeating: "#", count: Int((value * 40).rounded())))")
        }
        let verdict = result.predicted == result.label ? "correct" : "wrong"
        console.line("\npredicted \(result.predicted), true label \(result.label): \(verdict)")
    }

    /// The network's output for test image `index`.
    static func predict(_ model: ModelFile, on test: LabeledImages, index: Int) -> Result {
        let outputs = model.network.predict(test.images(at: [index])).scalars
        let predicted = outputs.indices.max { outputs[$0] < outputs[$1] } ?? 0
        return Result(index: index, label: test.label(at: index), outputs: outputs, predicted: predicted,
                      drawing: drawing(of: Array(test.image(at: index)), columns: test.columns))
    }

    /// The pixels as text, two characters per pixel (a terminal cell is about twice as tall as
    /// wide), from " " for 0 through ".:-=+*#%" to "@" for 255.
    static func drawing(of pixels: [UInt8], columns: Int) -> [String] {
        let ramp = Array(" .:-=+*#%@")
        return stride(from: 0, to: pixels.count, by: max(columns, 1)).map { start in
            String(pixels[start..<min(start + columns, pixels.count)].flatMap { pixel in
                let character = ramp[Int(pixel) * ramp.count / 256]
                return [character, character]
            })
        }
    }

    /// The result as one JSON object.
    static func json(_ result: Result) -> JSON {
        .object([("image", .integer(result.index)), ("label", .integer(result.label)),
                 ("predicted", .integer(result.predicted)), ("outputs", .array(result.outputs.map(JSON.number)))])
    }
}

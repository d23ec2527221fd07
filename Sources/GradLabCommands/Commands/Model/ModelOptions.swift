import Foundation
import GradLab
import GradLabData

/// `--model FILE`: a model saved by `gradlab train --save FILE`, as `evaluate`, `predict` and
/// `summary` read it.
enum ModelOptions {
    /// The option.
    static let model = Option<String?>("model", "FILE", help: "A model saved by 'gradlab train --save FILE' (safetensors).")

    /// The `--model` file, loaded: its network built from the description it holds, the weights
    /// and running statistics put in.
    ///
    /// - Throws: ``ArgumentError`` (exit 2) if `--model` is missing; ``DataError`` (exit 1)
    ///   naming the file if it cannot be read or is not a GradLab model.
    static func load(_ arguments: ParsedArguments, command: String) throws -> (path: String, model: ModelFile, file: Safetensors) {
        guard let path = try arguments[model] else {
            throw ArgumentError(.missingValue(option: model.name, valueName: "FILE"), command: command)
        }
        let url = URL(fileURLWithPath: path)
        let file = try Safetensors.load(contentsOf: url)
        return (path, try ModelFile(file, name: url.lastPathComponent, kinds: LayerCatalog.all), file)
    }

    /// The test set of `--data` (or the shipped MNIST), checked against the model's input size.
    static func testSet(_ arguments: ParsedArguments, for model: ModelFile, path: String) throws -> LabeledImages {
        let test = try DataSource.load(from: try arguments[DataSource.option]).test
        guard test.pixelsPerImage == model.inputSize else {
            throw CommandError("\(path) takes \(model.inputSize) inputs, but the images of \(DataSource.name(of: try arguments[DataSource.option])) "
                               + "have \(test.pixelsPerImage) pixels (\(test.rows)×\(test.columns))")
        }
        return test
    }
}

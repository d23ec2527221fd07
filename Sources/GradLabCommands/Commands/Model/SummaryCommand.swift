import Foundation
import GradLab
import GradLabData

/// `gradlab summary`: what a saved model holds: its description, loss and sizes, the layers as
/// Keras's `model.summary()` prints them, and every tensor in the file with its shape.
enum SummaryCommand: RunnableCommand {
    static let definition = CommandDefinition(
        name: "summary",
        abstract: "The layers and tensors of a saved model (train --save FILE).",
        discussion: """
            The tensors are listed by the names they have in the file, which Python's \
            safetensors.numpy.load_file gives too.
            """,
        options: [ModelOptions.model, CommonOptions.json])

    /// Loads the model and prints its summary, or the JSON.
    static func run(_ arguments: ParsedArguments, console: Console) throws {
        let (path, model, file) = try ModelOptions.load(arguments, command: definition.name)
        let loss = LossKind(model.network.lossLayer)?.rawValue ?? model.network.lossLayer.summaryName
        if try arguments[CommonOptions.json] {
            let tensors = file.entries.map { entry in
                JSON.object([("name", .string(entry.name)), ("dtype", .string(entry.dtype.rawValue)),
                             ("shape", .array(entry.shape.map(JSON.integer)))])
            }
            console.line(JSON.object([
                ("model", .string(path)), ("network", .string(model.specification)),
                ("inputSize", .integer(model.inputSize)), ("outputSize", .integer(model.outputSize)),
                ("loss", .string(loss)), ("weightDecay", .number(model.network.weightDecay.l2)),
                ("l1", .number(model.network.weightDecay.l1)), ("parameterCount", .integer(model.network.parameterCount)),
                ("tensors", .array(tensors)),
            ]).text)
            return
        }
        console.line("\(path): \"\(model.specification)\", \(model.inputSize) inputs, \(model.outputSize) outputs, loss \(loss)"
                     + (model.network.weightDecay.isNone ? "" : ", weight decay \(model.network.weightDecay.l2), L1 \(model.network.weightDecay.l1)"))
        console.line()
        console.line(model.network.summary(inputSize: model.inputSize))
        console.line()
        let rows = file.entries.map { [$0.name, $0.dtype.rawValue, "(" + $0.shape.map(String.init).joined(separator: ", ") + ")"] }
        let nameWidth = max(8, (rows.map { $0[0].count }.max() ?? 0) + 2)
        console.line("tensor".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "dtype  shape")
        for row in rows {
            console.line(row[0].padding(toLength: nameWidth, withPad: " ", startingAt: 0) + row[1] + "    " + row[2])
        }
    }
}

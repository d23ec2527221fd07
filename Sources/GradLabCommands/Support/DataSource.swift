import Foundation
import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import MNISTData

/// Finds and loads the images a command works on: the MNIST copy shipped with GradLab, or any
/// folder given with `--data` that holds the four standard files (`.gz` or raw), such as
/// Fashion-MNIST.
enum DataSource {
    /// The shared `--data` option.
    static let option = OptionDefinition.value(
        "data", "DIR", help: "A folder with the four MNIST-format files (.gz or raw), e.g. Fashion-MNIST.",
        default: "the MNIST copy shipped in the repository")

    /// Loads the data set named by `--data`, or the shipped MNIST.
    static func load(_ arguments: ParsedArguments) throws -> MNIST {
        if let path = arguments.string("data") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandError("--data: the folder '\(path)' does not exist")
            }
            guard isDirectory.boolValue else {
                throw CommandError("--data: '\(path)' is a file; give the folder that holds the four MNIST files")
            }
            return try MNIST.load(from: URL(fileURLWithPath: path, isDirectory: true))
        }
        return try MNIST.load(from: MNISTData.directory)
    }

    /// A short name for messages: "MNIST", or the folder given.
    static func name(_ arguments: ParsedArguments) -> String {
        arguments.string("data").map { "the data in \($0)" } ?? "MNIST"
    }
}

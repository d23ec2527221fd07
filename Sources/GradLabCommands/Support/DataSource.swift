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
    /// The shared `--data` option: a folder, or none for the shipped MNIST.
    static let option = Option<String?>(
        "data", "DIR", help: "A folder with the four MNIST-format files (.gz or raw), e.g. Fashion-MNIST.",
        defaultDescription: "the MNIST copy shipped in the repository")

    /// Loads the data set in the folder `path` (the `--data` value), or the shipped MNIST when nil.
    static func load(from path: String?) throws -> MNIST {
        if let path {
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
    static func name(of path: String?) -> String {
        path.map { "the data in \($0)" } ?? "MNIST"
    }
}

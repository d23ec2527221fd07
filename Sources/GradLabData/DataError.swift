import Foundation

/// A problem found while reading a data file: which file, and what is wrong with it.
///
/// Every reader in `Data/` (``Inflate``, ``Gzip``, ``IDXFile``, ``LabeledImages``, ``MNIST``)
/// throws this one type, so a message always reads `file: problem`, for example:
///
/// ```
/// train-images-idx3-ubyte.gz: CRC-32 mismatch: stored 0x1234abcd, computed 0x89ab0000
/// ```
///
/// The two parts are kept separate so that a test (or a program) can check which file failed
/// without parsing the text.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, directory or stream the problem was found in, as the caller named it.
    public var file: String
    /// What is wrong, in words (for example `"truncated: ..."` or `"not a gzip file ..."`).
    public var problem: String

    /// Creates an error for `file` describing `problem`.
    ///
    /// - Parameters:
    ///   - file: The file, directory or stream name shown before the colon.
    ///   - problem: What is wrong with it.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// The message `"file: problem"`.
    public var description: String { "\(file): \(problem)" }
}

extension DataError: LocalizedError {
    /// The same text as ``description``, so `error.localizedDescription` shows it too
    /// (Foundation would otherwise print a generic "The operation could not be completed").
    public var errorDescription: String? { description }
}

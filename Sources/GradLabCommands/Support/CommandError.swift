/// A mistake the user can fix (a missing file, a bad combination of options), with a message
/// that says what went wrong and what to do. The runner prints it and exits with status 1.
public struct CommandError: Error, CustomStringConvertible, Sendable {
    /// The message shown after "error: ".
    public var description: String

    /// Creates the error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

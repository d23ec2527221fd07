/// A usage mistake found after parsing: a value the option's own check accepts but the command
/// cannot use (a `--network` description that does not parse, `--gradient fast` for a network
/// the fast path does not know, an unknown name in `--sources`), or two options that exclude
/// each other. Like an ``ArgumentError``, the runner prints it after "error: " and exits with
/// status 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    /// The message shown after "error: ": the option, the mistake, and what to type instead.
    public var description: String

    /// Creates the error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

/// Options every command shares.
enum CommonOptions {
    /// `--json`: the result as one JSON object on standard output, progress on standard error.
    static let json = Option<Bool>(flag: "json", help: "Print one JSON object on standard output and nothing else.")
    /// `--out`: where the files go; without it, each command's own folder under gradlab-output/
    /// (see ``OutputIndex``).
    static let out = Option<String?>("out", "DIR", help: "Folder for CSV, SVG and HTML files.",
                                     defaultDescription: "gradlab-output/ and the command's name, e.g. gradlab-output/train")
    /// `--seed`: typed as a non-negative whole number, used as the generators' `UInt64`.
    static let seed = Option<Int>("seed", "N", help: "Seed for weights and batches; the same seed gives the same run.",
                                  default: 42, range: 0...Int.max).map { UInt64($0) }
}

/// The options every command that computes on data takes (`--seed`, `--data`, `--json`,
/// `--out`; declared once, in ``CommonOptions`` and ``DataSource``), read once: each such
/// command's `Settings` embeds one and forwards its fields.
struct CommonSettings {
    /// `--seed`: seeds the weights, the batches and anything else the command draws.
    var seed: UInt64
    /// `--data`: the folder, or `nil` for the shipped MNIST.
    var dataPath: String?
    /// `--json`.
    var json: Bool
    /// `--out`, or the command's own folder under gradlab-output/ (see ``OutputIndex``).
    var out: String

    /// Reads the four options of the command `arguments` were parsed for.
    ///
    /// - Throws: ``ArgumentError`` for a bad value.
    init(_ arguments: ParsedArguments) throws(ArgumentError) {
        seed = try arguments[CommonOptions.seed]
        dataPath = try arguments[DataSource.option]
        json = try arguments[CommonOptions.json]
        out = OutputIndex.folder(try arguments[CommonOptions.out], command: arguments.command.name)
    }
}

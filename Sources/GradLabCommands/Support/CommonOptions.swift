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

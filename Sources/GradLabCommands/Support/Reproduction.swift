import Foundation

extension ParsedArguments {
    /// The options as given, ready to paste after the command name in a shell: a value with
    /// spaces or shell characters (`--network 'affine 6, tanh, affine 10'`) is quoted. `--json` is
    /// left out: the command is shown for reading its results.
    var reproductionArguments: String { reproductionArguments(excluding: []) }

    /// ``reproductionArguments`` without the options named in `excluded` (options that change
    /// where results go but not what they are).
    func reproductionArguments(excluding excluded: Set<String>) -> String {
        command.options.filter { !excluded.contains($0.name) }.compactMap { option in
            if option.isFlag {
                return flags.contains(option.name) && option.name != CommonOptions.json.name ? "--\(option.name)" : nil
            }
            return values[option.name].map { "--\(option.name) \(shellWord($0))" }
        }.joined(separator: " ")
    }
}

/// `text` as one word of a POSIX shell: unchanged if every character is safe unquoted, otherwise
/// in single quotes (a quote inside written `'\''`).
func shellWord(_ text: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=+@%")
    if !text.isEmpty && text.allSatisfy(safe.contains) { return text }
    return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}

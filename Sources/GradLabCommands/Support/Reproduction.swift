extension ParsedArguments {
    /// The options as given, ready to paste after the command name.
    var reproductionArguments: String {
        command.options.compactMap { option in
            if option.isFlag {
                return flags.contains(option.name) && option.name != CommonOptions.json.name ? "--\(option.name)" : nil
            }
            return values[option.name].map { "--\(option.name) \($0)" }
        }.joined(separator: " ")
    }
}

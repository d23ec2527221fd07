/// Comma-separated values (RFC 4180), the format every spreadsheet, pandas and R can open.
///
/// ```
/// step,loss
/// 0,2.302585092994046
/// 1,2.1983
/// ```
///
/// A field is wrapped in double quotes when it contains a comma, a double quote, a carriage
/// return or a line feed, and a double quote inside it is doubled: `say "hi"` becomes
/// `"say ""hi"""`. Lines end with `\n` (what pandas and most tools write; RFC 4180 readers also
/// accept it) and the text ends with a newline.
public enum CSV {
    /// Renders a table of text cells.
    ///
    /// Rows shorter than the header are padded with empty cells, so every line has the same
    /// number of fields; longer rows are written in full.
    ///
    /// - Parameters:
    ///   - header: the column names, written as the first line.
    ///   - rows: the data rows.
    /// - Returns: the CSV text.
    /// - Complexity: O(total characters).
    public static func render(header: [String], rows: [[String]]) -> String {
        var text = line(header)
        for row in rows {
            let padded = row.count < header.count ? row + Array(repeating: "", count: header.count - row.count) : row
            text += line(padded)
        }
        return text
    }

    /// Renders named columns of numbers, one column per series (for example `step`, `loss`,
    /// `accuracy`).
    ///
    /// Numbers are written with Swift's shortest round-trip representation (`0.1`, `1e-08`,
    /// `2.302585092994046`), so reading the file back gives the same `Double`s bit for bit.
    /// NaN is `nan` and infinities are `inf` and `-inf`, which pandas and NumPy read. Columns of
    /// unequal length are padded with empty cells.
    ///
    /// - Parameter columns: `(name, values)` pairs, left to right.
    /// - Returns: the CSV text.
    public static func render(columns: [(name: String, values: [Double])]) -> String {
        let rowCount = columns.map(\.values.count).max() ?? 0
        let rows = (0..<rowCount).map { i in
            columns.map { column in i < column.values.count ? "\(column.values[i])" : "" }
        }
        return render(header: columns.map(\.name), rows: rows)
    }

    /// One line: the fields, quoted where needed, joined by commas.
    private static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    /// A field, quoted if it contains `,` `"` CR or LF, with inner quotes doubled.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return field }
        var result = "\""
        for character in field.unicodeScalars {
            if character == "\"" { result += "\"\"" } else { result.unicodeScalars.append(character) }
        }
        return result + "\""
    }
}

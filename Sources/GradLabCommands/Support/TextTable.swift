/// A plain-text table with aligned columns: numbers right-aligned, words left-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    var text: String {
        let columns = header.count
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < columns { widths[i] = max(widths[i], cell.count) } }
        func isNumeric(_ cell: String) -> Bool {
            cell.first.map { "+-0123456789.".contains($0) } ?? false
        }
        func render(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return isNumeric(cell) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([render(header), rule] + rows.map(render)).joined(separator: "\n")
    }
}

/// Formats a number in scientific notation with `digits` significant digits: 1.23e-09.
func scientific(_ value: Double, digits: Int = 2) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    if value == 0 { return "0" }
    return String(format: "%.\(digits)e", value)
}

/// Formats a number with a fixed count of decimals.
func fixed(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

/// Formats seconds readably: 1.2 ms, 3.40 s, 2 min 5 s, 61 h.
func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<1e-3: return String(format: "%.1f µs", seconds * 1e6)
    case ..<1: return String(format: "%.1f ms", seconds * 1e3)
    case ..<120: return String(format: "%.2f s", seconds)
    case ..<7200: return String(format: "%.0f min %.0f s", (seconds / 60).rounded(.down), seconds.truncatingRemainder(dividingBy: 60))
    default: return String(format: "%.1f h", seconds / 3600)
    }
}

import Foundation

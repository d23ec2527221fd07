import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// A small RFC 4180 reader, written independently of `CSV`, to check that what we write reads
/// back as the same fields.
private func readCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var characters = Array(text.unicodeScalars)[...]
    while let c = characters.popFirst() {
        if inQuotes {
            if c == "\"" {
                if characters.first == "\"" {
                    field.unicodeScalars.append("\"")
                    characters.removeFirst()
                } else {
                    inQuotes = false
                }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

@Suite("CSV")
struct CSVTests {
    @Test("edge cases: header only, empty header")
    func edgeCases() {
        #expect(CSV.render(header: ["a", "b"], rows: []) == "a,b\n")
        #expect(CSV.render(header: [], rows: []) == "\n")
    }

    @Test("plain fields are written as is")
    func plain() {
        #expect(CSV.render(header: ["step", "loss"], rows: [["0", "2.3"], ["1", "2.1"]]) == "step,loss\n0,2.3\n1,2.1\n")
    }

    @Test("RFC 4180 quoting: commas, quotes, newlines, carriage returns")
    func quoting() {
        let text = CSV.render(header: ["name"], rows: [["x,y"], ["say \"hi\""], ["line1\nline2"], ["a\rb"], ["plain"]])
        #expect(text == "name\n\"x,y\"\n\"say \"\"hi\"\"\"\n\"line1\nline2\"\n\"a\rb\"\nplain\n")
    }

    @Test("tricky fields read back unchanged with an independent reader")
    func roundTripFields() {
        let rows = [["a,b", "\"", ""], ["multi\nline", "x\"y\"z", "ünïcödé ✓"]]
        let text = CSV.render(header: ["one", "two", "three"], rows: rows)
        #expect(readCSV(text) == [["one", "two", "three"]] + rows)
    }

    @Test("short rows are padded to the header's width")
    func padding() {
        #expect(CSV.render(header: ["a", "b", "c"], rows: [["1"]]) == "a,b,c\n1,,\n")
    }

    @Test("numeric columns: round-trip precision, unequal lengths padded")
    func columns() throws {
        let values = [0.1 + 0.2, 1e-8, 2.302585092994046, -1.5, 1e300]
        let text = CSV.render(columns: [("value", values), ("flag", [1, 0])])
        let rows = readCSV(text)
        #expect(rows[0] == ["value", "flag"])
        #expect(rows.count == values.count + 1)
        for (i, value) in values.enumerated() {
            // Bit-for-bit: parsing the text gives back exactly the same double.
            let parsed = try #require(Double(rows[i + 1][0]))
            #expect(parsed.bitPattern == value.bitPattern)
        }
        #expect(rows[1][1] == "1.0" && rows[3][1] == "")
    }
}

import Foundation
import Testing

/// The docs say what the code does, to the letter, where that is cheap to check: the headings a
/// documented command prints, and the scratch target's example.
@Suite("Docs true to the output")
struct DocsTests {
    /// The repository, found from this file's path (Tests/GradLabCommandsTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The lines of the first code block in `markdown` whose first line contains `command`.
    static func block(in markdown: String, startingWith command: String) -> [String]? {
        let blocks = markdown.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        return blocks.first { $0.split(separator: "\n").first { !$0.isEmpty }?.contains(command) == true }
            .map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A heading of printed output: a line that starts at the margin and ends with a colon.
    static func headings(_ lines: [String]) -> [String] {
        lines.filter { $0.hasSuffix(":") && !$0.hasPrefix(" ") && !$0.hasPrefix("swift ") }
    }

    @Test func chapter12sGradcheckSourcesHeadingsAreTheCommands() throws {
        let documented = try #require(Self.block(in: Self.read("docs/12-every-way-to-a-derivative.md"),
                                                 startingWith: "gradlab gradcheck --sources"))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(["gradcheck", "--random", "--inputs", "12", "--hidden", "5", "--batch", "2",
                                           "--sources", "numeric,backprop,tape", "--out", folder.path])
        #expect(status == 0, "\(output.standardError)")
        let printed = output.standardOutput.split(separator: "\n").map(String.init)
        let headings = Self.headings(documented)
        #expect(headings.contains("The other pairs of --sources:"))
        for heading in headings {
            #expect(printed.contains(heading), "chapter 12 shows '\(heading)', which gradcheck does not print")
        }
        // The table's columns, as documented.
        let squeeze = { (line: String) in line.split(separator: " ").joined(separator: " ") }
        let header = try #require(documented.first { $0.hasPrefix("pair ") })
        #expect(printed.map(squeeze).contains(squeeze(header)))
    }

    @Test func theScratchExampleIsChapter12s() throws {
        let scratch = try Self.read("Sources/scratch/main.swift")
        let chapter = try Self.read("docs/12-every-way-to-a-derivative.md")
        // The three functions and the four calls, each as chapter 12 writes them.
        let functions = scratch.split(separator: "\n").filter { $0.hasPrefix("func f(") }
        #expect(functions.count == 3)
        for line in functions { #expect(chapter.contains(line), "\(line)") }
        for call in ["numericalDerivative(of: f, at: 1.5, h: pow(10, -5.5))", "numericalDerivativeInFloat(of: f, at: 1.5, h: pow(10, -2.5))",
                     "derivative(of: f, at: 1.5)", "complexStepDerivative(of: f, at: 1.5)"] {
            #expect(scratch.contains(call) && chapter.contains(call), "\(call)")
        }
        #expect(try Self.read("README.md").contains("swift run scratch"))
    }
}

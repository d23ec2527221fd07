// The code samples of the exercises' instructions and of docs/teachers-guide.md, compiled here,
// and a test that every ```swift block in those texts is code that compiles somewhere in the
// repository (here, in exercises/, or in Sources/), so no sample can drift from working code.

import Foundation
import GradLab
@testable import GradLabExercises
import Testing

// MARK: Samples (exercises/22-your-layer/YourOwnLayer.swift)

struct Softplus: Layer {
    private var input: Tensor?
    mutating func forward(_ x: Tensor) -> Tensor {
        input = x
        return x.map { log(1 + exp($0)) }
    }
    mutating func backward(_ dout: Tensor) -> Tensor {
        dout * sigmoid(input!)
    }
}

/// The registration line of exercises/22-your-layer/YourOwnLayer.swift, in a list.
let sampleLayerKinds: [LayerKind] = [
    LayerKind("softplus", help: "log(1 + eˣ)") { Softplus() },
]

@Suite("Exercise code samples")
struct ExerciseCodeSampleTests {
    @Test func softplusPassesYourLayerAndTrains() throws {
        #expect(Exercise.checkLayers([Softplus()]).isPassed)
        let network = try Sequential(specification: "affine 6, softplus, affine 3", inputSize: 4, outputSize: 3,
                                     kinds: LayerKind.standard + sampleLayerKinds)
        #expect(network.layers[1] is Softplus)
    }

    /// Lines of code from every Swift file in the repository (comments and blank lines left out,
    /// each line trimmed), to look samples up in.
    static let codeFiles: [(path: String, lines: [String])] = {
        let root = ExerciseFileTests.root
        var files: [(String, [String])] = []
        for folder in ["Sources", "exercises", "Tests"] {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".swift"),
                      let text = try? String(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(path), encoding: .utf8)
                else { continue }
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("//") }
                files.append(("\(folder)/\(path)", lines))
            }
        }
        return files
    }()

    /// The ```swift blocks of a text, each as its trimmed, non-empty lines without comments;
    /// `commentPrefix` is stripped first (for samples inside Swift comments).
    static func swiftBlocks(in text: String, commentPrefix: String?) -> [[String]] {
        var blocks: [[String]] = [], current: [String]?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if let prefix = commentPrefix {
                guard line.hasPrefix(prefix) else { current = nil; continue }
                line = String(line.dropFirst(prefix.count))
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil {
                if trimmed == "```swift" { current = [] }
            } else if trimmed == "```" {
                blocks.append(current!)
                current = nil
            } else if !trimmed.isEmpty && !trimmed.hasPrefix("//") {
                current!.append(trimmed)  // comments are left out, as in the code they are looked up in
            }
        }
        return blocks
    }

    /// The files whose samples must compile: the exercises' starters and checks, their README
    /// and the teachers' guide.
    static let sampleSources: [(path: String, blocks: [[String]])] = {
        let root = ExerciseFileTests.root
        var sources: [(String, [[String]])] = []
        let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent("exercises").path)
        while let path = enumerator?.nextObject() as? String {
            guard let text = try? String(contentsOf: root.appendingPathComponent("exercises").appendingPathComponent(path),
                                         encoding: .utf8) else { continue }
            if path.hasSuffix(".swift") {
                sources.append(("exercises/\(path)", swiftBlocks(in: text, commentPrefix: "//")))
            } else if path.hasSuffix(".md") {
                sources.append(("exercises/\(path)", swiftBlocks(in: text, commentPrefix: nil)))
            }
        }
        if let guide = try? String(contentsOf: root.appendingPathComponent("docs/teachers-guide.md"), encoding: .utf8) {
            sources.append(("docs/teachers-guide.md", swiftBlocks(in: guide, commentPrefix: nil)))
        }
        return sources
    }()

    @Test func everySwiftSampleIsCompiledCode() {
        var count = 0
        for (path, blocks) in Self.sampleSources {
            for block in blocks {
                count += 1
                let found = Self.codeFiles.contains { file in
                    file.lines.count >= block.count && (0...(file.lines.count - block.count)).contains { start in
                        Array(file.lines[start ..< start + block.count]) == block
                    }
                }
                #expect(found, "\(path): this sample is not code anywhere in Sources/, exercises/ or Tests/:\n\(block.joined(separator: "\n"))")
            }
        }
        #expect(count >= 2, "the samples were not found; is the repository root right?")
    }

    /// docs/teachers-guide.md's tables of wrong answers: under each "### N. `id`" heading, rows
    /// `| mistake | `what the checker says` |`. Each row must name a known-wrong answer of that
    /// exercise and quote its checker's message; every known-wrong answer must have its row.
    @Test func theGuideQuotesTheCheckerOnEveryWrongAnswer() throws {
        let guide = try String(contentsOf: ExerciseFileTests.root.appendingPathComponent("docs/teachers-guide.md"), encoding: .utf8)
        var ids: [String] = [], quoted: Set<String> = []
        for line in guide.split(separator: "\n").map(String.init) {
            if line.hasPrefix("### ") {
                ids = line.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
                #expect(ids.allSatisfy { ExerciseCatalog.exercise(id: $0) != nil }, "\(line): no such exercise")
                continue
            }
            guard line.hasPrefix("| "), !ids.isEmpty, line.contains(" | `") else { continue }
            let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | `")
            guard cells.count == 2 else { continue }
            let mistake = cells[0], snippet = String(cells[1].dropLast()).replacingOccurrences(of: "\\|", with: "|")
            let answers = ids.compactMap { ExerciseCatalog.exercise(id: $0) }.flatMap(\.wrongAnswers)
            guard let answer = answers.first(where: { $0.mistake == mistake }) else {
                Issue.record("guide: '\(mistake)' is not a known-wrong answer of \(ids)")
                continue
            }
            quoted.insert(mistake)
            let detail = answer.check().detail
            #expect(detail.contains(snippet), "guide: for '\(mistake)' the checker now says: \(detail)")
        }
        for exercise in ExerciseCatalog.all {
            #expect(guide.contains("`\(exercise.id)`"), "the guide has no section for \(exercise.id)")
            for answer in exercise.wrongAnswers {
                #expect(quoted.contains(answer.mistake), "the guide does not show \(exercise.id)'s wrong answer '\(answer.mistake)'")
            }
        }
    }

    @Test func blocksAreFoundInCommentsAndMarkdown() {
        let comment = "// text\n// ```swift\n// let x = 1\n//\n//     let y = 2\n// ```\nlet z = 3"
        #expect(Self.swiftBlocks(in: comment, commentPrefix: "//") == [["let x = 1", "let y = 2"]])
        #expect(Self.swiftBlocks(in: "```sh\nls\n```\n```swift\na()\n```", commentPrefix: nil) == [["a()"]])
    }
}

import Foundation
@testable import GradLabCommands

/// Collects what a command writes, for assertions.
final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    var standardOutput: String { lock.withLock { out } }
    var standardError: String { lock.withLock { err } }

    var console: Console {
        Console(write: { text in self.lock.withLock { self.out += text } },
                writeError: { text in self.lock.withLock { self.err += text } })
    }
}

/// Runs `gradlab` with the arguments; returns the exit status and the captured output.
func runGradLab(_ arguments: [String]) -> (status: Int32, output: CapturedOutput) {
    let output = CapturedOutput()
    let status = GradLabCLI.main(arguments, console: output.console)
    return (status, output)
}

/// Parses a command's `--json` output with Foundation, independently of our JSON writer.
func parseJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
    return dictionary
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradlab-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a tiny data set in MNIST's IDX format (raw, not gzipped): 4×4 images whose label is
/// the row holding the bright pixels, so a network can learn it. 80 training and 20 test images.
func writeTinyDataSet(to folder: URL) throws {
    func idx(_ magic: UInt8, _ dimensions: [Int], _ bytes: [UInt8]) -> Data {
        var data = Data([0, 0, 8, magic])
        for d in dimensions { data.append(contentsOf: withUnsafeBytes(of: UInt32(d).bigEndian, Array.init)) }
        data.append(contentsOf: bytes)
        return data
    }
    func images(_ count: Int, offset: Int) -> (pixels: [UInt8], labels: [UInt8]) {
        var pixels: [UInt8] = [], labels: [UInt8] = []
        for index in 0..<count {
            let label = (index + offset) % 4
            labels.append(UInt8(label))
            for row in 0..<4 { for column in 0..<4 { pixels.append(row == label ? UInt8(200 + column * 10) : UInt8((index * 7 + column) % 30)) } }
        }
        return (pixels, labels)
    }
    let train = images(80, offset: 0), test = images(20, offset: 1)
    try idx(3, [80, 4, 4], train.pixels).write(to: folder.appendingPathComponent("train-images-idx3-ubyte"))
    try idx(1, [80], train.labels).write(to: folder.appendingPathComponent("train-labels-idx1-ubyte"))
    try idx(3, [20, 4, 4], test.pixels).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
    try idx(1, [20], test.labels).write(to: folder.appendingPathComponent("t10k-labels-idx1-ubyte"))
}

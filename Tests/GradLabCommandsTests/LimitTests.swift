// Absurd sizes (0, negative, beyond the data, 10¹⁸, beyond the machine's memory) get a clear
// error before any work: never an overflow trap, never an allocation that fails. Exit status 2
// is an ArgumentError (a value the option itself refuses), 1 a CommandError (a value that does
// not fit the data or the machine). Every message is written out in full.

import Foundation
import Testing
@testable import GradLabCommands

@Suite("Limits: absurd sizes refused before any work", .serialized)
struct LimitTests {
    static let huge = "1000000000000000000"  // 10¹⁸: an Int, far beyond any range

    /// Values the options' own ranges refuse: exit 2, nothing on standard output, and nothing
    /// loaded (no data folder is given, so the shipped MNIST would be read if anything ran).
    @Test(arguments: [
        (["train", "--iterations", "0"], "--iterations: 0 is out of range; give a value from 1 to 10000000, for example --iterations 10000"),
        (["train", "--iterations", "-1"], "--iterations: -1 is out of range; give a value from 1 to 10000000, for example --iterations 10000"),
        (["train", "--iterations", huge], "--iterations: \(huge) is out of range; give a value from 1 to 10000000, for example --iterations 10000"),
        (["train", "--iterations", "100000000000000000000"],
         "--iterations: '100000000000000000000' is not a whole number from -9223372036854775808 to 9223372036854775807; for example --iterations 10000"),
        (["train", "--epochs", "0"], "--epochs: 0 is out of range; give a value from 1 to 1000000, for example --epochs 1"),
        (["train", "--epochs", huge], "--epochs: \(huge) is out of range; give a value from 1 to 1000000, for example --epochs 1"),
        (["train", "--hidden", "0"], "--hidden: 0 is out of range; give a value from 1 to 100000, for example --hidden 50"),
        (["train", "--hidden", "-5"], "--hidden: -5 is out of range; give a value from 1 to 100000, for example --hidden 50"),
        (["train", "--hidden", huge], "--hidden: \(huge) is out of range; give a value from 1 to 100000, for example --hidden 50"),
        (["train", "--batch", "0"], "--batch: 0 is out of range; give a value from 1 to 1000000, for example --batch 100"),
        (["train", "--batch", huge], "--batch: \(huge) is out of range; give a value from 1 to 1000000, for example --batch 100"),
        (["main", "--iterations", "0"], "--iterations: 0 is out of range; give a value from 1 to 1000000, for example --iterations 3000"),
        (["main", "--hidden", huge], "--hidden: \(huge) is out of range; give a value from 1 to 10000, for example --hidden 50"),
        (["main", "--batch", "0"], "--batch: 0 is out of range; give a value from 1 to 10000, for example --batch 100"),
        (["main", "--train-size", "0"],
         "--train-size: 0 is out of range; give a value from 1 to 9223372036854775807, for example --train-size 10000"),
        (["gradcheck", "--hidden", huge], "--hidden: \(huge) is out of range; give a value from 1 to 100000, for example --hidden 50"),
        (["gradcheck", "--batch", "0"], "--batch: 0 is out of range; give a value from 1 to 60000, for example --batch 3"),
        (["speed", "--hidden", "10,0"], "--hidden: 0 is out of range; give a value from 1 to 5000, for example --hidden 10,20,50,100,200"),
        (["speed", "--batch", huge], "--batch: \(huge) is out of range; give a value from 1 to 10000, for example --batch 100"),
        (["bench", "--iterations", huge], "--iterations: \(huge) is out of range; give a value from 1 to 10000000, for example --iterations 10000"),
    ])
    func outOfRangeValuesAreUsageErrors(arguments: [String], message: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = runGradLab(arguments + ["--out", folder.path])
        #expect(status == 2)
        #expect(output.standardError == "error: \(message)\n")
        #expect(output.standardOutput.isEmpty)
    }

    /// Values that only the data can refuse (beyond its size): exit 1 after loading it, before
    /// building a network or training.
    @Test(arguments: [
        (["train", "--batch", "81"], 1, "--batch 81 is larger than the training set (80 images); give at most --batch 80"),
        (["train", "--batch", "81", "--sampler", "shuffle"], 1, "--batch 81 is larger than the training set (80 images); give at most --batch 80"),
        (["train", "--train-size", "10", "--batch", "11"], 1, "--batch 11 is larger than the training set (10 images); give at most --batch 10"),
        (["train", "--train-size", "0"], 2, "--train-size: 0 is out of range; give a value from 1 to 80, for example --train-size 80"),
        (["train", "--train-size", "-1"], 2, "--train-size: -1 is out of range; give a value from 1 to 80, for example --train-size 80"),
        (["train", "--train-size", "81"], 2, "--train-size: 81 is out of range; give a value from 1 to 80, for example --train-size 80"),
        (["train", "--train-size", huge], 2, "--train-size: \(huge) is out of range; give a value from 1 to 80, for example --train-size 80"),
        // 80 images in batches of 1: 80 iterations an epoch, and at most 10,000,000 iterations.
        (["train", "--epochs", "1000000", "--batch", "1"], 1,
         "--epochs 1000000 of 80 iterations each (batch 1 of 80 images) would be 80000000 iterations, more than the most train allows (10000000); give at most --epochs 125000"),
        (["main", "--train-size", huge], 1, "--train-size \(huge): the training set has only 80 images"),
        (["main", "--batch", "20", "--train-size", "10"], 1, "--batch 20 is larger than the training set (10 images); give at most --batch 10"),
        (["gradcheck", "--batch", "81"], 1, "--batch 81: the training set has only 80 images"),
        (["speed", "--batch", "81"], 1, "--batch 81: only 80 training images"),
    ] as [([String], Int32, String)])
    func sizesBeyondTheDataAreRefused(arguments: [String], status expected: Int32, message: String) throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = runGradLab(arguments + ["--data", data.path, "--out", out.path])
        #expect(status == expected)
        #expect(output.standardError.split(separator: "\n").last.map(String.init) == "error: \(message)")
        #expect(!output.standardOutput.contains("epoch"), "no training started")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
    }

    /// Sizes beyond the machine's memory: refused with the estimate, before the network exists.
    @Test func networksTooLargeForTheMachineAreRefused() throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let machine = MemoryBudget.gigabytes(2 * MemoryBudget.limit)
        let network = "affine 1000000, relu, affine 1000000, affine 10"
        let train = runGradLab(["train", "--network", network, "--batch", "10", "--data", data.path, "--out", out.path])
        #expect(train.status == 1)
        // 16·10⁶ + 10⁶ + 10¹² + 10⁶ + 10⁷ + 10 parameters; 8 · (6 · parameters + 4 · 1000 · 2,000,026) bytes.
        #expect(train.output.standardError.hasSuffix("""
            error: training the network "\(network)" (1,000,028,000,010 parameters) with batch 10 needs about 48065.3 GB \
            of memory, more than half of this machine's \(machine); use a smaller network (--hidden or --network) or --batch

            """))
        let gradcheck = runGradLab(["gradcheck", "--random", "--inputs", "100000", "--batch", "60000", "--out", out.path])
        #expect(gradcheck.status == 1)
        #expect(gradcheck.output.standardError == """
            error: checking the network "affine 50, sigmoid, affine 10" (5,000,560 parameters) on 60000 samples of 100000 \
            inputs needs about 192.4 GB of memory, more than half of this machine's \(machine); use a smaller network \
            (--hidden or --network), --batch or --inputs

            """)
    }

    /// The estimate walks images and sequences too: the published parameter counts come out of
    /// the shapes alone, before any layer is built.
    @Test func theEstimateFollowsImagesAndSequences() {
        // Saitoh's SimpleConvNet: 780 + 432,100 + 1,010 (the book's figure); values 784 + 24·24·30 + 12·12·30 + 100 + 10.
        #expect(MemoryBudget.footprint(of: "conv 30 5x5, relu, maxpool 2, flatten, affine 100, relu, affine 10", inputSize: 784)
                == MemoryBudget.Footprint(parameters: 433_890, valuesPerSample: 22_494))
        // Keras's mnist_convnet: its published summary's 34,826.
        #expect(MemoryBudget.footprint(of: "conv 32 3x3, relu, maxpool 2, conv 64 3x3, relu, maxpool 2, flatten, dropout 0.5, affine 10",
                                       inputSize: 784).parameters == 34_826)
        // "same" keeps 28 × 28 at stride 1 and halves it (rounding up) at stride 2: 28·28·8 + 14·14·8.
        #expect(MemoryBudget.footprint(of: "conv 8 3x3 same, conv 8 3x3 stride 2 same", inputSize: 784).valuesPerSample
                == 784 + 28 * 28 * 8 + 14 * 14 * 8)
        // A kernel written as one side, "3" for 3×3: 9·8 + 8, then 26·26·8·10 + 10.
        #expect(MemoryBudget.footprint(of: "conv 8 3, flatten, affine 10", inputSize: 784).parameters == 80 + 54_090)
        // A window larger than the image is the parser's to report: the estimate leaves that layer out.
        #expect(MemoryBudget.footprint(of: "conv 8 30x30, flatten, affine 10", inputSize: 784).parameters == 7_850)
        // Keras's LSTM(128) on 28 steps of 28 pixels has 4 · 128 · (28 + 128 + 1) = 80,384, then 1,290.
        #expect(MemoryBudget.footprint(of: "lstm 128, last, affine 10", inputSize: 784).parameters == 81_674)
        #expect(MemoryBudget.footprint(of: "rnn 20, last, affine 10", inputSize: 784) == MemoryBudget.Footprint(
            parameters: 20 * (28 + 20 + 1) + 210, valuesPerSample: 784 + 28 * 20 + 10))
        // Beyond the parser's sizes: left to the parser, which names the limit.
        #expect(MemoryBudget.footprint(of: "lstm 5000, conv 200000 3x3, affine 10", inputSize: 784).parameters == 7_850)
        // A residual block keeps the width: counted in line.
        #expect(MemoryBudget.footprint(of: "affine 50, residual(affine 50, relu, affine 50), affine 10", inputSize: 784).parameters
                == 39_250 + 2 * 2_550 + 510)
    }

    /// A convolution too large is refused too, not left to fail inside an allocation. (Recurrent
    /// sizes are capped by the parser at 2048, within any machine's reach.)
    @Test(arguments: [
        // 4 × 4 images, "same": [4, 4, 10⁵] twice; 10⁶ + (9·10¹⁰ + 10⁵) + (1.6·10⁷ + 10) parameters,
        // 8 · (6 · parameters + 4 · 1000 · (16 + 2 · 1.6·10⁶ + 10)) bytes. Building the second
        // convolution's 9·10¹⁰ weights would otherwise fail inside the allocation.
        ("conv 100000 3x3 same, conv 100000 3x3 same, flatten, affine 10", "90,017,100,010", "4423.2 GB"),
    ])
    func convolutionsTooLargeAreRefused(network: String, parameters: String, memory: String) throws {
        let (root, data, out) = try tinyDataFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        let machine = MemoryBudget.gigabytes(2 * MemoryBudget.limit)
        let train = runGradLab(["train", "--network", network, "--batch", "10", "--data", data.path, "--out", out.path]
)
        #expect(train.status == 1)
        #expect(train.output.standardError.hasSuffix("""
            error: training the network "\(network)" (\(parameters) parameters) with batch 10 needs about \(memory) \
            of memory, more than half of this machine's \(machine); use a smaller network (--hidden or --network) or --batch

            """))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
    }

    @Test func theMemoryEstimateNeverOverflows() throws {
        typealias Footprint = MemoryBudget.Footprint
        #expect(MemoryBudget.footprint(of: "affine 50, sigmoid, affine 10", inputSize: 784) == Footprint(parameters: 39_760, valuesPerSample: 844))
        #expect(MemoryBudget.footprint(of: "affine, relu, affine x, affine 10", inputSize: 4) == Footprint(parameters: 50, valuesPerSample: 14),
                "items that do not parse are the parser's to report")
        // 10¹⁸ inputs to 10⁶ outputs: saturates instead of trapping.
        #expect(MemoryBudget.footprint(of: "affine 1000000", inputSize: 1_000_000_000_000_000_000).parameters == Int.max)
        #expect(MemoryBudget.bytes(Footprint(parameters: Int.max, valuesPerSample: Int.max), batch: Int.max) == Int.max)
        #expect(MemoryBudget.gigabytes(Int.max) == "more than 9.2 billion GB")
        // 784-50-10, batch 100: 8 · (6 · 39,760 + 4 · 1000 · 844) bytes, about 29 MB.
        #expect(MemoryBudget.bytes(Footprint(parameters: 39_760, valuesPerSample: 844), batch: 100) == 8 * (6 * 39_760 + 4 * 1000 * 844))
        try MemoryBudget.check(1_000_000, for: "x", advice: "y", limit: 1_000_000)
        #expect(throws: CommandError.self) { try MemoryBudget.check(2_000_001, for: "x", advice: "y", limit: 1_000_000) }
        do {
            try MemoryBudget.check(3_000_000_000, for: "the run", advice: "--batch", limit: 1_000_000_000)
        } catch {
            #expect(error.description == "the run needs about 3.0 GB of memory, more than half of this machine's 2.0 GB; use a smaller --batch")
        }
    }
}

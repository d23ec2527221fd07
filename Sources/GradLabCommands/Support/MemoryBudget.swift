import Foundation
import GradLab

/// Refuses, before any work, a network or a batch far too large for this machine: a clear
/// error instead of an allocation that fails (a crash) or a machine that starts to swap.
///
/// The estimate is deliberately rough, meant to catch sizes off by orders of magnitude
/// (`--hidden 100000 --batch 60000`, `--network "affine 1000000, …"`), never a reasonable run:
///
/// ```
/// bytes ≈ 8 · (6 · parameters + 4 · rows · Σ widths)
/// ```
///
/// Six copies of the parameters: the weights, their gradient, up to two optimizer moments
/// (Adam), the fast path's copy for background evaluation and its workspace. Four values per
/// activation: a layer's output, what it keeps for backward, the gradient flowing back, and the
/// fast path's buffers; `rows` is the larger of the batch and the 1000 images an evaluation
/// takes at a time. A run is refused above half the machine's memory.
enum MemoryBudget {
    /// The widths a network description implies, input first: `affine N` sets the width to N,
    /// every other layer keeps it. Items that do not read as a layer are skipped (the network's
    /// own parser reports them), so this never fails.
    static func widths(of specification: String, inputSize: Int) -> [Int] {
        var widths = [inputSize]
        for item in specification.split(separator: ",") {
            let words = item.split(separator: " ")
            if words.count == 2, words[0].lowercased() == "affine", let size = Int(words[1]), size > 0 {
                widths.append(size)
            }
        }
        return widths
    }

    /// Σ (inputs · outputs + outputs) over the affine layers of `widths`, saturating at `Int.max`.
    static func parameterCount(_ widths: [Int]) -> Int {
        zip(widths, widths.dropFirst()).reduce(0) { total, pair in
            saturatingAdd(total, saturatingAdd(saturatingMultiply(pair.0, pair.1), pair.1))
        }
    }

    /// Bytes to train (or check) the network of `widths` on batches of `batch` rows.
    static func bytes(widths: [Int], batch: Int) -> Int {
        let rows = max(batch, 1000)
        let activations = saturatingMultiply(saturatingMultiply(4, rows), widths.reduce(0, saturatingAdd))
        return saturatingMultiply(8, saturatingAdd(saturatingMultiply(6, parameterCount(widths)), activations))
    }

    /// Checks a gradient check of the network `specification` on `batch` samples of `inputs`
    /// values (the samples themselves included), before the samples are drawn or loaded.
    ///
    /// - Throws: `CommandError` naming the network and the batch.
    static func checkGradientCheck(_ specification: String, inputs: Int, batch: Int) throws(CommandError) {
        let widths = widths(of: specification, inputSize: inputs)
        try check(bytes(widths: widths, batch: batch),
                  for: "checking the network \"\(specification)\" (\(groupedThousands(parameterCount(widths))) parameters) "
                    + "on \(batch) samples of \(inputs) inputs",
                  advice: "network (--hidden or --network), --batch or --inputs")
    }

    /// The most a run may need: half of the machine's memory.
    static var limit: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory / 2) }

    /// Throws if `bytes` is more than ``limit``.
    ///
    /// - Parameters:
    ///   - what: the run, as the message should name it: `network "affine 100000, …" (…
    ///     parameters) with batch 60000`.
    ///   - advice: what to make smaller, e.g. `--hidden or --batch`.
    /// - Throws: `CommandError`: "… needs about 53.4 GB of memory, more than half of this
    ///   machine's 23.4 GB; use a smaller --hidden or --batch".
    static func check(_ bytes: Int, for what: String, advice: String, limit: Int = MemoryBudget.limit) throws(CommandError) {
        guard bytes > limit else { return }
        throw CommandError("\(what) needs about \(gigabytes(bytes)) of memory, more than half of this machine's "
                           + "\(gigabytes(2 * limit)); use a smaller \(advice)")
    }

    /// "53.4 GB"; "more than 9.2 billion GB" when the count saturated.
    static func gigabytes(_ bytes: Int) -> String {
        bytes == Int.max ? "more than 9.2 billion GB" : String(format: "%.1f GB", Double(bytes) / 1e9)
    }

    private static func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}

import Foundation
import GradLab

/// Refuses, before any work, a network or a batch far too large for this machine: a clear
/// error instead of an allocation that fails (a crash) or a machine that starts to swap.
///
/// The estimate is deliberately rough, meant to catch sizes off by orders of magnitude
/// (`--hidden 100000 --batch 60000`, `--network "affine 1000000, …"`, `"conv 100000 3x3 same, …"`),
/// never a reasonable run:
///
/// ```
/// bytes ≈ 8 · (6 · parameters + 4 · rows · values per sample)
/// ```
///
/// Six copies of the parameters: the weights, their gradient, up to two optimizer moments
/// (Adam), the fast path's copy for background evaluation and its workspace. Four copies of the
/// values of one sample (the input and the output of every layer that has weights or changes the
/// shape): a layer's output, what it keeps for backward, the gradient flowing back, and the fast
/// path's buffers; `rows` is the larger of the batch and the 1000 images an evaluation takes at a
/// time. A run is refused above half the machine's memory.
enum MemoryBudget {
    /// What a network description implies before it is built: its parameters and the values one
    /// sample passes through it.
    struct Footprint: Equatable {
        /// Weights and biases, saturating at `Int.max`.
        var parameters = 0
        /// The input and the outputs of the layers that have weights or change the shape, per sample.
        var valuesPerSample = 0
    }

    /// The footprint of `specification` on samples of `inputSize` numbers, walked layer by layer
    /// with each one's output shape: `affine N` → [N]; `conv F KxK [stride S] [same|pad P]` →
    /// [H′, W′, F]; `maxpool`/`avgpool P [stride S]` → [H′, W′, C]; `flatten`; `global-avgpool` →
    /// [C]; `rnn H`/`lstm H` → [T, H]; `last` → [H]. A flat input read as an image or a sequence is
    /// taken as a square (784 → 28 × 28), near enough for an estimate. Items that do not read as a
    /// layer, or whose size is beyond what the parser accepts (`lstm 5000`), keep the shape: the
    /// network's own parser reports them with a clearer message than a memory estimate could. So
    /// this never fails.
    static func footprint(of specification: String, inputSize: Int) -> Footprint {
        var shape = [inputSize]
        var footprint = Footprint(parameters: 0, valuesPerSample: inputSize)
        func add(parameters: Int, values: Int) {
            footprint.parameters = saturatingAdd(footprint.parameters, parameters)
            footprint.valuesPerSample = saturatingAdd(footprint.valuesPerSample, values)
        }
        // residual(…)'s layers keep the shape; counted as if in line, that is what they cost.
        let items = specification.replacingOccurrences(of: "(", with: ",").replacingOccurrences(of: ")", with: ",")
        for item in items.split(separator: ",") {
            let words = item.lowercased().split(separator: " ").map(String.init)
            guard let name = words.first else { continue }
            let number = words.count > 1 ? Int(words[1]).flatMap { $0 > 0 && $0 <= largestSize(name) ? $0 : nil } : nil
            func after(_ word: String) -> Int? {
                guard let index = words.firstIndex(of: word), index + 1 < words.count, let value = Int(words[index + 1]),
                      (0...LayerKind.largestWindowSize).contains(value) else { return nil }
                return value
            }
            switch name {
            case "affine":
                guard let outputs = number else { continue }
                add(parameters: saturatingAdd(saturatingMultiply(product(shape), outputs), outputs), values: outputs)
                shape = [outputs]
            case "conv":
                // The kernel as the parser reads it: "5x5" or "5".
                let sides = words.count > 2 ? words[2].split(separator: "x").compactMap { Int($0) } : []
                guard let filters = number, (1...2).contains(sides.count), let image = imageShape(shape),
                      let output = windows(over: image, kernel: (sides[0], sides[sides.count - 1]),
                                           stride: after("stride") ?? 1,
                                           padding: words.contains("same") ? .same : .explicit(after("pad") ?? 0)) else { continue }
                let weights = saturatingMultiply(saturatingMultiply(sides[0], sides[sides.count - 1]), saturatingMultiply(image[2], filters))
                shape = output + [filters]
                add(parameters: saturatingAdd(weights, filters), values: product(shape))
            case "maxpool", "avgpool":
                guard let window = number, let image = imageShape(shape),
                      let output = windows(over: image, kernel: (window, window), stride: after("stride") ?? window, padding: .valid) else { continue }
                shape = output + [image[2]]
                add(parameters: 0, values: product(shape))
            case "flatten":
                shape = [product(shape)]
            case "global-avgpool":
                guard let image = imageShape(shape) else { continue }
                shape = [image[2]]
                add(parameters: 0, values: shape[0])
            case "rnn", "lstm":
                guard let hidden = number else { continue }
                let sequence = sequenceShape(shape)
                let gates = name == "lstm" ? 4 : 1
                let weights = saturatingMultiply(saturatingMultiply(gates, hidden), saturatingAdd(saturatingAdd(sequence[1], hidden), 1))
                shape = [sequence[0], hidden]
                add(parameters: weights, values: product(shape))
            case "last":
                shape = [shape.last ?? 1]
            default:
                continue
            }
        }
        return footprint
    }

    /// Bytes to train (or check) a network of `footprint` on batches of `batch` rows.
    static func bytes(_ footprint: Footprint, batch: Int) -> Int {
        let rows = max(batch, 1000)
        let activations = saturatingMultiply(saturatingMultiply(4, rows), footprint.valuesPerSample)
        return saturatingMultiply(8, saturatingAdd(saturatingMultiply(6, footprint.parameters), activations))
    }

    /// Checks a gradient check of the network `specification` on `batch` samples of `inputs`
    /// values (the samples themselves included), before the samples are drawn or loaded.
    ///
    /// - Throws: `CommandError` naming the network and the batch.
    static func checkGradientCheck(_ specification: String, inputs: Int, batch: Int) throws(CommandError) {
        let footprint = footprint(of: specification, inputSize: inputs)
        try check(bytes(footprint, batch: batch),
                  for: "checking the network \"\(specification)\" (\(groupedThousands(footprint.parameters)) parameters) "
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

    /// The largest size the parser accepts after `name` (its own error names the rest).
    private static func largestSize(_ name: String) -> Int {
        switch name {
        case "rnn", "lstm": LayerKind.largestRecurrentSize
        case "conv": LayerKind.largestFilterCount
        case "maxpool", "avgpool": LayerKind.largestWindowSize
        default: LayerKind.largestLayerSize
        }
    }

    /// The sides of a square that holds about `size` numbers (784 → 28), at least 1.
    private static func side(_ size: Int) -> Int { max(1, Int(Double(size).squareRoot().rounded())) }

    /// `shape` as [H, W, C]: a flat input as a square of one channel; nil for sides beyond what
    /// the layers take (left to the parser).
    private static func imageShape(_ shape: [Int]) -> [Int]? {
        let image: [Int] = switch shape.count {
        case 3: shape
        case 2: shape + [1]
        default: [side(product(shape)), side(product(shape)), 1]
        }
        return image[0] <= LayerKind.largestLayerSize && image[1] <= LayerKind.largestLayerSize ? image : nil
    }

    /// `shape` as [T, D]: a flat input as a square, its rows the time steps.
    private static func sequenceShape(_ shape: [Int]) -> [Int] {
        switch shape.count {
        case 2: shape
        case 3: [shape[0], saturatingMultiply(shape[1], shape[2])]
        default: [side(product(shape)), side(product(shape))]
        }
    }

    /// [H′, W′] of a window over `image` ([H, W, C]), by the layers' own ``ConvolutionGeometry``;
    /// nil when the window does not fit or a size is out of range: the parser says which.
    private static func windows(over image: [Int], kernel: (Int, Int), stride: Int, padding: Padding) -> [Int]? {
        let window = LayerKind.largestWindowSize
        guard (1...window).contains(kernel.0), (1...window).contains(kernel.1), (1...window).contains(stride) else { return nil }
        do {
            let geometry = try ConvolutionGeometry(inputHeight: image[0], inputWidth: image[1], channels: image[2],
                                                   kernelHeight: kernel.0, kernelWidth: kernel.1, stride: stride, padding: padding)
            return [geometry.outputHeight, geometry.outputWidth]
        } catch {
            return nil  // the network's parser reports the same misfit, with the layer's name
        }
    }

    private static func product(_ shape: [Int]) -> Int { shape.reduce(1, saturatingMultiply) }

    private static func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}

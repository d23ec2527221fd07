/// How mini-batches are drawn from the training set.
public enum SamplingMethod: String, Sendable, CaseIterable {
    /// Each batch is `batchSize` indices drawn independently, with replacement: the book's
    /// `np.random.choice(train_size, batch_size)`. Some samples appear twice in an "epoch",
    /// some not at all.
    case replacement
    /// Each epoch visits every sample exactly once, in a fresh random order; the last batch of
    /// an epoch may be smaller.
    case shuffle
    /// Each epoch visits the samples in their order, batch after batch (the seeds'
    /// BatchGenerator); the last batch of an epoch may be smaller.
    case inOrder = "in-order"
}

/// Produces the indices of successive mini-batches, reproducibly from a seed.
public struct BatchSampler: Sendable {
    /// The sampling method.
    public let method: SamplingMethod
    /// The number of samples to draw from.
    public let sampleCount: Int
    /// The batch size.
    public let batchSize: Int
    /// Draws the indices (with replacement) or each epoch's order (shuffle).
    public private(set) var generator: SplitMix64
    /// The current epoch's order of the samples (empty before the first batch, and always with
    /// replacement).
    public private(set) var order: [Int] = []
    /// How many of `order` the epoch's batches have taken so far.
    public private(set) var position = 0

    /// Creates a sampler over `sampleCount` samples.
    ///
    /// - Precondition: `sampleCount > 0` and `batchSize > 0`.
    public init(method: SamplingMethod, sampleCount: Int, batchSize: Int, seed: UInt64) {
        precondition(sampleCount > 0 && batchSize > 0,
                     "BatchSampler: needs samples and a positive batch size, got \(sampleCount) and \(batchSize)")
        self.method = method
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        generator = SplitMix64(seed: seed)
    }

    /// A sampler in the middle of its work, as a checkpoint saved it: its generator, the current
    /// epoch's order and how far the batches have got in it. It draws the batches the saved
    /// sampler would have drawn next.
    ///
    /// - Precondition: `sampleCount > 0` and `batchSize > 0`; `order` is empty or holds each of
    ///   `0..<sampleCount` once (in order for `.inOrder`), and `position` is in `0...order.count`.
    public init(method: SamplingMethod, sampleCount: Int, batchSize: Int, generator: SplitMix64, order: [Int], position: Int) {
        self.init(method: method, sampleCount: sampleCount, batchSize: batchSize, seed: 0)
        precondition(Self.problem(order: order, position: position, method: method, sampleCount: sampleCount) == nil,
                     "BatchSampler: \(Self.problem(order: order, position: position, method: method, sampleCount: sampleCount) ?? "")")
        self.generator = generator
        self.order = order
        self.position = position
    }

    /// What is wrong with an epoch's `order` and `position` for a sampler of `method` over
    /// `sampleCount` samples, in words, or nil if they are one a sampler can be in.
    public static func problem(order: [Int], position: Int, method: SamplingMethod, sampleCount: Int) -> String? {
        if !order.isEmpty {
            if method == .replacement { return "sampling with replacement keeps no order, given \(order.count) indices" }
            guard order.count == sampleCount else { return "the order has \(order.count) indices for \(sampleCount) samples" }
            var seen = [Bool](repeating: false, count: sampleCount)
            for index in order {
                guard (0..<sampleCount).contains(index), !seen[index] else {
                    return "the order is not a permutation of 0..<\(sampleCount) (\(index) is out of range or repeated)"
                }
                seen[index] = true
            }
            if method == .inOrder && order != Array(0..<sampleCount) { return "an in-order sampler's order must be 0, 1, 2, …" }
        }
        guard (0...order.count).contains(position) else { return "position \(position) is outside 0...\(order.count)" }
        return nil
    }

    /// Writes the next batch's indices into `indices` (replacing its contents, reusing its storage).
    public mutating func nextBatch(into indices: inout [Int]) {
        indices.removeAll(keepingCapacity: true)
        switch method {
        case .replacement:
            for _ in 0..<batchSize { indices.append(generator.nextIndex(below: sampleCount)) }
        case .shuffle, .inOrder:
            if position >= order.count {
                order = method == .shuffle ? generator.permutation(of: sampleCount) : Array(0..<sampleCount)
                position = 0
            }
            let end = Swift.min(position + batchSize, order.count)
            indices.append(contentsOf: order[position..<end])
            position = end
        }
    }

    /// The next batch's indices.
    public mutating func nextBatch() -> [Int] {
        var indices: [Int] = []
        nextBatch(into: &indices)
        return indices
    }

    /// Batches per epoch: the book's `max(train_size / batch_size, 1)` for sampling with
    /// replacement; ⌈train_size / batch_size⌉ for shuffled epochs, which cover every sample.
    public var iterationsPerEpoch: Int {
        switch method {
        case .replacement: Swift.max(sampleCount / batchSize, 1)
        case .shuffle, .inOrder: (sampleCount + batchSize - 1) / batchSize
        }
    }
}

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
    private var generator: SplitMix64
    private var order: [Int] = []
    private var position = 0

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

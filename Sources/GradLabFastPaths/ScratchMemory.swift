import GradLab

// Memory the fast paths compute in: owned buffers allocated once and freed with their owner, and
// the weights' storage lent for one computation. They keep the hot functions free of nested
// `withUnsafe…` closures.

/// A row-major block of doubles owned by one computation, allocated once and reused.
final class ScratchBuffer: @unchecked Sendable {
    /// The first element.
    let pointer: UnsafeMutablePointer<Double>
    /// How many elements.
    let count: Int

    /// `count` zeros.
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
    }

    /// A copy of `values`.
    convenience init(_ values: [Double]) {
        self.init(count: values.count)
        _ = UnsafeMutableBufferPointer(start: pointer, count: count).update(fromContentsOf: values)
    }

    /// The elements as a buffer (for functions that take one).
    var buffer: UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    deinit { pointer.deallocate() }
}

/// The four weights of a two-layer network, read-only, for the duration of a computation.
struct WeightPointers: @unchecked Sendable {
    let W1: UnsafePointer<Double>, b1: UnsafePointer<Double>, W2: UnsafePointer<Double>, b2: UnsafePointer<Double>

    /// Calls `body` with pointers to the weights' storage.
    static func with<R>(_ w: TwoLayerView.Weights, _ body: (WeightPointers) -> R) -> R {
        w.W1.scalars.withUnsafeBufferPointer { W1 in
        w.b1.scalars.withUnsafeBufferPointer { b1 in
        w.W2.scalars.withUnsafeBufferPointer { W2 in
        w.b2.scalars.withUnsafeBufferPointer { b2 in
            body(WeightPointers(W1: W1.baseAddress!, b1: b1.baseAddress!, W2: W2.baseAddress!, b2: b2.baseAddress!))
        }}}}
    }
}


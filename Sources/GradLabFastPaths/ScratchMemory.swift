import GradLab

// Memory the fast paths compute in: owned buffers allocated once and freed with their owner, and
// the weights' storage lent for one computation. They keep the hot functions free of nested
// `withUnsafe…` closures.

/// A block of values owned by one computation, allocated once and reused: doubles
/// (`ScratchBuffer`), or the positions a max pooling chose.
final class OwnedBuffer<Element>: @unchecked Sendable {
    /// The first element.
    let pointer: UnsafeMutablePointer<Element>
    /// How many elements.
    let count: Int

    /// `count` copies of `value`.
    init(count: Int, repeating value: Element) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// The elements as a buffer (for functions that take one).
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}

/// A row-major block of doubles owned by one computation.
typealias ScratchBuffer = OwnedBuffer<Double>

extension OwnedBuffer where Element == Double {
    /// `count` zeros.
    convenience init(count: Int) {
        self.init(count: count, repeating: 0)
    }

    /// A copy of `values`.
    convenience init(_ values: [Double]) {
        self.init(count: values.count)
        _ = buffer.update(fromContentsOf: values)
    }
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


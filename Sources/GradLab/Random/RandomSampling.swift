import Foundation

extension RandomNumberGenerator {
    /// A uniform double in [0, 1): the top 53 bits of `next()` scaled by 2⁻⁵³, so every value
    /// is a multiple of 2⁻⁵³ and all are equally likely.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-shift method:
    /// the high 64 bits of a 128-bit product, rejecting the few values that would favour some
    /// results).
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:): bound must be positive, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A sample from the standard normal distribution N(0, 1), by the Box–Muller transform:
    ///
    /// ```
    /// z = √(−2 ln u₁) · cos(2π u₂),   u₁ ∈ (0, 1], u₂ ∈ [0, 1)
    /// ```
    ///
    /// (The transform yields a second, independent sample with `sin`; we drop it so that the
    /// generator stays the only state.)
    public mutating func nextStandardNormal() -> Double {
        let u1 = 1 - nextUniform()  // in (0, 1], so the logarithm is finite
        let u2 = nextUniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// `count` indices drawn uniformly from `0..<bound` with replacement, like the book's
    /// `np.random.choice(train_size, batch_size)`.
    public mutating func indices(count: Int, below bound: Int) -> [Int] {
        (0..<count).map { _ in nextIndex(below: bound) }
    }

    /// The numbers `0..<count` in a random order (Fisher–Yates: swap each position with a
    /// uniformly chosen one at or before it).
    public mutating func permutation(of count: Int) -> [Int] {
        var result = Array(0..<count)
        if count < 2 { return result }
        for i in stride(from: count - 1, to: 0, by: -1) {
            result.swapAt(i, nextIndex(below: i + 1))
        }
        return result
    }
}

extension Tensor {
    /// A tensor of independent N(0, σ²) samples: numpy's `σ · np.random.randn(*shape)`, how
    /// the book initialises weights (σ = `weightInitStd` = 0.01).
    public static func randomNormal<G: RandomNumberGenerator>(
        shape: [Int], standardDeviation: Double = 1, using generator: inout G
    ) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape,
                      scalars: (0..<count).map { _ in standardDeviation * generator.nextStandardNormal() })
    }
}

extension Tensor {
    /// A tensor of independent samples uniform in [lower, upper): TensorFlow's
    /// `tf.random.uniform(shape, minval, maxval)`, how the seeds' NaiveDense initialises weights.
    public static func randomUniform<G: RandomNumberGenerator>(
        shape: [Int], in range: Range<Double>, using generator: inout G
    ) -> Tensor {
        let count = shape.reduce(1, *)
        let width = range.upperBound - range.lowerBound
        return Tensor(shape: shape, scalars: (0..<count).map { _ in range.lowerBound + width * generator.nextUniform() })
    }
}

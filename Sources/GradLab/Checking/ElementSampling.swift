/// Which elements of each tensor a gradient check compares.
///
/// Checking every element of a large weight costs two loss evaluations each; a seeded random
/// sample of every tensor (biases included, however small) catches a wrong backward pass
/// almost as surely, far faster.
public enum ElementSampling: Sendable, Equatable {
    /// Every element.
    case all
    /// Up to `count` distinct elements of each tensor, chosen with a generator seeded by `seed`.
    case random(count: Int, seed: UInt64)

    /// The flat indices to compare in a tensor of `count` elements; `salt` varies the choice
    /// from tensor to tensor.
    public func indices(count total: Int, salt: UInt64 = 0) -> [Int] {
        switch self {
        case .all:
            return Array(0..<total)
        case .random(let count, let seed):
            guard count < total else { return Array(0..<total) }
            var generator = SplitMix64(seed: seed ^ (salt &* 0x9E37_79B9_7F4A_7C15))
            return Array(generator.permutation(of: total).prefix(Swift.max(count, 1))).sorted()
        }
    }
}

/// A small, fast, seeded random number generator: the same seed gives the same numbers on
/// every machine, so `TwoLayerNet(..., seed: 42)` is the same network everywhere.
///
/// SplitMix64 (Steele, Lea and Flood, 2014) adds a fixed odd constant (the golden ratio in
/// 64-bit fixed point) to its state and scrambles the result:
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = state
/// z = (z ^ (z >> 30)) · 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) · 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
///
/// It passes BigCrush and is plenty for initialising weights and sampling batches; it is not
/// for cryptography. Every method GradLab uses to turn these bits into numbers (uniform
/// doubles, indices, normal samples, shuffles) is written out in this folder rather than taken
/// from the standard library, whose algorithms may change between Swift releases.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state: 64 bits.
    public private(set) var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

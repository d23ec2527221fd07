// RegisterTile.swift: how much of C the matrix kernel keeps in registers, and which size this
// build uses.

/// The block of C that ``MatrixKernel``'s inner loop keeps in vector registers: `rows` rows, each
/// one vector of `columns` doubles.
///
/// Each step of the inner loop loads one row of B, broadcasts one value of A per tile row, and
/// does one fused multiply-add per row. A bigger tile does more arithmetic per load, until its
/// accumulators no longer fit in the registers and spill to memory. So the best tile depends on
/// the CPU's register file:
///
/// | tile | accumulators | fits |
/// |---|---|---|
/// | ``sixByEight`` | 6 × `SIMD8<Double>` | 16 AVX2 registers of 4 doubles (or 32 NEON registers of 2) |
/// | ``eightBySixteen`` | 8 × `SIMD16<Double>` | 32 AVX-512 registers of 8 doubles |
///
/// ``native`` is the one this build was compiled for. Both give bit-for-bit the same products,
/// so a run reproduces exactly whichever tile computed it.
public struct RegisterTile: Sendable, Equatable, CustomStringConvertible {
    /// Rows of C in the tile (one accumulator each).
    public let rows: Int
    /// Columns of C in the tile: the width of one accumulator vector.
    public let columns: Int

    private init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// 6×8: the classic double-precision tile for AVX2 (12 of 16 registers hold C).
    public static let sixByEight = RegisterTile(rows: 6, columns: 8)

    /// 8×16: the tile for AVX-512 (16 of 32 registers hold C, and 16 independent sums hide the
    /// fused multiply-add's latency).
    public static let eightBySixteen = RegisterTile(rows: 8, columns: 16)

    /// The tile this build was compiled for: 8×16 when Package.swift found AVX-512 on the
    /// building machine (it then defines `GRADLAB_AVX512`), else 6×8.
    public static let native: RegisterTile = {
        #if GRADLAB_AVX512
        return .eightBySixteen
        #else
        return .sixByEight
        #endif
    }()

    /// Both tiles, for tests and benchmarks that compare them.
    public static let all: [RegisterTile] = [.sixByEight, .eightBySixteen]

    /// "6×8" or "8×16".
    public var description: String { "\(rows)×\(columns)" }
}

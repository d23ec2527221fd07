/// A value stored in a sparse row: a pixel byte (scaled by 1/255 when read) or a `Double`.
public protocol SparseValue: Sendable {
    /// A lookup table that `doubleValue(using:)` reads from, fetched once before a hot loop
    /// (a global's lazy initialisation check would otherwise run for every entry).
    static var table: UnsafePointer<Double>? { get }
    /// The value as a `Double`, exactly as the dense path would see it, given `Self.table`.
    func doubleValue(using table: UnsafePointer<Double>?) -> Double
}

extension SparseValue {
    /// The value as a `Double` (for code outside hot loops).
    public var doubleValue: Double { doubleValue(using: Self.table) }
}

extension UInt8: SparseValue {
    /// byte / 255 for each byte.
    public static var table: UnsafePointer<Double>? { pixelScale }
    /// The pixel scaled to [0, 1]: `Double(byte) / 255`, the same division as
    /// `LabeledImages.fillBatch`, read from the table.
    @inline(__always) public func doubleValue(using table: UnsafePointer<Double>?) -> Double {
        table.unsafelyUnwrapped[Int(self)]
    }
}

extension Double: SparseValue {
    /// No table: a `Double` is its own value.
    public static var table: UnsafePointer<Double>? { nil }
    /// The value itself.
    @inline(__always) public func doubleValue(using table: UnsafePointer<Double>?) -> Double { self }
}

/// byte / 255 for every byte: one table, so sparse and dense inputs agree to the bit. A raw
/// pointer, allocated once and never freed, so the hot loops read it without bounds checks.
nonisolated(unsafe) let pixelScale: UnsafePointer<Double> = {
    let table = UnsafeMutablePointer<Double>.allocate(capacity: 256)
    for byte in 0..<256 { table[byte] = Double(byte) / 255.0 }
    return UnsafePointer(table)
}()

/// Rows of a matrix stored as their non-zero entries only ("compressed sparse rows").
///
/// Four in five MNIST pixels are 0, so a product x · W1 that skips them does a fifth of the
/// work with the same result: the skipped terms are exactly 0·w. Row r's entries are
/// `columns[rowStart[r] ..< rowStart[r + 1]]` with their `values`.
public struct SparseRows<Value: SparseValue>: Sendable {
    /// The number of rows.
    public let rowCount: Int
    /// The number of columns of the dense matrix.
    public let columnCount: Int
    /// Where each row's entries start; `rowCount + 1` offsets.
    public let rowStart: [Int]
    /// The column of each entry.
    public let columns: [UInt16]
    /// The value of each entry.
    public let values: [Value]

    /// The fraction of entries that are stored (non-zero).
    public var density: Double {
        rowCount * columnCount == 0 ? 0 : Double(values.count) / Double(rowCount * columnCount)
    }

    /// Whether products through these rows beat dense ones: at most a third of the entries
    /// non-zero (MNIST: a fifth). Denser data goes through the blocked dense kernel.
    public var pays: Bool { density <= 1.0 / 3 }
}

extension SparseRows {
    /// The non-zero entries of a row-major `rowCount × columnCount` matrix given as a flat array
    /// (pixel bytes or doubles).
    ///
    /// - Precondition: `dense.count == rowCount · columnCount`, and columns fit 16 bits.
    public init(dense: [Value], rowCount: Int, columnCount: Int) where Value: Equatable & ExpressibleByIntegerLiteral {
        precondition(dense.count == rowCount * columnCount,
                     "SparseRows: \(dense.count) values for \(rowCount)×\(columnCount)")
        precondition(columnCount <= Int(UInt16.max) + 1, "SparseRows: \(columnCount) columns do not fit 16-bit columns")
        var rowStart = [0]
        rowStart.reserveCapacity(rowCount + 1)
        var columns: [UInt16] = [], values: [Value] = []
        let estimate = dense.count / 4
        columns.reserveCapacity(estimate)
        values.reserveCapacity(estimate)
        dense.withUnsafeBufferPointer { dense in
            for row in 0..<rowCount {
                let base = row * columnCount
                for column in 0..<columnCount where dense[base + column] != 0 {
                    columns.append(UInt16(column))
                    values.append(dense[base + column])
                }
                rowStart.append(columns.count)
            }
        }
        self.init(rowCount: rowCount, columnCount: columnCount, rowStart: rowStart, columns: columns, values: values)
    }
}

extension SparseRows {
    /// out[o, :] = Σ over the entries (c, v) of row rows[o] of v · W[c, :], for a dense W with
    /// `width` columns (row-major): x · W for the chosen rows, skipping the zeros. The loop is
    /// `sparseLinearCombination`.
    public func multiply<Rows: Collection<Int>>(
        rows: Rows, by W: UnsafePointer<Double>, width: Int, into out: UnsafeMutablePointer<Double>
    ) {
        columns.withUnsafeBufferPointer { columns in
        values.withUnsafeBufferPointer { values in
            guard let columns = columns.baseAddress, let values = values.baseAddress else {
                out.update(repeating: 0, count: rows.count * width)  // no entries at all: all products are 0
                return
            }
            for (o, r) in rows.enumerated() {
                sparseLinearCombination(source: W, width: width, rows: columns, values: values,
                                        entries: rowStart[r]..<rowStart[r + 1], into: out + o * width)
            }
        }}
    }

    /// Reads one byte per cache line of the given rows, so that they are in the cache when a
    /// product needs them (the next batch's images, fetched while this one is computed).
    @discardableResult
    public func touch<Rows: Collection<Int>>(rows: Rows) -> Int {
        var sum = 0
        let stride = MemoryLayout<Value>.stride
        columns.withUnsafeBufferPointer { columns in
        values.withUnsafeBytes { values in
            for r in rows {
                var e = rowStart[r]
                while e < rowStart[r + 1] {
                    sum &+= Int(columns[e]) &+ Int(values[e &* stride])
                    e &+= 32
                }
            }
        }}
        return sum
    }
}

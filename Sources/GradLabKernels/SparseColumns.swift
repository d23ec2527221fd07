/// Some rows of a `SparseRows` regrouped by column ("compressed sparse columns"), rebuilt for
/// each batch in storage that is reused: what dW1 = xᵀ · da1 needs.
///
/// Walking column c's entries, row c of xᵀ · dZ is a sum of rows of dZ, accumulated in
/// registers and stored once: no read-modify-write of dW per entry, and each column's work is
/// independent, so workers can share the columns.
public struct SparseColumns: Sendable {
    /// Where each column's entries start; `columnCount + 1` offsets.
    public private(set) var columnStart: [Int]
    /// The batch position of each entry.
    public private(set) var rowPositions: [Int32]
    /// The value of each entry.
    public private(set) var values: [Double]
    private var fill: [Int]

    /// Empty storage for matrices with `columnCount` columns.
    public init(columnCount: Int) {
        columnStart = [Int](repeating: 0, count: columnCount + 1)
        fill = [Int](repeating: 0, count: columnCount)
        rowPositions = []
        values = []
    }

    /// Regroups the entries of `sparse`'s rows `rows` (batch positions 0, 1, …) by column, with a
    /// counting sort: count per column, prefix sums, then place each entry.
    public mutating func rebuild<Value, Rows: Collection<Int>>(from sparse: SparseRows<Value>, rows: Rows) {
        let columnCount = columnStart.count - 1
        precondition(sparse.columnCount == columnCount,
                     "SparseColumns: built for \(columnCount) columns, given rows of \(sparse.columnCount)")
        var total = 0
        for r in rows { total += sparse.rowStart[r + 1] - sparse.rowStart[r] }
        if rowPositions.count < total {
            rowPositions = [Int32](repeating: 0, count: total)
            values = [Double](repeating: 0, count: total)
        }
        sparse.rowStart.withUnsafeBufferPointer { rowStart in
        sparse.columns.withUnsafeBufferPointer { columns in
        sparse.values.withUnsafeBufferPointer { sparseValues in
        columnStart.withUnsafeMutableBufferPointer { start in
        fill.withUnsafeMutableBufferPointer { fill in
        rowPositions.withUnsafeMutableBufferPointer { positions in
        values.withUnsafeMutableBufferPointer { values in
            // Raw pointers and wrapping arithmetic: every index below is in range by construction.
            let (rowStart, columns, sparseValues) = (rowStart.baseAddress!, columns.baseAddress, sparseValues.baseAddress)
            let (start, fill, positions, values) = (start.baseAddress!, fill.baseAddress!, positions.baseAddress, values.baseAddress)
            start.update(repeating: 0, count: columnCount + 1)
            guard let columns, let sparseValues, let positions, let values else { return }
            for r in rows {
                var e = rowStart[r]
                while e < rowStart[r &+ 1] {
                    start[Int(columns[e]) &+ 1] &+= 1
                    e &+= 1
                }
            }
            for c in 0..<columnCount { start[c &+ 1] &+= start[c] }
            fill.update(from: start, count: columnCount)
            let table = Value.table
            var position: Int32 = 0
            for r in rows {
                var e = rowStart[r]
                while e < rowStart[r &+ 1] {
                    let c = Int(columns[e])
                    let slot = fill[c]
                    positions[slot] = position
                    values[slot] = sparseValues[e].doubleValue(using: table)
                    fill[c] = slot &+ 1
                    e &+= 1
                }
                position &+= 1
            }
        }}}}}}}
    }

    /// Rows `columnRange` of dW = xᵀ · dZ (dW has `width` columns; those rows are overwritten),
    /// for the rows the storage was last rebuilt from, with dZ's row o for batch position o.
    public func transposedProduct(
        with dZ: UnsafePointer<Double>, width: Int, columnRange: Range<Int>, into dW: UnsafeMutablePointer<Double>
    ) {
        rowPositions.withUnsafeBufferPointer { positions in
        values.withUnsafeBufferPointer { values in
            guard let positions = positions.baseAddress, let values = values.baseAddress else {
                (dW + columnRange.lowerBound * width).update(repeating: 0, count: columnRange.count * width)
                return
            }
            for c in columnRange {
                sparseLinearCombination(source: dZ, width: width, rows: positions, values: values,
                                        entries: columnStart[c]..<columnStart[c + 1], into: dW + c * width)
            }
        }}
    }
}

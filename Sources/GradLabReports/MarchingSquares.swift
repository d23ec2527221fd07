/// One contour line (isoline) of a sampled function: a polyline along which `f(x, y) = level`.
public struct ContourLine: Sendable, Equatable {
    /// The function value along the line.
    public var level: Double
    /// Horizontal coordinates of the vertices, in data units.
    public var x: [Double]
    /// Vertical coordinates of the vertices, in data units.
    public var y: [Double]
    /// `true` when the line is a loop (its last vertex connects back to its first, which is not
    /// repeated); `false` when it ends at the edge of the grid or at a missing (NaN) sample.
    public var isClosed: Bool

    /// Creates a contour line from its vertices.
    public init(level: Double, x: [Double], y: [Double], isClosed: Bool) {
        self.level = level
        self.x = x
        self.y = y
        self.isClosed = isClosed
    }
}

/// Marching squares: the contour lines of a function sampled on a regular grid.
///
/// Each grid cell has four corner samples. Marking each corner "at or above the level" or
/// "below" gives one of 16 cases, and each case says which cell edges the contour crosses.
/// Where it crosses an edge between samples `a` and `b`, the crossing point is found by linear
/// interpolation:
///
/// ```
/// t = (level − a) / (b − a)          point = corner_a + t · (corner_b − corner_a)
/// ```
///
/// The two ambiguous "saddle" cases (diagonal corners above) are resolved by the value at the
/// cell centre, the mean of the four corners. The segments of all cells are then joined into
/// polylines: neighbouring cells share an edge, hence the crossing point on it.
enum MarchingSquares {
    /// The contour lines of `grid` at `level`.
    ///
    /// - Parameters:
    ///   - grid: samples `grid[row][col]`, rows going up in y and columns going right in x; at
    ///     least 2 × 2 and rectangular.
    ///   - xRange: the x of the first and last column.
    ///   - yRange: the y of the first and last row.
    ///   - level: the function value to trace.
    /// - Returns: the polylines, in data units. Cells with a NaN corner are skipped.
    /// - Complexity: O(rows × columns).
    static func isolines(
        in grid: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, level: Double
    ) -> [ContourLine] {
        let rows = grid.count, cols = grid.first?.count ?? 0
        guard rows >= 2, cols >= 2, level.isFinite else { return [] }
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(cols - 1)
        let dy = (yRange.upperBound - yRange.lowerBound) / Double(rows - 1)

        // Crossing points, keyed by edge: horizontal edge (r, c)→(r, c+1) is 2·(r·cols + c),
        // vertical edge (r, c)→(r+1, c) is 2·(r·cols + c) + 1.
        var points: [Int: (Double, Double)] = [:]
        var segments: [(Int, Int)] = []
        func crossing(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> Int {
            let key = 2 * (r0 * cols + c0) + (r1 == r0 ? 0 : 1)
            if points[key] == nil {
                let a = grid[r0][c0], b = grid[r1][c1]
                let t = b == a ? 0.5 : min(max((level - a) / (b - a), 0), 1)
                let col = Double(c0) + t * Double(c1 - c0), row = Double(r0) + t * Double(r1 - r0)
                points[key] = (xRange.lowerBound + col * dx, yRange.lowerBound + row * dy)
            }
            return key
        }
        for r in 0..<(rows - 1) {
            for c in 0..<(cols - 1) {
                let bl = grid[r][c], br = grid[r][c + 1], tr = grid[r + 1][c + 1], tl = grid[r + 1][c]
                guard bl.isFinite, br.isFinite, tr.isFinite, tl.isFinite else { continue }
                let index = (tl >= level ? 8 : 0) | (tr >= level ? 4 : 0) | (br >= level ? 2 : 0) | (bl >= level ? 1 : 0)
                if index == 0 || index == 15 { continue }
                // The four edges of the cell, created lazily.
                let bottom = { crossing(r, c, r, c + 1) }
                let right = { crossing(r, c + 1, r + 1, c + 1) }
                let top = { crossing(r + 1, c, r + 1, c + 1) }
                let left = { crossing(r, c, r + 1, c) }
                let centreAbove = (bl + br + tr + tl) / 4 >= level
                switch index {
                case 1, 14: segments.append((left(), bottom()))
                case 2, 13: segments.append((bottom(), right()))
                case 3, 12: segments.append((left(), right()))
                case 4, 11: segments.append((right(), top()))
                case 6, 9: segments.append((bottom(), top()))
                case 7, 8: segments.append((left(), top()))
                case 5:  // bottom-left and top-right above
                    if centreAbove {
                        segments.append((left(), top()))
                        segments.append((bottom(), right()))
                    } else {
                        segments.append((left(), bottom()))
                        segments.append((right(), top()))
                    }
                case 10:  // bottom-right and top-left above
                    if centreAbove {
                        segments.append((left(), bottom()))
                        segments.append((right(), top()))
                    } else {
                        segments.append((bottom(), right()))
                        segments.append((left(), top()))
                    }
                default: break
                }
            }
        }
        return join(segments, points: points, level: level)
    }

    /// Joins segments that share an edge crossing into polylines. Every crossing belongs to at
    /// most two cells, so each key has at most two segments: the result is a set of simple
    /// chains (ending at the grid border) and loops.
    private static func join(_ segments: [(Int, Int)], points: [Int: (Double, Double)], level: Double) -> [ContourLine] {
        var byKey: [Int: [Int]] = [:]
        for (index, (a, b)) in segments.enumerated() {
            byKey[a, default: []].append(index)
            byKey[b, default: []].append(index)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [ContourLine] = []

        func walk(from startKey: Int, firstSegment: Int) -> (keys: [Int], closed: Bool) {
            var keys = [startKey]
            var key = startKey, segment = firstSegment
            while true {
                used[segment] = true
                let (a, b) = segments[segment]
                key = a == key ? b : a
                if key == startKey { return (keys, true) }
                keys.append(key)
                guard let next = byKey[key]?.first(where: { !used[$0] }) else { return (keys, false) }
                segment = next
            }
        }
        func line(_ keys: [Int], closed: Bool) -> ContourLine {
            let vertices = keys.compactMap { points[$0] }
            return ContourLine(level: level, x: vertices.map(\.0), y: vertices.map(\.1), isClosed: closed)
        }
        // Open chains first, starting from their ends (keys with a single segment)…
        for (key, owners) in byKey.sorted(by: { $0.key < $1.key }) where owners.count == 1 {
            guard !used[owners[0]] else { continue }
            let (keys, closed) = walk(from: key, firstSegment: owners[0])
            lines.append(line(keys, closed: closed))
        }
        // …then the loops that remain.
        for index in segments.indices where !used[index] {
            let (keys, closed) = walk(from: segments[index].0, firstSegment: index)
            lines.append(line(keys, closed: closed))
        }
        return lines
    }
}

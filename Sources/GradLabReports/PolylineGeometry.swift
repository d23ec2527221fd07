/// A point in pixel space.
struct PixelPoint: Equatable {
    var x: Double
    var y: Double
}

/// Pixel-space helpers for drawing long lines: gaps, downsampling and clipping.
enum PolylineGeometry {
    /// Splits mapped points into runs of consecutive drawable points. A `nil` (a NaN, an
    /// infinity, or a non-positive value on a log axis) ends the current run: the line gets a gap.
    static func runs(_ points: [PixelPoint?]) -> [[PixelPoint]] {
        var runs: [[PixelPoint]] = []
        var current: [PixelPoint] = []
        for point in points {
            if let point { current.append(point) } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Min/max decimation: keeps, for each pixel column, the lowest and the highest point
    /// (in their original order), so every spike survives while a 10 000-point curve shrinks to
    /// at most two points per column.
    ///
    /// Only valid when x never decreases (a curve over time); other runs are thinned by
    /// dropping points within half a pixel of the last kept one.
    ///
    /// - Complexity: O(n).
    static func downsample(_ run: [PixelPoint]) -> [PixelPoint] {
        guard run.count > 2 else { return run }
        let monotone = zip(run, run.dropFirst()).allSatisfy { $0.x <= $1.x }
        guard monotone else { return thin(run) }
        var result: [PixelPoint] = []
        result.reserveCapacity(2 * Int(run[run.count - 1].x - run[0].x + 2))
        var start = 0
        while start < run.count {
            let column = run[start].x.rounded(.down)
            var end = start
            var lowest = start, highest = start
            while end < run.count && run[end].x.rounded(.down) == column {
                if run[end].y < run[lowest].y { lowest = end }
                if run[end].y > run[highest].y { highest = end }
                end += 1
            }
            // Keep the column's first and last points too when it is the run's first or last,
            // so the line starts and ends exactly where the data does.
            var keep = Set([lowest, highest])
            if start == 0 { keep.insert(start) }
            if end == run.count { keep.insert(end - 1) }
            for index in keep.sorted() { result.append(run[index]) }
            start = end
        }
        return result
    }

    /// Drops points closer than half a pixel (in both directions) to the last kept point.
    static func thin(_ run: [PixelPoint]) -> [PixelPoint] {
        guard var last = run.first else { return run }
        var result = [last]
        for point in run.dropFirst() where abs(point.x - last.x) >= 0.5 || abs(point.y - last.y) >= 0.5 {
            result.append(point)
            last = point
        }
        if let final = run.last, result.last != final { result.append(final) }
        return result
    }

    /// Clips a polyline to a rectangle (Liang–Barsky on each segment). Where the line leaves and
    /// re-enters the rectangle, the result is split into separate pieces.
    static func clip(_ run: [PixelPoint], to rect: PlotRect) -> [[PixelPoint]] {
        guard let first = run.first else { return [] }
        if run.count == 1 { return rect.contains(first.x, first.y, slack: 0) ? [run] : [] }
        var pieces: [[PixelPoint]] = []
        var current: [PixelPoint] = []
        for (a, b) in zip(run, run.dropFirst()) {
            guard let (p, q) = clipSegment(a, b, to: rect) else {
                if !current.isEmpty { pieces.append(current); current = [] }
                continue
            }
            if let last = current.last, last == p {
                current.append(q)
            } else {
                if !current.isEmpty { pieces.append(current) }
                current = [p, q]
            }
            if q != b {  // the segment left the rectangle
                pieces.append(current)
                current = []
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// The part of segment a→b inside `rect`, or `nil` if none (Liang–Barsky).
    static func clipSegment(_ a: PixelPoint, _ b: PixelPoint, to rect: PlotRect) -> (PixelPoint, PixelPoint)? {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        // Each pair is (p, q) for one edge: the segment is inside where p·t ≤ q.
        let edges = [(-dx, a.x - rect.left), (dx, rect.right - a.x), (-dy, a.y - rect.top), (dy, rect.bottom - a.y)]
        for (p, q) in edges {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { if t > t1 { return nil } else if t > t0 { t0 = t } } else {
                    if t < t0 { return nil } else if t < t1 { t1 = t }
                }
            }
        }
        let start = t0 == 0 ? a : PixelPoint(x: a.x + t0 * dx, y: a.y + t0 * dy)
        let end = t1 == 1 ? b : PixelPoint(x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (start, end)
    }

    /// SVG path data for polylines: `M x y x y …` per piece (coordinates after `M` are implicit
    /// line-tos, which keeps long paths short).
    static func pathData(_ pieces: [[PixelPoint]]) -> String {
        var d = ""
        for piece in pieces where !piece.isEmpty {
            d += "M"
            for (i, point) in piece.enumerated() {
                if i > 0 { d += " " }
                d += NumberFormatting.pixel(point.x) + " " + NumberFormatting.pixel(point.y)
            }
            if piece.count == 1 { d += "h0" }  // a lone point still shows as a round dot
        }
        return d
    }
}

/// How an axis turns data values into positions.
///
/// ```
/// linear:       position ∝ v             (equal steps for equal differences)
/// logarithmic:  position ∝ log₁₀(v)      (equal steps for equal ratios)
/// ```
///
/// A logarithmic axis can only show positive values. Zero, negative and non-finite values are
/// skipped: they leave a gap in a line instead of crashing the chart. Use it when the values
/// span many powers of ten, such as the error of a numerical derivative as the step `h` shrinks.
public enum AxisScale: Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios, base 10.
    case logarithmic
}

/// The stroke pattern of a line.
///
/// Colour alone should never be the only way to tell two series apart (about 1 in 12 men has a
/// colour-vision deficiency), so a dashed or dotted line is a second cue.
public enum LineStyle: Sendable, Equatable {
    /// A continuous line.
    case solid
    /// Long dashes: `— — —`.
    case dashed
    /// Round dots: `· · ·`.
    case dotted
}

/// One named line in a chart: `y[i]` plotted against `x[i]`.
///
/// Points whose `x` or `y` is NaN or infinite (or not positive on a logarithmic axis) break the
/// line: the chart draws a gap there. That keeps a diverging run readable instead of crashing.
///
/// ```swift
/// let loss = ChartSeries(name: "train loss", x: steps, y: losses)
/// let test = ChartSeries(name: "test", x: epochs, y: accuracy, style: .dashed, showsMarkers: true)
/// ```
public struct ChartSeries: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The horizontal coordinates, one per point.
    public var x: [Double]
    /// The vertical coordinates, one per point (`y.count == x.count`).
    public var y: [Double]
    /// Solid, dashed or dotted.
    public var style: LineStyle
    /// Draws a marker (circle, square, triangle, … by series) at each point. Markers are drawn
    /// only for series of at most 500 points, where they stay readable.
    public var showsMarkers: Bool
    /// The stroke width in pixels.
    public var width: Double
    /// A CSS colour such as `"#0072B2"`; `nil` picks the next colour of ``ChartPalette/okabeIto``.
    public var color: String?
    /// Stroke opacity in 0…1; a faint raw curve under its smoothed version uses about 0.25.
    public var opacity: Double
    /// Whether the legend lists this series (turn it off for a faint raw curve).
    public var showsInLegend: Bool

    /// Creates a series from paired coordinates.
    ///
    /// - Parameters:
    ///   - name: the legend text (any characters; charts escape it).
    ///   - x: horizontal coordinates.
    ///   - y: vertical coordinates.
    ///   - style: the stroke pattern.
    ///   - showsMarkers: whether to mark each point.
    ///   - width: the stroke width in pixels.
    ///   - color: a CSS colour, or `nil` for the palette colour of the series' position.
    ///   - opacity: stroke opacity in 0…1.
    ///   - showsInLegend: whether the legend lists the series.
    /// - Precondition: `x.count == y.count`.
    public init(
        name: String, x: [Double], y: [Double], style: LineStyle = .solid,
        showsMarkers: Bool = false, width: Double = 2, color: String? = nil,
        opacity: Double = 1, showsInLegend: Bool = true
    ) {
        precondition(
            x.count == y.count,
            "ChartSeries \"\(name)\": x has \(x.count) values but y has \(y.count)")
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.showsMarkers = showsMarkers
        self.width = width
        self.color = color
        self.opacity = opacity
        self.showsInLegend = showsInLegend
    }

    /// Creates a series plotted against its index: `x = 0, 1, 2, …` (for example one loss per
    /// iteration).
    ///
    /// - Parameters: as ``init(name:x:y:style:showsMarkers:width:color:opacity:showsInLegend:)``.
    public init(
        name: String, y: [Double], style: LineStyle = .solid, showsMarkers: Bool = false,
        width: Double = 2, color: String? = nil, opacity: Double = 1, showsInLegend: Bool = true
    ) {
        self.init(
            name: name, x: y.indices.map(Double.init), y: y, style: style,
            showsMarkers: showsMarkers, width: width, color: color, opacity: opacity,
            showsInLegend: showsInLegend)
    }

    /// The number of points that have both coordinates.
    var pointCount: Int { min(x.count, y.count) }
}

/// Colours for chart series.
public enum ChartPalette {
    /// The Okabe–Ito palette (Okabe & Ito, 2008), designed to stay distinguishable under the
    /// common colour-vision deficiencies. Ordered for a white background: blue, vermillion,
    /// bluish green, reddish purple, orange, sky blue, black, yellow.
    public static let okabeIto: [String] = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    ]

    /// The palette colour for series number `index` (cycling when there are more series).
    public static func color(at index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}

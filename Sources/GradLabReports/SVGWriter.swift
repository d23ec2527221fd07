/// Escaping for XML and HTML text and attribute values.
enum XMLText {
    /// Replaces `& < > " '` with entities and drops characters XML 1.0 forbids (control
    /// characters other than tab, newline and carriage return), so any string is safe inside
    /// an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let forbidden = v < 0x20 || v == 0xFFFE || v == 0xFFFF
                if !forbidden { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

/// The typography and colours every chart shares, in one place so the charts look like a set.
enum ChartTheme {
    /// The platform's UI sans-serif, with common fallbacks; nothing is downloaded.
    static let fontFamily =
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif"
    static let background = "#ffffff"
    static let titleColor = "#1f2328"
    static let labelColor = "#3d444d"
    static let tickLabelColor = "#59636e"
    static let axisColor = "#8c959f"
    static let gridColor = "#e4e7eb"
    static let minorGridColor = "#f1f3f5"
    static let titleSize = 16.0
    static let labelSize = 12.5
    static let tickSize = 11.0
    static let legendSize = 12.0

    /// A rough width of `text` in pixels at `fontSize`, for layout (a pure function has no font
    /// metrics). Set between Arial/Helvetica and the wider DejaVu Sans (Linux's usual
    /// sans-serif), erring wide so that legend entries never run into each other.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!": ems += 0.29
            case " ", "f", "t", "r", "(", ")", "[", "]", "-": ems += 0.37
            case "m", "w", "M", "W", "@": ems += 0.9
            case "0"..."9": ems += 0.6
            case "\u{2212}", "+", "=", "<", ">", "~", "×", "→": ems += 0.72
            case "A"..."Z": ems += 0.7
            default: ems += 0.58
            }
        }
        return ems * fontSize
    }

    /// Replaces ASCII hyphen-minus with the typographic minus sign `−` (U+2212) in a tick label,
    /// as typeset mathematics does; it has the width of a digit, so columns line up.
    static func typographicMinus(_ label: String) -> String {
        var result = ""
        for character in label {
            if character == "-" { result += "\u{2212}" } else { result.append(character) }
        }
        return result
    }
}

/// Builds an SVG document as text, one element at a time.
///
/// Only presentation attributes are used (no `<style>`, no `id`s): a `<style>` element inside
/// an SVG that is pasted into an HTML page would restyle the whole page, and duplicate `id`s
/// from two charts on one page would collide.
struct SVGWriter {
    private(set) var text: String
    let width: Double
    let height: Double

    /// Opens the document with a white background.
    ///
    /// - Parameter label: the accessible name of the image (usually the chart title).
    init(width: Int, height: Int, label: String) {
        self.width = Double(width)
        self.height = Double(height)
        text = ""
        text.reserveCapacity(16_384)
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\""
        text += " viewBox=\"0 0 \(width) \(height)\" role=\"img\""
        text += " aria-label=\"\(XMLText.escape(label))\""
        text += " font-family=\"\(ChartTheme.fontFamily)\">\n"
        text += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"\(ChartTheme.background)\"/>\n"
    }

    /// Appends raw markup (already escaped).
    mutating func raw(_ markup: String) {
        text += markup
    }

    /// Closes the document and returns it.
    func finished() -> String {
        text + "</svg>\n"
    }

    /// A straight line.
    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
        width: Double = 1
    ) {
        let p = NumberFormatting.pixel
        text += "<line x1=\"\(p(x1))\" y1=\"\(p(y1))\" x2=\"\(p(x2))\" y2=\"\(p(y2))\""
        text += " stroke=\"\(stroke)\" stroke-width=\"\(p(width))\"/>\n"
    }

    /// A rectangle; `stroke: nil` means no outline.
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: String? = nil, cornerRadius: Double = 0, extra: String = ""
    ) {
        let p = NumberFormatting.pixel
        text += "<rect x=\"\(p(x))\" y=\"\(p(y))\" width=\"\(p(width))\" height=\"\(p(height))\""
        if cornerRadius > 0 { text += " rx=\"\(p(cornerRadius))\"" }
        text += " fill=\"\(fill)\""
        if let stroke { text += " stroke=\"\(stroke)\"" }
        text += extra + "/>\n"
    }

    /// Where a text's `x` anchors it.
    enum Anchor: String {
        case start, middle, end
    }

    /// A line of text, escaped. `rotated` turns it 90° counter-clockwise about (x, y), for a
    /// vertical axis label.
    mutating func text(
        _ string: String, x: Double, y: Double, size: Double, fill: String,
        anchor: Anchor = .start, weight: Int? = nil, rotated: Bool = false
    ) {
        let p = NumberFormatting.pixel
        text += "<text x=\"\(p(x))\" y=\"\(p(y))\" font-size=\"\(p(size))\" fill=\"\(fill)\""
        if anchor != .start { text += " text-anchor=\"\(anchor.rawValue)\"" }
        if let weight { text += " font-weight=\"\(weight)\"" }
        if rotated { text += " transform=\"rotate(-90 \(p(x)) \(p(y)))\"" }
        text += ">\(XMLText.escape(string))</text>\n"
    }

    /// The `stroke-dasharray` for a line style at a given stroke width (dashes scale with it).
    static func dashArray(_ style: LineStyle, width: Double) -> String? {
        let p = NumberFormatting.pixel
        switch style {
        case .solid: return nil
        case .dashed: return "\(p(3.5 * width + 1)) \(p(2 * width + 1))"
        case .dotted: return "0.1 \(p(1.6 * width + 1.5))"
        }
    }

    /// Appends an unfilled path with round joins.
    mutating func strokePath(
        _ d: String, stroke: String, width: Double, style: LineStyle = .solid,
        opacity: Double = 1
    ) {
        guard !d.isEmpty else { return }
        let p = NumberFormatting.pixel
        text += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(XMLText.escape(stroke))\""
        text += " stroke-width=\"\(p(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash = SVGWriter.dashArray(style, width: width) {
            text += " stroke-dasharray=\"\(dash)\""
        }
        if opacity < 1 { text += " stroke-opacity=\"\(NumberFormatting.format(max(opacity, 0), significantDigits: 2))\"" }
        text += "/>\n"
    }
}

/// The shape of a point marker. Series get different shapes, a second cue besides colour.
enum MarkerShape: CaseIterable {
    case circle, square, triangle, diamond, triangleDown

    /// The shape for series number `index`.
    static func forSeries(_ index: Int) -> MarkerShape {
        allCases[index % allCases.count]
    }

    /// SVG markup for one marker of radius `r` centred on (x, y); fill and stroke come from the
    /// enclosing group.
    func markup(x: Double, y: Double, r: Double) -> String {
        let p = NumberFormatting.pixel
        switch self {
        case .circle:
            return "<circle cx=\"\(p(x))\" cy=\"\(p(y))\" r=\"\(p(r))\"/>"
        case .square:
            let s = r * 0.9
            return "<rect x=\"\(p(x - s))\" y=\"\(p(y - s))\" width=\"\(p(2 * s))\" height=\"\(p(2 * s))\"/>"
        case .triangle:
            let s = r * 1.25
            return "<path d=\"M\(p(x)) \(p(y - s))L\(p(x + s * 0.95)) \(p(y + s * 0.7))L\(p(x - s * 0.95)) \(p(y + s * 0.7))Z\"/>"
        case .triangleDown:
            let s = r * 1.25
            return "<path d=\"M\(p(x)) \(p(y + s))L\(p(x + s * 0.95)) \(p(y - s * 0.7))L\(p(x - s * 0.95)) \(p(y - s * 0.7))Z\"/>"
        case .diamond:
            let s = r * 1.3
            return "<path d=\"M\(p(x)) \(p(y - s))L\(p(x + s)) \(p(y))L\(p(x)) \(p(y + s))L\(p(x - s)) \(p(y))Z\"/>"
        }
    }
}

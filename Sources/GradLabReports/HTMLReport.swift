/// A one-file HTML report: headings, text, tables and inline SVG charts, with no scripts and no
/// network access, so it opens from disk anywhere and can be mailed or archived as is.
///
/// ```swift
/// let report = HTMLReport(
///     title: "Gradient check", subtitle: "TwoLayerNet, 784–50–10",
///     sections: [
///         .init(heading: "Loss", blocks: [.svg(lossChart.svg()), .paragraph("Both curves agree.")]),
///         .init(heading: "Errors", blocks: [.table(header: ["parameter", "max error"], rows: rows)]),
///     ])
/// try report.render().write(toFile: "report/index.html", atomically: true, encoding: .utf8)
/// ```
///
/// Styling is inline CSS: a centred column (max 960 px) in the system font, tables with
/// right-aligned numeric columns in tabular figures, monospace code, a highlighted note, and
/// neutral colours that follow the reader's light or dark setting (`prefers-color-scheme`).
/// Charts sit on white cards and scale down on narrow screens (`max-width: 100%`), which works
/// because every chart has a `viewBox`.
public struct HTMLReport: Sendable {
    /// One piece of content in a section.
    public enum Block: Sendable {
        /// A paragraph of plain text (escaped). Text between backticks becomes `code`.
        case paragraph(String)
        /// An SVG document (for example ``LineChart/svg(width:height:)``), embedded inline in a
        /// figure card. An XML declaration at its start is removed.
        case svg(String)
        /// A table; columns whose cells are all numbers are right-aligned.
        case table(header: [String], rows: [[String]])
        /// A two-column list of names and values, such as settings or results.
        case keyValues([(key: String, value: String)])
        /// Preformatted text in a monospace font (program output, a command to type).
        case code(String)
        /// A highlighted callout for the one thing the reader should not miss.
        case note(String)
        /// Several SVG charts side by side, wrapping onto new lines on narrow screens.
        case figureRow([String])
        /// An SVG drawing shown at its natural size, never scaled down: wider than the page, its
        /// card scrolls sideways (a wide graph whose labels must stay readable).
        case wideSVG(String)
        /// A list of links, each a text, the relative address it points to, and a line of
        /// detail after it (all escaped).
        case links([(text: String, href: String, detail: String)])
        /// A picture, embedded in the page as a PNG, drawn with sharp pixels, with a caption.
        case image(GrayscaleImage, caption: String)
    }

    /// A titled part of the report.
    public struct Section: Sendable {
        /// The section's heading.
        public var heading: String
        /// The content, top to bottom.
        public var blocks: [Block]

        /// Creates a section.
        public init(heading: String, blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    /// The page title (also the browser tab's title).
    public var title: String
    /// A line under the title, for example the model and the date (empty for none).
    public var subtitle: String
    /// The sections, top to bottom.
    public var sections: [Section]

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - title: the page title.
    ///   - subtitle: a line under the title (empty for none).
    ///   - sections: the content.
    public init(title: String, subtitle: String = "", sections: [Section] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// Renders the complete `index.html` document.
    ///
    /// Every text is escaped; the only markup that passes through unescaped is the SVG of
    /// `.svg` and `.figureRow` blocks, which is expected to come from this library's charts.
    ///
    /// - Returns: an HTML5 document with inline CSS, no scripts and no external resources.
    public func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(escape(title))</title>
            <style>
            \(HTMLReport.styleSheet)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(escape(title))</h1>

            """
        if !subtitle.isEmpty { html += "<p class=\"subtitle\">\(escape(subtitle))</p>\n" }
        html += "</header>\n"
        for section in sections {
            html += "<section>\n<h2>\(escape(section.heading))</h2>\n"
            for block in section.blocks { html += render(block) }
            html += "</section>\n"
        }
        html += "<footer>Made with GradLab</footer>\n</main>\n</body>\n</html>\n"
        return html
    }

    /// The markup of one block.
    private func render(_ block: Block) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(inlineCode(escape(text)))</p>\n"
        case .svg(let svg):
            return "<figure>\n\(HTMLReport.inlineSVG(svg))</figure>\n"
        case .wideSVG(let svg):
            return "<figure class=\"wide\">\n\(HTMLReport.inlineSVG(svg))</figure>\n"
        case .image(let image, let caption):
            return "<figure class=\"picture\">\n<img src=\"\(image.pngDataURI)\" width=\"\(image.width)\" height=\"\(image.height)\" alt=\"\(escape(caption))\">\n"
                + "<figcaption>\(inlineCode(escape(caption)))</figcaption>\n</figure>\n"
        case .figureRow(let svgs):
            let figures = svgs.map { "<figure>\n\(HTMLReport.inlineSVG($0))</figure>\n" }.joined()
            return "<div class=\"figure-row\">\n\(figures)</div>\n"
        case .table(let header, let rows):
            return table(header: header, rows: rows)
        case .keyValues(let pairs):
            let items = pairs.map { "<dt>\(escape($0.key))</dt><dd>\(escape($0.value))</dd>\n" }.joined()
            return "<dl class=\"kv\">\n\(items)</dl>\n"
        case .code(let text):
            return "<pre><code>\(escape(text))</code></pre>\n"
        case .note(let text):
            return "<aside class=\"note\">\(inlineCode(escape(text)))</aside>\n"
        case .links(let links):
            let items = links.map { "<li><a href=\"\(escape($0.href))\">\(escape($0.text))</a> \(escape($0.detail))</li>\n" }.joined()
            return "<ul class=\"links\">\n\(items)</ul>\n"
        }
    }

    /// A table whose all-numeric columns are right-aligned (digits then line up by place).
    private func table(header: [String], rows: [[String]]) -> String {
        let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
        let numeric = (0..<columnCount).map { column in
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }
                .filter { !$0.trimmingSpaces.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(HTMLReport.isNumeric)
        }
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let cls = numeric[column] ? " class=\"num\"" : ""
            return "<\(tag)\(cls)>\(escape(text))</\(tag)>"
        }
        var html = "<div class=\"table-wrap\"><table>\n"
        if !header.isEmpty {
            let cells = (0..<columnCount).map { cell("th", $0 < header.count ? header[$0] : "", $0) }
            html += "<thead><tr>\(cells.joined())</tr></thead>\n"
        }
        html += "<tbody>\n"
        for row in rows {
            let cells = (0..<columnCount).map { cell("td", $0 < row.count ? row[$0] : "", $0) }
            html += "<tr>\(cells.joined())</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n"
    }

    /// Whether a table cell reads as a number: `42`, `-0.5`, `1e-8`, `3.2%`, `1,234`, `NaN`,
    /// `inf`, `−2` (typographic minus), `±0.1`, `×10`.
    static func isNumeric(_ text: String) -> Bool {
        var s = text.trimmingSpaces
        for prefix in ["±", "≈", "×", "~"] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
        s = String(s.map { $0 == "\u{2212}" ? "-" : $0 }).replacingCommas
        if s.hasSuffix("%") || s.hasSuffix("×") || s.hasSuffix("x") { s = String(s.dropLast()).trimmingSpaces }
        if ["nan", "inf", "-inf", "+inf", "∞", "-∞"].contains(s.lowercased()) { return true }
        return !s.isEmpty && Double(s) != nil
    }

    /// An SVG ready to sit inside HTML: trimmed, without an `<?xml …?>` declaration.
    static func inlineSVG(_ svg: String) -> String {
        var text = Substring(svg.trimmingSpaces)
        if text.hasPrefix("<?xml"), let end = text.firstRange(of: "?>") {
            text = text[end.upperBound...]
        }
        return String(text).trimmingSpaces + "\n"
    }

    /// Escapes `& < > " '`.
    private func escape(_ text: String) -> String { XMLText.escape(text) }

    /// Turns `` `name` `` spans (already escaped) into `<code>name</code>`; an unmatched
    /// backtick stays as it is.
    private func inlineCode(_ escaped: String) -> String {
        let parts = escaped.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return escaped }
        // An even number of parts means an odd number of backticks: the last one is unmatched.
        let paired = parts.count % 2 == 1 ? parts.count : parts.count - 1
        var result = ""
        for index in 0..<paired {
            result += index % 2 == 1 ? "<code>\(parts[index])</code>" : parts[index]
        }
        if paired < parts.count { result += "`" + parts[paired] }
        return result
    }

    /// The page's style sheet: neutral light and dark palettes, system fonts, no downloads.
    static let styleSheet = """
        :root {
          --bg: #f6f7f9; --fg: #1f2328; --muted: #59636e; --border: #d8dee4; --card: #ffffff;
          --stripe: #f6f8fa; --code-bg: #eff1f3; --accent: #0072b2; --note-bg: #eaf4fb;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0f1216; --fg: #e6e8eb; --muted: #9aa4af; --border: #30363d; --card: #161b22;
            --stripe: #1b2129; --code-bg: #1b2129; --accent: #56b4e9; --note-bg: #13283a;
          }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--fg);
          font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
        }
        main { max-width: 960px; margin: 0 auto; padding: 48px 24px 64px; }
        header { margin-bottom: 8px; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.015em; }
        .subtitle { margin: 0; color: var(--muted); font-size: 1.05rem; }
        section { margin-top: 40px; }
        h2 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--border); }
        p { margin: 0 0 14px; max-width: 72ch; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
        p code, .note code { background: var(--code-bg); padding: 1px 5px; border-radius: 4px; }
        pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; overflow-x: auto; line-height: 1.45; margin: 0 0 16px; }
        figure { margin: 0 0 20px; padding: 12px; background: #ffffff; border: 1px solid var(--border); border-radius: 10px; }
        figure svg { display: block; width: 100%; max-width: 100%; height: auto; margin: 0 auto; }
        figure.wide { overflow-x: auto; }
        figure.picture { overflow-x: auto; text-align: center; }
        figure.picture img { image-rendering: pixelated; max-width: 100%; height: auto; }
        figcaption { margin-top: 8px; font-size: 0.9em; color: #555; }
        figure.wide svg { width: auto; max-width: none; }
        .figure-row { display: flex; flex-wrap: wrap; gap: 16px; margin: 0 0 20px; }
        .figure-row figure { flex: 1 1 260px; max-width: 520px; margin: 0; display: flex; align-items: center; }
        .table-wrap { overflow-x: auto; margin: 0 0 20px; }
        table { border-collapse: collapse; font-size: 0.92rem; font-variant-numeric: tabular-nums; background: var(--card); border: 1px solid var(--border); border-radius: 8px; }
        th, td { padding: 7px 14px; text-align: left; border-bottom: 1px solid var(--border); white-space: nowrap; }
        th { font-weight: 600; background: var(--stripe); }
        tbody tr:last-child td { border-bottom: none; }
        tbody tr:nth-child(even) { background: var(--stripe); }
        .num { text-align: right; }
        dl.kv { display: grid; width: fit-content; max-width: 100%; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 0 0 20px; padding: 14px 18px; background: var(--card); border: 1px solid var(--border); border-radius: 8px; }
        dl.kv dt { color: var(--muted); }
        dl.kv dd { margin: 0; font-variant-numeric: tabular-nums; }
        .note { margin: 0 0 20px; padding: 12px 16px; background: var(--note-bg); border-left: 4px solid var(--accent); border-radius: 0 8px 8px 0; }
        footer { margin-top: 56px; color: var(--muted); font-size: 0.85rem; }

        """
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// The string without thousands separators (`1,234` → `1234`).
    fileprivate var replacingCommas: String { String(filter { $0 != "," }) }
}

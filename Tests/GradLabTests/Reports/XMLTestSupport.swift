import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element, for checking the SVG the charts produce.
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var children: [ParsedElement] = []
    /// The text directly inside this element.
    var text: String = ""

    /// This element and every element below it, depth first.
    var allElements: [ParsedElement] {
        [self] + children.flatMap(\.allElements)
    }

    /// Every element below (and including) this one with the given tag name.
    func elements(named tag: String) -> [ParsedElement] {
        allElements.filter { $0.name == tag }
    }

    /// All text inside this element and its descendants.
    var allText: String {
        text + children.map(\.allText).joined()
    }
}

/// Why a document could not be parsed.
struct XMLParseFailure: Error, CustomStringConvertible {
    var description: String
}

/// Parses `text` with Foundation's `XMLParser` (an independent, strict XML 1.0 parser) into a
/// tree; throws if the document is not well-formed.
func parseXML(_ text: String) throws -> ParsedElement {
    final class Builder: NSObject, XMLParserDelegate {
        var stack: [ParsedElement] = [ParsedElement(name: "#document", attributes: [:])]

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            stack.append(ParsedElement(name: elementName, attributes: attributeDict))
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            let finished = stack.removeLast()
            stack[stack.count - 1].children.append(finished)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack[stack.count - 1].text += string
        }
    }
    let parser = XMLParser(data: Data(text.utf8))
    let builder = Builder()
    parser.delegate = builder
    guard parser.parse() else {
        let error = parser.parserError.map { "\($0)" } ?? "unknown error"
        throw XMLParseFailure(
            description: "not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber): \(error)")
    }
    guard let root = builder.stack.first?.children.first else {
        throw XMLParseFailure(description: "no root element")
    }
    return root
}

/// The numbers in an SVG path's data (`M10 20 30 40h0` → [10, 20, 30, 40, 0]).
func pathNumbers(_ d: String) -> [Double] {
    var numbers: [Double] = []
    var current = ""
    for character in d {
        if character.isNumber || character == "." || (character == "-" && current.isEmpty) {
            current.append(character)
        } else {
            if let value = Double(current) { numbers.append(value) }
            current = character == "-" ? "-" : ""
        }
    }
    if let value = Double(current) { numbers.append(value) }
    return numbers
}

/// The (x, y) vertices of a path written as `M x y x y … [M …]` (this library's form), one
/// array per subpath.
func pathSubpaths(_ d: String) -> [[(x: Double, y: Double)]] {
    d.split(separator: "M").map { piece in
        let numbers = pathNumbers(String(piece.split(separator: "h").first ?? ""))
        return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
    }
}

/// The series paths of a chart: `<path>` elements inside a group that has a `<title>`
/// (the chart puts each series in such a group), keyed by that title.
func seriesGroups(in root: ParsedElement) -> [(title: String, group: ParsedElement)] {
    root.elements(named: "g").compactMap { group in
        guard let title = group.children.first(where: { $0.name == "title" }) else { return nil }
        return (title.text, group)
    }
}

import Foundation
import Mustache

/// The one place where rotaplan turns values into HTML.
///
/// Pages are Mustache templates (`HTMLTemplates`) rendered with view models of plain strings,
/// numbers, flags and lists. Mustache's `{{name}}` escapes `& < > " '` in every value, and the
/// templates use no other kind of tag (a test reads them all), so a value shown in a page is
/// escaped by construction: no caller hands this module markup, only data.
enum HTML {
    /// The compiled templates; a template that does not parse is a programming error.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, source) in HTMLTemplates.sources {
            do {
                try library.register(source, named: name)
            } catch {
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    /// Renders the template `name` with `view`, a view model of this module.
    static func render(_ name: String, _ view: Any) -> String {
        guard let page = library.render(view, withTemplate: name) else {
            preconditionFailure("no template named \(name)")
        }
        return page
    }
}

/// A table as pages show it: a header and rows of cells.
struct TableView {
    struct Cell {
        /// The cell's lines (most cells have one).
        var lines: [String]
        var numeric: Bool

        init(_ text: String, numeric: Bool = false) {
            lines = [text]
            self.numeric = numeric
        }

        init(lines: [String]) {
            self.lines = lines
            numeric = false
        }
    }

    struct Row {
        var cells: [Cell]
    }

    // Stored, not computed: Mustache reads a view model's stored properties only.
    var header: [String]
    var rows: [Row]
    var columns: Int
    var isEmpty: Bool

    /// A table whose columns at `numeric` positions are right-aligned figures.
    init(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) {
        self.init(header, cells: rows.map { row in row.enumerated().map { Cell($0.element, numeric: numeric.contains($0.offset)) } })
    }

    init(_ header: [String], cells: [[Cell]]) {
        self.header = header
        rows = cells.map { Row(cells: $0) }
        columns = header.count
        isEmpty = cells.isEmpty
    }
}

/// A number for an SVG attribute, to one decimal.
func svgNumber(_ value: Double) -> String {
    String(format: "%.1f", value)
}

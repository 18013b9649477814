import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The one place where the workstation turns values into HTML: Mustache templates
/// (`Templates`) rendered with dictionaries of plain strings, numbers, flags and lists.
enum Pages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, source) in Templates.sources {
            do {
                try library.register(source, named: name)
            } catch {
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    /// A page: `template` rendered with `view` and what every page shows (title, CSRF token,
    /// navigation of the scenario).
    static func page(
        _ template: String, title: String, context: WorkstationContext, scenario: String? = nil, here: String? = nil,
        message: (text: String, kind: String)? = nil, _ view: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        var full = view
        full["title"] = title
        full["csrf"] = context.session.csrf
        if let scenario {
            full["scenario"] = scenario
            full["scenarioQuery"] = query(scenario)
        }
        if let here { full[here] = true }
        if let message { full["message"] = ["text": message.text, "kind": message.kind] }
        guard let html = library.render(full, withTemplate: template) else { preconditionFailure("no template named \(template)") }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A short answer in plain text (errors before a session exists: 401, 403, 413).
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// See other: after a post, the page to show.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A table view for the `table` partial; `links` gives a cell's link by row and column.
    static func table(
        id: String, header: [String], rows: [[String]], numeric: Set<Int> = [], filter: Bool = false,
        links: (Int, Int) -> String? = { _, _ in nil }
    ) -> [String: Any] {
        let cells: [[String: Any]] = rows.enumerated().map { rowIndex, row in
            let cells: [[String: Any]] = row.enumerated().map { column, text in
                var cell: [String: Any] = ["text": text, "numeric": numeric.contains(column)]
                if let href = links(rowIndex, column) { cell["href"] = href }
                return cell
            }
            return ["cells": cells]
        }
        return ["id": id, "header": header, "rows": cells, "filter": filter]
    }

    /// A link's query value, percent-encoded.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? value
    }
}

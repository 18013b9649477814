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

    /// Where a page is in the year's work: the county, its data version and plan, for the
    /// navigation every page shows.
    struct Place {
        var county: String
        var countyName: String
        var version: Int?
        var plan: String?
        /// The tab that is open: data, review, objections, whatif, publish.
        var here: String
    }

    /// A page: `template` rendered with `view` and what every page shows (title, CSRF token,
    /// the person, the navigation).
    static func page(
        _ template: String, title: String, context: WorkstationContext, place: Place? = nil,
        message: (text: String, kind: String)? = nil, _ view: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        html(render(template, title: title, viewer: Viewer(context), place: place, message: message, view), status: status)
    }

    /// Who a page is rendered for: their CSRF token and how they are greeted.
    struct Viewer {
        var csrf: String
        var name: String
        var role: String
        var signedIn: Bool

        init(_ context: WorkstationContext) {
            csrf = context.session.csrf
            name = context.person.displayName
            role = Words.role(context.person.role)
            signedIn = context.person.signedIn
        }

        /// Marks in place of the person's values: a page rendered for it is the same for
        /// everyone with the same rights, and `SharedPage` fills it in per request.
        static func shared(signedIn: Bool) -> Viewer { Viewer(csrf: csrfMark, name: nameMark, role: roleMark, signedIn: signedIn) }

        init(csrf: String, name: String, role: String, signedIn: Bool) {
            self.csrf = csrf
            self.name = name
            self.role = role
            self.signedIn = signedIn
        }
    }

    static func render(
        _ template: String, title: String, viewer: Viewer, place: Place? = nil,
        message: (text: String, kind: String)? = nil, _ view: [String: Any] = [:]
    ) -> String {
        var full = view
        full["title"] = title
        full["csrf"] = viewer.csrf
        if !viewer.name.isEmpty {
            full["person"] = ["name": viewer.name, "role": viewer.role, "signedIn": viewer.signedIn]
        }
        if let place {
            var nav: [String: Any] = ["county": place.county, "countyName": place.countyName, "c": query(place.county)]
            if let version = place.version { nav["v"] = String(version) }
            if let plan = place.plan {
                nav["p"] = query(plan)
                nav["plan"] = plan
            }
            nav[place.here] = true
            full["nav"] = nav
        }
        if let message { full["message"] = ["text": message.text, "kind": message.kind] }
        guard let html = library.render(full, withTemplate: template) else { preconditionFailure("no template named \(template)") }
        return html
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A short answer in plain text (errors before a page can be shown: 401, 403, 413).
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// See other: after a post, the page to show.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A change done: the redirect to the page that says so, once (post, redirect, get), so
    /// that a refresh reloads that page instead of posting the form again.
    static func redirect(_ location: String, saying message: (String, String), office: Office, context: WorkstationContext) -> Response {
        office.keepFlash(message, for: context)
        return redirect(location)
    }

    /// A table view for the `table` partial; `links` gives a cell's link by row and column.
    /// `sortKeys` gives a cell a key to sort by other than its text (a number, a date).
    static func table(
        id: String, header: [String], rows: [[String]], numeric: Set<Int> = [], filter: Bool = false,
        links: (Int, Int) -> String? = { _, _ in nil }, caption: String? = nil
    ) -> [String: Any] {
        let cells: [[String: Any]] = rows.enumerated().map { rowIndex, row in
            let cells: [[String: Any]] = row.enumerated().map { column, text in
                var cell: [String: Any] = ["text": text, "numeric": numeric.contains(column)]
                if let href = links(rowIndex, column) { cell["href"] = href }
                return cell
            }
            return ["cells": cells]
        }
        var table: [String: Any] = ["id": id, "header": header, "rows": cells, "filter": filter, "count": String(rows.count)]
        if let caption { table["caption"] = caption }
        return table
    }

    /// A link's query value, percent-encoded.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? value
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import RotaplanAccounts

/// One route of the workstation: its method and path, what a person must be allowed to do
/// there (`Action`, one table in `Role.may`), and its handler. Every route is declared here, so
/// that the rule "who may do what" is checked in one place and a test can walk them all.
struct RouteSpec: Sendable {
    var method: HTTPRequest.Method
    var path: String
    /// Nil for what anyone may open: the sign-in page and the assets.
    var action: Action?
    var handler: @Sendable (Request, WorkstationContext) async throws -> Response
}

enum RouteTable {
    /// Every route, in the order of the year's work.
    static func routes(_ office: Office) -> [RouteSpec] {
        let data = DataPages(office: office)
        let review = ReviewPages(office: office)
        let objections = ObjectionPages(office: office)
        let whatIf = WhatIfPages(office: office)
        let publish = PublishPages(office: office)
        let people = PeoplePages(office: office)
        return [
            RouteSpec(method: .get, path: "/signin", action: nil) { request, context in people.signInPage(request, context) },
            RouteSpec(method: .post, path: "/signin", action: nil) { request, context in try await people.signIn(request, context) },
            RouteSpec(method: .get, path: "/assets/:name", action: nil) { _, context in try Assets.response(context) },
            RouteSpec(method: .post, path: "/signout", action: .view) { request, context in people.signOut(request, context) },
            RouteSpec(method: .get, path: "/audit", action: .view) { request, context in people.auditPage(request, context) },
            RouteSpec(method: .get, path: "/", action: .view) { _, context in data.home(context) },
            RouteSpec(method: .get, path: "/template.xlsx", action: .view) { _, _ in try data.template() },
            RouteSpec(method: .post, path: "/upload", action: .upload) { request, context in try await data.upload(request, context) },
            RouteSpec(method: .post, path: "/adopt", action: .upload) { request, context in data.adopt(request, context) },
            RouteSpec(method: .get, path: "/data", action: .view) { request, context in data.dataPage(request, context) },
            RouteSpec(method: .post, path: "/solve", action: .solve) { request, context in data.solve(request, context) },
            RouteSpec(method: .post, path: "/cancel", action: .solve) { request, context in data.cancel(request, context) },
            RouteSpec(method: .get, path: "/events", action: .view) { request, _ in data.events(request) },
            RouteSpec(method: .get, path: "/plan", action: .view) { request, context in review.planPage(request, context) },
            RouteSpec(method: .get, path: "/explain", action: .view) { request, context in review.explain(request, context) },
            RouteSpec(method: .get, path: "/objections", action: .view) { request, context in objections.page(request, context) },
            RouteSpec(method: .post, path: "/objections", action: .object) { request, context in await objections.change(request, context) },
            RouteSpec(method: .post, path: "/replan", action: .solve) { request, context in objections.replan(request, context) },
            RouteSpec(method: .get, path: "/whatif", action: .view) { request, context in whatIf.page(request, context) },
            RouteSpec(method: .post, path: "/whatif", action: .whatIf) { request, context in whatIf.start(request, context) },
            RouteSpec(method: .get, path: "/publish", action: .view) { request, context in publish.page(request, context) },
            RouteSpec(method: .post, path: "/submit", action: .submit) { request, context in await publish.submit(request, context) },
            RouteSpec(method: .post, path: "/approve", action: .approve) { request, context in await publish.approve(request, context) },
            RouteSpec(method: .post, path: "/return", action: .returnPlan) { request, context in await publish.returnPlan(request, context) },
            RouteSpec(method: .post, path: "/ledger-import", action: .upload) { request, context in publish.importHistory(request, context) },
            RouteSpec(method: .get, path: "/ledger", action: .view) { request, context in publish.ledgerPage(request, context) },
            RouteSpec(method: .get, path: "/file", action: .view) { request, context in publish.file(request, context) },
        ]
    }

    /// Whether a path is open to anyone (sign-in, assets).
    static func isPublic(_ path: String) -> Bool {
        path == "/signin" || path.hasPrefix("/assets/")
    }

    /// Registers every route behind the check of its action: a person whose role does not
    /// allow it gets 403 and nothing happens.
    static func register(_ routes: [RouteSpec], on router: Router<WorkstationContext>) {
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                if let action = route.action, !context.person.may(action) {
                    return Pages.page(
                        "refused", title: "没有权限", context: context, message: ("您的角色（\(Words.role(context.person.role))）不能做这件事。", "bad"),
                        status: .forbidden)
                }
                return try await route.handler(request, context)
            }
        }
    }
}

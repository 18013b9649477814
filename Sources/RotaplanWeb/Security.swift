import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaplanAccounts
import Synchronization

/// The request context of the workstation: who asks and the CSRF token of their session, and
/// for a form post its fields, all set by `SessionMiddleware` before a route runs.
public struct WorkstationContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The session's id and its CSRF token.
    var session = BrowserSession(id: "", csrf: "")
    /// The person: a signed-in account, or the server's user in the single-user mode.
    var person = Person(name: "", displayName: "", role: .viewer, signedIn: false)
    /// The fields of an `application/x-www-form-urlencoded` post.
    var form = Form(fields: [])

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Uploads are read by their route with their own limit; forms by the middleware.
    public var maxUploadSize: Int { Limits.upload }
}

/// Sizes the workstation accepts (docs/workstation.md "Promises and how they are kept").
enum Limits {
    /// An uploaded workbook or archive: 20 MB.
    static let upload = 20 * 1024 * 1024
    /// A form post.
    static let form = 1024 * 1024
}

/// A browser session: its id (the cookie) and the CSRF token its pages carry.
struct BrowserSession: Sendable {
    var id: String
    var csrf: String
}

/// The fields of a posted form, in order; a name may repeat.
struct Form: Sendable {
    var fields: [(name: String, value: String)]

    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// A field's text, trimmed (U+3000 too); empty when absent.
    func text(_ name: String) -> String {
        (self[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}")))
    }

    /// Parses `a=1&b=%E4%B8%AD`, `+` a space.
    init(urlEncoded text: String) {
        fields = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }
}

/// Random tokens for sessions, CSRF and `--token`.
enum Tokens {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compares in time that does not depend on where the strings differ.
    static func equal(_ first: String, _ second: String) -> Bool {
        let a = Array(first.utf8)
        let b = Array(second.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Headers every response carries: nothing is loaded from elsewhere, no page is framed by
/// another site, and a download's type is not guessed by the browser. A response that sets
/// its own Content-Security-Policy (a report with its style's hash) keeps it.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WorkstationContext
    static let policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'; form-action 'self'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// A path the workstation does not have gets a page in the office's words with the way home,
/// not the server's empty 404 (a mistyped or old bookmark). It runs after the session's
/// middleware, so the page greets the person, and an unsigned visit is sent to sign in first.
struct NotFoundPageMiddleware: RouterMiddleware {
    typealias Context = WorkstationContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return Pages.page(
                "refused", title: "没有这个页面", context: context, message: ("没有这个页面：地址可能输错了，或是旧的书签。", "bad"), status: .notFound)
        }
    }
}

/// Without accounts, on an address other than loopback, every request carries the token:
/// `Authorization: Bearer T`, the cookie set on the first visit, or `?token=T` on that first
/// visit (the address `serve` prints); else 401. With accounts, sign-in takes its place.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = WorkstationContext
    static let cookie = "rotaplan_token"
    let token: String
    let office: Office

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if office.accountsMode { return try await next(request, context) }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let query = request.uri.queryParameters.get("token")
        let given = bearer ?? request.cookies[Self.cookie]?.value ?? query
        guard let given, Tokens.equal(given, token) else {
            return Pages.plain(
                .unauthorized,
                "需要访问令牌。请打开 rotaplan serve 打印的地址（含 ?token=…）。A token is needed: open the address `rotaplan serve` printed.")
        }
        var response = try await next(request, context)
        if query != nil {
            response.setCookie(Cookie(name: Self.cookie, value: token, path: "/", secure: office.secure, httpOnly: true, sameSite: .strict))
        }
        return response
    }
}

/// Who asks, and whether their post may change anything (docs/workstation.md "Who may do
/// what"). With accounts, a session is an account's (kept in `users.sqlite`: a restart keeps
/// people signed in); pages other than sign-in need one (a page redirects to sign-in, anything
/// else is 401). Without accounts every browser gets a session of its own in memory and acts as
/// the server's user. Every post must carry its session's CSRF token, else 403 and nothing
/// changes: a page of another site, or another account's cookie, cannot make the workstation act.
final class SessionMiddleware: RouterMiddleware, Sendable {
    typealias Context = WorkstationContext
    static let cookie = "rotaplan_session"
    static let anonymousCookie = "rotaplan_visit"
    let office: Office
    /// Paths anyone may open: sign-in and the style sheet and script.
    let isPublic: @Sendable (String) -> Bool
    /// Off loopback, sign-in needs HTTPS unless `--insecure-http` was given.
    let plainHTTPOffLoopback: Bool
    private let anonymous = Mutex<[String: String]>([:])

    init(office: Office, plainHTTPOffLoopback: Bool, isPublic: @escaping @Sendable (String) -> Bool) {
        self.office = office
        self.plainHTTPOffLoopback = plainHTTPOffLoopback
        self.isPublic = isPublic
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var newCookie: Cookie?
        let path = request.uri.path
        let accounts = office.accountsMode ? office.accounts : nil
        if accounts != nil && plainHTTPOffLoopback {
            return Pages.plain(
                .forbidden,
                "有账户时，在本机以外的地址上登录需要 HTTPS：请以 --tls-cert 与 --tls-key 启动（或明知风险时用 --insecure-http）。Sign-in off loopback needs HTTPS.")
        }
        if let accounts, let id = request.cookies[Self.cookie]?.value, let session = try? accounts.session(id: id) {
            context.session = BrowserSession(id: session.id, csrf: session.csrfToken)
            context.person = Person(
                name: session.account.name, displayName: session.account.displayName, role: session.account.role, signedIn: true)
        } else {
            // A visit of its own: for the sign-in form, or everything in the single-user mode.
            var known: (String, String)?
            if let id = request.cookies[Self.anonymousCookie]?.value, let csrf = anonymous.withLock({ sessions in sessions[id] }) {
                known = (id, csrf)
            }
            let (id, csrf) = known ?? (Tokens.make(), Tokens.make())
            if known == nil {
                anonymous.withLock { sessions in
                    if sessions.count > 10_000 { sessions.removeAll() }
                    sessions[id] = csrf
                }
                newCookie = Cookie(name: Self.anonymousCookie, value: id, path: "/", secure: office.secure, httpOnly: true, sameSite: .strict)
            }
            context.session = BrowserSession(id: id, csrf: csrf)
            if accounts == nil {
                context.person = Person(name: office.serverUser, displayName: office.serverUser, role: .approver, signedIn: false)
            } else if !isPublic(path) {
                if request.method == .get {
                    let back = request.uri.description
                    var response = Pages.redirect("/signin?next=" + Pages.query(back))
                    if let newCookie { response.setCookie(newCookie) }
                    return response
                }
                return Pages.plain(.unauthorized, "登录已失效，未做任何更改。请刷新页面，重新登录后再试。")
            }
        }
        if request.method == .post {
            var given = request.headers[HTTPField.Name("X-CSRF-Token")!]
            let type = request.headers[.contentType] ?? ""
            // Uploads are read by their route, whatever type the client gives them.
            if type.hasPrefix("application/x-www-form-urlencoded") && path != "/upload" {
                guard let body = try await BodyReader.read(request.body, upTo: Limits.form) else {
                    return BodyReader.tooLarge("填写的内容", limit: Limits.form)
                }
                context.form = Form(urlEncoded: String(buffer: body))
                request.body = .init(buffer: body)
                given = given ?? context.form["csrf"]
            }
            guard newCookie == nil, let given, Tokens.equal(given, context.session.csrf) else {
                return Pages.plain(.forbidden, "请求缺少本次会话的安全令牌，未做任何更改。请刷新页面后重试。")
            }
        }
        var response = try await next(request, context)
        if let newCookie { response.setCookie(newCookie) }
        return response
    }
}

/// Reads a request's body up to a limit. A body over the limit is still read to its end (up to
/// four times the limit), so that a client that sends everything before reading the answer gets
/// the 413 instead of a stalled connection.
enum BodyReader {
    static func read(_ body: RequestBody, upTo limit: Int) async throws -> ByteBuffer? {
        var buffer = ByteBuffer()
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            if received <= limit {
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            } else if received > 4 * limit {
                break
            }
        }
        return received <= limit ? buffer : nil
    }

    /// 413, and the connection closed after it.
    static func tooLarge(_ what: String, limit: Int) -> Response {
        let megabytes = limit / 1024 / 1024
        var response = Pages.plain(.contentTooLarge, "\(what)超过 \(megabytes) MB 的上限；未保存，未做任何更改。请缩短后再提交。")
        response.headers[.connection] = "close"
        return response
    }
}

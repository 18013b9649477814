import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Synchronization

/// The request context of the workstation: the session the request belongs to and, for a
/// form post, its fields, both set by `SessionMiddleware` before a route runs.
public struct WorkstationContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The session's id and its CSRF token.
    var session = Session(id: "", csrf: "")
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

/// A browser session: a random id in a cookie and the CSRF token its pages carry.
struct Session: Sendable {
    var id: String
    var csrf: String
}

/// The fields of a posted form, in order; a name may repeat.
struct Form: Sendable {
    var fields: [(name: String, value: String)]

    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

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
        let a = Array(first.utf8), b = Array(second.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Headers every response carries: nothing is loaded from elsewhere, no page is framed by
/// another site, and a download's type is not guessed by the browser.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WorkstationContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// With `--token`, every request carries it: `Authorization: Bearer T`, the cookie set on the
/// first visit, or `?token=T` on that first visit (the address `serve` prints). Without it, 401.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = WorkstationContext
    static let cookie = "rotaplan_token"
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let query = request.uri.queryParameters.get("token")
        let given = bearer ?? request.cookies[Self.cookie]?.value ?? query
        guard let given, Tokens.equal(given, token) else {
            return Pages.plain(
                .unauthorized,
                "需要访问令牌 (token)。Open the address `rotaplan serve` printed, with ?token=…, or send Authorization: Bearer <token>.")
        }
        var response = try await next(request, context)
        if query != nil { response.setCookie(Cookie(name: Self.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict)) }
        return response
    }
}

/// Gives each browser a session (a cookie) with its CSRF token, reads posted forms, and refuses
/// a post that does not carry the session's token (403): a page of another site cannot make
/// the workstation change anything.
final class SessionMiddleware: RouterMiddleware, Sendable {
    typealias Context = WorkstationContext
    static let cookie = "rotaplan_session"
    private let sessions = Mutex<[String: String]>([:])

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var isNew = false
        if let id = request.cookies[Self.cookie]?.value, let csrf = sessions.withLock({ $0[id] }) {
            context.session = Session(id: id, csrf: csrf)
        } else {
            let session = Session(id: Tokens.make(), csrf: Tokens.make())
            sessions.withLock { $0[session.id] = session.csrf }
            context.session = session
            isNew = true
        }
        if request.method == .post {
            var given = request.headers[HTTPField.Name("X-CSRF-Token")!]
            let type = request.headers[.contentType] ?? ""
            // Uploads are read by their route, whatever type the client gives them.
            if type.hasPrefix("application/x-www-form-urlencoded") && request.uri.path != "/upload" {
                guard let body = try await BodyReader.read(request.body, upTo: Limits.form) else { return BodyReader.tooLarge("表单 (the form) ", limit: Limits.form) }
                context.form = Form(urlEncoded: String(buffer: body))
                request.body = .init(buffer: body)
                given = given ?? context.form["csrf"]
            }
            guard !isNew, let given, Tokens.equal(given, context.session.csrf) else {
                return Pages.plain(.forbidden, "请求缺少有效的 CSRF 令牌，未做任何更改。The request lacks this session's CSRF token; nothing was changed. Reload the page and try again.")
            }
        }
        var response = try await next(request, context)
        if isNew {
            response.setCookie(Cookie(name: Self.cookie, value: context.session.id, path: "/", httpOnly: true, sameSite: .strict))
        }
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
        var response = Pages.plain(.contentTooLarge, "\(what)超过 \(megabytes) MB 的上限 (over the \(megabytes) MB limit)；未保存，未做任何更改。")
        response.headers[.connection] = "close"
        return response
    }
}

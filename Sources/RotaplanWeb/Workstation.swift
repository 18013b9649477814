import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// `rotaplan serve`: the HR workstation in a browser (docs/workstation.md).
public enum Workstation {
    /// How the workstation listens.
    public struct Settings: Sendable {
        public var root: URL
        public var host: String
        public var port: Int
        /// Without accounts, required on any address but loopback; every request must then carry it.
        public var token: String?
        /// A certificate and its key (PEM): the workstation then speaks HTTPS only.
        public var tls: (certificate: URL, key: URL)?
        /// Off loopback with accounts and no TLS: serve plain HTTP anyway (the sign-in page says so).
        public var insecureHTTP: Bool

        public init(root: URL, host: String, port: Int, token: String?, tls: (certificate: URL, key: URL)? = nil, insecureHTTP: Bool = false) {
            self.root = root
            self.host = host
            self.port = port
            self.token = token
            self.tls = tls
            self.insecureHTTP = insecureHTTP
        }

        /// Whether `host` is this machine only.
        public var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }
    }

    /// Runs until the process is stopped; `onRunning` gets the address a person opens.
    public static func run(_ settings: Settings, onRunning: @escaping @Sendable (String) -> Void) async throws {
        let plainOffLoopback = !settings.isLoopback && settings.tls == nil
        let office = Office(
            root: settings.root.standardizedFileURL, secure: settings.tls != nil,
            plainHTTPOffLoopback: plainOffLoopback && !settings.insecureHTTP, insecureHTTP: plainOffLoopback && settings.insecureHTTP)
        let router = Router(context: WorkstationContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        if let token = settings.token { router.add(middleware: TokenMiddleware(token: token, office: office)) }
        router.add(
            middleware: SessionMiddleware(
                office: office, plainHTTPOffLoopback: office.plainHTTPOffLoopback, isPublic: RouteTable.isPublic))
        router.add(middleware: NotFoundPageMiddleware())
        RouteTable.register(RouteTable.routes(office), on: router)
        var logger = Logger(label: "rotaplan-serve")
        logger.logLevel = .warning
        let scheme = settings.tls == nil ? "http" : "https"
        let onServerRunning: @Sendable (any Channel) async -> Void = { channel in
            let port = channel.localAddress?.port ?? settings.port
            let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
            onRunning("\(scheme)://\(host):\(port)/" + (settings.token.map { "?token=\($0)" } ?? ""))
        }
        let configuration = ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "rotaplan")
        if let tls = settings.tls {
            let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificate.path).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.key.path, format: .pem)
            let tlsConfiguration = TLSConfiguration.makeServerConfiguration(certificateChain: certificates, privateKey: .privateKey(key))
            let app = Application(
                router: router, server: try .tls(.http1(), tlsConfiguration: tlsConfiguration), configuration: configuration,
                onServerRunning: onServerRunning, logger: logger)
            try await app.runService()
        } else {
            let app = Application(router: router, configuration: configuration, onServerRunning: onServerRunning, logger: logger)
            try await app.runService()
        }
    }

    /// A token for a non-loopback address when none is given.
    public static func makeToken() -> String { Tokens.make() }
}

import Foundation
import Hummingbird
import Logging
import NIOCore

/// `rotaplan serve`: the HR workstation in a browser (docs/workstation.md).
public enum Workstation {
    /// How the workstation listens.
    public struct Settings: Sendable {
        public var root: URL
        public var host: String
        public var port: Int
        /// Required on any address but loopback; every request must then carry it.
        public var token: String?

        public init(root: URL, host: String, port: Int, token: String?) {
            self.root = root
            self.host = host
            self.port = port
            self.token = token
        }

        /// Whether `host` is this machine only.
        public var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }
    }

    /// Runs until the process is stopped; `onRunning` gets the address a person opens.
    public static func run(_ settings: Settings, onRunning: @escaping @Sendable (String) -> Void) async throws {
        let router = Router(context: WorkstationContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        if let token = settings.token { router.add(middleware: TokenMiddleware(token: token)) }
        router.add(middleware: SessionMiddleware())
        Routes(bench: Workbench(catalog: Catalog(root: settings.root.standardizedFileURL))).register(on: router)
        var logger = Logger(label: "rotaplan-serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "rotaplan"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
                onRunning("http://\(host):\(port)/" + (settings.token.map { "?token=\($0)" } ?? ""))
            },
            logger: logger)
        try await app.runService()
    }

    /// A token for a non-loopback address when none is given.
    public static func makeToken() -> String { Tokens.make() }
}

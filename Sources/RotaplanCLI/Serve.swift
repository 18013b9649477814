import ArgumentParser
import Foundation
import RotaplanWeb

/// `rotaplan serve [--root DIR] [--host H] [--port P] [--token T]`.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Starts the HR workstation: a local web server with the year's work in a browser (docs/workstation.md).",
        discussion: """
            It prints the address to open and runs until stopped (Ctrl-C). It listens on 127.0.0.1. Without \
            accounts, any other address needs --token (one is made and printed when none is given) and every \
            request must carry it; with accounts (rotaplan user add), every page needs sign-in, and off loopback \
            sign-in needs --tls-cert and --tls-key (HTTPS) unless --insecure-http is given. The office's work \
            lives under --root: ROOT/<county>/data/<n>/ for each upload, ROOT/<county>/plans/<year>-<n>-<m>/ for \
            each plan, ROOT/<county>/ledger.sqlite; folders of scenarios under ROOT and ROOT/scenarios/ are read-only.
            """)

    @Option(help: "The folder whose scenarios the workstation offers (default: the current folder).")
    var root: String = "."

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port (0: any free port; the address printed says which).")
    var port: Int = 8080

    @Option(help: "The access token every request must carry (required on any address but loopback when there are no accounts).")
    var token: String?

    @Option(name: .customLong("tls-cert"), help: "A certificate (PEM) to serve HTTPS with; goes with --tls-key.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "The certificate's private key (PEM).")
    var tlsKey: String?

    @Flag(name: .customLong("insecure-http"), help: "Off loopback with accounts, serve plain HTTP anyway (passwords cross the network unencrypted).")
    var insecureHTTP = false

    func validate() throws {
        try OptionChecks.count("port", port, in: 0...65535)
        if let token, token.count < 16 || !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw ValidationError("--token must be at least 16 letters, digits, - or _")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--root \(root): not a folder")
        }
        if (tlsCertificate == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        for file in [tlsCertificate, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("\(file): cannot be read")
        }
    }

    func run() throws {
        let tls = tlsCertificate.flatMap { certificate in tlsKey.map { (URL(fileURLWithPath: certificate), URL(fileURLWithPath: $0)) } }
        var settings = Workstation.Settings(
            root: URL(fileURLWithPath: root), host: host, port: port, token: token, tls: tls, insecureHTTP: insecureHTTP)
        if !settings.isLoopback && settings.token == nil {
            settings.token = Workstation.makeToken()
            Console.current.err("serve: \(host) is not loopback, so every request needs a token; made one (give --token to choose).")
        }
        let console = Console.current
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        let running = settings
        Task.detached {
            do {
                try await Workstation.run(running) { address in
                    console.out("rotaplan serve: open \(address)")
                }
            } catch {
                failure.set("serve: \(error)")
            }
            finished.signal()
        }
        finished.wait()
        if let message = failure.message {
            Console.current.err(message)
            throw ExitCode(1)
        }
    }
}

/// The error of the server task, read after it ends.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?

    func set(_ message: String) { lock.withLock { text = message } }
    var message: String? { lock.withLock { text } }
}

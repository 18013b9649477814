import ArgumentParser
import Foundation
import RotaplanWeb

/// `rotaplan serve [--root DIR] [--host H] [--port P] [--token T]`.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Starts the HR workstation: a local web server with the year's work in a browser (docs/workstation.md).",
        discussion: """
            It prints the address to open and runs until stopped (Ctrl-C). It listens on 127.0.0.1; any other \
            address needs --token (one is made and printed when none is given) and every request must carry it. \
            Scenarios are the folders and workbooks under --root, its scenarios/ and its uploads/; plans are written \
            to ROOT/plans/<slug>-<year>/ as `rotaplan solve` run in ROOT writes them.
            """)

    @Option(help: "The folder whose scenarios the workstation offers (default: the current folder).")
    var root: String = "."

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port (0: any free port; the address printed says which).")
    var port: Int = 8080

    @Option(help: "The access token every request must carry (required on any address but loopback).")
    var token: String?

    func validate() throws {
        try OptionChecks.count("port", port, in: 0...65535)
        if let token, token.count < 16 || !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw ValidationError("--token must be at least 16 letters, digits, - or _")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--root \(root): not a folder")
        }
    }

    func run() throws {
        var settings = Workstation.Settings(root: URL(fileURLWithPath: root), host: host, port: port, token: token)
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

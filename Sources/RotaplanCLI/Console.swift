import Foundation

/// Where commands write: the process's stdout and stderr, or a buffer in tests.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var capturedOutput = ""
    private var capturedErrors = ""
    private let captures: Bool

    public init(capturing: Bool) {
        captures = capturing
    }

    /// The console commands write to; tests bind a capturing one.
    @TaskLocal public static var current = Console(capturing: false)

    public func out(_ text: String) {
        if captures { lock.withLock { capturedOutput += text + "\n" } } else { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    public func err(_ text: String) {
        if captures { lock.withLock { capturedErrors += text + "\n" } } else { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    public var output: String { lock.withLock { capturedOutput } }
    public var errors: String { lock.withLock { capturedErrors } }

    /// Whether stderr is a terminal (progress lines are shown only then).
    public var errorIsTerminal: Bool { !captures && isatty(STDERR_FILENO) == 1 }
}

import ArgumentParser
import Foundation

/// The `rotaplan` command: plans teacher rotation and itinerant teaching for a county.
public struct Rotaplan: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rotaplan",
        abstract: "Plans the yearly teacher rotation (交流轮岗) and itinerant teaching (走教) of a county's urban–rural school communities.",
        discussion: """
            Exit status: 0 a plan was written (or the check passed); 1 bad input or usage, nothing written; \
            2 infeasible (the diagnosis is printed and written to OUT/infeasible.txt); \
            3 no feasible plan found within the limits.
            """,
        subcommands: [
            Solve.self, Check.self, Verify.self, WhatIfCommand.self, Compare.self, Explain.self, Hire.self, TemplateCommand.self, ImportCommand.self,
            LedgerCommand.self, Serve.self, UserCommand.self, Export.self, Generate.self,
        ]
    )

    public init() {}

    /// The command being run, as the ledger records it (`rotaplan ledger amend T01 …`).
    @TaskLocal static var arguments: [String] = []

    static var commandLine: String {
        (["rotaplan"] + arguments).map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// Runs the command line and returns docs/commands.md's exit status; usage errors are status 1.
    public static func run(_ arguments: [String]) -> Int32 {
        $arguments.withValue(arguments) { runCommand(arguments) }
    }

    static func runCommand(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.current.out(message) }
                return 0
            }
            if !message.isEmpty { Console.current.err(message) }
            return code == .validationFailure ? 1 : code.rawValue
        }
    }
}

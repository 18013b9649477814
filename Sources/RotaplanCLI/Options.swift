import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner

/// The limits every solving command takes, validated in one place (docs/commands.md).
struct SolveSettings: ParsableArguments {
    @Option(help: "Wall-clock seconds per part for the whole county, kept by every step (at most \(Int(SolveLimits.longestTimeLimit)), a week).")
    var timeLimit: Double = 120

    @Option(help: "Relative gap |objective − bound| / max(1, |objective|) at which a plan counts as optimal (0 to below 1).")
    var gap: Double = 1e-6

    @Option(help: "auto (the heuristic's plan as GLPK's start, the better plan returned), glpk, or heuristic.")
    var method: SolveMethod = .auto

    @Option(help: "The heuristic's random seed.")
    var seed: UInt64 = 0

    func validate() throws {
        try OptionChecks.timeLimit(timeLimit)
        try OptionChecks.gap(gap)
    }

    /// The planner's options for these settings.
    func options(parts: PlanParts = .both, progress: (@Sendable (String) -> Void)? = nil) -> SolveOptions {
        SolveOptions(timeLimit: timeLimit, gap: gap, method: method, parts: parts, seed: seed, progress: progress)
    }
}

/// Checks of option values shared by every command (`SolveLimits`), as usage errors (exit 1).
enum OptionChecks {
    static func timeLimit(_ value: Double) throws {
        if let problem = SolveLimits.timeLimitProblem(value) { throw ValidationError(problem) }
    }

    static func gap(_ value: Double) throws {
        if let problem = SolveLimits.gapProblem(value) { throw ValidationError(problem) }
    }

    static func count(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
        if let problem = SolveLimits.countProblem(name, value, in: range) { throw ValidationError(problem) }
    }
}

extension SolveMethod: ExpressibleByArgument {}
extension PlanParts: ExpressibleByArgument {}

/// Progress for a person: per community and component on a terminal, one line per part in a
/// log (stderr not a terminal), nothing with `--quiet`.
func progressOptions(_ options: inout SolveOptions, quiet: Bool) {
    let console = Console.current
    guard !quiet else { return }
    if console.errorIsTerminal {
        options.progress = { line in console.err(line) }
    } else {
        options.partFinished = { name, report in
            console.err("finished \(name) after \(String(format: "%.2f", report.seconds)) s: \(report.status.rawValue)")
        }
    }
}

/// The command line as it was given, for the audit record.
var commandLineForAudit: [String] { ["rotaplan"] + Array(CommandLine.arguments.dropFirst()) }

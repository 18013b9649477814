import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner

/// The limits every solving command takes, validated in one place (docs/commands.md).
struct SolveSettings: ParsableArguments {
    @Option(help: "Wall-clock seconds per part for the whole county, kept by every step (at most \(Int(OptionChecks.longestTimeLimit)), a week).")
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

/// Checks of option values shared by every command: finite, in range, or a usage error
/// (exit 1) that says what was expected.
enum OptionChecks {
    static let longestTimeLimit = 604_800.0

    static func timeLimit(_ value: Double) throws {
        guard value.isFinite, value > 0, value <= longestTimeLimit else {
            throw ValidationError("--time-limit must be a number of seconds above 0 and at most \(formatNumber(longestTimeLimit)) (a week), got \(value)")
        }
    }

    static func gap(_ value: Double) throws {
        guard value.isFinite, value >= 0, value < 1 else {
            throw ValidationError("--gap must be a number from 0 to below 1, got \(value)")
        }
    }

    static func count(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
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

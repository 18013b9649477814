import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanWorkflow

// What several commands share: the scenario they read, the limits they solve with, how they
// report progress and finish.

/// The scenario a command reads, with its settings overrides and ledger (docs/ledger.md
/// "Which ledger": every command that reads a scenario takes `--ledger`).
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario: a folder of scenario.yaml and CSV files, or an .xlsx workbook.")
    var scenario: String

    @Option(name: .customLong("set"), help: "Override a setting of scenario.yaml, e.g. policy.rotation.min_ratio=0.15.")
    var overrides: [String] = []

    @Option(help: "The county's ledger, whose record gives the history (default: ledger.sqlite beside the scenario).")
    var ledger: String?

    /// The workflow on this scenario; `history` replaces its history (later years of --years).
    func session(history: String? = nil) -> PlanSession {
        PlanSession(
            scenario: URL(fileURLWithPath: scenario), ledger: ledger.map { URL(fileURLWithPath: $0) },
            history: history.map { URL(fileURLWithPath: $0) })
    }

    /// The overrides, parsed; a malformed one is a usage error (exit 1).
    func parsedOverrides() throws -> [SettingOverride] { try parseOverrides(overrides) }

    /// Loads the scenario; bad input is printed, every problem, and ends with exit status 1.
    func load(history: String? = nil, planningYear: Int? = nil) throws -> Scenario {
        try loadScenario(session(history: history), overrides: parsedOverrides(), planningYear: planningYear)
    }
}

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

    /// A solve request with these limits.
    func request(parts: PlanParts = .both, overrides: [SettingOverride] = []) -> PlanRequest {
        PlanRequest(timeLimit: timeLimit, gap: gap, method: method, seed: seed, parts: parts, overrides: overrides)
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
func progressControl(quiet: Bool) -> SolveControl {
    let console = Console.current
    if quiet { return SolveControl() }
    if console.errorIsTerminal { return SolveControl(progress: { console.err($0.description) }) }
    return SolveControl(progress: { event in
        if case .part = event { console.err(event.description) }
    })
}

/// The command line as it was given, for the audit record.
var commandLineForAudit: [String] { ["rotaplan"] + Array(CommandLine.arguments.dropFirst()) }

/// `--set KEY=VALUE` options, parsed; a malformed one is a usage error (exit 1).
func parseOverrides(_ texts: [String]) throws -> [SettingOverride] {
    try texts.map { text in
        guard let override = SettingOverride.parse(text) else {
            Console.current.err("--set \(text): expected KEY=VALUE, e.g. policy.rotation.min_ratio=0.15")
            throw ExitCode(1)
        }
        return override
    }
}

/// Loads a scenario; bad input is printed, every problem, and ends with exit status 1.
/// `planningYear` reads it for a later year of `solve --years`.
func loadScenario(_ session: PlanSession, overrides: [SettingOverride], planningYear: Int? = nil) throws -> Scenario {
    do {
        let scenario = try session.load(overrides: overrides, planningYear: planningYear)
        // A scenario written in Chinese is warned about in Chinese first.
        for warning in scenario.warnings { Console.current.err("\(warning.inChinese ? "警告" : "warning"): \(warning)") }
        return scenario
    } catch {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
}

/// Loads the scenario at `path` with `overrides` (commands without `ScenarioOptions`).
func loadScenario(_ path: String, overrides: [String], history: String? = nil) throws -> Scenario {
    try loadScenario(
        PlanSession(scenario: URL(fileURLWithPath: path), history: history.map { URL(fileURLWithPath: $0) }), overrides: parseOverrides(overrides))
}

/// Refuses, before any work, an output folder that holds the plan the county's ledger
/// published, that is the office's and would be replaced whole, or that cannot be written
/// (exit 1, nothing written).
func requireWritable(_ folder: URL, session: PlanSession) throws {
    do {
        try session.refuseToReplaceAPublishedPlan(in: folder)
    } catch let error as PlanReadError {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
    if let reason = OutputFolder.refusalToReplace(folder) {
        Console.current.err(
            "--out \(folder.path): not replaced: \(reason); nothing was solved. Give a new folder, or one rotaplan wrote before.")
        throw ExitCode(1)
    }
    guard let reason = OutputFolder.unwritableReason(folder) else { return }
    Console.current.err("--out \(folder.path): cannot be written there (\(reason)); nothing was solved. Give a folder you can write to.")
    throw ExitCode(1)
}

/// Prints what writing said and exits with its status.
func finish(_ outcome: WriteOutcome) throws {
    outcome.output.forEach(Console.current.out)
    outcome.errors.forEach(Console.current.err)
    if outcome.status != 0 { throw ExitCode(outcome.status) }
}

/// Reads a plan.json for a scenario; a plan that does not fit is bad input (exit 1).
func readPlan(_ path: String, for scenario: Scenario) throws -> (document: PlanDocument, rotation: RotationPlan, itinerant: ItinerantPlan) {
    do {
        return try PlanDocument.read(URL(fileURLWithPath: PlanDocument.file(at: path)), scenario: scenario)
    } catch {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
}

import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport

/// `rotaplan solve DIR`.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solves the rotation and itinerant plans of a scenario and writes them to a plan folder.",
        discussion: """
            Exit status: 0 a plan was written; 1 bad input or usage, nothing written; 2 infeasible, the \
            diagnosis is printed and written to OUT/infeasible.txt (unless OUT holds a plan); 3 no feasible \
            plan found within the limits.
            """)

    @Argument(help: "The scenario: a folder of scenario.yaml and CSV files, or an .xlsx workbook.")
    var scenario: String

    @Option(help: "The plan folder to write (default: plans/<slug>-<year>).")
    var out: String?

    @OptionGroup var settings: SolveSettings

    @Option(help: "rotation, itinerant or both.")
    var part: PlanParts = .both

    @Option(name: .customLong("set"), help: "Override a setting of scenario.yaml, e.g. policy.rotation.min_ratio=0.15.")
    var overrides: [String] = []

    @Option(help: "A plan to keep as far as the rules allow: the fewest changed lines first, then the objective (after objections, add pins and re-solve).")
    var baseline: String?

    @Option(help: "Plan this many consecutive years (1 to 20) jointly: one program per community over the horizon; writes OUT/<year>/ (later years provisional), OUT/report.html and OUT/history.csv.")
    var years: Int?

    @Flag(help: "With --years: plan each year on the history the year before leaves, instead of jointly.")
    var myopic = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        if let years { try OptionChecks.count("years", years, in: 1...20) }
        if years != nil && baseline != nil { throw ValidationError("--years and --baseline cannot be combined") }
        if myopic && years == nil { throw ValidationError("--myopic goes with --years") }
    }

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides)
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? PlanFolder.defaultLocation(for: loaded)
        var options = settings.options(parts: part)
        progressOptions(&options, quiet: quiet)
        if let baseline {
            options.baseline = try readPlan(baseline, for: loaded).rotation
        }
        let outcome: WriteOutcome
        if let years {
            let planned = MultiYear.solve(loaded, years: years, mode: myopic ? .myopic : .joint, options: options)
            let options = options
            outcome = try PlanFolder.writeYears(planned, meta: { AuditRecord.meta($0, options: options, command: commandLineForAudit) }, to: outFolder)
        } else {
            let county = CountyPlanner.solve(loaded, options: options)
            outcome = try PlanFolder.write(
                county, meta: AuditRecord.meta(loaded, options: options, command: commandLineForAudit), baseline: options.baseline,
                to: outFolder)
        }
        try finish(outcome)
    }
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
        return try PlanDocument.read(URL(fileURLWithPath: path), scenario: scenario)
    } catch {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
}

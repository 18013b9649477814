import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner

/// `rotaplan solve DIR`.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solves the rotation and itinerant plans of a scenario and writes them to a plan folder.",
        discussion: """
            Exit status: 0 a plan was written; 1 bad input or usage, nothing written; 2 infeasible, the \
            diagnosis is printed and written to OUT/infeasible.txt (unless OUT holds a plan); 3 no feasible \
            plan found within the limits.
            """)

    @Argument(help: "The scenario folder.")
    var scenario: String

    @Option(help: "The plan folder to write (default: plans/<slug>-<year>).")
    var out: String?

    @Option(help: "Wall-clock seconds per part for the whole county.")
    var timeLimit: Double = 120

    @Option(help: "Relative gap |objective − bound| / max(1, |objective|) at which a plan counts as optimal.")
    var gap: Double = 1e-6

    @Option(help: "auto (heuristic, then GLPK from its plan), glpk, or heuristic.")
    var method: SolveMethod = .auto

    @Option(help: "rotation, itinerant or both.")
    var part: PlanParts = .both

    @Option(help: "The heuristic's random seed.")
    var seed: UInt64 = 0

    @Option(name: .customLong("set"), help: "Override a setting of scenario.yaml, e.g. policy.rotation.min_ratio=0.15.")
    var overrides: [String] = []

    @Option(help: "A plan to keep as far as the rules allow: the fewest changed lines first, then the objective (after objections, add pins and re-solve).")
    var baseline: String?

    @Option(help: "Plan this many consecutive years, each on the history the previous one leaves; writes OUT/<year>/ and OUT/history.csv.")
    var years: Int?

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard timeLimit > 0 && timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard gap >= 0 && gap < 1 else { throw ValidationError("--gap must be from 0 to below 1") }
        if let years, !(1...20).contains(years) { throw ValidationError("--years must be from 1 to 20") }
        if years != nil && baseline != nil { throw ValidationError("--years and --baseline cannot be combined") }
    }

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides)
        let outFolder = URL(fileURLWithPath: out ?? "plans/\(loaded.settings.slug)-\(loaded.year)")
        let console = Console.current
        let showCommunities = !quiet && console.errorIsTerminal
        var progress: (@Sendable (String) -> Void)?
        if showCommunities { progress = { line in console.err(line) } }
        var options = SolveOptions(
            timeLimit: timeLimit, gap: gap, method: method, parts: part, seed: seed, progress: progress)
        // Without a terminal (a log), one line on stderr as each part ends, unless --quiet.
        if !quiet && !showCommunities {
            options.partFinished = { name, report in
                console.err("finished \(name) after \(String(format: "%.2f", report.seconds)) s: \(report.status.rawValue)")
            }
        }
        if let baseline {
            do {
                options.baseline = try PlanDocument.read(URL(fileURLWithPath: baseline), scenario: loaded).rotation
            } catch {
                console.err(error.description)
                throw ExitCode(1)
            }
        }
        if let years {
            try runYears(years, loaded: loaded, options: options, outFolder: outFolder)
            return
        }
        let county = CountyPlanner.solve(loaded, options: options)
        var reports: [(String, PartReport)] = []
        if let rotation = county.rotation { reports.append(("rotation", rotation.report)) }
        if let itinerant = county.itinerant { reports.append(("itinerant", itinerant.report)) }
        for (name, report) in reports {
            console.out(partLine(name, report))
        }
        guard county.hasPlan else {
            try reportNoPlan(county, outFolder: outFolder)
            return
        }
        let command = ["rotaplan"] + Array(CommandLine.arguments.dropFirst())
        let meta = CountyPlanner.meta(loaded, options: options, command: command)
        let document = PlanAssembly.document(county, meta: meta)
        var files = try CountyPlanner.files(county, document: document)
        if let baselinePlan = options.baseline {
            let changes = BaselineChanges.describe(loaded, baseline: baselinePlan, plan: county.rotationPlan)
            changes.forEach(console.out)
            files.append(("changes.txt", Data((changes.joined(separator: "\n") + "\n").utf8)))
        }
        try OutputFolder.write(files, to: outFolder)
        console.out("rotations: \(document.rotations.count); itinerant visits: \(document.itinerant.count)")
        console.out("wrote \(outFolder.relativePath)")
    }

    /// `--years N`: every year's plan and the history it was planned on, written together.
    private func runYears(_ years: Int, loaded: Scenario, options: SolveOptions, outFolder: URL) throws {
        let console = Console.current
        let outcome: MultiYear.Outcome
        do {
            outcome = try MultiYear.solve(
                folder: URL(fileURLWithPath: scenario), overrides: overrides.compactMap(SettingOverride.parse), years: years,
                options: options)
        } catch {
            console.err(error.description)
            throw ExitCode(1)
        }
        var files: [(name: String, data: Data)] = []
        for year in outcome.years {
            let document = PlanAssembly.document(year.county, meta: CountyPlanner.meta(year.scenario, options: options, command: ["rotaplan"] + Array(CommandLine.arguments.dropFirst())))
            for (name, data) in try CountyPlanner.files(year.county, document: document) { files.append(("\(year.year)/\(name)", data)) }
            files.append(("\(year.year)/history.csv", year.history))
            let teachers = Set(year.county.rotationPlan.moves.map(\.teacher)).count
            console.out("\(year.year): rotation \(year.county.rotation?.report.status.rawValue ?? "-") \(document.rotations.count) moves (\(teachers) teachers), itinerant \(year.county.itinerant?.report.status.rawValue ?? "-") \(document.itinerant.count) visits")
        }
        if let failed = outcome.failed {
            // The years before keep their plans; the failing year gets its diagnosis.
            let infeasible = failed.county.rotation?.report.status == .infeasible
            let text = ["\(failed.year): " + (infeasible ? "infeasible: no plan satisfies every rule." : "no feasible plan was found within the limits.")]
                + (failed.county.rotation?.diagnosis ?? [])
            text.forEach(console.err)
            if OutputFolder.holdsPlan(outFolder) {
                console.err("\(outFolder.relativePath) holds a plan; it was left as it was.")
            } else {
                files.append(("\(failed.year)/infeasible.txt", Data((text.joined(separator: "\n") + "\n").utf8)))
                files.append(("\(failed.year)/history.csv", failed.history))
                try OutputFolder.write(files, to: outFolder)
                console.err("wrote \(outFolder.relativePath) (\(outcome.years.count) year\(outcome.years.count == 1 ? "" : "s") planned)")
            }
            throw ExitCode(infeasible ? 2 : 3)
        }
        files.append(("history.csv", outcome.finalHistory))
        try OutputFolder.write(files, to: outFolder)
        console.out("wrote \(outFolder.relativePath)")
    }

    /// Exit 2 (infeasible) or 3 (nothing found in time), with the diagnosis.
    private func reportNoPlan(_ county: CountyPlan, outFolder: URL, prefix: String = "") throws {
        let infeasible = county.rotation?.report.status == .infeasible || county.itinerant?.report.status == .infeasible
        let diagnosis = (county.rotation?.diagnosis ?? [])
        let text = (infeasible ? [prefix + "infeasible: no plan satisfies every rule."] : [prefix + "no feasible plan was found within the limits."])
            + diagnosis
        for line in text { Console.current.err(line) }
        if !OutputFolder.holdsPlan(outFolder) {
            try OutputFolder.write([("infeasible.txt", Data((text.joined(separator: "\n") + "\n").utf8))], to: outFolder)
            Console.current.err("wrote \(outFolder.relativePath)/infeasible.txt")
        } else {
            Console.current.err("\(outFolder.relativePath) holds a plan; it was left as it was.")
        }
        throw ExitCode(infeasible ? 2 : 3)
    }

    private func partLine(_ name: String, _ report: PartReport) -> String {
        let objective = report.objective.map { String(format: "%.2f", $0) } ?? "-"
        let bound = report.bound.map { String(format: "%.2f", $0) } ?? "-"
        let gap = report.gap.map { String(format: "%.2g", $0) } ?? "-"
        return "\(name): \(report.status.rawValue) objective \(objective) bound \(bound) gap \(gap) in \(String(format: "%.2f", report.seconds)) s (\(report.method))"
    }
}

extension SolveMethod: ExpressibleByArgument {}
extension PlanParts: ExpressibleByArgument {}

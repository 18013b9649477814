import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanWorkflow

/// `rotaplan solve DIR`.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solves the rotation and itinerant plans of a scenario and writes them to a plan folder.",
        discussion: """
            Exit status: 0 a plan was written; 1 bad input or usage, nothing written; 2 infeasible, the \
            diagnosis is printed and written to OUT/infeasible.txt (unless OUT holds a plan); 3 no feasible \
            plan found within the limits.
            """)

    @OptionGroup var input: ScenarioOptions

    @Option(help: "The plan folder to write (default: plans/<slug>-<year>).")
    var out: String?

    @OptionGroup var settings: SolveSettings

    @Option(help: "rotation, itinerant or both.")
    var part: PlanParts = .both

    @Option(help: "A plan to keep as far as the rules allow: the fewest changed lines first, then the objective (after objections, add pins and re-solve).")
    var baseline: String?

    @Option(
        help:
            "Plan this many consecutive years (1 to 20) jointly: one program per community over the horizon; writes OUT/<year>/ (later years provisional), OUT/report.html and OUT/history.csv."
    )
    var years: Int?

    @Flag(help: "With --years: plan each year on the history the year before leaves, instead of jointly.")
    var myopic = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        if years != nil && baseline != nil { throw ValidationError("--years and --baseline cannot be combined") }
        var request = settings.request(parts: part)
        request.years = years
        request.myopic = myopic
        if let problem = request.problems.first { throw ValidationError(problem) }
    }

    func run() throws {
        let session = input.session()
        let loaded = try loadScenario(session, overrides: try input.parsedOverrides())
        var request = settings.request(parts: part, overrides: try input.parsedOverrides())
        request.years = years
        request.myopic = myopic
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? PlanFolder.defaultLocation(for: loaded)
        try requireWritable(outFolder, session: session)
        let run: PlanSession.SolveRun
        do {
            run = try session.solve(
                request, loaded: loaded, baseline: baseline.map { URL(fileURLWithPath: $0) }, command: commandLineForAudit, to: outFolder,
                control: progressControl(quiet: quiet))
        } catch let error as PlanReadError {
            Console.current.err(error.description)
            throw ExitCode(1)
        }
        try finish(run.written)
    }
}

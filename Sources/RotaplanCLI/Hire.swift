import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults
import RotaplanWorkflow

/// `rotaplan hire DIR [PLAN.json] --subject K --count N [--at ID,…]`.
struct Hire: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Says where N new itinerant specialists of a subject should be based, what each covers, and the same for N−1 and N+1.",
        discussion: """
            The hires are placed by an integer program on the staffing the rotation plan leaves (PLAN.json's, or a \
            fresh solve's): each new teacher has 16 periods a week, first teaches the home school's own need, and \
            visits other schools with the rest under the itinerant rules. Writes OUT/hire.csv and OUT/report.html \
            (the itinerant plan with the N hires). Exit status: 0 done; 1 bad input or usage; 2 or 3 when Part 1 \
            has no plan.
            """)

    @OptionGroup var input: ScenarioOptions

    @Argument(help: "A plan.json whose rotation plan to keep (default: solve Part 1 first).")
    var plan: String?

    @Option(help: "The subject of the new teachers, e.g. music, pe or art.")
    var subject: String

    @Option(help: "How many new teachers (1 to 200).")
    var count: Int

    @Option(help: "Only these schools may receive hires: school ids separated by commas.")
    var at: String?

    @Option(help: "The folder to write (default: plans/<slug>-<year>-hire-<subject>).")
    var out: String?

    @Option(help: "Wall-clock seconds for the whole command (at most a week).")
    var timeLimit: Double = 120

    func validate() throws {
        try OptionChecks.timeLimit(timeLimit)
        try OptionChecks.count("count", count, in: 1...200)
    }

    func run() throws {
        let session = input.session()
        let loaded = try loadScenario(session, overrides: try input.parsedOverrides())
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? PlanFolder.defaultLocation(for: loaded, suffix: "-hire-\(subject)")
        try requireWritable(outFolder, session: session)
        let schools = at.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let run: PlanSession.HireRun
        do {
            run = try session.hire(
                overrides: try input.parsedOverrides(), loaded: loaded, plan: plan.map { URL(fileURLWithPath: PlanDocument.file(at: $0)) }, subject: subject,
                count: count,
                at: schools, timeLimit: timeLimit, to: outFolder)
        } catch let error as BadRequest {
            error.lines.forEach(Console.current.err)
            throw ExitCode(1)
        } catch let error as PlanReadError {
            Console.current.err(error.description)
            throw ExitCode(1)
        }
        run.output.forEach(Console.current.out)
        run.errors.forEach(Console.current.err)
        if run.status != 0 { throw ExitCode(run.status) }
    }
}

import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults

/// `rotaplan export DIR --part rotation|itinerant --format mps|lp -o FILE`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes a part's integer program for the whole county, for another solver (glpsol, CBC, HiGHS).",
        discussion: """
            The rotation program is every community's Part 1 side by side. The itinerant program is Part 2 \
            on the staffing that rotaplan's rotation plan leaves (Part 1 is solved first). CPLEX LP keeps the \
            objective sense; free MPS has none, and both parts are minimisations.
            """)

    @OptionGroup var input: ScenarioOptions

    @Option(help: "rotation or itinerant.")
    var part: ExportPart

    @Option(help: "lp (CPLEX LP) or mps (free MPS).")
    var format: ExportFormat = .lp

    @Option(name: [.short, .customLong("out")], help: "The file to write.")
    var output: String

    @Flag(help: "Write one file per independent part (community or component), FILE-1, FILE-2, …, whose optima add up to the county's.")
    var split = false

    @Option(help: "Seconds for solving Part 1 before an itinerant export (at most a week).")
    var timeLimit: Double = 120

    enum ExportPart: String, ExpressibleByArgument, CaseIterable { case rotation, itinerant }
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case lp, mps }

    func validate() throws {
        try OptionChecks.timeLimit(timeLimit)
    }

    func run() throws {
        let loaded = try input.load()
        if let reason = OutputFolder.refusalToOverwrite(URL(fileURLWithPath: output)) {
            Console.current.err("\(output): not overwritten: \(reason). Give another file.")
            throw ExitCode(1)
        }
        let written: ModelExport.Written
        do {
            written = try ModelExport.write(
                loaded, part: part == .rotation ? .rotation : .itinerant, format: format == .lp ? .lp : .mps,
                to: URL(fileURLWithPath: output), split: split, timeLimit: timeLimit)
        } catch let failure as ModelExport.Failure {
            Console.current.err(failure.message)
            throw ExitCode(failure.status)
        }
        for line in written.skipped { Console.current.err("left out (infeasible): \(line)") }
        Console.current.out(written.summary)
    }
}

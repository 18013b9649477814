import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanVerify

/// `rotaplan verify DIR PLAN.json`.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Checks a plan against every rule (R1–R7, I1–I5) and recomputes both objectives, independently of how it was made.",
        discussion: "Prints one line per violation, then `verify: ok rotation=<obj> itinerant=<obj>` (exit 0) or `verify: N violations` (exit 1).")

    @OptionGroup var input: ScenarioOptions

    @Argument(help: "The plan.json to check, or the folder `solve` wrote it into.")
    var plan: String

    @Option(help: "A history.csv to use instead of the scenario's (for later years of --years).")
    var history: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: PlanDocument.file(at: plan)) else {
            Console.current.err(Self.unreadable(plan))
            throw ExitCode(1)
        }
        // A file that is no plan at all (a CSV, the scenario's yaml, plan.xlsx) is bad input, not
        // a plan that breaks a rule.
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            Console.current.err("\(PlanDocument.file(at: plan)): not a plan.json of rotaplan. Give the plan.json that `rotaplan solve` wrote, or its folder.")
            throw ExitCode(1)
        }
        // A plan of a later year (solve --years) is checked on the scenario read for that year.
        let planYear = root["year"] as? Int
        let loaded = try input.load(history: history, planningYear: planYear)
        let report = PlanVerifier.verify(loaded, plan: data)
        for violation in report.violations { Console.current.out(violation) }
        Console.current.out(report.lastLine)
        if !report.ok { throw ExitCode(1) }
    }

    /// Why `path` gave no plan, and what to give instead.
    static func unreadable(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return "\(path): no such file. Give the plan.json that `rotaplan solve` wrote, e.g. plans/<slug>-<year>/plan.json."
        }
        if isFolder.boolValue {
            return "\(path): the folder has no plan.json. Give the folder `rotaplan solve --out` wrote, or its plan.json."
        }
        return "\(path): cannot be read (check its permissions)."
    }
}

import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport

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

    @Argument(help: "The scenario: a folder of scenario.yaml and CSV files, or an .xlsx workbook.")
    var scenario: String

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

    @Option(name: .customLong("set"), help: "Override a setting of scenario.yaml.")
    var overrides: [String] = []

    func validate() throws {
        try OptionChecks.timeLimit(timeLimit)
        try OptionChecks.count("count", count, in: 1...200)
    }

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides)
        guard loaded.policy.itinerant.subjects.contains(subject) else {
            Console.current.err("--subject \(subject): not an itinerant subject of this scenario (\(loaded.policy.itinerant.subjects.joined(separator: ", "))). \(Suggestion.hint(for: subject, among: loaded.policy.itinerant.subjects) ?? "")")
            throw ExitCode(1)
        }
        var candidates: [Int]?
        if let at {
            var found: [Int] = []
            for id in at.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !id.isEmpty {
                guard let school = loaded.schoolIndex[id] else {
                    Console.current.err("--at \(id): not a school in schools.csv. \(Suggestion.hint(for: id, among: loaded.schoolIndex.keys) ?? "")")
                    throw ExitCode(1)
                }
                found.append(school)
            }
            candidates = found
        }
        // The time limit is shared: Part 1 (when no plan is given), Part 2 as it is, then the hires.
        let started = ContinuousClock.now
        func remaining(_ share: Double) -> Double {
            let elapsed = ContinuousClock.now - started
            return max(1, (timeLimit - Double(elapsed.components.seconds) - Double(elapsed.components.attoseconds) * 1e-18) * share)
        }
        let rotationPlan: RotationPlan
        if let plan {
            rotationPlan = try readPlan(plan, for: loaded).rotation
        } else {
            let rotation = RotationPlanner.solve(loaded, options: SolveOptions(timeLimit: remaining(0.2), parts: .rotation))
            guard let found = rotation.plan else {
                rotation.diagnosis.forEach(Console.current.err)
                throw ExitCode(rotation.report.status == .infeasible ? 2 : 3)
            }
            rotationPlan = found
        }
        let without = ItinerantPlanner.solve(loaded, rotationPlan: rotationPlan, options: SolveOptions(timeLimit: remaining(0.3), parts: .itinerant))
        let plans = HirePlanner.solve(
            loaded, rotationPlan: rotationPlan, subject: subject, counts: [count - 1, count, count + 1], candidates: candidates,
            without: without, options: SolveOptions(timeLimit: remaining(1), parts: .itinerant))
        HireReport.text(plans, without: without).forEach(Console.current.out)
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? PlanFolder.defaultLocation(for: loaded, suffix: "-hire-\(subject)")
        try OutputFolder.write(try HireReport.files(plans, chosen: plans[1], without: without), to: outFolder)
        Console.current.out("wrote \(outFolder.relativePath)")
    }
}

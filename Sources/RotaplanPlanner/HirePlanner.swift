import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanResults

/// docs/model.md "Hiring itinerant specialists" (`rotaplan hire`).
public enum HirePlanner {
    /// `rotaplan hire`: N−1, N and N+1 hires of `subject` within `timeLimit` seconds in all,
    /// on the staffing `rotationPlan` leaves, or a fresh Part 1's when none is given. The time
    /// is shared: Part 1 a fifth, Part 2 without hires a third of what is left, the hires the rest.
    public static func run(
        _ scenario: Scenario, rotationPlan given: RotationPlan?, subject: String, count: Int, candidates: [Int]?, timeLimit: Double
    ) -> HireOutcome {
        let started = ContinuousClock.now
        func remaining(_ share: Double) -> Double { max(1, (timeLimit - started.secondsUntilNow) * share) }
        let rotationPlan: RotationPlan
        if let given {
            rotationPlan = given
        } else {
            let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: remaining(0.2), parts: .rotation))
            guard let found = rotation.plan else { return HireOutcome(plans: [], without: nil, rotationFailure: rotation) }
            rotationPlan = found
        }
        let without = ItinerantPlanner.solve(scenario, rotationPlan: rotationPlan, options: SolveOptions(timeLimit: remaining(0.3), parts: .itinerant))
        let plans = solve(
            scenario, rotationPlan: rotationPlan, subject: subject, counts: [count - 1, count, count + 1], candidates: candidates,
            without: without, options: SolveOptions(timeLimit: remaining(1), parts: .itinerant))
        return HireOutcome(plans: plans, without: without)
    }

    /// The hiring plans for each count of `counts` (e.g. N−1, N, N+1), on the staffing
    /// `rotationPlan` leaves, choosing among `candidates` (default: every lead, member and site).
    /// The counts share the time limit.
    /// `without`, Part 2 on the same staffing with no hires, lends its components of the other
    /// subjects (and any the hires leave alike), so that only what the hires change is solved.
    public static func solve(
        _ scenario: Scenario, rotationPlan: RotationPlan, subject: String, counts: [Int], candidates: [Int]? = nil,
        without: ItinerantOutcome? = nil, options: SolveOptions
    ) -> [HirePlan] {
        let started = ContinuousClock.now
        let staffing = Staffing(scenario)
        let presentAfter = RotationEvaluation(scenario, staffing: staffing, plan: rotationPlan).presentAfter
        let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
        let schools = candidates ?? scenario.schools.indices.filter { scenario.schools[$0].kind != .independent }
        var plans: [HirePlan] = []
        for (position, count) in counts.enumerated() {
            let share = options.timeLimit.map { ($0 - started.secondsUntilNow) / Double(counts.count - position) }
            let deadline = LinearModel.deadline(after: share)
            plans.append(
                plan(
                    scenario, facts: facts, rotationPlan: rotationPlan, subject: subject, count: count, schools: schools,
                    without: without, deadline: deadline, options: options))
        }
        return plans
    }

    static func plan(
        _ scenario: Scenario, facts: ItinerantFacts, rotationPlan: RotationPlan, subject: String, count: Int, schools: [Int],
        without: ItinerantOutcome?, deadline: ContinuousClock.Instant?, options: SolveOptions
    ) -> HirePlan {
        let started = ContinuousClock.now
        var placement: [Int: Int] = [:]
        var status = PlanStatus.optimal
        if count > 0 {
            // The placement program gets half the share; Part 2 on the chosen staffing the rest.
            let half = deadline.map { ContinuousClock.now + .milliseconds(Int64(max(0.05, $0.secondsFromNow / 2) * 1000)) }
            let formulation = HireFormulation.build(scenario, facts: facts, subject: subject, count: count, candidates: schools)
            var parameters = options.parameters(until: half, start: formulation.greedyStart(count: count))
            parameters.cuts = .all
            parameters.branching = .pseudoCost
            if let solved = try? GLPKSolver().solve(formulation.model, parameters: parameters), solved.termination.hasSolution,
                let values = solved.values
            {
                placement = formulation.placement(from: values)
                status = solved.termination == .optimal ? .optimal : .feasible
            } else {
                status = .noSolution
            }
        }
        let hired = scenario.hiring(subject, at: placement)
        var part2 = options
        part2.timeLimit = deadline.map { max(0.05, $0.secondsFromNow) }
        part2.partTwoMinded = false
        let itinerant =
            without.flatMap {
                ItinerantPlanner.solve(hired, rotationPlan: rotationPlan, options: part2, deadline: deadline, reusing: $0)
            } ?? ItinerantPlanner.solve(hired, rotationPlan: rotationPlan, options: part2)
        let rotation = RotationOutcome(
            report: PartReport(
                method: "given", status: .optimal, objective: RotationEvaluation(hired, staffing: Staffing(hired), plan: rotationPlan).objective,
                bound: nil, seconds: 0),
            plan: rotationPlan, communities: [], diagnosis: [])
        let county = CountyPlan(scenario: hired, rotation: rotation, itinerant: itinerant)
        // What each school's hires cover: their own school's need, and their visits.
        var rows: [(school: Int, hires: Int, atHome: Int, visiting: Int)] = []
        let newTeachers = Set(scenario.teachers.count..<hired.teachers.count)
        for (school, hires) in placement {
            let visiting = (itinerant.plan?.visits ?? []).filter { newTeachers.contains($0.teacher) && $0.home == school }.reduce(0) { $0 + $1.periods }
            rows.append((school, hires, HireFormulation.periods * hires - visiting, visiting))
        }
        rows.sort { ($0.visiting, $0.hires, $1.school) > ($1.visiting, $1.hires, $0.school) }
        return HirePlan(
            subject: subject, count: count, placement: placement, county: county, status: max(status, itinerant.report.status),
            schools: rows, seconds: started.secondsUntilNow)
    }
}

import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation

/// Where `count` new specialists would be based, and what Part 2 then achieves.
public struct HirePlan: Sendable {
    public var subject: String
    public var count: Int
    /// Hires per school (school index → number).
    public var placement: [Int: Int]
    /// The county with the hires: the scenario with them added, the same rotation plan, and
    /// Part 2 solved on that staffing.
    public var county: CountyPlan
    /// How the placement program ended.
    public var status: PlanStatus
    /// Per school with hires, ranked by their visits: hires, periods they teach at their own
    /// school (its need, or its classes, which frees its other specialists to visit), periods
    /// on visits.
    public var schools: [(school: Int, hires: Int, atHome: Int, visiting: Int)]
    public var seconds: Double

    /// Part 2's objective with the hires.
    public var objective: Double? { county.itinerant?.report.objective }
    /// Weekly periods of the subject still uncovered with the hires.
    public var uncovered: Int {
        (county.itinerant?.uncoveredAfter ?? [:]).filter { $0.key.subject == subject }.reduce(0) { $0 + $1.value }
    }
}

/// docs/model.md "Hiring itinerant specialists" (`rotaplan hire`).
public enum HirePlanner {
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
            plans.append(plan(scenario, facts: facts, rotationPlan: rotationPlan, subject: subject, count: count, schools: schools,
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
                let values = solved.values {
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
        let itinerant = without.flatMap {
            ItinerantPlanner.solve(hired, rotationPlan: rotationPlan, options: part2, deadline: deadline, reusing: $0)
        } ?? ItinerantPlanner.solve(hired, rotationPlan: rotationPlan, options: part2)
        let rotation = RotationOutcome(
            report: PartReport(method: "given", status: .optimal, objective: RotationEvaluation(hired, staffing: Staffing(hired), plan: rotationPlan).objective,
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

import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanResults
import Testing

@testable import RotaplanPlanner

/// Part 2 by neighbourhoods (docs/solving.md): a component too large for one program is improved
/// a few home schools at a time, with everybody else's timetable fixed.
@Suite struct NeighbourhoodTests {
    /// L (lead) and N (rural member, with music to spare) each have a music teacher; member M
    /// needs 4 music periods, 10 km from L and 25 km from N. The optimum is TL's one visit:
    /// 2 × 10 + 10 = 30. TN's visit instead costs 2 × 25 + 10 = 60.
    static func world() -> TinyWorld {
        var world = TinyWorld()
        world.community("C", lead: "L", members: ["M", "N"])
        world.km("L", "M", 10)
        world.km("N", "M", 25)
        world.teacher("TL", at: "L", "music")
        world.teacher("TN", at: "N", "music")
        world.demand("L", "music", teachers: 1, periods: 8)
        world.demand("N", "music", teachers: 1, periods: 4)
        world.demand("M", "music", teachers: 1, periods: 4)
        return world
    }

    @Test func aNeighbourhoodOfBothHomesMovesTheVisitToTheNearerTeacher() throws {
        let scenario = try Self.world().load()
        let staffing = Staffing(scenario)
        let facts = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
        let component = try #require(facts.components().first)
        #expect(component.pairCount(facts) == 2)
        let teacher = { (id: String) in scenario.teachers.firstIndex { $0.id == id }! }
        let school = { (id: String) in scenario.schools.firstIndex { $0.id == id }! }
        let start = ItinerantPlan(visits: [Visit(teacher: teacher("TN"), home: school("N"), school: school("M"), day: .mon, periods: 4)])
        func improved(perNeighbourhood: Int) -> ItinerantPlan {
            var options = SolveOptions(timeLimit: nil, method: .glpk, threads: 1)
            options.neighbourhoods = NeighbourhoodLimits(wholeComponent: 0, perNeighbourhood: perNeighbourhood)
            return ItinerantNeighbourhoods.improve(scenario, facts: facts, component: component, start: start, deadline: nil, options: options).plan
        }
        // One home at a time: freeing N, TN's visit is still N's best; freeing L, M needs nothing more.
        let alone = improved(perNeighbourhood: 1)
        #expect(alone == start)
        #expect(ItinerantEvaluation(scenario, facts: facts, plan: alone).objective == 60)
        // Both homes at once: the optimum.
        let together = improved(perNeighbourhood: 2)
        #expect(together.visits.map { scenario.teachers[$0.teacher].id } == ["TL"])
        #expect(ItinerantEvaluation(scenario, facts: facts, plan: together).objective == 30)
    }

    /// Before a whole program the neighbourhoods end on work (`passesBeforeWhole`), not on a
    /// share of the clock: one pass solves each home's neighbourhood at most once, and more
    /// passes continue from the same first one, so they are never worse.
    @Test(arguments: 0..<4)
    func aPassLimitEndsTheNeighbourhoodsOnWork(seed: Int) throws {
        let scenario = try PropertyTests.scenario(seed: UInt64(seed))
        let facts = ItinerantFacts(scenario, presentAfter: Staffing(scenario).presentAt)
        var options = SolveOptions(timeLimit: nil, method: .glpk, threads: 1)
        options.neighbourhoods = NeighbourhoodLimits(wholeComponent: 0, perNeighbourhood: 8)
        for component in facts.components() {
            let start = ItinerantHeuristic.solve(scenario, facts: facts, component: component, seed: UInt64(seed))
            let homes = Set(component.candidates.map { facts.candidates[$0].home }).count
            let once = ItinerantNeighbourhoods.improve(
                scenario, facts: facts, component: component, start: start, deadline: nil, passes: 1, options: options)
            let untilSettled = ItinerantNeighbourhoods.improve(
                scenario, facts: facts, component: component, start: start, deadline: nil, options: options)
            #expect(once.solved <= homes)
            #expect(untilSettled.solved >= once.solved)
            func objective(_ plan: ItinerantPlan) -> Double {
                ItinerantNeighbourhoods.objective(plan, scenario: scenario, facts: facts, component: component)
            }
            #expect(objective(untilSettled.plan) <= objective(once.plan) + 1e-9)
            #expect(objective(once.plan) <= objective(start) + 1e-9)
        }
    }

    @Test func theWholeSolveByNeighbourhoodsVerifies() throws {
        let world = Self.world()
        let scenario = try world.load()
        let said = Said()
        var options = SolveOptions(timeLimit: nil, method: .glpk, parts: .itinerant, threads: 2, progress: { said.add("\($0)") })
        options.neighbourhoods = NeighbourhoodLimits(wholeComponent: 0, perNeighbourhood: 1)
        let solved = try Solved(scenario: scenario, county: CountyPlanner.solve(scenario, options: options))
        // From the empty timetable, L's neighbourhood comes first and takes M's need.
        #expect(solved.visits == ["TL→M mon 4"])
        #expect(solved.itinerantObjective == 30)
        #expect(solved.county.itinerant?.report.method == "glpk-neighbourhoods")
        // The transportation relaxation's bound: each of M's 4 periods from TL costs at least
        // a quarter of the 20 km round trip and an eighth of a distinct school (TL gives a school
        // at most 2 days × 4 periods): 4 × (5 + 1.25) = 25. Below 30: it does not prove the plan.
        let facts = ItinerantFacts(scenario, presentAfter: Staffing(scenario).presentAt)
        let component = try #require(facts.components().first)
        let relaxation = ItinerantNeighbourhoods.relaxationBound(scenario, facts: facts, component: component, deadline: nil, options: options)
        #expect(relaxation?.bound == 25)
        // Home by home, each home's program counts whole visits and schools. At the relaxation's
        // price, M's 4 periods are worth what TN would charge at least (13.75 each, 55): L's best
        // is TL's one visit (30 − 55), N's is none (60 > 55), and the bound is 55 − 25 = 30 (less
        // GLPK's tolerance): the plan is proven.
        let bound = try #require(solved.county.itinerant?.report.bound)
        #expect(abs(bound - 30) < 1e-5)
        #expect(solved.county.itinerant?.report.status == .optimal)
        // Whoever watches the solve is told of it.
        #expect(said.lines.contains("itinerant music: bound 30.00 home by home, round 1"), "\(said.lines)")
    }

    /// Progress lines a solve prints, collected from its threads.
    final class Said: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [String] = []
        func add(_ line: String) { lock.withLock { collected.append(line) } }
        var lines: [String] { lock.withLock { collected } }
    }

    /// On seeded counties, neighbourhoods of a few teachers from the heuristic's timetable and from
    /// the empty one: every plan verifies, none beats the whole program's optimum, none is worse
    /// than its start, and one neighbourhood holding the whole component reaches the optimum.
    @Test(arguments: 0..<8)
    func neighbourhoodPlansVerifyAndNeverBeatTheOptimum(seed: Int) throws {
        let scenario = try PropertyTests.scenario(seed: UInt64(seed))
        let glpk = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .glpk, threads: 2))
        guard let rotation = glpk.rotation?.plan, let exact = glpk.itinerant, exact.report.status == .optimal,
            let optimum = exact.report.objective
        else { return }
        func solve(_ method: SolveMethod, _ limits: NeighbourhoodLimits?) throws -> Double {
            var options = SolveOptions(timeLimit: nil, method: method, parts: .itinerant, threads: 2)
            if let limits { options.neighbourhoods = limits }
            let outcome = ItinerantPlanner.solve(scenario, rotationPlan: rotation, options: options)
            var county = glpk
            county.itinerant = outcome
            _ = try Solved(scenario: scenario, county: county)
            return try #require(outcome.report.objective)
        }
        let tolerance = 1e-6 * max(1, abs(optimum))
        let start = try solve(.heuristic, nil)
        let small = try solve(.auto, NeighbourhoodLimits(wholeComponent: 0, perNeighbourhood: 8))
        #expect(small >= optimum - tolerance, "no plan beats the optimum")
        #expect(small <= start + tolerance, "never worse than the heuristic's start")
        // GLPK alone starts from the empty timetable: every visit is found by a neighbourhood.
        let fromEmpty = try solve(.glpk, NeighbourhoodLimits(wholeComponent: 0, perNeighbourhood: 8))
        #expect(fromEmpty >= optimum - tolerance, "no plan beats the optimum")
        let whole = try solve(.auto, NeighbourhoodLimits(wholeComponent: 0, perNeighbourhood: .max))
        #expect(abs(whole - optimum) <= tolerance, "one neighbourhood of everything is the whole program")
        // Neighbourhoods first, then the whole program from their timetable: the optimum.
        let first = try solve(.auto, NeighbourhoodLimits(startAbove: 0, perNeighbourhood: 8))
        #expect(abs(first - optimum) <= tolerance, "GLPK after the neighbourhoods still proves the optimum")
    }

    /// A lawful timetable is a feasible start for the program, symmetry rows included: alike
    /// teachers' timetables are put in the order those rows ask for. Three days away a week
    /// keeps every teacher a class of its own, so that the rows are there.
    @Test(arguments: 0..<8)
    func everyLawfulTimetableIsAFeasibleStart(seed: Int) throws {
        let scenario = try PropertyTests.scenario(
            seed: UInt64(seed), overrides: [SettingOverride(key: "policy.itinerant.max_days_away", value: "3")])
        let staffing = Staffing(scenario)
        let facts = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
        for component in facts.components() {
            let timetable = ItinerantHeuristic.solve(scenario, facts: facts, component: component, seed: UInt64(seed))
            let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
            let values = formulation.values(for: timetable, facts: facts)
            let feasible = formulation.model.isFeasible(values)
            #expect(feasible, "\(component.subject) near \(component.schools.first ?? -1)")
            // The program's objective of it is the rules' objective of the component.
            let programValue = formulation.model.objective.value(values)
            let rulesValue = ItinerantNeighbourhoods.objective(timetable, scenario: scenario, facts: facts, component: component)
            #expect(abs(programValue - rulesValue) < 1e-6)
        }
    }

    /// The transportation relaxation is a lower bound: never above a component's optimum (alike
    /// teachers share variables at two days away), nor above any lawful timetable (each teacher
    /// its own class at three days away, where the whole program is slow to prove).
    @Test(arguments: 0..<8, ["2", "3"])
    func theRelaxationNeverExceedsTheOptimum(seed: Int, daysAway: String) throws {
        let scenario = try PropertyTests.scenario(
            seed: UInt64(seed), overrides: [SettingOverride(key: "policy.itinerant.max_days_away", value: daysAway)])
        let staffing = Staffing(scenario)
        let facts = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
        for component in facts.components() {
            let relaxation = try GLPKSolver().solve(ItinerantRelaxation(scenario, facts: facts, component: component).model, parameters: SolveParameters())
            #expect(relaxation.termination == .optimal)
            let bound = try #require(relaxation.objective)
            let timetable = ItinerantHeuristic.solve(scenario, facts: facts, component: component, seed: UInt64(seed))
            let lawful = ItinerantNeighbourhoods.objective(timetable, scenario: scenario, facts: facts, component: component)
            #expect(bound <= lawful + 1e-6 * max(1, abs(lawful)), "bound \(bound) above a lawful timetable's \(lawful)")
            guard daysAway == "2" else { continue }
            let program = try GLPKSolver().solve(
                ItinerantFormulation.build(scenario, facts: facts, component: component).model,
                parameters: SolveParameters(cuts: .all, branching: .pseudoCost))
            guard program.termination == .optimal, let optimum = program.objective else { continue }
            #expect(bound <= optimum + 1e-6 * max(1, abs(optimum)), "bound \(bound) above the optimum \(optimum)")
        }
    }

    /// The bound home by home (`ItinerantHomeBound`) is a lower bound too, and starts from the
    /// transportation relaxation's prices, so it is never below that relaxation: each component's
    /// lies between the relaxation's optimum and the whole program's, under the default policy
    /// and one where a visit carries three periods and a teacher five. Its rows in the whole
    /// program cut off neither the program's best timetable nor the heuristic's, and lift the
    /// program's linear relaxation to the bound.
    @Test(arguments: 0..<8, ["4/8", "3/5"])
    func theBoundHomeByHomeLiesBetweenTheRelaxationAndTheOptimum(seed: Int, visitAndTeacher: String) throws {
        let limits = visitAndTeacher.split(separator: "/").map(String.init)
        let scenario = try PropertyTests.scenario(
            seed: UInt64(seed),
            overrides: [
                SettingOverride(key: "policy.itinerant.periods_per_visit", value: limits[0]),
                SettingOverride(key: "policy.itinerant.max_periods", value: limits[1]),
            ])
        let staffing = Staffing(scenario)
        let facts = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
        let options = SolveOptions()
        var proven = 0
        for component in facts.components() {
            let relaxation = try #require(
                ItinerantNeighbourhoods.relaxationBound(scenario, facts: facts, component: component, deadline: nil, options: options))
            // A work limit: where the program is not proven, its best timetable still bounds from above.
            let program = try GLPKSolver().solve(
                ItinerantFormulation.build(scenario, facts: facts, component: component).model,
                parameters: SolveParameters(relativeGap: 0, cuts: .all, branching: .pseudoCost, nodeLimit: 2_000))
            let best = try #require(program.objective)
            let outcome = try #require(
                ItinerantHomeBound.bound(
                    scenario, facts: facts, component: component, prices: relaxation.prices, incumbent: best, rounds: 5,
                    deadline: nil, options: options))
            let bound = outcome.value
            // A first round cut short after one home's program, as a deadline would cut it.
            let cut = try #require(
                ItinerantHomeBound.bound(
                    scenario, facts: facts, component: component, prices: relaxation.prices, incumbent: best, rounds: 5,
                    deadline: nil, options: options, homePrograms: 1)
            ).value
            let tolerance = 1e-6 * max(1, abs(best))
            for (name, value) in [("home bound", bound), ("home bound cut short", cut)] {
                #expect(value >= relaxation.bound - tolerance, "\(name) \(value) below the relaxation's \(relaxation.bound)")
                #expect(value <= best + tolerance, "\(name) \(value) above the program's best \(best) (\(program.termination))")
            }
            #expect(cut <= bound + tolerance)

            let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
            var withRows = formulation.model
            let rows = ItinerantHomeBound.rows(outcome, formulation: formulation)
            for row in rows { withRows.add(row.comparison, name: row.name) }
            #expect(!rows.isEmpty)
            let bestValues = try #require(program.values)
            #expect(withRows.violations(bestValues).isEmpty, "the program's best breaks \(withRows.violations(bestValues))")
            let heuristic = formulation.values(
                for: ItinerantHeuristic.solve(scenario, facts: facts, component: component, seed: UInt64(seed)), facts: facts)
            #expect(withRows.violations(heuristic).isEmpty, "the heuristic's timetable breaks \(withRows.violations(heuristic))")
            let lifted = try GLPKSolver().solve(withRows.linearRelaxation, parameters: SolveParameters())
            let liftedValue = try #require(lifted.objective)
            #expect(liftedValue >= bound - tolerance, "the relaxation with the rows \(liftedValue) below the bound \(bound)")
            if program.termination == .optimal { proven += 1 }
        }
        // Most components are proven within the work limit: the check is mostly against the optimum.
        #expect(proven >= 1)
    }

    /// The strengthening rows (rounding of periods and visits in visits and visiting teachers)
    /// and the bound of visits by the periods they carry cut off no optimum: each component's
    /// strengthened optimum lies between the plain program's bound and every plan it finds
    /// (the plain program gets a work limit: it is slow to prove; so is the strengthened one
    /// beyond a few hundred pairs when every teacher is a class of its own). Also under
    /// a policy where a visit carries three periods and a teacher five.
    @Test(arguments: 0..<6, ["4/8", "3/5"])
    func theStrengthenedProgramKeepsThePlainOptimum(seed: Int, periods: String) throws {
        let (perVisit, perTeacher) = (String(periods.prefix(1)), String(periods.suffix(1)))
        let scenario = try PropertyTests.scenario(
            seed: UInt64(seed),
            overrides: [
                SettingOverride(key: "policy.itinerant.periods_per_visit", value: perVisit),
                SettingOverride(key: "policy.itinerant.max_periods", value: perTeacher),
            ])
        let staffing = Staffing(scenario)
        let facts = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
        var compared = 0
        for component in facts.components() where component.pairCount(facts) <= 250 {
            let strong = try GLPKSolver().solve(
                ItinerantFormulation.build(scenario, facts: facts, component: component).model,
                parameters: SolveParameters(cuts: .all, branching: .pseudoCost))
            let plainOptions = ItinerantFormulation.Options(aggregateTeachers: true, roundingRows: false)
            let plain = try GLPKSolver().solve(
                ItinerantFormulation.build(scenario, facts: facts, component: component, options: plainOptions).model,
                parameters: SolveParameters(nodeLimit: 3_000))
            #expect(strong.termination == .optimal)
            let optimum = try #require(strong.objective)
            let tolerance = 1e-6 * max(1, abs(optimum))
            if let found = plain.objective { #expect(optimum <= found + tolerance, "strengthened \(optimum), a plain plan \(found)") }
            if let bound = plain.bound { #expect(optimum >= bound - tolerance, "strengthened \(optimum), the plain bound \(bound)") }
            compared += plain.objective == nil ? 0 : 1
        }
        #expect(compared > 0)
    }
}

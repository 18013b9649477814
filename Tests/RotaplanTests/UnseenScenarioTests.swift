import Foundation
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import Testing

@testable import RotaplanHeuristic
@testable import RotaplanPlanner

/// What scenarios nobody here made showed (`../shared/oracle`: a generator and checker written
/// from the contracts by other hands), each kept as a test: on small scenarios that generator
/// wrote, committed under `Fixtures/oracle` (its command is in the folder's README), or on
/// hand-made ones.
@Suite struct UnseenScenarioTests {
    static func fixture(_ name: String) throws -> Scenario {
        let folder = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/oracle"))
        return try ScenarioLoader.load(folder: folder)
    }

    static func verifies(_ scenario: Scenario, _ county: CountyPlan, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = PlanVerifier.verify(scenario, plan: try PlanAssembly.document(county, meta: nil).encoded())
        #expect(report.ok, "\(report.violations)", sourceLocation: sourceLocation)
    }

    // MARK: The heuristic never traps

    /// Central schools with sites, running secondments to sites, `to` pins to sites, sites beyond
    /// `max_km` from their lead: the search proposed a partner at such a site (whose only move,
    /// to the lead, is not allowed), and `RotationSearchState.assign` trapped on the missing
    /// target (SIGILL, exit 132).
    @Test(arguments: ["sites-edge-a", "sites-edge-b"])
    func theHeuristicFindsALawfulPlanOnCountiesWithSites(name: String) throws {
        let scenario = try Self.fixture(name)
        let county = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .heuristic, threads: 2))
        #expect(county.rotation?.report.status == .feasible, "\(county.diagnosis)")
        #expect(county.hasPlan)
        try Self.verifies(scenario, county)
    }

    /// A change a search proposes that R1 does not allow is refused, and changes nothing.
    @Test func aMoveTheRulesDoNotAllowIsRefusedNotATrap() throws {
        var world = TinyWorld()
        world.community("C", lead: "L", members: ["M"])
        world.site("S", of: "M")
        world.km("L", "S", 80)
        world.teacher("A", at: "L", .cadre, years: 12)
        world.teacher("B", at: "S", years: 12)
        let scenario = try world.load()
        let staffing = Staffing(scenario)
        var state = RotationSearchState(
            scenario: scenario, staffing: staffing, eligibility: Eligibility(scenario, staffing: staffing), community: 0)
        let atSite = try #require(state.movers.firstIndex { scenario.teachers[$0.teacher].id == "B" })
        #expect(state.movers[atSite].targets.isEmpty, "S is 80 km from L, beyond max_km 60")
        let lead = scenario.communities[0].lead
        let applied = state.assign(atSite, to: lead)
        #expect(!applied)
        #expect(state.assignment[atSite] == nil)
        #expect(state.moves.isEmpty)
        #expect(state.violation > 0, "R4 is still to be met: nothing was half applied")
    }

    // MARK: The heuristic finds a lawful plan whenever one exists

    /// A county without sites where the old search stopped after a second with "could not keep
    /// R5" while GLPK proves an optimum in milliseconds. Feasibility comes first now (a
    /// circulation of who is sent and who comes back), and the plan is near the optimum.
    @Test(arguments: ["no-sites-a", "no-sites-b"])
    func theHeuristicFindsALawfulPlanWhereTheOldSearchGaveUp(name: String) throws {
        let scenario = try Self.fixture(name)
        let exact = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2))
        let optimum = try #require(exact.rotation?.report.objective)
        #expect(exact.rotation?.report.status == .optimal)
        let county = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .heuristic, parts: .rotation, threads: 2))
        #expect(county.rotation?.report.status == .feasible, "\(county.diagnosis)")
        let found = try #require(county.rotation?.report.objective)
        #expect((found - optimum) / optimum <= 0.01, "heuristic \(found) against the optimum \(optimum)")
        try Self.verifies(scenario, county)
    }

    /// Over seeded counties with sites, history and pins: whenever GLPK finds a plan the
    /// heuristic finds one too, and whenever GLPK proves there is none the heuristic returns none.
    @Test(arguments: 0..<24)
    func theHeuristicFindsAPlanWheneverOneExists(seed: Int) throws {
        let scenario = try PropertyTests.scenario(seed: UInt64(200 + seed))
        let exact = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2))
        let quick = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: nil, method: .heuristic, parts: .rotation, threads: 2))
        if exact.report.status == .infeasible {
            #expect(quick.rotation?.plan == nil)
        } else {
            #expect(exact.report.status == .optimal)
            #expect(quick.rotation?.report.status == .feasible, "\(quick.diagnosis)")
            try Self.verifies(scenario, quick)
        }
    }

    /// No plan keeps R6 with this pin: A (pinned to go) holds L's only maths post, and no maths
    /// teacher at M may come back to take it. A count of who can go and who can come back shows
    /// it, so the heuristic says so at once instead of searching until its limit.
    @Test func aCountThatShowsNoPlanEndsTheSearchAtOnce() throws {
        var world = TinyWorld(RotationRuleTests.settings(["policy.rotation.min_cadres_per_member": "0", "policy.rotation.min_ratio": "0"]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L", "math", .backbone, years: 12)
        world.teacher("B", at: "M", "chinese", years: 2)
        world.demand("L", "math", teachers: 1)
        world.pin("A", "rotate")
        let heuristic = try world.solve(parts: .rotation, method: .heuristic)
        #expect(heuristic.rotationStatus == .infeasible)
        #expect(heuristic.diagnosis.contains { $0.contains("（R5）") && $0.contains("（R6）") }, "\(heuristic.diagnosis)")
        #expect(try world.solve(parts: .rotation, method: .glpk).rotationStatus == .infeasible)
    }

    // MARK: Joint years never plan fewer years than year by year

    /// Two-year terms, a one-year cooldown, L sends half its eligible teachers: year by year
    /// plans all three years. When GLPK can search no joint program at all (`nodeLimit` 0 stops
    /// it at its first step), the joint answer started from that plan still plans all three
    /// years, at the year-by-year objective or better; before, it had none (exit 3).
    @Test func theJointAnswerStartsFromTheYearByYearPlan() throws {
        var world = TinyWorld(
            RotationRuleTests.settings([
                "policy.rotation.min_ratio": "0.5", "policy.rotation.term_years": "2", "policy.rotation.cooldown_years": "1",
            ]))
        world.community("C", lead: "L", members: ["M"])
        world.teacher("A", at: "L", years: 16)
        world.teacher("B", at: "L", years: 12)
        world.teacher("D", at: "L", "math", years: 14)
        world.teacher("E", at: "L", "math", years: 9)
        let scenario = try world.load()
        var options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        let myopic = MultiYear.solve(scenario, years: 3, mode: .myopic, options: options)
        #expect(myopic.years.count == 3)
        options.nodeLimit = 0
        let unstarted = MultiYear.joint(scenario, years: 3, options: options)
        let started = MultiYear.joint(scenario, years: 3, options: options, start: myopic.plannedMoves)
        #expect(started.years.count >= myopic.years.count, "without the start: \(unstarted.years.count) years")
        let jointObjective = try #require(started.rotation?.objective)
        let myopicObjective = try #require(myopic.rotation?.objective)
        #expect(jointObjective <= myopicObjective + 1e-6 * max(1, abs(myopicObjective)))
        try CycleAndHireTests.verifyEachYear(started, world: world)
    }

    /// Every year-by-year plan is a joint plan: over seeded counties with one- and two-year
    /// terms, the year-by-year plan is a point of each community's joint program (its move
    /// counts fixed, the program completes it) at the same summed objective. A joint program
    /// that left out a lawful plan would fail here.
    @Test(arguments: 0..<12)
    func theYearByYearPlanIsAPointOfTheJointProgram(seed: Int) throws {
        let term = seed % 2 == 0 ? "2" : "1"
        let scenario = try PropertyTests.scenario(
            seed: UInt64(300 + seed), overrides: [SettingOverride(key: "policy.rotation.term_years", value: term)])
        let options = SolveOptions(timeLimit: nil, method: .glpk, parts: .rotation, threads: 2)
        let myopic = MultiYear.solve(scenario, years: 3, mode: .myopic, options: options)
        let planned = myopic.plannedMoves
        guard !planned.isEmpty else { return }
        let years = (0..<planned.count).map { scenario.aged(by: $0) }
        var total = 0.0
        for community in scenario.communities.indices {
            guard case .model(let formulation) = CycleFormulation.build(years, community: community) else {
                Issue.record("community \(community): the joint program calls a horizon infeasible that year-by-year planning covers")
                continue
            }
            let values = try #require(
                MultiYear.startValues(formulation, planned, years: years, options: options, deadline: nil),
                "community \(community): the year-by-year plan is not a point of its joint program")
            #expect(formulation.model.isFeasible(values))
            total += formulation.model.objective.value(values)
        }
        let summed = try #require(myopic.rotation?.objective)
        #expect(abs(total - summed) <= 1e-6 * max(1, abs(summed)), "joint program \(total) against year by year \(summed)")
    }
}

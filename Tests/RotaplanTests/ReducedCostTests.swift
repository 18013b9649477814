import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import Testing

@testable import RotaplanPlanner

/// A program written without its fixed variables (`Model.restricted`), the variables only worse
/// plans move (`Model.reducedCostFixing`), and the county exchange's search built on both
/// (docs/solving.md "The county exchange"): each on a program solved by hand, then on seeded
/// counties against GLPK's whole program.
@Suite struct ReducedCostTests {
    @Test func aFixedVariableMovesIntoTheRowsAndARowOfOneBecomesABound() throws {
        // x, y, z integers in [0, 5]; x fixed at 3. x + y + z ≤ 7 keeps y and z: y + z ≤ 4.
        // 2y ≥ 3 has one variable: y ≥ 1.5, so y ≥ 2 for an integer. x + z ≥ 1 holds for any z
        // once x = 3: a bound z ≥ −2 that leaves z's own bound 0.
        var model = Model(name: "restricted")
        let x = model.addVariable("x", .integer, lower: 0, upper: 5)
        let y = model.addVariable("y", .integer, lower: 0, upper: 5)
        let z = model.addVariable("z", .integer, lower: 0, upper: 5)
        model.add(x + y + z <= 7, name: "sum")
        model.add(2 * y >= 3, name: "two y")
        model.add(x + z >= 1, name: "x or z")
        model.minimize(LinearExpression(x) + LinearExpression(y, 2) + LinearExpression(z, 3))
        let restricted = model.restricted(to: [3, 0, 0], isFree: { $0 != x.index })
        #expect(!restricted.contradicts)
        #expect(restricted.original == [y.index, z.index])
        #expect(restricted.model.constraints.map(\.name) == ["sum"])
        #expect(restricted.model.constraints.first?.upper == 4)
        #expect(restricted.model.variables.map(\.lower) == [2, 0])
        #expect(restricted.model.variables.map(\.upper) == [5, 5])
        // The objective keeps x's part as a constant: 3 + 2y + 3z.
        #expect(restricted.model.objective.constant == 3)
        let solved = try GLPKSolver().solve(restricted.model, parameters: SolveParameters())
        #expect(solved.objective == 7)
        #expect(restricted.expanded(try #require(solved.values)).map { $0.rounded() } == [3, 2, 0])
    }

    @Test func fixedValuesThatBreakARowAreReported() throws {
        // x + y ≥ 1 with both fixed at 0 is broken whatever the free z does.
        var model = Model(name: "contradiction")
        let x = model.addVariable("x", .binary)
        let y = model.addVariable("y", .binary)
        let z = model.addVariable("z", .binary)
        model.add(x + y >= 1, name: "x or y")
        model.add(LinearExpression(z) <= 1, name: "z")
        model.minimize(x + y + z)
        #expect(model.restricted(to: [0, 0, 0], isFree: { $0 == z.index }).contradicts)
        #expect(!model.restricted(to: [1, 0, 0], isFree: { $0 == z.index }).contradicts)
        // A row of one variable with an empty range contradicts too: 2z ≥ 3 for a binary z.
        var bounded = Model(name: "empty range")
        let w = bounded.addVariable("w", .binary)
        let v = bounded.addVariable("v", .binary)
        bounded.add(LinearExpression(w, 2) + LinearExpression(v) >= 3, name: "two w and v")
        #expect(bounded.restricted(to: [0, 0], isFree: { $0 == w.index }).contradicts)
    }

    @Test func reducedCostsFixWhatOnlyWorsePlansMove() throws {
        // min 3x + 5y + 10z, x + y + z ≥ 1, binaries. The relaxation takes x = 1 (3); the row's
        // dual is 3, so y costs 5 − 3 = 2 more and z 10 − 3 = 7 more than the relaxation.
        var model = Model(name: "cover")
        let x = model.addVariable("x", .binary)
        let y = model.addVariable("y", .binary)
        let z = model.addVariable("z", .binary)
        model.add(x + y + z >= 1, name: "cover")
        model.minimize(LinearExpression(x, 3) + LinearExpression(y, 5) + LinearExpression(z, 10))
        let relaxed = try GLPKSolver().solve(model.linearRelaxation, parameters: SolveParameters())
        let values = try #require(relaxed.values)
        let costs = try #require(relaxed.reducedCosts)
        #expect(costs.map { ($0 * 1e6).rounded() / 1e6 } == [0, 2, 7])
        func fixed(below incumbent: Double) -> [Int: Double] {
            model.reducedCostFixing(relaxation: values, reducedCosts: costs, relaxationOptimum: 3, incumbent: incumbent)
        }
        // Against the incumbent 3 (x alone) y and z only make plans worse; against 5 (y alone)
        // y may still be part of a plan as good, z not; against 20 nothing is fixed.
        #expect(fixed(below: 3) == [y.index: 0, z.index: 0])
        #expect(fixed(below: 5) == [z.index: 0])
        #expect(fixed(below: 20).isEmpty)
        // A maximisation is left alone rather than fixed with the wrong signs.
        var maximising = model
        maximising.maximize(LinearExpression(x))
        #expect(maximising.reducedCostFixing(relaxation: values, reducedCosts: costs, relaxationOptimum: 3, incumbent: 3).isEmpty)
    }

    /// The county exchange's search (relaxation, RINS, the search below the incumbent) from the
    /// heuristic's plan proves GLPK's optimum of the whole program on CountyExchangeHeuristicTests'
    /// sixteen seeded counties. No clock: each search runs to its end.
    @Test(arguments: 0..<16)
    func theSearchFromAStartProvesTheWholeOptimum(seed: Int) throws {
        let scenario = try CountyExchangeHeuristicTests.exchangeScenario(seed: seed)
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        guard case .model(let formulation) = RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, scope: .county)
        else { return }
        let whole = try GLPKSolver().solve(
            formulation.model, parameters: SolveParameters(presolve: true, cuts: .all, branching: .pseudoCost))
        let heuristic = CountyExchangeHeuristic.solve(scenario, staffing: staffing, eligibility: eligibility, seed: 7)
        guard whole.termination == .optimal, let optimum = whole.objective else {
            #expect(!heuristic.feasible, "seed \(seed): a plan for a county GLPK finds none for")
            return
        }
        // CountyExchangeHeuristicTests holds the heuristic to a lawful plan on every such seed.
        guard heuristic.feasible else { return }
        let options = SolveOptions(timeLimit: nil, method: .auto, parts: .rotation, threads: 1)
        let start = try #require(formulation.values(for: heuristic.plan, scenario: scenario, staffing: staffing))
        // The plan as the program's values keeps every row, the members' whole counts Q(U)
        // (docs/solving.md "The county exchange") included: GLPK refuses a start that does not.
        let startKeepsEveryRow = formulation.model.isFeasible(start)
        #expect(startKeepsEveryRow, "seed \(seed)")
        var parameters = SolveParameters(cuts: .all, branching: .pseudoCost)
        parameters.presolve = true
        let found = try #require(CountyExchangePlanner.search(formulation.model, from: start, deadline: nil, options: options, parameters: { _ in parameters }))
        #expect(found.proven)
        #expect(abs(found.objective - optimum) <= 1e-6 * max(1, abs(optimum)), "seed \(seed): \(found.objective) vs \(optimum)")
        #expect(found.bound <= optimum + 1e-6 * max(1, abs(optimum)))
        #expect(formulation.model.isFeasible(found.values))
        // The plan read from the search's values keeps every rule.
        let plan = formulation.plan(from: found.values)
        let rotation = RotationOutcome(
            report: PartReport(method: "glpk", status: .optimal, objective: found.objective, bound: found.bound, seconds: 0), plan: plan,
            communities: [], diagnosis: [])
        let county = CountyPlan(scenario: scenario, rotation: rotation, itinerant: nil)
        let report = PlanVerifier.verify(scenario, plan: try PlanAssembly.document(county, meta: nil).encoded())
        #expect(report.ok, "\(report.violations)")
        #expect(abs((report.rotationObjective ?? .nan) - optimum) <= 1e-6 * max(1, abs(optimum)))
    }

    /// The tie-break holds a community's objective at its optimum, so its programs are solved
    /// without the variables only worse plans move (docs/solving.md "Part 1 with Part 2 in
    /// mind"): on twelve seeded counties the plan the estimate chooses that way is as good, by
    /// the estimate, as the whole program's optimum, and it keeps Part 1's optimum. No clock.
    @Test(arguments: 0..<12)
    func theTieBreakWithoutWhatOnlyWorsePlansMoveIsTheWholeTieBreak(seed: Int) throws {
        let scenario = try PropertyTests.scenario(seed: UInt64(100 + seed))
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let options = SolveOptions(timeLimit: nil, method: .glpk, threads: 1)
        var fixedCount = 0
        for community in scenario.communities.indices {
            guard
                case .model(let formulation) = RotationFormulation.build(
                    scenario, staffing: staffing, eligibility: eligibility, scope: .community(community))
            else { continue }
            let solved = try GLPKSolver().solve(formulation.model, parameters: SolveParameters())
            guard solved.termination == .optimal, let optimum = solved.objective, let values = solved.values else { continue }
            let first = formulation.plan(from: values)
            guard let program = formulation.partTwoMinded(optimum: optimum, current: first, scenario: scenario, staffing: staffing)
            else { continue }
            let whole = try GLPKSolver().solve(program.model, parameters: SolveParameters(startSolution: program.start))
            let best = try #require(whole.objective, "seed \(seed), community \(community)")
            let proven = RotationPlanner.ProvenCommunity(community: community, formulation: formulation, optimum: optimum)
            let fixed = RotationPlanner.fixedAtOptimum(proven, until: nil, options: options)
            fixedCount += fixed.count
            let chosen = RotationPlanner.choose(program, in: proven, fixed: fixed, until: nil, options: options) ?? first
            // The estimate of the plan chosen, read from the program built around it.
            let around = try #require(formulation.partTwoMinded(optimum: optimum, current: chosen, scenario: scenario, staffing: staffing))
            let start = try #require(around.start)
            #expect(abs(around.model.objective.value(start) - best) <= 1e-6 * max(1, abs(best)), "seed \(seed), community \(community)")
            #expect(abs(formulation.model.objective.value(start) - optimum) <= 1e-6 * max(1, abs(optimum)))
        }
        // The test means something only where variables were fixed.
        #expect(fixedCount > 0, "seed \(seed)")
    }
}

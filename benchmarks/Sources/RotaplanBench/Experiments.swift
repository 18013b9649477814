import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanPlanner

/// Measurements that chose the solver options (kept so they can be re-run).
enum Experiments {
    /// Solves each itinerant component of a scenario under several GLPK settings.
    static func itinerantOptions(_ scenario: Scenario, timeLimit: Double) {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, parts: .rotation))
        guard let plan = rotation.plan else { print("no rotation plan"); return }
        let staffing = Staffing(scenario)
        let presentAfter = RotationEvaluation(scenario, staffing: staffing, plan: plan).presentAfter
        let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
        let variants: [(String, SolveParameters)] = [
            ("defaults", SolveParameters(timeLimit: timeLimit)),
            ("cuts", SolveParameters(timeLimit: timeLimit, cuts: .all)),
            ("pcost", SolveParameters(timeLimit: timeLimit, branching: .pseudoCost)),
            ("cuts+pcost", SolveParameters(timeLimit: timeLimit, cuts: .all, branching: .pseudoCost)),
            ("mir+pcost", SolveParameters(timeLimit: timeLimit, cuts: CutOptions(mixedIntegerRounding: true), branching: .pseudoCost)),
            ("gmi+mir+pcost", SolveParameters(timeLimit: timeLimit, cuts: CutOptions(gomory: true, mixedIntegerRounding: true), branching: .pseudoCost)),
            ("cuts+mostfrac", SolveParameters(timeLimit: timeLimit, cuts: .all, branching: .mostFractional)),
        ]
        for component in facts.components() {
            let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
            print("component \(component.subject) candidates \(component.candidates.count) schools \(component.schools.count) classes \(formulation.classes.count) vars \(formulation.model.variables.count)")
            for (name, parameters) in variants {
                var parameters = parameters
                parameters.startSolution = formulation.values(for: .empty, facts: facts)
                let result = try! GLPKSolver().solve(formulation.model, parameters: parameters)
                print(String(format: "  %-16@ %-9@ obj %.3f bound %.3f gap %.2e %.2fs", name, result.termination.rawValue,
                             result.objective ?? .nan, result.bound ?? .nan, result.gap ?? .nan, result.seconds))
            }
        }
    }
}

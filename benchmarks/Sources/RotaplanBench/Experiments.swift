import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanPlanner
import RotaplanResults

/// Measurements that chose the solver options (kept so they can be re-run).
enum Experiments {
    /// Solves each itinerant component of a scenario under several GLPK settings.
    static func itinerantOptions(_ scenario: Scenario, timeLimit: Double) {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, parts: .rotation))
        guard let plan = rotation.plan else {
            print("no rotation plan")
            return
        }
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
            ("presolve+cuts+pcost", SolveParameters(timeLimit: timeLimit, presolve: true, cuts: .all, branching: .pseudoCost)),
            ("presolve+cuts", SolveParameters(timeLimit: timeLimit, presolve: true, cuts: .all)),
        ]
        for component in facts.components() {
            let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
            print(
                "component \(component.subject) candidates \(component.candidates.count) schools \(component.schools.count) classes \(formulation.classes.count) vars \(formulation.model.variables.count)"
            )
            for (name, parameters) in variants {
                var parameters = parameters
                if !parameters.presolve { parameters.startSolution = formulation.values(for: .empty, facts: facts) }
                let result = try! GLPKSolver().solve(formulation.model, parameters: parameters)
                print(
                    String(
                        format: "  %-16@ %-9@ obj %.3f bound %.3f gap %.2e %.2fs", name, result.termination.rawValue,
                        result.objective ?? .nan, result.bound ?? .nan, result.gap ?? .nan, result.seconds))
            }
        }
    }
}

extension Experiments {
    /// Per community: the heuristic's plan against GLPK's optimum, with the moves that differ.
    static func rotationHeuristic(_ scenario: Scenario) {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        for community in scenario.communities.indices {
            let heuristic = RotationHeuristic.solve(scenario, staffing: staffing, eligibility: eligibility, community: community, seed: 0)
            guard case .model(let formulation) = RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, community: community),
                let result = try? GLPKSolver().solve(formulation.model, parameters: SolveParameters(timeLimit: 30)), let values = result.values
            else { continue }
            let optimal = formulation.plan(from: values)
            let name = { (move: Move) in
                "\(scenario.teachers[move.teacher].id)(\(scenario.teachers[move.teacher].subject),\(scenario.teachers[move.teacher].role.rawValue))→\(scenario.schools[move.to].id)"
            }
            print(
                "\(scenario.communities[community].id): heuristic \(heuristic.objective) feasible \(heuristic.feasible) \(heuristic.brokenRules) | optimum \(result.objective ?? .nan)"
            )
            let after = RotationEvaluation(scenario, staffing: staffing, plan: heuristic.plan)
            for school in scenario.communities[community].schools {
                for (key, _) in staffing.current where key.school == school {
                    let floor = min(staffing.current(school, key.subject), scenario.demandTeachers(school, key.subject))
                    if after.after(school, key.subject) < floor {
                        print("  hole at \(scenario.schools[school].id) \(key.subject): \(after.after(school, key.subject)) < \(floor)")
                    }
                }
            }
            print("  heuristic plan: \(heuristic.plan.moves.map(name))")
            if abs(heuristic.objective - (result.objective ?? 0)) > 1e-6 {
                print("  heuristic only: \(Set(heuristic.plan.moves).subtracting(optimal.moves).map(name).sorted())")
                print("  optimum only:   \(Set(optimal.moves).subtracting(heuristic.plan.moves).map(name).sorted())")
            }
        }
    }
}

extension Experiments {
    /// Per component: the itinerant heuristic's timetable against GLPK's optimum.
    static func itinerantHeuristic(_ scenario: Scenario) {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, method: .glpk, parts: .rotation))
        let staffing = Staffing(scenario)
        let presentAfter = RotationEvaluation(scenario, staffing: staffing, plan: rotation.plan ?? .empty).presentAfter
        let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
        for component in facts.components() {
            let heuristic = ItinerantHeuristic.solve(scenario, facts: facts, component: component, seed: 0)
            let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
            guard let result = try? GLPKSolver().solve(formulation.model, parameters: SolveParameters(timeLimit: 60, cuts: .all, branching: .pseudoCost)),
                let values = result.values
            else { continue }
            let optimal = formulation.plan(from: values, scenario: scenario, facts: facts)
            let value = { (plan: ItinerantPlan) in ItinerantEvaluation(scenario, facts: facts, plan: plan).objective }
            print("\(component.subject) \(component.schools.map { scenario.schools[$0].id }): heuristic \(value(heuristic)) optimum \(value(optimal))")
            if value(heuristic) > value(optimal) + 1e-6 {
                let show = { (visit: Visit) in
                    "\(scenario.teachers[visit.teacher].id)@\(scenario.schools[visit.home].id)→\(scenario.schools[visit.school].id) \(visit.periods)p \(Int(scenario.km(visit.home, visit.school)))km"
                }
                print("  heuristic: \(heuristic.visits.map(show))")
                print("  optimum:   \(optimal.visits.map(show))")
                print(
                    "  need: \(component.schools.map { "\(scenario.schools[$0].id)=\(facts.need($0, component.subject))" }) surplus: \(Set(component.candidates.map { facts.candidates[$0].home }).map { "\(scenario.schools[$0].id)=\(facts.surplus($0, component.subject))" })"
                )
            }
        }
    }
}

extension Experiments {
    static func itinerantPlanners(_ scenario: Scenario) {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, method: .glpk, parts: .rotation))
        for method in [SolveMethod.glpk, .heuristic, .auto] {
            let outcome = ItinerantPlanner.solve(scenario, rotationPlan: rotation.plan!, options: SolveOptions(timeLimit: 60, method: method, threads: 2))
            print(method, outcome.report.status, outcome.report.objective ?? .nan, outcome.report.bound ?? .nan, outcome.components)
        }
    }
}

extension Experiments {
    /// What each structural step of the itinerant program gains (closing note of the itinerant issue).
    static func itinerantSteps(_ scenario: Scenario, timeLimit: Double) {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, method: .glpk, parts: .rotation))
        let staffing = Staffing(scenario)
        let presentAfter = RotationEvaluation(scenario, staffing: staffing, plan: rotation.plan ?? .empty).presentAfter
        let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
        let components = facts.components()
        let reachable = Set(components.flatMap { component in component.schools.map { SchoolSubject($0, component.subject) } })
        let constant = scenario.policy.weights.uncoveredPeriod * Double(facts.need.filter { !reachable.contains($0.key) }.reduce(0) { $0 + $1.value })
        typealias Variant = (name: String, monolithic: Bool, options: ItinerantFormulation.Options, cuts: Bool, start: Bool)
        let plain = ItinerantFormulation.Options(aggregateTeachers: false, roundingRows: false)
        let variants: [Variant] = [
            ("1 monolithic, per teacher, GLPK defaults", true, plain, false, false),
            ("2 + one program per component", false, plain, false, false),
            ("3 + cuts and pseudo-cost branching", false, plain, true, false),
            ("4 + interchangeable teachers aggregated", false, ItinerantFormulation.Options(aggregateTeachers: true, roundingRows: false), true, false),
            ("5 + rounding rows (rotaplan --method glpk)", false, ItinerantFormulation.Options(), true, false),
            ("6 + heuristic start (rotaplan --method auto)", false, ItinerantFormulation.Options(), true, true),
        ]
        print("| step | variables | seconds | objective | bound | gap |")
        print("|---|---:|---:|---:|---:|---:|")
        for variant in variants {
            let formulations = components.map { ItinerantFormulation.build(scenario, facts: facts, component: $0, options: variant.options) }
            var parameters = SolveParameters(timeLimit: timeLimit)
            if variant.cuts {
                parameters.cuts = .all
                parameters.branching = .pseudoCost
            }
            var objective = constant
            var bound = constant
            var seconds = 0.0
            var variables = 0
            if variant.monolithic {
                let model = Model.combined(formulations.map(\.model), name: "whole").model
                variables = model.variables.count
                parameters.startSolution = [Double](repeating: 0, count: model.variables.count)
                let result = try! GLPKSolver().solve(model, parameters: parameters)
                objective += result.objective ?? .nan
                bound += result.bound ?? .nan
                seconds = result.seconds
            } else {
                for (formulation, component) in zip(formulations, components) {
                    variables += formulation.model.variables.count
                    let start =
                        variant.start
                        ? ItinerantHeuristic.solve(scenario, facts: facts, component: component, seed: 0) : ItinerantPlan.empty
                    parameters.startSolution = formulation.values(for: start, facts: facts)
                    let result = try! GLPKSolver().solve(formulation.model, parameters: parameters)
                    objective += result.objective ?? .nan
                    bound += result.bound ?? .nan
                    seconds += result.seconds
                }
            }
            let gap = abs(objective - bound) / max(1, abs(objective))
            print(String(format: "| %@ | %d | %.2f | %.2f | %.2f | %.2e |", variant.name, variables, seconds, objective, bound, gap))
        }
    }
}

extension Experiments {
    static func components(_ scenario: Scenario) {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, method: .glpk, parts: .rotation))
        let presentAfter = RotationEvaluation(scenario, staffing: Staffing(scenario), plan: rotation.plan ?? .empty).presentAfter
        let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
        for component in facts.components() {
            let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
            print(
                "\(component.subject): candidates \(component.candidates.count) schools \(component.schools.count) classes \(formulation.classes.count) variables \(formulation.model.variables.count) rows \(formulation.model.constraints.count)"
            )
        }
    }
}

/// Part 1 chosen with Part 2 in mind, measured: each instance solved with and without the
/// tie-break under the same limit; Part 1's objective must not move, Part 2's may only improve.
enum TieBreakTable {
    static func run(_ folder: URL, name: String, timeLimit: Double) -> String {
        guard let scenario = try? ScenarioLoader.load(folder: folder) else { return "| \(name) | cannot load | | | | | | |" }
        var plain = SolveOptions(timeLimit: timeLimit)
        plain.partTwoMinded = false
        let before = CountyPlanner.solve(scenario, options: plain)
        let after = CountyPlanner.solve(scenario, options: SolveOptions(timeLimit: timeLimit))
        func value(_ number: Double?) -> String { number.map { String(format: "%.2f", $0) } ?? "-" }
        let part2Before = before.itinerant?.report.objective
        let part2After = after.itinerant?.report.objective
        let delta = part2Before.flatMap { old in part2After.map { $0 - old } }
        let choice = after.partTwoChoice.map { $0.keptMinded ? "kept the Part 2-minded plan" : "kept the first plan" } ?? "no other plan of equal cost"
        return "| \(name) | \(value(before.rotation?.report.objective)) | \(value(after.rotation?.report.objective)) | "
            + "\(value(part2Before)) (\(before.itinerant?.report.status.rawValue ?? "-")) | \(value(part2After)) (\(after.itinerant?.report.status.rawValue ?? "-")) | "
            + "\(delta.map { String(format: "%+.2f", $0) } ?? "-") | \(String(format: "%.2f", before.itinerant?.report.seconds ?? 0)) → \(String(format: "%.2f", after.itinerant?.report.seconds ?? 0)) | \(choice) |"
    }

    static let header = """
        | instance | Part 1 before | Part 1 after | Part 2 before | Part 2 after | Part 2 Δ | Part 2 seconds | choice |
        |---|---:|---:|---:|---:|---:|---:|---|
        """
}

/// The joint programs of `solve --years N`, community by community, under GLPK's options.
enum CycleExperiment {
    static func run(_ scenario: Scenario, years: Int, timeLimit: Double) {
        let horizon = (0..<years).map { scenario.aged(by: $0) }
        for community in scenario.communities.indices {
            guard case .model(let formulation) = CycleFormulation.build(horizon, community: community) else {
                print("\(scenario.communities[community].id): infeasible by counting")
                continue
            }
            var line =
                "\(scenario.communities[community].id): \(formulation.model.variables.count) variables (\(formulation.model.integerVariableCount) integer), \(formulation.model.constraints.count) rows"
            for (name, parameters) in [
                ("defaults", SolveParameters(timeLimit: timeLimit)),
                ("pcost", SolveParameters(timeLimit: timeLimit, branching: .pseudoCost)),
                ("cuts+pcost", SolveParameters(timeLimit: timeLimit, cuts: .all, branching: .pseudoCost)),
                ("cuts", SolveParameters(timeLimit: timeLimit, cuts: .all)),
                ("mir", SolveParameters(timeLimit: timeLimit, cuts: CutOptions(mixedIntegerRounding: true))),
            ] {
                let result = try? GLPKSolver().solve(formulation.model, parameters: parameters)
                line += String(format: " | %@ %@ %.2f s gap %.1e", name, result?.termination.rawValue ?? "-", result?.seconds ?? 0, result?.gap ?? .nan)
            }
            print(line)
        }
    }
}

/// `rotaplan hire` measured: K = 1…max new specialists of a subject, each placed on its own.
enum HireTable {
    static func run(_ scenario: Scenario, subjects: [String], maxCount: Int, timeLimit: Double) -> [String] {
        let rotation = RotationPlanner.solve(scenario, options: SolveOptions(timeLimit: 60, parts: .rotation))
        guard let plan = rotation.plan else { return ["no rotation plan"] }
        let without = ItinerantPlanner.solve(scenario, rotationPlan: plan, options: SolveOptions(timeLimit: timeLimit, parts: .itinerant))
        var lines: [String] = []
        for subject in subjects {
            let now = without.uncoveredAfter.filter { $0.key.subject == subject }.reduce(0) { $0 + $1.value }
            for count in 1...maxCount {
                let hire = HirePlanner.solve(
                    scenario, rotationPlan: plan, subject: subject, counts: [count], without: without,
                    options: SolveOptions(timeLimit: timeLimit, parts: .itinerant))[0]
                let schools = hire.schools.map { "\(scenario.schools[$0.school].id)×\($0.hires)" }.joined(separator: " ")
                lines.append(
                    "| \(scenario.settings.county) | \(subject) | \(count) | \(now) | \(hire.uncovered) | \(now - hire.uncovered) | \(hire.status.rawValue) | \(String(format: "%.1f", hire.seconds)) | \(schools) |"
                )
                print(lines.last!)
            }
        }
        return lines
    }
}

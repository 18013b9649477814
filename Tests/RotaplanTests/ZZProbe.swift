import Foundation
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanVerify
import Testing

@Suite struct ZZProbe {
    @Test func probe() throws {
        let dir = ProcessInfo.processInfo.environment["PROBE_DIR"] ?? "/tmp/xh/units/qingyunpu-district"
        let scenario = try ScenarioLoader.load(folder: URL(fileURLWithPath: dir))
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let found = CountyExchangeHeuristic.solve(scenario, staffing: staffing, eligibility: eligibility, seed: 0)
        print("probe heuristic", found.objective, found.feasible)
        guard case .model(let formulation) = RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, scope: .county) else { return }
        for move in found.plan.moves {
            let home = scenario.teachers[move.teacher].home
            let has = formulation.moves.contains { formulation.groups[$0.group].teachers.contains(move.teacher) && $0.target == move.to }
            if !has { print("probe missing variable", scenario.teachers[move.teacher].id, scenario.schools[home].id, "→", scenario.schools[move.to].id) }
        }
        guard let values = formulation.values(for: found.plan, scenario: scenario, staffing: staffing) else {
            print("probe values nil")
            return
        }
        print("probe model objective", formulation.model.objective.value(values))
        for line in formulation.model.violations(values).prefix(20) { print("probe violation", line) }
    }
}

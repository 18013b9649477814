import LinearModel
import RotaplanDomain

// R5: "each member unit: |moves into U(M) − moves out of U(M)| ≤ balance_tolerance".
extension RotationModelBuilder {
    mutating func addBalance() {
        for unit in community.units {
            addRule(RotationRows.balance(into: terms(movesInto(unit)), out: terms(movesOut(of: unit)), tolerance: policy.balanceTolerance),
                    name: "R5[\(scenario.schools[unit.member].id)]", rule: "R5", school: unit.member)
        }
    }
}

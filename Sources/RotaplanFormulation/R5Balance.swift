import LinearModel
import RotaplanDomain

// R5: "each member unit: |moves into U(M) − moves out of U(M)| ≤ balance_tolerance".
extension RotationModelBuilder {
    mutating func addBalance() {
        let tolerance = Double(policy.balanceTolerance)
        for unit in community.units {
            let net = sum(movesInto(unit)) - sum(movesOut(of: unit))
            addRule(Comparison(expression: net, lower: -tolerance, upper: tolerance), name: "R5[\(scenario.schools[unit.member].id)]",
                    rule: "R5", school: unit.member)
        }
    }
}

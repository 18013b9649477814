import LinearModel
import RotaplanDomain

// R5: "each member: |moves in − moves out| ≤ balance_tolerance".
extension RotationModelBuilder {
    mutating func addBalance() {
        let tolerance = Double(policy.balanceTolerance)
        for member in community.members {
            let net = sum(movesInto(member)) - sum(movesOut(of: member))
            addRule(Comparison(expression: net, lower: -tolerance, upper: tolerance), name: "R5[\(scenario.schools[member].id)]",
                    rule: "R5", school: member)
        }
    }
}

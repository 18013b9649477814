import LinearModel
import RotaplanDomain

// R5: "each member unit: |moves into U(M) − moves out of U(M)| ≤ balance_tolerance": secondments
// only (exchanges into a member unit are not part of its balance).
extension RotationModelBuilder {
    mutating func addBalance() {
        for community in scopeCommunities.map({ scenario.communities[$0] }) {
            for unit in community.units {
                addRule(
                    RotationRows.balance(into: terms(secondmentsInto(unit)), out: terms(secondmentsOut(of: unit)), tolerance: policy.balanceTolerance),
                    name: "R5[\(scenario.schools[unit.member].id)]", rule: "R5", school: unit.member)
            }
        }
    }
}

import LinearModel
import RotaplanDomain

// R3: "at lead L: (moves of cadres and backbone) ≥ backbone_share × (all moves out of L), as real numbers" (secondments).
extension RotationModelBuilder {
    mutating func addBackboneShare() {
        for community in scopeCommunities.map({ scenario.communities[$0] }) {
            guard let row = RotationRows.backboneShare(out: terms(secondmentsOut(of: community.lead)), share: policy.backboneShare) else { continue }
            addRule(row, name: "R3[\(scenario.schools[community.lead].id)]", rule: "R3", school: community.lead)
        }
    }
}

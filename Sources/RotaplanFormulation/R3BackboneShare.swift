import LinearModel
import RotaplanDomain

// R3: "at lead L: (moves of cadres and backbone) ≥ backbone_share × (all moves out of L), as real numbers".
extension RotationModelBuilder {
    mutating func addBackboneShare() {
        guard let row = RotationRows.backboneShare(out: terms(movesOut(of: community.lead)), share: policy.backboneShare) else { return }
        addRule(row, name: "R3[\(scenario.schools[community.lead].id)]", rule: "R3", school: community.lead)
    }
}

import LinearModel
import RotaplanDomain

// R3: "at lead L: (moves of cadres and backbone) ≥ backbone_share × (all moves out of L), as real numbers".
extension RotationModelBuilder {
    mutating func addBackboneShare() {
        let share = policy.backboneShare
        let out = movesOut(of: community.lead)
        guard share > 0, !out.isEmpty else { return }
        var expression = LinearExpression()
        for move in out {
            // (1 − share) for a cadre or backbone move, −share for any other.
            expression.add(move.variable, groups[move.group].role.isCadreOrBackbone ? 1 - share : -share)
        }
        addRule(expression >= 0, name: "R3[\(scenario.schools[community.lead].id)]", rule: "R3", school: community.lead)
    }
}

import LinearModel
import RotaplanDomain

// R4: "each member receives ≥ min_cadres_per_member cadres from its lead".
extension RotationModelBuilder {
    mutating func addCadresPerMember() {
        let needed = policy.minCadresPerMember
        guard needed > 0 else { return }
        for member in community.members {
            let cadres = movesInto(member).filter { groups[$0.group].role == .cadre }
            addRule(sum(cadres) >= Double(needed), name: "R4[\(scenario.schools[member].id)]", rule: "R4", school: member)
        }
    }
}

import LinearModel
import RotaplanDomain

// R4: "each member unit receives ≥ min_cadres_per_member cadres from its lead (at the member or
// any of its sites)".
extension RotationModelBuilder {
    mutating func addCadresPerMember() {
        let needed = policy.minCadresPerMember
        guard needed > 0 else { return }
        for unit in community.units {
            let cadres = movesInto(unit).filter { groups[$0.group].role == .cadre }
            addRule(sum(cadres) >= Double(needed), name: "R4[\(scenario.schools[unit.member].id)]", rule: "R4", school: unit.member)
        }
    }
}

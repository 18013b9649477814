import LinearModel
import RotaplanDomain

// R4: "each member unit receives ≥ min_cadres_per_member cadres from its lead (at the member or
// any of its sites)".
extension RotationModelBuilder {
    mutating func addCadresPerMember() {
        for unit in community.units {
            guard let row = RotationRows.cadresPerMember(into: terms(movesInto(unit)), needed: policy.minCadresPerMember) else { continue }
            addRule(row, name: "R4[\(scenario.schools[unit.member].id)]", rule: "R4", school: unit.member)
        }
    }
}

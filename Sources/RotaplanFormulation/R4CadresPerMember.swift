import LinearModel
import RotaplanDomain

// R4: "each member unit receives ≥ min_cadres_per_member cadres from its lead (at the member or
// any of its sites)": secondments from the lead, not exchanges from other schools.
extension RotationModelBuilder {
    mutating func addCadresPerMember() {
        for community in scopeCommunities.map({ scenario.communities[$0] }) {
            for unit in community.units {
                guard let row = RotationRows.cadresPerMember(into: terms(secondmentsInto(unit)), needed: policy.minCadresPerMember) else { continue }
                addRule(row, name: "R4[\(scenario.schools[unit.member].id)]", rule: "R4", school: unit.member)
            }
        }
    }
}

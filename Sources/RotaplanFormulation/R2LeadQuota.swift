import LinearModel
import RotaplanDomain

// R2: "lead L sends ≥ ceil(min_ratio × base(L)), base(L) = eligible teachers at L" (secondments).
extension RotationModelBuilder {
    mutating func addLeadQuota() {
        for community in scopeCommunities.map({ scenario.communities[$0] }) {
            let required = eligibility.requiredSends(lead: community.lead, policy: policy)
            guard required > 0 else { continue }
            addRule(
                RotationRows.leadQuota(out: terms(secondmentsOut(of: community.lead)), required: LinearExpression(constant: Double(required))),
                name: "R2[\(scenario.schools[community.lead].id)]", rule: "R2", school: community.lead)
        }
    }
}

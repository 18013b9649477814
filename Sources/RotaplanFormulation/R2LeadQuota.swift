import LinearModel
import RotaplanDomain

// R2: "lead L sends ≥ ceil(min_ratio × base(L)), base(L) = eligible teachers at L".
extension RotationModelBuilder {
    mutating func addLeadQuota() {
        let required = eligibility.requiredSends(lead: community.lead, policy: policy)
        guard required > 0 else { return }
        addRule(RotationRows.leadQuota(out: terms(movesOut(of: community.lead)), required: LinearExpression(constant: Double(required))),
                name: "R2[\(scenario.schools[community.lead].id)]", rule: "R2", school: community.lead)
    }
}

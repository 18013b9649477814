import LinearModel
import RotaplanDomain

// X1: "every urban school u sends (secondments + urban-to-rural exchanges) ≥ ceil(exchange.min_ratio × xbase(u))".
// X2: "at every urban school u: (cadres and backbone among all moves out of u) ≥ exchange.backbone_share × (all moves out of u)".
// X3: "a school receives exchanges only where it needs them: after(s,k) ≤ max(current(s,k), demand(s,k))".
extension RotationModelBuilder {
    mutating func addExchangeRules() {
        guard withExchange else { return }
        for school in scopeSchools where !scenario.schools[school].rural {
            let out = terms(movesOut(of: school))
            let id = scenario.schools[school].id
            let required = eligibility.requiredExchangeSends(urban: school, policy: exchange)
            if required > 0 {
                addRule(RotationRows.leadQuota(out: out, required: LinearExpression(constant: Double(required))), name: "X1[\(id)]", rule: "X1", school: school)
            }
            if let row = RotationRows.backboneShare(out: out, share: exchange.backboneShare) {
                addRule(row, name: "X2[\(id)]", rule: "X2", school: school)
            }
        }
        // X3 where an exchange may go in: in − out ≤ max(current, demand) − current.
        var receiving: Set<SchoolSubject> = []
        for move in moves where move.kind == .exchange { receiving.insert(SchoolSubject(move.target, groups[move.group].subject)) }
        for key in receiving.sorted() {
            let current = staffing.current(key.school, key.subject)
            let change = RotationRows.change(at: key.school, key.subject, terms(movesInto(key.school) + movesOut(of: key.school)))
            addRule(
                RotationRows.onlyWhereNeeded(change: change, current: current, demand: scenario.demandTeachers(key.school, key.subject)),
                name: "X3[\(scenario.schools[key.school].id),\(key.subject)]", rule: "X3", school: key.school, subject: key.subject)
        }
    }
}

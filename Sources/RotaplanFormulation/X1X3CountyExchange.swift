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
        // X3 where an exchange may go in: in − out ≤ max(current, demand) − current, but only
        // when one does. Where a secondment may go in as well, a binary says whether an exchange
        // goes in, and without one the cap is lifted by all the secondments could bring (a
        // cadre seconded to a full post is lawful). Elsewhere no exchange in means no move in,
        // and the row holds by itself.
        var receiving: Set<SchoolSubject> = []
        for move in moves where move.kind == .exchange { receiving.insert(SchoolSubject(move.target, groups[move.group].subject)) }
        for key in receiving.sorted() {
            let current = staffing.current(key.school, key.subject)
            let id = "\(scenario.schools[key.school].id),\(key.subject)"
            let into = movesInto(key.school).filter { groups[$0.group].subject == key.subject }
            let change = RotationRows.change(at: key.school, key.subject, terms(into + movesOut(of: key.school)))
            var row = RotationRows.onlyWhereNeeded(change: change, current: current, demand: scenario.demandTeachers(key.school, key.subject))
            let seconded = into.filter { $0.kind == .secondment }
            if !seconded.isEmpty {
                let exchanged = into.filter { $0.kind == .exchange }
                let indicator = model.addVariable("exchangedInto[\(id)]", .binary)
                exchangedInto.append((indicator, key))
                let most = Double(exchanged.reduce(0) { $0 + groups[$1.group].teachers.count })
                model.add(sum(exchanged) - most * indicator <= 0, name: "X3in[\(id)]")
                let lift = Double(seconded.reduce(0) { $0 + groups[$1.group].teachers.count })
                row = Comparison(expression: row.expression + lift * indicator, lower: nil, upper: (row.upper ?? 0) + lift)
            }
            addRule(row, name: "X3[\(id)]", rule: "X3", school: key.school, subject: key.subject)
        }
    }
}

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
        // when one does. Without one, the secondments alone bring in at most `seconded`, so the
        // row can only bind a plan with no exchange in when `seconded` exceeds the room; there a
        // binary says whether an exchange goes in (each exchange move linked to it by itself,
        // which the relaxation feels more than one sum), and without one the cap is lifted by
        // that excess (a cadre seconded to a full post is lawful). Elsewhere the row holds by
        // itself.
        var receiving: Set<SchoolSubject> = []
        for move in moves where move.kind == .exchange { receiving.insert(SchoolSubject(move.target, groups[move.group].subject)) }
        for key in receiving.sorted() {
            let current = staffing.current(key.school, key.subject)
            let id = "\(scenario.schools[key.school].id),\(key.subject)"
            let into = movesInto(key.school).filter { groups[$0.group].subject == key.subject }
            let change = RotationRows.change(at: key.school, key.subject, terms(into + movesOut(of: key.school)))
            var row = RotationRows.onlyWhereNeeded(change: change, current: current, demand: scenario.demandTeachers(key.school, key.subject))
            let seconded = into.filter { $0.kind == .secondment }.reduce(0) { $0 + groups[$1.group].teachers.count }
            let room = max(current, scenario.demandTeachers(key.school, key.subject)) - current
            let lift = Double(seconded - room)
            if lift > 0 {
                let indicator = model.addVariable("exchangedInto[\(id)]", .binary)
                exchangedInto.append((indicator, key))
                for (index, move) in into.enumerated() where move.kind == .exchange {
                    let most = Double(groups[move.group].teachers.count)
                    model.add(sum([move]) - most * indicator <= 0, name: "X3in[\(id),\(index)]")
                }
                row = Comparison(expression: row.expression + lift * indicator, lower: nil, upper: (row.upper ?? 0) + lift)
            }
            addRule(row, name: "X3[\(id)]", rule: "X3", school: key.school, subject: key.subject)
        }
    }
}

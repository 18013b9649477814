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
        // when one does. The secondments alone bring in at most `seconded`; where that exceeds
        // the room, a binary says whether an exchange goes in (each exchange move linked to it by
        // itself), and without one the secondments may overfill the post (a cadre seconded to a
        // full post is lawful) by at most `lift` and at most what each of them brings: the
        // product of each secondment move with 1 − indicator, relaxed per move. Lifting the cap
        // by `lift × (1 − indicator)` alone left the relaxation 5% low on 红谷滩区 (no proof in
        // 120 s; 0.2 s with the products). Elsewhere the row holds by itself.
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
                for (index, move) in into.enumerated() where move.kind == .exchange {
                    let most = Double(groups[move.group].teachers.count)
                    model.add(sum([move]) - most * indicator <= 0, name: "X3in[\(id),\(index)]")
                }
                let overfill = model.addVariable("overfill[\(id)]", .continuous, lower: 0, upper: nil)
                var parts = LinearExpression(constant: 0)
                var shares: [(part: Variable, move: Variable)] = []
                for (index, move) in into.enumerated() where move.kind == .secondment {
                    let most = Double(groups[move.group].teachers.count)
                    let part = model.addVariable("overfillBy[\(id),\(index)]", .continuous, lower: 0, upper: most)
                    model.add(LinearExpression(part) - sum([move]) <= 0, name: "X3by[\(id),\(index)]")
                    model.add(LinearExpression(part) + most * indicator <= most, name: "X3off[\(id),\(index)]")
                    parts = parts + LinearExpression(part)
                    shares.append((part, move.variable))
                }
                exchangedInto.append(ExchangeIndicator(variable: indicator, key: key, overfill: overfill, lift: lift, parts: shares))
                model.add(LinearExpression(overfill) - parts <= 0, name: "X3over[\(id)]")
                model.add(LinearExpression(overfill) + lift * indicator <= lift, name: "X3lift[\(id)]")
                row = Comparison(expression: row.expression - LinearExpression(overfill), lower: nil, upper: row.upper)
            }
            addRule(row, name: "X3[\(id)]", rule: "X3", school: key.school, subject: key.subject)
        }
    }
}

import LinearModel
import RotaplanDomain

// Objective: "shortfall × Σ max(0, demand − after) + move × moves + travel_km × km − volunteer ×
// volunteers − tenure × Σ credit − equity × Σ E(c)", with E(c) the max-min of 100·Q(M)/D(M).
extension RotationModelBuilder {
    mutating func addObjective() {
        let weights = scenario.policy.weights
        var objective = LinearExpression()
        for move in moves {
            // Interchangeable teachers cost alike, so the group's first stands for all.
            objective.add(move.variable, scenario.moveCost(teacher: groups[move.group].teachers[0], to: move.target))
        }
        addShortfall(to: &objective, weight: weights.shortfall)
        addEquity(to: &objective, weight: weights.equity)
        model.minimize(objective)
    }

    /// shortfall(s,k) ≥ demand − current + out − in, for members and sites; a constant where no
    /// move touches the pair.
    private mutating func addShortfall(to objective: inout LinearExpression, weight: Double) {
        for member in community.receivingSchools {
            let subjects = scenario.demand.keys.filter { $0.school == member }.map(\.subject).sorted()
            for subject in subjects {
                let demand = scenario.demandTeachers(member, subject)
                let current = staffing.current(member, subject)
                let into = movesInto(member).filter { groups[$0.group].subject == subject }
                let out = movesOut(of: member).filter { groups[$0.group].subject == subject }
                guard demand > 0 else { continue }
                if into.isEmpty && out.isEmpty {
                    objective.constant += weight * Double(max(0, demand - current))
                    continue
                }
                let shortfall = model.addVariable(
                    RotationNames.shortfall(scenario, member, subject), .continuous, lower: 0, upper: Double(demand))
                shortfalls.append((shortfall, SchoolSubject(member, subject)))
                model.add(LinearExpression(shortfall) + sum(into) - sum(out) >= Double(demand - current),
                          name: "gap[\(scenario.schools[member].id),\(subject)]")
                objective.add(shortfall, weight)
            }
        }
    }

    /// E(c) ≤ 100 · (Q₀(U) + cadres/backbone in − cadres/backbone out) / D(U) for each member
    /// unit U with D > 0.
    private mutating func addEquity(to objective: inout LinearExpression, weight: Double) {
        let units = community.units.filter { totalDemand($0) > 0 }
        guard !units.isEmpty else { return }
        let equityVariable = model.addVariable(RotationNames.equity(community), .continuous, lower: 0, upper: nil)
        equity = equityVariable
        for unit in units {
            let total = Double(totalDemand(unit))
            let schools = Set(unit.schools)
            let present = staffing.presentAt.indices.count {
                schools.contains(staffing.presentAt[$0]) && scenario.teachers[$0].role.isCadreOrBackbone
            }
            var expression = LinearExpression(equityVariable)
            for move in movesInto(unit) where groups[move.group].role.isCadreOrBackbone {
                expression.add(move.variable, -100 / total)
            }
            for move in movesOut(of: unit) where groups[move.group].role.isCadreOrBackbone {
                expression.add(move.variable, 100 / total)
            }
            model.add(expression <= 100 * Double(present) / total, name: "equity[\(scenario.schools[unit.member].id)]")
        }
        objective.add(equityVariable, -weight)
    }

    /// D(U): the teachers the unit's schools demand.
    func totalDemand(_ unit: MemberUnit) -> Int {
        let schools = Set(unit.schools)
        return scenario.demand.filter { schools.contains($0.key.school) }.reduce(0) { $0 + $1.value.teachers }
    }
}

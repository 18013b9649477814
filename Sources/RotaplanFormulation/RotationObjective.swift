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
        addShortfall(to: &objective, weight: ObjectiveTerm.shortfall.coefficient(weights))
        addEquity(to: &objective, weight: ObjectiveTerm.equity.coefficient(weights))
        model.minimize(objective)
    }

    /// shortfall(s,k) ≥ demand − current + out − in, for members and sites (and with the county
    /// exchange every other rural school); a constant where no move touches the pair.
    private mutating func addShortfall(to objective: inout LinearExpression, weight: Double) {
        var counted = scopeCommunities.flatMap { scenario.communities[$0].receivingSchools }
        if withExchange {
            counted += scenario.schools.indices.filter { scenario.schools[$0].kind == .independent && scenario.schools[$0].rural }
        }
        for member in counted {
            let subjects = scenario.demand.keys.filter { $0.school == member }.map(\.subject).sorted()
            for subject in subjects {
                let demand = scenario.demandTeachers(member, subject)
                let current = staffing.current(member, subject)
                guard demand > 0 else { continue }
                let change = RotationRows.change(at: member, subject, terms(movesInto(member) + movesOut(of: member)))
                if change.terms.isEmpty {
                    objective.constant += weight * Double(max(0, demand - current))
                    continue
                }
                let shortfall = model.addVariable(
                    RotationNames.shortfall(scenario, member, subject), .continuous, lower: 0, upper: Double(demand))
                shortfalls.append((shortfall, SchoolSubject(member, subject)))
                model.add(
                    RotationRows.shortfall(shortfall, change: change, current: current, demand: demand),
                    name: "gap[\(scenario.schools[member].id),\(subject)]")
                objective.add(shortfall, weight)
            }
        }
    }

    /// E(c) ≤ 100 · (Q₀(U) + cadres/backbone in − cadres/backbone out) / D(U) for each member
    /// unit U with D > 0.
    private mutating func addEquity(to objective: inout LinearExpression, weight: Double) {
        for index in scopeCommunities {
            let community = scenario.communities[index]
            let units = community.units.filter { totalDemand($0) > 0 }
            guard !units.isEmpty else { continue }
            let equityVariable = model.addVariable(RotationNames.equity(community), .continuous, lower: 0, upper: nil)
            equities.append((index, equityVariable))
            for unit in units {
                let schools = Set(unit.schools)
                let row = RotationRows.equity(
                    equityVariable, strongInto: terms(movesInto(unit)).filter { $0.role.isCadreOrBackbone },
                    strongOut: terms(movesOut(of: unit)).filter { $0.role.isCadreOrBackbone },
                    present: RotationRows.strongPresent(in: schools, scenario: scenario, staffing: staffing), demand: totalDemand(unit))
                model.add(row, name: "equity[\(scenario.schools[unit.member].id)]")
            }
            objective.add(equityVariable, weight)
        }
    }

    /// D(U): the teachers the unit's schools demand.
    func totalDemand(_ unit: MemberUnit) -> Int {
        RotationRows.demand(of: Set(unit.schools), scenario: scenario)
    }
}

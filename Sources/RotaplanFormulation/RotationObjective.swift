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

    /// E(c) ≤ 100 · Q(U) / D(U) for each member unit U with D > 0, with Q(U) = Q₀(U) +
    /// cadres/backbone in − cadres/backbone out. In the county's program (the exchange) Q(U) is
    /// a whole-number variable of its own (docs/solving.md "The county exchange", equity's whole counts): GLPK
    /// branches on it, where the relaxation spreads a fraction of a cadre over several members
    /// to raise their minimum. A community's program is proven in well under a second without
    /// it, and its ties are Part 2's to break: it keeps the row as it was.
    private mutating func addEquity(to objective: inout LinearExpression, weight: Double) {
        let wholeCounts = scope == .county
        for index in scopeCommunities {
            let community = scenario.communities[index]
            let units = community.units.filter { totalDemand($0) > 0 }
            guard !units.isEmpty else { continue }
            let equityVariable = model.addVariable(RotationNames.equity(community), .continuous, lower: 0, upper: nil)
            equities.append((index, equityVariable))
            for unit in units {
                let member = scenario.schools[unit.member].id
                let into = terms(movesInto(unit)).filter { $0.role.isCadreOrBackbone }
                let out = terms(movesOut(of: unit)).filter { $0.role.isCadreOrBackbone }
                let present = RotationRows.strongPresent(in: Set(unit.schools), scenario: scenario, staffing: staffing)
                guard wholeCounts else {
                    model.add(
                        RotationRows.equity(equityVariable, strongInto: into, strongOut: out, present: present, demand: totalDemand(unit)),
                        name: "equity[\(member)]")
                    continue
                }
                let strong = model.addVariable(RotationNames.strongAfter(member), .integer, lower: 0, upper: nil, branchesFirst: true)
                strongCounts.append(StrongCount(variable: strong, present: present, into: into.map(\.variable), out: out.map(\.variable)))
                model.add(RotationRows.strongAfter(strong, strongInto: into, strongOut: out, present: present), name: "strong[\(member)]")
                model.add(RotationRows.equity(equityVariable, strongAfter: strong, demand: totalDemand(unit)), name: "equity[\(member)]")
            }
            objective.add(equityVariable, weight)
        }
    }

    /// D(U): the teachers the unit's schools demand.
    func totalDemand(_ unit: MemberUnit) -> Int {
        RotationRows.demand(of: Set(unit.schools), scenario: scenario)
    }
}

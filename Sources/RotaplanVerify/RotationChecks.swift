import RotaplanDomain

extension Checker {
    /// R1–R7 on the plan's rotations; returns the recomputed Part 1 objective.
    mutating func checkRotation() -> Double? {
        let lastYear = scenario.year + rotation.termYears - 1
        var movedTeachers: [Int: Int] = [:]
        var exchanged: Set<Int> = []
        // R1: every move is an allowed move; at most one per teacher.
        for entry in plan.rotations {
            guard let teacher = scenario.teacherIndex[entry.teacher] else {
                violations.append("R1: \(entry.teacher) is not a teacher of the scenario")
                continue
            }
            guard let target = scenario.schoolIndex[entry.to] else {
                violations.append("R1: \(entry.teacher) goes to \(entry.to), which is not a school of the scenario")
                continue
            }
            let row = scenario.teachers[teacher]
            let home = row.home
            if movedTeachers[teacher] != nil {
                violations.append("R1: \(entry.teacher) moves more than once")
                continue
            }
            movedTeachers[teacher] = target
            if entry.from != id(school: home) {
                violations.append("R1: \(entry.teacher) moves from \(entry.from), but the home school is \(id(school: home))")
            }
            let homeSchool = scenario.schools[home]
            let targetSchool = scenario.schools[target]
            let isExchange = self.isExchange(home, target)
            if isExchange {
                exchanged.insert(teacher)
                if let reason = exchangeIneligibility(teacher) {
                    violations.append("R1: \(entry.teacher) may not be exchanged: \(reason)")
                }
            } else if let reason = ineligibility(teacher) {
                violations.append("R1: \(entry.teacher) is not eligible: \(reason)")
            }
            if !isExchange && !isCommunityMove(home, target) {
                violations.append(
                    "R1: \(entry.teacher) moves \(id(school: home)) → \(entry.to), which is not a move between a lead and a member or site of its community\(exchange.enabled ? " nor an exchange between an urban and a rural school" : "")"
                )
            }
            if isExchange || isCommunityMove(home, target), let kind = entry.kind, kind != (isExchange ? "exchange" : "secondment") {
                violations.append("R1: \(entry.teacher)'s kind is \(kind), but the move is \(isExchange ? "an exchange" : "a secondment")")
            }
            let site = [home, target].first { scenario.schools[$0].kind == .site }
            let member = site.flatMap { scenario.schools[$0].parent }.map { id(school: $0) }
            if entry.member != member {
                violations.append("R1: \(entry.teacher)'s member is \(entry.member ?? "none"), expected \(member ?? "none")")
            }
            let km = scenario.km(home, target)
            let maxKm = isExchange ? exchange.maxKm : rotation.maxKm
            if km > maxKm {
                violations.append("R1: \(entry.teacher)'s move is \(km) km, beyond max_km \(maxKm)")
            }
            if abs(km - entry.km) > 1e-6 * max(1, km) {
                violations.append("R1: \(entry.teacher)'s km is reported as \(entry.km), the road distance is \(km)")
            }
            let direction =
                isExchange
                ? (homeSchool.rural ? "rural_to_urban" : "urban_to_rural") : "\(homeSchool.kind.rawValue)_to_\(targetSchool.kind.rawValue)"
            // A move no rule allows has no direction to expect (it is named above).
            if isExchange || isCommunityMove(home, target), entry.direction != direction {
                violations.append("R1: \(entry.teacher)'s direction is \(entry.direction), expected \(direction)")
            }
            if entry.role != row.role.rawValue || entry.subject != row.subject {
                violations.append("R1: \(entry.teacher)'s role or subject differs from teachers.csv")
            }
            let last = isExchange ? scenario.year + exchange.termYears - 1 : lastYear
            if entry.startYear != scenario.year || entry.endYear != last {
                violations.append("R1: \(entry.teacher)'s term \(entry.startYear)–\(entry.endYear) should be \(scenario.year)–\(last)")
            }
        }
        moved = movedTeachers
        for (teacher, target) in movedTeachers { presentAfter[teacher] = target }

        // Counts per lead, and per member unit (a member with its sites): secondments only.
        var outOf: [Int: [Int]] = [:]
        var into: [Int: [Int]] = [:]
        for (teacher, target) in movedTeachers where !exchanged.contains(teacher) {
            let home = scenario.teachers[teacher].home
            outOf[unit(of: home) ?? home, default: []].append(teacher)
            into[unit(of: target) ?? target, default: []].append(teacher)
        }
        for community in scenario.communities {
            let lead = community.lead
            let sent = outOf[lead] ?? []
            // R2: lead L sends ≥ ceil(min_ratio × base(L)).
            let base = scenario.teachers.indices.count { scenario.teachers[$0].home == lead && ineligibility($0) == nil }
            let required = modelCeil(rotation.minRatio * Double(base))
            if sent.count < required {
                violations.append("R2: lead \(id(school: lead)) sends \(sent.count), at least \(required) required (\(base) eligible)")
            }
            // R3: cadres and backbone ≥ backbone_share × all moves out of L.
            let strong = sent.count { scenario.teachers[$0].role == .cadre || scenario.teachers[$0].role == .backbone }
            if Double(strong) < rotation.backboneShare * Double(sent.count) - 1e-9 {
                violations.append(
                    "R3: lead \(id(school: lead)) sends \(strong) cadres and backbone of \(sent.count), below \(rotation.backboneShare) × \(sent.count)")
            }
            for member in community.members {
                // R4: each member receives ≥ min_cadres_per_member cadres from its lead.
                let cadres = (into[member] ?? []).count { scenario.teachers[$0].role == .cadre && scenario.teachers[$0].home == lead }
                if cadres < rotation.minCadresPerMember {
                    violations.append("R4: member unit \(id(school: member)) receives \(cadres) cadres, at least \(rotation.minCadresPerMember) required")
                }
                // R5: |moves in − moves out| ≤ balance_tolerance.
                let imbalance = abs((into[member] ?? []).count - (outOf[member] ?? []).count)
                if imbalance > rotation.balanceTolerance {
                    violations.append(
                        "R5: member unit \(id(school: member)) receives \((into[member] ?? []).count) and sends \((outOf[member] ?? []).count); tolerance \(rotation.balanceTolerance)"
                    )
                }
            }
        }
        if exchange.enabled { checkExchange(movedTeachers) }
        // R6: after(s,k) ≥ min(current(s,k), demand(s,k)).
        var current: [SchoolSubject: Int] = [:]
        var after: [SchoolSubject: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() {
            current[SchoolSubject(presentBefore[index], teacher.subject), default: 0] += 1
            after[SchoolSubject(presentAfter[index], teacher.subject), default: 0] += 1
        }
        for key in Set(current.keys).union(scenario.demand.keys).sorted() {
            let have = current[key] ?? 0
            let floor = min(have, scenario.demand[key]?.teachers ?? 0)
            if (after[key] ?? 0) < floor {
                violations.append("R6: \(id(school: key.school)) \(key.subject) falls from \(have) to \(after[key] ?? 0), below \(floor)")
            }
        }
        // R7: pins.
        for (teacher, pin) in scenario.pins.sorted(by: { $0.key < $1.key }) {
            let name = scenario.teachers[teacher].id
            switch pin.action {
            case .stay where movedTeachers[teacher] != nil:
                violations.append("R7: \(name) is pinned to stay but moves")
            case .rotate where movedTeachers[teacher] == nil:
                violations.append("R7: \(name) is pinned to rotate but stays")
            case .to(let target) where movedTeachers[teacher] != target:
                violations.append("R7: \(name) is pinned to \(id(school: target)) but does not move there")
            default: break
            }
        }
        return rotationObjective(after: after)
    }

    /// docs/model.md's Part 1 objective of the plan.
    private func rotationObjective(after: [SchoolSubject: Int]) -> Double {
        var shortfall = 0
        var demandTotal: [Int: Int] = [:]
        for (key, demand) in scenario.demand {
            // With the exchange, shortfall counts at every rural school, rural independents too.
            let school = scenario.schools[key.school]
            if exchange.enabled && school.kind == .independent && school.rural {
                shortfall += max(0, demand.teachers - (after[key] ?? 0))
            }
            guard let member = unit(of: key.school) else { continue }
            shortfall += max(0, demand.teachers - (after[key] ?? 0))
            demandTotal[member, default: 0] += demand.teachers
        }
        var km = 0.0
        var volunteers = 0
        var tenure = 0
        for (teacher, target) in moved {
            let row = scenario.teachers[teacher]
            km += scenario.km(row.home, target)
            if row.volunteer { volunteers += 1 }
            tenure += min(10, max(0, row.yearsAtSchool - rotation.minYearsAtSchool))
        }
        var strongAt: [Int: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() where teacher.role == .cadre || teacher.role == .backbone {
            if let member = unit(of: presentAfter[index]) { strongAt[member, default: 0] += 1 }
        }
        var equity = 0.0
        for community in scenario.communities {
            let ratios = community.members.compactMap { member -> Double? in
                guard let total = demandTotal[member], total > 0 else { return nil }
                return 100 * Double(strongAt[member] ?? 0) / Double(total)
            }
            equity += ratios.min() ?? 0
        }
        return weights.shortfall * Double(shortfall) + weights.move * Double(moved.count) + weights.travelKm * km
            - weights.volunteer * Double(volunteers) - weights.tenure * Double(tenure) - weights.equity * equity
    }
}

extension Checker {
    /// X1, X2 at every urban school and X3 where an exchange goes in (docs/model.md "Part 1 with
    /// the county exchange").
    mutating func checkExchange(_ moved: [Int: Int]) {
        var sentBy: [Int: [Int]] = [:]
        var exchangedInto: Set<SchoolSubject> = []
        for (teacher, target) in moved {
            let home = scenario.teachers[teacher].home
            sentBy[home, default: []].append(teacher)
            if isExchange(home, target) { exchangedInto.insert(SchoolSubject(target, scenario.teachers[teacher].subject)) }
        }
        for school in scenario.schools.indices where !scenario.schools[school].rural {
            // X1: secondments and urban-to-rural exchanges out of u (a move to an urban school
            // from here is no lawful move and was named under R1).
            let sent = (sentBy[school] ?? []).filter { teacher in
                let target = moved[teacher]!
                return isCommunityMove(school, target) || scenario.schools[target].rural
            }
            let base = scenario.teachers.indices.count { scenario.teachers[$0].home == school && exchangeIneligibility($0) == nil }
            let required = modelCeil(exchange.minRatio * Double(base))
            if sent.count < required {
                violations.append("X1: urban school \(id(school: school)) sends \(sent.count), at least \(required) required (\(base) exchange-eligible)")
            }
            let all = sentBy[school] ?? []
            let strong = all.count { scenario.teachers[$0].role == .cadre || scenario.teachers[$0].role == .backbone }
            if Double(strong) < exchange.backboneShare * Double(all.count) - 1e-9 {
                violations.append(
                    "X2: urban school \(id(school: school)) sends \(strong) cadres and backbone of \(all.count), below \(exchange.backboneShare) × \(all.count)"
                )
            }
        }
        var current: [SchoolSubject: Int] = [:]
        var after: [SchoolSubject: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() {
            current[SchoolSubject(presentBefore[index], teacher.subject), default: 0] += 1
            after[SchoolSubject(presentAfter[index], teacher.subject), default: 0] += 1
        }
        for key in exchangedInto.sorted() {
            let limit = max(current[key] ?? 0, scenario.demand[key]?.teachers ?? 0)
            if (after[key] ?? 0) > limit {
                violations.append(
                    "X3: \(id(school: key.school)) \(key.subject) receives exchanges up to \(after[key] ?? 0), above max(current, demand) = \(limit)")
            }
        }
    }
}

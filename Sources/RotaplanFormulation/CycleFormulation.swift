import LinearModel
import RotaplanDomain

/// Teachers of one school alike in every year of a horizon: the same Part 1 key, eligible in the
/// same years (before the horizon's own moves), with the same tenure credit each year.
public struct CycleGroup: Sendable {
    public var home: Int
    public var subject: String
    public var role: Role
    /// Year-0 teacher indices, in the order they are chosen: longest at the school first.
    public var teachers: [Int]
    /// A pin (it binds the first year only); a pinned teacher is a group alone.
    public var pin: PinAction?
    /// Per year of the horizon: eligible before the horizon's own secondments are counted.
    public var eligible: [Bool]
    public var targets: [Int]
    /// Per year and target: what a move adds to that year's objective (`Scenario.moveCost`).
    public var cost: [[Double]]
}

/// One move variable: how many teachers of `group` go to `target` in year `year` (an offset).
public struct CycleMove: Sendable {
    public var variable: Variable
    public var group: Int
    public var year: Int
    public var target: Int
}

/// The joint program of one community, or why it cannot have one.
public enum CycleBuild: Sendable {
    case model(CycleFormulation)
    case infeasible([String])
}

/// docs/model.md "Several years at once" for one community: one program over the horizon,
/// the rules of Part 1 in every year on that year's staffing and eligibility, the moves of
/// earlier years of the horizon counting as history (running terms, cooldown), the objective
/// the sum of the years' Part 1 objectives.
///
/// A teacher seconded in year y is away for `term_years` and then waits out `cooldown_years`,
/// so any `term_years + cooldown_years` consecutive years hold at most one of their moves. For a
/// group of alike teachers that is exact in counts: at most as many moves as teachers in every
/// such window (moves given out in year order to whoever has waited longest then fit).
public struct CycleFormulation: Sendable {
    public let communityIndex: Int
    public let horizon: Int
    public let model: Model
    public let groups: [CycleGroup]
    public let moves: [CycleMove]

    /// `years[i]` is the scenario read for the horizon's year i (`Scenario.aged(by:)`), without
    /// the horizon's own secondments.
    public static func build(_ years: [Scenario], community: Int) -> CycleBuild {
        var builder = CycleBuilder(years: years, communityIndex: community)
        builder.addGroups()
        guard builder.infeasibilities.isEmpty else { return .infeasible(builder.infeasibilities) }
        builder.addMoves()
        builder.addWindows()
        builder.addPins()
        guard builder.infeasibilities.isEmpty else { return .infeasible(builder.infeasibilities) }
        for year in years.indices { builder.addRules(year: year) }
        builder.model.minimize(builder.objective)
        return .model(
            CycleFormulation(
                communityIndex: community, horizon: years.count, model: builder.model, groups: builder.groups, moves: builder.moves))
    }

    /// The count each move variable takes for a plan given year by year (the first year's
    /// teacher indices), e.g. the year-by-year plan that starts the search, by variable index.
    /// Moves of other communities are left out; nil when a move of this community has no
    /// variable (a move the program does not allow).
    public func moveCounts(for plans: [[Move]], in first: Scenario) -> [Int: Double]? {
        var groupOf: [Int: Int] = [:]
        for (index, group) in groups.enumerated() {
            for teacher in group.teachers { groupOf[teacher] = index }
        }
        var variableOf: [Int: [Int: [Int: Variable]]] = [:]
        for move in moves { variableOf[move.group, default: [:]][move.year, default: [:]][move.target] = move.variable }
        let homes = Set(first.communities[communityIndex].schools)
        var counts: [Int: Double] = [:]
        for (year, plan) in plans.enumerated() where year < horizon {
            for move in plan {
                guard let group = groupOf[move.teacher] else {
                    // A teacher of this community's schools outside every group cannot move here.
                    if homes.contains(first.teachers[move.teacher].home) { return nil }
                    continue
                }
                guard let variable = variableOf[group]?[year]?[move.to] else { return nil }
                counts[variable.index, default: 0] += 1
            }
        }
        return counts
    }

    /// Each year's plan, in the first year's teacher indices: each group's count to each target
    /// filled, year by year, by its teachers free longest (never moved first, in order).
    public func plans(from values: [Double], policy: RotationPolicy) -> [RotationPlan] {
        let window = policy.termYears + policy.cooldownYears
        var lastMove: [Int: Int] = [:]
        var plans: [[Move]] = Array(repeating: [], count: horizon)
        for year in 0..<horizon {
            for move in moves where move.year == year {
                var count = Int(values[move.variable.index].rounded())
                guard count > 0 else { continue }
                let candidates = groups[move.group].teachers.enumerated().sorted { left, right in
                    let (a, b) = (lastMove[left.element] ?? -1_000, lastMove[right.element] ?? -1_000)
                    return a != b ? a < b : left.offset < right.offset
                }.map(\.element)
                for teacher in candidates where count > 0 {
                    if let last = lastMove[teacher], year - last < window { continue }
                    lastMove[teacher] = year
                    plans[year].append(Move(teacher: teacher, to: move.target))
                    count -= 1
                }
            }
        }
        return plans.map(RotationPlan.init(moves:))
    }
}

/// Accumulates the joint program of one community, rule by rule and year by year.
struct CycleBuilder {
    let years: [Scenario]
    let staffings: [Staffing]
    let eligibilities: [Eligibility]
    let communityIndex: Int
    var model: Model
    var groups: [CycleGroup] = []
    var moves: [CycleMove] = []
    var objective = LinearExpression()
    var infeasibilities: [String] = []

    init(years: [Scenario], communityIndex: Int) {
        self.years = years
        self.communityIndex = communityIndex
        staffings = years.map { Staffing($0) }
        eligibilities = years.indices.map { Eligibility(years[$0], staffing: Staffing(years[$0])) }
        model = Model(name: "cycle-\(years[0].communities[communityIndex].id)-\(years.count)y")
    }

    var first: Scenario { years[0] }
    var community: Community { first.communities[communityIndex] }
    var policy: RotationPolicy { first.policy.rotation }
    var term: Int { policy.termYears }
    var window: Int { policy.termYears + policy.cooldownYears }

    /// The year-`year` index of a year-0 teacher, nil once retired.
    func index(_ teacher: Int, year: Int) -> Int? {
        year == 0 ? teacher : years[year].teacherIndex[first.teachers[teacher].id]
    }

    struct GroupKey: Hashable {
        var key: InterchangeableKey
        var eligible: [Bool]
        var credits: [Int]
        var pinned: Int?
    }

    /// A fixed order of groups, so that the same scenario builds the same program.
    static func keyOrder(_ a: GroupKey, _ b: GroupKey) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.pinned != b.pinned { return (a.pinned ?? -1) < (b.pinned ?? -1) }
        if a.credits != b.credits { return a.credits.lexicographicallyPrecedes(b.credits) }
        return a.eligible.map { $0 ? 1 : 0 }.lexicographicallyPrecedes(b.eligible.map { $0 ? 1 : 0 })
    }

    /// Groups of alike teachers of the community's schools; pinned teachers alone.
    mutating func addGroups() {
        for school in community.schools {
            let targets = first.allowedTargets(ofTeacherAt: school)
            var grouped: [GroupKey: [Int]] = [:]
            for teacher in staffings[0].byHome[school] {
                let eligible = years.indices.map { year in index(teacher, year: year).map { eligibilities[year].isEligible($0) } ?? false }
                guard eligible.contains(true), first.pins[teacher]?.action != .stay || eligible.dropFirst().contains(true) else { continue }
                let credits = years.indices.map { year in index(teacher, year: year).map { years[year].tenureCredit($0) } ?? 0 }
                let pin = first.pins[teacher]?.action
                let key = GroupKey(key: first.interchangeableKey(teacher), eligible: eligible, credits: credits, pinned: pin == nil ? nil : teacher)
                grouped[key, default: []].append(teacher)
            }
            for (key, members) in grouped.sorted(by: { Self.keyOrder($0.key, $1.key) }) {
                let teachers = members.sorted { left, right in
                    let (a, b) = (first.teachers[left], first.teachers[right])
                    return a.yearsAtSchool != b.yearsAtSchool ? a.yearsAtSchool > b.yearsAtSchool : a.id < b.id
                }
                let representative = teachers[0]
                let cost = years.indices.map { year -> [Double] in
                    guard let local = index(representative, year: year) else { return targets.map { _ in 0 } }
                    return targets.map { years[year].moveCost(teacher: local, to: $0) }
                }
                groups.append(
                    CycleGroup(
                        home: school, subject: key.key.subject, role: key.key.role, teachers: teachers, pin: first.pins[representative]?.action,
                        eligible: key.eligible, targets: targets, cost: cost))
            }
        }
    }

    /// One integer variable per group, year it is eligible in, and allowed target.
    mutating func addMoves() {
        let first = self.first
        for (index, group) in groups.enumerated() where !group.targets.isEmpty {
            for year in years.indices where group.eligible[year] {
                if year == 0, group.pin == .stay { continue }
                for (position, target) in group.targets.enumerated() {
                    let size = group.teachers.count
                    let variable = model.addVariable(
                        "x[\(first.schools[group.home].id),\(group.subject),g\(index),\(first.year + year),\(first.schools[target].id)]",
                        size == 1 ? .binary : .integer, lower: 0, upper: Double(size))
                    moves.append(CycleMove(variable: variable, group: index, year: year, target: target))
                    objective.add(variable, group.cost[year][position])
                }
            }
        }
    }

    func sum(_ selected: [CycleMove]) -> LinearExpression {
        LinearModel.sum(selected.map(\.variable))
    }

    /// The moves as the rows see them (`RotationRows`).
    func terms(_ selected: [CycleMove]) -> [MoveTerm] {
        selected.map { move in
            let group = groups[move.group]
            return MoveTerm(variable: move.variable, home: group.home, target: move.target, subject: group.subject, role: group.role)
        }
    }

    func movesOf(_ group: Int, years range: Range<Int>) -> [CycleMove] {
        moves.filter { $0.group == group && range.contains($0.year) }
    }

    /// R1 over the horizon: at most as many moves as teachers in any `term + cooldown` years.
    mutating func addWindows() {
        for group in groups.indices {
            for start in years.indices {
                let inWindow = movesOf(group, years: start..<min(years.count, start + window))
                guard inWindow.count > 1 else { continue }
                model.add(sum(inWindow) <= Double(groups[group].teachers.count), name: "R1[g\(group),\(first.year + start)]")
            }
        }
    }

    /// R7 in the first year: a `rotate` pin moves, a `to` pin moves to its school.
    mutating func addPins() {
        for (index, group) in groups.enumerated() {
            guard let pin = group.pin, pin != .stay, let teacher = group.teachers.first, let place = first.pins[teacher]?.place else { continue }
            let label = first.label(teacher: teacher)
            let own = moves.filter { $0.group == index && $0.year == 0 }
            switch pin {
            case .rotate:
                guard !own.isEmpty else {
                    infeasibilities.append("R7: \(place) says rotate for \(label), but the teacher cannot move in \(first.year).")
                    continue
                }
                model.add(sum(own) == 1, name: "R7[\(first.teachers[teacher].id)]")
            case .to(let target):
                guard let chosen = own.first(where: { $0.target == target }) else {
                    infeasibilities.append("R7: \(place) says to \(first.schools[target].id) for \(label), but that move is not allowed in \(first.year).")
                    continue
                }
                for move in own { model.fix(move.variable, to: move.variable == chosen.variable ? 1 : 0) }
            case .stay:
                break
            }
        }
        // A pinned teacher the program could not even group (not eligible) is named too.
        for school in community.schools {
            for teacher in staffings[0].byHome[school] {
                guard let pin = first.pins[teacher], pin.action != .stay, !eligibilities[0].isEligible(teacher) else { continue }
                let reasons = eligibilities[0].reasons[teacher].map(\.description).joined(separator: "; ")
                infeasibilities.append("R7: \(pin.place) pins \(first.label(teacher: teacher)), who is not eligible: \(reasons).")
            }
        }
    }

    /// Teachers of `group` who moved in the horizon's earlier years and are still away in
    /// `year` (term_years > 1), at `target`.
    func stillAway(_ group: Int, at target: Int? = nil, year: Int) -> [CycleMove] {
        moves.filter { $0.group == group && $0.year < year && $0.year > year - term && (target == nil || $0.target == target) }
    }

    /// Teachers of `group` whose earlier move in the horizon still blocks them in `year` (away or cooling down).
    func blocked(_ group: Int, year: Int) -> [CycleMove] {
        moves.filter { $0.group == group && $0.year < year && $0.year > year - window }
    }

    /// Year `year`'s rules and objective terms.
    mutating func addRules(year: Int) {
        let scenario = years[year]
        let staffing = staffings[year]
        let label = "\(first.year + year)"
        let thisYear = moves.filter { $0.year == year }
        let lead = community.lead
        let leadId = first.schools[lead].id
        let fromLead = terms(thisYear.filter { groups[$0.group].home == lead })
        // R2: sends ≥ min_ratio × (eligible teachers, less those the horizon's earlier moves block).
        let base = eligibilities[year].base[lead] ?? 0
        if year == 0 || policy.minRatio == 0 {
            let required = policy.requiredSends(base: base)
            if required > 0 {
                model.add(RotationRows.leadQuota(out: fromLead, required: LinearExpression(constant: Double(required))), name: "R2[\(leadId),\(label)]")
            }
        } else {
            // The requirement is an integer of its own, ≥ min_ratio × (base − blocked): as
            // docs/model.md rounds it up, and a variable GLPK can branch on as a whole.
            let required = model.addVariable("required[\(leadId),\(label)]", .integer, lower: 0, upper: Double(base))
            var expression = LinearExpression(required)
            for group in groups.indices where groups[group].home == lead && groups[group].eligible[year] {
                for move in blocked(group, year: year) { expression.add(move.variable, policy.minRatio) }
            }
            model.add(expression >= policy.minRatio * Double(base) - 1e-9, name: "R2.required[\(leadId),\(label)]")
            model.add(RotationRows.leadQuota(out: fromLead, required: LinearExpression(required)), name: "R2[\(leadId),\(label)]")
        }
        if let row = RotationRows.backboneShare(out: fromLead, share: policy.backboneShare) { model.add(row, name: "R3[\(leadId),\(label)]") }
        for unit in community.units {
            let schools = Set(unit.schools)
            let into = terms(thisYear.filter { schools.contains($0.target) })
            let out = terms(thisYear.filter { schools.contains(groups[$0.group].home) })
            let memberId = first.schools[unit.member].id
            if let row = RotationRows.cadresPerMember(into: into, needed: policy.minCadresPerMember) { model.add(row, name: "R4[\(memberId),\(label)]") }
            model.add(RotationRows.balance(into: into, out: out, tolerance: policy.balanceTolerance), name: "R5[\(memberId),\(label)]")
        }
        addStaffingRules(year: year, scenario: scenario, staffing: staffing, thisYear: thisYear)
    }

    /// R6, shortfall and E(c) of year `year`, on that year's staffing: the year's own moves,
    /// and earlier moves of the horizon whose term still runs.
    mutating func addStaffingRules(year: Int, scenario: Scenario, staffing: Staffing, thisYear: [CycleMove]) {
        let label = "\(first.year + year)"
        let weights = first.policy.weights
        // current − out + in, by (school, subject): the earlier terms' moves are part of current.
        func stillRunning(_ school: Int, _ subject: String) -> LinearExpression {
            var expression = LinearExpression()
            for group in groups.indices where groups[group].subject == subject {
                for move in stillAway(group, year: year) {
                    if groups[group].home == school { expression.add(move.variable, -1) }
                    if move.target == school { expression.add(move.variable, 1) }
                }
            }
            return expression
        }
        for school in community.schools {
            let subjects = Set(thisYear.filter { groups[$0.group].home == school || $0.target == school }.map { groups[$0.group].subject })
                .union(scenario.demand.keys.filter { $0.school == school }.map(\.subject)).sorted()
            for subject in subjects {
                let current = staffing.current(school, subject)
                let demand = scenario.demandTeachers(school, subject)
                let out = thisYear.filter { groups[$0.group].home == school && groups[$0.group].subject == subject }
                let running = stillRunning(school, subject)
                let change = RotationRows.change(at: school, subject, terms(thisYear))
                let id = "\(first.schools[school].id),\(subject),\(label)"
                // R6: after ≥ min(current, demand).
                if !out.isEmpty {
                    if running.terms.isEmpty {
                        let mostOut = Set(out.map(\.group)).reduce(0) { $0 + groups[$1].teachers.count }
                        if current - mostOut < min(current, demand) {
                            model.add(RotationRows.noNewHoles(change: change, current: current, demand: demand), name: "R6[\(id)]")
                        }
                    } else {
                        // current varies with the earlier terms: after ≥ current (in ≥ out) or after ≥ demand.
                        let bigM = Double(current + demand + 100)
                        let either = model.addVariable("r6[\(id)]", .binary)
                        model.add(change + LinearExpression(either, bigM) >= 0, name: "R6a[\(id)]")
                        model.add(change + running - LinearExpression(either, bigM) >= Double(demand - current) - bigM, name: "R6b[\(id)]")
                    }
                }
                // Shortfall at members and sites.
                guard scenario.memberUnit(of: school) != nil, demand > 0 else { continue }
                if change.terms.isEmpty && running.terms.isEmpty {
                    objective.constant += ObjectiveTerm.shortfall.coefficient(weights) * Double(max(0, demand - current))
                    continue
                }
                let shortfall = model.addVariable("shortfall[\(id)]", .continuous, lower: 0, upper: Double(demand))
                model.add(RotationRows.shortfall(shortfall, change: change + running, current: current, demand: demand), name: "gap[\(id)]")
                objective.add(shortfall, ObjectiveTerm.shortfall.coefficient(weights))
            }
        }
        // E(c): the lowest 100·Q/D of the units with demand, this year.
        let units = community.units.filter { unit in unit.schools.contains { school in scenario.demand.keys.contains { $0.school == school } } }
        var rows: [(unit: MemberUnit, strongInto: [MoveTerm], strongOut: [MoveTerm], present: Int, demand: Int)] = []
        for unit in units {
            let schools = Set(unit.schools)
            let total = RotationRows.demand(of: schools, scenario: scenario)
            guard total > 0 else { continue }
            // This year's moves and earlier moves of the horizon whose term still runs.
            let counted = terms(
                moves.filter { move in
                    groups[move.group].role.isCadreOrBackbone && (move.year == year || (move.year < year && move.year > year - term))
                })
            rows.append(
                (
                    unit, counted.filter { schools.contains($0.target) }, counted.filter { schools.contains($0.home) },
                    RotationRows.strongPresent(in: schools, scenario: scenario, staffing: staffing), total
                ))
        }
        guard !rows.isEmpty else { return }
        let equity = model.addVariable("equity[\(community.id),\(label)]", .continuous, lower: 0, upper: nil)
        for row in rows {
            model.add(
                RotationRows.equity(equity, strongInto: row.strongInto, strongOut: row.strongOut, present: row.present, demand: row.demand),
                name: "equity[\(first.schools[row.unit.member].id),\(label)]")
        }
        objective.add(equity, ObjectiveTerm.equity.coefficient(weights))
    }
}

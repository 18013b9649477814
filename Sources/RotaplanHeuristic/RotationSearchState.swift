import RotaplanDomain

/// One community's rotation plan under construction, with everything docs/model.md Part 1 needs
/// kept up to date move by move, so that a change is scored in O(members) instead of
/// re-evaluating the county.
struct RotationSearchState {
    /// A teacher who may move, with the schools allowed (R1) and the cost of each move.
    struct Mover {
        var teacher: Int
        var home: Int
        var subject: Int
        var role: Role
        var targets: [Int]
        /// `Scenario.moveCost` per target.
        var costs: [Double]
        var pin: PinAction?
        /// Teachers alike for every rule and term share a kind (the search tries one of them).
        var kind: Int
        /// Precomputed for `assign`: the (school, subject) pair at home and at each target, and
        /// the member unit (an index into the community's units) of each target.
        var homePair = 0
        var targetPairs: [Int] = []
        var targetUnits: [Int] = []
    }

    private enum KindKey: Hashable {
        case alike(InterchangeableKey)
        case pinned(Int)
    }

    /// What does not change during the search, behind one reference, so that copying a state
    /// (the search keeps its best one) copies only the counters.
    final class Facts {
        let scenario: Scenario
        let community: Community
        let movers: [Mover]
        let demand: [Int]
        /// `current(s,k)` per pair, and R6's floor `min(current, demand)`.
        let current: [Int]
        let floor: [Int]
        /// The school of each pair.
        let pairSchool: [Int]
        /// Whether a pair is at a member or site (where shortfall counts).
        let isMemberPair: [Bool]
        /// The member unit (index into the community's units) of each member and site.
        let memberIndex: [Int: Int]
        let memberDemandTotal: [Int]
        let requiredSends: Int
        let policy: RotationPolicy
        let weights: Weights

        init(
            scenario: Scenario, community: Community, movers: [Mover], demand: [Int], current: [Int], pairSchool: [Int],
            isMemberPair: [Bool], memberIndex: [Int: Int], memberDemandTotal: [Int], requiredSends: Int
        ) {
            self.scenario = scenario
            self.community = community
            self.movers = movers
            self.demand = demand
            self.current = current
            floor = zip(current, demand).map { min($0, $1) }
            self.pairSchool = pairSchool
            self.isMemberPair = isMemberPair
            self.memberIndex = memberIndex
            self.memberDemandTotal = memberDemandTotal
            self.requiredSends = requiredSends
            policy = scenario.policy.rotation
            weights = scenario.policy.weights
        }
    }

    let facts: Facts
    var scenario: Scenario { facts.scenario }
    var community: Community { facts.community }
    var movers: [Mover] { facts.movers }
    var policy: RotationPolicy { facts.policy }
    var weights: Weights { facts.weights }

    // What changes.
    private(set) var assignment: [Int?]
    private(set) var after: [Int]
    private(set) var moveCost = 0.0
    private(set) var shortfall = 0
    private(set) var holes = 0
    private(set) var leadOut = 0
    private(set) var leadStrongOut = 0
    private(set) var into: [Int]
    private(set) var outOf: [Int]
    private(set) var cadresInto: [Int]
    private(set) var quality: [Int]
    private(set) var pinBreaks = 0

    init(scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int) {
        let community = scenario.communities[community]
        let policy = scenario.policy.rotation
        let schools = community.schools
        var pairIndex: [SchoolSubject: Int] = [:]
        var demand: [Int] = []
        var after: [Int] = []
        var pairSchool: [Int] = []
        var subjects: [String: Int] = [:]
        func pair(_ school: Int, _ subject: String) -> Int {
            let key = SchoolSubject(school, subject)
            if let index = pairIndex[key] { return index }
            if subjects[subject] == nil { subjects[subject] = subjects.count }
            pairIndex[key] = after.count
            pairSchool.append(school)
            after.append(staffing.current(school, subject))
            demand.append(scenario.demandTeachers(school, subject))
            return after.count - 1
        }
        func subjectNumber(_ subject: String) -> Int {
            if let number = subjects[subject] { return number }
            subjects[subject] = subjects.count
            return subjects.count - 1
        }
        for school in schools {
            for key in scenario.demand.keys.sorted() where key.school == school { _ = pair(school, key.subject) }
        }
        // Every school of a member unit (the member and its sites) maps to the unit.
        var memberIndex: [Int: Int] = [:]
        for (index, unit) in community.units.enumerated() {
            for school in unit.schools { memberIndex[school] = index }
        }
        var movers: [Mover] = []
        var kinds: [KindKey: Int] = [:]
        for school in schools {
            let targets = scenario.allowedTargets(ofTeacherAt: school)
            for teacher in staffing.byHome[school] where eligibility.isEligible(teacher) {
                let pin = scenario.pins[teacher]?.action
                if pin == .stay { continue }
                let row = scenario.teachers[teacher]
                // Every subject a move touches has a pair on both sides.
                let homePair = pair(school, row.subject)
                let targetPairs = targets.map { pair($0, row.subject) }
                let costs = targets.map { scenario.moveCost(teacher: teacher, to: $0) }
                // Interchangeable teachers share a kind; a pinned teacher is a kind alone.
                let kindKey: KindKey = pin == nil ? .alike(scenario.interchangeableKey(teacher)) : .pinned(teacher)
                let kind = kinds[kindKey] ?? kinds.count
                kinds[kindKey] = kind
                movers.append(
                    Mover(
                        teacher: teacher, home: school, subject: subjectNumber(row.subject), role: row.role, targets: targets,
                        costs: costs, pin: pin, kind: kind, homePair: homePair, targetPairs: targetPairs,
                        targetUnits: targets.map { memberIndex[$0] ?? -1 }))
            }
        }
        // Cadres and backbone present at each member unit (exempt ones too).
        var quality = [Int](repeating: 0, count: community.members.count)
        for teacher in scenario.teachers.indices where scenario.teachers[teacher].role.isCadreOrBackbone {
            if let index = memberIndex[staffing.presentAt[teacher]] { quality[index] += 1 }
        }
        var totals = [Int](repeating: 0, count: community.members.count)
        for (key, entry) in scenario.demand { if let index = memberIndex[key.school] { totals[index] += entry.teachers } }
        let memberSet = Set(community.receivingSchools)
        let isMemberPair = pairSchool.map { memberSet.contains($0) }
        facts = Facts(
            scenario: scenario, community: community, movers: movers, demand: demand, current: after, pairSchool: pairSchool,
            isMemberPair: isMemberPair, memberIndex: memberIndex, memberDemandTotal: totals,
            requiredSends: eligibility.requiredSends(lead: community.lead, policy: policy))
        self.after = after
        self.quality = quality
        assignment = Array(repeating: nil, count: movers.count)
        into = Array(repeating: 0, count: community.members.count)
        outOf = Array(repeating: 0, count: community.members.count)
        cadresInto = Array(repeating: 0, count: community.members.count)
        for (index, _) in after.enumerated() where isMemberPair[index] {
            shortfall += max(0, demand[index] - after[index])
        }
        for mover in movers where mover.pin != nil { pinBreaks += 1 }
    }

    private mutating func change(pair index: Int, by delta: Int) {
        let before = after[index]
        let now = before + delta
        after[index] = now
        let demand = facts.demand[index]
        if facts.isMemberPair[index] {
            shortfall += max(0, demand - now) - max(0, demand - before)
        }
        let floor = facts.floor[index]
        holes += max(0, floor - now) - max(0, floor - before)
    }

    /// Moves mover `index` to `target` (nil: stays home), keeping every count. A target the
    /// mover may not go to (R1) changes nothing and returns false: a search proposes such
    /// changes (a partner whose school is beyond `max_km`), and no proposal may stop the program.
    @discardableResult
    mutating func assign(_ index: Int, to target: Int?) -> Bool {
        let old = assignment[index]
        guard old != target else { return true }
        var position: Int?
        if let target {
            guard let found = movers[index].targets.firstIndex(of: target) else { return false }
            position = found
        }
        if let old, let previous = movers[index].targets.firstIndex(of: old) { apply(index, position: previous, sign: -1) }
        if let position { apply(index, position: position, sign: 1) }
        assignment[index] = target
        return true
    }

    private mutating func apply(_ index: Int, position: Int, sign: Int) {
        let role = movers[index].role
        let home = movers[index].home
        moveCost += Double(sign) * movers[index].costs[position]
        change(pair: movers[index].homePair, by: -sign)
        change(pair: movers[index].targetPairs[position], by: sign)
        let strong = role.isCadreOrBackbone
        if home == community.lead {
            leadOut += sign
            if strong { leadStrongOut += sign }
            // A lead's targets are schools of its member units (`allowedTargets`).
            let member = movers[index].targetUnits[position]
            if member >= 0 {
                into[member] += sign
                if role == .cadre { cadresInto[member] += sign }
                if strong { quality[member] += sign }
            }
        } else if let member = facts.memberIndex[home] {
            outOf[member] += sign
            if strong { quality[member] -= sign }
        }
        if let pin = movers[index].pin {
            let kept: Bool
            switch pin {
            case .rotate: kept = true
            case .to(let school): kept = school == movers[index].targets[position]
            case .stay: kept = false
            }
            if kept { pinBreaks -= sign }
        }
    }

    /// E(c): the lowest 100·Q/D of the member units with demand (0 when none has).
    var equity: Double {
        var lowest: Double?
        for unit in quality.indices {
            guard let ratio = MemberQuality.ratio(strong: quality[unit], demand: facts.memberDemandTotal[unit]) else { continue }
            lowest = min(lowest ?? ratio, ratio)
        }
        return lowest ?? 0
    }

    /// The community's part of docs/model.md's objective.
    var objective: Double {
        moveCost + ObjectiveTerm.shortfall.coefficient(facts.weights) * Double(shortfall)
            + ObjectiveTerm.equity.coefficient(facts.weights) * equity
    }

    /// How far the plan is from lawful, summed over R2–R7 (0 when every rule holds).
    var violation: Double {
        let policy = facts.policy
        var total = Double(max(0, facts.requiredSends - leadOut))
        if !policy.keepsBackboneShare(strong: leadStrongOut, sent: leadOut) {
            total += policy.backboneRequired(sent: leadOut) - Double(leadStrongOut)
        }
        for member in into.indices {
            total += Double(max(0, policy.minCadresPerMember - cadresInto[member]))
            total += Double(max(0, abs(into[member] - outOf[member]) - policy.balanceTolerance))
        }
        total += Double(holes) + Double(pinBreaks)
        return total
    }

    /// Which rules the plan breaks, in the office's words, each after its rule's name.
    var brokenRules: [String] {
        var broken: [String] = []
        let lead = "牵头校 \(scenario.named(school: community.lead))"
        if leadOut < facts.requiredSends {
            broken.append("\(Vocabulary.rule("R2"))：\(lead)只派出 \(leadOut) 人，须至少 \(facts.requiredSends) 人")
        }
        if !policy.keepsBackboneShare(strong: leadStrongOut, sent: leadOut) {
            broken.append("\(Vocabulary.rule("R3"))：\(lead)派出 \(leadOut) 人，其中干部和骨干教师 \(leadStrongOut) 人，不足 \(Display.percent(policy.backboneShare))")
        }
        for (index, member) in community.members.enumerated() {
            if cadresInto[index] < policy.minCadresPerMember {
                broken.append("\(Vocabulary.rule("R4"))：\(scenario.named(unit: member))接收干部 \(cadresInto[index]) 人，须至少 \(policy.minCadresPerMember) 人")
            }
            if !policy.keepsBalance(received: into[index], sent: outOf[index]) {
                broken.append(
                    "\(Vocabulary.rule("R5"))：\(scenario.named(unit: member))接收 \(into[index]) 人、派出 \(outOf[index]) 人，相差超过 \(policy.balanceTolerance) 人")
            }
        }
        if holes > 0 { broken.append("\(Vocabulary.rule("R6"))：有 \(holes) 个学科岗位将少于现有人数与需求人数中的较小者") }
        if pinBreaks > 0 { broken.append("\(Vocabulary.rule("R7"))：有 \(pinBreaks) 项已定安排未能落实") }
        return broken
    }

    var moves: [Move] {
        movers.indices.compactMap { index in assignment[index].map { Move(teacher: movers[index].teacher, to: $0) } }
    }
}

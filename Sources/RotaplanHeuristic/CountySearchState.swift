import RotaplanDomain

/// The county's Part 1 plan under construction with the county exchange (docs/model.md "Part 1
/// with the county exchange"): every count the rules R2–R7 and X1–X3 read and every term of the
/// county objective, kept up to date move by move, so that a change is scored in a few steps
/// instead of evaluating the county again. `RotationEvaluation` gives the same objective.
struct CountySearchState {
    /// One school a mover may go to: a secondment (R1) or an exchange.
    struct Target {
        var school: Int
        var kind: MoveKind
        /// The (school, subject) pair the move arrives at.
        var pair: Int
        /// `Scenario.moveCost`: what the move adds to the objective by itself.
        var cost: Double
        /// The member unit (index into `Facts.units`) of the school, or -1.
        var unit: Int
    }

    /// A teacher who may move this year, with every school they may go to.
    struct Mover {
        var teacher: Int
        var home: Int
        var role: Role
        var pin: PinAction?
        var targets: [Target]
        /// Teachers alike for every rule and term share a kind; a pinned teacher is one alone.
        var kind: Int
        var homePair: Int
        /// The community whose lead `home` is, or -1.
        var leadOf: Int
        /// The member unit of `home`, or -1.
        var homeUnit: Int
        /// The index of `home` among the urban schools (X1, X2), or -1.
        var urban: Int
        var strong: Bool { role.isCadreOrBackbone }
    }

    /// A member and its sites: one unit for R4, R5 and E(c).
    struct Unit {
        var community: Int
        var member: Int
        /// D(M): the unit's demand in teachers.
        var demand: Int
    }

    /// What does not change during the search, behind one reference, so that a copy of the
    /// state (the search keeps its best one) copies only the counters.
    final class Facts {
        let scenario: Scenario
        let staffing: Staffing
        let eligibility: Eligibility
        let movers: [Mover]
        let pairs: [SchoolSubject]
        let pairIndex: [SchoolSubject: Int]
        /// `current(s,k)`, `demand(s,k)`, R6's floor `min(current, demand)` and X3's cap
        /// `max(current, demand)` per pair.
        let current: [Int]
        let demand: [Int]
        let floor: [Int]
        let cap: [Int]
        /// Whether the pair's shortfall counts in the objective (members, sites, rural independents).
        let counted: [Bool]
        let units: [Unit]
        let unitsOf: [[Int]]
        let unitOfSchool: [Int: Int]
        let requiredSends: [Int]
        let urbanSchools: [Int]
        let requiredExchanges: [Int]
        let policy: RotationPolicy
        let exchange: ExchangePolicy
        let weights: Weights
        /// What every plan breaks, in the office's words: pins no lawful move can meet (R7),
        /// urban schools with fewer teachers who can go anywhere than X1 asks.
        let unmeetable: [String]
        /// One unit of rule violation outweighs any difference of objective.
        let penalty: Double

        /// A mover's plain fields, without a copy of its targets.
        @inline(__always)
        func moverFields(_ index: Int) -> (homePair: Int, leadOf: Int, homeUnit: Int, urban: Int, role: Role, pin: PinAction?) {
            movers.withUnsafeBufferPointer { buffer in
                (buffer[index].homePair, buffer[index].leadOf, buffer[index].homeUnit, buffer[index].urban, buffer[index].role, buffer[index].pin)
            }
        }

        init(scenario: Scenario, staffing: Staffing, eligibility: Eligibility) {
            self.scenario = scenario
            self.staffing = staffing
            self.eligibility = eligibility
            policy = scenario.policy.rotation
            exchange = scenario.policy.exchange
            weights = scenario.policy.weights
            var pairs: [SchoolSubject] = []
            var pairIndex: [SchoolSubject: Int] = [:]
            func pair(_ school: Int, _ subject: String) -> Int {
                let key = SchoolSubject(school, subject)
                if let index = pairIndex[key] { return index }
                pairIndex[key] = pairs.count
                pairs.append(key)
                return pairs.count - 1
            }
            for key in scenario.demand.keys.sorted() { _ = pair(key.school, key.subject) }
            var schoolDemand = [Int](repeating: 0, count: scenario.schools.count)
            for (key, entry) in scenario.demand { schoolDemand[key.school] += entry.teachers }
            var units: [Unit] = []
            var unitsOf: [[Int]] = []
            var unitOfSchool: [Int: Int] = [:]
            for (index, community) in scenario.communities.enumerated() {
                var list: [Int] = []
                for unit in community.units {
                    let demand = unit.schools.reduce(0) { $0 + schoolDemand[$1] }
                    for school in unit.schools { unitOfSchool[school] = units.count }
                    list.append(units.count)
                    units.append(Unit(community: index, member: unit.member, demand: demand))
                }
                unitsOf.append(list)
            }
            var leadOf: [Int: Int] = [:]
            for (index, community) in scenario.communities.enumerated() { leadOf[community.lead] = index }
            let urbanSchools = scenario.schools.indices.filter { !scenario.schools[$0].rural }
            var urbanIndex: [Int: Int] = [:]
            for (index, school) in urbanSchools.enumerated() { urbanIndex[school] = index }
            let useful = Self.exchangeTargetsWorthAMove(scenario, staffing: staffing, eligibility: eligibility)
            var movers: [Mover] = []
            var cannot: [String] = []
            struct KindKey: Hashable {
                var alike: InterchangeableKey?
                var pinned: Int
                var secondable: Bool
                var exchangeable: Bool
            }
            var kinds: [KindKey: Int] = [:]
            for school in scenario.schools.indices {
                let secondments = scenario.allowedTargets(ofTeacherAt: school)
                let exchanges = scenario.exchangeTargets(ofTeacherAt: school)
                // Alike teachers are chosen in this order, as the county program names them:
                // the longest at the school first (the policy's intent), then by id.
                let ordered = staffing.byHome[school].sorted { left, right in
                    let (a, b) = (scenario.teachers[left], scenario.teachers[right])
                    return a.yearsAtSchool != b.yearsAtSchool ? a.yearsAtSchool > b.yearsAtSchool : a.id < b.id
                }
                for teacher in ordered {
                    let pin = scenario.pins[teacher]?.action
                    if pin == .stay { continue }
                    let secondable = eligibility.isEligible(teacher)
                    let exchangeable = eligibility.isExchangeEligible(teacher)
                    guard secondable || exchangeable else {
                        if let pin { cannot.append(Self.pinWords(scenario, eligibility, teacher, pin, why: .ineligible)) }
                        continue
                    }
                    let subject = scenario.teachers[teacher].subject
                    var schools: [(Int, MoveKind)] = secondable ? secondments.map { ($0, .secondment) } : []
                    if exchangeable {
                        // As the county program has them (docs/solving.md "The county exchange"):
                        // only where X3 can let the exchange in, and from a rural school only for
                        // a pin or a move that pays for itself.
                        schools += exchanges.filter { target in
                            useful.contains(SchoolSubject(target, subject))
                                && (!scenario.schools[school].rural || pin != nil || scenario.moveCost(teacher: teacher, to: target) < 0)
                        }.map { ($0, .exchange) }
                    }
                    if case .to(let chosen) = pin { schools = schools.filter { $0.0 == chosen } }
                    guard !schools.isEmpty else {
                        if let pin { cannot.append(Self.pinWords(scenario, eligibility, teacher, pin, why: .unreachable)) }
                        continue
                    }
                    let targets = schools.map { target, kind in
                        Target(
                            school: target, kind: kind, pair: pair(target, subject),
                            cost: scenario.moveCost(teacher: teacher, to: target), unit: unitOfSchool[target] ?? -1)
                    }
                    let key = KindKey(
                        alike: pin == nil ? scenario.interchangeableKey(teacher) : nil, pinned: pin == nil ? -1 : teacher,
                        secondable: secondable, exchangeable: exchangeable)
                    let kind = kinds[key] ?? kinds.count
                    kinds[key] = kind
                    movers.append(
                        Mover(
                            teacher: teacher, home: school, role: scenario.teachers[teacher].role, pin: pin, targets: targets,
                            kind: kind, homePair: pair(school, subject), leadOf: leadOf[school] ?? -1,
                            homeUnit: unitOfSchool[school] ?? -1, urban: urbanIndex[school] ?? -1))
                }
            }
            let current = pairs.map { staffing.current($0.school, $0.subject) }
            let demand = pairs.map { scenario.demandTeachers($0.school, $0.subject) }
            self.movers = movers
            self.pairs = pairs
            self.pairIndex = pairIndex
            self.current = current
            self.demand = demand
            floor = zip(current, demand).map { min($0, $1) }
            cap = zip(current, demand).map { max($0, $1) }
            counted = pairs.map { key in
                let school = scenario.schools[key.school]
                return scenario.memberUnit(of: key.school) != nil || (school.kind == .independent && school.rural)
            }
            self.units = units
            self.unitsOf = unitsOf
            self.unitOfSchool = unitOfSchool
            requiredSends = scenario.communities.map { eligibility.requiredSends(lead: $0.lead, policy: scenario.policy.rotation) }
            self.urbanSchools = urbanSchools
            requiredExchanges = urbanSchools.map { eligibility.requiredExchangeSends(urban: $0, policy: scenario.policy.exchange) }
            // X1 by counting: an urban school whose teachers with somewhere to go are fewer
            // than it must send has no lawful plan.
            var canGo = [Int](repeating: 0, count: urbanSchools.count)
            for mover in movers where mover.urban >= 0 { canGo[mover.urban] += 1 }
            for (urban, school) in urbanSchools.enumerated() {
                let required = eligibility.requiredExchangeSends(urban: school, policy: scenario.policy.exchange)
                guard canGo[urban] < required else { continue }
                let can = canGo[urban] == 0 ? "但没有教师有处可去" : "但只有 \(canGo[urban]) 名教师有处可去"
                cannot.append(
                    "\(Vocabulary.rule("X1"))：城镇学校 \(scenario.named(school: school))须派出 \(required) 人（共同体派驻与区域交流合计），\(can)：区域交流只去\(formatNumber(scenario.policy.exchange.maxKm)) 公里内缺这门学科教师或有教师调出的乡村学校。"
                )
            }
            unmeetable = cannot
            let weights = scenario.policy.weights
            let longest = max(scenario.policy.rotation.maxKm, scenario.policy.exchange.maxKm)
            penalty =
                1000
                * (1 + weights.shortfall + weights.move + weights.travelKm * longest + 100 * weights.equity
                    + weights.volunteer + 10 * weights.tenure)
        }

        /// The (school, subject) pairs an exchange may go into, as the county program reads X3:
        /// a shortfall there, or a teacher present there who may leave. An exchange into any
        /// other pair breaks X3 in every plan.
        static func exchangeTargetsWorthAMove(_ scenario: Scenario, staffing: Staffing, eligibility: Eligibility) -> Set<SchoolSubject> {
            var pairs: Set<SchoolSubject> = []
            for (key, demand) in scenario.demand where demand.teachers > staffing.current(key.school, key.subject) { pairs.insert(key) }
            for teacher in scenario.teachers.indices where scenario.pins[teacher]?.action != .stay && eligibility.mayMove(teacher) {
                pairs.insert(SchoolSubject(staffing.presentAt[teacher], scenario.teachers[teacher].subject))
            }
            return pairs
        }

        enum PinTrouble { case ineligible, unreachable }

        /// Why a pin can never be met, in the office's words (as RotationDiagnosis.pinReasons says it).
        static func pinWords(_ scenario: Scenario, _ eligibility: Eligibility, _ teacher: Int, _ pin: PinAction, why: PinTrouble) -> String {
            let home = scenario.teachers[teacher].home
            let place = scenario.pins[teacher].map { "按 \(Display.place($0))，" } ?? ""
            let said = "\(Vocabulary.rule("R7"))：\(place)\(scenario.named(school: home))的\(scenario.named(teacher: teacher))须\(scenario.describe(pin))"
            switch why {
            case .ineligible:
                var seen: Set<String> = []
                let reasons = (eligibility.reasons[teacher] + (teacher < eligibility.exchangeReasons.count ? eligibility.exchangeReasons[teacher] : []))
                    .map(\.description).filter { seen.insert($0).inserted }
                return "\(said)，但该教师既不符合共同体派驻条件，也不符合区域交流条件：\(reasons.joined(separator: "；"))。"
            case .unreachable:
                if case .to(let target) = pin {
                    let kind = scenario.moveKind(from: home, to: target)
                    let limit = kind == .exchange ? scenario.policy.exchange.maxKm : scenario.policy.rotation.maxKm
                    let km = scenario.km(home, target)
                    if km > limit {
                        return "\(said)，但两校相距 \(Display.km(km)) 公里，超过\(kind == .exchange ? "区域交流" : "交流")最远距离 \(formatNumber(limit)) 公里。"
                    }
                    if kind == .secondment && !eligibility.isEligible(teacher) {
                        let why = eligibility.reasons[teacher].map(\.description).joined(separator: "；")
                        return "\(said)，但该教师不符合共同体派驻条件：\(why)。"
                    }
                    if kind == .exchange && !eligibility.isExchangeEligible(teacher) {
                        let why = eligibility.exchangeReasons[teacher].map(\.description).joined(separator: "；")
                        return "\(said)，但该教师不符合区域交流条件：\(why)。"
                    }
                    let subject = Display.subject(scenario.teachers[teacher].subject)
                    return "\(said)，但该校\(subject)教师不缺，也无人调出；\(Vocabulary.rule("X3"))只许交流去需要的学校。"
                }
                return "\(said)，但在距离上限之内无处可去。"
            }
        }
    }

    let facts: Facts
    var movers: [Mover] { facts.movers }
    var scenario: Scenario { facts.scenario }

    // What changes.
    /// The position in the mover's `targets` of the school it goes to, or -1 when it stays.
    private(set) var position: [Int]
    private(set) var after: [Int]
    private(set) var exchangesIn: [Int]
    private(set) var moveCost = 0.0
    private(set) var shortfall = 0
    private(set) var holes = 0
    private(set) var overCap = 0
    private(set) var leadSent: [Int]
    private(set) var leadStrong: [Int]
    private(set) var unitIn: [Int]
    private(set) var unitOut: [Int]
    private(set) var cadresIn: [Int]
    private(set) var quality: [Int]
    private(set) var urbanSent: [Int]
    private(set) var urbanStrong: [Int]
    private(set) var pinBreaks = 0
    private(set) var equity: [Double]
    private(set) var equitySum = 0.0
    /// R2, R4, R5 and X1 short counts, kept whole; R3 and X2 are real numbers.
    private(set) var countViolation = 0
    private(set) var shareViolation = 0.0

    init(facts: Facts) {
        self.facts = facts
        let scenario = facts.scenario
        position = Array(repeating: -1, count: facts.movers.count)
        after = facts.current
        exchangesIn = Array(repeating: 0, count: facts.pairs.count)
        leadSent = Array(repeating: 0, count: scenario.communities.count)
        leadStrong = leadSent
        unitIn = Array(repeating: 0, count: facts.units.count)
        unitOut = unitIn
        cadresIn = unitIn
        quality = unitIn
        urbanSent = Array(repeating: 0, count: facts.urbanSchools.count)
        urbanStrong = urbanSent
        equity = Array(repeating: 0, count: scenario.communities.count)
        for (teacher, row) in scenario.teachers.enumerated() where row.role.isCadreOrBackbone {
            if let unit = facts.unitOfSchool[facts.staffing.presentAt[teacher]] { quality[unit] += 1 }
        }
        for pair in facts.pairs.indices {
            if facts.counted[pair] { shortfall += max(0, facts.demand[pair] - after[pair]) }
        }
        for community in scenario.communities.indices {
            countViolation += r2(community)
            shareViolation += r3(community)
            equity[community] = equityOf(community)
            equitySum += equity[community]
        }
        for unit in facts.units.indices { countViolation += r4(unit) + r5(unit) }
        for urban in facts.urbanSchools.indices { countViolation += x1(urban) }
        for mover in facts.movers where mover.pin != nil { pinBreaks += 1 }
    }

    // MARK: The rules' shortfalls, each a count or a real number (0 when the rule holds)

    private func r2(_ community: Int) -> Int { max(0, facts.requiredSends[community] - leadSent[community]) }

    private func r3(_ community: Int) -> Double {
        let policy = facts.policy
        guard !policy.keepsBackboneShare(strong: leadStrong[community], sent: leadSent[community]) else { return 0 }
        return policy.backboneRequired(sent: leadSent[community]) - Double(leadStrong[community])
    }

    private func r4(_ unit: Int) -> Int { max(0, facts.policy.minCadresPerMember - cadresIn[unit]) }

    private func r5(_ unit: Int) -> Int { max(0, abs(unitIn[unit] - unitOut[unit]) - facts.policy.balanceTolerance) }

    private func x1(_ urban: Int) -> Int { max(0, facts.requiredExchanges[urban] - urbanSent[urban]) }

    private func x2(_ urban: Int) -> Double {
        let needed = facts.exchange.backboneRequired(sent: urbanSent[urban])
        return Double(urbanStrong[urban]) >= needed - 1e-9 ? 0 : needed - Double(urbanStrong[urban])
    }

    private func equityOf(_ community: Int) -> Double {
        var lowest: Double?
        for unit in facts.unitsOf[community] {
            guard let ratio = MemberQuality.ratio(strong: quality[unit], demand: facts.units[unit].demand) else { continue }
            lowest = min(lowest ?? ratio, ratio)
        }
        return lowest ?? 0
    }

    // MARK: Moves

    /// The school mover `index` goes to, or nil.
    func target(of index: Int) -> Int? {
        position[index] < 0 ? nil : movers[index].targets[position[index]].school
    }

    func isIdle(_ index: Int) -> Bool { position[index] < 0 }

    /// Sends mover `index` to the target at `to` (-1: stays home), keeping every count.
    mutating func assign(_ index: Int, position to: Int) {
        let old = position[index]
        guard old != to else { return }
        if old >= 0 { apply(index, old, sign: -1) }
        if to >= 0 { apply(index, to, sign: 1) }
        position[index] = to
    }

    /// Sends mover `index` to `school` (nil: stays home); false, and nothing changed, when the
    /// mover may not go there.
    @discardableResult
    mutating func assign(_ index: Int, to school: Int?) -> Bool {
        guard let school else {
            assign(index, position: -1)
            return true
        }
        guard let found = movers[index].targets.firstIndex(where: { $0.school == school }) else { return false }
        assign(index, position: found)
        return true
    }

    private mutating func changePair(_ pair: Int, by delta: Int, exchanges: Int) {
        let before = after[pair]
        let now = before + delta
        let demand = facts.demand[pair]
        if facts.counted[pair] { shortfall += max(0, demand - now) - max(0, demand - before) }
        let floor = facts.floor[pair]
        holes += max(0, floor - now) - max(0, floor - before)
        let cap = facts.cap[pair]
        let overBefore = exchangesIn[pair] > 0 ? max(0, before - cap) : 0
        exchangesIn[pair] += exchanges
        let overNow = exchangesIn[pair] > 0 ? max(0, now - cap) : 0
        overCap += overNow - overBefore
        after[pair] = now
    }

    private mutating func apply(_ index: Int, _ at: Int, sign: Int) {
        // Plain values read once: holding the mover itself (its targets array) across the
        // mutations below costs a retain and a release per change scored.
        let (homePair, leadOf, homeUnit, urban, role, pin) = facts.moverFields(index)
        let target = facts.movers[index].targets[at]
        moveCost += Double(sign) * target.cost
        changePair(homePair, by: -sign, exchanges: 0)
        changePair(target.pair, by: sign, exchanges: target.kind == .exchange ? sign : 0)
        let strong = role.isCadreOrBackbone
        if target.kind == .secondment {
            if leadOf >= 0 {
                let community = leadOf
                countViolation -= r2(community)
                shareViolation -= r3(community)
                leadSent[community] += sign
                if strong { leadStrong[community] += sign }
                countViolation += r2(community)
                shareViolation += r3(community)
                if target.unit >= 0 {
                    let unit = target.unit
                    countViolation -= r4(unit) + r5(unit)
                    unitIn[unit] += sign
                    if role == .cadre { cadresIn[unit] += sign }
                    countViolation += r4(unit) + r5(unit)
                }
            } else if homeUnit >= 0 {
                let unit = homeUnit
                countViolation -= r5(unit)
                unitOut[unit] += sign
                countViolation += r5(unit)
            }
        }
        if strong {
            if target.unit >= 0 { changeQuality(target.unit, by: sign) }
            if homeUnit >= 0 { changeQuality(homeUnit, by: -sign) }
        }
        if urban >= 0 {
            countViolation -= x1(urban)
            shareViolation -= x2(urban)
            urbanSent[urban] += sign
            if strong { urbanStrong[urban] += sign }
            countViolation += x1(urban)
            shareViolation += x2(urban)
        }
        if let pin {
            let kept: Bool
            switch pin {
            case .rotate: kept = true
            case .to(let school): kept = school == target.school
            case .stay: kept = false
            }
            if kept { pinBreaks -= sign }
        }
    }

    private mutating func changeQuality(_ unit: Int, by delta: Int) {
        quality[unit] += delta
        let community = facts.units[unit].community
        let now = equityOf(community)
        equitySum += now - equity[community]
        equity[community] = now
    }

    // MARK: What the plan is worth

    /// docs/model.md's county objective of the plan (as `RotationEvaluation` computes it).
    var objective: Double {
        moveCost + ObjectiveTerm.shortfall.coefficient(facts.weights) * Double(shortfall)
            + ObjectiveTerm.equity.coefficient(facts.weights) * equitySum
    }

    /// How far the plan is from lawful, summed over R2–R7 and X1–X3 (0 when every rule holds).
    var violation: Double {
        let share = shareViolation < 1e-9 ? 0 : shareViolation
        return Double(countViolation + holes + pinBreaks + overCap) + share
    }

    /// The objective with every unit of violation at the full penalty.
    var score: Double { objective + facts.penalty * violation }

    var moves: [Move] {
        movers.indices.compactMap { index in target(of: index).map { Move(teacher: movers[index].teacher, to: $0) } }
    }

    /// Idle movers, one of each kind: alike teachers make the same change, so one is tried.
    func idleRepresentatives() -> [Int] {
        var seen: Set<Int> = []
        return movers.indices.filter { position[$0] < 0 && seen.insert(movers[$0].kind).inserted }
    }
}

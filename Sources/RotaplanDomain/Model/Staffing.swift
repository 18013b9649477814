/// Who is where this year before any plan (docs/model.md "Who is where this year").
public struct Staffing: Sendable {
    /// School each teacher is present at: the running secondment's `to`, else the home school.
    public let presentAt: [Int]
    /// The running rotation row that sends a teacher away, if any.
    public let running: [HistoryEntry?]
    /// `current(s,k)`: teachers present at school `s` with subject `k`.
    public let current: [SchoolSubject: Int]
    /// Teachers by home school (index into `Scenario.schools`), in file order.
    public let byHome: [[Int]]

    public init(_ scenario: Scenario) {
        var presentAt = scenario.teachers.map(\.home)
        var running = [HistoryEntry?](repeating: nil, count: scenario.teachers.count)
        for entry in scenario.history
        where entry.kind.countsForRules && entry.startYear <= scenario.year && scenario.year <= entry.endYear {
            running[entry.teacher] = entry
            presentAt[entry.teacher] = entry.to
        }
        var current: [SchoolSubject: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() {
            current[SchoolSubject(presentAt[index], teacher.subject), default: 0] += 1
        }
        var byHome = [[Int]](repeating: [], count: scenario.schools.count)
        for (index, teacher) in scenario.teachers.enumerated() { byHome[teacher.home].append(index) }
        self.presentAt = presentAt
        self.running = running
        self.current = current
        self.byHome = byHome
    }

    public func isAway(_ teacher: Int) -> Bool { running[teacher] != nil }

    public func current(_ school: Int, _ subject: String) -> Int {
        current[SchoolSubject(school, subject)] ?? 0
    }
}

/// Why a teacher cannot be seconded this year (docs/model.md "Who may be seconded").
public enum IneligibleReason: Sendable, Hashable, CustomStringConvertible {
    case exempt(String)
    case away(to: Int, until: Int)
    case cooldown(endedYear: Int, blockedUntil: Int)
    case nearRetirement(years: Int, needed: Int)
    case shortTenure(years: Int, needed: Int)
    case roleNotSent(Role, SchoolKind)
    case independentSchool
    /// The county exchange asks `exchange.min_years_at_school` of every role.
    case shortExchangeTenure(years: Int, needed: Int)

    /// The reason in the office's words: `免于交流（孕期）`, `距退休 3 年，不足 5 年`.
    public var description: String {
        switch self {
        // `exempt` may hold a reason (孕期) or just a yes.
        case .exempt(let reason): Vocabulary.yesNo(reason) == true ? "免于交流" : "免于交流（\(reason)）"
        // A term's last school year `until` ends in July of the next calendar year.
        case .away(_, let until): "正在交流中，任期至 \(until + 1)年7月"
        case .cooldown(let ended, let until): "交流间隔期未满：上次交流于 \(ended) 学年结束，\(until) 学年及以前不再交流"
        case .nearRetirement(let years, let needed): "距退休 \(years) 年，不足 \(needed) 年"
        case .shortTenure(let years, let needed): "在本校任教 \(years) 年，普通教师须满 \(needed) 年"
        case .roleNotSent(let role, let kind):
            "按政策，\(kind == .lead ? "牵头校" : "成员校和教学点")派出的身份不含\(role.chineseName)"
        case .independentSchool: "任职于独立校，不属于任何共同体"
        case .shortExchangeTenure(let years, let needed): "在本校任教 \(years) 年，区域交流须满 \(needed) 年"
        }
    }

    /// The reason in a word, for counts: `免于交流`, `交流间隔期未满`.
    public var short: String {
        switch self {
        case .exempt: "免于交流"
        case .away: "正在交流中"
        case .cooldown: "交流间隔期未满"
        case .nearRetirement: "临近退休"
        case .shortTenure: "本校任教年限不足"
        case .roleNotSent: "身份不在派出之列"
        case .independentSchool: "任职于独立校"
        case .shortExchangeTenure: "本校任教年限不足"
        }
    }

    /// The reasons' order in counts: as declared.
    public var order: Int {
        switch self {
        case .exempt: 0
        case .away: 1
        case .cooldown: 2
        case .nearRetirement: 3
        case .shortTenure: 4
        case .roleNotSent: 5
        case .independentSchool: 6
        case .shortExchangeTenure: 4
        }
    }
}

/// Eligibility of every teacher and the moves each eligible teacher may make.
public struct Eligibility: Sendable {
    /// Empty for an eligible teacher; otherwise every condition that fails.
    public let reasons: [[IneligibleReason]]
    /// `base(L)`, R2's base: the eligible teachers of each lead school (by school index).
    public let base: [Int: Int]
    /// With the county exchange: why each teacher may not be exchanged (empty when they may).
    public let exchangeReasons: [[IneligibleReason]]
    /// `xbase(u)`, X1's base: the exchange-eligible teachers of each urban school.
    public let exchangeBase: [Int: Int]

    public init(_ scenario: Scenario, staffing: Staffing) {
        let policy = scenario.policy.rotation
        let year = scenario.year
        var lastEnded: [Int: Int] = [:]
        for entry in scenario.history where entry.kind.countsForRules && entry.endYear < year {
            lastEnded[entry.teacher] = max(lastEnded[entry.teacher] ?? entry.endYear, entry.endYear)
        }
        var reasons: [[IneligibleReason]] = []
        var base: [Int: Int] = [:]
        var exchangeReasons: [[IneligibleReason]] = []
        var exchangeBase: [Int: Int] = [:]
        let exchange = scenario.policy.exchange
        if exchange.enabled {
            for school in scenario.schools.indices where !scenario.schools[school].rural { exchangeBase[school] = 0 }
        }
        for community in scenario.communities { base[community.lead] = 0 }
        for (index, teacher) in scenario.teachers.enumerated() {
            var failing: [IneligibleReason] = []
            if let reason = teacher.exemptReason { failing.append(.exempt(reason)) }
            if let entry = staffing.running[index] { failing.append(.away(to: entry.to, until: entry.endYear)) }
            if let ended = lastEnded[index], ended >= year - policy.cooldownYears {
                failing.append(.cooldown(endedYear: ended, blockedUntil: ended + policy.cooldownYears))
            }
            if teacher.yearsToRetirement < policy.minYearsToRetirement {
                failing.append(.nearRetirement(years: teacher.yearsToRetirement, needed: policy.minYearsToRetirement))
            }
            // The exchange's conditions (docs/model.md "Exchange-eligible teacher") share the
            // first four with the secondments' and ask tenure of every role.
            if exchange.enabled {
                var exchangeFailing = failing
                if teacher.yearsAtSchool < exchange.minYearsAtSchool {
                    exchangeFailing.append(.shortExchangeTenure(years: teacher.yearsAtSchool, needed: exchange.minYearsAtSchool))
                }
                if exchangeFailing.isEmpty && !scenario.schools[teacher.home].rural { exchangeBase[teacher.home, default: 0] += 1 }
                exchangeReasons.append(exchangeFailing)
            }
            if teacher.role == .regular && teacher.yearsAtSchool < policy.minYearsAtSchool {
                failing.append(.shortTenure(years: teacher.yearsAtSchool, needed: policy.minYearsAtSchool))
            }
            let kind = scenario.schools[teacher.home].kind
            switch kind {
            case .lead where !policy.leadSends.contains(teacher.role),
                .member where !policy.memberSends.contains(teacher.role),
                .site where !policy.memberSends.contains(teacher.role):
                failing.append(.roleNotSent(teacher.role, kind))
            case .independent:
                failing.append(.independentSchool)
            default: break
            }
            if failing.isEmpty && kind == .lead { base[teacher.home, default: 0] += 1 }
            reasons.append(failing)
        }
        self.reasons = reasons
        self.base = base
        self.exchangeReasons = exchangeReasons
        self.exchangeBase = exchangeBase
    }

    public func isEligible(_ teacher: Int) -> Bool { reasons[teacher].isEmpty }

    /// With the county exchange enabled, whether `teacher` may be exchanged.
    public func isExchangeEligible(_ teacher: Int) -> Bool {
        teacher < exchangeReasons.count && exchangeReasons[teacher].isEmpty
    }

    /// Whether `teacher` may make a move of some kind this year.
    public func mayMove(_ teacher: Int) -> Bool { isEligible(teacher) || isExchangeEligible(teacher) }

    /// X1's requirement for an urban school: `ceil(exchange.min_ratio × xbase(u))`.
    public func requiredExchangeSends(urban school: Int, policy: ExchangePolicy) -> Int {
        policyCeil(policy.minRatio * Double(exchangeBase[school] ?? 0))
    }

    /// R2's requirement for a lead school: `ceil(min_ratio × base(L))`.
    public func requiredSends(lead: Int, policy: RotationPolicy) -> Int {
        policy.requiredSends(base: base[lead] ?? 0)
    }
}

extension Scenario {
    /// Schools an eligible teacher's move may go to by structure alone (before `max_km`).
    public func structuralTargets(ofTeacherAt home: Int) -> [Int] {
        guard let communityIndex = schools[home].communityIndex else { return [] }
        let community = communities[communityIndex]
        switch schools[home].kind {
        case .lead: return community.receivingSchools
        case .member, .site: return [community.lead]
        case .independent: return []
        }
    }

    /// Allowed moves (R1): structural targets within `rotation.max_km`.
    public func allowedTargets(ofTeacherAt home: Int) -> [Int] {
        structuralTargets(ofTeacherAt: home).filter { km(home, $0) <= policy.rotation.maxKm }
    }

    /// A move from `home` to `target` that a secondment makes (a lead to a member or site of
    /// its community, a member or site to its lead), whoever moves and however far.
    public func isCommunityMove(from home: Int, to target: Int) -> Bool {
        guard let community = schools[home].communityIndex, schools[target].communityIndex == community else { return false }
        switch schools[home].kind {
        case .lead: return schools[target].kind == .member || schools[target].kind == .site
        case .member, .site: return schools[target].kind == .lead
        case .independent: return false
        }
    }

    /// Whether some rule makes a move from `home` to `target`, however far: a community
    /// secondment, or with the county exchange an exchange between an urban and a rural school.
    public func isMoveOfSomeRule(from home: Int, to target: Int) -> Bool {
        isCommunityMove(from: home, to: target) || (policy.exchange.enabled && schools[home].rural != schools[target].rural)
    }

    /// What a move is: a community secondment, or with the county exchange enabled an exchange
    /// (docs/model.md "Part 1 with the county exchange").
    public func moveKind(from home: Int, to target: Int) -> MoveKind {
        policy.exchange.enabled && !isCommunityMove(from: home, to: target) ? .exchange : .secondment
    }

    /// A move's direction code (PLAN.md): `lead_to_member` and the like for a secondment,
    /// `urban_to_rural` or `rural_to_urban` for an exchange.
    public func moveDirection(from home: Int, to target: Int) -> String {
        moveKind(from: home, to: target) == .exchange
            ? (schools[home].rural ? "rural_to_urban" : "urban_to_rural")
            : "\(schools[home].kind.rawValue)_to_\(schools[target].kind.rawValue)"
    }

    /// The last school year of a move's term started this year: the exchange's term or the secondment's.
    public func lastYearOfTerm(from home: Int, to target: Int) -> Int {
        let years = moveKind(from: home, to: target) == .exchange ? policy.exchange.termYears : policy.rotation.termYears
        return year + years - 1
    }

    /// Schools an exchange-eligible teacher at `home` may be exchanged to: a rural school from
    /// an urban one, an urban school from a rural one, within `exchange.max_km`, never along a
    /// community move. Empty when the exchange is not enabled.
    public func exchangeTargets(ofTeacherAt home: Int) -> [Int] {
        guard policy.exchange.enabled else { return [] }
        let rural = schools[home].rural
        return schools.indices.filter { target in
            target != home && schools[target].rural != rural && !isCommunityMove(from: home, to: target)
                && km(home, target) <= policy.exchange.maxKm
        }
    }
}

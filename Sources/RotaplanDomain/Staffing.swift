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

    public var description: String {
        switch self {
        case .exempt(let reason): "exempt (\(reason))"
        case .away(_, let until): "away on a running secondment until \(until)"
        case .cooldown(let ended, let until): "in cooldown: a secondment ended in \(ended), blocked until \(until)"
        case .nearRetirement(let years, let needed): "\(years) years to retirement, fewer than \(needed)"
        case .shortTenure(let years, let needed): "\(years) years at the school, fewer than \(needed) for a regular teacher"
        case .roleNotSent(let role, let kind): "a \(kind.rawValue) school does not send role \(role.rawValue) (policy \(kind == .lead ? "lead_sends" : "member_sends"))"
        case .independentSchool: "works at an independent school, in no community"
        case .shortExchangeTenure(let years, let needed): "\(years) years at the school, fewer than the \(needed) the county exchange asks"
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

    /// What a move is: a community secondment, or with the county exchange enabled an exchange
    /// (docs/model.md "Part 1 with the county exchange").
    public func moveKind(from home: Int, to target: Int) -> MoveKind {
        policy.exchange.enabled && !isCommunityMove(from: home, to: target) ? .exchange : .secondment
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

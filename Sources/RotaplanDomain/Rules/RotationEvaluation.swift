/// The terms of docs/model.md's rotation objective for one plan.
public struct RotationObjectiveParts: Sendable, Hashable, Codable {
    /// Σ over members, sites and subjects of max(0, demand − after), in teachers.
    public var shortfall = 0
    public var moves = 0
    public var km = 0.0
    public var volunteers = 0
    public var tenureCredit = 0
    /// Σ over communities of E(c).
    public var equity = 0.0

    public init() {}

    /// The weighted objective (minimised).
    public func objective(_ weights: Weights) -> Double {
        weighted(ObjectiveTerm.rotation, weights)
    }
}

extension RotationObjectiveParts: ObjectiveAmounts {
    public func amount(of term: ObjectiveTerm) -> Double {
        switch term {
        case .shortfall: Double(shortfall)
        case .moves: Double(moves)
        case .km: km
        case .volunteers: Double(volunteers)
        case .tenure: Double(tenureCredit)
        case .equity: equity
        case .uncovered, .visitKm, .schools: 0
        }
    }
}

/// Staffing after a rotation plan, and what it is worth (docs/model.md Part 1 objective).
///
/// The heuristic, the planner and the report use this to score plans; `rotaplan verify`
/// recomputes the same numbers with code of its own.
public struct RotationEvaluation: Sendable {
    /// School each teacher is present at after the plan.
    public let presentAfter: [Int]
    /// `after(s,k)`.
    public let after: [SchoolSubject: Int]
    /// `Q(M)` after the plan, per member unit (keyed by its member school).
    public let quality: [Int: Int]
    /// `100 × Q(M) / D(M)` per member unit with D > 0.
    public let qualityRatio: [Int: Double]
    /// `E(c)` per community index.
    public let equity: [Double]
    /// Shortfall in teachers per member and per site.
    public let shortfallBySchool: [Int: Int]
    public let parts: RotationObjectiveParts
    public let objective: Double

    public init(_ scenario: Scenario, staffing: Staffing, plan: RotationPlan) {
        var presentAfter = staffing.presentAt
        var after = staffing.current
        var parts = RotationObjectiveParts()
        for move in plan.moves {
            let teacher = scenario.teachers[move.teacher]
            after[SchoolSubject(presentAfter[move.teacher], teacher.subject), default: 0] -= 1
            after[SchoolSubject(move.to, teacher.subject), default: 0] += 1
            presentAfter[move.teacher] = move.to
            let amounts = scenario.moveAmounts(teacher: move.teacher, to: move.to)
            parts.moves += 1
            parts.km += amounts.km
            if amounts.volunteer { parts.volunteers += 1 }
            parts.tenureCredit += amounts.tenureCredit
        }
        var quality: [Int: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() where teacher.role.isCadreOrBackbone {
            if let member = scenario.memberUnit(of: presentAfter[index]) { quality[member, default: 0] += 1 }
        }
        var demandTotal: [Int: Int] = [:]
        var shortfallBySchool: [Int: Int] = [:]
        for (key, demand) in scenario.demand {
            // With the county exchange, shortfall counts at every rural school, rural independents too.
            let school = scenario.schools[key.school]
            if scenario.policy.exchange.enabled && school.kind == .independent && school.rural {
                let missing = max(0, demand.teachers - (after[key] ?? 0))
                shortfallBySchool[key.school, default: 0] += missing
                parts.shortfall += missing
            }
            guard let member = scenario.memberUnit(of: key.school) else { continue }
            demandTotal[member, default: 0] += demand.teachers
            let missing = max(0, demand.teachers - (after[key] ?? 0))
            shortfallBySchool[key.school, default: 0] += missing
            parts.shortfall += missing
        }
        var ratios: [Int: Double] = [:]
        var equityByCommunity: [Double] = []
        for community in scenario.communities {
            for member in community.members {
                ratios[member] = MemberQuality.ratio(strong: quality[member] ?? 0, demand: demandTotal[member] ?? 0)
            }
            equityByCommunity.append(MemberQuality.equity(of: community.members.map { ratios[$0] }))
        }
        parts.equity = equityByCommunity.reduce(0, +)
        self.presentAfter = presentAfter
        self.after = after
        self.quality = quality
        self.qualityRatio = ratios
        self.equity = equityByCommunity
        self.shortfallBySchool = shortfallBySchool
        self.parts = parts
        self.objective = parts.objective(scenario.policy.weights)
    }

    public func after(_ school: Int, _ subject: String) -> Int {
        after[SchoolSubject(school, subject)] ?? 0
    }
}

/// The arithmetic of docs/model.md's rules and objectives, in one place: the formulation, the
/// heuristic, plan assembly and `explain` all use these, so that a cost or a count cannot
/// mean one thing in the program and another in the report. `rotaplan verify` does not: it
/// recomputes every rule on its own on purpose (see RotaplanVerify).
extension ExchangePolicy {
    /// X2: the cadres and backbone teachers `sent` moves out of an urban school need, a real
    /// number (no rounding).
    public func backboneRequired(sent: Int) -> Double {
        backboneShare * Double(sent)
    }

    /// X2 holds for `strong` cadres and backbone teachers among `sent` moves out of an urban school.
    public func keepsBackboneShare(strong: Int, sent: Int) -> Bool {
        Double(strong) >= backboneRequired(sent: sent) - 1e-9
    }
}

extension RotationPolicy {
    /// R2: a lead with `base` eligible teachers sends at least `ceil(min_ratio × base)`.
    public func requiredSends(base: Int) -> Int {
        policyCeil(minRatio * Double(base))
    }

    /// R3: the cadres and backbone teachers `sent` moves need, a real number (no rounding).
    public func backboneRequired(sent: Int) -> Double {
        backboneShare * Double(sent)
    }

    /// R3 holds for `strong` cadres and backbone teachers among `sent` moves.
    public func keepsBackboneShare(strong: Int, sent: Int) -> Bool {
        Double(strong) >= backboneRequired(sent: sent) - 1e-9
    }

    /// R5 holds for a member unit that receives `received` and sends `sent`.
    public func keepsBalance(received: Int, sent: Int) -> Bool {
        abs(received - sent) <= balanceTolerance
    }

    /// The tenure credit of a move: `min(10, max(0, years_at_school − min_years_at_school))`.
    public func tenureCredit(yearsAtSchool: Int) -> Int {
        min(10, max(0, yearsAtSchool - minYearsAtSchool))
    }
}

/// The equity term's arithmetic: `Q(M)` against `D(M)` per member unit, and `E(c)`.
public enum MemberQuality {
    /// `100 × Q / D` for a member unit, nil when D = 0 (the unit takes no part in E(c)).
    public static func ratio(strong: Int, demand: Int) -> Double? {
        demand > 0 ? 100 * Double(strong) / Double(demand) : nil
    }

    /// `E(c)`: the lowest ratio of the community's member units with demand, 0 when none has.
    public static func equity(of ratios: some Sequence<Double?>) -> Double {
        ratios.compactMap { $0 }.min() ?? 0
    }
}

extension Scenario {
    /// The tenure credit of a move of `teacher`.
    public func tenureCredit(_ teacher: Int) -> Int {
        policy.rotation.tenureCredit(yearsAtSchool: teachers[teacher].yearsAtSchool)
    }

    /// What one secondment of `teacher` to `target` brings to the move terms.
    public func moveAmounts(teacher: Int, to target: Int) -> MoveAmounts {
        let row = teachers[teacher]
        return MoveAmounts(km: km(row.home, target), volunteer: row.volunteer, tenureCredit: tenureCredit(teacher))
    }

    /// What one secondment adds to the rotation objective by itself:
    /// `move + travel_km × km − volunteer (if a volunteer) − tenure × credit`.
    public func moveCost(teacher: Int, to target: Int) -> Double {
        moveAmounts(teacher: teacher, to: target).weighted(ObjectiveTerm.rotation, policy.weights)
    }

    /// The km a visit counts: the round trip, `2 × km(h,s)`.
    public func visitKm(from home: Int, to school: Int) -> Double {
        2 * km(home, school)
    }

    /// What one itinerant visit adds to the itinerant objective: the round trip's km.
    public func visitCost(from home: Int, to school: Int) -> Double {
        ObjectiveTerm.visitKm.coefficient(policy.weights) * visitKm(from: home, to: school)
    }

    /// The key under which teachers are interchangeable for Part 1: same home school, subject,
    /// role, volunteer flag and tenure credit. Every rule and objective term treats two
    /// teachers with one key alike, so the program and the heuristic may pick either.
    ///
    /// Teachers of an itinerant subject are also told apart by what Part 2 sees of them (their
    /// periods, whether they may travel, their free days), so that choosing among plans of
    /// equal Part 1 cost can keep the teachers Part 2 needs (docs/solving.md "Part 1 with
    /// Part 2 in mind").
    public func interchangeableKey(_ teacher: Int) -> InterchangeableKey {
        let row = teachers[teacher]
        let itinerant =
            policy.itinerant.subjects.contains(row.subject)
            ? "\(row.maxPeriods)|\(row.itinerantAllowed)|\(row.availableDays.map(\.rawValue).joined(separator: ";"))" : ""
        return InterchangeableKey(
            home: row.home, subject: row.subject, role: row.role, volunteer: row.volunteer,
            tenureCredit: tenureCredit(teacher), itinerantProfile: itinerant)
    }
}

/// Teachers alike for every rule and term of Part 1 (`Scenario.interchangeableKey`).
public struct InterchangeableKey: Sendable, Hashable, Comparable {
    public var home: Int
    public var subject: String
    public var role: Role
    public var volunteer: Bool
    public var tenureCredit: Int
    /// For an itinerant subject, what Part 2 sees of the teacher; empty otherwise.
    public var itinerantProfile: String

    public static func < (lhs: InterchangeableKey, rhs: InterchangeableKey) -> Bool {
        (lhs.home, lhs.subject, lhs.role, lhs.volunteer ? 1 : 0, lhs.tenureCredit, lhs.itinerantProfile)
            < (rhs.home, rhs.subject, rhs.role, rhs.volunteer ? 1 : 0, rhs.tenureCredit, rhs.itinerantProfile)
    }
}

/// The counts R2–R5 are about, for one rotation plan: what each lead sends, and what each
/// member unit receives and sends.
public struct RuleCounts: Sendable {
    /// What a lead school sends.
    public struct LeadCounts: Sendable, Hashable {
        public var lead: Int
        /// R2's requirement, `ceil(min_ratio × base(L))`.
        public var required: Int
        public var sent = 0
        public var cadres = 0
        public var backbone = 0
        /// Cadres and backbone teachers sent: what R3 counts.
        public var strong: Int { cadres + backbone }
    }

    /// What a member unit (a member and its sites) receives from its lead and sends back.
    public struct UnitCounts: Sendable, Hashable {
        public var member: Int
        public var received = 0
        public var sent = 0
        /// Cadres received from the lead: what R4 counts.
        public var cadresReceived = 0
    }

    /// What an urban school sends, with the county exchange: what X1 and X2 count.
    public struct UrbanCounts: Sendable, Hashable {
        public var school: Int
        /// X1's requirement, `ceil(exchange.min_ratio × xbase(u))`.
        public var required: Int
        /// Secondments and urban-to-rural exchanges.
        public var sent = 0
        public var exchanges = 0
        /// Cadres and backbone teachers among them: what X2 counts.
        public var strong = 0
    }

    public private(set) var leads: [Int: LeadCounts] = [:]
    public private(set) var units: [Int: UnitCounts] = [:]
    /// With the county exchange, every urban school's sends.
    public private(set) var urban: [Int: UrbanCounts] = [:]

    public init(_ scenario: Scenario, eligibility: Eligibility, moves: [Move]) {
        let policy = scenario.policy.rotation
        for community in scenario.communities {
            leads[community.lead] = LeadCounts(lead: community.lead, required: eligibility.requiredSends(lead: community.lead, policy: policy))
            for unit in community.units { units[unit.member] = UnitCounts(member: unit.member) }
        }
        if scenario.policy.exchange.enabled {
            for school in scenario.schools.indices where !scenario.schools[school].rural {
                urban[school] = UrbanCounts(school: school, required: eligibility.requiredExchangeSends(urban: school, policy: scenario.policy.exchange))
            }
        }
        for move in moves {
            let teacher = scenario.teachers[move.teacher]
            let home = teacher.home
            if urban[home] != nil {
                urban[home]!.sent += 1
                if teacher.role.isCadreOrBackbone { urban[home]!.strong += 1 }
            }
            // R2–R5 count secondments: an exchange is counted above only.
            if scenario.moveKind(from: home, to: move.to) == .exchange {
                if urban[home] != nil { urban[home]!.exchanges += 1 }
                continue
            }
            if leads[home] != nil {
                leads[home]!.sent += 1
                if teacher.role == .cadre { leads[home]!.cadres += 1 }
                if teacher.role == .backbone { leads[home]!.backbone += 1 }
                if let member = scenario.memberUnit(of: move.to) {
                    units[member]?.received += 1
                    if teacher.role == .cadre { units[member]?.cadresReceived += 1 }
                }
            } else if let member = scenario.memberUnit(of: home) {
                units[member]?.sent += 1
            }
        }
    }
}

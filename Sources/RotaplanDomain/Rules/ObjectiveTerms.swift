/// The terms of docs/model.md's two objectives, each with its weight and sign, defined once: the
/// programs, the heuristic's move costs, evaluations, `explain` and comparisons fold over these,
/// so that a term cannot mean one thing in the program and another in the report.
public enum ObjectiveTerm: String, CaseIterable, Sendable {
    // Part 1 (rotation).
    /// Σ over members and sites, subjects of max(0, demand − after), in teachers.
    case shortfall
    /// The number of moves.
    case moves
    /// Σ km of the moves.
    case km
    /// Moves of teachers with volunteer = yes.
    case volunteers
    /// Σ over moves of the tenure credit.
    case tenure
    /// Σ over communities of E(c).
    case equity
    // Part 2 (itinerant).
    /// Σ over (s,k) of need − delivered.
    case uncovered
    /// Σ over visits of 2 × km(h,s).
    case visitKm
    /// Σ over teachers of the distinct schools visited.
    case schools

    public static let rotation: [ObjectiveTerm] = [.shortfall, .moves, .km, .volunteers, .tenure, .equity]
    public static let itinerant: [ObjectiveTerm] = [.uncovered, .visitKm, .schools]

    /// The weight with the term's sign: positive for what the objective charges, negative for
    /// what it rewards (volunteers, tenure credit, equity).
    public func coefficient(_ weights: Weights) -> Double {
        switch self {
        case .shortfall: weights.shortfall
        case .moves: weights.move
        case .km: weights.travelKm
        case .volunteers: -weights.volunteer
        case .tenure: -weights.tenure
        case .equity: -weights.equity
        case .uncovered: weights.uncoveredPeriod
        case .visitKm: weights.itinerantKm
        case .schools: weights.itinerantSchool
        }
    }

    /// The term as a person reads it, Chinese first.
    /// The term's Chinese name alone (`学科缺口`), for sentences in the office's words.
    public var chineseLabel: String {
        String(label.prefix { $0 != " " })
    }

    public var label: String {
        switch self {
        case .shortfall: "学科缺口 shortfall"
        case .moves: "交流人次 moves"
        case .km: "交流距离 km"
        case .volunteers: "自愿者 volunteers"
        case .tenure: "任教年限 tenure credit"
        case .equity: "均衡度 equity"
        case .uncovered: "未覆盖课时 uncovered periods"
        case .visitKm: "走教往返距离 visit km"
        case .schools: "走教学校数 schools visited"
        }
    }
}

/// Amounts of objective terms: a plan's, or what one move or visit adds.
public protocol ObjectiveAmounts {
    /// How much of `term` there is (0 for a term of the other part).
    func amount(of term: ObjectiveTerm) -> Double
}

extension ObjectiveAmounts {
    /// Σ over `terms` of coefficient × amount: the weighted objective.
    public func weighted(_ terms: [ObjectiveTerm], _ weights: Weights) -> Double {
        terms.reduce(0) { $0 + $1.coefficient(weights) * amount(of: $1) }
    }
}

/// What one secondment adds to the rotation objective's move terms by itself.
public struct MoveAmounts: ObjectiveAmounts, Sendable {
    public var km: Double
    public var volunteer: Bool
    public var tenureCredit: Int

    public init(km: Double, volunteer: Bool, tenureCredit: Int) {
        self.km = km
        self.volunteer = volunteer
        self.tenureCredit = tenureCredit
    }

    public func amount(of term: ObjectiveTerm) -> Double {
        switch term {
        case .moves: 1
        case .km: km
        case .volunteers: volunteer ? 1 : 0
        case .tenure: Double(tenureCredit)
        case .shortfall, .equity, .uncovered, .visitKm, .schools: 0
        }
    }
}

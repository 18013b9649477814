/// A role as `teachers.csv` writes it.
public enum Role: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case cadre
    case backbone
    case reserveCadre = "reserve_cadre"
    case regular

    /// Cadres (中层以上干部) and backbone teachers (骨干教师): what R3 and Q(M) count.
    public var isCadreOrBackbone: Bool { self == .cadre || self == .backbone }

    /// The role as lists name it (`Vocabulary.roles`): 普通教师 for `regular`, which reads back.
    public var chineseName: String { Vocabulary.roles.name(rawValue) }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where an itinerant teacher may go.
public enum ItinerantScope: String, Sendable, Codable, CaseIterable {
    case county
    case community
}

/// Rotation settings (`policy.rotation`), docs/model.md Part 1.
public struct RotationPolicy: Sendable, Codable, Equatable {
    public var minRatio = 0.10
    public var backboneShare = 0.20
    public var minCadresPerMember = 1
    public var balanceTolerance = 0
    public var minYearsAtSchool = 6
    public var minYearsToRetirement = 5
    public var cooldownYears = 3
    public var termYears = 1
    public var maxKm = 60.0
    public var leadSends: [Role] = [.cadre, .backbone, .regular]
    public var memberSends: [Role] = [.reserveCadre, .backbone, .regular]

    public init() {}
}

/// Itinerant teaching settings (`policy.itinerant`), docs/model.md Part 2.
public struct ItinerantPolicy: Sendable, Codable, Equatable {
    public var subjects = ["music", "pe", "art"]
    public var scope = ItinerantScope.county
    public var maxKm = 30.0
    public var periodsPerVisit = 4
    public var maxDaysAway = 2
    public var maxSchools = 2
    public var maxPeriods = 8

    public init() {}
}

/// The county-wide exchange planned with the secondments (`policy.exchange`, docs/model.md
/// "Part 1 with the county exchange"). Off by default: a scenario without it means what it did.
public struct ExchangePolicy: Sendable, Codable, Equatable {
    public var enabled = false
    /// X1: every urban school sends at least `ceil(min_ratio × exchange-eligible teachers)`.
    public var minRatio = 0.10
    /// X2: cadres and backbone at least this share of all moves out of an urban school.
    public var backboneShare = 0.20
    /// Tenure at one school that makes any teacher exchange-eligible.
    public var minYearsAtSchool = 6
    public var maxKm = 60.0
    /// Length of the exchanges a plan creates.
    public var termYears = 3

    public init() {}
}

/// Objective weights (`policy.weights`).
public struct Weights: Sendable, Codable, Equatable {
    public var shortfall = 1000.0
    public var move = 60.0
    public var equity = 20.0
    public var travelKm = 1.0
    public var volunteer = 20.0
    public var tenure = 2.0
    public var uncoveredPeriod = 500.0
    public var itinerantKm = 1.0
    public var itinerantSchool = 10.0

    public init() {}
}

/// Every setting under `policy` in scenario.yaml, with docs/scenario.md's defaults.
public struct Policy: Sendable, Codable, Equatable {
    public var roadFactor = 1.3
    public var rotation = RotationPolicy()
    public var exchange = ExchangePolicy()
    public var itinerant = ItinerantPolicy()
    public var weights = Weights()

    public init() {}
}

/// Rounds up as docs/model.md says: `ceil(v − 1e-9)`, so 0.1 × 30 is 3, not 4.
public func policyCeil(_ value: Double) -> Int {
    Int((value - 1e-9).rounded(.up))
}

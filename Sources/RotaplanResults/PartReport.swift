import Foundation

/// docs/commands.md's status of a part.
public enum PlanStatus: String, Sendable, Codable, Comparable {
    case optimal
    case feasible
    case infeasible
    case noSolution = "no_solution"

    /// Whether a part with this status has a plan.
    public var hasPlan: Bool { self == .optimal || self == .feasible }

    /// Worse statuses sort later: a county is as good as its worst community.
    public static func < (lhs: PlanStatus, rhs: PlanStatus) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .optimal: 0
        case .feasible: 1
        case .noSolution: 2
        case .infeasible: 3
        }
    }
}

/// What one part's solve reports (plan.json `solver.rotation` / `solver.itinerant`).
public struct PartReport: Sendable, Codable, Equatable {
    public var method: String
    public var status: PlanStatus
    public var objective: Double?
    public var bound: Double?
    public var gap: Double?
    public var seconds: Double

    public init(method: String, status: PlanStatus, objective: Double?, bound: Double?, seconds: Double) {
        self.method = method
        self.status = status
        self.objective = objective
        self.bound = bound
        self.gap = objective.flatMap { objective in bound.map { abs(objective - $0) / max(1, abs(objective)) } }
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case method, status, objective, bound, gap, seconds
    }

    /// Writes `null` for a missing bound or gap, as docs/commands.md shows.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(status, forKey: .status)
        try container.encode(objective, forKey: .objective)
        try container.encode(bound, forKey: .bound)
        try container.encode(gap, forKey: .gap)
        try container.encode(seconds, forKey: .seconds)
    }
}

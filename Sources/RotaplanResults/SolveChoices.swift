import Foundation

/// How a part is solved (docs/commands.md `--method`).
public enum SolveMethod: String, Sendable, CaseIterable, Codable {
    /// The heuristic first, its plan handed to GLPK as the starting incumbent, and the better
    /// plan returned with GLPK's bound.
    case auto
    /// GLPK alone.
    case glpk
    /// The Swift heuristic alone; GLPK is never called.
    case heuristic
}

/// Which parts `solve` runs.
public enum PlanParts: String, Sendable, CaseIterable {
    case rotation
    case itinerant
    case both

    public var includesRotation: Bool { self != .itinerant }
    public var includesItinerant: Bool { self != .rotation }
}

/// What a solve was asked for and what it ran with, as plan.json's audit record keeps it.
public struct SolveRecord: Sendable, Equatable {
    /// Seconds per part; nil when the solve had no time limit.
    public var timeLimit: Double?
    public var gap: Double
    public var method: SolveMethod
    public var seed: UInt64
    /// The GLPK library the planner linked, e.g. `5.0`.
    public var glpkVersion: String

    public init(timeLimit: Double?, gap: Double, method: SolveMethod, seed: UInt64, glpkVersion: String) {
        self.timeLimit = timeLimit
        self.gap = gap
        self.method = method
        self.seed = seed
        self.glpkVersion = glpkVersion
    }
}

import Foundation

/// How a solve ended. A solver returns this; it throws only for a malformed model.
public enum Termination: String, Sendable, Hashable, Codable {
    /// Proven optimal within the relative gap.
    case optimal
    /// A feasible solution, stopped by a limit before proof.
    case feasible
    /// Proven to have no feasible solution.
    case infeasible
    /// The objective can improve without end.
    case unbounded
    /// Stopped by a limit (or a numerical failure) before any feasible solution.
    case noSolution

    /// Whether `values` hold a usable solution.
    public var hasSolution: Bool { self == .optimal || self == .feasible }
}

/// Branch-and-bound progress reported while a solve runs.
public struct SolveProgress: Sendable {
    public var incumbent: Double?
    public var bound: Double?
    public var seconds: Double

    public init(incumbent: Double?, bound: Double?, seconds: Double) {
        self.incumbent = incumbent
        self.bound = bound
        self.seconds = seconds
    }
}

/// Cutting planes GLPK can generate.
public struct CutOptions: Sendable, Hashable {
    public var gomory = false
    public var mixedIntegerRounding = false
    public var cover = false
    public var clique = false

    public init(gomory: Bool = false, mixedIntegerRounding: Bool = false, cover: Bool = false, clique: Bool = false) {
        self.gomory = gomory
        self.mixedIntegerRounding = mixedIntegerRounding
        self.cover = cover
        self.clique = clique
    }

    public static let none = CutOptions()
    public static let all = CutOptions(gomory: true, mixedIntegerRounding: true, cover: true, clique: true)
}

/// Branching variable choice.
public enum Branching: String, Sendable {
    /// Driebeck–Tomlin (GLPK's default).
    case driebeckTomlin
    /// Hybrid pseudo-cost.
    case pseudoCost
    case mostFractional
}

/// The simplex method for a program's linear relaxation, before any branching.
public enum SimplexMethod: String, Sendable {
    /// GLPK's default: primal simplex from the slack basis.
    case primal
    /// Dual simplex, primal where it fails. On the county exchange's program of 南昌县 (87,000
    /// rows) GLPK's primal simplex took 27.5 s and its dual 5.8 s (docs/solving.md).
    case dual
}

/// A flag another thread sets to stop a solve early (the workstation's "cancel").
///
/// A cancelled solve ends as a time limit does: with the best solution recorded so far.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private let parent: Cancellation?

    /// A flag of its own; with a parent, also cancelled when the parent is (one job of a
    /// cancellable solve, stopped alone or with the rest).
    public init(parent: Cancellation? = nil) {
        self.parent = parent
    }

    public func cancel() {
        lock.withLock { cancelled = true }
    }

    public var isCancelled: Bool {
        lock.withLock { cancelled } || (parent?.isCancelled ?? false)
    }
}

/// The instant `seconds` from `start`, or nil for no limit; a limit too large to represent
/// (it was validated to be finite) is taken as none rather than trapping.
public func deadline(after seconds: Double?, from start: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
    guard let seconds, seconds.isFinite, seconds < 1e9 else { return nil }
    return start + .milliseconds(Int64(max(0, seconds) * 1000))
}

extension ContinuousClock.Instant {
    /// Seconds from now until this instant (negative when it has passed).
    public var secondsFromNow: Double {
        let remaining = self - ContinuousClock.now
        return Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
    }

    /// Seconds since this instant.
    public var secondsUntilNow: Double { -secondsFromNow }
}

/// Limits and options of one solve.
public struct SolveParameters: Sendable {
    /// Wall-clock seconds for the whole solve; enforced by the caller's clock, not only GLPK's.
    public var timeLimit: Double?
    /// Branch-and-bound nodes the search may create (the root counts) before it stops with
    /// what it has: a work limit that ends at the same point on every machine, unlike a clock.
    public var nodeLimit: Int?
    /// Stops the solve when cancelled, with the best solution recorded so far.
    public var cancellation: Cancellation?
    /// Stop when |incumbent − bound| / max(1, |incumbent|) is at most this.
    public var relativeGap = 1e-6
    public var presolve = false
    public var cuts = CutOptions.none
    public var branching = Branching.driebeckTomlin
    /// How the root relaxation is solved when presolve is off (GLPK's presolver always uses dual).
    public var simplex = SimplexMethod.primal
    /// A full assignment to offer as the first incumbent; used only if it is feasible.
    public var startSolution: [Double]?
    /// Called from the solving thread with the incumbent and bound.
    public var progress: (@Sendable (SolveProgress) -> Void)?

    public init(
        timeLimit: Double? = nil, relativeGap: Double = 1e-6, presolve: Bool = false, cuts: CutOptions = .none,
        branching: Branching = .driebeckTomlin, startSolution: [Double]? = nil, nodeLimit: Int? = nil,
        cancellation: Cancellation? = nil, progress: (@Sendable (SolveProgress) -> Void)? = nil
    ) {
        self.timeLimit = timeLimit
        self.nodeLimit = nodeLimit
        self.cancellation = cancellation
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.cuts = cuts
        self.branching = branching
        self.startSolution = startSolution
        self.progress = progress
    }
}

/// The outcome of a solve.
public struct SolveResult: Sendable {
    public var termination: Termination
    /// Objective of `values` (nil without a solution).
    public var objective: Double?
    /// Best proven bound on the optimum (nil when none is known).
    public var bound: Double?
    public var seconds: Double
    /// One value per model variable, when there is a solution.
    public var values: [Double]?
    /// Whether the returned values are the start solution the caller gave.
    public var fromStartSolution = false
    /// For a program without integer variables solved to optimality: each row's dual value, the
    /// rate at which the optimum changes with the row's active bound (0 for a row not at a bound).
    public var duals: [Double]?
    /// For the same: each variable's reduced cost, the rate at which the optimum changes as the
    /// variable moves off its value (`Model.reducedCostFixing` reads them).
    public var reducedCosts: [Double]?
    /// Solver detail for logs, e.g. a GLPK return code.
    public var detail: String?

    public init(
        termination: Termination, objective: Double? = nil, bound: Double? = nil, seconds: Double,
        values: [Double]? = nil, fromStartSolution: Bool = false, detail: String? = nil
    ) {
        self.termination = termination
        self.objective = objective
        self.bound = bound
        self.seconds = seconds
        self.values = values
        self.fromStartSolution = fromStartSolution
        self.detail = detail
    }

    /// |objective − bound| / max(1, |objective|), docs/commands.md's gap.
    public var gap: Double? {
        guard let objective, let bound else { return nil }
        return relativeGap(objective: objective, bound: bound)
    }
}

/// docs/commands.md's gap: |objective − bound| / max(1, |objective|).
public func relativeGap(objective: Double, bound: Double) -> Double {
    abs(objective - bound) / max(1, abs(objective))
}

/// Anything that solves a `Model`.
public protocol Solver: Sendable {
    func solve(_ model: Model, parameters: SolveParameters) throws(ModelError) -> SolveResult
}

/// Formats a model can be written in.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// CPLEX LP: keeps the objective sense.
    case lp
    /// Free MPS: drops the objective sense (docs/solving.md); rotaplan writes minimisations.
    case mps
}

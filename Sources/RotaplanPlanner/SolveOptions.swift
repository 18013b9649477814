import Foundation
import LinearModel
import RotaplanDomain
import RotaplanResults

/// Limits and choices of one solve.
public struct SolveOptions: Sendable {
    /// Wall-clock seconds per part for the whole county, kept by every step of the part
    /// (heuristic, GLPK, diagnosis); nil for none, e.g. in tests that solve to optimality.
    public var timeLimit: Double?
    /// Branch-and-bound nodes each GLPK program may create: a work limit that stops at the same
    /// point on every machine (tests use it where a clock would make the outcome depend on speed).
    public var nodeLimit: Int?
    /// Stops the solve soon after it is cancelled, with the best plan found so far.
    public var cancellation: Cancellation?
    /// docs/commands.md's relative gap at which a part counts as optimal.
    public var gap: Double
    public var method: SolveMethod
    public var parts: PlanParts
    /// The heuristic's seed.
    public var seed: UInt64
    /// Solves at once (GLPK runs one problem per thread).
    public var threads: Int
    /// Progress lines (per community), e.g. for a terminal.
    public var progress: (@Sendable (PlanProgress) -> Void)?
    /// A rotation plan to keep as far as the rules allow (`--baseline`): the fewest changed
    /// lines first, then the objective.
    public var baseline: RotationPlan?
    /// Among Part 1 plans of equal objective, also try the one chosen with Part 2 in mind, and
    /// keep whichever gives the better Part 2 (docs/solving.md). Only when both parts are solved.
    public var partTwoMinded = true
    /// A timetable GLPK may start from where it is lawful, e.g. the base plan when a what-if
    /// variant relaxes an itinerant rule; the better of it and the heuristic's is offered.
    public var itinerantStart: ItinerantPlan?
    /// When a Part 2 component is improved by neighbourhoods first or instead (docs/solving.md).
    public var neighbourhoods = NeighbourhoodLimits()

    public init(
        timeLimit: Double? = 120, gap: Double = 1e-6, method: SolveMethod = .auto, parts: PlanParts = .both,
        seed: UInt64 = 0, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (PlanProgress) -> Void)? = nil
    ) {
        self.timeLimit = timeLimit
        self.gap = gap
        self.method = method
        self.parts = parts
        self.seed = seed
        self.threads = max(1, threads)
        self.progress = progress
    }
}

/// Sizes, in candidate–school pairs (a teacher and a school it can reach, before alike teachers
/// share variables), at which Part 2 adds neighbourhoods to, or puts them in place of, one
/// program per component (docs/solving.md).
public struct NeighbourhoodLimits: Sendable {
    /// A larger component is solved by neighbourhoods alone. At 40,000 every county's components
    /// (at most about 27,000) are still solved whole, the ladder's L (61,000 to 145,000) and the
    /// city's not.
    public var wholeComponent: Int
    /// A larger component is first improved by neighbourhoods, and gets the transportation
    /// relaxation's bound (`ItinerantRelaxation`) beside GLPK's. At 15,000 the components GLPK
    /// proves in seconds (the ladder's M, the gate's counties: at most about 9,500) go straight
    /// to GLPK, where neighbourhoods first cost M 8 s; 南昌县 and 进贤县 (16,000 to 27,000) gain.
    public var startAbove: Int
    /// Candidate–school pairs per neighbourhood program: GLPK solves one in well under a second.
    public var perNeighbourhood: Int
    /// Passes over the homes before a whole program: a work limit, where half the time limit
    /// had let a longer limit leave the whole program less of its search (benchmarks/README.md).
    public var passesBeforeWhole: Int
    /// Rounds of the subgradient method that raise a component's bound home by home
    /// (`ItinerantHomeBound`) when no whole program bounds it: a work limit.
    public var boundRounds: Int

    public init(
        wholeComponent: Int = 40_000, startAbove: Int = 15_000, perNeighbourhood: Int = 3_000, passesBeforeWhole: Int = 2,
        boundRounds: Int = 5
    ) {
        self.wholeComponent = wholeComponent
        self.startAbove = startAbove
        self.perNeighbourhood = perNeighbourhood
        self.passesBeforeWhole = passesBeforeWhole
        self.boundRounds = boundRounds
    }
}

extension SolveOptions {
    /// GLPK's parameters for one program of this solve: its share of the time, the work limit
    /// and the cancellation flag.
    func parameters(until deadline: ContinuousClock.Instant?, start: [Double]? = nil) -> SolveParameters {
        SolveParameters(
            timeLimit: deadline.map { max(0.05, $0.secondsFromNow) }, relativeGap: gap, startSolution: start,
            nodeLimit: nodeLimit, cancellation: cancellation)
    }

    /// Whether the solve was cancelled.
    var isCancelled: Bool { cancellation?.isCancelled ?? false }

    /// When a heuristic must stop: at `deadline` or on cancellation.
    func shouldStop(at deadline: ContinuousClock.Instant?) -> () -> Bool {
        let cancellation = self.cancellation
        return { (deadline.map { ContinuousClock.now >= $0 } ?? false) || (cancellation?.isCancelled ?? false) }
    }
}

/// The sum of the parts' bounds: a bound of the whole when every part has one, else none.
func summedBounds(_ bounds: [Double?], plus constant: Double = 0) -> Double? {
    bounds.reduce(Optional(constant)) { total, bound in total.flatMap { sum in bound.map { sum + $0 } } }
}

/// The deadline of one of `remainingToStart` jobs that share what is left before `deadline`
/// on `threads` threads: the jobs not yet started run in waves, each wave an equal share.
func shareOfDeadline(_ deadline: ContinuousClock.Instant?, remainingToStart: Int, threads: Int) -> ContinuousClock.Instant? {
    guard let deadline else { return nil }
    let waves = Double((remainingToStart + threads - 1) / threads)
    return LinearModel.deadline(after: max(0.05, deadline.secondsFromNow / max(1, waves)))
}

/// The limits every front end accepts (the commands' options, the workstation's form), checked
/// in one place: nil when the value is good, else what was expected.
public enum SolveLimits {
    public static let longestTimeLimit = 604_800.0

    public static func timeLimitProblem(_ value: Double) -> String? {
        guard value.isFinite, value > 0, value <= longestTimeLimit else {
            return "--time-limit must be a number of seconds above 0 and at most \(formatLimit(longestTimeLimit)) (a week), got \(value)"
        }
        return nil
    }

    public static func gapProblem(_ value: Double) -> String? {
        guard value.isFinite, value >= 0, value < 1 else { return "--gap must be a number from 0 to below 1, got \(value)" }
        return nil
    }

    public static func countProblem(_ name: String, _ value: Int, in range: ClosedRange<Int>) -> String? {
        guard range.contains(value) else {
            return "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)"
        }
        return nil
    }

    static func formatLimit(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

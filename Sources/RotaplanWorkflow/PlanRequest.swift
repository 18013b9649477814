import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanResults

/// What a person asks of a solve, from any front end (the commands' options, the workstation's
/// form), checked in one place before anything is loaded or solved (docs/commands.md).
public struct PlanRequest: Sendable, Equatable {
    /// Wall-clock seconds per part for the whole county.
    public var timeLimit: Double
    public var gap: Double
    public var method: SolveMethod
    public var seed: UInt64
    public var parts: PlanParts
    /// Settings that differ from the scenario's (`--set`), e.g. `policy.rotation.min_ratio=0.12`.
    public var overrides: [SettingOverride]
    /// `--years N`: plan N consecutive years (nil for one year).
    public var years: Int?
    /// With `years`: year by year instead of jointly.
    public var myopic: Bool

    /// The defaults of `rotaplan solve` (docs/commands.md).
    public init(
        timeLimit: Double = 120, gap: Double = 1e-6, method: SolveMethod = .auto, seed: UInt64 = 0, parts: PlanParts = .both,
        overrides: [SettingOverride] = [], years: Int? = nil, myopic: Bool = false
    ) {
        self.timeLimit = timeLimit
        self.gap = gap
        self.method = method
        self.seed = seed
        self.parts = parts
        self.overrides = overrides
        self.years = years
        self.myopic = myopic
    }

    /// The longest horizon `--years` plans.
    public static let yearsRange = 1...20

    /// Every problem with the request, in the options' words; empty when it can be solved.
    public var problems: [String] {
        var problems: [String] = []
        if let problem = SolveLimits.timeLimitProblem(timeLimit) { problems.append(problem) }
        if let problem = SolveLimits.gapProblem(gap) { problems.append(problem) }
        if let years, let problem = SolveLimits.countProblem("years", years, in: Self.yearsRange) { problems.append(problem) }
        if myopic && years == nil { problems.append("--myopic goes with --years") }
        return problems
    }

    /// The planner's options for this request.
    func options(control: SolveControl?) -> SolveOptions {
        var options = SolveOptions(timeLimit: timeLimit, gap: gap, method: method, parts: parts, seed: seed)
        control?.attach(to: &options)
        return options
    }

    /// The command that makes the same plan in a terminal, as the audit record keeps it for a
    /// plan made elsewhere (the workstation).
    public func command(scenario: String, out: String) -> [String] {
        var arguments = [
            "rotaplan", "solve", scenario, "--out", out, "--time-limit", formatNumber(timeLimit), "--gap", "\(gap)",
            "--method", method.rawValue, "--seed", String(seed),
        ]
        if parts != .both { arguments += ["--part", parts.rawValue] }
        if let years { arguments += ["--years", String(years)] + (myopic ? ["--myopic"] : []) }
        return arguments + overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
    }
}

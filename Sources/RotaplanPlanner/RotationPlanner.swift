import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation

/// How one community's part was solved.
public struct CommunityResult: Sendable {
    public var community: Int
    public var status: PlanStatus
    public var objective: Double?
    public var bound: Double?
    public var seconds: Double
    public var method: String
    public var plan: RotationPlan
    /// Why there is no plan, in the user's terms (empty otherwise).
    public var diagnosis: [String]
}

/// The rotation part of a county.
public struct RotationOutcome: Sendable {
    public var report: PartReport
    /// The combined plan; nil when a community has none.
    public var plan: RotationPlan?
    public var communities: [CommunityResult]
    /// Every community's diagnosis, for `infeasible.txt`.
    public var diagnosis: [String]
}

/// Solves MODEL.md Part 1 community by community on the machine's cores, and combines.
///
/// Part 1 has no rule across communities, so the county's optimum is the sum of the
/// communities' optima and the sum of their bounds bounds the county.
public enum RotationPlanner {
    public static func solve(_ scenario: Scenario, options: SolveOptions) -> RotationOutcome {
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(options.timeLimit * 1000))
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        // Largest communities first, so that the last ones to start are the quick ones.
        let order = scenario.communities.indices.sorted { left, right in
            let (a, b) = (teacherCount(scenario, staffing, left), teacherCount(scenario, staffing, right))
            return a != b ? a > b : left < right
        }
        let results = Parallel.map(count: order.count, threads: options.threads) { position, remainingToStart in
            let community = order[position]
            let waves = Double((remainingToStart + options.threads - 1) / options.threads)
            let budget = max(0.05, deadline.secondsFromNow / max(1, waves))
            let result = solveCommunity(
                scenario, staffing: staffing, eligibility: eligibility, community: community, budget: budget,
                options: options)
            options.progress?(progressLine(scenario, result))
            return result
        }.sorted { $0.community < $1.community }
        return combine(scenario, staffing: staffing, results: results, seconds: started.secondsUntilNow, options: options)
    }

    static func solveCommunity(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int, budget: Double,
        options: SolveOptions
    ) -> CommunityResult {
        let started = ContinuousClock.now
        let name = scenario.communities[community].id
        switch RotationFormulation.build(scenario, staffing: staffing, eligibility: eligibility, community: community) {
        case .infeasible(let reasons):
            return CommunityResult(
                community: community, status: .infeasible, objective: nil, bound: nil,
                seconds: started.secondsUntilNow, method: "glpk", plan: .empty,
                diagnosis: reasons.map { "community \(name): \($0)" }
                    + RotationDiagnosis.countingReasons(scenario, staffing: staffing, eligibility: eligibility, community: community))
        case .model(let formulation):
            let parameters = SolveParameters(timeLimit: budget, relativeGap: options.gap)
            let result: SolveResult
            do {
                result = try GLPKSolver().solve(formulation.model, parameters: parameters)
            } catch {
                // The formulation only builds valid models; a failure here is a bug, reported as such.
                return CommunityResult(
                    community: community, status: .noSolution, objective: nil, bound: nil,
                    seconds: started.secondsUntilNow, method: "glpk", plan: .empty,
                    diagnosis: ["community \(name): internal error: \(error)"])
            }
            switch result.termination {
            case .optimal, .feasible:
                let plan = formulation.plan(from: result.values ?? [])
                return CommunityResult(
                    community: community, status: result.termination == .optimal ? .optimal : .feasible,
                    objective: result.objective, bound: result.bound, seconds: started.secondsUntilNow,
                    method: "glpk", plan: plan, diagnosis: [])
            case .infeasible:
                return CommunityResult(
                    community: community, status: .infeasible, objective: nil, bound: nil,
                    seconds: started.secondsUntilNow, method: "glpk", plan: .empty,
                    diagnosis: RotationDiagnosis.explain(
                        scenario, staffing: staffing, eligibility: eligibility, community: community,
                        timeLimit: max(1, min(10, deadline(budget: budget, started: started)))))
            case .unbounded, .noSolution:
                return CommunityResult(
                    community: community, status: .noSolution, objective: nil, bound: result.bound,
                    seconds: started.secondsUntilNow, method: "glpk", plan: .empty,
                    diagnosis: ["community \(name): no feasible plan found in \(formatNumber((budget * 10).rounded() / 10)) s."])
            }
        }
    }

    static func combine(
        _ scenario: Scenario, staffing: Staffing, results: [CommunityResult], seconds: Double, options: SolveOptions
    ) -> RotationOutcome {
        let worst = results.map(\.status).max() ?? .optimal
        let method = Set(results.map(\.method)).sorted().joined(separator: "+")
        let diagnosis = results.flatMap(\.diagnosis)
        guard worst == .optimal || worst == .feasible else {
            let report = PartReport(method: method.isEmpty ? "glpk" : method, status: worst, objective: nil, bound: nil, seconds: seconds)
            return RotationOutcome(report: report, plan: nil, communities: results, diagnosis: diagnosis)
        }
        let plan = RotationPlan.combined(results.map(\.plan))
        let objective = RotationEvaluation(scenario, staffing: staffing, plan: plan).objective
        let bounds = results.map(\.bound)
        let bound: Double? = bounds.contains { $0 == nil } ? nil : bounds.reduce(0) { $0 + $1! }
        let report = PartReport(
            method: method.isEmpty ? "glpk" : method, status: worst, objective: objective, bound: bound, seconds: seconds)
        return RotationOutcome(report: report, plan: plan, communities: results, diagnosis: diagnosis)
    }

    /// Seconds left of a community's budget, for its diagnosis.
    static func deadline(budget: Double, started: ContinuousClock.Instant) -> Double {
        budget - started.secondsUntilNow
    }

    static func teacherCount(_ scenario: Scenario, _ staffing: Staffing, _ community: Int) -> Int {
        scenario.communities[community].schools.reduce(0) { $0 + staffing.byHome[$1].count }
    }

    static func progressLine(_ scenario: Scenario, _ result: CommunityResult) -> String {
        let community = scenario.communities[result.community]
        let value = result.objective.map { formatNumber(($0 * 10).rounded() / 10) } ?? "-"
        let seconds = String(format: "%.2f", result.seconds)
        return "rotation \(community.id) \(scenario.schools[community.lead].name): \(result.status.rawValue) \(value) in \(seconds) s"
    }
}

extension ContinuousClock.Instant {
    var secondsUntilNow: Double {
        let elapsed = ContinuousClock.now - self
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Seconds from now until this instant (negative when it has passed).
    var secondsFromNow: Double {
        let remaining = self - ContinuousClock.now
        return Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
    }
}

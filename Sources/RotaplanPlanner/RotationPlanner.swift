import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanResults
import RotaplanFormulation
import RotaplanHeuristic

/// Solves docs/model.md Part 1 community by community on the machine's cores, and combines.
///
/// Part 1 has no rule across communities, so the county's optimum is the sum of the
/// communities' optima and the sum of their bounds bounds the county.
public enum RotationPlanner {
    /// Seconds GLPK has alone in `auto` before the heuristic joins in.
    static let glpkFirstSeconds = 2
    public static func solve(_ scenario: Scenario, options: SolveOptions) -> RotationOutcome {
        // With the county exchange the communities are linked: one program for the county.
        if scenario.policy.exchange.enabled { return CountyExchangePlanner.solve(scenario, options: options) }
        let started = ContinuousClock.now
        let deadline = LinearModel.deadline(after: options.timeLimit, from: started)
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        // Smallest communities first: they finish quickly and leave the rest of the time to the
        // large ones, whose share is what remains divided among what has not started.
        let order = scenario.communities.indices.sorted { left, right in
            let (a, b) = (teacherCount(scenario, staffing, left), teacherCount(scenario, staffing, right))
            return a != b ? a < b : left < right
        }
        let results = Parallel.map(count: order.count, threads: options.threads) { position, remainingToStart in
            let community = order[position]
            let result = solveCommunity(
                scenario, staffing: staffing, eligibility: eligibility, community: community,
                deadline: shareOfDeadline(deadline, remainingToStart: remainingToStart, threads: options.threads),
                options: options)
            options.progress?(progressEvent(scenario, result))
            return result
        }.sorted { $0.community < $1.community }
        return combine(scenario, staffing: staffing, results: results, seconds: started.secondsUntilNow, options: options)
    }

    static func solveCommunity(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int,
        deadline: ContinuousClock.Instant?, options: SolveOptions
    ) -> CommunityResult {
        let started = ContinuousClock.now
        let name = scenario.communities[community].id
        func result(_ status: PlanStatus, method: String, plan: RotationPlan = .empty, objective: Double? = nil,
                    bound: Double? = nil, diagnosis: [String] = []) -> CommunityResult {
            CommunityResult(
                community: community, status: status, objective: objective, bound: bound,
                seconds: started.secondsUntilNow, method: method, plan: plan, diagnosis: diagnosis)
        }
        // Counting shows the common conflicts before any search.
        let counted = RotationDiagnosis.countingReasons(scenario, staffing: staffing, eligibility: eligibility, community: community)
        let build = RotationFormulation.build(
            scenario, staffing: staffing, eligibility: eligibility, community: community, baseline: options.baseline?.targets)
        if case .infeasible(let reasons) = build {
            // The pins the program refused, in the office's words (the program's own as a fallback).
            let words = RotationDiagnosis.pinReasons(scenario, staffing: staffing, eligibility: eligibility, community: community)
            return result(.infeasible, method: options.method.rawValue, diagnosis: (words.isEmpty ? reasons : words).map {
                RotationDiagnosis.line(scenario, community: community, $0)
            } + counted)
        }
        if !counted.isEmpty {
            return result(.infeasible, method: options.method.rawValue, diagnosis: counted)
        }
        guard case .model(let formulation) = build else { fatalError("handled above") }
        if options.baseline != nil {
            return solveFromBaseline(formulation, community: community, deadline: deadline, options: options, started: started)
        }
        if options.method == .heuristic {
            let found = RotationHeuristic.solve(
                scenario, staffing: staffing, eligibility: eligibility, community: community, seed: options.seed,
                restarts: RotationHeuristic.rounds(communities: scenario.communities.count), shouldStop: options.shouldStop(at: deadline))
            guard found.feasible else {
                return result(.noSolution, method: "heuristic",
                              diagnosis: found.brokenRules.map { RotationDiagnosis.line(scenario, community: community, "启发式算法未能满足\($0)。") })
            }
            return result(.feasible, method: "heuristic", plan: found.plan, objective: found.objective)
        }
        var progress: (@Sendable (SolveProgress) -> Void)?
        if let sink = options.progress { progress = ThrottledProgress(part: "rotation", place: name, sink: sink).report }
        // `auto`: GLPK first, which proves a community optimal in milliseconds as a rule
        // (benchmarks/README.md); only a community it has not finished within a short budget
        // gets the heuristic, whose plan (or GLPK's incumbent, if better) starts the rest.
        var heuristic: HeuristicRotationResult?
        var solved: SolveResult
        do {
            var parameters = options.parameters(until: deadline)
            parameters.progress = progress
            if options.method == .auto {
                let first = deadline.map { min($0, ContinuousClock.now + .seconds(Self.glpkFirstSeconds)) }
                    ?? ContinuousClock.now + .seconds(Self.glpkFirstSeconds)
                var quick = options.parameters(until: first)
                quick.progress = progress
                solved = try GLPKSolver().solve(formulation.model, parameters: quick)
                if solved.termination == .feasible || solved.termination == .noSolution,
                    deadline.map({ $0.secondsFromNow > 0.05 }) ?? true, !options.isCancelled {
                    let found = RotationHeuristic.solve(
                        scenario, staffing: staffing, eligibility: eligibility, community: community, seed: options.seed,
                        restarts: 2, shouldStop: options.shouldStop(at: deadline))
                    var start = solved.values
                    if found.feasible, let values = formulation.values(for: found.plan, scenario: scenario, staffing: staffing),
                        found.objective < (solved.objective ?? .infinity) - 1e-9 {
                        heuristic = found
                        start = values
                    }
                    parameters.startSolution = start
                    solved = try GLPKSolver().solve(formulation.model, parameters: parameters)
                }
            } else {
                solved = try GLPKSolver().solve(formulation.model, parameters: parameters)
            }
        } catch {
            // The formulation only builds valid models; a failure here is a bug, reported as such.
            return result(.noSolution, method: "glpk", diagnosis: [RotationDiagnosis.line(scenario, community: community, "程序内部错误，请报告此问题（internal error: \(error)）。")])
        }
        switch solved.termination {
        case .optimal, .feasible:
            let status: PlanStatus = solved.termination == .optimal ? .optimal : .feasible
            let fromHeuristic = solved.fromStartSolution && heuristic != nil
            let method = fromHeuristic ? "heuristic" : "glpk"
            let plan = fromHeuristic ? heuristic!.plan : formulation.plan(from: solved.values ?? [])
            var found = result(status, method: method, plan: plan, objective: solved.objective, bound: solved.bound)
            if status == .optimal, options.partTwoMinded, options.parts.includesItinerant, let optimum = solved.objective {
                found.partTwoMinded = partTwoMinded(
                    formulation, optimum: optimum, plan: plan, scenario: scenario, staffing: staffing, deadline: deadline, options: options)
                found.seconds = started.secondsUntilNow
            }
            return found
        case .infeasible:
            // The diagnosis keeps the part's time limit: it gets what is left of this community's share.
            return result(.infeasible, method: "glpk", diagnosis: RotationDiagnosis.explain(
                scenario, staffing: staffing, eligibility: eligibility, community: community, deadline: deadline))
        case .unbounded, .noSolution:
            let spent = formatNumber((started.secondsUntilNow * 10).rounded() / 10)
            return result(.noSolution, method: "glpk", bound: solved.bound,
                          diagnosis: [RotationDiagnosis.line(scenario, community: community, "在 \(spent) 秒内未找到满足全部规则的方案。")])
        }
    }

    /// Among plans of the proven optimum, one chosen with Part 2 in mind (`RotationTieBreak`);
    /// nil when it is the plan already found, or when nothing can be chosen in the time left.
    static func partTwoMinded(
        _ formulation: RotationFormulation, optimum: Double, plan: RotationPlan, scenario: Scenario, staffing: Staffing,
        deadline: ContinuousClock.Instant?, options: SolveOptions
    ) -> RotationPlan? {
        guard let model = formulation.partTwoMinded(optimum: optimum, scenario: scenario, staffing: staffing),
            deadline.map({ $0.secondsFromNow > 0.05 }) ?? true,
            let solved = try? GLPKSolver().solve(model, parameters: options.parameters(until: deadline)),
            solved.termination.hasSolution, let values = solved.values
        else { return nil }
        let minded = formulation.plan(from: values)
        // The program holds the objective at the optimum; the county's plan is checked once
        // more by the rules' arithmetic in `combine` (here, once per community, it cost the
        // city 2 s).
        guard minded != plan, abs(formulation.model.objective.value(values) - optimum) <= 1e-6 * max(1, abs(optimum))
        else { return nil }
        return minded
    }

    /// Re-planning after objections: first the fewest lines changed from the baseline, then,
    /// among plans with that many changes, the best objective (two solves, exactly
    /// lexicographic). The bound reported is that of the second solve.
    static func solveFromBaseline(
        _ formulation: RotationFormulation, community: Int, deadline: ContinuousClock.Instant?, options: SolveOptions,
        started: ContinuousClock.Instant
    ) -> CommunityResult {
        func result(_ status: PlanStatus, plan: RotationPlan = .empty, objective: Double? = nil, bound: Double? = nil,
                    diagnosis: [String] = []) -> CommunityResult {
            CommunityResult(
                community: community, status: status, objective: objective, bound: bound,
                seconds: started.secondsUntilNow, method: "glpk", plan: plan, diagnosis: diagnosis)
        }
        guard let changes = formulation.changes else { return result(.noSolution) }
        var fewest = formulation.model
        fewest.minimize(changes)
        // The first solve may use half of the time left; the second has the rest.
        let half = deadline.flatMap { LinearModel.deadline(after: max(0.05, $0.secondsFromNow / 2)) }
        var fewestParameters = options.parameters(until: half)
        fewestParameters.relativeGap = 0
        let first = try? GLPKSolver().solve(fewest, parameters: fewestParameters)
        guard let first, first.termination.hasSolution, let least = first.objective else {
            return result(first?.termination == .infeasible ? .infeasible : .noSolution)
        }
        var best = formulation.model
        best.add(changes <= least.rounded() + 0.5, name: "fewest changes")
        let second = try? GLPKSolver().solve(best, parameters: options.parameters(until: deadline, start: first.values))
        guard let second, second.termination.hasSolution, let values = second.values else { return result(.noSolution) }
        let proven = first.termination == .optimal && second.termination == .optimal
        return result(proven ? .optimal : .feasible, plan: formulation.plan(from: values), objective: second.objective, bound: second.bound)
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
        var results = results
        if results.contains(where: { $0.partTwoMinded != nil }) {
            let minded = RotationPlan.combined(results.map { $0.partTwoMinded ?? $0.plan })
            let value = RotationEvaluation(scenario, staffing: staffing, plan: minded).objective
            // Equal by construction; a plan the rules' arithmetic prices otherwise is not offered.
            if abs(value - objective) > 1e-6 * max(1, abs(objective)) {
                for index in results.indices { results[index].partTwoMinded = nil }
            }
        }
        let bounds = results.map(\.bound)
        let bound: Double? = bounds.contains { $0 == nil } ? nil : bounds.reduce(0) { $0 + $1! }
        let report = PartReport(
            method: method.isEmpty ? "glpk" : method, status: worst, objective: objective, bound: bound, seconds: seconds)
        return RotationOutcome(report: report, plan: plan, communities: results, diagnosis: diagnosis)
    }

    static func teacherCount(_ scenario: Scenario, _ staffing: Staffing, _ community: Int) -> Int {
        scenario.communities[community].schools.reduce(0) { $0 + staffing.byHome[$1].count }
    }

    static func progressEvent(_ scenario: Scenario, _ result: CommunityResult) -> PlanProgress {
        let community = scenario.communities[result.community]
        return .community(
            id: community.id, lead: scenario.schools[community.lead].name, status: result.status, objective: result.objective,
            seconds: result.seconds)
    }
}

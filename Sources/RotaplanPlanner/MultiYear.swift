import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanResults
import RotaplanFormulation

/// Plans N consecutive years (`solve --years N`). The scenario folder is never written.
public enum MultiYear {
    /// With `--method heuristic` a horizon is planned year by year by the heuristic (it has no
    /// joint search); with `auto`, jointly by GLPK, and year by year as a fallback when GLPK finds
    /// no joint plan within the limit (never when it proves there is none).
    public static func solve(_ scenario: Scenario, years: Int, mode: HorizonMode, options: SolveOptions) -> HorizonOutcome {
        let years = max(1, years)
        switch mode {
        case .joint where options.method == .heuristic:
            return myopic(scenario, years: years, options: options)
        case .joint:
            let started = ContinuousClock.now
            let planned = joint(scenario, years: years, options: options)
            let stopped = planned.failed?.county.rotation?.report.status == .noSolution
            guard options.method == .auto, stopped, !options.isCancelled else { return planned }
            var rest = options
            rest.timeLimit = options.timeLimit.map { max(1, $0 - started.secondsUntilNow) }
            let fallback = myopic(scenario, years: years, options: rest)
            return fallback.years.count > planned.years.count ? fallback : planned
        case .myopic:
            return myopic(scenario, years: years, options: options)
        }
    }

    /// The first year's scenario with the secondments `planned` (moves per year of the horizon,
    /// in the first year's indices) in its history.
    static func withHistory(_ first: Scenario, _ planned: some Sequence<[Move]>) -> Scenario {
        var scenario = first
        for (year, moves) in planned.enumerated() {
            scenario = scenario.addingHistory(moves, year: first.year + year)
        }
        return scenario
    }

    /// The scenario of horizon year `offset`, on the history the earlier planned years leave.
    static func scenario(_ first: Scenario, offset: Int, planned: [[Move]]) -> Scenario {
        withHistory(first, planned.prefix(offset)).aged(by: offset)
    }

    /// history.csv with the first `count` planned years, over the scenario's own teachers.
    static func history(_ first: Scenario, _ planned: [[Move]], years count: Int) -> Data {
        withHistory(first, planned.prefix(count)).historyCSV
    }

    /// Moves given in the first year's indices, in `later`'s indices.
    static func local(_ moves: [Move], from first: Scenario, in later: Scenario) -> RotationPlan {
        RotationPlan(moves: moves.compactMap { move in
            later.teacherIndex[first.teachers[move.teacher].id].map { Move(teacher: $0, to: move.to) }
        })
    }

    /// Each year on the history the year before leaves; `--time-limit` is shared by the years.
    static func myopic(_ first: Scenario, years: Int, options: SolveOptions) -> HorizonOutcome {
        let started = ContinuousClock.now
        var planned: [[Move]] = []
        var plans: [YearPlan] = []
        var objective = 0.0
        var worst = PlanStatus.optimal
        for offset in 0..<years {
            let scenario = scenario(first, offset: offset, planned: planned)
            var yearOptions = options
            yearOptions.timeLimit = options.timeLimit.map { ($0 - started.secondsUntilNow) / Double(years - offset) }
            let county = CountyPlanner.solve(scenario, options: yearOptions)
            let plan = YearPlan(
                year: scenario.year, scenario: scenario, county: county, history: history(first, planned, years: offset), provisional: offset > 0)
            guard county.hasPlan else {
                return HorizonOutcome(
                    mode: .myopic, requested: years, years: plans, failed: plan, finalHistory: history(first, planned, years: offset),
                    rotation: summary(objective, bound: nil, worst, started, planned: plans.count))
            }
            plans.append(plan)
            objective += county.rotation?.report.objective ?? 0
            worst = max(worst, county.rotation?.report.status ?? .optimal)
            planned.append(county.rotationPlan.moves.map { move in
                Move(teacher: first.teacherIndex[scenario.teachers[move.teacher].id]!, to: move.to)
            })
        }
        return HorizonOutcome(
            mode: .myopic, requested: years, years: plans, failed: nil, finalHistory: history(first, planned, years: years),
            rotation: summary(objective, bound: nil, worst, started, planned: plans.count))
    }

    static func summary(_ objective: Double, bound: Double?, _ status: PlanStatus, _ started: ContinuousClock.Instant, planned: Int) -> PartReport? {
        guard planned > 0 else { return nil }
        return PartReport(method: "glpk", status: status, objective: objective, bound: bound, seconds: started.secondsUntilNow)
    }

    /// One program per community over the horizon; a community without an N-year plan is tried
    /// over fewer years, and the county's horizon is the shortest of its communities'.
    static func joint(_ first: Scenario, years: Int, options: SolveOptions) -> HorizonOutcome {
        let started = ContinuousClock.now
        let deadline = LinearModel.deadline(after: options.timeLimit, from: started)
        let horizon = (0..<years).map { first.aged(by: $0) }
        // Part 1: each community's longest horizon up to N; then all at the county's.
        var results = Parallel.map(count: first.communities.count, threads: options.threads) { community, remaining in
            longest(horizon, community: community, upTo: years, options: options,
                    deadline: shareOfDeadline(deadline, remainingToStart: remaining, threads: options.threads))
        }
        let county = results.map(\.years).min() ?? years
        if county < years {
            let redo = results.indices.filter { results[$0].years > county }
            let again = Parallel.map(count: redo.count, threads: options.threads) { position, remaining in
                solveCycle(Array(horizon.prefix(county)), community: redo[position], options: options,
                           deadline: shareOfDeadline(deadline, remainingToStart: remaining, threads: options.threads))
            }
            for (position, community) in redo.enumerated() { results[community] = again[position] }
        }
        let status = results.map(\.status).max() ?? .optimal
        var planned: [[Move]] = Array(repeating: [], count: county)
        for result in results where result.status == .optimal || result.status == .feasible {
            for (year, plan) in result.plans.enumerated() where year < county { planned[year] += plan.moves }
        }
        let bounds = results.map(\.bound)
        let bound: Double? = bounds.contains(where: { $0 == nil }) ? nil : bounds.reduce(0) { $0 + $1! }
        let part1Seconds = started.secondsUntilNow
        var plans: [YearPlan] = []
        var objective = 0.0
        let found = status == .optimal || status == .feasible
        // Part 2 each year on that year's staffing; the years share Part 2's time limit.
        let itinerantStarted = ContinuousClock.now
        for offset in 0..<(found ? county : 0) {
            let scenario = scenario(first, offset: offset, planned: planned)
            let plan = local(planned[offset], from: first, in: scenario)
            let evaluation = RotationEvaluation(scenario, staffing: Staffing(scenario), plan: plan)
            objective += evaluation.objective
            let rotation = RotationOutcome(
                report: PartReport(method: "glpk", status: status, objective: evaluation.objective, bound: nil, seconds: part1Seconds),
                plan: plan, communities: [], diagnosis: [])
            var itinerant: ItinerantOutcome?
            if options.parts.includesItinerant {
                var yearOptions = options
                yearOptions.timeLimit = options.timeLimit.map { ($0 - itinerantStarted.secondsUntilNow) / Double(county - offset) }
                itinerant = ItinerantPlanner.solve(scenario, rotationPlan: plan, options: yearOptions)
            }
            let countyPlan = CountyPlan(scenario: scenario, rotation: options.parts.includesRotation ? rotation : nil, itinerant: itinerant)
            plans.append(YearPlan(
                year: scenario.year, scenario: scenario, county: countyPlan, history: history(first, planned, years: offset),
                provisional: offset > 0))
        }
        let report = found ? PartReport(method: "glpk", status: status, objective: objective, bound: bound, seconds: part1Seconds) : nil
        guard !found || county < years else {
            return HorizonOutcome(
                mode: .joint, requested: years, years: plans, failed: nil, finalHistory: history(first, planned, years: years), rotation: report)
        }
        // The first year without a plan, explained as for one year, on the history the years
        // before it leave: no N-year plan exists, so no plan of this year follows them either.
        let failing = found ? county : 0
        let scenario = scenario(first, offset: failing, planned: planned)
        var yearOptions = options
        yearOptions.parts = .rotation
        yearOptions.timeLimit = deadline.map { max(1, $0.secondsFromNow) }
        var explained = CountyPlanner.solve(scenario, options: yearOptions)
        if found, explained.hasPlan {
            // A plan of that year alone exists here only if the search above was stopped by its limit.
            explained.rotation?.report.status = .noSolution
            explained.rotation?.plan = nil
        }
        if !found, status == .noSolution || status == .feasible {
            explained.rotation?.diagnosis = results.flatMap(\.diagnosis)
        }
        let failed = YearPlan(
            year: scenario.year, scenario: scenario, county: explained, history: history(first, planned, years: failing), provisional: failing > 0)
        return HorizonOutcome(
            mode: .joint, requested: years, years: plans, failed: failed, finalHistory: history(first, planned, years: failing), rotation: report)
    }

    /// A community's joint plan over up to `upTo` years: the longest horizon that has one.
    struct CycleResult: Sendable {
        var years: Int
        var status: PlanStatus
        var plans: [RotationPlan]
        var objective: Double?
        var bound: Double?
        var diagnosis: [String]
    }

    static func longest(
        _ horizon: [Scenario], community: Int, upTo years: Int, options: SolveOptions, deadline: ContinuousClock.Instant?
    ) -> CycleResult {
        var tried = years
        while true {
            let result = solveCycle(Array(horizon.prefix(tried)), community: community, options: options, deadline: deadline)
            if result.status != .infeasible || tried == 1 { return result }
            tried -= 1
        }
    }

    static func solveCycle(
        _ years: [Scenario], community: Int, options: SolveOptions, deadline: ContinuousClock.Instant?
    ) -> CycleResult {
        switch CycleFormulation.build(years, community: community) {
        case .infeasible(let reasons):
            // The pins the program refused, in the office's words (the program's own as a fallback).
            let staffing = Staffing(years[0])
            let words = RotationDiagnosis.pinReasons(
                years[0], staffing: staffing, eligibility: Eligibility(years[0], staffing: staffing), community: community)
            return CycleResult(
                years: years.count, status: .infeasible, plans: [],
                diagnosis: (words.isEmpty ? reasons : words).map { RotationDiagnosis.line(years[0], community: community, $0) })
        case .model(let formulation):
            // Mixed-integer rounding cuts settle these programs fastest (benchmarks/README.md).
            var parameters = options.parameters(until: deadline)
            parameters.cuts = CutOptions(mixedIntegerRounding: true)
            guard let solved = try? GLPKSolver().solve(formulation.model, parameters: parameters) else {
                return CycleResult(
                    years: years.count, status: .noSolution, plans: [],
                    diagnosis: [RotationDiagnosis.line(years[0], community: community, "程序内部错误，请报告此问题（internal error）。")])
            }
            switch solved.termination {
            case .optimal, .feasible:
                return CycleResult(
                    years: years.count, status: solved.termination == .optimal ? .optimal : .feasible,
                    plans: formulation.plans(from: solved.values ?? [], policy: years[0].policy.rotation), objective: solved.objective,
                    bound: solved.bound, diagnosis: [])
            case .infeasible:
                return CycleResult(years: years.count, status: .infeasible, plans: [], diagnosis: [])
            case .unbounded, .noSolution:
                return CycleResult(
                    years: years.count, status: .noSolution, plans: [],
                    diagnosis: [RotationDiagnosis.line(years[0], community: community, "在时限内未找到 \(years.count) 个学年的方案。")])
            }
        }
    }
}

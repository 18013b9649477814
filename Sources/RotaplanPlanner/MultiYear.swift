import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanResults

/// Plans N consecutive years (`solve --years N`). The scenario folder is never written.
public enum MultiYear {
    /// With `--method heuristic` a horizon is planned year by year by the heuristic (it has no
    /// joint search). Otherwise the years are first planned one by one (Part 1 only, at most a
    /// third of the limit): that plan is lawful in every year it covers, so it starts each
    /// community's joint program over that many years, as GLPK's first incumbent and an upper
    /// bound. A joint program over more years that finds nothing within its share falls back
    /// to that horizon, so a joint answer never plans fewer years than year-by-year planning
    /// (docs/solving.md "Several years at once").
    public static func solve(_ scenario: Scenario, years: Int, mode: HorizonMode, options: SolveOptions) -> HorizonOutcome {
        let years = max(1, years)
        switch mode {
        case .joint where options.method == .heuristic:
            var outcome = myopic(scenario, years: years, options: options)
            outcome.note = "启发式算法（--method heuristic）逐年编排各年度：它没有各年度联合的搜索。"
            return outcome
        case .joint where scenario.policy.exchange.enabled:
            // The joint program is one per community; the county exchange links the communities,
            // so each year is planned county-wide on the history the year before leaves.
            var outcome = myopic(scenario, years: years, options: options)
            outcome.note = "启用区域交流时逐年编排各年度（每年一个全县模型）：各年度联合优化按共同体分别建模，不含跨共同体的区域交流。"
            return outcome
        case .joint:
            let started = ContinuousClock.now
            var first = options
            first.parts = .rotation
            first.partTwoMinded = false
            first.progress = nil
            first.timeLimit = options.timeLimit.map { $0 / 3 }
            let yearByYear = myopic(scenario, years: years, options: first)
            var rest = options
            rest.timeLimit = options.timeLimit.map { max(1, $0 - started.secondsUntilNow) }
            return joint(scenario, years: years, options: rest, start: yearByYear.plannedMoves)
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
        RotationPlan(
            moves: moves.compactMap { move in
                later.teacherIndex[first.teachers[move.teacher].id].map { Move(teacher: $0, to: move.to) }
            })
    }

    /// Each year on the history the year before leaves; `--time-limit` is shared by the years.
    static func myopic(_ first: Scenario, years: Int, options: SolveOptions) -> HorizonOutcome {
        let started = ContinuousClock.now
        let method = options.method == .heuristic ? "heuristic" : "glpk"
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
                    rotation: summary(objective, bound: nil, worst, started, planned: plans.count, method: method), plannedMoves: planned)
            }
            plans.append(plan)
            objective += county.rotation?.report.objective ?? 0
            worst = max(worst, county.rotation?.report.status ?? .optimal)
            // A later year's teachers are the first year's, less those who retired.
            planned.append(
                county.rotationPlan.moves.compactMap { move in
                    first.teacherIndex[scenario.teachers[move.teacher].id].map { Move(teacher: $0, to: move.to) }
                })
        }
        return HorizonOutcome(
            mode: .myopic, requested: years, years: plans, failed: nil, finalHistory: history(first, planned, years: years),
            rotation: summary(objective, bound: nil, worst, started, planned: plans.count, method: method), plannedMoves: planned)
    }

    static func summary(
        _ objective: Double, bound: Double?, _ status: PlanStatus, _ started: ContinuousClock.Instant, planned: Int, method: String = "glpk"
    ) -> PartReport? {
        guard planned > 0 else { return nil }
        return PartReport(method: method, status: status, objective: objective, bound: bound, seconds: started.secondsUntilNow)
    }

    /// One program per community over the horizon; a community without an N-year plan is tried
    /// over fewer years, and the county's horizon is the shortest of its communities'. `start`
    /// is a lawful plan of the first `start.count` years (year-by-year planning), in the first
    /// year's teacher indices: it starts every program over at most that many years, and a
    /// program over more years that finds nothing falls back to it.
    static func joint(_ first: Scenario, years: Int, options: SolveOptions, start: [[Move]] = []) -> HorizonOutcome {
        let started = ContinuousClock.now
        let deadline = LinearModel.deadline(after: options.timeLimit, from: started)
        let horizon = (0..<years).map { first.aged(by: $0) }
        // Part 1: each community's longest horizon up to N; then all at the county's.
        var results = Parallel.map(count: first.communities.count, threads: options.threads) { community, remaining in
            longest(
                horizon, community: community, upTo: years, options: options, start: start,
                deadline: shareOfDeadline(deadline, remainingToStart: remaining, threads: options.threads))
        }
        var county = results.map(\.years).min() ?? years
        if county < years {
            let redo = results.indices.filter { results[$0].years > county }
            let short = county
            let again = Parallel.map(count: redo.count, threads: options.threads) { position, remaining in
                solveCycle(
                    Array(horizon.prefix(short)), community: redo[position], options: options, start: start,
                    deadline: shareOfDeadline(deadline, remainingToStart: remaining, threads: options.threads))
            }
            for (position, community) in redo.enumerated() { results[community] = again[position] }
        }
        var status = results.map(\.status).max() ?? .optimal
        var planned: [[Move]] = Array(repeating: [], count: county)
        for result in results where result.status == .optimal || result.status == .feasible {
            for (year, plan) in result.plans.enumerated() where year < county { planned[year] += plan.moves }
        }
        var bound = summedBounds(results.map(\.bound))
        var found = status == .optimal || status == .feasible
        // Every year-by-year plan is a joint plan: should the programs have ended with fewer
        // years (or none), the year-by-year plan is the answer, with no bound.
        if !start.isEmpty, !found || county < start.count {
            county = start.count
            planned = start
            status = .feasible
            bound = nil
            found = true
        }
        return outcome(
            first, requested: years, planned: planned, county: found ? county : 0, status: status, bound: bound,
            diagnosis: results.flatMap(\.diagnosis), part1Seconds: started.secondsUntilNow, deadline: deadline, options: options)
    }

    /// The horizon's answer for `county` planned years (`planned`, first-year indices): Part 2
    /// each year on that year's staffing (the years share Part 2's time limit), and the first
    /// year without a plan explained on the history the planned years leave.
    static func outcome(
        _ first: Scenario, requested years: Int, planned: [[Move]], county: Int, status: PlanStatus, bound: Double?,
        diagnosis: [String], part1Seconds: Double, deadline: ContinuousClock.Instant?, options: SolveOptions
    ) -> HorizonOutcome {
        let found = county > 0
        var plans: [YearPlan] = []
        var objective = 0.0
        let itinerantStarted = ContinuousClock.now
        for offset in 0..<county {
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
            plans.append(
                YearPlan(
                    year: scenario.year, scenario: scenario, county: countyPlan, history: history(first, planned, years: offset),
                    provisional: offset > 0))
        }
        let report = found ? PartReport(method: "glpk", status: status, objective: objective, bound: bound, seconds: part1Seconds) : nil
        guard !found || county < years else {
            return HorizonOutcome(
                mode: .joint, requested: years, years: plans, failed: nil, finalHistory: history(first, planned, years: years),
                rotation: report, plannedMoves: planned)
        }
        // The first year without a plan, explained as for one year, on the history the years
        // before it leave: no N-year plan exists, so no plan of this year follows them either.
        let failing = county
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
            explained.rotation?.diagnosis = diagnosis
        }
        let failed = YearPlan(
            year: scenario.year, scenario: scenario, county: explained, history: history(first, planned, years: failing), provisional: failing > 0)
        return HorizonOutcome(
            mode: .joint, requested: years, years: plans, failed: failed, finalHistory: history(first, planned, years: failing),
            rotation: report, plannedMoves: planned)
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

    /// The longest horizon up to `upTo` years with a plan. Over at most `start.count` years the
    /// year-by-year plan starts the program; a longer program gets at most two thirds of the
    /// time left and, should it find nothing, the horizon falls back to `start.count` years.
    static func longest(
        _ horizon: [Scenario], community: Int, upTo years: Int, options: SolveOptions, start: [[Move]],
        deadline: ContinuousClock.Instant?
    ) -> CycleResult {
        var tried = years
        while true {
            let started = tried <= start.count
            let until = started || start.isEmpty ? deadline : deadline.flatMap { LinearModel.deadline(after: $0.secondsFromNow * 2 / 3) }
            let result = solveCycle(Array(horizon.prefix(tried)), community: community, options: options, start: start, deadline: until)
            if !started, !start.isEmpty, result.status == .noSolution {
                tried = start.count
                continue
            }
            if result.status != .infeasible || tried == 1 { return result }
            tried -= 1
        }
    }

    /// One community's program over `years`; started from `start` (first-year indices) when it
    /// covers the horizon: its move counts fixed, GLPK completes the rest, and that solution is
    /// the search's first incumbent.
    static func solveCycle(
        _ years: [Scenario], community: Int, options: SolveOptions, start: [[Move]] = [], deadline: ContinuousClock.Instant?
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
            if start.count >= years.count {
                parameters.startSolution = startValues(
                    formulation, Array(start.prefix(years.count)), years: years, options: options, deadline: deadline)
            }
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

    /// The joint program's values for a plan given year by year: the move counts it implies,
    /// and the other variables (R2's integer requirement, R6's either-or, shortfall, E(c)) as
    /// GLPK completes them with the moves fixed. Nil when the plan is not a point of the program.
    static func startValues(
        _ formulation: CycleFormulation, _ plans: [[Move]], years: [Scenario], options: SolveOptions, deadline: ContinuousClock.Instant?
    ) -> [Double]? {
        guard let first = years.first, let counts = formulation.moveCounts(for: plans, in: first) else { return nil }
        var fixed = formulation.model
        for move in formulation.moves { fixed.fix(move.variable, to: counts[move.variable.index] ?? 0) }
        var parameters = options.parameters(until: deadline)
        parameters.relativeGap = 0
        // With the moves fixed only a few integers are left, each decided by its row (R2's
        // requirement, R6's either-or): no work limit, which is for searches.
        parameters.nodeLimit = nil
        guard let solved = try? GLPKSolver().solve(fixed, parameters: parameters), solved.termination.hasSolution else { return nil }
        return solved.values
    }
}

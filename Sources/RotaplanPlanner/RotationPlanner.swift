import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanResults

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
        let solved = Parallel.map(count: order.count, threads: options.threads) { position, remainingToStart in
            let community = order[position]
            var kept: RotationFormulation?
            let result = solveCommunity(
                scenario, staffing: staffing, eligibility: eligibility, community: community,
                deadline: shareOfDeadline(deadline, remainingToStart: remainingToStart, threads: options.threads),
                options: options, keep: &kept)
            options.progress?(progressEvent(scenario, result))
            return (result: result, formulation: kept)
        }.sorted { $0.result.community < $1.result.community }
        var results = solved.map(\.result)
        if options.partTwoMinded, options.parts.includesItinerant, !options.isCancelled,
            results.allSatisfy({ $0.status == .optimal || $0.status == .feasible })
        {
            let formulations = Dictionary(uniqueKeysWithValues: solved.compactMap { item in item.formulation.map { (item.result.community, $0) } })
            chooseWithPartTwoInMind(&results, formulations: formulations, scenario: scenario, staffing: staffing, deadline: deadline, options: options)
        }
        return combine(scenario, staffing: staffing, results: results, seconds: started.secondsUntilNow, options: options)
    }

    static func solveCommunity(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int,
        deadline: ContinuousClock.Instant?, options: SolveOptions, keep: inout RotationFormulation?
    ) -> CommunityResult {
        let started = ContinuousClock.now
        let name = scenario.communities[community].id
        func result(
            _ status: PlanStatus, method: String, plan: RotationPlan = .empty, objective: Double? = nil,
            bound: Double? = nil, diagnosis: [String] = []
        ) -> CommunityResult {
            CommunityResult(
                community: community, status: status, objective: objective, bound: bound,
                seconds: started.secondsUntilNow, method: method, plan: plan, diagnosis: diagnosis)
        }
        // Counting shows the common conflicts before any search.
        let counted = RotationDiagnosis.countingReasons(scenario, staffing: staffing, eligibility: eligibility, community: community)
        let formulation: RotationFormulation
        switch RotationFormulation.build(
            scenario, staffing: staffing, eligibility: eligibility, community: community, baseline: options.baseline?.targets)
        {
        case .infeasible(let reasons):
            // The pins the program refused, in the office's words (the program's own as a fallback).
            let words = RotationDiagnosis.pinReasons(scenario, staffing: staffing, eligibility: eligibility, community: community)
            return result(
                .infeasible, method: options.method.rawValue,
                diagnosis: (words.isEmpty ? reasons : words).map {
                    RotationDiagnosis.line(scenario, community: community, $0)
                } + counted)
        case .model(let built):
            formulation = built
        }
        if !counted.isEmpty {
            return result(.infeasible, method: options.method.rawValue, diagnosis: counted)
        }
        if options.baseline != nil {
            return solveFromBaseline(formulation, community: community, deadline: deadline, options: options, started: started)
        }
        if options.method == .heuristic {
            // Until a lawful plan is found, a count proves there is none, or the time is up (a
            // work limit when there is no clock).
            let found = RotationHeuristic.solve(
                scenario, staffing: staffing, eligibility: eligibility, community: community, seed: options.seed,
                restarts: RotationHeuristic.rounds(communities: scenario.communities.count),
                attempts: deadline == nil ? RotationHeuristic.attemptsWithoutLimit : nil, shouldStop: options.shouldStop(at: deadline))
            if found.proven {
                return result(.infeasible, method: "heuristic", diagnosis: found.brokenRules.map { RotationDiagnosis.line(scenario, community: community, $0) })
            }
            guard found.feasible else {
                let spent = Display.number((started.secondsUntilNow * 10).rounded() / 10)
                return result(
                    .noSolution, method: "heuristic",
                    diagnosis: [
                        RotationDiagnosis.line(
                            scenario, community: community,
                            "启发式算法（用时 \(spent) 秒）未找到满足全部规则的方案；找到的最好方案违反：" + found.brokenRules.joined(separator: "；") + "。")
                    ])
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
                let first =
                    deadline.map { min($0, ContinuousClock.now + .seconds(Self.glpkFirstSeconds)) }
                    ?? ContinuousClock.now + .seconds(Self.glpkFirstSeconds)
                var quick = options.parameters(until: first)
                quick.progress = progress
                solved = try GLPKSolver().solve(formulation.model, parameters: quick)
                if solved.termination == .feasible || solved.termination == .noSolution,
                    deadline.map({ $0.secondsFromNow > 0.05 }) ?? true, !options.isCancelled
                {
                    // The heuristic may look for a lawful plan for a quarter of the time left:
                    // the rest is GLPK's.
                    let quarter = deadline.flatMap { LinearModel.deadline(after: $0.secondsFromNow / 4) }
                    let found = RotationHeuristic.solve(
                        scenario, staffing: staffing, eligibility: eligibility, community: community, seed: options.seed,
                        restarts: 2, attempts: deadline == nil ? RotationHeuristic.attemptsWithoutLimit : nil,
                        shouldStop: options.shouldStop(at: quarter))
                    var start = solved.values
                    if found.feasible, let values = formulation.values(for: found.plan, scenario: scenario, staffing: staffing),
                        found.objective < (solved.objective ?? .infinity) - 1e-9
                    {
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
            return result(
                .noSolution, method: "glpk", diagnosis: [RotationDiagnosis.line(scenario, community: community, "程序内部错误，请报告此问题（internal error: \(error)）。")])
        }
        switch solved.termination {
        case .optimal, .feasible:
            let status: PlanStatus = solved.termination == .optimal ? .optimal : .feasible
            let startedFrom = solved.fromStartSolution ? heuristic : nil
            let method = startedFrom == nil ? "glpk" : "heuristic"
            let plan = startedFrom?.plan ?? formulation.plan(from: solved.values ?? [])
            let found = result(status, method: method, plan: plan, objective: solved.objective, bound: solved.bound)
            // A proven optimum keeps its program for the county's tie-break.
            if status == .optimal, options.partTwoMinded, options.parts.includesItinerant { keep = formulation }
            return found
        case .infeasible:
            // The diagnosis keeps the part's time limit: it gets what is left of this community's share.
            return result(
                .infeasible, method: "glpk",
                diagnosis: RotationDiagnosis.explain(
                    scenario, staffing: staffing, eligibility: eligibility, community: community, deadline: deadline))
        case .unbounded, .noSolution:
            let spent = formatNumber((started.secondsUntilNow * 10).rounded() / 10)
            return result(
                .noSolution, method: "glpk", bound: solved.bound,
                diagnosis: [RotationDiagnosis.line(scenario, community: community, "在 \(spent) 秒内未找到满足全部规则的方案。")])
        }
    }

    /// Seconds the county's tie-break may take at most: Part 1 itself takes a few seconds at
    /// most, and the tie-break must not eat the part's limit.
    static let tieBreakSeconds = 30.0
    /// Rounds of pricing and choosing: each prices Part 2 on the staffing the round before chose.
    static let tieBreakRounds = 4
    /// Nodes each tie-breaking program may create: a work limit, the same on every machine, so
    /// the plan chosen does not depend on the machine's load. The shipped counties and the
    /// ladder need at most 91; a community of a generated 3,000-teacher county needed 5,989 to
    /// prove its estimate, and one of another was not proven in 35,000 (GLPK's bound stays at
    /// 543 of 557), so the search keeps the best plan found by then (benchmarks/README.md
    /// "The tie-break's work limit").
    static let tieBreakNodes = 2_000

    /// Among plans of the proven optima, the county's plan chosen with Part 2 in mind
    /// (docs/solving.md "Part 1 with Part 2 in mind"): Part 2's relaxation on the staffing the
    /// plans found first leave prices each change of capacity and candidates (`PartTwoPrices`);
    /// each community, held at its optimum, then takes the moves the prices favour; the
    /// relaxation prices the new staffing, and so on for a few rounds, keeping the staffing with
    /// the lowest relaxation. Should the relaxation not be solved, the estimate of
    /// `RotationTieBreak` chooses instead. Sets `partTwoMinded` where a community's plan differs.
    static func chooseWithPartTwoInMind(
        _ results: inout [CommunityResult], formulations: [Int: RotationFormulation], scenario: Scenario, staffing: Staffing,
        deadline: ContinuousClock.Instant?,
        options: SolveOptions
    ) {
        let proven = results.compactMap { result -> ProvenCommunity? in
            guard result.status == .optimal, let formulation = formulations[result.community], let optimum = result.objective else { return nil }
            return ProvenCommunity(community: result.community, formulation: formulation, optimum: optimum)
        }
        guard !proven.isEmpty else { return }
        let until = LinearModel.deadline(after: min(deadline?.secondsFromNow ?? .infinity, tieBreakSeconds))
        @Sendable func timeLeft() -> Bool { until.map { $0.secondsFromNow > 0.05 } ?? true }
        guard timeLeft() else { return }
        let first = Dictionary(uniqueKeysWithValues: results.map { ($0.community, $0.plan) })
        // Each community alone, on the machine's threads, the largest first: its programs are
        // independent of the other communities'.
        let largestFirst = proven.indices.sorted { proven[$0].formulation.model.variables.count > proven[$1].formulation.model.variables.count }
        func eachCommunity<Value: Sendable>(_ job: @Sendable (ProvenCommunity) -> Value?) -> [Int: Value] {
            let values = Parallel.map(count: largestFirst.count, threads: options.threads) { position, _ in
                let community = proven[largestFirst[position]]
                return timeLeft() ? job(community) : nil
            }
            var byCommunity: [Int: Value] = [:]
            for (position, value) in values.enumerated() { byCommunity[proven[largestFirst[position]].community] = value }
            return byCommunity
        }
        /// Part 2's relaxation on the staffing the plans leave: its value and its prices, one
        /// subject after another.
        func relaxation(_ plans: [Int: RotationPlan]) -> (value: Double, prices: PartTwoPrices)? {
            let plan = RotationPlan.combined(results.map { plans[$0.community] ?? $0.plan })
            let present = RotationEvaluation(scenario, staffing: staffing, plan: plan).presentAfter
            var parameters = options.parameters(until: until)
            parameters.nodeLimit = nil
            var total = (value: 0.0, prices: PartTwoPrices())
            for subject in scenario.policy.itinerant.subjects.sorted() {
                let relaxed = PartTwoRelaxation(scenario, presentAfter: present, subject: subject)
                guard !relaxed.model.variables.isEmpty else {
                    // Nothing can travel: every shortfall stays, and its rows have no price.
                    total.value += relaxed.model.objective.constant
                    total.prices.merge(relaxed.prices(duals: []))
                    continue
                }
                guard let solved = try? GLPKSolver().solve(relaxed.model, parameters: parameters), solved.termination == .optimal,
                    let value = solved.objective, let duals = solved.duals
                else { return nil }
                total.value += value
                total.prices.merge(relaxed.prices(duals: duals))
            }
            return total
        }
        // What no plan of a community's optimum changes, and the estimate's choice: a second
        // candidate, and the only one should the relaxation not be solved in the time.
        let alone = eachCommunity { proven -> (fixed: [Int: Double], estimate: RotationPlan?) in
            let fixed = fixedAtOptimum(proven, until: until, options: options)
            guard let plan = first[proven.community],
                let program = proven.formulation.partTwoMinded(optimum: proven.optimum, current: plan, scenario: scenario, staffing: staffing),
                let minded = choose(program, in: proven, fixed: fixed, until: until, options: options), minded != plan
            else { return (fixed, nil) }
            return (fixed, minded)
        }
        for index in results.indices { results[index].estimateMinded = alone[results[index].community]?.estimate }
        guard var priced = relaxation(first) else {
            for index in results.indices { results[index].partTwoMinded = results[index].estimateMinded }
            for index in results.indices { results[index].estimateMinded = nil }
            return
        }
        var best = (plans: first, value: priced.value)
        var current = first
        var seen = [first]
        for _ in 0..<tieBreakRounds where timeLeft() {
            let prices = priced.prices
            let chosen = eachCommunity { [current] proven -> RotationPlan? in
                guard let plan = current[proven.community],
                    let program = proven.formulation.partTwoMinded(
                        optimum: proven.optimum, prices: prices, current: plan, scenario: scenario, staffing: staffing)
                else { return nil }
                return choose(program, in: proven, fixed: alone[proven.community]?.fixed ?? [:], until: until, options: options)
            }
            var next = current
            for (community, plan) in chosen { next[community] = plan }
            // A staffing already priced ends the rounds: they would only go round again.
            guard !seen.contains(next), let evaluated = relaxation(next) else { break }
            seen.append(next)
            current = next
            priced = evaluated
            if evaluated.value < best.value - 1e-6 { best = (next, evaluated.value) }
        }
        for index in results.indices {
            guard let plan = best.plans[results[index].community], plan != results[index].plan else { continue }
            results[index].partTwoMinded = plan
        }
        // A community whose estimate agrees with the prices (or with its first plan) adds no candidate.
        for index in results.indices where results[index].estimateMinded == (results[index].partTwoMinded ?? results[index].plan) {
            results[index].estimateMinded = nil
        }
    }

    /// A community whose Part 1 is proven: its program and optimum, which the tie-break holds.
    struct ProvenCommunity: Sendable {
        var community: Int
        var formulation: RotationFormulation
        var optimum: Double
    }

    /// The integer variables of a community's program that no plan of its optimum moves off
    /// their value in the relaxation's optimum (`Model.reducedCostFixing`, with the optimum as
    /// the incumbent). The tie-breaking programs hold the objective at the optimum, so they are
    /// solved without them: on the generated 3,000-teacher counties two thirds of the variables
    /// go. Empty when the relaxation is not solved.
    static func fixedAtOptimum(_ proven: ProvenCommunity, until: ContinuousClock.Instant?, options: SolveOptions) -> [Int: Double] {
        let model = proven.formulation.model
        guard let relaxed = RelaxationNeighbourhood.relaxation(of: model, until: until, options: options),
            let values = relaxed.values, let reducedCosts = relaxed.reducedCosts, let relaxationOptimum = relaxed.objective
        else { return [:] }
        return model.reducedCostFixing(
            relaxation: values, reducedCosts: reducedCosts, relaxationOptimum: relaxationOptimum,
            incumbent: proven.optimum + RotationFormulation.heldSlack(proven.optimum))
    }

    /// The plan a tie-breaking program chooses (`RotationTieBreak`), solved from its start
    /// without the variables `fixed` holds, within `tieBreakNodes`; nil when nothing is found or
    /// the plan found misses the optimum.
    static func choose(
        _ program: TieBreakProgram, in proven: ProvenCommunity, fixed: [Int: Double], until: ContinuousClock.Instant?,
        options: SolveOptions
    ) -> RotationPlan? {
        var parameters = options.parameters(until: until, start: program.start)
        parameters.nodeLimit = min(parameters.nodeLimit ?? tieBreakNodes, tieBreakNodes)
        var values: [Double]?
        if var assignment = program.start, fixed.allSatisfy({ abs(assignment[$0.key] - $0.value) < 1e-9 }) {
            for (index, value) in fixed { assignment[index] = value }
            let restricted = program.model.restricted(to: assignment, isFree: { fixed[$0] == nil })
            guard !restricted.contradicts else { return nil }
            parameters.startSolution = restricted.restricted(assignment)
            if let solved = try? GLPKSolver().solve(restricted.model, parameters: parameters), solved.termination.hasSolution,
                let found = solved.values
            {
                values = restricted.expanded(found)
            }
        } else if let solved = try? GLPKSolver().solve(program.model, parameters: parameters), solved.termination.hasSolution {
            // A start off the fixed values (the simplex's tolerances): the whole program.
            values = solved.values
        }
        // The program holds the objective at the optimum; the county's plan is checked once more
        // by the rules' arithmetic in `combine` (here, once per community, it cost the city 2 s).
        // GLPK's integer tolerance leaves continuous values a few 1e-6 off the rows, so the plan
        // is read from the values rather than the values checked against every row.
        let formulation = proven.formulation
        guard let values, abs(formulation.model.objective.value(values) - proven.optimum) <= 1e-6 * max(1, abs(proven.optimum))
        else { return nil }
        return formulation.plan(from: values)
    }

    /// Re-planning after objections: first the fewest lines changed from the baseline, then,
    /// among plans with that many changes, the best objective (two solves, exactly
    /// lexicographic). The bound reported is that of the second solve.
    static func solveFromBaseline(
        _ formulation: RotationFormulation, community: Int, deadline: ContinuousClock.Instant?, options: SolveOptions,
        started: ContinuousClock.Instant
    ) -> CommunityResult {
        func result(
            _ status: PlanStatus, plan: RotationPlan = .empty, objective: Double? = nil, bound: Double? = nil,
            diagnosis: [String] = []
        ) -> CommunityResult {
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
        if results.contains(where: { $0.estimateMinded != nil }) {
            let estimated = RotationPlan.combined(results.map { $0.estimateMinded ?? $0.plan })
            let value = RotationEvaluation(scenario, staffing: staffing, plan: estimated).objective
            if abs(value - objective) > 1e-6 * max(1, abs(objective)) {
                for index in results.indices { results[index].estimateMinded = nil }
            }
        }
        let bound = summedBounds(results.map(\.bound))
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

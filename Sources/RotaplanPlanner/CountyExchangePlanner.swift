import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanResults

/// Part 1 with the county exchange (docs/model.md "Part 1 with the county exchange",
/// docs/solving.md "The county exchange"): the exchange links the communities (a lead's
/// teacher may go to another community's member, an urban independent school sends too), so
/// the county is one program: every community's secondment rules, the exchange rules X1–X3 at
/// every urban school and where exchanges go in, and the objective over every rural school.
enum CountyExchangePlanner {
    static func solve(_ scenario: Scenario, options: SolveOptions) -> RotationOutcome {
        let started = ContinuousClock.now
        let deadline = LinearModel.deadline(after: options.timeLimit, from: started)
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        func outcome(
            _ status: PlanStatus, method: String, plan: RotationPlan? = nil, objective: Double? = nil, bound: Double? = nil,
            diagnosis: [String] = []
        ) -> RotationOutcome {
            RotationOutcome(
                report: PartReport(method: method, status: status, objective: objective, bound: bound, seconds: started.secondsUntilNow),
                plan: plan, communities: [], diagnosis: diagnosis)
        }
        // Counting shows the common conflicts of each community before any search: the
        // secondments' rules hold with the exchange as without it.
        let counted = scenario.communities.indices.flatMap {
            RotationDiagnosis.countingReasons(scenario, staffing: staffing, eligibility: eligibility, community: $0)
        }
        if options.method == .heuristic && options.baseline == nil {
            // The heuristic alone: no program is built and GLPK is never called.
            if !counted.isEmpty { return outcome(.infeasible, method: "heuristic", diagnosis: counted) }
            let found = CountyExchangeHeuristic.solve(
                scenario, staffing: staffing, eligibility: eligibility, seed: options.seed, shouldStop: options.shouldStop(at: deadline))
            let lines = words(found.broken, scenario: scenario)
            if found.proven { return outcome(.infeasible, method: "heuristic", diagnosis: lines) }
            guard found.feasible else {
                let spent = Display.number((started.secondsUntilNow * 10).rounded() / 10)
                return outcome(
                    .noSolution, method: "heuristic",
                    diagnosis: [
                        "启发式算法（用时 \(spent) 秒）未找到满足全部规则的方案；找到的最好方案违反以下各项："
                    ] + lines)
            }
            let objective = RotationEvaluation(scenario, staffing: staffing, plan: found.plan).objective
            return outcome(.feasible, method: "heuristic", plan: found.plan, objective: objective)
        }
        let build = RotationFormulation.build(
            scenario, staffing: staffing, eligibility: eligibility, scope: .county, baseline: options.baseline?.targets)
        if case .infeasible(let reasons) = build { return outcome(.infeasible, method: options.method.rawValue, diagnosis: reasons + counted) }
        if !counted.isEmpty { return outcome(.infeasible, method: options.method.rawValue, diagnosis: counted) }
        guard case .model(let formulation) = build else { return outcome(.noSolution, method: "glpk") }
        if options.baseline != nil {
            // Re-planning: the fewest changed lines first, then the objective, as for a community.
            let result = RotationPlanner.solveFromBaseline(
                formulation, community: formulation.communityIndex, deadline: deadline, options: options, started: started)
            return outcome(
                result.status, method: result.method, plan: result.status.hasPlan ? result.plan : nil, objective: result.objective,
                bound: result.bound, diagnosis: result.diagnosis)
        }
        var progress: (@Sendable (SolveProgress) -> Void)?
        if let sink = options.progress {
            progress =
                ThrottledProgress(part: "rotation", place: scenario.settings.county.isEmpty ? scenario.settings.slug : scenario.settings.county, sink: sink)
                .report
        }
        // `auto`: GLPK first; should it not prove the county within a short budget, the
        // heuristic looks for a plan for half the time left, and GLPK searches the rest. The
        // better of GLPK's two searches is kept (the second never loses the first's plan), and
        // the heuristic's plan where it is better still.
        var heuristic: CountyHeuristicResult?
        var solved: SolveResult
        // The county program needs GLPK's presolver, its cuts and pseudo-cost branching to close
        // its gap (docs/solving.md "The county exchange": 安义县 proven in 4.4 s, 18.8 s with
        // Driebeck–Tomlin). Each search's limit is what is left when it starts.
        func countyParameters(until end: ContinuousClock.Instant?) -> SolveParameters {
            var parameters = options.parameters(until: end)
            parameters.progress = progress
            parameters.cuts = .all
            parameters.presolve = true
            parameters.branching = .pseudoCost
            return parameters
        }
        do {
            if options.method == .auto {
                let first =
                    deadline.map { min($0, ContinuousClock.now + .seconds(RotationPlanner.glpkFirstSeconds)) }
                    ?? ContinuousClock.now + .seconds(RotationPlanner.glpkFirstSeconds)
                let quick = try GLPKSolver().solve(formulation.model, parameters: countyParameters(until: first))
                solved = quick
                if quick.termination == .feasible || quick.termination == .noSolution,
                    deadline.map({ $0.secondsFromNow > 0.05 }) ?? true, !options.isCancelled
                {
                    // Without a plan from GLPK the heuristic may go past half the time left
                    // until it has a lawful one (a lawful plan late beats none on time).
                    let half = deadline.flatMap { LinearModel.deadline(after: $0.secondsFromNow / 2) }
                    // A start for the search below, not the answer: two rounds and no chains
                    // (the search closes what they would, and sooner).
                    let found = CountyExchangeHeuristic.solve(
                        scenario, staffing: staffing, eligibility: eligibility, seed: options.seed, rounds: 2, chainRounds: 0,
                        shouldStop: options.shouldStop(at: quick.termination == .feasible ? half : deadline),
                        onceLawful: options.shouldStop(at: half))
                    if found.feasible, found.objective < (quick.objective ?? .infinity) - 1e-9 { heuristic = found }
                    let start = heuristic.flatMap { formulation.values(for: $0.plan, scenario: scenario, staffing: staffing) } ?? quick.values
                    if let start, let proof = Self.search(formulation.model, from: start, deadline: deadline, options: options, parameters: countyParameters) {
                        // The heuristic's plan stays the heuristic's unless the search found a better one.
                        if proof.objective < formulation.model.objective.value(start) - 1e-9 { heuristic = nil }
                        solved = SolveResult(
                            termination: proof.proven ? .optimal : .feasible, objective: proof.objective,
                            bound: max(proof.bound, quick.bound ?? -.infinity), seconds: started.secondsUntilNow, values: proof.values)
                    } else if deadline.map({ $0.secondsFromNow > 0.05 }) ?? true, !options.isCancelled {
                        // No start, or no relaxation in time: the whole program once more, from scratch.
                        // The heuristic's plan is kept beside GLPK's rather than offered as its start:
                        // a start needs the presolver off, and 安义县 then took 10 s instead of 3.7 s.
                        solved = Self.better(try GLPKSolver().solve(formulation.model, parameters: countyParameters(until: deadline)), than: quick)
                    }
                }
            } else {
                solved = try GLPKSolver().solve(formulation.model, parameters: countyParameters(until: deadline))
            }
        } catch {
            return outcome(.noSolution, method: "glpk", diagnosis: ["程序内部错误，请报告此问题（internal error: \(error)）。"])
        }
        switch solved.termination {
        case .optimal, .feasible:
            var plan = formulation.plan(from: solved.values ?? [])
            var method = "glpk"
            // Reported as docs/model.md counts it.
            var objective = RotationEvaluation(scenario, staffing: staffing, plan: plan).objective
            if let heuristic, heuristic.objective <= objective + 1e-9 * max(1, abs(objective)) {
                // GLPK's plan is no better than the heuristic's (the time ran out, or it is the heuristic's).
                plan = heuristic.plan
                method = "heuristic"
                objective = RotationEvaluation(scenario, staffing: staffing, plan: plan).objective
            }
            let status: PlanStatus = solved.termination == .optimal ? .optimal : .feasible
            return outcome(status, method: method, plan: plan, objective: objective, bound: solved.bound)
        case .infeasible:
            return outcome(.infeasible, method: "glpk", diagnosis: diagnosis(scenario, staffing: staffing, eligibility: eligibility, deadline: deadline))
        default:
            // The time ran out before GLPK had a plan: the heuristic's, when it found one.
            if let heuristic {
                return outcome(.feasible, method: "heuristic", plan: heuristic.plan, objective: heuristic.objective, bound: solved.bound)
            }
            return outcome(
                .noSolution, method: "glpk", bound: solved.bound,
                diagnosis: ["在求解时限（--time-limit）内未找到满足全部规则的方案；放宽时限或许能找到。"])
        }
    }

    /// The county program from a lawful start (docs/solving.md "The county exchange"): its
    /// relaxation, a better start from it (`RelaxationNeighbourhood`), then the program searched
    /// where a better plan can lie (`ReducedCostSearch`). Nil when the relaxation is not solved in time.
    static func search(
        _ model: Model, from start: [Double], deadline: ContinuousClock.Instant?, options: SolveOptions,
        parameters: @escaping (ContinuousClock.Instant?) -> SolveParameters
    ) -> ReducedCostSearch.Outcome? {
        guard model.isFeasible(start), deadline.map({ $0.secondsFromNow > 0.05 }) ?? true, !options.isCancelled,
            let relaxation = RelaxationNeighbourhood.relaxation(of: model, until: deadline, options: options)
        else { return nil }
        let better = RelaxationNeighbourhood.improve(model, start: start, relaxation: relaxation, deadline: deadline, options: options) ?? start
        return ReducedCostSearch.solve(model, incumbent: better, relaxation: relaxation, parameters: { parameters(deadline) })
    }

    /// The better of two searches of one program: a proof, else the lower plan; the higher
    /// of their bounds (both hold).
    static func better(_ second: SolveResult, than first: SolveResult) -> SolveResult {
        guard first.termination.hasSolution, let earlier = first.objective else { return second }
        var kept = second
        if second.termination != .optimal, (second.objective ?? .infinity) > earlier + 1e-9 || !second.termination.hasSolution {
            kept = first
        }
        if let bound = [first.bound, second.bound].compactMap({ $0 }).max(), kept.termination != .optimal { kept.bound = bound }
        return kept
    }

    /// The heuristic's broken rules as diagnosis lines: a community's rule after its community.
    static func words(_ broken: [CountyBrokenRule], scenario: Scenario) -> [String] {
        broken.map { rule in rule.community.map { RotationDiagnosis.line(scenario, community: $0, rule.text) } ?? rule.text }
    }

    /// Why the county has no plan: the elastic county program, each slack in words. Its linear
    /// relaxation first: when the program's own relaxation has no solution (the usual case: a
    /// school short of teachers to send), the relaxation's slacks already name the rules, in
    /// seconds where the integer elastic program of a large county takes minutes.
    static func diagnosis(_ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, deadline: ContinuousClock.Instant?) -> [String] {
        let (model, slacks, reasons) = RotationFormulation.buildElastic(scenario, staffing: staffing, eligibility: eligibility, scope: .county)
        let timeLimit = deadline.map { max(0.05, $0.secondsFromNow) }
        guard !slacks.isEmpty else { return reasons + ["各项规则相互冲突，但在求解时限内未能找出是哪几项规则。"] }
        var solution: [Double]?
        var fromRelaxation = false
        if let relaxed = try? GLPKSolver().solve(model.linearRelaxation, parameters: SolveParameters(timeLimit: timeLimit)),
            relaxed.termination == .optimal, let values = relaxed.values,
            slacks.contains(where: { values[$0.variable.index] > 1e-6 })
        {
            solution = values
            fromRelaxation = true
        } else if let result = try? GLPKSolver().solve(model, parameters: SolveParameters(timeLimit: deadline.map { max(0.05, $0.secondsFromNow) })),
            result.termination.hasSolution
        {
            solution = result.values
        }
        guard let values = solution else { return reasons + ["各项规则相互冲突，但在求解时限内未能找出是哪几项规则。"] }
        var lines = reasons
        // The relaxation's slacks are what must bend at the least; the integer program's are enough.
        lines.append(fromRelaxation ? "各项规则相互冲突；至少须同时放宽以下各项：" : "各项规则相互冲突；同时放宽以下各项即可有方案：")
        for slack in slacks where values[slack.variable.index] > 1e-6 {
            // The rules count whole teachers: a relaxation's fraction of one is said as a whole one.
            let amount = fromRelaxation ? values[slack.variable.index].rounded(.up) : values[slack.variable.index]
            if let words = RotationDiagnosis.words(slack, amount: amount, scenario: scenario, eligibility: eligibility) {
                lines.append(words)
            }
        }
        return lines
    }
}

import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
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
        func outcome(_ status: PlanStatus, method: String, plan: RotationPlan? = nil, objective: Double? = nil, bound: Double? = nil,
                     diagnosis: [String] = []) -> RotationOutcome {
            RotationOutcome(
                report: PartReport(method: method, status: status, objective: objective, bound: bound, seconds: started.secondsUntilNow),
                plan: plan, communities: [], diagnosis: diagnosis)
        }
        // Counting shows the common conflicts of each community before any search: the
        // secondments' rules hold with the exchange as without it.
        let counted = scenario.communities.indices.flatMap {
            RotationDiagnosis.countingReasons(scenario, staffing: staffing, eligibility: eligibility, community: $0)
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
        var parameters = options.parameters(until: deadline)
        // The county program needs GLPK's presolver and cuts to close its gap: on 安义县 with the
        // exchange, 8 s to the proof with them, no proof in 60 s without (docs/solving.md "The
        // county exchange").
        parameters.cuts = .all
        parameters.presolve = true
        if let sink = options.progress { parameters.progress = ThrottledProgress(part: "rotation", place: scenario.settings.slug, sink: sink).report }
        let solved: SolveResult
        do {
            solved = try GLPKSolver().solve(formulation.model, parameters: parameters)
        } catch {
            return outcome(.noSolution, method: "glpk", diagnosis: ["程序内部错误，请报告此问题（internal error: \(error)）。"])
        }
        switch solved.termination {
        case .optimal, .feasible:
            let plan = formulation.plan(from: solved.values ?? [])
            // Reported as docs/model.md counts it (a re-plan's program adds the changes).
            let objective = RotationEvaluation(scenario, staffing: staffing, plan: plan).objective
            let bound = options.baseline == nil ? solved.bound : nil
            return outcome(solved.termination == .optimal ? .optimal : .feasible, method: "glpk", plan: plan, objective: objective, bound: bound)
        case .infeasible:
            return outcome(.infeasible, method: "glpk", diagnosis: diagnosis(scenario, staffing: staffing, eligibility: eligibility, deadline: deadline))
        default:
            return outcome(.noSolution, method: "glpk", bound: solved.bound,
                           diagnosis: ["在求解时限（--time-limit）内未找到满足全部规则的方案；放宽时限或许能找到。"])
        }
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
            slacks.contains(where: { values[$0.variable.index] > 1e-6 }) {
            solution = values
            fromRelaxation = true
        } else if let result = try? GLPKSolver().solve(model, parameters: SolveParameters(timeLimit: deadline.map { max(0.05, $0.secondsFromNow) })),
            result.termination.hasSolution {
            solution = result.values
        }
        guard let values = solution else { return reasons + ["各项规则相互冲突，但在求解时限内未能找出是哪几项规则。"] }
        var lines = reasons
        // The relaxation's slacks are what must bend at the least; the integer program's are enough.
        lines.append(fromRelaxation ? "各项规则相互冲突；至少须同时放宽以下各项：" : "各项规则相互冲突；同时放宽以下各项即可有方案：")
        for slack in slacks where values[slack.variable.index] > 1e-6 {
            if let words = RotationDiagnosis.words(slack, amount: values[slack.variable.index], scenario: scenario, eligibility: eligibility) {
                lines.append(words)
            }
        }
        return lines
    }
}

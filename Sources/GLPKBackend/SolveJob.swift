import CGLPK
import Foundation
import LinearModel

/// One solve's state, shared between the solving thread and the waiting caller.
///
/// The solving thread writes the incumbent and bound as branch-and-cut finds them; the caller
/// reads them if it stops waiting. Everything mutable is guarded by `lock`.
final class SolveJob: @unchecked Sendable {
    let model: Model
    let parameters: SolveParameters
    let start: [Double]?
    let started: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant?
    let finished = DispatchSemaphore(value: 0)

    private let lock = NSLock()
    private var incumbentValues: [Double]?
    private var incumbentObjective: Double?
    private var incumbentFromStart = false
    private var bound: Double?
    private var outcome: SolveResult?
    private var abandoned = false
    // Touched only by the solving thread.
    private var startOffered = false
    private var stoppedByGap = false
    private var lastProgress: ContinuousClock.Instant?
    private lazy var branchFirstColumns: [Int32] = model.variables.indices.filter { model.variables[$0].branchesFirst }.map { Int32($0 + 1) }

    init(model: Model, parameters: SolveParameters, start: [Double]?, started: ContinuousClock.Instant) {
        self.model = model
        self.parameters = parameters
        self.start = start
        self.started = started
        self.deadline = LinearModel.deadline(after: parameters.timeLimit, from: started)
        if let start {
            incumbentValues = start
            incumbentObjective = model.objective.value(start)
            incumbentFromStart = true
        }
    }

    private var minimizing: Bool { model.sense == .minimize }

    /// Runs on the solving thread: build, simplex, branch-and-cut, delete, free the environment.
    func run() {
        glp_term_out(GLP_OFF)
        let finalResult = solveOnThisThread()
        glp_free_env()
        lock.withLock { outcome = finalResult }
        finished.signal()
    }

    /// The result after the thread finished.
    func result() -> SolveResult {
        lock.withLock { outcome } ?? SolveResult(termination: .noSolution, seconds: started.secondsUntilNow, detail: "no result")
    }

    /// Stops waiting: the best solution recorded so far, with the last known bound.
    func abandon() -> SolveResult {
        lock.withLock {
            abandoned = true
            return recordedResult(detail: "stopped at the wall-clock limit")
        }
    }

    /// Must be called with `lock` held.
    private func recordedResult(detail: String) -> SolveResult {
        let seconds = started.secondsUntilNow
        guard let values = incumbentValues, let objective = incumbentObjective else {
            return SolveResult(termination: .noSolution, bound: bound, seconds: seconds, detail: detail)
        }
        return SolveResult(
            termination: .feasible, objective: objective, bound: clampedBound(bound, objective), seconds: seconds,
            values: values, fromStartSolution: incumbentFromStart, detail: detail)
    }

    /// A bound never better than the incumbent it bounds.
    private func clampedBound(_ bound: Double?, _ objective: Double) -> Double? {
        guard let bound else { return nil }
        return minimizing ? min(bound, objective) : max(bound, objective)
    }

    private var remainingMilliseconds: Int32 {
        guard let deadline else { return Int32.max }
        let remaining = deadline - ContinuousClock.now
        let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, milliseconds))
    }

    private func solveOnThisThread() -> SolveResult {
        let problem = GLPKProblem(model)
        var relaxationBound: Double?
        if !parameters.presolve || model.integerVariableCount == 0 {
            // Branch-and-cut without presolve needs an optimal LP basis first (GLP_EROOT otherwise).
            var simplexParameters = glp_smcp()
            glp_init_smcp(&simplexParameters)
            simplexParameters.msg_lev = GLP_MSG_OFF
            simplexParameters.presolve = GLP_OFF
            simplexParameters.meth = parameters.simplex == .dual ? GLP_DUALP : GLP_PRIMAL
            simplexParameters.tm_lim = remainingMilliseconds
            let code = glp_simplex(problem.pointer, &simplexParameters)
            let status = glp_get_status(problem.pointer)
            if code == 0 && status == GLP_NOFEAS {
                return SolveResult(termination: .infeasible, seconds: started.secondsUntilNow)
            }
            if code == 0 && status == GLP_UNBND {
                return SolveResult(termination: .unbounded, seconds: started.secondsUntilNow)
            }
            guard code == 0 && status == GLP_OPT else {
                return lock.withLock { recordedResult(detail: "simplex stopped: \(GLPKCode.describe(code))") }
            }
            relaxationBound = glp_get_obj_val(problem.pointer)
            lock.withLock { if bound == nil { bound = relaxationBound } }
            if model.integerVariableCount == 0 {
                let objective = glp_get_obj_val(problem.pointer)
                var result = SolveResult(
                    termination: .optimal, objective: objective, bound: objective, seconds: started.secondsUntilNow,
                    values: problem.lpValues())
                result.duals = problem.rowDuals()
                result.reducedCosts = problem.columnDuals()
                return result
            }
        }

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = remainingMilliseconds
        parameters.mip_gap = self.parameters.relativeGap
        parameters.presolve = self.parameters.presolve ? GLP_ON : GLP_OFF
        parameters.gmi_cuts = self.parameters.cuts.gomory ? GLP_ON : GLP_OFF
        parameters.mir_cuts = self.parameters.cuts.mixedIntegerRounding ? GLP_ON : GLP_OFF
        parameters.cov_cuts = self.parameters.cuts.cover ? GLP_ON : GLP_OFF
        parameters.clq_cuts = self.parameters.cuts.clique ? GLP_ON : GLP_OFF
        switch self.parameters.branching {
        case .driebeckTomlin: parameters.br_tech = GLP_BR_DTH
        case .pseudoCost: parameters.br_tech = GLP_BR_PCH
        case .mostFractional: parameters.br_tech = GLP_BR_MFV
        }
        parameters.cb_func = glpkCallback
        parameters.cb_info = Unmanaged.passUnretained(self).toOpaque()
        let code = withExtendedLifetime(self) { glp_intopt(problem.pointer, &parameters) }
        return finish(problem: problem, code: code, relaxationBound: relaxationBound)
    }

    /// Reads GLPK's answer after `glp_intopt` returned and merges it with what was recorded.
    private func finish(problem: GLPKProblem, code: Int32, relaxationBound: Double?) -> SolveResult {
        let seconds = started.secondsUntilNow
        let status = glp_mip_status(problem.pointer)
        let hasGLPKSolution = status == GLP_OPT || status == GLP_FEAS
        if code == 0 && status == GLP_NOFEAS || code == GLP_ENOPFS {
            return SolveResult(termination: .infeasible, seconds: seconds)
        }
        if code == GLP_ENODFS {
            return SolveResult(termination: .unbounded, seconds: seconds, detail: "LP relaxation has no dual feasible solution")
        }
        return lock.withLock {
            if hasGLPKSolution {
                let objective = glp_mip_obj_val(problem.pointer)
                let better = incumbentObjective.map { minimizing ? objective <= $0 + 1e-9 : objective >= $0 - 1e-9 } ?? true
                if better {
                    incumbentValues = problem.mipValues()
                    incumbentObjective = objective
                    incumbentFromStart = false
                }
            }
            guard let values = incumbentValues, let objective = incumbentObjective else {
                let termination: Termination = (code == 0 && status == GLP_OPT) ? .optimal : .noSolution
                return SolveResult(
                    termination: termination, bound: bound ?? relaxationBound, seconds: seconds,
                    detail: GLPKCode.describe(code))
            }
            let provenOptimal = (code == 0 && status == GLP_OPT)
            let withinGap = code == GLP_EMIPGAP || stoppedByGap
            let termination: Termination = provenOptimal || withinGap ? .optimal : .feasible
            var finalBound = provenOptimal ? objective : clampedBound(bound ?? relaxationBound, objective)
            if code == GLP_EMIPGAP, let recorded = finalBound {
                // GLPK stopped on its own gap check, against a bound that may be newer than the
                // last one its callback showed us: the check itself bounds the optimum.
                let slack = self.parameters.relativeGap * (abs(objective) + Double.ulpOfOne)
                finalBound = minimizing ? max(recorded, objective - slack) : min(recorded, objective + slack)
            }
            return SolveResult(
                termination: termination, objective: objective, bound: finalBound, seconds: seconds, values: values,
                fromStartSolution: incumbentFromStart, detail: GLPKCode.describe(code))
        }
    }

    /// Called by GLPK during branch-and-cut (see `glpkCallback`).
    func handle(_ tree: OpaquePointer) {
        let reason = glp_ios_reason(tree)
        if reason == GLP_IHEUR && !startOffered, let start, !parameters.presolve {
            startOffered = true
            let oneBased = [0] + start
            _ = glp_ios_heur_sol(tree, oneBased)
        }
        let problem = glp_ios_get_prob(tree)
        if reason == GLP_IBRANCH && !parameters.presolve { branchFirst(tree, problem) }
        let bestNode = glp_ios_best_node(tree)
        // A node whose LP is not solved yet has the bound ±DBL_MAX: no information.
        let nodeBound: Double? = bestNode != 0 ? glp_ios_node_bound(tree, bestNode) : nil
        let knownBound = nodeBound.flatMap { abs($0) < 1e300 ? $0 : nil }
        var incumbent: Double?
        var stop = false
        lock.withLock {
            if reason == GLP_IBINGO {
                let objective = glp_mip_obj_val(problem)
                let better = incumbentObjective.map { minimizing ? objective < $0 : objective > $0 } ?? true
                if better {
                    incumbentObjective = objective
                    incumbentFromStart = false
                    // With presolve the tree's columns are not the model's; keep only values we can map.
                    incumbentValues =
                        parameters.presolve
                        ? nil
                        : (0..<model.variables.count).map {
                            glp_mip_col_val(problem, Int32($0 + 1))
                        }
                    if parameters.presolve { incumbentObjective = nil }
                }
            }
            if let knownBound { bound = knownBound }
            incumbent = incumbentObjective
            if let objective = incumbentObjective, let known = bound {
                let clamped = minimizing ? min(known, objective) : max(known, objective)
                if relativeGap(objective: objective, bound: clamped) <= parameters.relativeGap {
                    stoppedByGap = true
                    stop = true
                }
            }
            if abandoned { stop = true }
        }
        if let deadline, ContinuousClock.now >= deadline { stop = true }
        if parameters.cancellation?.isCancelled == true { stop = true }
        if let nodeLimit = parameters.nodeLimit {
            var active: Int32 = 0
            var current: Int32 = 0
            var total: Int32 = 0
            glp_ios_tree_size(tree, &active, &current, &total)
            if Int(total) > nodeLimit { stop = true }
        }
        if stop { glp_ios_terminate(tree) }
        reportProgress(incumbent: incumbent, bound: knownBound, force: reason == GLP_IBINGO)
    }

    /// Branches on the most fractional of the model's branch-first variables, if one can be.
    private func branchFirst(_ tree: OpaquePointer, _ problem: OpaquePointer?) {
        var chosen: Int32 = 0
        var fractionality = 0.0
        for column in branchFirstColumns where glp_ios_can_branch(tree, column) != 0 {
            let value = glp_get_col_prim(problem, column)
            let distance = min(value - value.rounded(.down), value.rounded(.up) - value)
            if distance > fractionality {
                fractionality = distance
                chosen = column
            }
        }
        if chosen != 0 { glp_ios_branch_upon(tree, chosen, GLP_NO_BRNCH) }
    }

    private func reportProgress(incumbent: Double?, bound: Double?, force: Bool) {
        guard let progress = parameters.progress else { return }
        let now = ContinuousClock.now
        if !force, let last = lastProgress, now - last < .milliseconds(250) { return }
        lastProgress = now
        progress(SolveProgress(incumbent: incumbent, bound: bound, seconds: started.secondsUntilNow))
    }
}

/// GLPK's branch-and-cut callback; `info` carries the `SolveJob`, unretained for the call.
private let glpkCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    Unmanaged<SolveJob>.fromOpaque(info).takeUnretainedValue().handle(tree)
}

/// GLPK's return codes, in words.
enum GLPKCode {
    static func describe(_ code: Int32) -> String {
        switch code {
        case 0: "ok"
        case GLP_EBADB: "invalid basis"
        case GLP_ESING: "singular matrix"
        case GLP_ECOND: "ill-conditioned matrix"
        case GLP_EBOUND: "invalid bounds"
        case GLP_EFAIL: "solver failed"
        case GLP_EITLIM: "iteration limit"
        case GLP_ETMLIM: "time limit"
        case GLP_ENOPFS: "no primal feasible solution"
        case GLP_ENODFS: "no dual feasible solution"
        case GLP_EROOT: "root LP optimum not provided"
        case GLP_ESTOP: "stopped"
        case GLP_EMIPGAP: "relative gap reached"
        default: "GLPK code \(code)"
        }
    }
}

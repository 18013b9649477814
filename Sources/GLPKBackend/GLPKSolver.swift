import CGLPK
import Foundation
import LinearModel

/// Solves `Model`s with GLPK's simplex and branch-and-cut.
///
/// Each solve runs on a thread of its own, which creates, solves and deletes its problem and
/// frees GLPK's environment at the end, so independent solves can run at once. The caller's
/// wall clock is the limit: GLPK's own `tm_lim` is not a hard limit, so GLPK is given a little
/// less than the limit (the reserve), the callback stops the search at that deadline, and if
/// GLPK is inside a long step where it makes no callback, the solve returns the best solution
/// recorded so far at the limit itself and leaves the thread to stop at its next callback.
public struct GLPKSolver: Solver {
    /// Wall-clock seconds of the limit kept back from GLPK (at most a tenth of the limit), so
    /// that a step that overruns GLPK's deadline still ends within the caller's limit.
    public var reserve: Double

    public init(reserve: Double = 2) {
        self.reserve = reserve
    }

    /// GLPK's version, e.g. `5.0`.
    public static var version: String { String(cString: glp_version()) }

    public func solve(_ model: Model, parameters: SolveParameters) throws(ModelError) -> SolveResult {
        try model.validate()
        let started = ContinuousClock.now
        if model.variables.isEmpty {
            return solveWithoutVariables(model, started: started)
        }
        let start = usableStart(model, parameters.startSolution)
        var inner = parameters
        inner.timeLimit = parameters.timeLimit.map { limit in max(0, limit) - min(reserve, 0.1 * max(0, limit)) }
        let job = SolveJob(model: model, parameters: inner, start: start, started: started)
        let thread = Thread { job.run() }
        thread.stackSize = 16 << 20
        thread.name = "glpk \(model.name)"
        thread.start()
        let limit = LinearModel.deadline(after: parameters.timeLimit, from: started)
        if parameters.cancellation == nil, let limit {
            if job.finished.wait(timeout: .now() + max(0, limit.secondsFromNow)) == .timedOut { return job.abandon() }
        } else if let cancellation = parameters.cancellation {
            // Waits in short slices so that a cancellation is seen soon after it is set.
            while job.finished.wait(timeout: .now() + 0.02) == .timedOut {
                if cancellation.isCancelled || (limit.map { $0.secondsFromNow <= 0 } ?? false) { return job.abandon() }
            }
        } else {
            job.finished.wait()
        }
        return job.result()
    }

    /// A start solution rounded to integers and checked against every row: GLPK checks neither.
    private func usableStart(_ model: Model, _ start: [Double]?) -> [Double]? {
        guard var values = start, values.count == model.variables.count else { return nil }
        for (index, variable) in model.variables.enumerated() where variable.kind != .continuous {
            values[index] = values[index].rounded()
        }
        return model.isFeasible(values) ? values : nil
    }

    /// A model with no variables is decided by its constants alone.
    private func solveWithoutVariables(_ model: Model, started: ContinuousClock.Instant) -> SolveResult {
        let seconds = started.secondsUntilNow
        guard model.isFeasible([]) else { return SolveResult(termination: .infeasible, seconds: seconds) }
        let value = model.objective.constant
        var result = SolveResult(termination: .optimal, objective: value, bound: value, seconds: seconds, values: [])
        // Rows of constants only: no bound moves the optimum.
        result.duals = Array(repeating: 0, count: model.constraints.count)
        return result
    }
}

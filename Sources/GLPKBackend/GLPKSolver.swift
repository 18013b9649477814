import CGLPK
import Foundation
import LinearModel

/// Solves `Model`s with GLPK's simplex and branch-and-cut.
///
/// Each solve runs on a thread of its own, which creates, solves and deletes its problem and
/// frees GLPK's environment at the end, so independent solves can run at once. The caller's
/// wall clock is the limit: GLPK's own `tm_lim` is not a hard limit, so the callback stops the
/// search at the deadline, and if GLPK is inside a long step where it makes no callback, the
/// solve returns the best solution recorded so far after a short grace period and leaves the
/// thread to stop at its next callback.
public struct GLPKSolver: Solver {
    /// Extra wall-clock seconds granted past the limit before the solve stops waiting.
    public var grace: Double

    public init(grace: Double = 2) {
        self.grace = grace
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
        let job = SolveJob(model: model, parameters: parameters, start: start, started: started)
        let thread = Thread { job.run() }
        thread.stackSize = 16 << 20
        thread.name = "glpk \(model.name)"
        thread.start()
        if let limit = parameters.timeLimit {
            let waitSeconds = max(0, limit) + grace
            if job.finished.wait(timeout: .now() + waitSeconds) == .timedOut {
                return job.abandon()
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
        return SolveResult(termination: .optimal, objective: value, bound: value, seconds: seconds, values: [])
    }
}

extension ContinuousClock.Instant {
    var secondsUntilNow: Double {
        let elapsed = ContinuousClock.now - self
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}

import CGLPK
import Foundation
import LinearModel

/// A model file GLPK could not write.
public struct ModelWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var description: String { "could not write the model to \(path)" }
}

extension GLPKSolver {
    /// Writes `model` as CPLEX LP or free MPS, with names every reader accepts.
    ///
    /// Free MPS has no objective sense: a maximisation is written as the minimisation of its
    /// negation, so that any MPS reader finds the same optimum (with the opposite sign).
    public static func write(_ model: Model, format: ModelFileFormat, to path: String) throws {
        try model.validate()
        // Readers match variables by name: names must differ once made safe.
        var seenColumns: Set<String> = []
        var seenRows: Set<String> = []
        let duplicates =
            model.variables.map(\.name).filter { !seenColumns.insert(GLPKProblem.safeName($0)).inserted }
            + model.constraints.map(\.name).filter { !seenRows.insert(GLPKProblem.safeName($0)).inserted }
        if !duplicates.isEmpty {
            throw ModelError(model: model.name, problems: duplicates.prefix(5).map { "name '\($0)' is used twice" })
        }
        var written = model
        if format == .mps && model.sense == .maximize {
            written.minimize(-1 * model.objective)
        }
        // LP and MPS readers drop an objective constant (GLPK writes it as a comment): carry it
        // on a variable fixed at 1, so that every reader reports the same objective value.
        if written.objective.constant != 0 {
            let one = written.addVariable("objective_constant", .continuous, lower: 1, upper: 1)
            var objective = written.objective
            objective.add(one, objective.constant)
            objective.constant = 0
            if written.sense == .minimize { written.minimize(objective) } else { written.maximize(objective) }
        }
        let job = WriteJob(model: written, format: format, path: path)
        let thread = Thread { job.run() }
        thread.stackSize = 16 << 20
        thread.start()
        job.finished.wait()
        if job.code != 0 { throw ModelWriteError(path: path) }
    }
}

/// Writing runs on its own thread too, so that it never touches another thread's GLPK objects.
private final class WriteJob: @unchecked Sendable {
    let model: Model
    let format: ModelFileFormat
    let path: String
    let finished = DispatchSemaphore(value: 0)
    var code: Int32 = -1

    init(model: Model, format: ModelFileFormat, path: String) {
        self.model = model
        self.format = format
        self.path = path
    }

    func run() {
        glp_term_out(GLP_OFF)
        do {
            let problem = GLPKProblem(model, safeNames: true)
            switch format {
            case .lp: code = glp_write_lp(problem.pointer, nil, path)
            case .mps: code = glp_write_mps(problem.pointer, GLP_MPS_FILE, nil, path)
            }
        }
        glp_free_env()
        finished.signal()
    }
}

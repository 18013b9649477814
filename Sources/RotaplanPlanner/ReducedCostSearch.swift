import Foundation
import GLPKBackend
import LinearModel

/// The whole program searched only where a better assignment than the incumbent can lie: every
/// integer variable whose reduced cost in the relaxation exceeds the incumbent's distance to the
/// relaxation's optimum is fixed at its value there (`Model.reducedCostFixing`), the program is
/// written without them (`Model.restricted`), and GLPK searches the rest from the incumbent.
///
/// Every assignment better than the incumbent agrees with the fixed values, so the smaller
/// program's optimum, or the incumbent when it has none better, is the whole program's, and its
/// bound is the whole program's: this is the whole search, made smaller, not a neighbourhood.
/// On 南昌县's county exchange (90,511 integer variables, 87,270 rows) 18,386 variables and
/// 22,674 rows are left (docs/solving.md "The county exchange").
enum ReducedCostSearch {
    struct Outcome {
        /// The best assignment known: the incumbent or a better one.
        var values: [Double]
        var objective: Double
        /// A lower bound on the whole program's optimum.
        var bound: Double
        /// Whether `values` is the whole program's optimum (within the relative gap).
        var proven: Bool
    }

    /// Searches `model` (a minimisation) below `incumbent`, a lawful assignment, given its
    /// relaxation's optimum with reduced costs. `parameters` are the search's limits and options,
    /// taken when the search starts.
    static func solve(
        _ model: Model, incumbent: [Double], relaxation: SolveResult, parameters: () -> SolveParameters
    ) -> Outcome? {
        guard let values = relaxation.values, let reducedCosts = relaxation.reducedCosts, let optimum = relaxation.objective,
            model.isFeasible(incumbent)
        else { return nil }
        let incumbentValue = model.objective.value(incumbent)
        let fixed = model.reducedCostFixing(relaxation: values, reducedCosts: reducedCosts, relaxationOptimum: optimum, incumbent: incumbentValue)
        var assignment = incumbent
        for (index, value) in fixed { assignment[index] = value }
        let restricted = model.restricted(to: assignment, isFree: { fixed[$0] == nil })
        // No assignment agrees with the fixed values: none is better than the incumbent.
        if restricted.contradicts { return Outcome(values: incumbent, objective: incumbentValue, bound: incumbentValue, proven: true) }
        var search = parameters()
        // The incumbent agrees with the fixed values (moving one costs more than the incumbent's
        // whole distance to the relaxation) up to the simplex's tolerances: it starts the search
        // where it does. GLPK takes a start only without its presolver.
        if fixed.allSatisfy({ abs(incumbent[$0.key] - $0.value) < 1e-9 }) {
            search.startSolution = restricted.restricted(incumbent)
            search.presolve = false
            search.simplex = .dual
        } else {
            search.startSolution = nil
        }
        guard let result = try? GLPKSolver().solve(restricted.model, parameters: search) else { return nil }
        var best = (values: incumbent, objective: incumbentValue)
        if result.termination.hasSolution, let found = result.values {
            let expanded = restricted.expanded(found)
            let value = model.objective.value(expanded)
            if model.isFeasible(expanded), value < incumbentValue - 1e-9 { best = (expanded, value) }
        }
        if result.termination == .infeasible {
            // Nothing lies outside the smaller program, and nothing better inside it.
            return Outcome(values: best.values, objective: best.objective, bound: best.objective, proven: true)
        }
        // The smaller program's bound is the whole one's (nothing better lies outside it); a
        // search ended within the gap gives one as near as the gap asks.
        let bound = min(best.objective, max(result.bound ?? optimum, optimum))
        let gap = (best.objective - bound) / max(1, abs(best.objective))
        // Up to rounding: GLPK's own gap check is |objective − bound| / (|objective| + ε).
        return Outcome(values: best.values, objective: best.objective, bound: bound, proven: gap <= search.relativeGap * (1 + 1e-9))
    }
}

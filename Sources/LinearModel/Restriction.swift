/// A program with some variables fixed, written without them: each fixed variable's value
/// moves into the rows' bounds and the objective's constant, a row left with one variable
/// becomes a bound on it, and a row left with none is dropped (`contradicts` when the fixed
/// values break it).
///
/// GLPK's simplex still prices a fixed column and keeps every row of a program, so fixing
/// 90,000 of the county exchange's variables left its sub-program as slow per node as the
/// whole; written without them it has a few thousand.
public struct RestrictedModel: Sendable {
    /// The smaller program, over the free variables only.
    public var model: Model
    /// For each variable of `model`, its index in the original program.
    public var original: [Int]
    /// Every variable's value in the original program, the fixed ones included.
    let fixedValues: [Double]
    /// Whether a row left with no variable is broken by the fixed values: then no assignment
    /// agrees with them, and `model` (which drops the row) must not be solved.
    public var contradicts = false

    /// An assignment of the original program from one of `model`.
    public func expanded(_ values: [Double]) -> [Double] {
        var full = fixedValues
        for (index, originalIndex) in original.enumerated() { full[originalIndex] = values[index] }
        return full
    }

    /// The part of an original assignment that `model` sees.
    public func restricted(_ values: [Double]) -> [Double] {
        original.map { values[$0] }
    }
}

extension Model {
    /// This program with every variable for which `isFree` is false fixed at its value in
    /// `assignment`. Its optimum, expanded, is the best lawful assignment that agrees with
    /// `assignment` on the fixed variables (none when `contradicts`).
    public func restricted(to assignment: [Double], isFree: (Int) -> Bool) -> RestrictedModel {
        var smaller = Model(name: name)
        smaller.sense = sense
        var newIndex = [Int?](repeating: nil, count: variables.count)
        var original: [Int] = []
        for (index, variable) in variables.enumerated() where isFree(index) {
            newIndex[index] =
                smaller.addVariable(
                    variable.name, variable.kind, lower: variable.lower, upper: variable.upper, branchesFirst: variable.branchesFirst
                ).index
            original.append(index)
        }
        func rewritten(_ expression: LinearExpression) -> (LinearExpression, hasFree: Bool) {
            var result = LinearExpression(constant: expression.constant)
            var hasFree = false
            for (variable, coefficient) in expression.terms {
                if let index = newIndex[variable.index] {
                    result.add(Variable(index: index), coefficient)
                    hasFree = true
                } else {
                    result.constant += coefficient * assignment[variable.index]
                }
            }
            return (result, hasFree)
        }
        var contradicts = false
        for constraint in constraints {
            let (expression, hasFree) = rewritten(constraint.expression)
            guard hasFree else {
                let value = expression.constant
                let tolerance = 1e-6 * Swift.max(1, abs(value))
                if value < (constraint.lower ?? -.infinity) - tolerance || value > (constraint.upper ?? .infinity) + tolerance { contradicts = true }
                continue
            }
            if expression.terms.count == 1, let (variable, coefficient) = expression.terms.first, abs(coefficient) > 1e-9 {
                // A row of one variable is a bound on it: GLPK's simplex would keep it as a row.
                guard smaller.tighten(variable, coefficient: coefficient, constant: expression.constant, lower: constraint.lower, upper: constraint.upper)
                else {
                    contradicts = true
                    continue
                }
                continue
            }
            smaller.add(Comparison(expression: expression, lower: constraint.lower, upper: constraint.upper), name: constraint.name)
        }
        smaller.objective = rewritten(objective).0
        return RestrictedModel(model: smaller, original: original, fixedValues: assignment, contradicts: contradicts)
    }
}

extension Model {
    /// The integer variables that no assignment better than `incumbent` moves off the value
    /// they have in the relaxation's optimum, each with that value (reduced-cost fixing).
    ///
    /// A variable at its lower bound in the relaxation's optimum `relaxationOptimum` with
    /// reduced cost d > 0 costs every assignment that raises it by one at least d more than the
    /// relaxation's optimum (and so for one at its upper bound with d < 0): where even that
    /// exceeds `incumbent`, only worse assignments move it. A minimisation only; empty otherwise.
    public func reducedCostFixing(
        relaxation: [Double], reducedCosts: [Double], relaxationOptimum: Double, incumbent: Double
    ) -> [Int: Double] {
        guard sense == .minimize, relaxation.count == variables.count, reducedCosts.count == variables.count else { return [:] }
        // Room for the simplex's tolerances: a variable is fixed only when moving it costs clearly more.
        let margin = 1e-6 * Swift.max(1, abs(incumbent))
        var fixed: [Int: Double] = [:]
        for (index, variable) in variables.enumerated() where variable.kind != .continuous {
            let value = relaxation[index]
            let cost = reducedCosts[index]
            if let lower = variable.lower, abs(value - lower) < 1e-9, cost > 0, relaxationOptimum + cost > incumbent + margin {
                fixed[index] = lower
            } else if let upper = variable.upper, abs(value - upper) < 1e-9, cost < 0, relaxationOptimum - cost > incumbent + margin {
                fixed[index] = upper
            }
        }
        return fixed
    }
}

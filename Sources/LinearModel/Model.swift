/// A decision variable of a `Model`: an index into its variable list.
public struct Variable: Hashable, Sendable, Comparable {
    public let index: Int

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}

/// What values a variable may take.
public enum VariableKind: Sendable, Hashable {
    case continuous
    case integer
    case binary
}

/// A variable's declaration: name, kind and bounds (nil = unbounded on that side).
public struct VariableInfo: Sendable {
    public var name: String
    public var kind: VariableKind
    public var lower: Double?
    public var upper: Double?
    /// Branched on before any other fractional variable (GLPK without its presolver).
    public var branchesFirst = false
}

/// Σ coefficient × variable + constant; equal terms are merged, zero terms dropped.
public struct LinearExpression: Sendable {
    public private(set) var terms: [Variable: Double] = [:]
    public var constant: Double = 0

    public init(constant: Double = 0) {
        self.constant = constant
    }

    public init(_ variable: Variable, _ coefficient: Double = 1) {
        add(variable, coefficient)
    }

    public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
        guard coefficient != 0 else { return }
        let sum = terms[variable, default: 0] + coefficient
        terms[variable] = sum == 0 ? nil : sum
    }

    public mutating func add(_ expression: LinearExpression, times factor: Double = 1) {
        for (variable, coefficient) in expression.terms { add(variable, coefficient * factor) }
        constant += expression.constant * factor
    }

    /// Terms sorted by variable, so that models are built deterministically.
    public var sortedTerms: [(variable: Variable, coefficient: Double)] {
        terms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The expression's value for a full assignment of variable values.
    public func value(_ values: [Double]) -> Double {
        terms.reduce(constant) { $0 + $1.value * values[$1.key.index] }
    }
}

public func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs)
    return result
}

public func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs, times: -1)
    return result
}

public func * (factor: Double, expression: LinearExpression) -> LinearExpression {
    var result = LinearExpression()
    result.add(expression, times: factor)
    return result
}

public func * (factor: Double, variable: Variable) -> LinearExpression {
    LinearExpression(variable, factor)
}

public func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    var result = lhs
    result.constant += rhs
    return result
}

public func + (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(lhs) + LinearExpression(rhs)
}

public func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(rhs)
    return result
}

public func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(rhs, -1)
    return result
}

/// The sum of variables, e.g. `sum(moves)`.
public func sum(_ variables: some Sequence<Variable>) -> LinearExpression {
    var result = LinearExpression()
    for variable in variables { result.add(variable) }
    return result
}

/// `lower ≤ expression ≤ upper` with a name; a nil side is open.
public struct Constraint: Sendable {
    public var name: String
    public var expression: LinearExpression
    public var lower: Double?
    public var upper: Double?
}

/// A one-sided or two-sided comparison waiting for a name, made by `<=`, `>=` and `==`.
public struct Comparison: Sendable {
    public var expression: LinearExpression
    public var lower: Double?
    public var upper: Double?

    /// `lower ≤ expression ≤ upper`, e.g. for a two-sided balance row.
    public init(expression: LinearExpression, lower: Double?, upper: Double?) {
        self.expression = expression
        self.lower = lower
        self.upper = upper
    }
}

public func <= (lhs: LinearExpression, rhs: Double) -> Comparison {
    Comparison(expression: lhs, lower: nil, upper: rhs)
}

public func >= (lhs: LinearExpression, rhs: Double) -> Comparison {
    Comparison(expression: lhs, lower: rhs, upper: nil)
}

public func == (lhs: LinearExpression, rhs: Double) -> Comparison {
    Comparison(expression: lhs, lower: rhs, upper: rhs)
}

/// Minimise or maximise.
public enum ObjectiveSense: String, Sendable {
    case minimize
    case maximize
}

/// A mixed-integer linear program: variables, named constraints and one objective.
public struct Model: Sendable {
    public var name: String
    public private(set) var variables: [VariableInfo] = []
    public private(set) var constraints: [Constraint] = []
    public var objective = LinearExpression()
    public var sense = ObjectiveSense.minimize

    public init(name: String) {
        self.name = name
    }

    /// The same program with every variable continuous within its bounds: its optimum bounds
    /// the program's, and when it has no solution neither has the program.
    public var linearRelaxation: Model {
        var relaxed = self
        relaxed.variables = variables.map { variable in
            var continuous = variable
            continuous.kind = .continuous
            return continuous
        }
        return relaxed
    }

    @discardableResult
    public mutating func addVariable(
        _ name: String, _ kind: VariableKind, lower: Double? = 0, upper: Double? = nil, branchesFirst: Bool = false
    ) -> Variable {
        let (low, high) = kind == .binary ? (Swift.max(lower ?? 0, 0), Swift.min(upper ?? 1, 1)) : (lower, upper)
        variables.append(VariableInfo(name: name, kind: kind, lower: low, upper: high, branchesFirst: branchesFirst))
        return Variable(index: variables.count - 1)
    }

    /// Adds `comparison` as a named constraint; a comparison's constant moves to the bounds.
    public mutating func add(_ comparison: Comparison, name: String) {
        var expression = comparison.expression
        let constant = expression.constant
        expression.constant = 0
        constraints.append(
            Constraint(
                name: name, expression: expression,
                lower: comparison.lower.map { $0 - constant }, upper: comparison.upper.map { $0 - constant }))
    }

    public mutating func minimize(_ expression: LinearExpression) {
        objective = expression
        sense = .minimize
    }

    public mutating func maximize(_ expression: LinearExpression) {
        objective = expression
        sense = .maximize
    }

    /// Fixes a variable to a value (both bounds).
    public mutating func fix(_ variable: Variable, to value: Double) {
        fixVariable(at: variable.index, to: value)
    }

    /// Fixes the variable at `index` of `variables` to a value (both bounds).
    public mutating func fixVariable(at index: Int, to value: Double) {
        variables[index].lower = value
        variables[index].upper = value
    }

    /// Narrows `variable`'s bounds to those of `coefficient × variable + constant` in
    /// [`lower`, `upper`], rounded inwards for an integer variable; false when none is left.
    mutating func tighten(_ variable: Variable, coefficient: Double, constant: Double, lower: Double?, upper: Double?) -> Bool {
        var low = lower.map { ($0 - constant) / coefficient }
        var high = upper.map { ($0 - constant) / coefficient }
        if coefficient < 0 { swap(&low, &high) }
        var info = variables[variable.index]
        if info.kind != .continuous {
            low = low.map { ($0 - 1e-9).rounded(.up) }
            high = high.map { ($0 + 1e-9).rounded(.down) }
        }
        if let low { info.lower = Swift.max(info.lower ?? low, low) }
        if let high { info.upper = Swift.min(info.upper ?? high, high) }
        if let newLower = info.lower, let newUpper = info.upper {
            guard newLower <= newUpper + 1e-9 else { return false }
            if newLower > newUpper { info.upper = newLower }
        }
        variables[variable.index] = info
        return true
    }

    public var integerVariableCount: Int { variables.count { $0.kind != .continuous } }
    public var nonzeroCount: Int { constraints.reduce(0) { $0 + $1.expression.terms.count } }
}

extension Model {
    /// Several independent models as one: variables and rows side by side, objectives added.
    /// All must share one sense. Returns the offset of each part's first variable.
    public static func combined(_ parts: [Model], name: String) -> (model: Model, offsets: [Int]) {
        var model = Model(name: name)
        model.sense = parts.first?.sense ?? .minimize
        var offsets: [Int] = []
        var objective = LinearExpression()
        for part in parts {
            let offset = model.variables.count
            offsets.append(offset)
            model.variables.append(contentsOf: part.variables)
            func shifted(_ expression: LinearExpression) -> LinearExpression {
                var result = LinearExpression(constant: expression.constant)
                for (variable, coefficient) in expression.terms {
                    result.add(Variable(index: variable.index + offset), coefficient)
                }
                return result
            }
            for constraint in part.constraints {
                model.constraints.append(
                    Constraint(
                        name: constraint.name, expression: shifted(constraint.expression),
                        lower: constraint.lower, upper: constraint.upper))
            }
            objective.add(shifted(part.objective), times: part.sense == model.sense ? 1 : -1)
        }
        model.objective = objective
        return (model, offsets)
    }
}

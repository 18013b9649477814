/// A model that a solver must not see: GLPK would abort the whole process on it.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public var model: String
    public var problems: [String]

    public init(model: String, problems: [String]) {
        self.model = model
        self.problems = problems
    }

    public var description: String {
        "model '\(model)' is malformed: " + problems.prefix(10).joined(separator: "; ")
            + (problems.count > 10 ? "; and \(problems.count - 10) more" : "")
    }
}

extension Model {
    /// Longest name GLPK accepts (bytes).
    public static let maximumNameBytes = 255

    /// Checks what GLPK checks by aborting: finite numbers, consistent and integral bounds,
    /// names within 255 bytes, indices that exist. Repeated indices cannot occur: expressions
    /// merge equal terms.
    public func validate() throws(ModelError) {
        var problems: [String] = []
        func checkName(_ name: String, _ what: String) {
            if name.utf8.count > Self.maximumNameBytes {
                problems.append("\(what) name is \(name.utf8.count) bytes, more than \(Self.maximumNameBytes)")
            }
            if name.utf8.contains(0) { problems.append("\(what) name '\(name)' contains a NUL byte") }
        }
        checkName(name, "model")
        for (index, variable) in variables.enumerated() {
            checkName(variable.name, "variable \(index)")
            for bound in [variable.lower, variable.upper].compactMap({ $0 }) where !bound.isFinite {
                problems.append("variable '\(variable.name)' has a non-finite bound \(bound)")
            }
            if let lower = variable.lower, let upper = variable.upper, lower > upper {
                problems.append("variable '\(variable.name)' has lower bound \(lower) above upper bound \(upper)")
            }
            if variable.kind != .continuous {
                for bound in [variable.lower, variable.upper].compactMap({ $0 }) where bound.isFinite && bound != bound.rounded() {
                    problems.append("integer variable '\(variable.name)' has a fractional bound \(bound)")
                }
            }
        }
        for constraint in constraints {
            checkName(constraint.name, "constraint")
            for (variable, coefficient) in constraint.expression.terms {
                if variable.index < 0 || variable.index >= variables.count {
                    problems.append("constraint '\(constraint.name)' uses variable \(variable.index), which does not exist")
                }
                if !coefficient.isFinite {
                    problems.append("constraint '\(constraint.name)' has a non-finite coefficient \(coefficient)")
                }
            }
            for bound in [constraint.lower, constraint.upper].compactMap({ $0 }) where !bound.isFinite {
                problems.append("constraint '\(constraint.name)' has a non-finite bound \(bound)")
            }
            if let lower = constraint.lower, let upper = constraint.upper, lower > upper {
                problems.append("constraint '\(constraint.name)' has lower bound \(lower) above upper bound \(upper)")
            }
        }
        for (variable, coefficient) in objective.terms {
            if variable.index < 0 || variable.index >= variables.count {
                problems.append("objective uses variable \(variable.index), which does not exist")
            }
            if !coefficient.isFinite { problems.append("objective has a non-finite coefficient \(coefficient)") }
        }
        if !objective.constant.isFinite { problems.append("objective has a non-finite constant") }
        if !problems.isEmpty { throw ModelError(model: name, problems: problems) }
    }

    /// Whether `values` satisfy every bound, integrality and constraint within `tolerance`.
    public func isFeasible(_ values: [Double], tolerance: Double = 1e-6) -> Bool {
        violations(values, tolerance: tolerance).isEmpty
    }

    /// Names of the bounds and constraints that `values` break.
    public func violations(_ values: [Double], tolerance: Double = 1e-6) -> [String] {
        guard values.count == variables.count else { return ["expected \(variables.count) values, got \(values.count)"] }
        var broken: [String] = []
        for (index, variable) in variables.enumerated() {
            let value = values[index]
            if !value.isFinite {
                broken.append(variable.name)
                continue
            }
            if let lower = variable.lower, value < lower - tolerance { broken.append(variable.name) }
            if let upper = variable.upper, value > upper + tolerance { broken.append(variable.name) }
            if variable.kind != .continuous, abs(value - value.rounded()) > tolerance { broken.append(variable.name) }
        }
        for constraint in constraints {
            let activity = constraint.expression.value(values)
            let scale = tolerance * Swift.max(1, abs(activity))
            if let lower = constraint.lower, activity < lower - scale { broken.append(constraint.name) }
            if let upper = constraint.upper, activity > upper + scale { broken.append(constraint.name) }
        }
        return broken
    }
}

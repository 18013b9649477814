import CGLPK
import LinearModel

/// A `glp_prob` built from a validated `Model`. GLPK's 1-based arrays live here and only here.
///
/// A problem belongs to the thread that made it (GLPK keeps one environment per thread):
/// create, solve and delete it on one thread, and never keep it across an `await`.
final class GLPKProblem {
    let pointer: OpaquePointer
    let columnCount: Int
    let rowCount: Int

    /// Builds the problem. `model` must have passed `validate()`: GLPK aborts on bad arguments.
    init(_ model: Model, safeNames: Bool = false) {
        pointer = glp_create_prob()
        columnCount = model.variables.count
        rowCount = model.constraints.count
        func name(_ text: String) -> String { safeNames ? GLPKProblem.safeName(text) : text }
        glp_set_prob_name(pointer, name(model.name))
        glp_set_obj_name(pointer, "objective")
        glp_set_obj_dir(pointer, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(pointer, 0, model.objective.constant)

        if columnCount > 0 {
            glp_add_cols(pointer, Int32(columnCount))
        }
        for (offset, variable) in model.variables.enumerated() {
            let column = Int32(offset + 1)
            glp_set_col_name(pointer, column, name(variable.name))
            switch variable.kind {
            case .continuous: glp_set_col_kind(pointer, column, GLP_CV)
            case .integer: glp_set_col_kind(pointer, column, GLP_IV)
            case .binary: glp_set_col_kind(pointer, column, GLP_IV)
            }
            let (type, lower, upper) = Self.boundType(variable.lower, variable.upper)
            glp_set_col_bnds(pointer, column, type, lower, upper)
        }
        for (variable, coefficient) in model.objective.terms {
            glp_set_obj_coef(pointer, Int32(variable.index + 1), coefficient)
        }

        // A problem without rows still needs one for the simplex: a free, empty row.
        let rows = max(rowCount, 1)
        glp_add_rows(pointer, Int32(rows))
        if rowCount == 0 {
            glp_set_row_name(pointer, 1, "empty")
            glp_set_row_bnds(pointer, 1, GLP_FR, 0, 0)
        }
        var rowIndices: [Int32] = [0]
        var columnIndices: [Int32] = [0]
        var values: [Double] = [0]
        let nonzeros = model.nonzeroCount
        rowIndices.reserveCapacity(nonzeros + 1)
        columnIndices.reserveCapacity(nonzeros + 1)
        values.reserveCapacity(nonzeros + 1)
        for (offset, constraint) in model.constraints.enumerated() {
            let row = Int32(offset + 1)
            glp_set_row_name(pointer, row, name(constraint.name))
            let (type, lower, upper) = Self.boundType(constraint.lower, constraint.upper)
            glp_set_row_bnds(pointer, row, type, lower, upper)
            for (variable, coefficient) in constraint.expression.sortedTerms {
                rowIndices.append(row)
                columnIndices.append(Int32(variable.index + 1))
                values.append(coefficient)
            }
        }
        if values.count > 1 {
            glp_load_matrix(pointer, Int32(values.count - 1), rowIndices, columnIndices, values)
        }
    }

    deinit {
        glp_delete_prob(pointer)
    }

    /// GLPK's bound type for an optional lower and upper bound.
    static func boundType(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): (GLP_FR, 0, 0)
        case (let low?, nil): (GLP_LO, low, 0)
        case (nil, let high?): (GLP_UP, 0, high)
        case (let low?, let high?) where low == high: (GLP_FX, low, high)
        case (let low?, let high?): (GLP_DB, low, high)
        }
    }

    /// Names that every LP and MPS reader accepts: ASCII letters, digits and `_.[]`.
    static func safeName(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let allowed = (scalar.isASCII && (CharacterSet.alphanumerics(scalar) || "_.[]".unicodeScalars.contains(scalar)))
            result.unicodeScalars.append(allowed ? scalar : "_")
        }
        if let first = result.unicodeScalars.first, ("0"..."9").contains(first) || first == "." { result = "_" + result }
        return String(result.prefix(Model.maximumNameBytes))
    }

    /// Column values of the MIP solution, 0-based.
    func mipValues() -> [Double] {
        (0..<columnCount).map { glp_mip_col_val(pointer, Int32($0 + 1)) }
    }

    /// Row duals of the LP solution, 0-based.
    func rowDuals() -> [Double] {
        (0..<rowCount).map { glp_get_row_dual(pointer, Int32($0 + 1)) }
    }

    /// Column reduced costs of the LP solution, 0-based.
    func columnDuals() -> [Double] {
        (0..<columnCount).map { glp_get_col_dual(pointer, Int32($0 + 1)) }
    }

    /// Column values of the LP solution, 0-based.
    func lpValues() -> [Double] {
        (0..<columnCount).map { glp_get_col_prim(pointer, Int32($0 + 1)) }
    }
}

private enum CharacterSet {
    static func alphanumerics(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

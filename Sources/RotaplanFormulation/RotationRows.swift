import LinearModel
import RotaplanDomain

/// A move variable as the rows of docs/model.md Part 1 see it: how many teachers of one home
/// school, subject and role it sends to one target.
struct MoveTerm {
    var variable: Variable
    var home: Int
    var target: Int
    var subject: String
    var role: Role
}

/// docs/model.md Part 1's rows, each written once, over any set of moves: one year's program
/// (`RotationFormulation`), a year of a horizon (`CycleFormulation`) and the county exchange
/// build their rows here, so that a rule cannot mean one thing in one program and another in
/// the next.
enum RotationRows {
    static func sum(_ moves: [MoveTerm]) -> LinearExpression {
        LinearModel.sum(moves.map(\.variable))
    }

    /// R2: "lead L sends ≥ ceil(min_ratio × base(L))" — `required` a number, or an integer
    /// variable of its own in a later year of a horizon.
    static func leadQuota(out: [MoveTerm], required: LinearExpression) -> Comparison {
        sum(out) - required >= 0
    }

    /// R3: "(moves of cadres and backbone) ≥ backbone_share × (all moves out of L), as real
    /// numbers": (1 − share) for a cadre or backbone move, −share for any other. Nil when it
    /// cannot bind.
    static func backboneShare(out: [MoveTerm], share: Double) -> Comparison? {
        guard share > 0, !out.isEmpty else { return nil }
        var expression = LinearExpression()
        for move in out { expression.add(move.variable, move.role.isCadreOrBackbone ? 1 - share : -share) }
        return expression >= 0
    }

    /// R4: "each member unit receives ≥ min_cadres_per_member cadres from its lead"; `into`
    /// are the moves into the unit's schools. Nil when nothing is asked.
    static func cadresPerMember(into: [MoveTerm], needed: Int) -> Comparison? {
        guard needed > 0 else { return nil }
        return sum(into.filter { $0.role == .cadre }) >= Double(needed)
    }

    /// R5: "|moves into U(M) − moves out of U(M)| ≤ balance_tolerance".
    static func balance(into: [MoveTerm], out: [MoveTerm], tolerance: Int) -> Comparison {
        Comparison(expression: sum(into) - sum(out), lower: -Double(tolerance), upper: Double(tolerance))
    }

    /// in − out of one (school, subject) among `moves`: `after − current`.
    static func change(at school: Int, _ subject: String, _ moves: [MoveTerm]) -> LinearExpression {
        var expression = LinearExpression()
        for move in moves where move.subject == subject {
            if move.target == school { expression.add(move.variable) }
            if move.home == school { expression.add(move.variable, -1) }
        }
        return expression
    }

    /// R6: "after(s,k) ≥ min(current(s,k), demand(s,k))", as change ≥ min(current, demand) − current.
    static func noNewHoles(change: LinearExpression, current: Int, demand: Int) -> Comparison {
        change >= Double(min(current, demand) - current)
    }

    /// X3: "after(s,k) ≤ max(current(s,k), demand(s,k))" where exchanges go in, as
    /// change ≤ max(current, demand) − current.
    static func onlyWhereNeeded(change: LinearExpression, current: Int, demand: Int) -> Comparison {
        change <= Double(max(current, demand) - current)
    }

    /// The shortfall of a member or site in a subject: shortfall ≥ demand − after, with
    /// after = current + change (+ what earlier terms of a horizon still hold there).
    static func shortfall(_ shortfall: Variable, change: LinearExpression, current: Int, demand: Int) -> Comparison {
        LinearExpression(shortfall) + change >= Double(demand - current)
    }

    /// E(c) ≤ 100 · Q(U) / D(U) for one member unit with D > 0, where Q(U) is the cadres and
    /// backbone teachers `present` in it before the moves plus those `strongInto` it less those
    /// `strongOut` of it.
    static func equity(
        _ equity: Variable, strongInto: [MoveTerm], strongOut: [MoveTerm], present: Int, demand: Int
    ) -> Comparison {
        let total = Double(demand)
        var expression = LinearExpression(equity)
        for move in strongInto { expression.add(move.variable, -100 / total) }
        for move in strongOut { expression.add(move.variable, 100 / total) }
        return expression <= 100 * Double(present) / total
    }

    /// Q(U) as its own variable: `strong` = the cadres and backbone teachers `present` in a
    /// member unit before the moves, plus those `strongInto` it, less those `strongOut` of it.
    static func strongAfter(_ strong: Variable, strongInto: [MoveTerm], strongOut: [MoveTerm], present: Int) -> Comparison {
        var expression = LinearExpression(strong)
        for move in strongInto { expression.add(move.variable, -1) }
        for move in strongOut { expression.add(move.variable, 1) }
        return expression == Double(present)
    }

    /// E(c) ≤ 100 · Q(U) / D(U) for one member unit with D > 0, with Q(U) the variable
    /// `strongAfter` defines.
    static func equity(_ equity: Variable, strongAfter strong: Variable, demand: Int) -> Comparison {
        var expression = LinearExpression(equity)
        expression.add(strong, -100 / Double(demand))
        return expression <= 0
    }

    /// Cadres and backbone teachers present at `schools` before any move of the plan.
    static func strongPresent(in schools: Set<Int>, scenario: Scenario, staffing: Staffing) -> Int {
        staffing.presentAt.indices.count { schools.contains(staffing.presentAt[$0]) && scenario.teachers[$0].role.isCadreOrBackbone }
    }

    /// D(U): the teachers the schools demand.
    static func demand(of schools: Set<Int>, scenario: Scenario) -> Int {
        scenario.demand.filter { schools.contains($0.key.school) }.reduce(0) { $0 + $1.value.teachers }
    }
}

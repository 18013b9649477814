import LinearModel
import RotaplanDomain

/// docs/model.md Part 2's rows, each written once, over weekly visit variables of a class of
/// alike teachers and a school (visits `v`, periods `p`, visiting teachers `u`): the program of
/// a component (`ItinerantFormulation`) and the hiring program (`HireFormulation`, whose hire
/// classes have a size that is itself a variable) build their rows here.
enum ItinerantRows {
    /// I1: each visit carries 1 to `periods_per_visit` periods: p ≥ v.
    static func atLeastOnePeriodPerVisit(visits: Variable, periods: Variable) -> Comparison {
        LinearExpression(periods) - visits >= 0
    }

    /// I1: each visit carries at most `periods_per_visit` periods: p ≤ ppv × v.
    static func atMostPeriodsPerVisit(visits: Variable, periods: Variable, policy: ItinerantPolicy) -> Comparison {
        LinearExpression(periods) - LinearExpression(visits, Double(policy.periodsPerVisit)) <= 0
    }

    /// I1 and I2 over a class: its visits fit in its teachers' days (one a day, `max_days_away`):
    /// Σ v ≤ days × size.
    static func visitsWithinDays(visits: [Variable], days: Int, size: LinearExpression) -> Comparison {
        sum(visits) - Double(days) * size <= 0
    }

    /// I2: the teachers who visit a school bring at most `days` visits each: v ≤ days × u.
    static func visitsPerVisitingTeacher(visits: Variable, teachers: Variable, days: Int) -> Comparison {
        LinearExpression(visits) - LinearExpression(teachers, Double(days)) <= 0
    }

    /// I2: a school counted as visited has a visit: u ≤ v.
    static func visitedHasAVisit(visits: Variable, teachers: Variable) -> Comparison {
        LinearExpression(teachers) - visits <= 0
    }

    /// I2 over a class: distinct schools ≤ `max_schools` per teacher: Σ u ≤ max_schools × size.
    static func schoolsPerTeacher(teachers: [Variable], size: LinearExpression, policy: ItinerantPolicy) -> Comparison {
        sum(teachers) - Double(policy.maxSchools) * size <= 0
    }

    /// The periods one teacher can give a school: `min(max_periods, periods_per_visit × days)`.
    static func periodsPerTeacher(days: Int, policy: ItinerantPolicy) -> Int {
        min(policy.maxPeriods, policy.periodsPerVisit * days)
    }

    /// I2 and I3 at a school: each visiting teacher gives at most `cap` periods there: p ≤ cap × u.
    static func periodsPerVisitingTeacher(periods: Variable, teachers: Variable, cap: Double) -> Comparison {
        LinearExpression(periods) - LinearExpression(teachers, cap) <= 0
    }

    /// I3 over a class: Σ p ≤ `max_periods` × size (as far as the days allow: `periodsPerTeacher`).
    static func periodsWithinLimit(periods: [Variable], size: LinearExpression, perTeacher: Int) -> Comparison {
        sum(periods) - Double(perTeacher) * size <= 0
    }

    /// I4: the periods a home's teachers give ≤ its surplus (after hires, in the hiring program).
    static func withinSurplus(given: LinearExpression, surplus: LinearExpression) -> Comparison {
        given - surplus <= 0
    }

    /// I5: the periods a school receives ≤ its need (after hires, in the hiring program).
    static func withinNeed(delivered: LinearExpression, need: LinearExpression) -> Comparison {
        delivered - need <= 0
    }

    /// Whole visits carry at most `periods_per_visit` periods, so periods P ≤ limit = q × ppv + r
    /// (0 < r < ppv) need more visits V than P ÷ ppv when P is near the limit:
    /// P ≤ r × V + (ppv − r) × q. Valid for every integer V (it is the mixed-integer rounding
    /// of P ≤ ppv × V and P ≤ limit); it tightens the relaxation where a need or a surplus is
    /// used up, which is where its cost of visits is decided. For a limit below ppv it is
    /// P ≤ limit × V. Nil when the limit is a whole number of visits.
    static func rounding(periods: [Variable], visits: [Variable], limit: Int, policy: ItinerantPolicy) -> Comparison? {
        rounding(amounts: periods, units: visits, limit: limit, perUnit: policy.periodsPerVisit)
    }

    /// The same rounding for any amount A carried in whole units U of at most `perUnit` each,
    /// with A ≤ limit = q × perUnit + r (0 < r < perUnit): A ≤ r × U + (perUnit − r) × q. Part 2
    /// uses it for periods in visits, for periods in visiting teachers (`periodsPerTeacher`
    /// each) and for visits in visiting teachers (`days` each).
    static func rounding(amounts: [Variable], units: [Variable], limit: Int, perUnit: Int) -> Comparison? {
        guard perUnit > 0, !amounts.isEmpty else { return nil }
        let (quotient, remainder) = (limit / perUnit, limit % perUnit)
        guard remainder > 0 else { return nil }
        var expression = sum(amounts)
        for variable in units { expression.add(variable, -Double(remainder)) }
        return expression <= Double((perUnit - remainder) * quotient)
    }

    /// The most visits a pairing needs to carry `periods` periods: ⌈periods ÷ periods_per_visit⌉.
    /// A timetable with more visits at a school than that is never better: dropping the extra
    /// ones keeps every period and every rule and saves their round trips (docs/solving.md
    /// "Part 2"), so the program bounds visits by it.
    static func visitsNeeded(periods: Int, policy: ItinerantPolicy) -> Int {
        (periods + policy.periodsPerVisit - 1) / policy.periodsPerVisit
    }

    /// The objective's terms of one (class, school) pairing: the visits' round trips, the
    /// distinct schools, and the periods that are no longer uncovered.
    static func addObjective(
        _ objective: inout LinearExpression, visits: Variable, periods: Variable, teachers: Variable, home: Int, school: Int,
        scenario: Scenario
    ) {
        let weights = scenario.policy.weights
        objective.add(periods, -ObjectiveTerm.uncovered.coefficient(weights))
        objective.add(visits, scenario.visitCost(from: home, to: school))
        objective.add(teachers, ObjectiveTerm.schools.coefficient(weights))
    }
}

import LinearModel
import RotaplanDomain

/// A lower bound on docs/model.md Part 2 for one component, for when the component is solved by
/// neighbourhoods and no program of it is solved whole.
///
/// Periods flow from classes of teachers (same home and days) to needing schools as in a
/// transportation problem, within I3's periods per teacher, I4's surplus and I5's need. Each
/// period is charged no more than it costs in any timetable: a visit carries at most
/// `periods_per_visit` periods, so its round trip costs at least 1 ÷ `periods_per_visit` of a
/// trip per period; a teacher gives a school at most `t` = min(`max_periods`,
/// `periods_per_visit` × days) periods, so a distinct school costs at least 1 ÷ `t` of its
/// weight per period. Every lawful timetable is a point of this program at no greater cost.
public struct ItinerantRelaxation: Sendable {
    /// The linear program.
    public let model: Model
    /// The row of I5 (periods received ≤ need) of each school more than one class reaches, by
    /// school: its dual prices the school's need (`ItinerantHomeBound`).
    public let needRows: [Int: Int]
    /// The variables of the periods each school receives, by school.
    public let periodsAt: [Int: [Variable]]

    public init(_ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent) {
        let policy = scenario.policy.itinerant
        let weights = scenario.policy.weights
        let subject = component.subject
        var model = Model(name: "itinerant-bound-\(subject)")
        var classes: [String: (home: Int, days: Int, size: Int, reachable: [Int])] = [:]
        for index in component.candidates {
            let candidate = facts.candidates[index]
            let key = ItinerantFacts.classKey(home: candidate.home, days: candidate.days)
            classes[key, default: (candidate.home, candidate.days, 0, candidate.reachable)].size += 1
        }
        var delivered: [Int: LinearExpression] = [:]
        var given: [Int: LinearExpression] = [:]
        var periodsAt: [Int: [Variable]] = [:]
        var objective = LinearExpression(
            constant: ObjectiveTerm.uncovered.coefficient(weights) * Double(component.schools.reduce(0) { $0 + facts.need($1, subject) }))
        for (key, group) in classes.sorted(by: { $0.key < $1.key }) {
            let perTeacher = ItinerantRows.periodsPerTeacher(days: group.days, policy: policy)
            let surplus = facts.surplus(group.home, subject)
            var own = LinearExpression()
            for school in group.reachable {
                let cost =
                    -ObjectiveTerm.uncovered.coefficient(weights)
                    + scenario.visitCost(from: group.home, to: school) / Double(policy.periodsPerVisit)
                    + ObjectiveTerm.schools.coefficient(weights) / Double(perTeacher)
                let upper = min(perTeacher * group.size, facts.need(school, subject), surplus)
                // A period that costs more than it saves is never given in this program.
                guard cost < 0, upper > 0 else { continue }
                // Short names: the city's relaxation has some 80,000 of them and nobody reads them.
                let periods = model.addVariable("x\(model.variables.count)", .continuous, lower: 0, upper: Double(upper))
                objective.add(periods, cost)
                own.add(periods)
                delivered[school, default: LinearExpression()].add(periods)
                periodsAt[school, default: []].append(periods)
                given[group.home, default: LinearExpression()].add(periods)
            }
            if own.terms.count > 1 {
                model.add(own <= Double(perTeacher * group.size), name: "I3[\(key)]")
            }
        }
        for (home, periods) in given.sorted(by: { $0.key < $1.key }) where periods.terms.count > 1 {
            model.add(periods <= Double(facts.surplus(home, subject)), name: "I4[\(scenario.schools[home].id)]")
        }
        var needRows: [Int: Int] = [:]
        for (school, periods) in delivered.sorted(by: { $0.key < $1.key }) where periods.terms.count > 1 {
            needRows[school] = model.constraints.count
            model.add(periods <= Double(facts.need(school, subject)), name: "I5[\(scenario.schools[school].id)]")
        }
        model.minimize(objective)
        self.model = model
        self.needRows = needRows
        self.periodsAt = periodsAt
    }
}

import LinearModel
import RotaplanDomain

// Objective: "uncovered_period × Σ (need − delivered) + itinerant_km × Σ 2 × km(h,s) per visit
// + itinerant_school × Σ distinct schools per teacher".
extension ItinerantModelBuilder {
    mutating func addObjective() {
        let uncovered = ObjectiveTerm.uncovered.coefficient(scenario.policy.weights)
        var objective = LinearExpression()
        for school in component.schools {
            objective.constant += uncovered * Double(facts.need(school, component.subject))
        }
        for pair in pairs {
            ItinerantRows.addObjective(
                &objective, visits: pair.visits, periods: pair.periods, teachers: pair.teachers, home: classes[pair.group].home,
                school: pair.school, scenario: scenario)
        }
        model.minimize(objective)
    }
}

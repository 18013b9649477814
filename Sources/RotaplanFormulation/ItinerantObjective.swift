import LinearModel
import RotaplanDomain

// Objective: "uncovered_period × Σ (need − delivered) + itinerant_km × Σ 2 × km(h,s) per visit
// + itinerant_school × Σ distinct schools per teacher".
extension ItinerantModelBuilder {
    mutating func addObjective() {
        let weights = scenario.policy.weights
        var objective = LinearExpression()
        for school in component.schools {
            objective.constant += weights.uncoveredPeriod * Double(facts.need(school, component.subject))
        }
        for pair in pairs {
            let home = classes[pair.group].home
            objective.add(pair.periods, -weights.uncoveredPeriod)
            objective.add(pair.visits, scenario.visitCost(from: home, to: pair.school))
            objective.add(pair.teachers, weights.itinerantSchool)
        }
        model.minimize(objective)
    }
}

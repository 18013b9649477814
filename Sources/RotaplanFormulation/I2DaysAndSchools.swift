import LinearModel
import RotaplanDomain

// I2: "visits per teacher ≤ max_days_away; distinct schools per teacher ≤ max_schools".
extension ItinerantModelBuilder {
    /// Visits are bounded by the teacher's days (see I1). A school counts as visited exactly
    /// when it has a visit: v ≤ days × z and z ≤ v.
    mutating func addDaysAndSchools() {
        for pair in pairs {
            let info = facts.candidates[pair.candidate]
            let name = "\(scenario.teachers[info.teacher].id),\(scenario.schools[pair.school].id)"
            model.add(LinearExpression(pair.visits) - LinearExpression(pair.visited, Double(info.days)) <= 0, name: "I2.link[\(name)]")
            model.add(LinearExpression(pair.visited) - pair.visits <= 0, name: "I2.visited[\(name)]")
        }
        for candidate in component.candidates {
            let own = pairs(ofCandidate: candidate)
            guard own.count > policy.maxSchools else { continue }
            model.add(sum(own.map(\.visited)) <= Double(policy.maxSchools),
                      name: "I2.schools[\(scenario.teachers[facts.candidates[candidate].teacher].id)]")
        }
    }
}

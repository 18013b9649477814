import LinearModel
import RotaplanDomain

// I3: "periods per teacher ≤ itinerant.max_periods".
extension ItinerantModelBuilder {
    mutating func addTeacherPeriods() {
        for candidate in component.candidates {
            let own = pairs(ofCandidate: candidate)
            guard own.count > 1 else { continue }
            model.add(sum(own.map(\.periods)) <= Double(policy.maxPeriods),
                      name: "I3[\(scenario.teachers[facts.candidates[candidate].teacher].id)]")
        }
    }
}

import LinearModel
import RotaplanDomain

// I1: "at most one visit per teacher per weekday; 1 ≤ periods ≤ periods_per_visit".
extension ItinerantModelBuilder {
    /// With weekdays aggregated: a teacher's visits fit in the available days, and each visit
    /// carries between 1 and `periods_per_visit` periods: v ≤ p ≤ periods_per_visit × v.
    mutating func addOneVisitPerDay() {
        for pair in pairs {
            let name = "\(scenario.teachers[facts.candidates[pair.candidate].teacher].id),\(scenario.schools[pair.school].id)"
            model.add(LinearExpression(pair.periods) - pair.visits >= 0, name: "I1.min[\(name)]")
            model.add(LinearExpression(pair.periods) - LinearExpression(pair.visits, Double(policy.periodsPerVisit)) <= 0,
                      name: "I1.max[\(name)]")
        }
        for candidate in component.candidates {
            let own = pairs(ofCandidate: candidate)
            guard own.count > 1 else { continue }
            let info = facts.candidates[candidate]
            // days = min(max_days_away, available days): I1's one visit a day and I2's limit at once.
            model.add(sum(own.map(\.visits)) <= Double(info.days), name: "I1.days[\(scenario.teachers[info.teacher].id)]")
        }
    }
}

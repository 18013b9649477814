import LinearModel
import RotaplanDomain

// I1: "at most one visit per teacher per weekday; 1 ≤ periods ≤ periods_per_visit".
extension ItinerantModelBuilder {
    /// With weekdays aggregated: each visit carries 1 to `periods_per_visit` periods
    /// (v ≤ p ≤ periods_per_visit × v), and a class's visits fit in its teachers' days.
    mutating func addOneVisitPerDay() {
        for pair in pairs {
            let label = "\(name(pair.group)),\(scenario.schools[pair.school].id)"
            model.add(ItinerantRows.atLeastOnePeriodPerVisit(visits: pair.visits, periods: pair.periods), name: "I1.min[\(label)]")
            model.add(ItinerantRows.atMostPeriodsPerVisit(visits: pair.visits, periods: pair.periods, policy: policy), name: "I1.max[\(label)]")
        }
        for group in classes.indices {
            let own = pairs(ofClass: group)
            guard own.count > 1 else { continue }
            // days = min(max_days_away, available days): I1's one visit a day and I2's limit at once.
            model.add(
                ItinerantRows.visitsWithinDays(
                    visits: own.map(\.visits), days: classes[group].days, size: LinearExpression(constant: Double(classes[group].size))),
                name: "I1.days[\(name(group))]")
        }
    }
}

import LinearModel
import RotaplanDomain

// I3: "periods per teacher ≤ itinerant.max_periods".
extension ItinerantModelBuilder {
    /// For a single teacher a row; in a larger class it follows from the days, since
    /// `max_periods` ≥ `periods_per_visit` × days there (see `ItinerantClass`).
    mutating func addTeacherPeriods() {
        for group in classes.indices where classes[group].size == 1 {
            let own = pairs(ofClass: group)
            guard own.count > 1, policy.maxPeriods < policy.periodsPerVisit * classes[group].days else { continue }
            let perTeacher = ItinerantRows.periodsPerTeacher(days: classes[group].days, policy: policy)
            model.add(
                ItinerantRows.periodsWithinLimit(periods: own.map(\.periods), size: LinearExpression(constant: 1), perTeacher: perTeacher),
                name: "I3[\(name(group))]")
        }
    }
}

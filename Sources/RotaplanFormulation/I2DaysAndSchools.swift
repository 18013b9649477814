import LinearModel
import RotaplanDomain

// I2: "visits per teacher ≤ max_days_away; distinct schools per teacher ≤ max_schools".
extension ItinerantModelBuilder {
    /// Visits are bounded by the teachers' days (see I1). The teachers who visit a school
    /// bring at most `days` visits each and at least one: v ≤ days × u and u ≤ v. A single
    /// teacher visits at most `max_schools` schools; in a larger class this follows from the
    /// days (see `ItinerantClass`).
    mutating func addDaysAndSchools() {
        for pair in pairs {
            let days = Double(classes[pair.group].days)
            let label = "\(name(pair.group)),\(scenario.schools[pair.school].id)"
            model.add(
                ItinerantRows.visitsPerVisitingTeacher(visits: pair.visits, teachers: pair.teachers, days: classes[pair.group].days),
                name: "I2.link[\(label)]")
            model.add(ItinerantRows.visitedHasAVisit(visits: pair.visits, teachers: pair.teachers), name: "I2.visited[\(label)]")
            // Each visiting teacher gives at most min(periods cap, ppv × days) periods here.
            let cap = model.variables[pair.periods.index].upper ?? 0
            let perTeacher = min(cap, Double(policy.periodsPerVisit) * days)
            if options.roundingRows && (perTeacher < Double(policy.periodsPerVisit) * days || classes[pair.group].size > 1) {
                model.add(
                    ItinerantRows.periodsPerVisitingTeacher(periods: pair.periods, teachers: pair.teachers, cap: perTeacher),
                    name: "I2.periods[\(label)]")
            }
            guard options.roundingRows else { continue }
            // The pairing's own rounding rows: its periods in whole visits and in whole visiting
            // teachers, and its visits in whole visiting teachers (an odd visit still costs a
            // teacher's school). Without them the relaxation lets half a teacher make one visit.
            let periodCap = Int(cap)
            let visitCap = Int(model.variables[pair.visits.index].upper ?? 0)
            let perTeacherPeriods = ItinerantRows.periodsPerTeacher(days: classes[pair.group].days, policy: policy)
            let rows = [
                ("I1.round", ItinerantRows.rounding(amounts: [pair.periods], units: [pair.visits], limit: periodCap, perUnit: policy.periodsPerVisit)),
                ("I2.round", ItinerantRows.rounding(amounts: [pair.visits], units: [pair.teachers], limit: visitCap, perUnit: classes[pair.group].days)),
                (
                    "I3.round",
                    periodCap > perTeacherPeriods
                        ? ItinerantRows.rounding(amounts: [pair.periods], units: [pair.teachers], limit: periodCap, perUnit: perTeacherPeriods) : nil
                ),
            ]
            for case (let family, let row?) in rows { model.add(row, name: "\(family)[\(label)]") }
        }
        for group in classes.indices where classes[group].size == 1 {
            let own = pairs(ofClass: group)
            guard own.count > policy.maxSchools else { continue }
            model.add(
                ItinerantRows.schoolsPerTeacher(teachers: own.map(\.teachers), size: LinearExpression(constant: 1), policy: policy),
                name: "I2.schools[\(name(group))]")
        }
    }
}

import RotaplanDomain

extension Checker {
    /// I1–I5 and the visits' own conditions on the plan's itinerant timetable; returns the
    /// recomputed Part 2 objective. Needs and surpluses are those of the staffing after Part 1.
    mutating func checkItinerant() -> Double? {
        let policy = scenario.policy.itinerant
        let subjects = Set(policy.subjects)
        var capacity: [SchoolSubject: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() where subjects.contains(teacher.subject) {
            capacity[SchoolSubject(presentAfter[index], teacher.subject), default: 0] += teacher.maxPeriods
        }
        func periods(_ key: SchoolSubject) -> Int { scenario.demand[key]?.periods ?? 0 }
        func need(_ key: SchoolSubject) -> Int {
            scenario.schools[key.school].rural ? max(0, periods(key) - (capacity[key] ?? 0)) : 0
        }
        func surplus(_ key: SchoolSubject) -> Int { max(0, (capacity[key] ?? 0) - periods(key)) }

        var delivered: [SchoolSubject: Int] = [:]
        var given: [SchoolSubject: Int] = [:]
        var daysUsed: [Int: Set<String>] = [:]
        var visitsPerTeacher: [Int: Int] = [:]
        var schoolsPerTeacher: [Int: Set<Int>] = [:]
        var periodsPerTeacher: [Int: Int] = [:]
        var travel = 0.0
        for entry in plan.visits {
            guard let teacher = scenario.teacherIndex[entry.teacher],
                let school = scenario.schoolIndex[entry.school], let home = scenario.schoolIndex[entry.home]
            else {
                violations.append("visit: \(entry.teacher) → \(entry.school) names a teacher or school not in the scenario")
                continue
            }
            let row = scenario.teachers[teacher]
            let subject = row.subject
            let label = "\(entry.teacher) → \(entry.school) on \(entry.day)"
            if home != presentAfter[teacher] {
                violations.append("visit: \(label) starts at \(entry.home), but the teacher is at \(id(school: presentAfter[teacher])) after Part 1")
            }
            if entry.subject != subject { violations.append("visit: \(label) is \(entry.subject), the teacher teaches \(subject)") }
            if !subjects.contains(subject) { violations.append("visit: \(label): \(subject) is not an itinerant subject") }
            if row.exemptReason != nil { violations.append("visit: \(label): the teacher is exempt") }
            if !row.itinerantAllowed { violations.append("visit: \(label): the teacher has itinerant = no") }
            let homeKey = SchoolSubject(presentAfter[teacher], subject)
            if surplus(homeKey) <= 0 { violations.append("visit: \(label): \(id(school: homeKey.school)) has no surplus in \(subject)") }
            let key = SchoolSubject(school, subject)
            if school == presentAfter[teacher] { violations.append("visit: \(label) is at the teacher's own school") }
            if need(key) <= 0 { violations.append("visit: \(label): \(entry.school) does not need \(subject)") }
            let km = scenario.km(presentAfter[teacher], school)
            if km > policy.maxKm { violations.append("visit: \(label) is \(km) km, beyond itinerant max_km \(policy.maxKm)") }
            if abs(km - entry.km) > 1e-6 * max(1, km) { violations.append("visit: \(label)'s km is \(entry.km), the road distance is \(km)") }
            if policy.scope == .community {
                let from = scenario.schools[presentAfter[teacher]].community
                if from == nil || from != scenario.schools[school].community {
                    violations.append("visit: \(label) leaves the community (scope: community)")
                }
            }
            guard let day = Weekday(rawValue: entry.day) else {
                violations.append("visit: \(label): '\(entry.day)' is not mon…fri")
                continue
            }
            if !row.availableDays.contains(day) { violations.append("visit: \(label): the teacher is not available on \(entry.day)") }
            // I1: at most one visit per teacher per weekday; 1 ≤ periods ≤ periods_per_visit.
            if !daysUsed[teacher, default: []].insert(entry.day).inserted {
                violations.append("I1: \(entry.teacher) has two visits on \(entry.day)")
            }
            if entry.periods < 1 || entry.periods > policy.periodsPerVisit {
                violations.append("I1: \(label) has \(entry.periods) periods, expected 1 to \(policy.periodsPerVisit)")
            }
            visitsPerTeacher[teacher, default: 0] += 1
            schoolsPerTeacher[teacher, default: []].insert(school)
            periodsPerTeacher[teacher, default: 0] += entry.periods
            given[homeKey, default: 0] += entry.periods
            delivered[key, default: 0] += entry.periods
            travel += 2 * km
        }
        for teacher in visitsPerTeacher.keys.sorted() {
            let name = scenario.teachers[teacher].id
            // I2: visits ≤ max_days_away; distinct schools ≤ max_schools.
            if visitsPerTeacher[teacher]! > policy.maxDaysAway {
                violations.append("I2: \(name) makes \(visitsPerTeacher[teacher]!) visits, at most \(policy.maxDaysAway)")
            }
            if schoolsPerTeacher[teacher]!.count > policy.maxSchools {
                violations.append("I2: \(name) visits \(schoolsPerTeacher[teacher]!.count) schools, at most \(policy.maxSchools)")
            }
            // I3: periods per teacher ≤ itinerant.max_periods.
            if periodsPerTeacher[teacher]! > policy.maxPeriods {
                violations.append("I3: \(name) gives \(periodsPerTeacher[teacher]!) itinerant periods, at most \(policy.maxPeriods)")
            }
        }
        // I4: periods given by teachers of h in k ≤ surplus(h,k).
        for (key, amount) in given.sorted(by: { $0.key < $1.key }) where amount > surplus(key) {
            violations.append("I4: teachers at \(id(school: key.school)) give \(amount) \(key.subject) periods, surplus \(surplus(key))")
        }
        // I5: periods delivered to (s,k) ≤ need(s,k).
        for (key, amount) in delivered.sorted(by: { $0.key < $1.key }) where amount > need(key) {
            violations.append("I5: \(id(school: key.school)) receives \(amount) \(key.subject) periods, need \(need(key))")
        }
        // Uncovered periods: recomputed, and the plan's list must agree.
        var uncovered = 0
        var uncoveredList: [SchoolSubject: Int] = [:]
        for school in scenario.schools.indices where scenario.schools[school].rural {
            for subject in subjects {
                let key = SchoolSubject(school, subject)
                let missing = need(key) - min(need(key), delivered[key] ?? 0)
                uncovered += missing
                if missing > 0 { uncoveredList[key] = missing }
            }
        }
        var reported: [SchoolSubject: Int] = [:]
        for line in plan.uncovered {
            guard let school = scenario.schoolIndex[line.school] else {
                violations.append("uncovered: \(line.school) is not a school of the scenario")
                continue
            }
            reported[SchoolSubject(school, line.subject), default: 0] += line.periods
        }
        if reported != uncoveredList {
            violations.append("uncovered: the plan lists \(reported.values.reduce(0, +)) uncovered periods, recomputed \(uncovered)")
        }
        let distinctSchools = schoolsPerTeacher.values.reduce(0) { $0 + $1.count }
        return weights.uncoveredPeriod * Double(uncovered) + weights.itinerantKm * travel
            + weights.itinerantSchool * Double(distinctSchools)
    }
}

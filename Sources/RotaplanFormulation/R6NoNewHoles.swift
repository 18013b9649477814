import LinearModel
import RotaplanDomain

// R6: "no new holes: after(s,k) ≥ min(current(s,k), demand(s,k)) for every school and subject".
extension RotationModelBuilder {
    /// Only schools of the community have moves; a row is added where moves out could break it.
    mutating func addNoNewHoles() {
        for school in scopeSchools {
            let out = movesOut(of: school)
            let subjects = Set(out.map { groups[$0.group].subject }).sorted()
            for subject in subjects {
                let current = staffing.current(school, subject)
                let floor = min(current, scenario.demandTeachers(school, subject))
                let subjectOut = out.filter { groups[$0.group].subject == subject }
                let mostOut = Set(subjectOut.map(\.group)).reduce(0) { $0 + groups[$1].teachers.count }
                guard current - mostOut < floor else { continue }
                let change = RotationRows.change(at: school, subject, terms(movesInto(school) + subjectOut))
                addRule(
                    RotationRows.noNewHoles(change: change, current: current, demand: scenario.demandTeachers(school, subject)),
                    name: "R6[\(scenario.schools[school].id),\(subject)]", rule: "R6", school: school, subject: subject)
            }
        }
    }
}

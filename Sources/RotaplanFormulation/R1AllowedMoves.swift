import LinearModel
import RotaplanDomain

// R1: "every move is an allowed move; at most one per teacher".
extension RotationModelBuilder {
    /// Creates one integer variable per group of interchangeable eligible teachers and allowed
    /// target (a member or site of the lead's community, or the lead of a member's or site's, within `max_km`), and
    /// limits each group to as many moves as it has teachers.
    mutating func addAllowedMoves() {
        for school in community.schools {
            let targets = scenario.allowedTargets(ofTeacherAt: school)
            var grouped: [InterchangeableKey: [Int]] = [:]
            var pinned: [Int] = []
            for teacher in staffing.byHome[school] where eligibility.isEligible(teacher) {
                switch scenario.pins[teacher]?.action {
                case .stay: continue
                case .rotate, .to: pinned.append(teacher)
                case nil where baseline?[teacher] != nil:
                    // A teacher of the baseline plan is counted line by line: a group alone.
                    pinned.append(teacher)
                case nil:
                    grouped[scenario.interchangeableKey(teacher), default: []].append(teacher)
                }
            }
            var schoolGroups: [MoverGroup] = grouped.sorted(by: { $0.key < $1.key }).map { key, members in
                MoverGroup(
                    home: school, subject: key.subject, role: key.role, volunteer: key.volunteer,
                    tenureCredit: key.tenureCredit, teachers: orderedForChoice(members), pin: nil)
            }
            for teacher in pinned {
                let row = scenario.teachers[teacher]
                schoolGroups.append(MoverGroup(
                    home: school, subject: row.subject, role: row.role, volunteer: row.volunteer,
                    tenureCredit: scenario.tenureCredit(teacher), teachers: [teacher], pin: scenario.pins[teacher]?.action))
            }
            for group in schoolGroups where !targets.isEmpty {
                let index = groups.count
                groups.append(group)
                let size = group.teachers.count
                var variables: [Variable] = []
                for target in targets {
                    let variable = model.addVariable(
                        RotationNames.move(scenario, group, index, to: target), size == 1 ? .binary : .integer,
                        lower: 0, upper: Double(size))
                    moves.append(MoveVariable(variable: variable, group: index, target: target))
                    variables.append(variable)
                }
                if variables.count > 1 {
                    model.add(LinearModel.sum(variables) <= Double(size), name: "R1[\(scenario.schools[school].id),g\(index)]")
                }
            }
            // Pinned teachers without allowed targets still get a group, so R7 can name them.
            if targets.isEmpty {
                for group in schoolGroups where group.pin != nil { groups.append(group) }
            }
        }
    }

    /// Which teachers of a group are named first: the model treats them alike, so the list
    /// prefers the longest at the school (the policy's intent), then the id for determinism.
    private func orderedForChoice(_ teachers: [Int]) -> [Int] {
        teachers.sorted { left, right in
            let (a, b) = (scenario.teachers[left], scenario.teachers[right])
            return a.yearsAtSchool != b.yearsAtSchool ? a.yearsAtSchool > b.yearsAtSchool : a.id < b.id
        }
    }
}

import LinearModel
import RotaplanDomain

// R1: "every move is an allowed move; at most one per teacher".
extension RotationModelBuilder {
    /// Creates one integer variable per group of interchangeable teachers who may move and each
    /// target they may go to, and limits each group to as many moves as it has teachers. A
    /// secondment goes to a member or site of the lead's community, or from a member or site to
    /// its lead, within `rotation.max_km`; with the county exchange an exchange goes from an
    /// urban school to a rural one or back, within `exchange.max_km` (docs/model.md).
    mutating func addAllowedMoves() {
        let usefulIn = withExchange ? exchangeTargetsWorthAVariable() : []
        for school in scopeSchools {
            let secondmentTargets = scenario.allowedTargets(ofTeacherAt: school)
            let exchangeTargets = withExchange ? scenario.exchangeTargets(ofTeacherAt: school) : []
            struct Key: Hashable, Comparable {
                var teacher: InterchangeableKey
                var secondable: Bool
                var exchangeable: Bool

                static func < (lhs: Key, rhs: Key) -> Bool {
                    (lhs.teacher, lhs.secondable ? 1 : 0, lhs.exchangeable ? 1 : 0) < (rhs.teacher, rhs.secondable ? 1 : 0, rhs.exchangeable ? 1 : 0)
                }
            }
            var grouped: [Key: [Int]] = [:]
            var pinned: [Int] = []
            for teacher in staffing.byHome[school] {
                let secondable = eligibility.isEligible(teacher)
                let exchangeable = withExchange && eligibility.isExchangeEligible(teacher)
                guard secondable || exchangeable else { continue }
                switch scenario.pins[teacher]?.action {
                case .stay: continue
                case .rotate, .to: pinned.append(teacher)
                case nil where baseline?[teacher] != nil:
                    // A teacher of the baseline plan is counted line by line: a group alone.
                    pinned.append(teacher)
                case nil:
                    grouped[Key(teacher: scenario.interchangeableKey(teacher), secondable: secondable, exchangeable: exchangeable), default: []]
                        .append(teacher)
                }
            }
            var schoolGroups: [MoverGroup] = grouped.sorted(by: { $0.key < $1.key }).map { key, members in
                MoverGroup(
                    home: school, subject: key.teacher.subject, role: key.teacher.role, volunteer: key.teacher.volunteer,
                    tenureCredit: key.teacher.tenureCredit, teachers: orderedForChoice(members), pin: nil,
                    secondable: key.secondable, exchangeable: key.exchangeable)
            }
            for teacher in pinned {
                let row = scenario.teachers[teacher]
                schoolGroups.append(
                    MoverGroup(
                        home: school, subject: row.subject, role: row.role, volunteer: row.volunteer,
                        tenureCredit: scenario.tenureCredit(teacher), teachers: [teacher], pin: scenario.pins[teacher]?.action,
                        secondable: eligibility.isEligible(teacher), exchangeable: withExchange && eligibility.isExchangeEligible(teacher)))
            }
            var anyTargets = false
            for group in schoolGroups {
                var targets: [(school: Int, kind: MoveKind)] = group.secondable ? secondmentTargets.map { ($0, .secondment) } : []
                if group.exchangeable {
                    targets += exchangeTargets.filter { target in
                        worthAVariable(group, exchangeTo: target, usefulIn: usefulIn)
                    }.map { ($0, .exchange) }
                }
                guard !targets.isEmpty else {
                    // A pinned teacher without allowed targets still gets a group, so R7 can name them.
                    if group.pin != nil { groups.append(group) }
                    continue
                }
                anyTargets = true
                let index = groups.count
                groups.append(group)
                let size = group.teachers.count
                var variables: [Variable] = []
                for (target, kind) in targets {
                    let variable = model.addVariable(
                        RotationNames.move(scenario, group, index, to: target), size == 1 ? .binary : .integer,
                        lower: 0, upper: Double(size))
                    moves.append(MoveVariable(variable: variable, group: index, target: target, kind: kind))
                    variables.append(variable)
                }
                if variables.count > 1 {
                    model.add(LinearModel.sum(variables) <= Double(size), name: "R1[\(scenario.schools[school].id),g\(index)]")
                }
            }
            _ = anyTargets
        }
    }

    /// The (school, subject) pairs an exchange may go into: X3 lets a school receive only up
    /// to `max(current, demand)`, so an exchange of subject k into s needs a shortfall there or
    /// a teacher of k who may leave s. Any other exchange breaks X3 in every plan.
    func exchangeTargetsWorthAVariable() -> Set<SchoolSubject> {
        var pairs: Set<SchoolSubject> = []
        for (key, demand) in scenario.demand where demand.teachers > staffing.current(key.school, key.subject) {
            pairs.insert(key)
        }
        for school in scenario.schools.indices {
            for teacher in staffing.byHome[school] where scenario.pins[teacher]?.action != .stay && eligibility.mayMove(teacher) {
                pairs.insert(SchoolSubject(staffing.presentAt[teacher], scenario.teachers[teacher].subject))
            }
        }
        return pairs
    }

    /// Whether `group` gets a variable for an exchange to `target`. An exchange into a pair X3
    /// closes is never lawful. An exchange from a rural school to an urban one helps no rule and
    /// no term (urban shortfall is not counted, R5 and X1 do not count it): with a move of its own
    /// costing nothing or more, a plan without it is as good, so it is made only for a pinned
    /// teacher, or where the weights make a move pay for itself.
    func worthAVariable(_ group: MoverGroup, exchangeTo target: Int, usefulIn: Set<SchoolSubject>) -> Bool {
        guard usefulIn.contains(SchoolSubject(target, group.subject)) else { return false }
        if scenario.schools[group.home].rural {
            return group.pin != nil || scenario.moveCost(teacher: group.teachers[0], to: target) < 0
        }
        return true
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

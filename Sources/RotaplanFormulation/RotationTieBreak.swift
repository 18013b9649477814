import LinearModel
import RotaplanDomain

// Part 1 chosen with Part 2 in mind: among the community's plans whose rotation objective
// equals the optimum, one that leaves Part 2 the most to work with.

/// A tie-breaking program and its start, the plan it was built around (the plan found first,
/// or the round's): that plan holds the optimum, so the search begins with an incumbent instead
/// of looking for one on the optimum's face.
public struct TieBreakProgram: Sendable {
    public var model: Model
    /// Values of `model`'s variables for that plan; nil when its moves have no variables here.
    public var start: [Double]?
}

extension RotationFormulation {
    /// The weight of a lost surplus period against a period of need left: a surplus period can
    /// only be given by a candidate's visits (at most `itinerant.max_periods` a week, within
    /// reach), a need period is uncovered unless someone comes.
    static let surplusWeight = 0.5

    /// How far above the optimum a tie-breaking program lets the objective go: 1e-7 relative,
    /// well inside docs/model.md's equality.
    public static func heldSlack(_ optimum: Double) -> Double { 1e-7 * max(1, abs(optimum)) }

    /// The tie-breaking program: this community's program with its objective held at
    /// `optimum` (to 1e-7 relative, well inside docs/model.md's equality), minimising an
    /// estimate of what Part 2 will leave uncovered:
    ///
    ///     Σ over rural schools s, itinerant subjects k of need(s,k)
    ///   + 0.5 × Σ over schools h with a surplus of the surplus periods lost(h,k)
    ///
    /// where a seconded teacher of subject k takes their `max_periods` from their home school
    /// to their target. Nil when no move changes an itinerant subject's staffing (there is
    /// nothing to choose). `current`, a plan of the optimum, is the start.
    public func partTwoMinded(optimum: Double, current: RotationPlan, scenario: Scenario, staffing: Staffing) -> TieBreakProgram? {
        let subjects = Set(scenario.policy.itinerant.subjects)
        let relevant = moves.filter { subjects.contains(groups[$0.group].subject) }
        guard !relevant.isEmpty else { return nil }
        var start = values(for: current, scenario: scenario, staffing: staffing)
        var model = self.model
        model.add(model.objective <= optimum + Self.heldSlack(optimum), name: "part 1 optimum")
        // Periods a week moved by each variable: the group's teachers share their max_periods
        // for an itinerant subject (`Scenario.interchangeableKey`).
        func periods(_ move: MoveVariable) -> Double {
            Double(scenario.teachers[groups[move.group].teachers[0]].maxPeriods)
        }
        let community = scenario.communities[communityIndex]
        // Capacity per school and subject in one pass over the staff: a pass per school made
        // this program cost 2 s for the whole city (100 communities × 41,000 teachers).
        let schoolsHere = Set(community.schools)
        var capacityOf: [SchoolSubject: Int] = [:]
        for (teacher, school) in staffing.presentAt.enumerated() where schoolsHere.contains(school) {
            let row = scenario.teachers[teacher]
            if subjects.contains(row.subject) { capacityOf[SchoolSubject(school, row.subject), default: 0] += row.maxPeriods }
        }
        var estimate = LinearExpression()
        for subject in subjects.sorted() {
            for school in community.schools {
                let into = relevant.filter { $0.target == school && groups[$0.group].subject == subject }
                let out = relevant.filter { groups[$0.group].home == school && groups[$0.group].subject == subject }
                guard !into.isEmpty || !out.isEmpty else { continue }
                var change = LinearExpression()
                for move in into { change.add(move.variable, periods(move)) }
                for move in out { change.add(move.variable, -periods(move)) }
                let capacity = capacityOf[SchoolSubject(school, subject)] ?? 0
                let periodsNeeded = scenario.demandPeriods(school, subject)
                let id = "\(scenario.schools[school].id),\(subject)"
                if scenario.schools[school].rural {
                    // need ≥ periods − (capacity + change), need ≥ 0.
                    let need = model.addVariable("need[\(id)]", .continuous, lower: 0, upper: nil)
                    model.add(LinearExpression(need) + change >= Double(periodsNeeded - capacity), name: "need[\(id)]")
                    estimate.add(need)
                    let changed = start.map(change.value) ?? 0
                    start?.append(max(0, Double(periodsNeeded - capacity) - changed))
                }
                if capacity > periodsNeeded {
                    // lost ≥ −change, lost ≥ 0: surplus periods that leave the school.
                    let lost = model.addVariable("lost[\(id)]", .continuous, lower: 0, upper: nil)
                    model.add(LinearExpression(lost) + change >= 0, name: "lost[\(id)]")
                    estimate.add(lost, Self.surplusWeight)
                    let changed = start.map(change.value) ?? 0
                    start?.append(max(0, -changed))
                }
            }
        }
        model.minimize(estimate)
        return TieBreakProgram(model: model, start: start)
    }
}

extension RotationFormulation {
    /// The tie-breaking program priced by Part 2's relaxation: this community's program with its
    /// objective held at `optimum`, minimising the first-order change in Part 2 that the moves
    /// make away from the `current` plan (`PartTwoRelaxation`). Each move variable of an
    /// itinerant-subject group is its current value plus what is added, less what is taken away:
    /// a move added is priced as a teacher leaving home for the target, a move taken away as one
    /// coming back. Nil when no move changes an itinerant subject's staffing.
    public func partTwoMinded(
        optimum: Double, prices: PartTwoPrices, current: RotationPlan, scenario: Scenario, staffing: Staffing
    ) -> TieBreakProgram? {
        let subjects = Set(scenario.policy.itinerant.subjects)
        let relevant = moves.filter { subjects.contains(groups[$0.group].subject) }
        guard !relevant.isEmpty, let now = values(for: current, scenario: scenario, staffing: staffing) else { return nil }
        var model = self.model
        model.add(model.objective <= optimum + Self.heldSlack(optimum), name: "part 1 optimum")
        var estimate = LinearExpression()
        for move in relevant {
            let group = groups[move.group]
            // The group's teachers share their max_periods and travel (`Scenario.interchangeableKey`).
            guard let teacher = group.teachers.first else { continue }
            let periods = scenario.teachers[teacher].maxPeriods
            let weekly = PartTwoRelaxation.weeklyPeriods(scenario, teacher: teacher)
            let added = prices.move(subject: group.subject, periods: periods, weekly: weekly, from: group.home, to: move.target)
            let removed = prices.move(subject: group.subject, periods: periods, weekly: weekly, from: move.target, to: group.home)
            let value = now[move.variable.index]
            let name = model.variables[move.variable.index].name
            let up = model.addVariable("up.\(name)", .continuous, lower: 0, upper: Double(group.teachers.count) - value)
            let down = model.addVariable("down.\(name)", .continuous, lower: 0, upper: value)
            model.add(LinearExpression(move.variable) - LinearExpression(up) + LinearExpression(down) == value, name: "change.\(name)")
            estimate.add(up, added)
            estimate.add(down, removed)
        }
        model.minimize(estimate)
        // The current plan: nothing added, nothing taken away.
        let start = now + Array(repeating: 0, count: model.variables.count - now.count)
        return TieBreakProgram(model: model, start: start)
    }
}

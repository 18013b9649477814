import LinearModel
import RotaplanDomain

/// docs/model.md "Hiring itinerant specialists": where `count` new teachers of one subject
/// should be based, on the staffing after Part 1, to make Part 2's objective smallest.
///
/// New hires at one school are interchangeable: one integer per candidate school says how many
/// are based there, and they form a class of that size beside the classes of the teachers the
/// county already has (as in `ItinerantFormulation`: visits, periods and visiting teachers per
/// class and school a week). A hire first teaches the home school's own need — the school's
/// capacity grows by the hire's 16 periods, so its need shrinks — and what is left is surplus
/// they may take on visits under I1–I5.
public struct HireFormulation: Sendable {
    /// The weekly periods and days of a new teacher: 16 periods, every weekday.
    public static let periods = 16

    public let subject: String
    public let model: Model
    /// Candidate schools and their hire counts.
    public let hires: [(school: Int, variable: Variable)]
    /// Each rural school's need after the hires, and its need with none.
    let needs: [(school: Int, variable: Variable, base: Int)]

    public static func build(
        _ scenario: Scenario, facts: ItinerantFacts, subject: String, count: Int, candidates: [Int]
    ) -> HireFormulation {
        let policy = scenario.policy.itinerant
        let weights = scenario.policy.weights
        var model = Model(name: "hire-\(subject)-\(count)")
        // Schools that may need the subject: rural schools with periods to teach.
        let rural = scenario.schools.indices.filter { scenario.schools[$0].rural && scenario.demandPeriods($0, subject) > 0 }
        let capacity = { (school: Int) in facts.capacity[SchoolSubject(school, subject)] ?? 0 }
        // need' ≥ periods − cap − 16 × hires, need' ≥ 0, for every rural school.
        var hireVariable: [Int: Variable] = [:]
        var hires: [(school: Int, variable: Variable)] = []
        for school in candidates {
            let variable = model.addVariable("hire[\(scenario.schools[school].id)]", .integer, lower: 0, upper: Double(count))
            hireVariable[school] = variable
            hires.append((school, variable))
        }
        model.add(LinearModel.sum(hires.map(\.variable)) == Double(count), name: "hires")
        var need: [Int: Variable] = [:]
        var needs: [(school: Int, variable: Variable, base: Int)] = []
        var objective = LinearExpression()
        for school in rural {
            let periods = scenario.demandPeriods(school, subject)
            let base = periods - capacity(school)
            if let hire = hireVariable[school] {
                let variable = model.addVariable("need[\(scenario.schools[school].id)]", .continuous, lower: 0, upper: Double(max(0, base)))
                model.add(
                    LinearExpression(variable) + LinearExpression(hire, Double(HireFormulation.periods)) >= Double(base),
                    name: "need[\(scenario.schools[school].id)]")
                need[school] = variable
                needs.append((school, variable, base))
                objective.add(variable, ObjectiveTerm.uncovered.coefficient(weights))
            } else if base > 0 {
                let variable = model.addVariable("need[\(scenario.schools[school].id)]", .continuous, lower: Double(base), upper: Double(base))
                need[school] = variable
                needs.append((school, variable, base))
                objective.add(variable, ObjectiveTerm.uncovered.coefficient(weights))
            }
        }
        // Classes: the county's own candidates of the subject (alike ones together where exact)
        // and one class of variable size per candidate school.
        struct Class {
            var home: Int
            var days: Int
            var size: LinearExpression
            var reachable: [Int]
        }
        func reachable(from home: Int) -> [Int] {
            need.keys.sorted().filter { scenario.canVisit(from: home, $0) }
        }
        var classes: [Class] = []
        var grouped: [String: Int] = [:]
        for candidate in facts.candidates where candidate.subject == subject {
            let key = ItinerantFacts.classKey(home: candidate.home, days: candidate.days)
            if ItinerantFacts.aggregates(days: candidate.days, policy: policy), let index = grouped[key] {
                classes[index].size.constant += 1
                continue
            }
            grouped[key] = classes.count
            classes.append(Class(home: candidate.home, days: candidate.days, size: LinearExpression(constant: 1), reachable: reachable(from: candidate.home)))
        }
        let hireDays = min(policy.maxDaysAway, Weekday.allCases.count)
        for (school, variable) in hires where hireDays > 0 {
            classes.append(Class(home: school, days: hireDays, size: LinearExpression(variable), reachable: reachable(from: school)))
        }
        // Visits, periods and visiting teachers per class and school, under the rows of
        // `ItinerantFormulation` (`ItinerantRows`), with the class's size a variable for hires.
        var delivered: [Int: LinearExpression] = [:]
        var given: [Int: LinearExpression] = [:]
        for (index, group) in classes.enumerated() {
            var visitsOfClass: [Variable] = []
            var periodsOfClass: [Variable] = []
            var teachersOfClass: [Variable] = []
            let perTeacher = ItinerantRows.periodsPerTeacher(days: group.days, policy: policy)
            for school in group.reachable {
                let label = "c\(index),\(scenario.schools[school].id)"
                let visits = model.addVariable("v[\(label)]", .integer, lower: 0, upper: nil)
                let periods = model.addVariable("p[\(label)]", .integer, lower: 0, upper: nil)
                let teachers = model.addVariable("u[\(label)]", .integer, lower: 0, upper: nil)
                model.add(ItinerantRows.atMostPeriodsPerVisit(visits: visits, periods: periods, policy: policy), name: "I1.max[\(label)]")
                model.add(ItinerantRows.atLeastOnePeriodPerVisit(visits: visits, periods: periods), name: "I1.min[\(label)]")
                model.add(ItinerantRows.visitsPerVisitingTeacher(visits: visits, teachers: teachers, days: group.days), name: "I2.link[\(label)]")
                model.add(ItinerantRows.visitedHasAVisit(visits: visits, teachers: teachers), name: "I2.visited[\(label)]")
                model.add(LinearExpression(teachers) - group.size <= 0, name: "I2.size[\(label)]")
                model.add(ItinerantRows.periodsPerVisitingTeacher(periods: periods, teachers: teachers, cap: Double(perTeacher)), name: "I3.pair[\(label)]")
                visitsOfClass.append(visits)
                periodsOfClass.append(periods)
                teachersOfClass.append(teachers)
                delivered[school, default: LinearExpression()].add(periods)
                given[group.home, default: LinearExpression()].add(periods)
                ItinerantRows.addObjective(
                    &objective, visits: visits, periods: periods, teachers: teachers, home: group.home, school: school, scenario: scenario)
            }
            guard !group.reachable.isEmpty else { continue }
            // I2 and I3 over the class: days, schools and periods per teacher, times its size.
            model.add(ItinerantRows.visitsWithinDays(visits: visitsOfClass, days: group.days, size: group.size), name: "I2.days[c\(index)]")
            model.add(ItinerantRows.schoolsPerTeacher(teachers: teachersOfClass, size: group.size, policy: policy), name: "I2.schools[c\(index)]")
            model.add(ItinerantRows.periodsWithinLimit(periods: periodsOfClass, size: group.size, perTeacher: perTeacher), name: "I3[c\(index)]")
        }
        // I4: what a home gives is at most its surplus after the hires (cap + 16·h − periods,
        // plus any need left, which is 0 whenever the home has surplus to give).
        // In school order, so that the same scenario builds the same program.
        for (home, periods) in given.sorted(by: { $0.key < $1.key }) {
            let surplus = capacity(home) - scenario.demandPeriods(home, subject)
            let id = scenario.schools[home].id
            var limit = LinearExpression(constant: Double(surplus))
            if let hire = hireVariable[home] { limit.add(hire, Double(Self.periods)) }
            if let left = need[home] {
                limit.add(LinearExpression(left))
            } else if surplus < 0 {
                // A school that needs nothing by the rules (not rural) but lacks periods of its
                // own: its surplus is max(0, 16·h − deficit), an upper bound that is not concave.
                // One binary picks the piece: 0, or 16·h − deficit.
                let bigM = Double(Self.periods * count - surplus + 1)
                let covered = model.addVariable("covered[\(id)]", .binary)
                model.add(periods - LinearExpression(covered, bigM) <= 0, name: "I4.zero[\(id)]")
                model.add(ItinerantRows.withinSurplus(given: periods, surplus: limit - LinearExpression(covered, bigM) + bigM), name: "I4[\(id)]")
                continue
            }
            model.add(ItinerantRows.withinSurplus(given: periods, surplus: limit), name: "I4[\(id)]")
        }
        // I5: what a school receives is at most its need after the hires.
        for (school, periods) in delivered.sorted(by: { $0.key < $1.key }) {
            guard let left = need[school] else { continue }
            model.add(ItinerantRows.withinNeed(delivered: periods, need: LinearExpression(left)), name: "I5[\(scenario.schools[school].id)]")
        }
        model.minimize(objective)
        return HireFormulation(subject: subject, model: model, hires: hires, needs: needs)
    }

    /// A lawful start: `count` hires placed greedily, each where the most need is left, with
    /// no visits at all (always lawful: needs shrink, nobody travels).
    public func greedyStart(count: Int) -> [Double] {
        var values = [Double](repeating: 0, count: model.variables.count)
        var left = Dictionary(needs.map { ($0.school, $0.base) }, uniquingKeysWith: { first, _ in first })
        let candidates = hires.map(\.school)
        var placed: [Int: Int] = [:]
        for _ in 0..<count {
            guard let best = candidates.max(by: { (left[$0] ?? 0, -$0) < (left[$1] ?? 0, -$1) }) else { break }
            placed[best, default: 0] += 1
            left[best] = (left[best] ?? 0) - Self.periods
        }
        for (school, variable) in hires { values[variable.index] = Double(placed[school] ?? 0) }
        for entry in needs { values[entry.variable.index] = Double(max(0, entry.base - Self.periods * (placed[entry.school] ?? 0))) }
        return values
    }

    /// The number of hires at each candidate school a solution gives.
    public func placement(from values: [Double]) -> [Int: Int] {
        var placed: [Int: Int] = [:]
        for (school, variable) in hires {
            let count = Int(values[variable.index].rounded())
            if count > 0 { placed[school] = count }
        }
        return placed
    }
}

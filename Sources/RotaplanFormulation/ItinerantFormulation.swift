import LinearModel
import RotaplanDomain

/// Variables of one possible (candidate, school) pairing.
public struct VisitVariables: Sendable {
    /// Index into `ItinerantFacts.candidates`.
    public var candidate: Int
    public var school: Int
    /// Visits (days) a week.
    public var visits: Variable
    /// Periods a week.
    public var periods: Variable
    /// Whether the school is visited at all (for `max_schools` and the per-school cost).
    public var visited: Variable
}

/// MODEL.md Part 2 for one independent component as an integer program.
///
/// Weekdays are aggregated: a variable counts a teacher's visits to a school per week, and
/// days are given out afterwards from the teacher's available days. This is exact because no
/// rule or cost depends on which weekday a visit is on, and it removes the symmetry between
/// days that cripples branch-and-bound (GLPK-FACTS).
public struct ItinerantFormulation: Sendable {
    public let component: ItinerantComponent
    public let model: Model
    public let pairs: [VisitVariables]

    public static func build(_ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent) -> ItinerantFormulation {
        var builder = ItinerantModelBuilder(scenario: scenario, facts: facts, component: component)
        builder.addVisits()
        builder.addOneVisitPerDay()
        builder.addDaysAndSchools()
        builder.addTeacherPeriods()
        builder.addHomeSurplus()
        builder.addSchoolNeed()
        builder.addSymmetryBreaking()
        builder.addObjective()
        return ItinerantFormulation(component: component, model: builder.model, pairs: builder.pairs)
    }

    /// The timetable a solution describes: each teacher's visits get distinct available days.
    public func plan(from values: [Double], scenario: Scenario, facts: ItinerantFacts) -> ItinerantPlan {
        var weekly: [Int: [(school: Int, visits: Int, periods: Int)]] = [:]
        for pair in pairs {
            let visits = Int(values[pair.visits.index].rounded())
            let periods = Int(values[pair.periods.index].rounded())
            guard visits > 0, periods > 0 else { continue }
            weekly[pair.candidate, default: []].append((pair.school, visits, periods))
        }
        var result: [Visit] = []
        for candidate in weekly.keys.sorted() {
            result += Self.timetable(facts.candidates[candidate], weekly[candidate]!, scenario: scenario)
        }
        return ItinerantPlan(visits: result)
    }

    /// Gives a teacher's weekly visits distinct available days and splits the periods evenly.
    static func timetable(
        _ candidate: ItinerantFacts.Candidate, _ schools: [(school: Int, visits: Int, periods: Int)], scenario: Scenario
    ) -> [Visit] {
        var days = scenario.teachers[candidate.teacher].availableDays[...]
        var visits: [Visit] = []
        for (school, count, periods) in schools.sorted(by: { $0.school < $1.school }) {
            for index in 0..<count {
                guard let day = days.popFirst() else { break }
                let share = periods / count + (index < periods % count ? 1 : 0)
                visits.append(Visit(teacher: candidate.teacher, home: candidate.home, school: school, day: day, periods: share))
            }
        }
        return visits
    }

    /// Model values for a timetable of this component (e.g. the heuristic's).
    public func values(for plan: ItinerantPlan, facts: ItinerantFacts) -> [Double] {
        var values = [Double](repeating: 0, count: model.variables.count)
        var pairIndex: [Int: [Int: Int]] = [:]
        let candidateOf = Dictionary(uniqueKeysWithValues: component.candidates.map { (facts.candidates[$0].teacher, $0) })
        for (index, pair) in pairs.enumerated() { pairIndex[pair.candidate, default: [:]][pair.school] = index }
        for visit in plan.visits {
            guard let candidate = candidateOf[visit.teacher], let index = pairIndex[candidate]?[visit.school] else { continue }
            values[pairs[index].visits.index] += 1
            values[pairs[index].periods.index] += Double(visit.periods)
            values[pairs[index].visited.index] = 1
        }
        return values
    }
}

/// Accumulates the program of one component rule by rule (one file per rule family).
struct ItinerantModelBuilder {
    let scenario: Scenario
    let facts: ItinerantFacts
    let component: ItinerantComponent
    var model: Model
    var pairs: [VisitVariables] = []

    init(scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent) {
        self.scenario = scenario
        self.facts = facts
        self.component = component
        model = Model(name: "itinerant-\(component.subject)-\(scenario.schools[component.schools.first ?? 0].id)")
    }

    var policy: ItinerantPolicy { scenario.policy.itinerant }

    func pairs(ofCandidate candidate: Int) -> [VisitVariables] { pairs.filter { $0.candidate == candidate } }

    /// One (visits, periods, visited) triple per candidate and reachable school.
    mutating func addVisits() {
        let subject = component.subject
        for candidate in component.candidates {
            let info = facts.candidates[candidate]
            let teacherId = scenario.teachers[info.teacher].id
            let homeSurplus = facts.surplus(info.home, subject)
            for school in info.reachable {
                let schoolId = scenario.schools[school].id
                let periodCap = min(policy.periodsPerVisit * info.days, policy.maxPeriods, facts.need(school, subject), homeSurplus)
                guard periodCap > 0 else { continue }
                let visits = model.addVariable("v[\(teacherId),\(schoolId)]", .integer, lower: 0, upper: Double(min(info.days, periodCap)))
                let periods = model.addVariable("p[\(teacherId),\(schoolId)]", .integer, lower: 0, upper: Double(periodCap))
                let visited = model.addVariable("z[\(teacherId),\(schoolId)]", .binary)
                pairs.append(VisitVariables(candidate: candidate, school: school, visits: visits, periods: periods, visited: visited))
            }
        }
    }
}

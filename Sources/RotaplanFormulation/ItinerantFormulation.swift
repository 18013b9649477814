import LinearModel
import RotaplanDomain

/// Itinerant candidates that are interchangeable: same home, subject and weekly days.
///
/// When each teacher's limits follow from its days (days ≤ 2, `max_schools` ≥ days and
/// `max_periods` ≥ `periods_per_visit` × days — the default policy), a class is one set of
/// variables: its teachers' visit days can always be shared out so that every teacher keeps
/// its limits and each school is visited by ⌈visits ÷ days⌉ teachers. Otherwise every
/// candidate is a class of its own.
public struct ItinerantClass: Sendable {
    public var home: Int
    public var subject: String
    /// Visits each teacher can make a week.
    public var days: Int
    /// Indices into `ItinerantFacts.candidates`, by teacher id.
    public var candidates: [Int]
    public var reachable: [Int]

    public var size: Int { candidates.count }
}

/// Variables of one (class, school) pairing.
public struct VisitVariables: Sendable {
    public var group: Int
    public var school: Int
    /// Visits (days) a week by the class's teachers.
    public var visits: Variable
    /// Periods a week.
    public var periods: Variable
    /// Teachers of the class who visit the school (distinct schools per teacher, summed).
    public var teachers: Variable
}

/// docs/model.md Part 2 for one independent component as an integer program.
///
/// Weekdays are aggregated: a variable counts visits per week, and days are given out
/// afterwards from each teacher's available days. This is exact because no rule or cost
/// depends on which weekday a visit is on, and it removes the symmetry between days that
/// cripples branch-and-bound (docs/solving.md). Interchangeable teachers are aggregated too
/// (`ItinerantClass`), which removes the symmetry between them.
public struct ItinerantFormulation: Sendable {
    public let component: ItinerantComponent
    public let classes: [ItinerantClass]
    public let model: Model
    public let pairs: [VisitVariables]
    let policy: ItinerantPolicy

    /// Structural choices, all on by default; switched off only to measure what each gains.
    public struct Options: Sendable {
        /// Interchangeable teachers share variables (`ItinerantClass`).
        public var aggregateTeachers = true
        /// The rounding rows of I4 and I5, the per-teacher period rows of I2, each pairing's own
        /// rounding rows, and visits bounded by what their periods need (`visitsNeeded`).
        public var roundingRows = true

        public init(aggregateTeachers: Bool = true, roundingRows: Bool = true) {
            self.aggregateTeachers = aggregateTeachers
            self.roundingRows = roundingRows
        }
    }

    public static func build(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, options: Options = Options()
    ) -> ItinerantFormulation {
        var builder = ItinerantModelBuilder(scenario: scenario, facts: facts, component: component)
        builder.options = options
        builder.addClasses()
        builder.addVisits()
        builder.addOneVisitPerDay()
        builder.addDaysAndSchools()
        builder.addTeacherPeriods()
        builder.addHomeSurplus()
        builder.addSchoolNeed()
        builder.addSymmetryBreaking()
        builder.addObjective()
        return ItinerantFormulation(
            component: component, classes: builder.classes, model: builder.model, pairs: builder.pairs, policy: builder.policy)
    }

    /// The timetable a solution describes.
    public func plan(from values: [Double], scenario: Scenario, facts: ItinerantFacts) -> ItinerantPlan {
        var weekly: [Int: [(school: Int, visits: Int, periods: Int)]] = [:]
        for pair in pairs {
            let visits = Int(values[pair.visits.index].rounded())
            let periods = Int(values[pair.periods.index].rounded())
            guard visits > 0, periods > 0 else { continue }
            weekly[pair.group, default: []].append((pair.school, visits, periods))
        }
        var result: [Visit] = []
        for (group, visits) in weekly.sorted(by: { $0.key < $1.key }) {
            let teachers = classes[group].candidates.map { facts.candidates[$0] }
            result += Self.timetable(teachers, days: classes[group].days, visits, scenario: scenario)
        }
        return ItinerantPlan(visits: result)
    }

    /// Shares a class's weekly visits among its teachers: whole teachers per school first,
    /// then the odd visits paired up; each visit gets an available day and an even share of
    /// its school's periods.
    static func timetable(
        _ teachers: [ItinerantFacts.Candidate], days: Int, _ schools: [(school: Int, visits: Int, periods: Int)],
        scenario: Scenario
    ) -> [Visit] {
        var slotsByTeacher: [[(school: Int, periods: Int)]] = []
        var leftovers: [(school: Int, periods: Int)] = []
        for (school, count, periods) in schools.sorted(by: { $0.school < $1.school }) {
            let loads = (0..<count).map { periods / count + ($0 < periods % count ? 1 : 0) }
            var position = 0
            while count - position >= days {
                slotsByTeacher.append(loads[position..<(position + days)].map { (school, $0) })
                position += days
            }
            leftovers += loads[position...].map { (school, $0) }
        }
        while !leftovers.isEmpty {
            let take = min(days, leftovers.count)
            slotsByTeacher.append(Array(leftovers.prefix(take)))
            leftovers.removeFirst(take)
        }
        var visits: [Visit] = []
        for (teacher, slots) in zip(teachers, slotsByTeacher) {
            var available = scenario.teachers[teacher.teacher].availableDays[...]
            for slot in slots {
                guard let day = available.popFirst() else { break }
                visits.append(Visit(teacher: teacher.teacher, home: teacher.home, school: slot.school, day: day, periods: slot.periods))
            }
        }
        return visits
    }

    /// Model values for a timetable of this component (e.g. the heuristic's), to start GLPK.
    public func values(for plan: ItinerantPlan, facts: ItinerantFacts) -> [Double] {
        var values = [Double](repeating: 0, count: model.variables.count)
        var groupOfTeacher: [Int: Int] = [:]
        for (index, group) in classes.enumerated() {
            for candidate in group.candidates { groupOfTeacher[facts.candidates[candidate].teacher] = index }
        }
        var pairIndex: [Int: [Int: Int]] = [:]
        for (index, pair) in pairs.enumerated() { pairIndex[pair.group, default: [:]][pair.school] = index }
        var visitors: [Int: Set<Int>] = [:]
        for visit in plan.visits {
            guard let group = groupOfTeacher[visit.teacher], let index = pairIndex[group]?[visit.school] else { continue }
            values[pairs[index].visits.index] += 1
            values[pairs[index].periods.index] += Double(visit.periods)
            visitors[index, default: []].insert(visit.teacher)
        }
        for (index, teachers) in visitors { values[pairs[index].teachers.index] = Double(teachers.count) }
        return orderedAsTheSymmetryRowsRequire(withoutNeedlessVisits(values))
    }

    /// The program bounds a pairing's visits by what its periods need (`ItinerantRows.visitsNeeded`):
    /// a timetable with more is lowered to that, and its visiting teachers to at most its visits.
    /// Every row still holds and the objective does not rise (docs/solving.md "Part 2").
    func withoutNeedlessVisits(_ values: [Double]) -> [Double] {
        var result = values
        for pair in pairs {
            let periods = Int(values[pair.periods.index].rounded())
            let visits = min(Int(values[pair.visits.index].rounded()), ItinerantRows.visitsNeeded(periods: periods, policy: policy))
            result[pair.visits.index] = Double(visits)
            result[pair.teachers.index] = min(values[pair.teachers.index], Double(visits))
        }
        return result
    }

    /// Alike single teachers (same home, days and schools: `addSymmetryBreaking`) swap
    /// timetables so that the one listed first gives the most periods; without this a lawful
    /// timetable could break the order rows and be refused as a start.
    func orderedAsTheSymmetryRowsRequire(_ values: [Double]) -> [Double] {
        var result = values
        var kinds: [String: [Int]] = [:]
        var order: [String] = []
        for group in classes.indices where classes[group].size == 1 {
            let key = ItinerantModelBuilder.symmetryKind(classes[group])
            if kinds[key] == nil { order.append(key) }
            kinds[key, default: []].append(group)
        }
        var pairsOfClass: [Int: [VisitVariables]] = [:]
        for pair in pairs { pairsOfClass[pair.group, default: []].append(pair) }
        for key in order {
            guard let groups = kinds[key], groups.count > 1 else { continue }
            // Alike classes have the same schools with the same bounds, so their pairs line up.
            let timetables = groups.map { group in
                (pairsOfClass[group] ?? []).map { [values[$0.visits.index], values[$0.periods.index], values[$0.teachers.index]] }
            }
            guard Set(groups.map { pairsOfClass[$0]?.map(\.school) ?? [] }).count == 1 else { continue }
            let sorted = timetables.enumerated().sorted { first, second in
                let (a, b) = (first.element.reduce(0) { $0 + $1[1] }, second.element.reduce(0) { $0 + $1[1] })
                return a != b ? a > b : first.offset < second.offset
            }.map(\.element)
            for (group, timetable) in zip(groups, sorted) {
                for (pair, triple) in zip(pairsOfClass[group] ?? [], timetable) {
                    result[pair.visits.index] = triple[0]
                    result[pair.periods.index] = triple[1]
                    result[pair.teachers.index] = triple[2]
                }
            }
        }
        return result
    }
}

/// Accumulates the program of one component rule by rule (one file per rule family).
struct ItinerantModelBuilder {
    let scenario: Scenario
    let facts: ItinerantFacts
    let component: ItinerantComponent
    var model: Model
    var classes: [ItinerantClass] = []
    var pairs: [VisitVariables] = []
    var options = ItinerantFormulation.Options()

    init(scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent) {
        self.scenario = scenario
        self.facts = facts
        self.component = component
        model = Model(name: "itinerant-\(component.subject)-\(scenario.schools[component.schools.first ?? 0].id)")
    }

    var policy: ItinerantPolicy { scenario.policy.itinerant }

    func pairs(ofClass group: Int) -> [VisitVariables] { pairs.filter { $0.group == group } }

    func name(_ group: Int) -> String {
        let first = scenario.teachers[facts.candidates[classes[group].candidates[0]].teacher].id
        let group = classes[group]
        return group.size == 1 ? first : "\(scenario.schools[group.home].id)/\(group.subject)/\(group.days)d"
    }

    /// Interchangeable candidates share a class where that is exact.
    mutating func addClasses() {
        var grouped: [String: Int] = [:]
        for candidate in component.candidates.sorted(by: {
            scenario.teachers[facts.candidates[$0].teacher].id < scenario.teachers[facts.candidates[$1].teacher].id
        }) {
            let info = facts.candidates[candidate]
            if options.aggregateTeachers && ItinerantFacts.aggregates(days: info.days, policy: policy) {
                let key = ItinerantFacts.classKey(home: info.home, days: info.days)
                if let existing = grouped[key] {
                    classes[existing].candidates.append(candidate)
                    continue
                }
                grouped[key] = classes.count
            }
            classes.append(
                ItinerantClass(
                    home: info.home, subject: info.subject, days: info.days, candidates: [candidate], reachable: info.reachable))
        }
    }

    /// One (visits, periods, teachers) triple per class and reachable school.
    mutating func addVisits() {
        let subject = component.subject
        for (index, group) in classes.enumerated() {
            let homeSurplus = facts.surplus(group.home, subject)
            let perTeacher = ItinerantRows.periodsPerTeacher(days: group.days, policy: policy)
            for school in group.reachable {
                let schoolId = scenario.schools[school].id
                let periodCap = min(perTeacher * group.size, facts.need(school, subject), homeSurplus)
                guard periodCap > 0 else { continue }
                // Visits beyond what the periods need are never better (`visitsNeeded`).
                let needed = options.roundingRows ? ItinerantRows.visitsNeeded(periods: periodCap, policy: policy) : periodCap
                let visitCap = min(group.days * group.size, needed)
                let visits = model.addVariable("v[\(name(index)),\(schoolId)]", .integer, lower: 0, upper: Double(visitCap))
                let periods = model.addVariable("p[\(name(index)),\(schoolId)]", .integer, lower: 0, upper: Double(periodCap))
                let teachers = model.addVariable(
                    "u[\(name(index)),\(schoolId)]", group.size == 1 ? .binary : .integer, lower: 0,
                    upper: Double(min(group.size, periodCap)))
                pairs.append(VisitVariables(group: index, school: school, visits: visits, periods: periods, teachers: teachers))
            }
        }
    }
}

/// Needs, surpluses and itinerant candidates on the staffing after Part 1 (docs/model.md Part 2).
public struct ItinerantFacts: Sendable {
    /// An itinerant candidate with the schools it may visit.
    public struct Candidate: Sendable {
        public var teacher: Int
        public var home: Int
        public var subject: String
        /// `min(max_days_away, available days)`: the visits the teacher can make in a week.
        public var days: Int
        /// Schools that need the subject within `max_km`, not the home, inside the scope.
        public var reachable: [Int]
    }

    /// School each teacher is present at after Part 1.
    public let presentAfter: [Int]
    /// `cap(s,k)` for itinerant subjects.
    public let capacity: [SchoolSubject: Int]
    /// `need(s,k) > 0` entries, rural schools only.
    public private(set) var need: [SchoolSubject: Int]
    /// `surplus(h,k) > 0` entries.
    public let surplus: [SchoolSubject: Int]
    public let candidates: [Candidate]

    public init(_ scenario: Scenario, presentAfter: [Int]) {
        let policy = scenario.policy.itinerant
        let subjects = Set(policy.subjects)
        var capacity: [SchoolSubject: Int] = [:]
        for (index, teacher) in scenario.teachers.enumerated() where subjects.contains(teacher.subject) {
            capacity[SchoolSubject(presentAfter[index], teacher.subject), default: 0] += teacher.maxPeriods
        }
        var need: [SchoolSubject: Int] = [:]
        var surplus: [SchoolSubject: Int] = [:]
        for school in scenario.schools.indices {
            for subject in policy.subjects {
                let key = SchoolSubject(school, subject)
                let periods = scenario.demandPeriods(school, subject)
                let cap = capacity[key] ?? 0
                if scenario.schools[school].rural && periods > cap { need[key] = periods - cap }
                if cap > periods { surplus[key] = cap - periods }
            }
        }
        var needingBySubject: [String: [Int]] = [:]
        for key in need.keys.sorted() { needingBySubject[key.subject, default: []].append(key.school) }
        var candidates: [Candidate] = []
        for (index, teacher) in scenario.teachers.enumerated() {
            let home = presentAfter[index]
            guard subjects.contains(teacher.subject), !teacher.isExempt, teacher.itinerantAllowed,
                surplus[SchoolSubject(home, teacher.subject)] != nil
            else { continue }
            let days = min(policy.maxDaysAway, teacher.availableDays.count)
            guard days > 0, policy.maxSchools > 0, policy.maxPeriods > 0 else { continue }
            let reachable = (needingBySubject[teacher.subject] ?? []).filter { scenario.canVisit(from: home, $0) }
            guard !reachable.isEmpty else { continue }
            candidates.append(Candidate(teacher: index, home: home, subject: teacher.subject, days: days, reachable: reachable))
        }
        self.presentAfter = presentAfter
        self.capacity = capacity
        self.need = need
        self.surplus = surplus
        self.candidates = candidates
    }

    public func need(_ school: Int, _ subject: String) -> Int { need[SchoolSubject(school, subject)] ?? 0 }

    /// Whether teachers of one home (present there after Part 1, with `days` visits a week)
    /// are alike for Part 2 and may share one class of variables exactly: their visit days
    /// can then always be shared out so that each keeps its limits (docs/solving.md "Part 2").
    public static func aggregates(days: Int, policy: ItinerantPolicy) -> Bool {
        days <= 2 && (days == 1 || policy.maxSchools >= 2) && policy.maxPeriods >= policy.periodsPerVisit * days
    }

    /// The key under which candidates share a class: the home and the visits a week.
    public static func classKey(home: Int, days: Int) -> String { "\(home)|\(days)" }

    /// The same facts with the periods a fixed part of a timetable delivers taken off the
    /// needs: what is left for the teachers outside that part.
    public func residual(delivered: [SchoolSubject: Int]) -> ItinerantFacts {
        var copy = self
        for (key, periods) in delivered where periods > 0 {
            copy.need[key] = max(0, (need[key] ?? 0) - periods)
        }
        return copy
    }
    public func surplus(_ school: Int, _ subject: String) -> Int { surplus[SchoolSubject(school, subject)] ?? 0 }

    /// Independent pieces of Part 2: candidates and needing schools linked by possible visits.
    /// No rule crosses two pieces (I4 joins a home's teachers, I5 a school's visitors).
    public func components() -> [ItinerantComponent] {
        var parent: [SchoolSubject: SchoolSubject] = [:]
        func find(_ key: SchoolSubject) -> SchoolSubject {
            var root = key
            while let next = parent[root], next != root { root = next }
            var node = key
            while let next = parent[node], next != root {
                parent[node] = root
                node = next
            }
            return root
        }
        func union(_ a: SchoolSubject, _ b: SchoolSubject) {
            let (rootA, rootB) = (find(a), find(b))
            if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
        }
        for candidate in candidates {
            let home = SchoolSubject(candidate.home, candidate.subject)
            if parent[home] == nil { parent[home] = home }
            for school in candidate.reachable {
                let target = SchoolSubject(school, candidate.subject)
                if parent[target] == nil { parent[target] = target }
                union(home, target)
            }
        }
        var grouped: [SchoolSubject: [Int]] = [:]
        for (index, candidate) in candidates.enumerated() {
            grouped[find(SchoolSubject(candidate.home, candidate.subject)), default: []].append(index)
        }
        return grouped.keys.sorted().map { root in
            let members = grouped[root]!
            let schools = Set(members.flatMap { candidates[$0].reachable }).sorted()
            return ItinerantComponent(subject: root.subject, candidates: members, schools: schools)
        }
    }
}

extension Scenario {
    /// Whether a teacher present at `home` may visit `school` (docs/model.md Part 2 "visit"):
    /// not the home, within `itinerant.max_km`, and inside the home's community with
    /// `scope: community` (independent schools belong to none).
    public func canVisit(from home: Int, _ school: Int) -> Bool {
        let policy = self.policy.itinerant
        guard school != home, km(home, school) <= policy.maxKm else { return false }
        if policy.scope == .community {
            let community = schools[home].community
            return community != nil && schools[school].community == community
        }
        return true
    }
}

/// One independent piece of Part 2: a subject, its candidates (indices into
/// `ItinerantFacts.candidates`) and the needing schools they can reach.
public struct ItinerantComponent: Sendable {
    public var subject: String
    public var candidates: [Int]
    public var schools: [Int]

    public init(subject: String, candidates: [Int], schools: [Int]) {
        self.subject = subject
        self.candidates = candidates
        self.schools = schools
    }

    /// Visit variables the program would have, before interchangeable teachers share them:
    /// what decides whether GLPK can take the component whole.
    public func pairCount(_ facts: ItinerantFacts) -> Int {
        candidates.reduce(0) { $0 + facts.candidates[$1].reachable.count }
    }
}

/// The terms of docs/model.md's itinerant objective.
public struct ItinerantObjectiveParts: Sendable, Hashable {
    /// Σ over (s,k) of need − delivered.
    public var uncovered = 0
    /// Σ over visits of 2 × km(h,s).
    public var km = 0.0
    /// Σ over teachers of the distinct schools visited.
    public var distinctSchools = 0

    public init(uncovered: Int = 0, km: Double = 0, distinctSchools: Int = 0) {
        self.uncovered = uncovered
        self.km = km
        self.distinctSchools = distinctSchools
    }

    /// The weighted objective (minimised).
    public func objective(_ weights: Weights) -> Double {
        weighted(ObjectiveTerm.itinerant, weights)
    }
}

extension ItinerantObjectiveParts: ObjectiveAmounts {
    public func amount(of term: ObjectiveTerm) -> Double {
        switch term {
        case .uncovered: Double(uncovered)
        case .visitKm: km
        case .schools: Double(distinctSchools)
        case .shortfall, .moves, .km, .volunteers, .tenure, .equity: 0
        }
    }
}

/// What a timetable is worth (docs/model.md Part 2 objective) and what it leaves uncovered.
public struct ItinerantEvaluation: Sendable {
    public var uncovered: [SchoolSubject: Int]
    public var parts: ItinerantObjectiveParts
    public var objective: Double

    public var uncoveredTotal: Int { parts.uncovered }
    public var km: Double { parts.km }
    public var distinctSchools: Int { parts.distinctSchools }

    /// With `only`, just those needs count as uncovered (one component's part of the objective).
    public init(_ scenario: Scenario, facts: ItinerantFacts, plan: ItinerantPlan, only: Set<SchoolSubject>? = nil) {
        var delivered: [SchoolSubject: Int] = [:]
        var schoolsOf: [Int: Set<Int>] = [:]
        var parts = ItinerantObjectiveParts()
        for visit in plan.visits {
            delivered[SchoolSubject(visit.school, scenario.teachers[visit.teacher].subject), default: 0] += visit.periods
            schoolsOf[visit.teacher, default: []].insert(visit.school)
            parts.km += scenario.visitKm(from: visit.home, to: visit.school)
        }
        var uncovered: [SchoolSubject: Int] = [:]
        for (key, need) in facts.need where only?.contains(key) ?? true {
            let missing = need - min(need, delivered[key] ?? 0)
            if missing > 0 { uncovered[key] = missing }
            parts.uncovered += missing
        }
        parts.distinctSchools = schoolsOf.values.reduce(0) { $0 + $1.count }
        self.uncovered = uncovered
        self.parts = parts
        self.objective = parts.objective(scenario.policy.weights)
    }
}

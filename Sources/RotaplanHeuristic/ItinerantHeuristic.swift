import RotaplanDomain

/// docs/model.md Part 2 for one component without a solver: greedy visits by value (uncovered
/// periods saved minus travel and a new school's cost), then `rounds` of seeded
/// ruin-and-recreate on the exact objective (by default `rounds(candidates:)`). Every plan it returns keeps I1–I5: a visit is
/// only added where it fits. The same seed gives the same timetable on any machine;
/// `shouldStop` (a deadline, a cancellation) may end the rounds early.
public enum ItinerantHeuristic {
    /// Rounds of ruin-and-recreate for a component of `candidates` teachers: a round costs about
    /// as much as the component is large, so a small one gets more of them (1,500 at most, 150
    /// at least) for about the same work. A round never makes the plan worse and the first
    /// rounds are the same whatever the count, so more rounds never give a worse plan.
    public static func rounds(candidates: Int) -> Int {
        max(150, min(1_500, 30_000 / max(1, candidates)))
    }

    public static func solve(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, seed: UInt64, rounds: Int? = nil,
        shouldStop: () -> Bool = { false }
    ) -> ItinerantPlan {
        let rounds = rounds ?? Self.rounds(candidates: component.candidates.count)
        var state = ItinerantSearchState(scenario: scenario, facts: facts, component: component)
        state.fill(until: shouldStop)
        var best = state
        var random = SeededRandom(seed: seed &+ UInt64(component.schools.first ?? 0) &* 0x2545_F491)
        guard !component.candidates.isEmpty else { return best.plan() }
        for _ in 0..<rounds where !shouldStop() {
            state = best
            state.ruin(&random)
            state.fill(until: shouldStop)
            // Equal plans are accepted too, so that the search drifts across plateaus.
            if state.objective <= best.objective + 1e-9 { best = state }
        }
        return best.plan()
    }
}

/// The visits of one component under construction, with the limits each one uses.
struct ItinerantSearchState {
    struct Teacher {
        var candidate: ItinerantFacts.Candidate
        /// (school, periods) per visit; a visit is one day.
        var visits: [(school: Int, periods: Int)] = []
        var periods: Int { visits.reduce(0) { $0 + $1.periods } }
        var schools: Set<Int> { Set(visits.map(\.school)) }
    }

    let scenario: Scenario
    let policy: ItinerantPolicy
    let weights: Weights
    let subject: String
    var teachers: [Teacher]
    /// Remaining need per school and surplus per home.
    var needLeft: [Int: Int]
    var surplusLeft: [Int: Int]

    init(scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent) {
        self.scenario = scenario
        policy = scenario.policy.itinerant
        weights = scenario.policy.weights
        subject = component.subject
        teachers = component.candidates.map { Teacher(candidate: facts.candidates[$0]) }
        needLeft = Dictionary(uniqueKeysWithValues: component.schools.map { ($0, facts.need($0, component.subject)) })
        var surplus: [Int: Int] = [:]
        for teacher in teachers { surplus[teacher.candidate.home] = facts.surplus(teacher.candidate.home, component.subject) }
        surplusLeft = surplus
    }

    /// The component's objective: uncovered periods, round trips, distinct schools.
    var objective: Double {
        var parts = ItinerantObjectiveParts(uncovered: needLeft.values.reduce(0, +))
        for teacher in teachers {
            for visit in teacher.visits { parts.km += scenario.visitKm(from: teacher.candidate.home, to: visit.school) }
            parts.distinctSchools += teacher.schools.count
        }
        return parts.objective(weights)
    }

    /// Periods teacher `index` could still give at `school` in one more visit.
    func room(_ index: Int, _ school: Int) -> Int {
        let teacher = teachers[index]
        return min(
            policy.periodsPerVisit, needLeft[school] ?? 0, surplusLeft[teacher.candidate.home] ?? 0,
            policy.maxPeriods - teacher.periods)
    }

    /// Adds the most valuable visit or extension while one is worth its cost. Each step scans
    /// every candidate and school (at city scale some milliseconds), so a deadline is checked at
    /// every step: stopped early, the visits so far are still lawful.
    mutating func fill(until shouldStop: () -> Bool = { false }) {
        while !shouldStop() {
            var best: (value: Double, teacher: Int, school: Int, visit: Int?, periods: Int)?
            for index in teachers.indices {
                let teacher = teachers[index]
                let home = teacher.candidate.home
                let periodsLeft = policy.maxPeriods - teacher.periods
                guard periodsLeft > 0, (surplusLeft[home] ?? 0) > 0 else { continue }
                // Longer existing visits cost nothing more.
                for (position, visit) in teacher.visits.enumerated() where visit.periods < policy.periodsPerVisit {
                    let extra = min(policy.periodsPerVisit - visit.periods, needLeft[visit.school] ?? 0, surplusLeft[home] ?? 0, periodsLeft)
                    guard extra > 0 else { continue }
                    let value = weights.uncoveredPeriod * Double(extra)
                    if value > (best?.value ?? 0) { best = (value, index, visit.school, position, extra) }
                }
                guard teacher.visits.count < teacher.candidate.days else { continue }
                let schools = teacher.schools
                for school in teacher.candidate.reachable {
                    let isNew = !schools.contains(school)
                    if isNew && schools.count >= policy.maxSchools { continue }
                    let periods = room(index, school)
                    guard periods > 0 else { continue }
                    let value =
                        weights.uncoveredPeriod * Double(periods)
                        - scenario.visitCost(from: home, to: school) - (isNew ? weights.itinerantSchool : 0)
                    if value > (best?.value ?? 0) + 1e-9 { best = (value, index, school, nil, periods) }
                }
            }
            guard let chosen = best else { return }
            if let position = chosen.visit {
                teachers[chosen.teacher].visits[position].periods += chosen.periods
            } else {
                teachers[chosen.teacher].visits.append((chosen.school, chosen.periods))
            }
            needLeft[chosen.school, default: 0] -= chosen.periods
            surplusLeft[teachers[chosen.teacher].candidate.home, default: 0] -= chosen.periods
        }
    }

    /// Removes the visits of a few teachers, or of every teacher to a few schools.
    mutating func ruin(_ random: inout SeededRandom) {
        let busy = teachers.indices.filter { !teachers[$0].visits.isEmpty }
        guard !busy.isEmpty else { return }
        if random.chance(0.5) {
            for index in random.shuffled(busy).prefix(random.int(1...max(1, min(4, busy.count)))) { clear(index) }
        } else {
            let schools = Array(Set(busy.flatMap { teachers[$0].visits.map(\.school) })).sorted()
            let chosen = Set(random.shuffled(schools).prefix(random.int(1...max(1, min(3, schools.count)))))
            for index in busy {
                let kept = teachers[index].visits.filter { !chosen.contains($0.school) }
                for visit in teachers[index].visits where chosen.contains(visit.school) { giveBack(index, visit) }
                teachers[index].visits = kept
            }
        }
    }

    private mutating func clear(_ index: Int) {
        for visit in teachers[index].visits { giveBack(index, visit) }
        teachers[index].visits = []
    }

    private mutating func giveBack(_ index: Int, _ visit: (school: Int, periods: Int)) {
        needLeft[visit.school, default: 0] += visit.periods
        surplusLeft[teachers[index].candidate.home, default: 0] += visit.periods
    }

    /// The timetable: each teacher's visits on its first available days.
    func plan() -> ItinerantPlan {
        var visits: [Visit] = []
        for teacher in teachers {
            var days = scenario.teachers[teacher.candidate.teacher].availableDays[...]
            for visit in teacher.visits.sorted(by: { $0.school < $1.school }) {
                guard let day = days.popFirst() else { break }
                visits.append(
                    Visit(
                        teacher: teacher.candidate.teacher, home: teacher.candidate.home, school: visit.school, day: day,
                        periods: visit.periods))
            }
        }
        return ItinerantPlan(visits: visits)
    }
}

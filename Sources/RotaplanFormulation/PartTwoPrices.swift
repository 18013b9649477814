import LinearModel
import RotaplanDomain

/// Part 2's transportation relaxation on one staffing, for one itinerant subject of the whole
/// county, written so that its row duals price what Part 1's moves change: a period of capacity
/// at a school, and a period a week of itinerant candidates there (docs/solving.md "Part 1 with
/// Part 2 in mind"). No row joins two subjects, so the county's relaxation is the subjects' one
/// after another: its optimum is their sum and their duals are its duals, and only one
/// subject's program is held at a time (the city's whole relaxation was its peak memory).
///
/// Periods flow from each home with a surplus to each rural school with a need within reach,
/// as in `ItinerantRelaxation`, but with one row per home for I4 (its surplus), one per home for
/// I3 (its candidates' weekly periods, `min(max_periods, periods_per_visit × days)` each), and
/// one per needing school for I5, so that every price can be read. Every lawful timetable is a
/// point of it at no greater cost: its optimum is a lower bound of Part 2 on that staffing, and
/// at county scale within about 1e-4 of Part 2's optimum (benchmarks/README.md).
public struct PartTwoRelaxation: Sendable {
    public let model: Model
    /// The relaxation's rows per school and subject.
    struct Rows: Sendable {
        var need: Int?
        var surplus: Int?
        var candidates: Int?
    }

    let rows: [SchoolSubject: Rows]
    /// `cap(s,k) − periods(s,k)` on this staffing, for every school and itinerant subject.
    let balance: [SchoolSubject: Int]
    let rural: [Bool]
    let uncoveredWeight: Double

    public init(_ scenario: Scenario, presentAfter: [Int], subject: String) {
        let itinerant = scenario.policy.itinerant
        let weights = scenario.policy.weights
        var model = Model(name: "part-2-relaxation-\(scenario.settings.slug)-\(subject)")
        var capacity: [SchoolSubject: Int] = [:]
        var candidates: [SchoolSubject: Int] = [:]
        for (teacher, row) in scenario.teachers.enumerated() where row.subject == subject {
            let key = SchoolSubject(presentAfter[teacher], row.subject)
            capacity[key, default: 0] += row.maxPeriods
            candidates[key, default: 0] += Self.weeklyPeriods(scenario, teacher: teacher)
        }
        var balance: [SchoolSubject: Int] = [:]
        var needs: [(key: SchoolSubject, periods: Int)] = []
        var homes: [(key: SchoolSubject, surplus: Int, candidates: Int)] = []
        for school in scenario.schools.indices {
            let key = SchoolSubject(school, subject)
            let difference = (capacity[key] ?? 0) - scenario.demandPeriods(school, subject)
            balance[key] = difference
            if difference < 0, scenario.schools[school].rural { needs.append((key, -difference)) }
            if difference > 0, let teachers = candidates[key], teachers > 0 { homes.append((key, difference, teachers)) }
        }
        var objective = LinearExpression()
        var delivered: [SchoolSubject: LinearExpression] = [:]
        var rows: [SchoolSubject: Rows] = [:]
        let share = weights.itinerantSchool / Double(max(1, itinerant.maxPeriods))
        for home in homes {
            var given = LinearExpression()
            for need in needs where need.key.school != home.key.school {
                guard scenario.km(home.key.school, need.key.school) <= itinerant.maxKm else { continue }
                if itinerant.scope == .community {
                    guard let community = scenario.schools[home.key.school].community,
                        scenario.schools[need.key.school].community == community
                    else { continue }
                }
                // What a period costs at least in any timetable: its share of a round trip and of
                // a distinct school. A period that costs more than it saves is never given.
                let cost =
                    -weights.uncoveredPeriod + scenario.visitCost(from: home.key.school, to: need.key.school)
                    / Double(itinerant.periodsPerVisit) + share
                guard cost < 0 else { continue }
                let periods = model.addVariable("y\(model.variables.count)", .continuous, lower: 0, upper: nil)
                objective.add(periods, cost)
                given.add(periods)
                delivered[need.key, default: LinearExpression()].add(periods)
            }
            guard !given.terms.isEmpty else { continue }
            let id = "\(scenario.schools[home.key.school].id),\(home.key.subject)"
            rows[home.key, default: Rows()].surplus = model.constraints.count
            model.add(given <= Double(home.surplus), name: "I4[\(id)]")
            rows[home.key, default: Rows()].candidates = model.constraints.count
            model.add(given <= Double(home.candidates), name: "I3[\(id)]")
        }
        for need in needs {
            objective.constant += weights.uncoveredPeriod * Double(need.periods)
            guard let periods = delivered[need.key] else { continue }
            rows[need.key, default: Rows()].need = model.constraints.count
            model.add(periods <= Double(need.periods), name: "I5[\(scenario.schools[need.key.school].id),\(need.key.subject)]")
        }
        model.minimize(objective)
        self.model = model
        self.rows = rows
        self.balance = balance
        rural = scenario.schools.map(\.rural)
        uncoveredWeight = weights.uncoveredPeriod
    }

    /// A teacher's itinerant periods a week: `min(max_periods, periods_per_visit × days)` when
    /// the teacher may travel, else 0.
    public static func weeklyPeriods(_ scenario: Scenario, teacher: Int) -> Int {
        let itinerant = scenario.policy.itinerant
        let row = scenario.teachers[teacher]
        guard !row.isExempt, row.itinerantAllowed, itinerant.maxSchools > 0 else { return 0 }
        let days = min(itinerant.maxDaysAway, row.availableDays.count)
        return days > 0 ? min(itinerant.maxPeriods, itinerant.periodsPerVisit * days) : 0
    }

    /// The prices from the optimal LP's row duals (each the rate at which the optimum moves with
    /// the row's bound; ≤ 0 for these rows of a minimisation).
    public func prices(duals: [Double]) -> PartTwoPrices {
        func dual(_ row: Int?) -> Double { row.map { $0 < duals.count ? min(0, duals[$0]) : 0 } ?? 0 }
        var prices = PartTwoPrices()
        for (key, difference) in balance {
            let rows = self.rows[key] ?? Rows()
            let isRural = rural[key.school]
            // A period gained: a rural school short of periods needs one fewer (the uncovered
            // weight, less what a visit would have saved there); a school with a surplus has
            // one more to give; a school exactly covered gains a surplus nobody can give yet.
            if isRural && difference < 0 {
                prices.capacityGain[key] = -uncoveredWeight - dual(rows.need)
            } else if difference > 0 {
                prices.capacityGain[key] = dual(rows.surplus)
            }
            // A period lost: a rural school at or below its periods needs one more; a school with
            // a surplus has one fewer to give.
            if isRural && difference <= 0 {
                prices.capacityLoss[key] = uncoveredWeight + dual(rows.need)
            } else if difference > 0 {
                prices.capacityLoss[key] = -dual(rows.surplus)
            }
            if rows.candidates != nil {
                prices.candidateGain[key] = dual(rows.candidates)
                prices.candidateLoss[key] = -dual(rows.candidates)
            }
        }
        return prices
    }
}

/// What Part 2's relaxation says a period of capacity, and a period a week of itinerant
/// candidates, is worth at each school and subject: the rate of change of its optimum, per
/// period gained or lost (0 where the relaxation does not change).
public struct PartTwoPrices: Sendable {
    public var capacityGain: [SchoolSubject: Double] = [:]
    public var capacityLoss: [SchoolSubject: Double] = [:]
    public var candidateGain: [SchoolSubject: Double] = [:]
    public var candidateLoss: [SchoolSubject: Double] = [:]

    public init() {}

    /// Adds the prices of another subject's relaxation: no school and subject is in both.
    public mutating func merge(_ other: PartTwoPrices) {
        capacityGain.merge(other.capacityGain) { $1 }
        capacityLoss.merge(other.capacityLoss) { $1 }
        candidateGain.merge(other.candidateGain) { $1 }
        candidateLoss.merge(other.candidateLoss) { $1 }
    }

    /// What one teacher of `subject` with `periods` (their `max_periods`) and `weekly` itinerant
    /// periods moving from `home` to `target` changes in Part 2, to first order.
    public func move(subject: String, periods: Int, weekly: Int, from home: Int, to target: Int) -> Double {
        let (from, to) = (SchoolSubject(home, subject), SchoolSubject(target, subject))
        return Double(periods) * ((capacityGain[to] ?? 0) + (capacityLoss[from] ?? 0))
            + Double(weekly) * ((candidateGain[to] ?? 0) + (candidateLoss[from] ?? 0))
    }
}

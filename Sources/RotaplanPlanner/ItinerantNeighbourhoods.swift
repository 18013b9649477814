import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanResults

/// Part 2 of a component too large for one program: GLPK on neighbourhoods of it, one at a
/// time, each the teachers of a few nearby home schools with the rest of the timetable fixed.
///
/// A city-wide subject is one component of some 80,000 visit variables and 400,000 rows: GLPK's
/// root LP alone does not finish in 90 s and holds over 500 MB (benchmarks/README.md). A
/// neighbourhood frees every candidate of its homes; the fixed teachers' periods are taken off
/// the needs (`ItinerantFacts.residual`), so its program is docs/model.md Part 2 exactly for
/// the freed teachers, and its optimum replaces their timetable only when it is better. Each
/// program is small (a few thousand variables): it is built, solved and freed in well under a
/// second, so memory stays small and the time limit is a ceiling. It gives no bound.
enum ItinerantNeighbourhoods {
    private static let relaxationLock = NSLock()

    struct Outcome {
        var plan: ItinerantPlan
        /// Neighbourhoods solved, and how many of them improved the timetable.
        var solved: Int
        var improved: Int
        /// The transportation relaxation's optimum (`ItinerantRelaxation`), when solved in time.
        var bound: Double?
        /// Its duals of I5 by school, negated: what a period more at each school would save.
        var prices: [Int: Double] = [:]
    }

    /// Improves `start`, a lawful timetable of `component`, until `deadline`, a cancellation,
    /// `passes` passes over the homes (a work limit), or a whole pass that improves nothing.
    static func improve(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, start: ItinerantPlan,
        deadline: ContinuousClock.Instant?, passes: Int? = nil, options: SolveOptions
    ) -> Outcome {
        let shouldStop = options.shouldStop(at: deadline)
        let relaxation = relaxationBound(scenario, facts: facts, component: component, deadline: deadline, options: options)
        var byHome: [Int: [Int]] = [:]
        for candidate in component.candidates { byHome[facts.candidates[candidate].home, default: []].append(candidate) }
        let homes = byHome.keys.sorted()
        let pairsOfHome = byHome.mapValues { $0.reduce(0) { $0 + facts.candidates[$1].reachable.count } }
        var visits = Dictionary(grouping: start.visits, by: \.teacher)
        var solved = 0
        var improved = 0
        var pass = 0
        var settled: Set<[Int]> = []
        // Each seed's neighbourhood is the same in every pass: found once, when first needed.
        var neighbourhoodOf: [Int: [Int]] = [:]
        while !shouldStop() {
            var improvedThisPass = false
            for seed in homes where !shouldStop() {
                let chosen =
                    neighbourhoodOf[seed]
                    ?? neighbourhood(
                        of: seed, homes: homes, pairsOfHome: pairsOfHome, cap: options.neighbourhoods.perNeighbourhood, scenario: scenario)
                neighbourhoodOf[seed] = chosen
                // A neighbourhood that gained nothing gains nothing again until the timetable changes.
                guard !settled.contains(chosen) else { continue }
                let freed = chosen.flatMap { byHome[$0] ?? [] }
                let freedTeachers = Set(freed.map { facts.candidates[$0].teacher })
                guard
                    let better = solveNeighbourhood(
                        scenario, facts: facts, subject: component.subject, freed: freed, freedTeachers: freedTeachers,
                        visits: visits, deadline: deadline, options: options)
                else {
                    solved += 1
                    settled.insert(chosen)
                    continue
                }
                solved += 1
                settled.removeAll()
                improved += 1
                improvedThisPass = true
                for teacher in freedTeachers { visits[teacher] = nil }
                for visit in better.visits { visits[visit.teacher, default: []].append(visit) }
            }
            pass += 1
            options.progress?(.neighbourhoods(subject: component.subject, pass: pass, improved: improved, solved: solved))
            if !improvedThisPass || pass >= (passes ?? .max) { break }
        }
        return Outcome(
            plan: ItinerantPlan(visits: visits.values.flatMap { $0 }), solved: solved, improved: improved, bound: relaxation?.bound,
            prices: relaxation?.prices ?? [:])
    }

    /// The component's part of docs/model.md's Part 2 objective for `plan`: its schools'
    /// uncovered periods, and the travel and distinct schools of its visits.
    static func objective(_ plan: ItinerantPlan, scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent) -> Double {
        let needs = Set(component.schools.map { SchoolSubject($0, component.subject) })
        return ItinerantEvaluation(scenario, facts: facts, plan: plan, only: needs).objective
    }

    /// The component's lower bound from its transportation relaxation: a linear program of one
    /// variable per class and school, which GLPK's simplex solves in seconds at city scale. With
    /// it, the prices of the schools' needs that start `ItinerantHomeBound`.
    static func relaxationBound(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, deadline: ContinuousClock.Instant?,
        options: SolveOptions
    ) -> (bound: Double, prices: [Int: Double])? {
        let started = ContinuousClock.now
        // One relaxation at a time: the city's are the largest objects Part 2 builds.
        return relaxationLock.withLock { () -> (bound: Double, prices: [Int: Double])? in
            // Building the city's relaxation takes a second or two: not once the time is up.
            if let deadline, deadline.secondsFromNow <= 0.5 { return nil }
            let relaxation = ItinerantRelaxation(scenario, facts: facts, component: component)
            guard let result = try? GLPKSolver(reserve: 0.2).solve(relaxation.model, parameters: options.parameters(until: deadline)),
                result.termination == .optimal, let bound = result.objective
            else { return nil }
            options.progress?(
                .relaxation(
                    subject: component.subject, bound: bound, variables: relaxation.model.variables.count, seconds: started.secondsUntilNow))
            // A row ≤ its need: a period more of need lowers the cost, so its dual is at most 0.
            let duals = result.duals ?? []
            let prices = relaxation.needRows.compactMapValues { row in row < duals.count ? max(0, -duals[row]) : nil }
            return (bound, prices)
        }
    }

    /// `seed` and the homes nearest to it, until their visit variables reach the cap.
    static func neighbourhood(of seed: Int, homes: [Int], pairsOfHome: [Int: Int], cap: Int, scenario: Scenario) -> [Int] {
        let nearest = homes.map { (km: scenario.km(seed, $0), home: $0) }.sorted { ($0.km, $0.home) < ($1.km, $1.home) }
        var chosen: [Int] = []
        var pairs = 0
        for (_, home) in nearest {
            let extra = pairsOfHome[home] ?? 0
            if !chosen.isEmpty && pairs + extra > cap { break }
            chosen.append(home)
            pairs += extra
        }
        return chosen
    }

    /// The freed teachers' best timetable given everybody else's, or nil when theirs is already
    /// as good (or GLPK found nothing better in its time).
    static func solveNeighbourhood(
        _ scenario: Scenario, facts: ItinerantFacts, subject: String, freed: [Int], freedTeachers: Set<Int>,
        visits: [Int: [Visit]], deadline: ContinuousClock.Instant?, options: SolveOptions
    ) -> ItinerantPlan? {
        var delivered: [SchoolSubject: Int] = [:]
        var current: [Visit] = []
        for (teacher, own) in visits {
            if freedTeachers.contains(teacher) {
                current += own
            } else {
                for visit in own { delivered[SchoolSubject(visit.school, subject), default: 0] += visit.periods }
            }
        }
        let residual = facts.residual(delivered: delivered)
        let schools = Set(freed.flatMap { residual.candidates[$0].reachable }).filter { residual.need($0, subject) > 0 }.sorted()
        guard !schools.isEmpty else { return nil }
        let piece = ItinerantComponent(subject: subject, candidates: freed, schools: schools)
        let formulation = ItinerantFormulation.build(scenario, facts: residual, component: piece)
        let model = formulation.model
        let start = formulation.values(for: ItinerantPlan(visits: current), facts: residual)
        var parameters = options.parameters(until: deadline, start: model.isFeasible(start) ? start : nil)
        parameters.cuts = .all
        parameters.branching = .pseudoCost
        guard let result = try? GLPKSolver(reserve: 0.2).solve(model, parameters: parameters),
            result.termination.hasSolution, !result.fromStartSolution, let values = result.values
        else { return nil }
        let candidate = formulation.plan(from: values, scenario: scenario, facts: residual)
        // Compared on the rules' objective, not the program's, so that a change is made only
        // for a real gain (the program's value differs from it by a constant).
        let before = ItinerantEvaluation(scenario, facts: residual, plan: ItinerantPlan(visits: current)).objective
        let after = ItinerantEvaluation(scenario, facts: residual, plan: candidate).objective
        return after < before - 1e-6 ? candidate : nil
    }
}

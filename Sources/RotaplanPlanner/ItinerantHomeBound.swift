import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanResults

/// A lower bound on one component's Part 2, tighter than the transportation relaxation's
/// (docs/solving.md "A bound home by home").
///
/// Only I5 (the periods a school receives ≤ its need) links the teachers of different home
/// schools. Priced instead of kept (a Lagrangian relaxation), at `μ` per period for each school
/// several homes reach, the program falls apart into one per home school: Part 2 exactly for
/// that home's teachers, with a period at a priced school charged `μ` more. Any lawful timetable
/// gives each home a lawful timetable of its own program and pays no more than the priced sum
/// (`μ × (received − need) ≤ 0`), so the sum of the homes' optima, less `μ × need`, bounds the
/// component from below for every `μ ≥ 0`. Each home's program keeps its whole numbers of
/// visits and schools, which the transportation relaxation only shares out per period; the
/// transportation relaxation's own duals are the first prices, so the bound starts at least
/// as high as its, and rounds of the subgradient method raise it.
enum ItinerantHomeBound {
    /// Branch-and-bound nodes per home program: a work limit.
    static let homeNodes = 200

    /// The best round: its bound, its prices, and a lower bound of each home's priced program.
    struct Outcome {
        var value: Double
        var round: Round
    }

    /// One round of the subgradient method: what its rows (`rows`) are made of.
    struct Round {
        /// `μ` by school.
        var prices: [Int: Double]
        /// By home school: a lower bound of that home's program at `prices`, without its constant.
        var homes: [Int: Double]
    }

    /// The best bound of the rounds, a round cut short included; nil when the time ran out (or
    /// the solve was cancelled) before a first round had priced every home's relaxation.
    ///
    /// - Parameters:
    ///   - prices: the first `μ` by school (the transportation relaxation's duals of I5).
    ///   - incumbent: the objective of a lawful timetable, which sets the subgradient's steps.
    ///   - rounds: a work limit on the subgradient method.
    ///   - homePrograms: a work limit on the home programs solved in all (the tests cut a
    ///     round short with it, as a deadline would).
    static func bound(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, prices: [Int: Double], incumbent: Double,
        rounds: Int, deadline: ContinuousClock.Instant?, options: SolveOptions, homePrograms: Int = .max
    ) -> Outcome? {
        let subject = component.subject
        let weight = ObjectiveTerm.uncovered.coefficient(scenario.policy.weights)
        var byHome: [Int: [Int]] = [:]
        for candidate in component.candidates { byHome[facts.candidates[candidate].home, default: []].append(candidate) }
        // Each home school's teachers of the subject and the needing schools they reach. Its
        // program is built for each round and freed: the city has hundreds of homes a subject.
        var homes: [ItinerantComponent] = []
        var homesReaching: [Int: Int] = [:]
        for (_, candidates) in byHome.sorted(by: { $0.key < $1.key }) {
            let schools = Set(candidates.flatMap { facts.candidates[$0].reachable }).filter { facts.need($0, subject) > 0 }.sorted()
            guard !schools.isEmpty else { continue }
            for school in schools { homesReaching[school, default: 0] += 1 }
            homes.append(ItinerantComponent(subject: subject, candidates: candidates, schools: schools))
        }
        // A school one home reaches keeps its I5 in that home's program: it needs no price.
        let priced = component.schools.filter { (homesReaching[$0] ?? 0) > 1 }
        var price = Dictionary(uniqueKeysWithValues: priced.map { ($0, max(0, prices[$0] ?? 0)) })
        let totalNeed = component.schools.reduce(0.0) { $0 + weight * Double(facts.need($1, subject)) }
        var best: Outcome?
        // Polyak's step: a share of the distance to the incumbent, halved when rounds stop gaining.
        var share = 1.0
        var sinceGain = 0
        var solvedPrograms = 0
        for round in 0..<max(1, rounds) {
            let constant = totalNeed - priced.reduce(0.0) { $0 + price[$1, default: 0] * Double(facts.need($1, subject)) }
            // Each home's part of the transportation relaxation at these prices bounds its
            // program too, and at the relaxation's own prices they sum to its bound: a first
            // round cut short by the time still gives a bound, with those homes not yet solved
            // at theirs. Later rounds start from a bound already: one cut short ends them.
            var lower: [Double] = []
            if round == 0 {
                for home in homes {
                    guard !options.shouldStop(at: deadline)(),
                        let relaxed = relaxed(scenario, facts: facts, home: home, price: price, options: options)
                    else { return best }
                    lower.append(relaxed)
                }
            } else {
                lower = Array(repeating: -.infinity, count: homes.count)
            }
            var received: [Int: Double] = [:]
            var complete = true
            for (index, home) in homes.enumerated() {
                solvedPrograms += 1
                guard solvedPrograms <= homePrograms, !options.shouldStop(at: deadline)(),
                    let solved = solve(scenario, facts: facts, home: home, price: price, deadline: deadline, options: options)
                else {
                    complete = false
                    break
                }
                lower[index] = max(lower[index], solved.bound)
                for (school, periods) in solved.received { received[school, default: 0] += periods }
            }
            var byHome: [Int: Double] = [:]
            for (index, home) in homes.enumerated() where lower[index] > -.infinity {
                byHome[facts.candidates[home.candidates[0]].home] = lower[index]
            }
            let value = constant + lower.reduce(0, +)
            let gained = value > (best?.value ?? -.infinity) + 1e-9
            if gained {
                // Rows of every round, not only the best's, slowed the ladder's M (14–15 s
                // instead of 11–12) and did not raise its root (benchmarks/README.md).
                best = Outcome(value: value, round: Round(prices: price, homes: byHome))
                options.progress?(.homeBound(subject: subject, round: round + 1, bound: value))
            }
            guard complete else { return best }
            if gained {
                sinceGain = 0
            } else {
                sinceGain += 1
                if sinceGain >= 2 {
                    share /= 2
                    sinceGain = 0
                }
            }
            // Proven: no round can do better than that.
            guard let reached = best?.value, (incumbent - reached) / max(1, abs(incumbent)) > options.gap else { break }
            // The subgradient: how far each priced school's periods are from its need; a school
            // short of its need whose price is already 0 cannot go lower and takes no part in
            // the step's length (projected onto μ ≥ 0).
            let step = priced.map { school -> Double in
                let excess = received[school, default: 0] - Double(facts.need(school, subject))
                return excess < 0 && price[school, default: 0] <= 0 ? 0 : excess
            }
            let norm = step.reduce(0) { $0 + $1 * $1 }
            guard norm > 1e-12 else { break }
            let length = share * (incumbent - value) / norm
            for (index, school) in priced.enumerated() { price[school] = max(0, price[school, default: 0] + length * step[index]) }
        }
        return best
    }

    /// The best round's bound as rows of the component's whole program, one per home: every
    /// lawful timetable costs each home at least its priced program's optimum (docs/solving.md
    /// "A bound home by home"). Summed, with I5 and `μ ≥ 0`, they hold the program's linear
    /// relaxation at or above the bound, where GLPK's own cuts had left it lower.
    static func rows(_ outcome: Outcome, formulation: ItinerantFormulation) -> [(name: String, comparison: Comparison)] {
        let round = outcome.round
        let objective = formulation.model.objective.terms
        var priced: [Int: LinearExpression] = [:]
        for pair in formulation.pairs {
            let home = formulation.classes[pair.group].home
            guard round.homes[home] != nil else { continue }
            var expression = priced[home] ?? LinearExpression()
            for variable in [pair.visits, pair.periods, pair.teachers] { expression.add(variable, objective[variable] ?? 0) }
            expression.add(pair.periods, round.prices[pair.school] ?? 0)
            priced[home] = expression
        }
        return priced.sorted { $0.key < $1.key }.compactMap { home, expression in
            guard let lower = round.homes[home], !expression.terms.isEmpty else { return nil }
            return ("home_bound[\(home)]", expression >= lower)
        }
    }

    /// One home's part of the transportation relaxation (`ItinerantRelaxation`) at the given
    /// prices, without its constant: a lower bound of its program's optimum.
    static func relaxed(
        _ scenario: Scenario, facts: ItinerantFacts, home: ItinerantComponent, price: [Int: Double], options: SolveOptions
    ) -> Double? {
        let relaxation = ItinerantRelaxation(scenario, facts: facts, component: home)
        // No period saves more than it costs: the home gives none.
        guard !relaxation.model.variables.isEmpty else { return 0 }
        var model = relaxation.model
        var objective = model.objective
        objective.constant = 0
        for (school, periods) in relaxation.periodsAt {
            guard let cost = price[school], cost != 0 else { continue }
            for variable in periods { objective.add(variable, cost) }
        }
        model.minimize(objective)
        guard let result = try? GLPKSolver(reserve: 0.2).solve(model, parameters: SolveParameters(cancellation: options.cancellation)),
            result.termination == .optimal, let value = result.objective
        else { return nil }
        return value - 1e-7 * (1 + abs(value))
    }

    /// One home's program at the given prices: a lower bound of its optimum, and the periods its
    /// optimum gives each school.
    static func solve(
        _ scenario: Scenario, facts: ItinerantFacts, home: ItinerantComponent, price: [Int: Double], deadline: ContinuousClock.Instant?,
        options: SolveOptions
    ) -> (bound: Double, received: [Int: Double])? {
        let formulation = ItinerantFormulation.build(scenario, facts: facts, component: home)
        var model = formulation.model
        // Without its constant (`w × need` of the home's schools): GLPK's tolerance on an optimum
        // is relative to the objective's size, and with the needs in it that was up to 0.3 on a
        // home of the ladder's L.
        var objective = model.objective
        objective.constant = 0
        for pair in formulation.pairs {
            if let cost = price[pair.school], cost != 0 { objective.add(pair.periods, cost) }
        }
        model.minimize(objective)
        var parameters = options.parameters(until: deadline)
        // A bound is all that is needed: GLPK's at a work limit is one, and a home's program
        // priced near a tie can take long to prove.
        parameters.relativeGap = 0
        parameters.nodeLimit = min(options.nodeLimit ?? homeNodes, homeNodes)
        parameters.cuts = .all
        parameters.branching = .pseudoCost
        guard let result = try? GLPKSolver(reserve: 0.2).solve(model, parameters: parameters),
            result.termination.hasSolution, let values = result.values, let reported = result.bound ?? result.objective
        else { return nil }
        // GLPK prunes a node whose bound is within 1e-7 × (1 + |objective|) of its incumbent
        // (`tol_obj`): its bound is trusted only that far.
        let bound = reported - 1e-7 * (1 + abs(reported))
        var received: [Int: Double] = [:]
        for pair in formulation.pairs { received[pair.school, default: 0] += values[pair.periods.index] }
        return (bound, received)
    }
}

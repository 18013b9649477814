import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanHeuristic
import RotaplanResults

/// Solves docs/model.md Part 2 component by component on the machine's cores, and combines.
///
/// Subjects are independent (a teacher has one subject), and so are groups of schools no
/// teacher can link: each component is its own program and the county's optimum is the sum.
public enum ItinerantPlanner {
    public static func solve(_ scenario: Scenario, rotationPlan: RotationPlan, options: SolveOptions) -> ItinerantOutcome {
        solve(scenario, rotationPlan: rotationPlan, options: options, deadline: LinearModel.deadline(after: options.timeLimit))
    }

    /// Part 2 until `deadline`.
    static func solve(
        _ scenario: Scenario, rotationPlan: RotationPlan, options: SolveOptions, deadline: ContinuousClock.Instant?
    ) -> ItinerantOutcome {
        finish(Prepared(scenario, rotationPlan: rotationPlan), reusing: [:], options: options, deadline: deadline)
    }

    /// Part 2 until `deadline`, reusing the components `reusing` has solved already; nil when a
    /// component it had to solve could not be started before the deadline.
    static func solve(
        _ scenario: Scenario, rotationPlan: RotationPlan, options: SolveOptions, deadline: ContinuousClock.Instant?,
        reusing: ItinerantOutcome
    ) -> ItinerantOutcome? {
        let prepared = Prepared(scenario, rotationPlan: rotationPlan)
        let known = reusing.solvedComponents
        let missing = prepared.signatures.contains { known[$0] == nil }
        if let deadline, deadline.secondsFromNow < 0.1, missing { return nil }
        return finish(prepared, reusing: known, options: options, deadline: deadline)
    }

    /// What Part 2 is solved on: the staffing a rotation plan leaves and its components.
    struct Prepared {
        let scenario: Scenario
        let started = ContinuousClock.now
        let facts: ItinerantFacts
        let before: ItinerantFacts
        /// Smallest first: they finish quickly and leave the rest of the time to the large
        /// ones, whose budget is what remains divided among what has not started.
        let components: [ItinerantComponent]
        let signatures: [ComponentSignature]
        /// Needs no candidate can reach are uncovered in every timetable: a constant of the
        /// objective, beside the components'.
        let constant: Double

        init(_ scenario: Scenario, rotationPlan: RotationPlan) {
            self.scenario = scenario
            let staffing = Staffing(scenario)
            let presentAfter = RotationEvaluation(scenario, staffing: staffing, plan: rotationPlan).presentAfter
            let facts = ItinerantFacts(scenario, presentAfter: presentAfter)
            self.facts = facts
            before = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
            components = facts.components().sorted { $0.candidates.count * $0.schools.count < $1.candidates.count * $1.schools.count }
            signatures = components.map { ComponentSignature(facts, $0) }
            let reachable = Set(components.flatMap { component in component.schools.map { SchoolSubject($0, component.subject) } })
            let unreachable = facts.need.filter { !reachable.contains($0.key) }.reduce(0) { $0 + $1.value }
            constant = scenario.policy.weights.uncoveredPeriod * Double(unreachable)
        }

        /// A component's objective on a timetable of it.
        func objective(_ plan: ItinerantPlan, of component: ItinerantComponent) -> Double {
            ItinerantNeighbourhoods.objective(plan, scenario: scenario, facts: facts, component: component)
        }
    }

    /// Part 2 on rotation plans of the same Part 1 objective (the tie-break's, first the plan
    /// found first) until `deadline` (docs/solving.md "Part 1 with Part 2 in mind").
    ///
    /// One queue (`PartTwoQueue`) holds the first plan's components, then each later plan's
    /// that no plan before it has; each is taken up to GLPK's search before the searches start,
    /// and a plan whose bound shows that another plan will be kept gets no more searches. So the
    /// later plans use a core the first one leaves idle, and each is solved whatever the
    /// machine's load: when every component is proven, the plan kept does not depend on the
    /// clock. The first plan's components start first and keep the deadlines they would have
    /// alone.
    static func solve(
        _ scenario: Scenario, rotationPlan first: RotationPlan, later: [RotationPlan], options: SolveOptions,
        deadline: ContinuousClock.Instant?
    ) -> PartTwoOnPlans {
        let queue = PartTwoQueue(first: Prepared(scenario, rotationPlan: first), later: later, deadline: deadline, options: options)
        Parallel.drain(threads: options.threads) {
            queue.next().map { job in
                {
                    switch job {
                    case .component(let prepared, let component, let signature, let deadline):
                        let stage = solveUntilSearch(
                            prepared.scenario, facts: prepared.facts, component: component, deadline: deadline, options: options)
                        if case .solved(let solved) = stage {
                            queue.record(solved, objective: prepared.objective(solved.plan, of: component), for: signature)
                        } else if case .search(let search) = stage {
                            queue.wait(search, for: signature)
                        }
                    case .search(let search, let signature, let cancellation, let deadline):
                        var searchOptions = options
                        searchOptions.cancellation = cancellation
                        let solved = search.run(options: searchOptions, until: deadline)
                        queue.record(solved, objective: search.objective(solved.plan), for: signature)
                    }
                }
            }
        }
        let (prepared, solved, unfinished) = queue.results()
        let laterOutcomes = later.indices.map { index -> ItinerantOutcome? in
            guard index + 1 < prepared.count, !unfinished.contains(index + 1),
                prepared[index + 1].signatures.allSatisfy({ solved[$0] != nil })
            else { return nil }
            return combine(prepared[index + 1], solved: solved, options: options, showProgress: false)
        }
        return PartTwoOnPlans(
            first: combine(prepared[0], solved: solved, options: options, showProgress: true), firstOutdone: unfinished.contains(0),
            later: laterOutcomes)
    }

    static func finish(
        _ prepared: Prepared, reusing known: [ComponentSignature: SolvedComponent], options: SolveOptions,
        deadline: ContinuousClock.Instant?
    ) -> ItinerantOutcome {
        let components = prepared.components
        let signatures = prepared.signatures
        let toSolve = components.indices.filter { known[signatures[$0]] == nil }
        let solved = Parallel.map(count: toSolve.count, threads: options.threads) { position, remainingToStart in
            solveComponent(
                prepared.scenario, facts: prepared.facts, component: components[toSolve[position]],
                deadline: shareOfDeadline(deadline, remainingToStart: remainingToStart, threads: options.threads), options: options)
        }
        var bySignature = known
        for (position, index) in toSolve.enumerated() { bySignature[signatures[index]] = solved[position] }
        return combine(prepared, solved: bySignature, options: options, showProgress: true)
    }

    /// The county's timetable from its components' (every one in `solved`).
    static func combine(
        _ prepared: Prepared, solved bySignature: [ComponentSignature: SolvedComponent], options: SolveOptions, showProgress: Bool
    ) -> ItinerantOutcome {
        let scenario = prepared.scenario
        let facts = prepared.facts
        let components = prepared.components
        let signatures = prepared.signatures
        let results = signatures.compactMap { bySignature[$0] }
        let plan = ItinerantPlan.combined(results.map(\.plan))
        let evaluation = ItinerantEvaluation(scenario, facts: facts, plan: plan)
        let bound = results.count == signatures.count ? summedBounds(results.map(\.bound), plus: prepared.constant) : nil
        let worst = results.map(\.status).max() ?? .optimal
        let methods = Set(results.map(\.method)).sorted().joined(separator: "+")
        let report = PartReport(
            method: methods.isEmpty ? "glpk" : methods, status: worst, objective: evaluation.objective, bound: bound,
            seconds: prepared.started.secondsUntilNow)
        if showProgress { options.progress?(.components(count: components.count, status: worst)) }
        var solvedComponents: [ComponentSignature: SolvedComponent] = [:]
        for signature in signatures { solvedComponents[signature] = solvedComponents[signature] ?? bySignature[signature] }
        return ItinerantOutcome(
            report: report, plan: plan, needBefore: prepared.before.need, needAfterRotation: facts.need,
            uncoveredAfter: evaluation.uncovered, components: components.count, solvedComponents: solvedComponents)
    }

    /// One component: the heuristic, GLPK, or GLPK started from the heuristic's timetable
    /// (`auto`). GLPK uses cuts and pseudo-cost branching, which this model needs (docs/solving.md).
    /// A large component is first improved by neighbourhoods, which also give it a bound; one
    /// too large for a whole program gets neighbourhoods only (`NeighbourhoodLimits`).
    static func solveComponent(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, deadline: ContinuousClock.Instant?,
        options: SolveOptions
    ) -> SolvedComponent {
        switch solveUntilSearch(scenario, facts: facts, component: component, deadline: deadline, options: options) {
        case .solved(let solved): solved
        case .search(let search): search.run(options: options)
        }
    }

    /// A component's solve up to GLPK's search of its whole program: its answer when that
    /// search is not needed, else the search, ready to run.
    static func solveUntilSearch(
        _ scenario: Scenario, facts: ItinerantFacts, component: ItinerantComponent, deadline: ContinuousClock.Instant?,
        options: SolveOptions
    ) -> ComponentStage {
        var heuristic: ItinerantPlan?
        if options.method != .glpk {
            heuristic = ItinerantHeuristic.solve(
                scenario, facts: facts, component: component, seed: options.seed, shouldStop: options.shouldStop(at: deadline))
        }
        if options.method == .heuristic, let heuristic {
            return .solved(SolvedComponent(status: .feasible, bound: nil, method: "heuristic", plan: heuristic))
        }
        // No program is built once the time is up: building a city-wide one takes seconds.
        if let deadline, deadline.secondsFromNow <= 0 {
            return .solved(
                SolvedComponent(status: .feasible, bound: nil, method: heuristic == nil ? "glpk" : "heuristic", plan: heuristic ?? .empty))
        }
        func objective(_ plan: ItinerantPlan) -> Double {
            ItinerantNeighbourhoods.objective(plan, scenario: scenario, facts: facts, component: component)
        }
        func status(_ plan: ItinerantPlan, bound: Double?, proven: Bool = false) -> PlanStatus {
            guard !proven else { return .optimal }
            guard let bound else { return .feasible }
            let value = objective(plan)
            return (value - bound) / max(1, abs(value)) <= options.gap ? .optimal : .feasible
        }
        var best = (plan: heuristic ?? .empty, method: heuristic == nil ? "glpk" : "heuristic")
        var relaxation: Double?
        var homeBound: ItinerantHomeBound.Outcome?
        let pairs = component.pairCount(facts)
        let whole = pairs <= options.neighbourhoods.wholeComponent
        if !whole || pairs > options.neighbourhoods.startAbove {
            // Before a whole program, neighbourhoods make a fixed number of passes (a work limit,
            // so that a longer time limit never leaves the whole program less of its search), and
            // at most half the time: they find most of the gain in seconds, and GLPK starts from
            // their timetable. Without a whole program they have three quarters of the time,
            // and the bound home by home the rest: on the city one subject's neighbourhoods
            // had taken all of it, and its bound stayed the relaxation's.
            let until = whole ? deadline.flatMap { LinearModel.deadline(after: $0.secondsFromNow / 2) } : deadline
            let neighbourhoodsUntil = whole ? until : deadline.flatMap { LinearModel.deadline(after: $0.secondsFromNow * 3 / 4) }
            let found = ItinerantNeighbourhoods.improve(
                scenario, facts: facts, component: component, start: best.plan, deadline: neighbourhoodsUntil,
                passes: whole ? options.neighbourhoods.passesBeforeWhole : nil, options: options)
            relaxation = found.bound
            if found.improved > 0 { best = (found.plan, "glpk-neighbourhoods") }
            // The relaxation's bound raised home by home, while it does not prove the timetable
            // and there is time: the only bound without a whole program, and with one, a proof
            // that spares it (docs/solving.md "A bound home by home").
            if let transport = found.bound, status(best.plan, bound: transport) != .optimal,
                until.map({ $0.secondsFromNow > 0.5 }) ?? true,
                let homes = ItinerantHomeBound.bound(
                    scenario, facts: facts, component: component, prices: found.prices, incumbent: objective(best.plan),
                    rounds: options.neighbourhoods.boundRounds, deadline: until, options: options)
            {
                relaxation = max(transport, homes.value)
                homeBound = homes
            }
            let proven = status(best.plan, bound: relaxation) == .optimal
            if !whole || proven || (deadline.map { $0.secondsFromNow <= 0 } ?? false) {
                return .solved(SolvedComponent(status: status(best.plan, bound: relaxation), bound: relaxation, method: best.method, plan: best.plan))
            }
        }
        let formulation = ItinerantFormulation.build(scenario, facts: facts, component: component)
        // The empty timetable is always lawful: GLPK alone starts from it, so a time limit still
        // returns a plan. A given timetable (a what-if's base plan) competes where it is lawful.
        let model = formulation.model
        var start = formulation.values(for: best.plan, facts: facts)
        // The start as the program reads it drops visits no period needs: never a worse timetable.
        let asRead = formulation.plan(from: start, scenario: scenario, facts: facts)
        if objective(asRead) < objective(best.plan) - 1e-9 { best.plan = asRead }
        if let given = options.itinerantStart {
            let values = formulation.values(for: given, facts: facts)
            if model.isFeasible(values) && model.objective.value(values) < model.objective.value(start) {
                // The component's part of the given timetable, as the program reads it.
                best = (formulation.plan(from: values, scenario: scenario, facts: facts), "base-plan")
                start = values
            }
        }
        // A near-optimal incumbent before the search prunes most of its tree (docs/solving.md "Part 2").
        if let found = RelaxationNeighbourhood.improve(model, start: start, deadline: deadline, options: options) {
            start = found
            let plan = formulation.plan(from: found, scenario: scenario, facts: facts)
            if objective(plan) < objective(best.plan) - 1e-9 { best = (plan, "glpk") }
        }
        // A component that went straight to GLPK gets its bound home by home here, after RINS
        // (whose incumbent sets the subgradient's steps): a proof spares the search, and
        // otherwise its rows lift the search's relaxation to the bound.
        if relaxation == nil, deadline.map({ $0.secondsFromNow > 0.5 }) ?? true,
            let transport = ItinerantNeighbourhoods.relaxationBound(scenario, facts: facts, component: component, deadline: deadline, options: options)
        {
            relaxation = transport.bound
            if status(best.plan, bound: transport.bound) != .optimal,
                let homes = ItinerantHomeBound.bound(
                    scenario, facts: facts, component: component, prices: transport.prices, incumbent: objective(best.plan),
                    rounds: options.neighbourhoods.boundRounds, deadline: deadline, options: options)
            {
                relaxation = max(transport.bound, homes.value)
                homeBound = homes
            }
            if status(best.plan, bound: relaxation) == .optimal {
                return .solved(SolvedComponent(status: .optimal, bound: relaxation, method: best.method, plan: best.plan))
            }
        }
        var searched = model
        if let homeBound {
            for row in ItinerantHomeBound.rows(homeBound, formulation: formulation) { searched.add(row.comparison, name: row.name) }
        }
        return .search(
            ComponentSearch(
                scenario: scenario, facts: facts, component: component, formulation: formulation, program: searched, start: start,
                best: best.plan, method: best.method, relaxation: relaxation, deadline: deadline,
                unfinished: SolvedComponent(
                    status: status(best.plan, bound: relaxation), bound: relaxation, method: best.method, plan: best.plan)))
    }
}

/// Part 2 on the tie-break's rotation plans.
struct PartTwoOnPlans {
    /// On the plan found first; not solved to the end when `firstOutdone`.
    var first: ItinerantOutcome
    /// Whether another plan was shown to be better before the first was solved to the end.
    var firstOutdone: Bool
    /// On each later plan: nil when one of its components could not be started in time, or
    /// when another plan was shown to be better before it was solved to the end.
    var later: [ItinerantOutcome?]
}

/// What a component's solve has before GLPK's search: its answer, or the search still to run.
enum ComponentStage: Sendable {
    case solved(SolvedComponent)
    case search(ComponentSearch)
}

/// GLPK's search of one component's whole program, ready to run: the program with the rows of
/// the bound home by home, the best timetable so far as its start, and what the component is
/// if the search never runs.
struct ComponentSearch: Sendable {
    let scenario: Scenario
    let facts: ItinerantFacts
    let component: ItinerantComponent
    let formulation: ItinerantFormulation
    let program: Model
    let start: [Double]
    let best: ItinerantPlan
    let method: String
    let relaxation: Double?
    let deadline: ContinuousClock.Instant?
    let unfinished: SolvedComponent

    /// The component's objective on its best timetable so far.
    var incumbent: Double { objective(best) }

    func objective(_ plan: ItinerantPlan) -> Double {
        ItinerantNeighbourhoods.objective(plan, scenario: scenario, facts: facts, component: component)
    }

    /// GLPK's search (cuts and pseudo-cost branching, which this model needs: docs/solving.md)
    /// from the best timetable, until `until` (the component's own deadline unless given) or
    /// the options' cancellation.
    func run(options: SolveOptions, until: ContinuousClock.Instant? = nil) -> SolvedComponent {
        var parameters = options.parameters(until: until ?? deadline, start: start)
        parameters.cuts = .all
        parameters.branching = .pseudoCost
        if let progress = options.progress {
            // The component by one of its schools, by name: what the office reads (the CLI adds "near").
            let firstSchool = component.schools.first.map { scenario.schools[$0].name } ?? ""
            parameters.progress = ThrottledProgress(part: "itinerant \(component.subject)", place: firstSchool, sink: progress).report
        }
        guard let result = try? GLPKSolver().solve(program, parameters: parameters),
            result.termination.hasSolution, let values = result.values
        else { return unfinished }
        let found = result.fromStartSolution ? best : formulation.plan(from: values, scenario: scenario, facts: facts)
        // GLPK's incumbent is never worse than a start it accepted; this keeps the start when
        // GLPK could not use it.
        let (plan, method) = objective(found) <= objective(best) + 1e-9 ? (found, result.fromStartSolution ? self.method : "glpk") : (best, self.method)
        // The relaxation's bound and GLPK's are both valid: the better one is reported.
        let bound = relaxation.map { max(result.bound ?? $0, $0) } ?? result.bound
        let proven = result.termination == .optimal && plan == found
        let value = objective(plan)
        let withinGap = bound.map { (value - $0) / max(1, abs(value)) <= options.gap } ?? false
        return SolvedComponent(status: proven || withinGap ? .optimal : .feasible, bound: bound, method: method, plan: plan)
    }
}

extension ComponentSignature {
    init(_ facts: ItinerantFacts, _ component: ItinerantComponent) {
        let needs = component.schools.flatMap { [$0, facts.need($0, component.subject)] }
        let candidates = component.candidates.flatMap { index -> [Int] in
            let candidate = facts.candidates[index]
            return [candidate.teacher, candidate.home, candidate.days, facts.surplus(candidate.home, component.subject), candidate.reachable.count]
                + candidate.reachable
        }
        self.init(subject: component.subject, needs: needs, candidates: candidates)
    }
}

import Foundation
import RotaplanDomain

/// A community's rotation plan found by the heuristic.
public struct HeuristicRotationResult: Sendable {
    public var plan: RotationPlan
    /// Whether the plan keeps every rule R1–R7. An unlawful plan is never called feasible.
    public var feasible: Bool
    /// The rules the plan could not keep, in words (empty when feasible); when `proven`, why no
    /// plan can keep them.
    public var brokenRules: [String]
    /// The community's part of docs/model.md's objective.
    public var objective: Double
    /// Whether the heuristic proved that no lawful plan exists (a count, not a search that
    /// gave up): the community is infeasible.
    public var proven = false
}

/// docs/model.md Part 1 for one community without a solver: feasibility first, then the
/// objective. A circulation of who is sent and who comes back meets R1, R5, R6 and R7, with
/// R2, R3 and R4 chosen around it (`RotationFeasibility`); attempts in other orders follow
/// until one succeeds, a count proves that none can, or `shouldStop` says the time is up.
/// Then best-improvement local search on the exact objective (single moves, swaps within a
/// school, paired lead↔member moves, chains), then `restarts` seeded rounds from the best plan
/// so far: two of three simulated annealing (with a descent every sixth round), the third
/// ruin-and-recreate in one member unit; the descent again on the winner.
///
/// The work is fixed by `restarts`, `attempts` and the seed, so the same seed gives the same
/// plan on any machine; `shouldStop` (a deadline, a cancellation) may end the rounds early.
public enum RotationHeuristic {
    /// Rounds per community for a county of `communities` communities: 36 for up to two, fewer
    /// for more (96 ÷ communities, at least 12), so that a county's Part 1 stays under a second
    /// on two cores whatever its size (benchmarks/README.md, the heuristic sweep).
    public static func rounds(communities: Int) -> Int {
        max(fewestRounds, min(36, 96 / max(1, communities)))
    }

    /// The fewest restarts `rounds` gives, however many communities the county has.
    public static let fewestRounds = 12

    /// Attempts at a lawful plan when nothing else stops the search (no time limit): a work
    /// limit, so that a run without a clock still ends on a community no count can settle.
    public static let attemptsWithoutLimit = 64

    /// `attempts`: how many orders the feasibility step may try (nil: until `shouldStop`).
    public static func solve(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int, seed: UInt64,
        restarts: Int = 48, attempts: Int? = attemptsWithoutLimit, shouldStop: () -> Bool = { false }
    ) -> HeuristicRotationResult {
        var state = RotationSearchState(scenario: scenario, staffing: staffing, eligibility: eligibility, community: community)
        var random = SeededRandom(seed: seed &+ UInt64(community) &* 0x9E37_79B9)
        var search = CommunitySearch(state: state, random: random)
        // Feasibility first: the first attempt takes the cheapest choices, later ones shuffle.
        let feasibility = RotationFeasibility(state: state)
        var tried = 0
        var start: [Int?]?
        search: while true {
            switch feasibility.attempt(random: &random, shuffle: tried > 0) {
            case .found(let assignment):
                start = assignment
                break search
            case .proven(let reasons):
                return HeuristicRotationResult(plan: .empty, feasible: false, brokenRules: reasons, objective: 0, proven: true)
            case .notFound:
                tried += 1
                if shouldStop() || attempts.map({ tried >= $0 }) ?? false { break search }
            }
        }
        if let start {
            for (index, target) in start.enumerated() { search.state.assign(index, to: target) }
        }
        // Without a lawful start (the limit came first) the old greedy repair still tries.
        if search.state.violation > 0 { search.construct() }
        search.improve(until: shouldStop)
        var best = search.state
        var bestScore = search.score
        // Rounds from the best plan so far: two of three annealing (a descent every sixth round),
        // the third ruin-and-recreate; the descent again on the winner.
        for round in 0..<restarts where !shouldStop() {
            search.state = best
            if round % 3 == 2 {
                search.ruinAndRecreate(size: 2 + round % 9)
            } else {
                search.anneal()
                if round % 6 == 4 { search.improve(until: shouldStop, budget: CommunitySearch.roundBudget) }
            }
            let score = search.score
            if score < bestScore - 1e-9 {
                best = search.state
                bestScore = score
            }
        }
        search.state = best
        search.improve(until: shouldStop)
        state = search.state
        // Pins on teachers who cannot move at all are broken in every plan.
        var broken = state.brokenRules
        let movable = Set(state.movers.map(\.teacher))
        for school in scenario.communities[community].schools {
            for teacher in staffing.byHome[school] {
                guard let pin = scenario.pins[teacher], pin.action != .stay, !movable.contains(teacher) else { continue }
                broken.append("\(Vocabulary.rule("R7"))：\(scenario.named(teacher: teacher))有已定安排，但不符合交流条件，无法交流")
            }
        }
        return HeuristicRotationResult(
            plan: RotationPlan(moves: state.moves), feasible: broken.isEmpty, brokenRules: broken, objective: state.objective)
    }
}

/// The search over one community's state.
struct CommunitySearch {
    var state: RotationSearchState
    /// Changes a descent may still try (`improve`, `construct`): a work limit that stops at the
    /// same point on every machine, so that a large community's descent cannot run for minutes.
    var budget = 0
    static let descentBudget = 1_000_000
    /// The descents inside a round of ruin and recreate get a tenth of that.
    static let roundBudget = 100_000
    var random: SeededRandom
    /// Large enough that one unit of rule violation outweighs any objective difference.
    let penalty: Double

    /// Movers by home school and subject, for swaps within a school.
    let bySchoolSubject: [Int: [Int: [Int]]]
    let byHome: [Int: [Int]]
    let leadMovers: [Int]
    /// The member unit (keyed by its member school) of each member and site.
    let unitOf: [Int: Int]
    /// Movers of each member unit, and by subject, for pairs that keep a unit's balance (R5).
    let byUnit: [Int: [Int]]
    let byUnitSubject: [Int: [Int: [Int]]]

    init(state: RotationSearchState, random: SeededRandom) {
        self.state = state
        self.random = random
        var unitOf: [Int: Int] = [:]
        for unit in state.community.units {
            for school in unit.schools { unitOf[school] = unit.member }
        }
        var grouped: [Int: [Int: [Int]]] = [:]
        var byUnit: [Int: [Int]] = [:]
        var byUnitSubject: [Int: [Int: [Int]]] = [:]
        for (index, mover) in state.movers.enumerated() {
            grouped[mover.home, default: [:]][mover.subject, default: []].append(index)
            if let member = unitOf[mover.home] {
                byUnit[member, default: []].append(index)
                byUnitSubject[member, default: [:]][mover.subject, default: []].append(index)
            }
        }
        bySchoolSubject = grouped
        byHome = Dictionary(grouping: state.movers.indices, by: { state.movers[$0].home })
        leadMovers = byHome[state.community.lead] ?? []
        self.unitOf = unitOf
        self.byUnit = byUnit
        self.byUnitSubject = byUnitSubject
        let weights = state.weights
        penalty =
            1000
            * (1 + weights.shortfall + weights.move + weights.travelKm * state.policy.maxKm
                + 100 * weights.equity + weights.volunteer + 10 * weights.tenure)
    }

    /// The current plan's objective, with every unit of violation at the full penalty.
    var score: Double {
        state.objective + penalty * state.violation
    }

    /// Pins first, then the cheapest changes that reduce the violation, one at a time.
    mutating func construct(budget work: Int = descentBudget) {
        for index in state.movers.indices where state.assignment[index] == nil {
            switch state.movers[index].pin {
            case .to(let school) where state.movers[index].targets.contains(school):
                state.assign(index, to: school)
            case .rotate:
                if let cheapest = state.movers[index].targets.indices.min(by: { state.movers[index].costs[$0] < state.movers[index].costs[$1] }) {
                    state.assign(index, to: state.movers[index].targets[cheapest])
                }
            default: break
            }
        }
        budget = work
        while state.violation > 0, budget > 0 {
            guard applyBest(pairs: true, requireViolationDrop: true) else { break }
        }
    }

    /// Ruin and recreate: up to `size` unpinned moves into or out of one member unit, chosen at
    /// random, are stopped; the cheapest changes that restore the rules rebuild the plan, and a
    /// descent follows. It reaches plans that send fewer teachers with other roles (one cadre
    /// instead of a backbone teacher and a pair), which single changes and short walks miss.
    mutating func ruinAndRecreate(size: Int) {
        let members = state.community.members
        guard !members.isEmpty else { return }
        let member = members[random.int(0...(members.count - 1))]
        let touching = state.movers.indices.filter { index in
            guard let target = state.assignment[index], state.movers[index].pin == nil else { return false }
            return unitOf[target] == member || unitOf[state.movers[index].home] == member
        }
        guard !touching.isEmpty else { return }
        for index in random.shuffled(touching).prefix(size) { state.assign(index, to: nil) }
        construct(budget: Self.roundBudget)
        improve(budget: Self.roundBudget)
    }

    /// Best-improvement local search until no neighbour scores better, or `stop` says so.
    mutating func improve(until stop: () -> Bool = { false }, budget work: Int = descentBudget) {
        var rounds = 0
        budget = work
        while rounds < 200, budget > 0, !stop(), applyBest(pairs: true, requireViolationDrop: false) { rounds += 1 }
    }

    /// Idle lead teachers tried, cheapest first, for a place in the two-swap neighbourhood.
    static let swapCandidates = 24

    /// Steps of one annealing round for a community with `movers` movers.
    static func iterations(movers: Int) -> Int { min(40_000, 4_000 + 40 * movers) }

    /// Simulated annealing over random single changes, swaps, paired moves and small chains,
    /// so that the search can cross plans that are worse for a step or two (a shortfall closed
    /// by two changes at once, say). Keeps the best lawful plan it passes.
    mutating func anneal() {
        let movers = state.movers
        guard !movers.isEmpty else { return }
        let lead = state.community.lead
        let members = state.community.members
        let iterations = Self.iterations(movers: movers.count)
        var temperature = 600.0
        let cooling = pow(0.5 / temperature, 1 / Double(iterations))
        // A soft penalty lets the walk cross plans that break a rule for a step or two.
        let soft = 2 * state.weights.shortfall + state.weights.move + 1
        var softScore: Double { state.objective + soft * state.violation }
        var current = softScore
        var best = state
        var bestScore = state.violation == 0 ? current : .infinity
        var changes: [(Int, Int?)] = []
        func free(_ index: Int) -> Bool { movers[index].pin == nil }
        func pick(_ list: [Int]) -> Int? { list.isEmpty ? nil : list[random.int(0...(list.count - 1))] }
        for _ in 0..<iterations {
            temperature *= cooling
            changes.removeAll(keepingCapacity: true)
            let roll = random.unit()
            if roll < 0.3 {
                // Start, stop or redirect one move (a teacher pinned to rotate may only redirect).
                let index = random.int(0...(movers.count - 1))
                let options = movers[index].targets.count
                let pin = movers[index].pin
                guard options > 0, pin == nil || pin == .rotate else { continue }
                let choice = random.int(0...(pin == nil ? options : options - 1))
                let target: Int? = choice == options ? nil : movers[index].targets[choice]
                if target == state.assignment[index] { continue }
                changes = [(index, target)]
            } else if roll < 0.5 {
                // A move taken over by another teacher of the same school.
                let out = random.int(0...(movers.count - 1))
                guard let target = state.assignment[out], free(out), let other = pick(byHome[movers[out].home] ?? []),
                    state.assignment[other] == nil, free(other), movers[other].kind != movers[out].kind,
                    movers[other].targets.contains(target)
                else { continue }
                changes = [(out, nil), (other, target)]
            } else if roll < 0.6 {
                // Two of the lead's moves trade members.
                guard let first = pick(leadMovers), let second = pick(leadMovers), movers[first].kind != movers[second].kind,
                    movers[first].pin == nil || movers[first].pin == .rotate, movers[second].pin == nil || movers[second].pin == .rotate,
                    let a = state.assignment[first], let b = state.assignment[second], a != b,
                    movers[first].targets.contains(b), movers[second].targets.contains(a)
                else { continue }
                changes = [(first, b), (second, a)]
            } else if roll < 0.75 {
                // A pair that keeps a member unit's balance, added or removed; half of the added
                // pairs are of one subject, which leaves both staffings as they were.
                let member = members[random.int(0...(members.count - 1))]
                guard let first = pick(leadMovers), free(first) else { continue }
                let sameSubject = byUnitSubject[member]?[movers[first].subject] ?? []
                guard let second = random.chance(0.5) ? pick(sameSubject) : pick(byUnit[member] ?? []), free(second) else { continue }
                let into = movers[first].targets.filter { unitOf[$0] == member }
                if state.assignment[first] == nil && state.assignment[second] == nil, let target = pick(into),
                    !movers[second].targets.isEmpty
                {
                    changes = [(first, target), (second, lead)]
                } else if state.assignment[first].flatMap({ unitOf[$0] }) == member && state.assignment[second] != nil {
                    changes = [(first, nil), (second, nil)]
                } else {
                    continue
                }
            } else if roll < 0.85 {
                // A pair exchanged for a pair of one subject at the same school of a member unit.
                guard let out = pick(leadMovers), free(out), let target = state.assignment[out], let member = unitOf[target],
                    let back = pick(byUnit[member] ?? []), free(back), state.assignment[back] != nil,
                    let incoming = pick(leadMovers), state.assignment[incoming] == nil, free(incoming),
                    movers[incoming].targets.contains(target),
                    let partner = pick(byUnitSubject[member]?[movers[incoming].subject] ?? []),
                    state.assignment[partner] == nil, free(partner), !movers[partner].targets.isEmpty
                else { continue }
                changes = [(out, nil), (back, nil), (incoming, target), (partner, lead)]
            } else if roll < 0.95 {
                // A chain: one lead move stops, another teacher starts towards member B, and the
                // move that was going to B goes to the first member instead.
                guard let out = pick(leadMovers), free(out), let first = state.assignment[out],
                    let incoming = pick(leadMovers), state.assignment[incoming] == nil, free(incoming),
                    !movers[incoming].targets.isEmpty
                else { continue }
                let second = movers[incoming].targets[random.int(0...(movers[incoming].targets.count - 1))]
                guard second != first, let moved = pick(leadMovers), state.assignment[moved] == second,
                    movers[moved].pin == nil || movers[moved].pin == .rotate, movers[moved].targets.contains(first)
                else { continue }
                changes = [(out, nil), (incoming, second), (moved, first)]
            } else {
                // Two swaps at once: a lead move taken by a teacher of another subject, and a
                // teacher coming back replaced by one of that subject.
                guard let out = pick(leadMovers), free(out), let target = state.assignment[out],
                    let incoming = pick(leadMovers), state.assignment[incoming] == nil, free(incoming),
                    movers[incoming].targets.contains(target),
                    let member = members.randomElement(using: &random), let back = pick(byUnit[member] ?? []),
                    free(back), state.assignment[back] != nil,
                    let partner = pick(byUnitSubject[member]?[movers[incoming].subject] ?? []),
                    state.assignment[partner] == nil, free(partner), !movers[partner].targets.isEmpty
                else { continue }
                changes = [(out, nil), (incoming, target), (back, nil), (partner, lead)]
            }
            let previous = changes.map { (index: $0.0, target: state.assignment[$0.0]) }
            guard apply(changes) else {
                for entry in previous.reversed() { state.assign(entry.index, to: entry.target) }
                continue
            }
            let candidate = softScore
            let delta = candidate - current
            if delta <= 0 || random.unit() < exp(-delta / temperature) {
                current = candidate
                if state.violation == 0 && candidate < bestScore - 1e-9 {
                    best = state
                    bestScore = candidate
                }
            } else {
                for entry in previous.reversed() { state.assign(entry.index, to: entry.target) }
            }
        }
        if bestScore.isFinite { state = best }
    }
}

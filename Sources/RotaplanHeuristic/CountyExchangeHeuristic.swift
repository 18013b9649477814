import RotaplanDomain

/// A rule the county heuristic's plan does not keep, in the office's words.
public struct CountyBrokenRule: Sendable, Hashable {
    /// The community a secondment rule (R2–R5) is about; nil for a school's rule or a pin.
    public var community: Int?
    public var text: String
}

/// The county's Part 1 plan with the exchange, found by the heuristic.
public struct CountyHeuristicResult: Sendable {
    public var plan: RotationPlan
    /// Whether the plan keeps every rule R1–R7 and X1–X3. An unlawful plan is never called feasible.
    public var feasible: Bool
    /// The rules the plan does not keep (empty when feasible); when `proven`, why no plan can.
    public var broken: [CountyBrokenRule]
    /// docs/model.md's county objective of the plan.
    public var objective: Double
    /// Whether no lawful plan exists for a reason that holds in every plan (a pin that no lawful
    /// move can meet, an urban school with too few teachers who can go anywhere for X1): a
    /// count, not a search that gave up.
    public var proven = false
}

/// docs/model.md "Part 1 with the county exchange" without a solver (docs/solving.md "The county
/// exchange"). In order:
/// 1. pins only an exchange can meet are placed (a `to` pin to a school only an exchange
///    reaches; a `rotate` pin on a teacher who cannot be seconded, e.g. an independent school's);
/// 2. each community's secondments by the community heuristic (`RotationHeuristic`), on a view
///    of the scenario in which the teachers of those exchanges stay;
/// 3. the exchanges from the urban schools, one circulation for the county
///    (`CountyExchangeFlow`): X1 first, then every exchange that closes rural shortfall for less
///    than it costs, X2 by rounds;
/// 4. local search on the exact county objective (`CountySearch`), repairing any rule still
///    broken first; the exchanges made again around the settled secondments
///    (`CountyExchangeFlow.reflow`) and the search again;
/// 5. `rounds` rounds of annealing from the better start, then ejection chains
///    (`CountySearch.chain`): at most `chainRounds` accepted, ending once `chainEvaluations`
///    changes have been scored.
///
/// The work is fixed by `rounds` and the seed, so the same seed gives the same plan on any
/// machine; `shouldStop` (a deadline, a cancellation) may end it early with the best plan so far,
/// and `onceLawful` (a softer deadline) ends it as soon as it also has a lawful plan: a caller
/// with little time gets a lawful plan late rather than none on time.
public enum CountyExchangeHeuristic {
    public static func solve(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, seed: UInt64, rounds: Int = 30,
        chainRounds: Int = 10, chainEvaluations: Int = 3_000_000, shouldStop hardStop: () -> Bool = { false }, onceLawful: () -> Bool = { false }
    ) -> CountyHeuristicResult {
        var lawful = false
        func shouldStop() -> Bool { hardStop() || (lawful && onceLawful()) }
        let facts = CountySearchState.Facts(scenario: scenario, staffing: staffing, eligibility: eligibility)
        if !facts.unmeetable.isEmpty {
            return CountyHeuristicResult(
                plan: .empty, feasible: false, broken: facts.unmeetable.map { CountyBrokenRule(community: nil, text: $0) },
                objective: 0, proven: true)
        }
        var start = CountySearchState(facts: facts)
        placeExchangePins(&start)
        var moverOf: [Int: Int] = [:]
        for (index, mover) in start.movers.enumerated() { moverOf[mover.teacher] = index }
        // Two starts: the secondments first and the exchanges around them, or first the
        // exchanges that pay for themselves (a shortfall closed without a teacher sent back, as
        // a secondment needs under R5) and the secondments around them.
        var starts: [CountySearchState] = []
        for exchangesFirst in [false, true] where !shouldStop() {
            var state = start
            if exchangesFirst { CountyExchangeFlow.addExchanges(&state, meetingX1: false) }
            addSecondments(&state, moverOf: moverOf, seed: seed, shouldStop: shouldStop)
            if !shouldStop() { CountyExchangeFlow.addExchanges(&state) }
            var search = CountySearch(state: state, seed: seed)
            search.descend(until: shouldStop)
            // The exchanges made again around the secondments the descent settled on.
            var again = CountySearch(state: CountyExchangeFlow.reflow(search.state), seed: seed)
            again.descend(until: shouldStop)
            if better(again.state, than: search.state) { search.state = again.state }
            starts.append(search.state)
            lawful = lawful || search.state.violation == 0
        }
        let state = starts.dropFirst().reduce(starts.first ?? start) { better($1, than: $0) ? $1 : $0 }
        var search = CountySearch(state: state, seed: seed)
        var best = state
        let iterations = CountySearch.iterations(movers: state.movers.count)
        for round in 0..<rounds where !shouldStop() {
            search.state = best
            search.anneal(iterations: iterations, until: shouldStop)
            if round % 2 == 1 || search.state.violation > 0 { search.descend(until: shouldStop) }
            if better(search.state, than: best) { best = search.state }
            lawful = best.violation == 0
        }
        search.state = best
        search.descend(until: shouldStop)
        // The chains end on work: `chainEvaluations` changes scored, whatever the county's size.
        let chainLimit = search.evaluations + chainEvaluations
        var chains = 0
        while chains < chainRounds, !shouldStop(), search.chain(evaluationLimit: chainLimit, until: shouldStop) {
            search.descend(evaluationLimit: chainLimit, until: shouldStop)
            chains += 1
        }
        if better(search.state, than: best) { best = search.state }
        if best.violation > 0 { best = repairX2(best, seed: seed, shouldStop: shouldStop) }
        let broken = brokenRules(best)
        return CountyHeuristicResult(plan: RotationPlan(moves: best.moves), feasible: broken.isEmpty, broken: broken, objective: best.objective)
    }

    /// The community heuristic's restarts for a start: its fewest. The county's own search works
    /// the start over afterwards. With 36 restarts (what two communities get) the sweep's 14
    /// counties GLPK proves ended on the same plans, 15% slower.
    static let startRestarts = RotationHeuristic.fewestRounds

    /// Each community's secondments by the community heuristic, on a view of the scenario in
    /// which the exchanges already in `state` are given: their teachers stay (a pin), a rural
    /// pair's demand is lowered by the exchanges it receives (so its shortfall is the county's),
    /// and an urban pair's demand is raised to R6's floor plus the exchanges it sends (so its
    /// secondments keep R6 with them). The view is never looser than the county on R6.
    static func addSecondments(_ state: inout CountySearchState, moverOf: [Int: Int], seed: UInt64, shouldStop: () -> Bool) {
        let facts = state.facts
        let scenario = facts.scenario
        var view = scenario
        var sent = [Int](repeating: 0, count: facts.pairs.count)
        for (index, mover) in state.movers.enumerated() where !state.isIdle(index) && mover.targets[state.position[index]].kind == .exchange {
            // A pin of the view alone holds the exchanged teacher out of the secondments.
            view.pins[mover.teacher] = Pin(teacher: mover.teacher, action: .stay, row: 0)
            sent[mover.homePair] += 1
        }
        for (pair, key) in facts.pairs.enumerated() {
            let received = state.exchangesIn[pair]
            if received > 0 { view.demand[key]?.teachers = max(0, facts.demand[pair] - received) }
            if sent[pair] > 0 { view.demand[key]?.teachers = facts.floor[pair] + sent[pair] }
        }
        for community in scenario.communities.indices where !shouldStop() {
            let found = RotationHeuristic.solve(
                view, staffing: facts.staffing, eligibility: facts.eligibility, community: community, seed: seed,
                restarts: startRestarts,
                attempts: RotationHeuristic.attemptsWithoutLimit, shouldStop: shouldStop)
            for move in found.plan.moves {
                if let mover = moverOf[move.teacher] { state.assign(mover, to: move.to) }
            }
        }
    }

    /// X2 at an urban school whose cadres and backbone teachers can only go where a post is
    /// full: a chain the search's changes of two do not reach (seed 8 of
    /// `CountyExchangeHeuristicTests`). One of them is exchanged into such a pair while a
    /// teacher of the pair leaves for one of their own targets (a member's teacher back to the
    /// lead), and a descent repairs what that breaks (a lead's teacher into the member for R5).
    /// Every such chain of two is scored (at most `chains`), and the `descents` best are
    /// descended from, so the work is fixed.
    static func repairX2(
        _ state: CountySearchState, seed: UInt64, chains: Int = 20_000, descents: Int = 12, shouldStop: () -> Bool
    ) -> CountySearchState {
        let facts = state.facts
        let movers = state.movers
        var scored: [(score: Double, strong: Int, position: Int, leaver: Int, away: Int)] = []
        var trial = state
        search: for urban in facts.urbanSchools.indices
        where !facts.exchange.keepsBackboneShare(strong: state.urbanStrong[urban], sent: state.urbanSent[urban]) {
            for strong in movers.indices where movers[strong].urban == urban && movers[strong].strong && movers[strong].pin == nil {
                guard state.isIdle(strong) else { continue }
                for (position, target) in movers[strong].targets.enumerated() where target.kind == .exchange {
                    // One teacher of each kind present at the pair, who may leave it.
                    var kinds: Set<Int> = []
                    for leaver in movers.indices where movers[leaver].homePair == target.pair && movers[leaver].pin == nil {
                        guard state.isIdle(leaver), kinds.insert(movers[leaver].kind).inserted else { continue }
                        for away in movers[leaver].targets.indices {
                            if scored.count >= chains || shouldStop() { break search }
                            trial.assign(strong, position: position)
                            trial.assign(leaver, position: away)
                            scored.append((trial.score, strong, position, leaver, away))
                            trial.assign(leaver, position: -1)
                            trial.assign(strong, position: -1)
                        }
                    }
                }
            }
        }
        var best = state
        for chain in scored.sorted(by: { $0.score < $1.score }).prefix(descents) where !shouldStop() {
            var start = state
            start.assign(chain.strong, position: chain.position)
            start.assign(chain.leaver, position: chain.away)
            var search = CountySearch(state: start, seed: seed)
            search.descend(until: shouldStop)
            if better(search.state, than: best) { best = search.state }
            if best.violation == 0 { break }
        }
        return best
    }

    /// A lawful plan beats an unlawful one; then the lower score wins.
    static func better(_ candidate: CountySearchState, than incumbent: CountySearchState) -> Bool {
        let (lawful, was) = (candidate.violation == 0, incumbent.violation == 0)
        if lawful != was { return lawful }
        return candidate.score < incumbent.score - 1e-9
    }

    /// Pins only an exchange can meet, placed first: a `to` pin to a school only an exchange
    /// reaches, and a `rotate` pin on a teacher who cannot be seconded (the exchange that scores
    /// best by itself). Returns the movers placed.
    @discardableResult
    static func placeExchangePins(_ state: inout CountySearchState) -> [Int] {
        var placed: [Int] = []
        for (index, mover) in state.movers.enumerated() {
            guard let pin = mover.pin, !mover.targets.contains(where: { $0.kind == .secondment }) else { continue }
            switch pin {
            case .to:
                state.assign(index, position: 0)
            case .rotate:
                var best: (position: Int, score: Double)?
                for position in mover.targets.indices {
                    state.assign(index, position: position)
                    if state.score < (best?.score ?? .infinity) { best = (position, state.score) }
                }
                state.assign(index, position: best?.position ?? 0)
            case .stay:
                continue
            }
            placed.append(index)
        }
        return placed
    }

    /// The rules the plan does not keep, each at its place, in the office's words.
    static func brokenRules(_ state: CountySearchState) -> [CountyBrokenRule] {
        let facts = state.facts
        let scenario = facts.scenario
        let policy = facts.policy
        var broken: [CountyBrokenRule] = []
        for (index, community) in scenario.communities.enumerated() {
            let lead = "牵头校 \(scenario.named(school: community.lead))"
            let (sent, strong) = (state.leadSent[index], state.leadStrong[index])
            if sent < facts.requiredSends[index] {
                broken.append(CountyBrokenRule(community: index, text: "\(Vocabulary.rule("R2"))：\(lead)只派出 \(sent) 人，须至少 \(facts.requiredSends[index]) 人"))
            }
            if !policy.keepsBackboneShare(strong: strong, sent: sent) {
                broken.append(
                    CountyBrokenRule(
                        community: index, text: "\(Vocabulary.rule("R3"))：\(lead)派出 \(sent) 人，其中干部和骨干教师 \(strong) 人，不足 \(Display.percent(policy.backboneShare))"
                    ))
            }
            for unit in facts.unitsOf[index] {
                let member = facts.units[unit].member
                if state.cadresIn[unit] < policy.minCadresPerMember {
                    broken.append(
                        CountyBrokenRule(
                            community: index,
                            text: "\(Vocabulary.rule("R4"))：\(scenario.named(unit: member))接收干部 \(state.cadresIn[unit]) 人，须至少 \(policy.minCadresPerMember) 人"))
                }
                if !policy.keepsBalance(received: state.unitIn[unit], sent: state.unitOut[unit]) {
                    broken.append(
                        CountyBrokenRule(
                            community: index,
                            text:
                                "\(Vocabulary.rule("R5"))：\(scenario.named(unit: member))接收 \(state.unitIn[unit]) 人、派出 \(state.unitOut[unit]) 人，相差超过 \(policy.balanceTolerance) 人"
                        ))
                }
            }
        }
        for (pair, key) in facts.pairs.enumerated() {
            let school = scenario.named(school: key.school)
            let subject = Display.subject(key.subject)
            if state.after[pair] < facts.floor[pair] {
                broken.append(
                    CountyBrokenRule(
                        community: nil,
                        text:
                            "\(Vocabulary.rule("R6"))：\(school)的\(subject)教师将由 \(facts.current[pair]) 人减到 \(state.after[pair]) 人，少于现有人数与需求人数中的较小者 \(facts.floor[pair]) 人"
                    ))
            }
            if state.exchangesIn[pair] > 0 && state.after[pair] > facts.cap[pair] {
                broken.append(
                    CountyBrokenRule(
                        community: nil, text: "\(Vocabulary.rule("X3"))：\(school)的\(subject)教师将有 \(state.after[pair]) 人，超出现有人数与需求人数中的较大者 \(facts.cap[pair]) 人"))
            }
        }
        for (index, mover) in state.movers.enumerated() {
            guard let pin = mover.pin else { continue }
            let kept =
                switch pin {
                case .rotate: !state.isIdle(index)
                case .to(let school): state.target(of: index) == school
                case .stay: true
                }
            if !kept {
                broken.append(
                    CountyBrokenRule(
                        community: nil, text: "\(Vocabulary.rule("R7"))：\(scenario.named(teacher: mover.teacher))的已定安排（\(scenario.describe(pin))）未能落实"))
            }
        }
        let exchange = facts.exchange
        for (urban, school) in facts.urbanSchools.enumerated() {
            let name = "城镇学校 \(scenario.named(school: school))"
            let (sent, strong) = (state.urbanSent[urban], state.urbanStrong[urban])
            if sent < facts.requiredExchanges[urban] {
                broken.append(
                    CountyBrokenRule(
                        community: nil, text: "\(Vocabulary.rule("X1"))：\(name)只派出 \(sent) 人（共同体派驻与区域交流合计），须至少 \(facts.requiredExchanges[urban]) 人"))
            }
            if !exchange.keepsBackboneShare(strong: strong, sent: sent) {
                broken.append(
                    CountyBrokenRule(
                        community: nil, text: "\(Vocabulary.rule("X2"))：\(name)派出 \(sent) 人，其中干部和骨干教师 \(strong) 人，不足 \(Display.percent(exchange.backboneShare))"
                    ))
            }
        }
        return broken
    }
}

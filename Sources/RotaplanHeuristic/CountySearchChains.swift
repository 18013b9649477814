extension CountySearch {
    /// Every change the descent weighs: those around each busy mover and around one idle mover
    /// of each kind, then the balanced pairs.
    func neighbourhood() -> [Change] {
        let representatives = state.idleRepresentatives()
        let representativeSet = Set(representatives)
        let byHomeIdle = Dictionary(grouping: representatives.filter { mayChange($0) }, by: { state.movers[$0].home })
        var result: [Change] = []
        for index in state.movers.indices where !state.isIdle(index) || representativeSet.contains(index) {
            result += changes(around: index, idle: byHomeIdle).filter { change in
                change.allSatisfy { step in step.mover == index || state.isIdle(step.mover) }
            }
        }
        return result + pairChanges(idle: representativeSet)
    }

    /// Ejection chains (docs/solving.md "The county exchange", step 5). An opening gains on the
    /// objective but breaks a rule: a change of the descent's neighbourhood, or a path that
    /// closes a shortfall (`shortfallPaths`). The descent never takes one, since its first
    /// change is worse by a broken rule. Each opening is repaired by a descent that may not
    /// touch the opening's teachers, then polished by one over the whole plan; if that is not
    /// lawful and better than the plan, the same again from the opening with the exchanges made
    /// afresh around it (`CountyExchangeFlow.reflow`). Openings are tried best first, one of
    /// alike ones, at most `starts` of them and until `evaluationLimit` changes have been
    /// scored; the first chain that ends better is kept. Returns whether the plan improved.
    mutating func chain(starts: Int = 24, evaluationLimit: Int = .max, until stop: () -> Bool) -> Bool {
        let base = state
        var openings: [(change: Change, objective: Double)] = []
        for change in neighbourhood() {
            let (objective, violation) = reading(change) { ($0.objective, $0.violation) }
            if violation > base.violation + 1e-9 && objective < base.objective - 1e-9 { openings.append((change, objective)) }
        }
        for path in shortfallPaths() {
            let objective = reading(path) { $0.objective }
            if objective < base.objective - 1e-9 { openings.append((path, objective)) }
        }
        openings.sort { $0.objective < $1.objective }
        // Teachers of one subject at one school going to one place open alike: one of them is tried.
        var seen: Set<[Int]> = []
        openings = openings.filter { opening in
            seen.insert(
                opening.change.flatMap { step in
                    [state.movers[step.mover].homePair, step.position < 0 ? -1 : state.movers[step.mover].targets[step.position].pair]
                }
            ).inserted
        }
        for opening in openings.prefix(starts) {
            if stop() || evaluations >= evaluationLimit { break }
            state = base
            for step in opening.change { state.assign(step.mover, position: step.position) }
            let opened = state
            let kept = Set(opening.change.map(\.mover))
            // The rest repaired around the opening, then the whole plan polished; then again
            // with the exchanges made afresh around the opening.
            descend(evaluationLimit: evaluationLimit, keeping: kept, until: stop)
            descend(evaluationLimit: evaluationLimit, until: stop)
            if CountyExchangeHeuristic.better(state, than: base) { return true }
            state = CountyExchangeFlow.reflow(opened, keeping: kept)
            descend(evaluationLimit: evaluationLimit, keeping: kept, until: stop)
            descend(evaluationLimit: evaluationLimit, until: stop)
            if CountyExchangeHeuristic.better(state, than: base) { return true }
        }
        state = base
        return false
    }

    /// Paths that close a shortfall of subject k at a school: a teacher of k goes there, and
    /// where that leaves their own school below its R6 floor for k, another teacher of k goes
    /// there in turn, up to `depth` moves (the lead's music teacher into a member short of
    /// one, and a member's music teacher back to the lead). The rules that count people
    /// rather than subjects (R5, X1) are left to the repair after it. One idle teacher of each
    /// kind is used, and at most `limit` paths.
    func shortfallPaths(depth: Int = 4, limit: Int = 400) -> [Change] {
        let facts = state.facts
        let movers = state.movers
        // Idle movers of each kind, by the pair each of their targets arrives at.
        var into: [Int: [(mover: Int, position: Int)]] = [:]
        for mover in state.idleRepresentatives() where mayChange(mover) {
            for (position, target) in movers[mover].targets.enumerated() { into[target.pair, default: []].append((mover, position)) }
        }
        var paths: [Change] = []
        // Pairs from which no path ends within so many more moves, whatever path led there: on
        // a county of 5,000 teachers the tree of paths of four that end nowhere has millions of
        // branches. A search that failed only because a teacher was already on its path is not
        // remembered (from another path it may succeed).
        var deadEnds: Set<Int> = []
        enum Outcome { case found, failed, failedOnThisPath }
        @discardableResult
        func extend(_ path: Change, arrivingAt pair: Int) -> Outcome {
            guard paths.count < limit, path.count < depth else { return .failed }
            let key = pair * (depth + 1) + depth - path.count
            guard !deadEnds.contains(key) else { return .failed }
            var found = false
            var pathMattered = false
            for step in into[pair] ?? [] {
                guard !path.contains(where: { $0.mover == step.mover }) else {
                    pathMattered = true
                    continue
                }
                let longer = path + [step]
                // The path ends where the teacher leaves neither an R6 hole nor a shortfall.
                let source = movers[step.mover].homePair
                let keeps = facts.counted[source] ? max(facts.floor[source], facts.demand[source]) : facts.floor[source]
                if state.after[source] > keeps {
                    paths.append(longer)
                    found = true
                    if paths.count >= limit { return .found }
                } else {
                    switch extend(longer, arrivingAt: source) {
                    case .found: found = true
                    case .failedOnThisPath: pathMattered = true
                    case .failed: break
                    }
                }
            }
            if found { return .found }
            if pathMattered { return .failedOnThisPath }
            deadEnds.insert(key)
            return .failed
        }
        for pair in facts.pairs.indices where facts.counted[pair] && state.after[pair] < facts.demand[pair] {
            extend([], arrivingAt: pair)
        }
        return paths
    }
}

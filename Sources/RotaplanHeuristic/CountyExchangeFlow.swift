import RotaplanDomain

/// The exchange phase of the county heuristic (docs/solving.md "The county exchange"): with the
/// secondments and the pinned exchanges in place, which idle teachers of the urban schools go
/// to which rural schools, as one minimum-cost circulation.
///
/// A unit of flow is one teacher: from the urban school's node through the teacher's class
/// (alike teachers; the edge costs the move without its km) and the home pair `(u,k)`, whose
/// edge lets out no more than R6 allows (`after − min(current, demand)`), to a rural pair
/// `(r,k)` within `exchange.max_km` (the edge costs the km), which takes no more than X3 allows
/// (`max(current, demand) − after`); of that room, the part that closes shortfall earns the
/// shortfall weight. X1's missing sends at each urban school earn a reward larger than any cost,
/// so the circulation meets X1 wherever R6 and X3 let it, and otherwise sends only what pays.
/// X2 is not a flow: where the plan falls short of it, a round asks for as many more cadres and
/// backbone teachers (with the same reward), and the best plan of the rounds is kept.
enum CountyExchangeFlow {
    /// Costs are kept whole: cents of the objective.
    static func cents(_ value: Double) -> Int { Int((value * 100).rounded()) }

    /// Adds the exchanges to `state`; the plan of the round that scores best is kept (the plan
    /// without any new exchange among them).
    /// Without `meetingX1` only exchanges that pay for themselves are made (X1 and X2 wait for
    /// the secondments, which count toward them).
    static func addExchanges(_ state: inout CountySearchState, meetingX1: Bool = true, rounds: Int = 4) {
        let base = state
        var best = state
        var wanted: [Int: Int] = [:]
        for _ in 0..<max(1, meetingX1 ? rounds : 1) {
            var trial = base
            guard let flows = exchanges(base, strongWanted: wanted, meetingX1: meetingX1) else { break }
            for (mover, school) in flows { trial.assign(mover, to: school) }
            if trial.score < best.score - 1e-9 { best = trial }
            guard meetingX1 else { break }
            // X2 where it falls short: ask for that many more cadres and backbone teachers.
            var more = false
            for urban in trial.facts.urbanSchools.indices {
                let needed = trial.facts.exchange.backboneRequired(sent: trial.urbanSent[urban])
                let missing = Int((needed - Double(trial.urbanStrong[urban]) - 1e-9).rounded(.up))
                guard missing > 0 else { continue }
                let sentStrong = flows.count { move in
                    let mover = trial.movers[move.mover]
                    return mover.urban == urban && mover.strong
                }
                wanted[urban] = sentStrong + missing
                more = true
            }
            if !more { break }
        }
        state = best
    }

    /// `state` with every exchange not pinned made again by `addExchanges`, around its
    /// secondments: the circulation moves many exchanges at once where the search moves two.
    static func reflow(_ state: CountySearchState, keeping kept: Set<Int> = []) -> CountySearchState {
        var result = state
        for (index, mover) in state.movers.enumerated() where mover.pin == nil && !state.isIdle(index) && !kept.contains(index) {
            if mover.targets[state.position[index]].kind == .exchange { result.assign(index, position: -1) }
        }
        addExchanges(&result)
        return result
    }

    /// The exchanges of one circulation: mover and rural school; nil when the network is empty.
    static func exchanges(_ state: CountySearchState, strongWanted: [Int: Int], meetingX1: Bool) -> [(mover: Int, school: Int)]? {
        let facts = state.facts
        let movers = facts.movers
        // Idle, unpinned teachers of urban schools who may be exchanged, by kind, in order.
        var classes: [[Int]] = []
        var classOf: [Int: Int] = [:]
        for index in movers.indices where state.isIdle(index) && movers[index].pin == nil && movers[index].urban >= 0 {
            guard movers[index].targets.contains(where: { $0.kind == .exchange }) else { continue }
            if let known = classOf[movers[index].kind] {
                classes[known].append(index)
            } else {
                classOf[movers[index].kind] = classes.count
                classes.append([index])
            }
        }
        guard !classes.isEmpty else { return nil }
        let big = cents(facts.penalty)
        let shortfallReward = cents(ObjectiveTerm.shortfall.coefficient(facts.weights))
        let km = facts.weights.travelKm
        var network = MinCostFlow(nodes: 2)
        let source = 0
        let sink = 1
        var urbanNodes: [Int: (strong: Int, weak: Int)] = [:]
        var homeNodes: [Int: (into: Int, out: Int)] = [:]
        var rural: [Int: Int] = [:]
        var classEdges: [(list: [Int], edge: Int)] = []
        var sendEdges: [(homePair: Int, school: Int, edge: Int)] = []
        var linked: Set<[Int]> = []
        for list in classes {
            let first = movers[list[0]]
            let urban = first.urban
            let group: (strong: Int, weak: Int)
            if let known = urbanNodes[urban] {
                group = known
            } else {
                let node = network.addNode()
                group = (network.addNode(), network.addNode())
                let missing = meetingX1 ? max(0, facts.requiredExchanges[urban] - state.urbanSent[urban]) : 0
                if missing > 0 { network.addEdge(from: source, to: node, upper: missing, cost: -big) }
                network.addEdge(from: source, to: node, cost: 0)
                if let wanted = strongWanted[urban], wanted > 0 { network.addEdge(from: node, to: group.strong, upper: wanted, cost: -big) }
                network.addEdge(from: node, to: group.strong, cost: 0)
                network.addEdge(from: node, to: group.weak, cost: 0)
                urbanNodes[urban] = group
            }
            let pair = first.homePair
            let home: (into: Int, out: Int)
            if let known = homeNodes[pair] {
                home = known
            } else {
                home = (network.addNode(), network.addNode())
                network.addEdge(from: home.into, to: home.out, upper: max(0, state.after[pair] - facts.floor[pair]), cost: 0)
                homeNodes[pair] = home
            }
            let exchangeTargets = first.targets.filter { $0.kind == .exchange }
            guard let any = exchangeTargets.first else { continue }
            let moveOnly = cents(any.cost) - cents(km * facts.scenario.km(first.home, any.school))
            let classNode = network.addNode()
            classEdges.append(
                (
                    list,
                    network.addEdge(
                        from: first.strong ? group.strong : group.weak, to: classNode, upper: list.count, cost: moveOnly)
                ))
            network.addEdge(from: classNode, to: home.into, cost: 0)
            for target in exchangeTargets where linked.insert([pair, target.pair]).inserted {
                let room = facts.cap[target.pair] - state.after[target.pair]
                guard room > 0 else { continue }
                let node: Int
                if let known = rural[target.pair] {
                    node = known
                } else {
                    node = network.addNode()
                    let short = facts.counted[target.pair] ? min(room, max(0, facts.demand[target.pair] - state.after[target.pair])) : 0
                    if short > 0 { network.addEdge(from: node, to: sink, upper: short, cost: -shortfallReward) }
                    if room > short { network.addEdge(from: node, to: sink, upper: room - short, cost: 0) }
                    rural[target.pair] = node
                }
                let edge = network.addEdge(from: home.out, to: node, cost: cents(km * facts.scenario.km(first.home, target.school)))
                sendEdges.append((pair, target.school, edge))
            }
        }
        network.addEdge(from: sink, to: source, cost: 0)
        guard let flows = network.solve() else { return nil }
        // Alike teachers in order, matched to the schools their pair sends to.
        var teachersOf: [Int: [Int]] = [:]
        for (list, edge) in classEdges where flows[edge] > 0 {
            teachersOf[movers[list[0]].homePair, default: []] += list.prefix(flows[edge])
        }
        var result: [(mover: Int, school: Int)] = []
        var next: [Int: Int] = [:]
        for (pair, school, edge) in sendEdges where flows[edge] > 0 {
            let list = teachersOf[pair] ?? []
            for _ in 0..<flows[edge] {
                let at = next[pair, default: 0]
                guard at < list.count else { break }
                result.append((list[at], school))
                next[pair] = at + 1
            }
        }
        return result
    }
}

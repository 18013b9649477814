import RotaplanDomain

/// A change of one edge's bound in the circulation.
enum BoundChange {
    case lower(Int, Int)
    case upper(Int, Int)
}

/// What one attempt of the feasibility step found.
enum FeasibilityOutcome {
    /// A lawful plan: a target school (or nil) per mover of the state.
    case found([Int?])
    /// No lawful plan exists, and why, in the user's terms.
    case proven([String])
    /// This attempt's choices led nowhere; another order may succeed.
    case notFound
}

/// Feasibility first (docs/solving.md "The heuristic and `--method`"): one community's R1, R5,
/// R6 and R7 as a circulation, with R2, R3 and R4 chosen around it.
///
/// The circulation counts teachers. A send of lead class `c` (alike teachers) to school `s`
/// leaves the lead's pair `(L,k)` and arrives at `(s,k)`; a return leaves `(s,k)` for `(L,k)`.
/// R6 lets a pair lose at most its slack `current − min(current, demand)` net: the lead's pairs
/// draw that from outside, a member unit's pairs from the unit, and the unit's net intake,
/// R5's balance, is all the unit may exchange with the outside (`balance_tolerance` either way).
/// Every lawful plan is such a circulation, so when none exists no plan exists; and every
/// circulation is a plan for R1, R5, R6 and R7 (alike teachers are filled in order). R2, R3 and
/// R4 count sends by role and member unit, which one circulation cannot; they are met by lower
/// bounds the attempt adds one at a time (a cadre into each unit, then sends until R2 and R3
/// hold), each kept only when the circulation stays feasible. The circulation has least cost
/// for the moves' own terms, so the plan is a good start for the local search.
struct RotationFeasibility {
    /// Alike lead teachers (one `kind`), sent as a class.
    struct LeadClass {
        var movers: [Int]
        var role: Role
        var supplyEdge: Int
        /// The edge into each member unit the class can reach, by unit index.
        var unitEdges: [Int: Int]
        /// Send edges: target school and edge number.
        var sends: [(target: Int, edge: Int)]
    }

    /// Alike teachers of a member unit's school, who may return to the lead.
    struct ReturnClass {
        var movers: [Int]
        var edge: Int
        var unit: Int
        /// Cadres and backbone teachers: their return lowers the unit's `Q(M)`.
        var strong: Bool
    }

    let state: RotationSearchState
    private(set) var network: MinCostFlow
    private(set) var leadClasses: [LeadClass] = []
    private(set) var returnClasses: [ReturnClass] = []
    /// Pins no lawful move can keep, in words (the plan is then infeasible).
    private(set) var brokenPins: [String] = []

    /// Costs are kept whole: cents of the objective.
    static func cost(_ value: Double) -> Int { Int((value * 100).rounded()) }

    init(state: RotationSearchState) {
        self.state = state
        let facts = state.facts
        let movers = state.movers
        let unitCount = state.community.units.count
        // Node 0 is the outside; then a node per pair, per member unit, and per class.
        let pairCount = facts.demand.count
        func pairNode(_ pair: Int) -> Int { 1 + pair }
        func unitNode(_ unit: Int) -> Int { 1 + pairCount + unit }
        var network = MinCostFlow(nodes: 1 + pairCount + unitCount)
        let lead = state.community.lead
        let tolerance = state.policy.balanceTolerance
        for unit in 0..<unitCount {
            network.addEdge(from: 0, to: unitNode(unit), upper: tolerance, cost: 0)
            network.addEdge(from: unitNode(unit), to: 0, upper: tolerance, cost: 0)
        }
        for pair in 0..<pairCount {
            let slack = facts.current[pair] - facts.floor[pair]
            let school = facts.pairSchool[pair]
            if school == lead {
                network.addEdge(from: 0, to: pairNode(pair), upper: slack, cost: 0)
                network.addEdge(from: pairNode(pair), to: 0, cost: 0)
            } else if let unit = facts.memberIndex[school] {
                network.addEdge(from: unitNode(unit), to: pairNode(pair), upper: slack, cost: 0)
                // A pair short of its demand gains a teacher per net arrival, up to the demand:
                // the shortfall term. (R6 never lets a pair lose below min(current, demand), so
                // the shortfall can only fall.)
                let short = facts.isMemberPair[pair] ? max(0, facts.demand[pair] - facts.current[pair]) : 0
                if short > 0 {
                    network.addEdge(from: pairNode(pair), to: unitNode(unit), upper: short, cost: -Self.cost(state.weights.shortfall))
                }
                network.addEdge(from: pairNode(pair), to: unitNode(unit), cost: 0)
            }
        }
        // Classes by kind, in mover order.
        var byKind: [Int: [Int]] = [:]
        var kindOrder: [Int] = []
        for (index, mover) in movers.enumerated() {
            if byKind[mover.kind] == nil { kindOrder.append(mover.kind) }
            byKind[mover.kind, default: []].append(index)
        }
        var brokenPins: [String] = []
        let scenario = state.scenario
        for kind in kindOrder {
            guard let members = byKind[kind], let first = members.first else { continue }
            let mover = movers[first]
            var lower = 0
            var allowed = Array(mover.targets.indices)
            switch mover.pin {
            case .rotate:
                lower = 1
                if mover.targets.isEmpty { brokenPins.append("\(Vocabulary.rule("R7"))：\(scenario.named(teacher: mover.teacher))已定须交流，但在距离上限之内无处可去。") }
            case .to(let school):
                lower = 1
                allowed = allowed.filter { mover.targets[$0] == school }
                if allowed.isEmpty {
                    brokenPins.append("\(Vocabulary.rule("R7"))：\(scenario.named(teacher: mover.teacher))已定交流到\(scenario.named(school: school))，而规则不允许这一去向。")
                }
            case .stay, nil:
                break
            }
            if mover.home == lead {
                let classNode = network.addNode()
                let supply = network.addEdge(from: pairNode(mover.homePair), to: classNode, lower: lower, upper: members.count, cost: 0)
                var unitEdges: [Int: Int] = [:]
                var unitNodes: [Int: Int] = [:]
                var sends: [(target: Int, edge: Int)] = []
                for position in allowed {
                    let unit = mover.targetUnits[position]
                    guard unit >= 0 else { continue }
                    let node: Int
                    if let known = unitNodes[unit] {
                        node = known
                    } else {
                        node = network.addNode()
                        unitNodes[unit] = node
                        // A teacher pinned to a school counts as a forced send into its unit (R4).
                        let pinned = if case .to = mover.pin { 1 } else { 0 }
                        unitEdges[unit] = network.addEdge(from: classNode, to: node, lower: pinned, cost: 0)
                    }
                    let edge = network.addEdge(
                        from: node, to: pairNode(mover.targetPairs[position]), upper: members.count,
                        cost: Self.cost(mover.costs[position]))
                    sends.append((mover.targets[position], edge))
                }
                leadClasses.append(LeadClass(movers: members, role: mover.role, supplyEdge: supply, unitEdges: unitEdges, sends: sends))
            } else if let position = allowed.first, mover.targets[position] == lead {
                let edge = network.addEdge(
                    from: pairNode(mover.homePair), to: pairNode(mover.targetPairs[position]), lower: lower, upper: members.count,
                    cost: Self.cost(mover.costs[position]))
                returnClasses.append(
                    ReturnClass(
                        movers: members, edge: edge, unit: facts.memberIndex[mover.home] ?? -1, strong: mover.role.isCadreOrBackbone))
            }
        }
        self.network = network
        self.brokenPins = brokenPins
    }

    // MARK: Counting a solution

    func sends(_ flows: [Int]) -> Int {
        leadClasses.reduce(0) { $0 + flows[$1.supplyEdge] }
    }

    func strongSends(_ flows: [Int]) -> Int {
        leadClasses.reduce(0) { $0 + ($1.role.isCadreOrBackbone ? flows[$1.supplyEdge] : 0) }
    }

    func cadresInto(_ unit: Int, _ flows: [Int]) -> Int {
        leadClasses.reduce(0) { total, leadClass in
            guard leadClass.role == .cadre, let edge = leadClass.unitEdges[unit] else { return total }
            return total + flows[edge]
        }
    }

    /// `E(c)` of a circulation: the lowest `100 × Q/D` of the member units with demand (nil
    /// when none has), with the units at that lowest ratio.
    func equity(_ flows: [Int]) -> (value: Double, lowest: [Int])? {
        var quality = state.quality
        for leadClass in leadClasses where leadClass.role.isCadreOrBackbone {
            for (unit, edge) in leadClass.unitEdges { quality[unit] += flows[edge] }
        }
        for returnClass in returnClasses where returnClass.strong && returnClass.unit >= 0 {
            quality[returnClass.unit] -= flows[returnClass.edge]
        }
        var ratios: [(unit: Int, ratio: Double)] = []
        for unit in quality.indices {
            if let ratio = MemberQuality.ratio(strong: quality[unit], demand: state.facts.memberDemandTotal[unit]) {
                ratios.append((unit, ratio))
            }
        }
        guard let value = ratios.map(\.ratio).min() else { return nil }
        return (value, ratios.filter { $0.ratio <= value + 1e-9 }.map(\.unit))
    }

    /// What a circulation's plan costs in the objective's cents, but for the parts of the
    /// shortfall no pair of it can close: its edges' costs less `equity × E(c)`.
    func value(_ network: MinCostFlow, _ flows: [Int]) -> Double {
        Double(network.cost(of: flows)) - (equity(flows)?.value ?? 0) * state.weights.equity * 100
    }

    /// The cheapest send of a class, for ordering candidates.
    func cheapestSend(_ leadClass: LeadClass, into unit: Int? = nil) -> Int {
        guard let first = leadClass.movers.first else { return Int.max }
        let mover = state.movers[first]
        var best = Int.max
        for (target, _) in leadClass.sends where unit == nil || state.facts.memberIndex[target] == unit {
            if let position = mover.targets.firstIndex(of: target) { best = min(best, Self.cost(mover.costs[position])) }
        }
        return best
    }

    // MARK: One attempt

    /// One attempt: R4's cadres unit by unit, then sends until R2 and R3 hold, each choice kept
    /// only when the circulation stays feasible. `random` orders the choices (nil: cheapest
    /// first). A proof is given only from what holds for every plan: the pins alone, or one
    /// unit's cadre alone on top of them.
    func attempt(random: inout SeededRandom, shuffle: Bool) -> FeasibilityOutcome {
        if !brokenPins.isEmpty { return .proven(brokenPins) }
        let policy = state.policy
        let community = state.community
        var network = self.network
        guard var flows = network.solve() else {
            return .proven([
                "\(Vocabulary.rule("R5"))、\(Vocabulary.rule("R6"))：在已定安排之下，没有方案能同时保持每个成员校派出与接收的平衡和每所学校的岗位；按可派出与可回派的人数计算即可看出。"
            ])
        }
        func noise() -> Int { shuffle ? random.int(0...6_000) : 0 }
        // Of the first few candidates that keep the circulation feasible, the cheapest is kept.
        let compared = shuffle ? 1 + random.int(0...2) : 6
        /// One of the given bound changes (candidates in order): of the first few that keep the
        /// circulation feasible, the cheapest is kept; false when none does.
        func raise(_ changes: [BoundChange]) -> Bool {
            var best: (network: MinCostFlow, flows: [Int], cost: Double)?
            var feasible = 0
            for change in changes where feasible < compared {
                var trial = network
                switch change {
                case .lower(let edge, let value): trial.setLower(edge, value)
                case .upper(let edge, let value): trial.setUpper(edge, value)
                }
                guard let solved = trial.solve() else { continue }
                feasible += 1
                let cost = value(trial, solved)
                if cost < (best?.cost ?? .infinity) { best = (trial, solved, cost) }
            }
            guard let best else { return false }
            network = best.network
            flows = best.flows
            return true
        }

        // R4: each member unit receives its cadres, each one a lower bound of its own, so that no
        // later choice can take it away.
        func forced(_ leadClass: LeadClass) -> Int {
            leadClass.unitEdges.values.reduce(0) { $0 + network.lowerBound($1) }
        }
        let units = shuffle ? random.shuffled(Array(community.units.indices)) : Array(community.units.indices)
        for unit in units {
            while leadClasses.reduce(
                0,
                { total, leadClass in
                    total + (leadClass.role == .cadre ? leadClass.unitEdges[unit].map { network.lowerBound($0) } ?? 0 : 0)
                }) < policy.minCadresPerMember
            {
                let candidates = leadClasses.indices.filter { index in
                    leadClasses[index].role == .cadre && leadClasses[index].unitEdges[unit] != nil
                        && forced(leadClasses[index]) < leadClasses[index].movers.count
                }.map { index in (index, cheapestSend(leadClasses[index], into: unit) + noise()) }
                    .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
                let changes = candidates.compactMap { index in
                    leadClasses[index].unitEdges[unit].map { BoundChange.lower($0, network.lowerBound($0) + 1) }
                }
                guard raise(changes) else {
                    if let proof = unitProof(unit) { return .proven([proof]) }
                    return .notFound
                }
            }
        }
        // R2 and R3: more sends, strong ones while R3 asks for them. Each step sends one more of
        // a class than it sends now, so the lower bounds rise and the steps end.
        func meetSends() -> FeasibilityOutcome? {
            while true {
                let sent = sends(flows)
                let strong = strongSends(flows)
                let needsStrong =
                    !policy.keepsBackboneShare(strong: strong, sent: sent)
                    || (sent < state.facts.requiredSends && !policy.keepsBackboneShare(strong: strong, sent: sent + 1))
                guard sent < state.facts.requiredSends || needsStrong else { return nil }
                let candidates = leadClasses.indices.filter { index in
                    flows[leadClasses[index].supplyEdge] < leadClasses[index].movers.count
                        && (!needsStrong || leadClasses[index].role.isCadreOrBackbone)
                }.map { index in (index, cheapestSend(leadClasses[index]) + noise()) }
                    .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
                let changes = candidates.map { BoundChange.lower(leadClasses[$0].supplyEdge, flows[leadClasses[$0].supplyEdge] + 1) }
                guard raise(changes) else {
                    if let proof = sendsProof() { return .proven([proof]) }
                    return .notFound
                }
            }
        }
        if let failed = meetSends() { return failed }
        // E(c), a minimum over member units, is not a cost on any edge: it is raised a level at a
        // time, each unit at the lowest ratio getting one more cadre or backbone teacher (sent to
        // it, or not sent back), while what that gains is worth more than what it costs.
        let equityWeight = state.weights.equity
        var levels = 0
        while equityWeight > 0, levels < 40, let (value, lowest) = equity(flows) {
            levels += 1
            let saved = (network, flows)
            var raised = true
            for unit in lowest {
                // One more cadre or backbone teacher sent to the unit, or one fewer sent back.
                var options: [(change: BoundChange, order: Int)] = []
                for leadClass in leadClasses where leadClass.role.isCadreOrBackbone {
                    guard let edge = leadClass.unitEdges[unit], flows[leadClass.supplyEdge] < leadClass.movers.count else { continue }
                    options.append((.lower(edge, flows[edge] + 1), cheapestSend(leadClass, into: unit)))
                }
                for returnClass in returnClasses where returnClass.strong && returnClass.unit == unit && flows[returnClass.edge] > 0 {
                    options.append((.upper(returnClass.edge, flows[returnClass.edge] - 1), 0))
                }
                guard raise(options.sorted { $0.order < $1.order }.map(\.change)) else {
                    raised = false
                    break
                }
            }
            guard raised, let after = equity(flows), after.value > value + 1e-9,
                self.value(network, flows) < self.value(saved.0, saved.1) - 1e-6
            else {
                (network, flows) = saved
                break
            }
        }
        if let failed = meetSends() { return failed }
        return .found(assignment(flows))
    }

    /// When not one cadre can reach `unit` with only the pins held, no plan keeps R4 there.
    func unitProof(_ unit: Int) -> String? {
        for leadClass in leadClasses where leadClass.role == .cadre {
            guard let edge = leadClass.unitEdges[unit] else { continue }
            var trial = network
            trial.setLower(edge, 1)
            if trial.solve() != nil { return nil }
        }
        let scenario = state.scenario
        let member = state.community.units[unit].member
        return
            "\(Vocabulary.rule("R4"))：在派出与接收平衡（R5）、不造成新缺口（R6）和已定安排之下，\(scenario.named(unit: member))无法接收牵头校 \(scenario.named(school: state.community.lead))的干部；按可派出与可回派的人数计算即可看出。"
    }

    /// When with only the pins held no class can send one teacher more than its pins ask, the
    /// lead sends exactly what the pins ask in every plan; R2 fails if that is too few.
    func sendsProof() -> String? {
        var pinned = 0
        for leadClass in leadClasses {
            pinned += network.lowerBound(leadClass.supplyEdge)
            var trial = network
            trial.setLower(leadClass.supplyEdge, network.lowerBound(leadClass.supplyEdge) + 1)
            if trial.solve() != nil { return nil }
        }
        guard pinned < state.facts.requiredSends else { return nil }
        let scenario = state.scenario
        return
            "\(Vocabulary.rule("R2"))：牵头校 \(scenario.named(school: state.community.lead))须派出 \(state.facts.requiredSends) 人，但在派出与接收平衡（R5）、不造成新缺口（R6）和已定安排之下最多只能派出 \(pinned) 人。"
    }

    /// A target (or nil) per mover: each class's count on each edge given to its movers in order.
    func assignment(_ flows: [Int]) -> [Int?] {
        var result = [Int?](repeating: nil, count: state.movers.count)
        for leadClass in leadClasses {
            var next = 0
            for (target, edge) in leadClass.sends {
                for _ in 0..<flows[edge] where next < leadClass.movers.count {
                    result[leadClass.movers[next]] = target
                    next += 1
                }
            }
        }
        let lead = state.community.lead
        for returnClass in returnClasses {
            for index in returnClass.movers.prefix(flows[returnClass.edge]) { result[index] = lead }
        }
        return result
    }
}

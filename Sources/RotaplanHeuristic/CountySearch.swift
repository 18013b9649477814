import Foundation
import RotaplanDomain

/// Local search on the exact county objective with the exchange (docs/solving.md "The county
/// exchange"): a descent over single changes (start, stop or retarget a secondment or an
/// exchange), swaps (a move taken over by another teacher of the same school, or an exchange
/// handed to another urban school's teacher) and pairs that keep a member unit's balance (R5),
/// or trade such a pair for one urban teacher's exchange into the same post;
/// then rounds of simulated annealing over the same changes. Every unit of rule violation
/// costs more than any objective difference, so a descent from an unlawful plan repairs first.
struct CountySearch {
    var state: CountySearchState
    var random: SeededRandom
    /// Changes scored so far: the work the ejection chains are limited by.
    var evaluations = 0
    /// `reading`'s scratch: the positions a change replaced.
    private var undo: [Int] = []
    /// Movers by home school.
    let byHome: [Int: [Int]]
    /// Movers of each community's lead, and of each member unit (secondments back to the lead).
    let leadMovers: [[Int]]
    let unitMovers: [[Int]]
    /// Urban movers who may be exchanged to each school.
    let exchangersTo: [Int: [Int]]

    init(state: CountySearchState, seed: UInt64) {
        self.state = state
        random = SeededRandom(seed: seed &+ 0x5851_F42D_4C95_7F2D)
        let movers = state.movers
        byHome = Dictionary(grouping: movers.indices, by: { movers[$0].home })
        var leads = [[Int]](repeating: [], count: state.scenario.communities.count)
        var units = [[Int]](repeating: [], count: state.facts.units.count)
        var exchangers: [Int: [Int]] = [:]
        for (index, mover) in movers.enumerated() {
            if mover.leadOf >= 0 { leads[mover.leadOf].append(index) }
            if mover.homeUnit >= 0, mover.targets.contains(where: { $0.kind == .secondment }) { units[mover.homeUnit].append(index) }
            if mover.urban >= 0 {
                for target in mover.targets where target.kind == .exchange { exchangers[target.school, default: []].append(index) }
            }
        }
        leadMovers = leads
        unitMovers = units
        exchangersTo = exchangers
    }

    /// A change: movers and the target position each goes to (-1: stays home).
    typealias Change = [(mover: Int, position: Int)]

    /// Applies `change`, scores it, and undoes it.
    mutating func score(of change: Change) -> Double {
        make(change)
        defer { unmake(change) }
        return state.score
    }

    /// What `read` sees of the plan with `change` made, which is undone again: no copy of the
    /// state per change.
    mutating func reading<Value>(_ change: Change, _ read: (CountySearchState) -> Value) -> Value {
        make(change)
        defer { unmake(change) }
        return read(state)
    }

    /// Makes `change` for a reading, keeping the positions it replaced in a buffer that lives
    /// between calls (no allocation per change scored).
    private mutating func make(_ change: Change) {
        evaluations += 1
        undo.removeAll(keepingCapacity: true)
        for step in change {
            undo.append(state.position[step.mover])
            state.assign(step.mover, position: step.position)
        }
    }

    /// Undoes the change `make` made, last step first.
    private mutating func unmake(_ change: Change) {
        for index in change.indices.reversed() { state.assign(change[index].mover, position: undo[index]) }
    }

    func mayChange(_ mover: Int) -> Bool { state.movers[mover].pin == nil }

    /// Whether mover `index` may be given another target: unpinned, or pinned to rotate.
    func mayRetarget(_ mover: Int) -> Bool {
        state.movers[mover].pin == nil || state.movers[mover].pin == .rotate
    }

    func position(_ mover: Int, of school: Int) -> Int? {
        state.movers[mover].targets.firstIndex { $0.school == school }
    }

    /// The changes that touch mover `index` first: start, stop, retarget, or hand its move over.
    func changes(around index: Int, idle representatives: [Int: [Int]]) -> [Change] {
        let movers = state.movers
        let mover = movers[index]
        var result: [Change] = []
        let current = state.position[index]
        if current < 0 {
            guard mover.pin == nil || mover.pin == .rotate else { return [] }
            for position in mover.targets.indices { result.append([(index, position)]) }
            return result
        }
        guard mayRetarget(index) else { return [] }
        if mover.pin == nil { result.append([(index, -1)]) }
        for position in mover.targets.indices where position != current { result.append([(index, position)]) }
        guard mover.pin == nil else { return result }
        let school = mover.targets[current].school
        // The same move made by an idle teacher of another kind at the same school.
        for other in representatives[mover.home] ?? [] where movers[other].kind != mover.kind {
            if let position = position(other, of: school) { result.append([(index, -1), (other, position)]) }
        }
        // An exchange handed to another urban school's teacher (X1 moves between schools).
        if mover.targets[current].kind == .exchange {
            var seen: Set<Int> = []
            for other in exchangersTo[school] ?? [] where movers[other].home != mover.home && state.isIdle(other) && mayChange(other) {
                guard seen.insert(movers[other].kind).inserted, let position = position(other, of: school) else { continue }
                result.append([(index, -1), (other, position)])
            }
        }
        return result
    }

    /// Pairs that keep a member unit's balance: a lead's teacher into the unit with a teacher of
    /// the unit back to the lead, or both such moves stopped (and the post perhaps taken by an
    /// urban teacher's exchange instead).
    func pairChanges(idle representatives: Set<Int>) -> [Change] {
        let movers = state.movers
        var result: [Change] = []
        for (community, leads) in leadMovers.enumerated() {
            let lead = state.scenario.communities[community].lead
            for unit in state.facts.unitsOf[community] {
                let returns = unitMovers[unit]
                let idleReturns = returns.filter { representatives.contains($0) && mayChange($0) }
                let busyReturns = returns.filter { state.target(of: $0) == lead && mayChange($0) }
                for first in leads where mayChange(first) {
                    if representatives.contains(first) {
                        // The cheapest school of the unit for this teacher, and any school of it
                        // short of the teacher's subject.
                        let targets = movers[first].targets
                        let into = targets.indices.filter { targets[$0].unit == unit && targets[$0].kind == .secondment }
                        guard let cheapest = into.min(by: { targets[$0].cost < targets[$1].cost }) else { continue }
                        let short = into.filter { $0 != cheapest && state.after[targets[$0].pair] < state.facts.demand[targets[$0].pair] }
                        for second in idleReturns {
                            guard let back = position(second, of: lead) else { continue }
                            for school in [cheapest] + short { result.append([(first, school), (second, back)]) }
                        }
                    } else if let position = Optional(state.position[first]), position >= 0,
                        movers[first].targets[position].unit == unit, movers[first].targets[position].kind == .secondment
                    {
                        // Both stopped, or the lead's teacher exchanged elsewhere instead (an
                        // exchange needs nobody sent back).
                        let exchanges = movers[first].targets.indices.filter { movers[first].targets[$0].kind == .exchange }
                        // Or the post taken by an urban teacher's exchange instead: one move where the
                        // secondment needed two (R5 counts secondments only).
                        let post = movers[first].targets[position]
                        let takers: [(taker: Int, into: Int)] = (exchangersTo[post.school] ?? []).compactMap { taker in
                            guard representatives.contains(taker), mayChange(taker), let into = self.position(taker, of: post.school),
                                movers[taker].targets[into].pair == post.pair
                            else { return nil }
                            return (taker, into)
                        }
                        for second in busyReturns {
                            result.append([(first, -1), (second, -1)])
                            for exchange in exchanges { result.append([(first, exchange), (second, -1)]) }
                            for (taker, into) in takers { result.append([(first, -1), (second, -1), (taker, into)]) }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Best-improvement descent, mover by mover: each mover takes its best improving change,
    /// pairs are tried when no single change improves. Ends when nothing improves, after
    /// `passes` passes, once `evaluationLimit` changes have been scored, or when `stop` says so.
    /// The movers in `kept` are not changed (a chain's opening, while the rest is repaired).
    mutating func descend(passes: Int = 60, evaluationLimit: Int = .max, keeping kept: Set<Int> = [], until stop: () -> Bool) {
        for _ in 0..<passes {
            if stop() || evaluations >= evaluationLimit { return }
            var improved = false
            let representatives = state.idleRepresentatives()
            let representativeSet = Set(representatives)
            let byHomeIdle = Dictionary(grouping: representatives.filter { mayChange($0) }, by: { state.movers[$0].home })
            var checked = 0
            for index in state.movers.indices where !kept.contains(index) {
                guard !state.isIdle(index) || representativeSet.contains(index) else { continue }
                // A teacher of a kind moved earlier in this pass may no longer be the representative.
                if state.isIdle(index), !state.idleRepresentativeStill(index) { continue }
                let base = state.score
                var best: (change: Change, value: Double)?
                for change in changes(around: index, idle: byHomeIdle) {
                    guard change.allSatisfy({ step in (step.mover == index || state.isIdle(step.mover)) && !kept.contains(step.mover) })
                    else { continue }
                    let value = score(of: change)
                    if value < (best?.value ?? base - 1e-9) { best = (change, value) }
                }
                if let best {
                    for step in best.change { state.assign(step.mover, position: step.position) }
                    improved = true
                }
                checked += 1
                if checked % 256 == 0, stop() || evaluations >= evaluationLimit { return }
            }
            if !improved {
                let base = state.score
                var best: (change: Change, value: Double)?
                for change in pairChanges(idle: representativeSet) where change.allSatisfy({ !kept.contains($0.mover) }) {
                    let value = score(of: change)
                    if value < (best?.value ?? base - 1e-9) { best = (change, value) }
                }
                guard let best else { return }
                for step in best.change { state.assign(step.mover, position: step.position) }
            }
        }
    }

    /// Steps of one annealing round for a county of `movers` movers.
    static func iterations(movers: Int) -> Int { min(60_000, 4_000 + 20 * movers) }

    /// Simulated annealing over random single changes, swaps and balanced pairs, with a soft
    /// penalty so that the walk may cross a plan that breaks a rule for a step or two; ends on
    /// the best lawful plan it passed (or where it started, if it passed none better).
    mutating func anneal(iterations: Int, until stop: () -> Bool) {
        let movers = state.movers
        guard !movers.isEmpty else { return }
        var temperature = 600.0
        let cooling = pow(0.5 / temperature, 1 / Double(max(1, iterations)))
        let soft = 2 * state.facts.weights.shortfall + state.facts.weights.move + 1
        func softScore(_ state: CountySearchState) -> Double { state.objective + soft * state.violation }
        var current = softScore(state)
        var best = state
        var bestScore = state.violation == 0 ? state.objective : Double.infinity
        // Should it pass no lawful plan, the walk ends on the plan nearest to one.
        var nearest = state
        var nearestScore = state.score
        func pick(_ list: [Int]) -> Int? { list.isEmpty ? nil : list[random.int(0...(list.count - 1))] }
        for step in 0..<iterations {
            if step % 512 == 0, stop() { break }
            temperature *= cooling
            var change: Change = []
            let roll = random.unit()
            let index = random.int(0...(movers.count - 1))
            let mover = movers[index]
            if roll < 0.45 {
                // Start, stop or retarget one move.
                guard mayRetarget(index), !mover.targets.isEmpty else { continue }
                let choice = random.int(0...(mover.pin == nil ? mover.targets.count : mover.targets.count - 1))
                let position = choice == mover.targets.count ? -1 : choice
                guard position != state.position[index] else { continue }
                change = [(index, position)]
            } else if roll < 0.7 {
                // A move taken over by another teacher of the same school.
                guard !state.isIdle(index), mayChange(index), let other = pick(byHome[mover.home] ?? []), state.isIdle(other),
                    mayChange(other), movers[other].kind != mover.kind, let school = state.target(of: index),
                    let position = position(other, of: school)
                else { continue }
                change = [(index, -1), (other, position)]
            } else if roll < 0.85 {
                // An exchange handed to another urban school's teacher.
                guard !state.isIdle(index), mayChange(index), let school = state.target(of: index),
                    let other = pick(exchangersTo[school] ?? []), state.isIdle(other), mayChange(other),
                    let position = position(other, of: school)
                else { continue }
                change = [(index, -1), (other, position)]
            } else {
                // A balanced pair into or out of a member unit.
                guard mover.leadOf >= 0, mayChange(index) else { continue }
                let lead = state.scenario.communities[mover.leadOf].lead
                if state.isIdle(index) {
                    let into = mover.targets.indices.filter { mover.targets[$0].kind == .secondment && mover.targets[$0].unit >= 0 }
                    guard let position = pick(into), let back = pick(unitMovers[mover.targets[position].unit]), state.isIdle(back),
                        mayChange(back), let home = self.position(back, of: lead)
                    else { continue }
                    change = [(index, position), (back, home)]
                } else {
                    let target = mover.targets[state.position[index]]
                    guard target.kind == .secondment, target.unit >= 0, let back = pick(unitMovers[target.unit]),
                        state.target(of: back) == lead, mayChange(back)
                    else { continue }
                    change = [(index, -1), (back, -1)]
                    // Half the time the post is taken by an urban teacher's exchange instead.
                    if random.unit() < 0.5, let taker = pick(exchangersTo[target.school] ?? []), state.isIdle(taker), mayChange(taker),
                        let into = position(taker, of: target.school), movers[taker].targets[into].pair == target.pair
                    {
                        change.append((taker, into))
                    }
                }
            }
            let previous = change.map { (mover: $0.mover, position: state.position[$0.mover]) }
            for step in change { state.assign(step.mover, position: step.position) }
            let candidate = softScore(state)
            let delta = candidate - current
            if delta <= 0 || random.unit() < exp(-delta / temperature) {
                current = candidate
                if state.violation == 0 && state.objective < bestScore - 1e-9 {
                    best = state
                    bestScore = state.objective
                } else if !bestScore.isFinite && state.score < nearestScore - 1e-9 {
                    nearest = state
                    nearestScore = state.score
                }
            } else {
                for step in previous.reversed() { state.assign(step.mover, position: step.position) }
            }
        }
        state = bestScore.isFinite ? best : nearest
    }
}

extension CountySearchState {
    /// Whether idle mover `index` is still the first idle mover of its kind.
    func idleRepresentativeStill(_ index: Int) -> Bool {
        let kind = movers[index].kind
        var other = index - 1
        // Alike teachers are listed together (one school at a time), so only the neighbours
        // before it need looking at.
        while other >= 0, movers[other].home == movers[index].home {
            if movers[other].kind == kind && isIdle(other) { return false }
            other -= 1
        }
        return true
    }
}

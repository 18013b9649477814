import Foundation
import RotaplanDomain

// The neighbourhood of one community's descent: the best single change, swap or balanced pair.
extension CommunitySearch {
    /// The school of member unit `member` where idle mover `index` scores best by itself.
    mutating func bestTarget(_ index: Int, in member: Int) -> Int? {
        var best: (target: Int, score: Double)?
        for target in state.movers[index].targets where unitOf[target] == member {
            state.assign(index, to: target)
            let value = score
            if value < (best?.score ?? .infinity) { best = (target, value) }
        }
        state.assign(index, to: nil)
        return best?.target
    }

    /// Finds the best single change, swap or paired move and applies it if it improves the
    /// score (and, when asked, lowers the violation). Returns whether something changed.
    mutating func applyBest(pairs: Bool, requireViolationDrop: Bool) -> Bool {
        let baseScore = score
        let baseViolation = state.violation
        var bestScore = baseScore - 1e-9
        var bestChange: [(Int, Int?)]?
        func consider(_ changes: [(Int, Int?)]) {
            guard budget > 0 else { return }
            budget -= 1
            let previous = changes.map { (index: $0.0, target: state.assignment[$0.0]) }
            defer { for entry in previous.reversed() { state.assign(entry.index, to: entry.target) } }
            guard apply(changes) else { return }
            let candidate = score
            let dropsViolation = state.violation < baseViolation - 1e-9
            if candidate < bestScore && (!requireViolationDrop || dropsViolation) {
                bestScore = candidate
                bestChange = changes
            }
        }
        let movers = state.movers
        // Representatives: among idle movers of one kind, only the first is tried.
        var seenKinds: Set<Int> = []
        var idle: [Int] = []
        var busy: [Int] = []
        for index in movers.indices {
            if state.assignment[index] != nil {
                busy.append(index)
            } else if seenKinds.insert(movers[index].kind).inserted {
                idle.append(index)
            }
        }
        // Single changes: start, stop or redirect a move.
        for index in idle {
            for target in movers[index].targets { consider([(index, target)]) }
        }
        for index in busy {
            consider([(index, nil)])
            for target in movers[index].targets where target != state.assignment[index] { consider([(index, target)]) }
        }
        // Two of the lead's moves trade members (a cadre for one member, a backbone for another).
        // The target of each busy mover (every busy mover has one).
        func targetOf(_ index: Int) -> Int { state.assignment[index] ?? -1 }
        let leadMoves = busy.filter { movers[$0].home == state.community.lead && movers[$0].pin != .to(targetOf($0)) }
        for (position, first) in leadMoves.enumerated() {
            for second in leadMoves[(position + 1)...] where movers[first].kind != movers[second].kind {
                let (a, b) = (targetOf(first), targetOf(second))
                if a != b && movers[first].targets.contains(b) && movers[second].targets.contains(a) {
                    consider([(first, b), (second, a)])
                }
            }
        }
        // Swaps: a busy mover's place taken by an idle one of the same school.
        for out in busy {
            let target = targetOf(out)
            for index in idle where movers[index].home == movers[out].home && movers[index].kind != movers[out].kind {
                if movers[index].targets.contains(target) { consider([(out, nil), (index, target)]) }
            }
        }
        if pairs {
            // Paired moves keep a member unit's balance: lead → a school of U together with a
            // teacher of U → lead.
            let lead = state.community.lead
            for member in state.community.members {
                let leadIdle = idle.filter { movers[$0].home == lead }
                let unitIdle = idle.filter { unitOf[movers[$0].home] == member && !movers[$0].targets.isEmpty }
                for first in leadIdle where !unitIdle.isEmpty {
                    // The lead teacher's best school in the unit on its own; the partner then
                    // only has to keep the balance.
                    guard let target = bestTarget(first, in: member) else { continue }
                    for second in unitIdle { consider([(first, target), (second, lead)]) }
                }
                let leadBusy = busy.filter {
                    movers[$0].home == lead && unitOf[targetOf($0)] == member && movers[$0].pin == nil
                }
                let unitBusy = busy.filter { unitOf[movers[$0].home] == member && movers[$0].pin == nil }
                for first in leadBusy {
                    for second in unitBusy { consider([(first, nil), (second, nil)]) }
                }
                // A pair moved to another member unit: the lead's teacher goes elsewhere, and the
                // partner who balanced it is replaced by a teacher of the new unit. A teacher
                // pinned to rotate may go anywhere.
                let redirectable = busy.filter {
                    movers[$0].home == lead && unitOf[targetOf($0)] == member && (movers[$0].pin == nil || movers[$0].pin == .rotate)
                }
                for first in redirectable {
                    // The lead teacher's best school in each other unit on its own (a unit with
                    // sites has many); the partners then only have to keep the balance.
                    let original = state.assignment[first]
                    var bestIn: [Int: (target: Int, score: Double)] = [:]
                    for target in movers[first].targets {
                        guard let other = unitOf[target], other != member, state.assign(first, to: target) else { continue }
                        let value = score
                        if value < (bestIn[other]?.score ?? .infinity) { bestIn[other] = (target, value) }
                    }
                    state.assign(first, to: original)
                    for (other, choice) in bestIn.sorted(by: { $0.key < $1.key }) {
                        // The unit's cheapest few idle teachers to send back.
                        let newPartners = idle.compactMap { index -> (Int, Double)? in
                            guard unitOf[movers[index].home] == other, let cost = movers[index].costs.first else { return nil }
                            return (index, cost)
                        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0).prefix(Self.swapCandidates)
                        for partner in unitBusy {
                            for replacement in newPartners {
                                consider([(first, choice.target), (partner, nil), (replacement, lead)])
                            }
                        }
                    }
                }
            }
        }
        if pairs && bestChange == nil {
            // Two swaps at once: a lead teacher's move taken by a teacher of another subject, and a
            // member's teacher coming back replaced by one of that subject (so the lead keeps its
            // posts), e.g. an English teacher traded for a PE teacher. Tried only when nothing
            // smaller improves.
            let lead = state.community.lead
            let idleSet = Set(idle)
            let leadMoves = busy.filter { movers[$0].home == lead && movers[$0].pin == nil }
            let returns = busy.filter { movers[$0].home != lead && movers[$0].pin == nil }
            let leadIdle = idle.filter { movers[$0].home == lead }
            // The cheapest few idle lead teachers for each school (a county with sites has dozens
            // of kinds at its lead and many schools: trying every one made a descent take seconds).
            func cheapest(to target: Int, besides kind: Int) -> ArraySlice<Int> {
                leadIdle.compactMap { index -> (Int, Double)? in
                    guard movers[index].kind != kind, let position = movers[index].targets.firstIndex(of: target) else { return nil }
                    return (index, movers[index].costs[position])
                }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0).prefix(Self.swapCandidates)
            }
            // A chain: a lead move stops, another teacher starts towards member B, and the move
            // that was going to B goes to the first member instead.
            for first in leadMoves {
                let target = targetOf(first)
                // Only a school a lead move goes to can be B: the moves, not every target, are tried.
                for moved in leadMoves where moved != first && movers[moved].targets.contains(target) {
                    let second = targetOf(moved)
                    guard second != target else { continue }
                    for incoming in cheapest(to: second, besides: movers[first].kind) {
                        consider([(first, nil), (incoming, second), (moved, target)])
                    }
                }
            }
            var partnersOf: [Int: [Int: [Int]]] = [:]
            for first in leadMoves {
                let target = targetOf(first)
                for incoming in cheapest(to: target, besides: movers[first].kind) {
                    for second in returns {
                        guard let unit = unitOf[movers[second].home] else { continue }
                        let subject = movers[incoming].subject
                        let partners =
                            partnersOf[unit]?[subject]
                            ?? (byUnitSubject[unit]?[subject] ?? []).filter {
                                idleSet.contains($0) && movers[$0].pin == nil
                            }
                        partnersOf[unit, default: [:]][subject] = partners
                        for partner in partners where movers[partner].kind != movers[second].kind {
                            consider([(first, nil), (incoming, target), (second, nil), (partner, lead)])
                        }
                    }
                }
            }
        }
        guard let change = bestChange else { return false }
        return apply(change)
    }

    /// Applies changes in order; false (with some applied) when one is not an allowed move.
    mutating func apply(_ changes: [(Int, Int?)]) -> Bool {
        for (index, target) in changes {
            guard state.assign(index, to: target) else { return false }
        }
        return true
    }
}

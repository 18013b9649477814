import LinearModel
import RotaplanDomain

// I5: "periods delivered to (s,k) ≤ need(s,k)".
extension ItinerantModelBuilder {
    mutating func addSchoolNeed() {
        for school in component.schools {
            let delivered = pairs.filter { $0.school == school }
            guard delivered.count > 1 else { continue }
            model.add(sum(delivered.map(\.periods)) <= Double(facts.need(school, component.subject)),
                      name: "I5[\(scenario.schools[school].id),\(component.subject)]")
        }
    }

    /// Identical candidates (same home, days and schools) are interchangeable: order them by
    /// periods given, so that branch-and-bound does not explore their permutations.
    mutating func addSymmetryBreaking() {
        var previousOfKind: [String: Int] = [:]
        for candidate in component.candidates {
            let info = facts.candidates[candidate]
            let kind = "\(info.home)|\(info.days)|\(info.reachable)"
            if let previous = previousOfKind[kind] {
                let earlier = sum(pairs(ofCandidate: previous).map(\.periods))
                let later = sum(pairs(ofCandidate: candidate).map(\.periods))
                model.add(earlier - later >= 0, name: "order[\(scenario.teachers[facts.candidates[previous].teacher].id),\(scenario.teachers[info.teacher].id)]")
            }
            previousOfKind[kind] = candidate
        }
    }
}

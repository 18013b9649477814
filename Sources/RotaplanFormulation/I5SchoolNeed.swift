import LinearModel
import RotaplanDomain

// I5: "periods delivered to (s,k) ≤ need(s,k)".
extension ItinerantModelBuilder {
    mutating func addSchoolNeed() {
        for school in component.schools {
            let delivered = pairs.filter { $0.school == school }
            let need = facts.need(school, component.subject)
            let label = "\(scenario.schools[school].id),\(component.subject)"
            if delivered.count > 1 {
                model.add(
                    ItinerantRows.withinNeed(delivered: sum(delivered.map(\.periods)), need: LinearExpression(constant: Double(need))),
                    name: "I5[\(label)]")
            }
            addRounding(periods: delivered.map(\.periods), visits: delivered.map(\.visits), limit: need, name: "I5.round[\(label)]")
        }
    }

    /// docs/solving.md's rounding row where a need or surplus ends in part of a visit.
    mutating func addRounding(periods: [Variable], visits: [Variable], limit: Int, name: String) {
        guard options.roundingRows, let row = ItinerantRows.rounding(periods: periods, visits: visits, limit: limit, policy: policy) else { return }
        model.add(row, name: name)
    }

    /// Single-teacher classes that are alike (same home, days and schools) are
    /// interchangeable: order them by periods given, so that branch-and-bound does not
    /// explore their permutations.
    /// Single teachers of one kind (home, days, schools) are interchangeable.
    static func symmetryKind(_ single: ItinerantClass) -> String {
        "\(single.home)|\(single.days)|\(single.reachable)"
    }

    mutating func addSymmetryBreaking() {
        var previousOfKind: [String: Int] = [:]
        for group in classes.indices where classes[group].size == 1 {
            let info = classes[group]
            let kind = Self.symmetryKind(info)
            if let previous = previousOfKind[kind] {
                let earlier = sum(pairs(ofClass: previous).map(\.periods))
                let later = sum(pairs(ofClass: group).map(\.periods))
                model.add(earlier - later >= 0, name: "order[\(name(previous)),\(name(group))]")
            }
            previousOfKind[kind] = group
        }
    }
}

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
                model.add(sum(delivered.map(\.periods)) <= Double(need), name: "I5[\(label)]")
            }
            addRounding(periods: delivered.map(\.periods), visits: delivered.map(\.visits), limit: need, name: "I5.round[\(label)]")
        }
    }

    /// Whole visits carry at most `periods_per_visit` periods, so periods P ≤ limit = q × ppv + r
    /// (0 < r < ppv) need more visits V than P ÷ ppv when P is near the limit:
    /// P ≤ r × V + (ppv − r) × q. Valid for every integer V (it is the mixed-integer rounding
    /// of P ≤ ppv × V and P ≤ limit); it tightens the relaxation where a need or a surplus is
    /// used up, which is where its cost of visits is decided. For a limit below ppv it is
    /// P ≤ limit × V.
    mutating func addRounding(periods: [Variable], visits: [Variable], limit: Int, name: String) {
        let perVisit = policy.periodsPerVisit
        let (quotient, remainder) = (limit / perVisit, limit % perVisit)
        guard options.roundingRows, !periods.isEmpty, remainder > 0 else { return }
        var expression = sum(periods)
        for variable in visits { expression.add(variable, -Double(remainder)) }
        model.add(expression <= Double((perVisit - remainder) * quotient), name: name)
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

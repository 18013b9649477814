import LinearModel
import RotaplanDomain

// I4: "periods given by teachers of h in k ≤ surplus(h,k)".
extension ItinerantModelBuilder {
    mutating func addHomeSurplus() {
        let homes = Set(classes.map(\.home)).sorted()
        for home in homes {
            let given = pairs.filter { classes[$0.group].home == home }
            let surplus = facts.surplus(home, component.subject)
            let label = "\(scenario.schools[home].id),\(component.subject)"
            if given.count > 1 {
                model.add(
                    ItinerantRows.withinSurplus(given: sum(given.map(\.periods)), surplus: LinearExpression(constant: Double(surplus))),
                    name: "I4[\(label)]")
            }
            addRounding(periods: given.map(\.periods), visits: given.map(\.visits), limit: surplus, name: "I4.round[\(label)]")
        }
    }
}

import LinearModel
import RotaplanDomain

// I4: "periods given by teachers of h in k ≤ surplus(h,k)".
extension ItinerantModelBuilder {
    mutating func addHomeSurplus() {
        let homes = Set(component.candidates.map { facts.candidates[$0].home }).sorted()
        for home in homes {
            let given = pairs.filter { facts.candidates[$0.candidate].home == home }
            guard !given.isEmpty else { continue }
            model.add(sum(given.map(\.periods)) <= Double(facts.surplus(home, component.subject)),
                      name: "I4[\(scenario.schools[home].id),\(component.subject)]")
        }
    }
}

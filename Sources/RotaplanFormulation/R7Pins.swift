import LinearModel
import RotaplanDomain

// R7: "pins: stay → no move; rotate → a move; to → the move to that school".
extension RotationModelBuilder {
    /// `stay` pins made no variables (R1 skips them). A `rotate` pin must move; a `to` pin must
    /// move to its school. A pin on a teacher who is not eligible, or whose move is beyond
    /// `max_km`, makes the community infeasible; it is reported in words, not solved.
    mutating func addPins() {
        for school in scopeSchools {
            for teacher in staffing.byHome[school] {
                guard let pin = scenario.pins[teacher], pin.action != .stay else { continue }
                let label = "\(scenario.label(teacher: teacher)) at \(scenario.schools[school].id)"
                let pinText = pinDescription(pin.action)
                guard eligibility.mayMove(teacher) else {
                    let reasons = eligibility.reasons[teacher].map(\.description).joined(separator: "; ")
                    infeasibilities.append(
                        "R7: \(pin.place)：\(label) 的固定安排为“\(scenario.describe(pin.action))”，但不具备交流资格：\(reasons)。 (\(pin.place) says \(pinText) for \(label), but the teacher is not eligible.)"
                    )
                    continue
                }
                let own = moves.filter { groups[$0.group].teachers == [teacher] && groups[$0.group].pin != nil }
                switch pin.action {
                case .rotate:
                    guard !own.isEmpty else {
                        infeasibilities.append(
                            "R7: \(pin.place) says \(pinText) for \(label), but no allowed school is within max_km \(formatNumber(withExchange ? max(policy.maxKm, exchange.maxKm) : policy.maxKm)) km."
                        )
                        continue
                    }
                    addRule(sum(own) == 1, name: "R7[\(scenario.teachers[teacher].id)]", rule: "R7", school: school, teacher: teacher)
                case .to(let target):
                    guard let chosen = own.first(where: { $0.target == target }) else {
                        let km = scenario.km(school, target)
                        let limit = scenario.moveKind(from: school, to: target) == .exchange ? exchange.maxKm : policy.maxKm
                        infeasibilities.append(
                            "R7: \(pin.place) says \(pinText) for \(label), but the move is \(formatNumber((km * 10).rounded() / 10)) km, beyond max_km \(formatNumber(limit))."
                        )
                        continue
                    }
                    if elastic {
                        addRule(
                            LinearExpression(chosen.variable) == 1, name: "R7[\(scenario.teachers[teacher].id)]",
                            rule: "R7", school: school, teacher: teacher)
                    } else {
                        for move in own { model.fix(move.variable, to: move.target == chosen.target ? 1 : 0) }
                    }
                case .stay:
                    break
                }
            }
        }
    }

    private func pinDescription(_ action: PinAction) -> String {
        switch action {
        case .stay: "stay"
        case .rotate: "rotate"
        case .to(let target): "to \(scenario.schools[target].id)"
        }
    }
}

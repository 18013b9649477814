import RotaplanDomain
import RotaplanResults

/// The rules a plan breaks, in the office's words. `rotaplan verify` judges (its lines name the
/// rules: `R2: …`); each broken rule is then told from the plan's own counts (`RuleCounts`,
/// staffing after the plan, pins), so that `explain` and `changes.txt` never show the
/// checker's English.
struct BrokenRules {
    let scenario: Scenario
    let staffing: Staffing
    let eligibility: Eligibility

    /// One line per broken count of each rule the checker's `violations` name, in its order; a
    /// rule whose count shows nothing here (R1) is named alone.
    func describe(_ moves: [Move], violations: [String]) -> [String] {
        var rules: [String] = []
        for violation in violations {
            guard let colon = violation.firstIndex(of: ":") else { continue }
            let rule = String(violation[..<colon])
            if !rules.contains(rule) { rules.append(rule) }
        }
        let counts = RuleCounts(scenario, eligibility: eligibility, moves: moves)
        return rules.flatMap { rule in
            let lines = details(rule, counts: counts, moves: moves)
            return lines.isEmpty ? ["\(Vocabulary.rule(rule))未满足"] : lines
        }
    }

    private func details(_ rule: String, counts: RuleCounts, moves: [Move]) -> [String] {
        let policy = scenario.policy.rotation
        let name = Vocabulary.rule(rule)
        let leads = counts.leads.values.sorted { $0.lead < $1.lead }
        let units = counts.units.values.sorted { $0.member < $1.member }
        switch rule {
        case "R2":
            return leads.filter { $0.sent < $0.required }.map {
                "\(name)：牵头校 \(scenario.named(school: $0.lead))只派出 \($0.sent) 人，须至少 \($0.required) 人（符合条件的教师 \(eligibility.base[$0.lead] ?? 0) 人）"
            }
        case "R3":
            return leads.filter { !policy.keepsBackboneShare(strong: $0.strong, sent: $0.sent) }.map {
                "\(name)：牵头校 \(scenario.named(school: $0.lead))派出 \($0.sent) 人，其中干部和骨干教师 \($0.strong) 人，须至少 \(Display.number(policy.backboneRequired(sent: $0.sent))) 人（\(Display.percent(policy.backboneShare))）"
            }
        case "R4":
            return units.filter { $0.cadresReceived < policy.minCadresPerMember }.map {
                "\(name)：\(scenario.named(unit: $0.member))接收牵头校干部 \($0.cadresReceived) 人，须至少 \(policy.minCadresPerMember) 人"
            }
        case "R5":
            return units.filter { !policy.keepsBalance(received: $0.received, sent: $0.sent) }.map {
                "\(name)：\(scenario.named(unit: $0.member))接收 \($0.received) 人、派出 \($0.sent) 人，相差不得超过 \(policy.balanceTolerance) 人"
            }
        case "R6":
            let after = RotationEvaluation(scenario, staffing: staffing, plan: RotationPlan(moves: moves))
            let keys = Set(scenario.demand.keys).union(staffing.current.keys).sorted()
            return keys.compactMap { key in
                let now = staffing.current(key.school, key.subject)
                let floor = min(now, scenario.demandTeachers(key.school, key.subject))
                let left = after.after(key.school, key.subject)
                guard left < floor else { return nil }
                return "\(name)：\(scenario.named(school: key.school))的\(Display.subject(key.subject))教师由 \(now) 人减到 \(left) 人，少于 \(floor) 人"
            }
        case "R7":
            let targets = Dictionary(moves.map { ($0.teacher, $0.to) }, uniquingKeysWith: { first, _ in first })
            return scenario.pins.sorted { $0.key < $1.key }.compactMap { teacher, pin in
                let target = targets[teacher]
                let kept =
                    switch pin.action {
                    case .stay: target == nil
                    case .rotate: target != nil
                    case .to(let school): target == school
                    }
                guard !kept else { return nil }
                return "\(name)：\(scenario.named(teacher: teacher))按 \(Display.place(pin)) 须\(scenario.describe(pin.action))，方案未照此安排"
            }
        default:
            return []
        }
    }
}

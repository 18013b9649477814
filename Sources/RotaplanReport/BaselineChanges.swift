import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanVerify

/// What a re-plan changed against its baseline, and why, line by line, in the office's words.
public enum BaselineChanges {
    public static func describe(_ scenario: Scenario, baseline: RotationPlan, plan: RotationPlan) -> [String] {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let broken = BrokenRules(scenario: scenario, staffing: staffing, eligibility: eligibility)
        let old = Set(baseline.moves)
        let new = Set(plan.moves)
        let removed = old.subtracting(new).sorted()
        let added = new.subtracting(old).sorted()
        var lines = ["与原方案相比：改动 \(removed.count + added.count) 行（撤销 \(removed.count) 行，新增 \(added.count) 行），保留 \(old.intersection(new).count) 行。"]
        let targets = plan.targets
        func pinned(_ pin: Pin) -> String {
            "（\(Display.place(pin))\(pin.note.map { "，\($0)" } ?? "")）"
        }
        for move in removed {
            let teacher = move.teacher
            var why: String
            if let pin = scenario.pins[teacher], pin.action == .stay {
                why = "已定留任\(pinned(pin))"
            } else if let pin = scenario.pins[teacher], case .to(let school) = pin.action, school != move.to {
                why = "已定交流到 \(scenario.named(school: school))\(pinned(pin))"
            } else if !eligibility.isEligible(teacher) {
                why = "已不符合交流条件：" + eligibility.reasons[teacher].map(\.description).joined(separator: "；")
            } else if !scenario.allowedTargets(ofTeacherAt: scenario.teachers[teacher].home).contains(move.to) {
                why = "这项交流已不允许（超过交流最远距离 \(formatNumber(scenario.policy.rotation.maxKm)) 公里）"
            } else if let other = targets[teacher] {
                why = "改为交流到 \(scenario.named(school: other))"
            } else {
                why = "为与其他改动一起满足各项规则而撤销"
            }
            lines.append("撤销 \(scenario.named(teacher: teacher))→\(scenario.named(school: move.to))：\(why)")
        }
        for move in added {
            let teacher = scenario.teachers[move.teacher]
            let replaced = removed.first { scenario.teachers[$0.teacher].home == teacher.home && $0.to == move.to && targets[$0.teacher] == nil }
            var why: String
            if let pin = scenario.pins[move.teacher], pin.action != .stay {
                why = "已定\(scenario.describe(pin.action))\(pinned(pin))"
            } else if let replaced {
                why = "接替\(scenario.named(teacher: replaced.teacher))"
            } else {
                let moves = plan.moves.filter { $0 != move }
                let violations = PlanVerifier.rotationViolations(scenario, moves: moves)
                why =
                    violations.isEmpty
                    ? "使目标值更优"
                    : "若无这项交流将违反" + broken.describe(moves, violations: violations).prefix(2).joined(separator: "；")
            }
            lines.append("新增 \(scenario.named(teacher: move.teacher))→\(scenario.named(school: move.to))：\(why)")
        }
        return lines
    }
}

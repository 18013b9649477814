import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanVerify

/// What a re-plan changed against its baseline, and why, line by line.
public enum BaselineChanges {
    public static func describe(_ scenario: Scenario, baseline: RotationPlan, plan: RotationPlan) -> [String] {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let old = Set(baseline.moves)
        let new = Set(plan.moves)
        let removed = old.subtracting(new).sorted()
        let added = new.subtracting(old).sorted()
        var lines = ["changed lines: \(removed.count + added.count) (\(removed.count) removed, \(added.count) added); kept: \(old.intersection(new).count)"]
        let targets = plan.targets
        for move in removed {
            let teacher = move.teacher
            var why: String
            if let pin = scenario.pins[teacher], pin.action == .stay {
                why = "pinned to stay (\(pin.place)\(pin.note.map { ", \($0)" } ?? ""))"
            } else if case .to(let school)? = scenario.pins[teacher]?.action, school != move.to {
                why = "pinned to \(scenario.schools[school].id) (\(scenario.pins[teacher]!.place))"
            } else if !eligibility.isEligible(teacher) {
                why = "no longer eligible: " + eligibility.reasons[teacher].map(\.description).joined(separator: "; ")
            } else if !scenario.allowedTargets(ofTeacherAt: scenario.teachers[teacher].home).contains(move.to) {
                why = "the move is no longer allowed (max_km \(formatNumber(scenario.policy.rotation.maxKm)))"
            } else if let other = targets[teacher] {
                why = "goes to \(scenario.schools[other].id) instead"
            } else {
                why = "freed to keep the rules together with the other changes"
            }
            lines.append("- \(scenario.label(teacher: teacher)) → \(scenario.schools[move.to].id): \(why)")
        }
        for move in added {
            let teacher = scenario.teachers[move.teacher]
            let replaced = removed.first { scenario.teachers[$0.teacher].home == teacher.home && $0.to == move.to && targets[$0.teacher] == nil }
            var why: String
            if let pin = scenario.pins[move.teacher], pin.action != .stay {
                why = "pinned (\(pin.place))"
            } else if let replaced {
                why = "takes the place of \(scenario.label(teacher: replaced.teacher))"
            } else {
                let without = PlanVerifier.rotationViolations(scenario, moves: plan.moves.filter { $0 != move })
                why = without.isEmpty ? "improves the objective" : "needed for " + without.prefix(2).joined(separator: "; ")
            }
            lines.append("+ \(scenario.label(teacher: move.teacher)) → \(scenario.schools[move.to].id): \(why)")
        }
        return lines
    }
}

import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation

/// Why a community has no rotation plan, in the user's terms (docs/model.md "Infeasibility"):
/// first by counting, where a count shows it, otherwise by the elastic program.
public enum RotationDiagnosis {
    /// `deadline` is the end of the time the caller has left: the elastic programs share it,
    /// so a diagnosis never makes a command overrun its `--time-limit`.
    public static func explain(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community communityIndex: Int,
        deadline: ContinuousClock.Instant?
    ) -> [String] {
        let counted = countingReasons(scenario, staffing: staffing, eligibility: eligibility, community: communityIndex)
        if !counted.isEmpty { return counted }
        return elasticReasons(scenario, staffing: staffing, eligibility: eligibility, community: communityIndex, deadline: deadline)
    }

    /// Conflicts a count shows: too few eligible cadres for R4, too few senders for R2 or R5.
    static func countingReasons(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community communityIndex: Int
    ) -> [String] {
        let community = scenario.communities[communityIndex]
        let policy = scenario.policy.rotation
        let lead = community.lead
        let leadLabel = scenario.label(school: lead)
        var reasons: [String] = []
        func movable(_ teacher: Int) -> Bool {
            eligibility.isEligible(teacher) && scenario.pins[teacher]?.action != .stay
        }
        let leadStaff = staffing.byHome[lead]
        let cadres = leadStaff.filter { movable($0) && scenario.teachers[$0].role == .cadre }
        // R4: every member needs min_cadres_per_member cadres from the lead.
        let needed = policy.minCadresPerMember * community.members.count
        if policy.minCadresPerMember > 0 && cadres.count < needed {
            let allCadres = leadStaff.filter { scenario.teachers[$0].role == .cadre }
            let staying = allCadres.count { eligibility.isEligible($0) && scenario.pins[$0]?.action == .stay }
            let pinned = staying > 0 ? " \(staying) eligible cadre\(staying == 1 ? " is" : "s are") pinned to stay." : ""
            reasons.append("R4: lead \(leadLabel) has \(cadres.count) cadre\(cadres.count == 1 ? "" : "s") who can go; its \(community.members.count) member schools need \(policy.minCadresPerMember) each (\(needed)).\(pinned)\(ineligibleSummary(scenario, eligibility, allCadres))")
        }
        // A member unit none of whose schools is within max_km can receive nobody.
        var unreachable: Set<Int> = []
        if policy.minCadresPerMember > 0 {
            for unit in community.units where unit.schools.allSatisfy({ scenario.km(lead, $0) > policy.maxKm }) {
                unreachable.insert(unit.member)
                let nearest = unit.schools.map { scenario.km(lead, $0) }.min() ?? 0
                reasons.append("R4: \(scenario.label(unit: unit.member)) \(unit.sites.isEmpty ? "is" : "are at least") \(Display.km(nearest)) km from its lead, beyond max_km \(formatNumber(policy.maxKm)): no cadre can be sent to it.")
            }
        }
        // R2: the lead must send ceil(min_ratio × base) teachers who have somewhere to go.
        let required = eligibility.requiredSends(lead: lead, policy: policy)
        let reachable = !scenario.allowedTargets(ofTeacherAt: lead).isEmpty
        let canGo = reachable ? leadStaff.count(where: movable) : 0
        if canGo < required {
            let staying = leadStaff.count { eligibility.isEligible($0) && scenario.pins[$0]?.action == .stay }
            var why: [String] = []
            if !reachable { why.append("no member school is within max_km \(formatNumber(policy.maxKm))") }
            if staying > 0 { why.append("\(staying) eligible teacher\(staying == 1 ? " is" : "s are") pinned to stay") }
            reasons.append("R2: lead \(leadLabel) must send \(required) but only \(canGo) of its teachers can go\(why.isEmpty ? "" : ": " + why.joined(separator: "; ")).\(ineligibleSummary(scenario, eligibility, leadStaff))")
        }
        // R5: a member unit that receives cadres must send about as many back, from the member
        // or its sites. A unit out of reach is already named under R4.
        for unit in community.units
        where policy.minCadresPerMember > policy.balanceTolerance && !unreachable.contains(unit.member) {
            let staff = unit.schools.flatMap { staffing.byHome[$0] }
            let senders = unit.schools.filter { scenario.km($0, lead) <= policy.maxKm }.flatMap { staffing.byHome[$0] }.count(where: movable)
            let mustSend = policy.minCadresPerMember - policy.balanceTolerance
            if senders < mustSend {
                let receives = "receive\(unit.sites.isEmpty ? "s" : "")"
                reasons.append("R5: \(scenario.label(unit: unit.member)) \(receives) at least \(policy.minCadresPerMember) cadre\(policy.minCadresPerMember == 1 ? "" : "s") (R4) and must send \(mustSend) back (balance_tolerance \(policy.balanceTolerance)), but \(senders) of \(unit.sites.isEmpty ? "its" : "their") \(staff.count) teachers can be sent.\(ineligibleSummary(scenario, eligibility, staff))")
            }
        }
        return reasons.map { "community \(community.id): \($0)" }
    }

    /// Why the teachers of a list are not eligible, counted: ` (12 exempt, 3 in cooldown)`.
    static func ineligibleSummary(_ scenario: Scenario, _ eligibility: Eligibility, _ teachers: [Int]) -> String {
        var counts: [String: Int] = [:]
        // Each teacher counts once, under the first reason, so that the counts add up.
        for teacher in teachers {
            if let reason = eligibility.reasons[teacher].first {
                let key: String
                switch reason {
                case .exempt: key = "exempt"
                case .away: key = "away on a running secondment"
                case .cooldown: key = "in cooldown"
                case .nearRetirement: key = "near retirement"
                case .shortTenure: key = "too few years at the school"
                case .roleNotSent: key = "of a role the policy does not send"
                case .independentSchool: key = "at an independent school"
                }
                counts[key, default: 0] += 1
            }
        }
        guard !counts.isEmpty else { return "" }
        return " Not eligible: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + "."
    }

    /// The elastic program (docs/model.md "Infeasibility"). First each rule group alone may bend:
    /// every group whose relaxation alone makes a plan possible is reported with the smallest
    /// relaxation that does; when only one group does, the others bend together with it kept,
    /// which names what stands in its way. When no single group suffices, all bend together
    /// and the non-zero slacks are the report.
    static func elasticReasons(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community communityIndex: Int,
        deadline: ContinuousClock.Instant?
    ) -> [String] {
        let community = scenario.communities[communityIndex]
        let rules = ["R2", "R3", "R4", "R5", "R6", "R7"]
        if let deadline, deadline.secondsFromNow < 0.1 {
            return ["community \(community.id): the rules conflict; no time was left within --time-limit to say which (counting found no single cause)."]
        }
        var alone: [String] = []
        var aloneRules: [String] = []
        var reasons: [String] = []
        // Up to eight elastic programs share the time left; none runs past the deadline.
        let share = deadline.map { $0.secondsFromNow / Double(rules.count + 2) }
        func limit() -> Double? {
            guard let deadline, let share else { return nil }
            return min(share, deadline.secondsFromNow)
        }
        for rule in rules {
            let (lines, pinReasons) = bend(
                scenario, staffing: staffing, eligibility: eligibility, community: communityIndex, rules: [rule],
                timeLimit: limit())
            reasons = pinReasons
            if let lines, !lines.isEmpty {
                alone += lines
                aloneRules.append(rule)
            }
        }
        var lines = reasons
        if !alone.isEmpty {
            lines.append("the rules conflict; relaxing any one of these would make a plan possible:")
            lines += alone
            if aloneRules.count == 1, let kept = aloneRules.first {
                let (others, _) = bend(
                    scenario, staffing: staffing, eligibility: eligibility, community: communityIndex,
                    rules: Set(rules).subtracting([kept]), timeLimit: limit())
                if let others, !others.isEmpty {
                    lines.append("keeping \(kept), what stands in its way (these would all have to bend together):")
                    lines += others
                }
            }
        } else {
            let (together, _) = bend(
                scenario, staffing: staffing, eligibility: eligibility, community: communityIndex, rules: Set(rules),
                timeLimit: limit())
            if let together, !together.isEmpty {
                lines.append("the rules conflict; no single rule explains it, relaxing all of these together would:")
                lines += together
            } else {
                lines.append("the rules conflict, and the elastic program found no explanation within the time limit.")
            }
        }
        return lines.map { "community \(community.id): \($0)" }
    }

    /// Solves the elastic program with slacks on `rules` only; nil when that is not enough.
    private static func bend(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community: Int, rules: Set<String>,
        timeLimit: Double?
    ) -> (lines: [String]?, reasons: [String]) {
        let (model, slacks, reasons) = RotationFormulation.buildElastic(
            scenario, staffing: staffing, eligibility: eligibility, community: community, bending: rules)
        guard !slacks.isEmpty, (timeLimit ?? 1) > 0.01,
            let result = try? GLPKSolver().solve(model, parameters: SolveParameters(timeLimit: timeLimit)),
            result.termination.hasSolution, let values = result.values
        else { return (nil, reasons) }
        let policy = scenario.policy.rotation
        var lines: [String] = []
        for slack in slacks {
            let amount = values[slack.variable.index]
            guard amount > 1e-6 else { continue }
            let bent = formatNumber((amount * 100).rounded() / 100)
            let school = slack.school.map { scenario.label(school: $0) } ?? "?"
            let unit = slack.school.map { scenario.label(unit: $0) } ?? "?"
            switch slack.rule {
            case "R2":
                // R2's slacks are on a lead's row: they always name the lead.
                guard let lead = slack.school else { continue }
                let required = eligibility.requiredSends(lead: lead, policy: policy)
                let base = eligibility.base[lead] ?? 0
                let possible = required - Int(amount.rounded(.up))
                let ratio = base > 0 ? floor(Double(possible) / Double(base) * 100) / 100 : 0
                lines.append("R2: lead \(school) must send \(required) but, with the other rules, can send \(possible); min_ratio \(formatNumber(policy.minRatio)) → \(formatNumber(ratio)) at \(scenario.schools[lead].id) would be possible.")
            case "R3":
                lines.append("R3: lead \(school) cannot send enough cadres and backbone teachers (short by \(bent)); a lower backbone_share than \(formatNumber(policy.backboneShare)) would be possible.")
            case "R4":
                let possible = policy.minCadresPerMember - Int(amount.rounded(.up))
                lines.append("R4: \(unit) can receive \(possible) cadre\(possible == 1 ? "" : "s") from the lead, \(policy.minCadresPerMember) needed; min_cadres_per_member \(policy.minCadresPerMember) → \(possible) would be possible.")
            case "R5":
                let tolerance = policy.balanceTolerance + Int(amount.rounded(.up))
                lines.append("R5: \(unit) cannot send back as many as it receives (off by \(bent)); balance_tolerance \(policy.balanceTolerance) → \(tolerance) would be possible.")
            case "R6":
                lines.append("R6: at \(school), \(slack.subject.map(Display.subject) ?? "") would fall \(bent) below min(current, demand); a teacher of it would have to leave without a replacement.")
            case "R7":
                let teacher = slack.teacher.map { scenario.label(teacher: $0) } ?? "?"
                lines.append("R7: the pin of \(teacher) cannot be kept together with the other rules; without it a plan is possible.")
            default:
                lines.append("\(slack.rule): \(slack.row) bends by \(bent).")
            }
        }
        return (lines, reasons)
    }
}

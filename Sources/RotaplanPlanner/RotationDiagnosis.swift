import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import RotaplanFormulation
import RotaplanResults

/// Why a community has no rotation plan, in the user's terms (docs/model.md "When there is no plan"):
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

    /// A line of a community's diagnosis: `共同体 NCX-C01：…`.
    public static func line(_ scenario: Scenario, community: Int, _ text: String) -> String {
        "共同体 \(scenario.communities[community].id)：\(text)"
    }

    /// Conflicts a count shows: too few eligible cadres for R4, too few senders for R2 or R5.
    static func countingReasons(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community communityIndex: Int
    ) -> [String] {
        let community = scenario.communities[communityIndex]
        let policy = scenario.policy.rotation
        let lead = community.lead
        let leadName = "牵头校 \(scenario.named(school: lead))"
        let maxKm = "交流最远距离 \(formatNumber(policy.maxKm)) 公里"
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
            let who = staying > 0 ? "可派出的干部" : "符合条件的干部"
            let have = cadres.isEmpty ? "没有\(who)" : "\(who)只有 \(cadres.count) 人"
            let pinned = staying > 0 ? "（另有 \(staying) 名符合条件的干部已定留任）" : ""
            let members =
                community.members.count == 1
                ? "其成员校须至少接收 \(policy.minCadresPerMember) 人"
                : "其 \(community.members.count) 所成员校各需至少 \(policy.minCadresPerMember) 人，共需 \(needed) 人"
            reasons.append("\(Vocabulary.rule("R4"))：\(leadName)\(have)\(pinned)，而\(members)。\(ineligibleSummary(scenario, eligibility, allCadres, who: "干部"))")
        }
        // A member unit none of whose schools is within max_km can receive nobody.
        var unreachable: Set<Int> = []
        if policy.minCadresPerMember > 0 {
            for unit in community.units where unit.schools.allSatisfy({ scenario.km(lead, $0) > policy.maxKm }) {
                unreachable.insert(unit.member)
                let nearest = unit.schools.map { scenario.km(lead, $0) }.min() ?? 0
                reasons.append(
                    "\(Vocabulary.rule("R4"))：\(scenario.named(unit: unit.member))距牵头校\(unit.sites.isEmpty ? "" : "至少") \(Display.km(nearest)) 公里，超过\(maxKm)，无法向其派出干部。"
                )
            }
        }
        // R2: the lead must send ceil(min_ratio × base) teachers who have somewhere to go.
        let required = eligibility.requiredSends(lead: lead, policy: policy)
        let reachable = !scenario.allowedTargets(ofTeacherAt: lead).isEmpty
        let canGo = reachable ? leadStaff.count(where: movable) : 0
        if canGo < required {
            let staying = leadStaff.count { eligibility.isEligible($0) && scenario.pins[$0]?.action == .stay }
            var why: [String] = []
            if !reachable { why.append("\(maxKm)内没有成员校或教学点") }
            if staying > 0 { why.append("\(staying) 名符合条件的教师已定留任") }
            let can = canGo == 0 ? "但没有教师可以派出" : "但只有 \(canGo) 名教师可以派出"
            reasons.append(
                "\(Vocabulary.rule("R2"))：\(leadName)须派出 \(required) 人，\(can)\(why.isEmpty ? "" : "：" + why.joined(separator: "；"))。\(ineligibleSummary(scenario, eligibility, leadStaff, who: "教师"))"
            )
        }
        // R5: a member unit that receives cadres must send about as many back, from the member
        // or its sites. A unit out of reach is already named under R4.
        for unit in community.units
        where policy.minCadresPerMember > policy.balanceTolerance && !unreachable.contains(unit.member) {
            let staff = unit.schools.flatMap { staffing.byHome[$0] }
            let senders = unit.schools.filter { scenario.km($0, lead) <= policy.maxKm }.flatMap { staffing.byHome[$0] }.count(where: movable)
            let mustSend = policy.minCadresPerMember - policy.balanceTolerance
            let can = senders == 0 ? "但其 \(staff.count) 名教师都不能派出" : "但其 \(staff.count) 名教师中只有 \(senders) 人可以派出"
            if senders < mustSend {
                reasons.append(
                    "\(Vocabulary.rule("R5"))：\(scenario.named(unit: unit.member))按\(Vocabulary.rule("R4"))至少接收 \(policy.minCadresPerMember) 名干部，须派回至少 \(mustSend) 人（派出与接收人数之差不超过 \(policy.balanceTolerance) 人），\(can)。\(ineligibleSummary(scenario, eligibility, staff, who: "教师"))"
                )
            }
        }
        return reasons.map { line(scenario, community: communityIndex, $0) }
    }

    /// Pins no plan can keep (R7): a `rotate` or `to` pin on a teacher who is not eligible, or
    /// whose move is beyond `max_km`. The formulation refuses the same pins before any search;
    /// these are its reasons in the office's words, one line each, without the community.
    public static func pinReasons(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community communityIndex: Int
    ) -> [String] {
        let policy = scenario.policy.rotation
        var reasons: [String] = []
        for school in scenario.communities[communityIndex].schools {
            for teacher in staffing.byHome[school] {
                guard let pin = scenario.pins[teacher], pin.action != .stay else { continue }
                let said =
                    "\(Vocabulary.rule("R7"))：按 \(Display.place(pin))，\(scenario.named(school: school))的\(scenario.named(teacher: teacher))须\(scenario.describe(pin.action))"
                let allowed = scenario.allowedTargets(ofTeacherAt: school)
                if !eligibility.isEligible(teacher) {
                    let why = eligibility.reasons[teacher].map(\.description).joined(separator: "；")
                    reasons.append("\(said)，但该教师不符合交流条件：\(why)。")
                } else if case .to(let target) = pin.action, !allowed.contains(target) {
                    reasons.append("\(said)，但两校相距 \(Display.km(scenario.km(school, target))) 公里，超过交流最远距离 \(formatNumber(policy.maxKm)) 公里。")
                } else if pin.action == .rotate, allowed.isEmpty {
                    reasons.append("\(said)，但交流最远距离 \(formatNumber(policy.maxKm)) 公里内没有可去的学校。")
                }
            }
        }
        return reasons
    }

    /// Why the teachers of a list are not eligible, counted: `不符合交流条件的教师：免于交流 12 人，交流间隔期未满 3 人。`
    static func ineligibleSummary(_ scenario: Scenario, _ eligibility: Eligibility, _ teachers: [Int], who: String) -> String {
        var counts: [String: (order: Int, count: Int)] = [:]
        // Each teacher counts once, under the first reason, so that the counts add up.
        for teacher in teachers {
            if let reason = eligibility.reasons[teacher].first {
                counts[reason.short, default: (reason.order, 0)].count += 1
            }
        }
        guard !counts.isEmpty else { return "" }
        return "不符合交流条件的\(who)：" + counts.sorted { $0.value.order < $1.value.order }.map { "\($0.key) \($0.value.count) 人" }.joined(separator: "，") + "。"
    }

    /// The elastic program (docs/model.md "When there is no plan"). First each rule group alone may bend:
    /// every group whose relaxation alone makes a plan possible is reported with the smallest
    /// relaxation that does; when only one group does, the others bend together with it kept,
    /// which names what stands in its way. When no single group suffices, all bend together
    /// and the non-zero slacks are the report.
    static func elasticReasons(
        _ scenario: Scenario, staffing: Staffing, eligibility: Eligibility, community communityIndex: Int,
        deadline: ContinuousClock.Instant?
    ) -> [String] {
        let rules = ["R2", "R3", "R4", "R5", "R6", "R7"]
        if let deadline, deadline.secondsFromNow < 0.1 {
            return [line(scenario, community: communityIndex, "各项规则相互冲突；逐项计数未发现单一原因，求解时限内已没有时间判断是哪几项规则。")]
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
        // Pins the program refuses, in the office's words (the program's own as a fallback).
        let pinWords = pinReasons(scenario, staffing: staffing, eligibility: eligibility, community: communityIndex)
        for rule in rules {
            let (lines, pinned) = bend(
                scenario, staffing: staffing, eligibility: eligibility, community: communityIndex, rules: [rule],
                timeLimit: limit())
            reasons = pinned.isEmpty || pinWords.isEmpty ? pinned : pinWords
            if let lines, !lines.isEmpty {
                alone += lines
                aloneRules.append(rule)
            }
        }
        var lines = reasons
        if !alone.isEmpty {
            lines.append("各项规则相互冲突；放宽以下任意一项即可有方案：")
            lines += alone
            if aloneRules.count == 1, let kept = aloneRules.first {
                let (others, _) = bend(
                    scenario, staffing: staffing, eligibility: eligibility, community: communityIndex,
                    rules: Set(rules).subtracting([kept]), timeLimit: limit())
                if let others, !others.isEmpty {
                    lines.append("若保留\(Vocabulary.rule(kept))，以下各项须同时放宽：")
                    lines += others
                }
            }
        } else {
            let (together, _) = bend(
                scenario, staffing: staffing, eligibility: eligibility, community: communityIndex, rules: Set(rules),
                timeLimit: limit())
            if let together, !together.isEmpty {
                lines.append("各项规则相互冲突，单独放宽任何一项都不够；同时放宽以下各项即可有方案：")
                lines += together
            } else {
                lines.append("各项规则相互冲突，但在求解时限内未能找出是哪几项规则。")
            }
        }
        return lines.map { line(scenario, community: communityIndex, $0) }
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
        let lines = slacks.compactMap { slack -> String? in
            let amount = values[slack.variable.index]
            return amount > 1e-6 ? words(slack, amount: amount, scenario: scenario, eligibility: eligibility) : nil
        }
        return (lines, reasons)
    }

    /// One slack of the elastic program in the office's words: the rule, where, by how much,
    /// and the setting that would make a plan possible.
    static func words(_ slack: RuleSlack, amount: Double, scenario: Scenario, eligibility: Eligibility) -> String? {
        let policy = scenario.policy.rotation
        let bent = Display.number(amount)
        let school = slack.school.map { scenario.named(school: $0) } ?? "?"
        let rule = Vocabulary.rule(slack.rule)
        switch slack.rule {
        case "R2":
            // R2's slacks are on a lead's row: they always name the lead.
            guard let lead = slack.school else { return nil }
            let required = eligibility.requiredSends(lead: lead, policy: policy)
            let base = eligibility.base[lead] ?? 0
            let possible = required - Int(amount.rounded(.up))
            let ratio = base > 0 ? floor(Double(possible) / Double(base) * 100) / 100 : 0
            return
                "\(rule)：牵头校 \(school)须派出 \(required) 人，但在其他规则之下最多只能派出 \(possible) 人；对该校而言，派出比例由 \(Display.percent(policy.minRatio)) 降到 \(Display.percent(ratio)) 即可有方案。"
        case "R3":
            return "\(rule)：牵头校 \(school)派出的干部和骨干教师不够（差 \(bent) 人）；干部骨干占比低于 \(Display.percent(policy.backboneShare)) 即可有方案。"
        case "R4":
            // R4's and R5's slacks are on a member unit's row: they always name it.
            guard let unit = slack.school else { return nil }
            let possible = policy.minCadresPerMember - Int(amount.rounded(.up))
            return
                "\(rule)：\(scenario.named(unit: unit))在其他规则之下最多只能接收牵头校干部 \(possible) 人，要求至少 \(policy.minCadresPerMember) 人；每所成员校至少接收的干部数由 \(policy.minCadresPerMember) 降到 \(possible) 即可有方案。"
        case "R5":
            guard let unit = slack.school else { return nil }
            let tolerance = policy.balanceTolerance + Int(amount.rounded(.up))
            return "\(rule)：\(scenario.named(unit: unit))派出与接收的人数之差超出上限 \(bent) 人；上限由 \(policy.balanceTolerance) 人放宽到 \(tolerance) 人即可有方案。"
        case "R6":
            let subject = slack.subject.map(Display.subject) ?? ""
            return "\(rule)：\(school)的\(subject)教师将比现有人数与需求人数中的较小者少 \(bent) 人，即有\(subject)教师调出而无人接替。"
        case "R7":
            let teacher = slack.teacher.map { scenario.named(teacher: $0) } ?? "?"
            return "\(rule)：\(teacher)的已定安排与其他规则无法同时满足；取消这项安排即可有方案。"
        case "X1":
            guard let urban = slack.school else { return nil }
            let exchange = scenario.policy.exchange
            let required = eligibility.requiredExchangeSends(urban: urban, policy: exchange)
            let possible = required - Int(amount.rounded(.up))
            let base = eligibility.exchangeBase[urban] ?? 0
            let ratio = base > 0 ? floor(Double(possible) / Double(base) * 100) / 100 : 0
            return
                "\(rule)：城镇学校 \(school)须派出 \(required) 人（共同体派驻与区域交流合计），但在其他规则之下最多只能派出 \(possible) 人；对该校而言，区域交流比例由 \(Display.percent(exchange.minRatio)) 降到 \(Display.percent(ratio)) 即可有方案。"
        case "X2":
            return "\(rule)：城镇学校 \(school)交流出去的干部和骨干教师不够（差 \(bent) 人）；区域交流的干部骨干占比低于 \(Display.percent(scenario.policy.exchange.backboneShare)) 即可有方案。"
        case "X3":
            let subject = slack.subject.map(Display.subject) ?? ""
            return "\(rule)：\(school)的\(subject)教师将超出现有人数与需求人数中的较大者 \(bent) 人；区域交流只去需要的学校。"
        default:
            return "\(rule)：\(slack.school == nil ? "" : school)须放宽 \(bent)。"
        }
    }
}

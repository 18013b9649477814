import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanVerify

/// Why a teacher moves or stays, and what a school's quotas and moves are, in the office's
/// words: Chinese sentences, coded values by their Chinese names, rules by name with their id
/// after it (`牵头校派出比例（R2）`), schools by name with their id (`莲塘一小（NCX-L01）`).
public struct Explanation {
    let scenario: Scenario
    let staffing: Staffing
    let eligibility: Eligibility
    let plan: RotationPlan
    let visits: ItinerantPlan
    let objective: Double
    /// R2–R5's counts for the plan.
    let counts: RuleCounts
    let broken: BrokenRules

    public init(scenario: Scenario, plan: RotationPlan, visits: ItinerantPlan) {
        self.scenario = scenario
        staffing = Staffing(scenario)
        eligibility = Eligibility(scenario, staffing: staffing)
        self.plan = plan
        self.visits = visits
        objective = RotationEvaluation(scenario, staffing: staffing, plan: plan).objective
        counts = RuleCounts(scenario, eligibility: eligibility, moves: plan.moves)
        broken = BrokenRules(scenario: scenario, staffing: staffing, eligibility: eligibility)
    }

    // MARK: Teachers

    /// Who the teacher is, what the plan does with them and why, one sentence a line.
    public func teacher(_ index: Int) -> [String] {
        let teacher = scenario.teachers[index]
        var lines = [
            "\(scenario.named(teacher: index))：\(scenario.named(school: teacher.home))，\(Display.subject(teacher.subject))，\(teacher.role.chineseName)，在本校任教 \(teacher.yearsAtSchool) 年，距退休 \(teacher.yearsToRetirement) 年\(teacher.volunteer ? "，本人自愿交流" : "")。"
        ]
        let target = plan.targets[index]
        if let target {
            lines.append(
                "方案：\(direction(from: teacher.home, to: target))，交流到 \(scenario.named(school: target))，相距 \(Display.km(scenario.km(teacher.home, target))) 公里，\(termText(from: teacher.home, to: target))。"
            )
        } else if let running = staffing.running[index] {
            lines.append("方案：继续在 \(scenario.named(school: running.to)) 交流，任期至 \(running.endYear + 1)年7月（正在进行的交流）。")
        } else {
            lines.append("方案：留在 \(scenario.named(school: teacher.home))。")
        }
        let past = scenario.history.filter { $0.teacher == index }
        if !past.isEmpty {
            let source = scenario.historyFromLedger ? "台账" : "历史表 history.csv"
            lines.append(
                "交流记录（\(source)）："
                    + past.map { entry in
                        "\(Display.term(from: entry.startYear, to: entry.endYear)) \(Vocabulary.historyKinds.name(entry.kind.rawValue)) \(scenario.named(school: entry.from))→\(scenario.named(school: entry.to))"
                    }.joined(separator: "；") + "。")
        }
        if let pin = scenario.pins[index] {
            lines.append("已定安排（\(Display.place(pin))）：\(scenario.describe(pin.action))\(pin.note.map { "（\($0)）" } ?? "")。")
        }
        lines += eligibilityLines(index)
        if let target {
            lines += movingLines(index, target: target)
        } else if eligibility.isEligible(index) && scenario.pins[index]?.action != .stay {
            lines += stayingLines(index)
        }
        let own = visits.visits.filter { $0.teacher == index }
        if !own.isEmpty {
            lines.append("走教：" + own.map { "\($0.day.chineseName)到 \(scenario.named(school: $0.school)) \($0.periods) 课时" }.joined(separator: "；") + "。")
        }
        return lines
    }

    /// A move's direction by its Chinese name: `牵头校→成员校`.
    private func direction(from home: Int, to target: Int) -> String {
        Vocabulary.directions.name(scenario.moveDirection(from: home, to: target))
    }

    /// Every condition of eligibility, kept or not.
    private func eligibilityLines(_ index: Int) -> [String] {
        let teacher = scenario.teachers[index]
        // An exchanged teacher is judged by the exchange's conditions (every role's tenure).
        if let target = plan.targets[index], scenario.moveKind(from: teacher.home, to: target) == .exchange {
            let reasons = eligibility.exchangeReasons.indices.contains(index) ? eligibility.exchangeReasons[index] : []
            guard reasons.isEmpty else { return ["不符合区域交流条件：" + reasons.map(\.description).joined(separator: "；") + "。"] }
            let policy = scenario.policy.rotation
            return [
                "符合区域交流条件：未免于交流，不在交流期内，近 \(policy.cooldownYears) 年内没有结束的交流，距退休 \(teacher.yearsToRetirement) 年（须不少于 \(policy.minYearsToRetirement) 年），在本校任教 \(teacher.yearsAtSchool) 年（区域交流须满 \(scenario.policy.exchange.minYearsAtSchool) 年）。"
            ]
        }
        let reasons = eligibility.reasons[index]
        if reasons.isEmpty {
            let policy = scenario.policy.rotation
            let tenure =
                teacher.role == .regular
                ? "在本校任教 \(teacher.yearsAtSchool) 年（普通教师须满 \(policy.minYearsAtSchool) 年）"
                : "\(teacher.role.chineseName)不受本校任教年限限制"
            return [
                "符合交流条件：未免于交流，不在交流期内，近 \(policy.cooldownYears) 年内没有结束的交流，距退休 \(teacher.yearsToRetirement) 年（须不少于 \(policy.minYearsToRetirement) 年），\(tenure)，政策派出\(teacher.role.chineseName)。"
            ]
        }
        return ["不符合交流条件：" + reasons.map(\.description).joined(separator: "；") + "。"]
    }

    /// The quotas a move serves, what it is worth, and the best alternative teacher.
    private func movingLines(_ index: Int, target: Int) -> [String] {
        let teacher = scenario.teachers[index]
        var lines: [String] = []
        let policy = scenario.policy.rotation
        // R2–R5 count secondments only; an exchange counts towards X1 and X2 below.
        let isSecondment = scenario.moveKind(from: teacher.home, to: target) == .secondment
        if isSecondment, let communityIndex = scenario.schools[teacher.home].communityIndex {
            let community = scenario.communities[communityIndex]
            if teacher.home == community.lead {
                let lead = counts.leads[community.lead]!
                var quotas = ["\(Vocabulary.rule("R2"))，\(scenario.named(school: community.lead))共派出 \(lead.sent) 人，须至少 \(lead.required) 人"]
                if teacher.role.isCadreOrBackbone {
                    quotas.append(
                        "\(Vocabulary.rule("R3"))，派出的干部和骨干教师 \(lead.strong) 人，须至少 \(lead.sent) × \(Display.percent(policy.backboneShare)) = \(Display.number(policy.backboneRequired(sent: lead.sent))) 人"
                    )
                }
                if teacher.role == .cadre, let member = scenario.memberUnit(of: target), let unit = counts.units[member] {
                    quotas.append("\(Vocabulary.rule("R4"))，\(scenario.named(unit: member))接收牵头校干部 \(unit.cadresReceived) 人，须至少 \(policy.minCadresPerMember) 人")
                }
                lines.append("计入的指标：" + quotas.joined(separator: "；") + "。")
            } else if let member = scenario.memberUnit(of: teacher.home), let unit = counts.units[member] {
                lines.append(
                    "计入的指标：\(Vocabulary.rule("R5"))，\(scenario.named(unit: member))接收 \(unit.received) 人、派出 \(unit.sent) 人，相差不得超过 \(policy.balanceTolerance) 人。"
                )
            }
        }
        // An urban school's every move counts towards X1 and X2 (docs/model.md "Part 1 with the county exchange").
        if let urban = counts.urban[teacher.home] {
            let exchange = scenario.policy.exchange
            let all = plan.moves.count { scenario.teachers[$0.teacher].home == teacher.home }
            var quotas = ["\(Vocabulary.rule("X1"))，\(scenario.named(school: teacher.home))共派出 \(urban.sent) 人（共同体派驻与区域交流合计），须至少 \(urban.required) 人"]
            if teacher.role.isCadreOrBackbone {
                quotas.append(
                    "\(Vocabulary.rule("X2"))，其中干部和骨干教师 \(urban.strong) 人，须至少 \(all) × \(Display.percent(exchange.backboneShare)) = \(Display.number(exchange.backboneRequired(sent: all))) 人"
                )
            }
            lines.append("计入的区域交流指标：" + quotas.joined(separator: "；") + "。")
        }
        let without = RotationPlan(moves: plan.moves.filter { $0.teacher != index })
        lines.append("这项交流对目标值（越小越好）的影响：" + difference(from: without, to: plan) + "。")
        let violations = PlanVerifier.rotationViolations(scenario, moves: without.moves)
        if !violations.isEmpty {
            lines.append("若取消这项交流，方案将违反：" + broken.describe(without.moves, violations: violations).prefix(3).joined(separator: "；") + "。")
        }
        // Alternatives: another eligible teacher of the same school in this teacher's place.
        var alternatives: [(teacher: Int, delta: Double, lawful: Bool)] = []
        for other in staffing.byHome[teacher.home] where other != index && eligibility.isEligible(other) && plan.targets[other] == nil {
            guard scenario.allowedTargets(ofTeacherAt: teacher.home).contains(target), scenario.pins[other]?.action != .stay else { continue }
            let swapped = RotationPlan(moves: without.moves + [Move(teacher: other, to: target)])
            let value = RotationEvaluation(scenario, staffing: staffing, plan: swapped).objective
            alternatives.append((other, value - objective, PlanVerifier.rotationViolations(scenario, moves: swapped.moves).isEmpty))
        }
        let home = scenario.named(school: teacher.home)
        if let best = alternatives.filter(\.lawful).min(by: { $0.delta < $1.delta }) {
            let other = scenario.teachers[best.teacher]
            lines.append(
                "可替代人选中代价最小的：\(scenario.named(teacher: best.teacher))，\(Display.subject(other.subject))，\(other.role.chineseName)，在本校任教 \(other.yearsAtSchool) 年\(other.volunteer ? "，本人自愿交流" : "")；改由其交流到同一学校："
                    + difference(from: plan, to: RotationPlan(moves: without.moves + [Move(teacher: best.teacher, to: target)])) + "。")
        } else if !alternatives.isEmpty {
            lines.append("\(home)其他教师替代这项交流都会违反规则。")
        } else {
            lines.append("\(home)没有其他符合条件的教师可以替代这项交流。")
        }
        return lines
    }

    /// Why an eligible teacher stays: the cheapest lawful change that would move them.
    private func stayingLines(_ index: Int) -> [String] {
        let teacher = scenario.teachers[index]
        var options: [(plan: RotationPlan, delta: Double, description: String)] = []
        for target in scenario.allowedTargets(ofTeacherAt: teacher.home) {
            let added = RotationPlan(moves: plan.moves + [Move(teacher: index, to: target)])
            options.append((added, 0, "增加一项交流到 \(scenario.named(school: target))"))
            for move in plan.moves where move.to == target && scenario.teachers[move.teacher].home == teacher.home && scenario.pins[move.teacher] == nil {
                let swapped = RotationPlan(moves: plan.moves.filter { $0.teacher != move.teacher } + [Move(teacher: index, to: target)])
                options.append((swapped, 0, "接替\(scenario.named(teacher: move.teacher))交流到 \(scenario.named(school: target))"))
            }
        }
        let lawful = options.compactMap { option -> (plan: RotationPlan, delta: Double, description: String)? in
            guard PlanVerifier.rotationViolations(scenario, moves: option.plan.moves).isEmpty else { return nil }
            let value = RotationEvaluation(scenario, staffing: staffing, plan: option.plan).objective
            return (option.plan, value - objective, option.description)
        }
        guard let best = lawful.min(by: { $0.delta < $1.delta }) else {
            return options.isEmpty
                ? ["留任原因：交流最远距离 \(formatNumber(scenario.policy.rotation.maxKm)) 公里内没有可接收该教师的学校。"]
                : ["留任原因：只改动一处让该教师交流，都会违反交流规则；须同时改动方案的其他部分。"]
        }
        return ["留任原因：让该教师交流而不违反规则，代价最小的改动是\(best.description)：" + difference(from: plan, to: best.plan) + "。"]
    }

    /// The objective terms that change from one plan to another, weighted: the amount, then
    /// in brackets what it adds to the objective (lower is better).
    private func difference(from: RotationPlan, to: RotationPlan) -> String {
        let weights = scenario.policy.weights
        let before = RotationEvaluation(scenario, staffing: staffing, plan: from).parts
        let after = RotationEvaluation(scenario, staffing: staffing, plan: to).parts
        var terms: [String] = []
        for term in ObjectiveTerm.rotation {
            let change = after.amount(of: term) - before.amount(of: term)
            guard abs(change) > 1e-9 else { continue }
            terms.append("\(term.chineseLabel) \(signed(change))（\(signed(term.coefficient(weights) * change))）")
        }
        let total = after.objective(weights) - before.objective(weights)
        return terms.isEmpty ? "目标值不变" : terms.joined(separator: "，") + "；目标值 \(signed(total))"
    }

    /// The secondment's school years, September to July, as `rotations.csv` gives them.
    private func termText(from home: Int, to target: Int) -> String {
        let last = scenario.lastYearOfTerm(from: home, to: target)
        return "期限 \(last - scenario.year + 1) 个学年（\(Display.term(from: scenario.year, to: last))）"
    }

    private func signed(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return (rounded > 0 ? "+" : "") + formatNumber(rounded == 0 ? 0 : rounded)
    }

    // MARK: Schools

    /// A school's place in its community, its quotas, who leaves and who comes (for a member or
    /// a site, its whole member unit's, which R4 and R5 count), and its staffing before and after.
    public func school(_ index: Int) -> [String] {
        let school = scenario.schools[index]
        let policy = scenario.policy.rotation
        var lines: [String] = []
        let community = school.communityIndex.map { scenario.communities[$0] }
        let rural = school.rural ? "；乡村学校" : ""
        switch school.kind {
        case .lead:
            let sites = community!.receivingSchools.count - community!.members.count
            lines.append(
                "\(scenario.named(school: index))：共同体 \(community!.id) 的牵头校，下有成员校 \(community!.members.count) 所\(sites > 0 ? "、教学点 \(sites) 个" : "")\(rural)。")
        case .member:
            let sites = scenario.sites(of: index).map { scenario.named(school: $0) }
            lines.append(
                "\(scenario.named(school: index))：共同体 \(community!.id) 的成员校，牵头校为 \(scenario.named(school: community!.lead))\(sites.isEmpty ? "" : "，管理教学点 \(sites.joined(separator: "、"))")\(rural)。"
            )
        case .site:
            lines.append(
                "\(scenario.named(school: index))：共同体 \(community!.id) 的教学点，属成员校 \(scenario.named(school: school.parent!))；\(Vocabulary.rule("R4"))和\(Vocabulary.rule("R5"))按成员校及其教学点合计\(rural)。"
            )
        case .independent:
            lines.append("\(scenario.named(school: index))：独立校，不属于任何共同体\(rural)。")
        }
        if school.kind == .lead, let lead = counts.leads[index] {
            let base = eligibility.base[index] ?? 0
            let share = Display.number(policy.minRatio * Double(base))
            lines.append(
                "\(Vocabulary.rule("R2"))：符合条件的教师 \(base) 人，须派出至少 \(base) × \(Display.percent(policy.minRatio)) = \(share)，向上取整为 \(lead.required) 人；实派 \(lead.sent) 人\(verdict(lead.sent >= lead.required))。"
            )
            let required = Display.number(policy.backboneRequired(sent: lead.sent))
            lines.append(
                "\(Vocabulary.rule("R3"))：派出干部和骨干教师 \(lead.strong) 人，须至少 \(lead.sent) × \(Display.percent(policy.backboneShare)) = \(required) 人\(verdict(policy.keepsBackboneShare(strong: lead.strong, sent: lead.sent)))。"
            )
        }
        // An urban school's every move counts towards X1 and X2 (docs/model.md "Part 1 with the county exchange").
        if let urban = counts.urban[index] {
            let exchange = scenario.policy.exchange
            let base = eligibility.exchangeBase[index] ?? 0
            let all = plan.moves.count { scenario.teachers[$0.teacher].home == index }
            lines.append(
                "\(Vocabulary.rule("X1"))：符合区域交流条件的教师 \(base) 人，须派出（共同体派驻与区域交流合计）至少 \(base) × \(Display.percent(exchange.minRatio)) = \(Display.number(exchange.minRatio * Double(base)))，向上取整为 \(urban.required) 人；实派 \(urban.sent) 人，其中区域交流 \(urban.exchanges) 人\(verdict(urban.sent >= urban.required))。"
            )
            lines.append(
                "\(Vocabulary.rule("X2"))：派出干部和骨干教师 \(urban.strong) 人，须至少 \(all) × \(Display.percent(exchange.backboneShare)) = \(Display.number(exchange.backboneRequired(sent: all))) 人\(verdict(exchange.keepsBackboneShare(strong: urban.strong, sent: all)))。"
            )
        }
        var unitSchools = [index]
        if school.kind == .member || school.kind == .site, let member = scenario.memberUnit(of: index), let unit = counts.units[member] {
            unitSchools = [member] + scenario.sites(of: member)
            if unitSchools.count > 1 {
                lines.append(
                    school.kind == .member
                        ? "以下按成员校单元（本校及其 \(unitSchools.count - 1) 个教学点）合计。"
                        : "所属成员校单元：\(scenario.named(unit: member))，以下按整个单元合计。")
            }
            let cadres = breakdown(unitSchools) { move, school in move.to == school && isLeadCadre(move) }
            lines.append(
                "\(Vocabulary.rule("R4"))：本单元接收牵头校干部 \(unit.cadresReceived) 人\(cadres)，须至少 \(policy.minCadresPerMember) 人\(verdict(unit.cadresReceived >= policy.minCadresPerMember))。"
            )
            lines.append(
                "\(Vocabulary.rule("R5"))：本单元接收 \(unit.received) 人、派出 \(unit.sent) 人，相差不得超过 \(policy.balanceTolerance) 人\(verdict(policy.keepsBalance(received: unit.received, sent: unit.sent)))。"
            )
        }
        func line(_ move: Move, incoming: Bool) -> String {
            let teacher = scenario.teachers[move.teacher]
            let km = "\(Display.km(scenario.km(teacher.home, move.to))) 公里"
            let who = "  \(scenario.named(teacher: move.teacher))，\(Display.subject(teacher.subject))，\(teacher.role.chineseName)"
            // Inside a member unit, say which of its schools a move leaves or reaches.
            let unit = unitSchools.count > 1
            if incoming {
                let at = move.to == index ? (unit ? "，到本校" : "") : "，到 \(scenario.named(school: move.to))"
                return "\(who)，来自 \(scenario.named(school: teacher.home))\(at)，\(km)"
            }
            let from = teacher.home == index ? (unit ? "从本校" : "") : "从 \(scenario.named(school: teacher.home))"
            return "\(who)，\(from)到 \(scenario.named(school: move.to))，\(km)"
        }
        let out = plan.moves.filter { unitSchools.contains(scenario.teachers[$0.teacher].home) }
        let into = plan.moves.filter { unitSchools.contains($0.to) }
        let whose = unitSchools.count > 1 ? "本单元" : "本校"
        lines.append("\(whose)派出 \(out.count) 人\(out.isEmpty ? "。" : "：")")
        lines += out.map { line($0, incoming: false) }
        lines.append("\(whose)接收 \(into.count) 人\(into.isEmpty ? "。" : "：")")
        lines += into.map { line($0, incoming: true) }
        let before = RotationEvaluation(scenario, staffing: staffing, plan: .empty)
        let after = RotationEvaluation(scenario, staffing: staffing, plan: plan)
        // Subjects in the vocabulary's order (语文, 数学, 英语 …), others after them.
        let order = Vocabulary.subjects.codes
        let subjects = Set(scenario.demand.keys.filter { $0.school == index }.map(\.subject))
            .union(staffing.current.keys.filter { $0.school == index }.map(\.subject))
            .sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        lines.append("本校各学科教师（需求；交流前 → 交流后）：")
        for subject in subjects {
            let demand = scenario.demandTeachers(index, subject)
            let was = staffing.current(index, subject)
            let now = after.after(index, subject)
            let short = max(0, demand - now)
            lines.append("  \(Display.subject(subject))：需求 \(demand) 人；\(was) 人 → \(now) 人\(short > 0 ? "，缺 \(short) 人" : "")")
        }
        if school.kind == .member || school.kind == .site, let member = scenario.memberUnit(of: index) {
            let show = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "无需求" }
            lines.append(
                "本单元每 100 个需求岗位中的干部和骨干教师：\(show(before.qualityRatio[member])) → \(show(after.qualityRatio[member]))；本校学科缺口：\(before.shortfallBySchool[index] ?? 0) 人 → \(after.shortfallBySchool[index] ?? 0) 人。"
            )
        }
        let received = visits.visits.filter { $0.school == index }
        let given = visits.visits.filter { $0.home == index }
        if !received.isEmpty { lines.append("接受走教：每周 \(received.count) 次，共 \(received.reduce(0) { $0 + $1.periods }) 课时。") }
        if !given.isEmpty { lines.append("本校教师外出走教：每周 \(given.count) 次，共 \(given.reduce(0) { $0 + $1.periods }) 课时。") }
        return lines
    }

    /// `（达标）` or `（未达标）`.
    private func verdict(_ kept: Bool) -> String {
        kept ? "（达标）" : "（未达标）"
    }

    /// A cadre of a lead school: what R4 counts when they move to a member unit.
    private func isLeadCadre(_ move: Move) -> Bool {
        let teacher = scenario.teachers[move.teacher]
        return teacher.role == .cadre && scenario.schools[teacher.home].kind == .lead
    }

    /// Where in a unit of several schools a count falls: `（其中 万埠付家小学（AYX-S001）1 人）`.
    private func breakdown(_ schools: [Int], _ counts: (Move, Int) -> Bool) -> String {
        guard schools.count > 1 else { return "" }
        let parts = schools.compactMap { school in
            let count = plan.moves.count { counts($0, school) }
            return count == 0 ? nil : "\(scenario.named(school: school))\(count) 人"
        }
        return parts.isEmpty ? "" : "（其中 " + parts.joined(separator: "，") + "）"
    }
}

import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanVerify

/// Why a teacher moves or stays, and what a school's quotas and moves are, in the user's terms.
public struct Explanation {
    let scenario: Scenario
    let staffing: Staffing
    let eligibility: Eligibility
    let plan: RotationPlan
    let visits: ItinerantPlan
    let objective: Double
    /// R2–R5's counts for the plan.
    let counts: RuleCounts

    public init(scenario: Scenario, plan: RotationPlan, visits: ItinerantPlan) {
        self.scenario = scenario
        staffing = Staffing(scenario)
        eligibility = Eligibility(scenario, staffing: staffing)
        self.plan = plan
        self.visits = visits
        objective = RotationEvaluation(scenario, staffing: staffing, plan: plan).objective
        counts = RuleCounts(scenario, eligibility: eligibility, moves: plan.moves)
    }

    // MARK: Teachers

    public func teacher(_ index: Int) -> [String] {
        let teacher = scenario.teachers[index]
        let home = scenario.schools[teacher.home]
        var lines = [
            "\(scenario.label(teacher: index)): \(Display.subject(teacher.subject)) (\(teacher.subject)), \(teacher.role.chineseName) (\(teacher.role.rawValue)), at \(scenario.label(school: teacher.home)) for \(teacher.yearsAtSchool) years, \(teacher.yearsToRetirement) to retirement\(teacher.volunteer ? ", volunteer" : "")"
        ]
        let target = plan.targets[index]
        if let target {
            lines.append("plan: moves to \(scenario.label(school: target)), \(Display.km(scenario.km(teacher.home, target))) km, \(termText).")
        } else if let running = staffing.running[index] {
            lines.append("plan: stays seconded at \(scenario.label(school: running.to)) until \(running.endYear) (a running secondment).")
        } else {
            lines.append("plan: stays at \(home.id).")
        }
        let past = scenario.history.filter { $0.teacher == index }
        if !past.isEmpty {
            let source = scenario.historyFromLedger ? "the ledger" : "history.csv"
            lines.append("record (\(source)): " + past.map { entry in
                "\(entry.startYear)–\(entry.endYear) \(scenario.schools[entry.from].id) → \(scenario.schools[entry.to].id)\(entry.kind == .itinerant ? " (itinerant)" : "")"
            }.joined(separator: "; ") + ".")
        }
        if let pin = scenario.pins[index] {
            lines.append("pin: \(pin.place) says \(describe(pin.action))\(pin.note.map { " (\($0))" } ?? "").")
        }
        lines += eligibilityLines(index)
        if let target {
            lines += movingLines(index, target: target)
        } else if eligibility.isEligible(index) && scenario.pins[index]?.action != .stay {
            lines += stayingLines(index)
        }
        let own = visits.visits.filter { $0.teacher == index }
        if !own.isEmpty {
            lines.append("itinerant: " + own.map { "\($0.day.chineseName) \(scenario.schools[$0.school].id) \($0.periods) periods" }.joined(separator: "; ") + ".")
        }
        return lines
    }

    private func describe(_ action: PinAction) -> String {
        switch action {
        case .stay: "stay"
        case .rotate: "rotate"
        case .to(let school): "to \(scenario.schools[school].id)"
        }
    }

    /// Every condition of eligibility, kept or not.
    private func eligibilityLines(_ index: Int) -> [String] {
        let reasons = eligibility.reasons[index]
        if reasons.isEmpty {
            let teacher = scenario.teachers[index]
            let policy = scenario.policy.rotation
            let tenure = teacher.role == .regular
                ? "\(teacher.yearsAtSchool) ≥ \(policy.minYearsAtSchool) years at the school"
                : "a \(teacher.role.rawValue) needs no minimum years at the school"
            return ["eligible: not exempt, not away, no secondment ended in the last \(policy.cooldownYears) years, \(teacher.yearsToRetirement) ≥ \(policy.minYearsToRetirement) years to retirement, \(tenure), and the policy sends this role."]
        }
        return ["not eligible: " + reasons.map(\.description).joined(separator: "; ") + "."]
    }

    /// The quotas a move serves, what it is worth, and the best alternative teacher.
    private func movingLines(_ index: Int, target: Int) -> [String] {
        let teacher = scenario.teachers[index]
        var lines: [String] = []
        let policy = scenario.policy.rotation
        if let communityIndex = scenario.schools[teacher.home].communityIndex {
            let community = scenario.communities[communityIndex]
            if teacher.home == community.lead {
                let lead = counts.leads[community.lead]!
                var quotas = ["R2 at \(scenario.schools[community.lead].id): sends \(lead.sent), needs \(lead.required)"]
                if teacher.role.isCadreOrBackbone {
                    quotas.append("R3: \(lead.strong) cadres and backbone ≥ \(formatNumber(policy.backboneShare)) × \(lead.sent)")
                }
                if teacher.role == .cadre, let member = scenario.memberUnit(of: target), let unit = counts.units[member] {
                    quotas.append("R4 at \(scenario.schools[member].id): receives \(unit.cadresReceived) cadre\(unit.cadresReceived == 1 ? "" : "s"), needs \(policy.minCadresPerMember)")
                }
                lines.append("quotas it serves: " + quotas.joined(separator: "; ") + ".")
            } else if let member = scenario.memberUnit(of: teacher.home), let unit = counts.units[member] {
                lines.append("quotas it serves: R5 at \(scenario.schools[member].id): receives \(unit.received), sends \(unit.sent) (tolerance \(policy.balanceTolerance)).")
            }
        }
        let without = RotationPlan(moves: plan.moves.filter { $0.teacher != index })
        lines.append("what the move is worth: " + difference(from: without, to: plan) + ".")
        let broken = PlanVerifier.rotationViolations(scenario, moves: without.moves)
        if !broken.isEmpty { lines.append("without this move the plan breaks: " + broken.prefix(3).joined(separator: "; ") + ".") }
        // Alternatives: another eligible teacher of the same school in this teacher's place.
        var alternatives: [(teacher: Int, delta: Double, lawful: Bool)] = []
        for other in staffing.byHome[teacher.home] where other != index && eligibility.isEligible(other) && plan.targets[other] == nil {
            guard scenario.allowedTargets(ofTeacherAt: teacher.home).contains(target), scenario.pins[other]?.action != .stay else { continue }
            let swapped = RotationPlan(moves: without.moves + [Move(teacher: other, to: target)])
            let value = RotationEvaluation(scenario, staffing: staffing, plan: swapped).objective
            alternatives.append((other, value - objective, PlanVerifier.rotationViolations(scenario, moves: swapped.moves).isEmpty))
        }
        if let best = alternatives.filter(\.lawful).min(by: { $0.delta < $1.delta }) {
            let other = scenario.teachers[best.teacher]
            lines.append("best alternative: \(scenario.label(teacher: best.teacher)) (\(other.subject), \(other.role.rawValue), \(other.yearsAtSchool) years\(other.volunteer ? ", volunteer" : "")) to the same school: "
                + difference(from: plan, to: RotationPlan(moves: without.moves + [Move(teacher: best.teacher, to: target)])) + ".")
        } else if !alternatives.isEmpty {
            lines.append("no other teacher of \(scenario.schools[teacher.home].id) could take this place without breaking a rule.")
        } else {
            lines.append("no other eligible teacher of \(scenario.schools[teacher.home].id) could take this place.")
        }
        return lines
    }

    /// Why an eligible teacher stays: the cheapest lawful change that would move them.
    private func stayingLines(_ index: Int) -> [String] {
        let teacher = scenario.teachers[index]
        var options: [(plan: RotationPlan, delta: Double, description: String)] = []
        for target in scenario.allowedTargets(ofTeacherAt: teacher.home) {
            let added = RotationPlan(moves: plan.moves + [Move(teacher: index, to: target)])
            options.append((added, 0, "adding a move to \(scenario.schools[target].id)"))
            for move in plan.moves where move.to == target && scenario.teachers[move.teacher].home == teacher.home && scenario.pins[move.teacher] == nil {
                let swapped = RotationPlan(moves: plan.moves.filter { $0.teacher != move.teacher } + [Move(teacher: index, to: target)])
                options.append((swapped, 0, "taking the place of \(scenario.label(teacher: move.teacher)) at \(scenario.schools[target].id)"))
            }
        }
        let lawful = options.compactMap { option -> (plan: RotationPlan, delta: Double, description: String)? in
            guard PlanVerifier.rotationViolations(scenario, moves: option.plan.moves).isEmpty else { return nil }
            let value = RotationEvaluation(scenario, staffing: staffing, plan: option.plan).objective
            return (option.plan, value - objective, option.description)
        }
        guard let best = lawful.min(by: { $0.delta < $1.delta }) else {
            return options.isEmpty
                ? ["why staying: no school within max_km \(formatNumber(scenario.policy.rotation.maxKm)) km can receive this teacher."]
                : ["why staying: no single change that moves this teacher keeps every rule (R1–R7); more of the plan would have to change."]
        }
        return ["why staying: the cheapest lawful change that moves this teacher, \(best.description): " + difference(from: plan, to: best.plan) + "."]
    }

    /// The objective terms that change from one plan to another, weighted.
    private func difference(from: RotationPlan, to: RotationPlan) -> String {
        let weights = scenario.policy.weights
        let before = RotationEvaluation(scenario, staffing: staffing, plan: from).parts
        let after = RotationEvaluation(scenario, staffing: staffing, plan: to).parts
        var terms: [String] = []
        for term in ObjectiveTerm.rotation {
            let change = after.amount(of: term) - before.amount(of: term)
            guard abs(change) > 1e-9 else { continue }
            terms.append("\(term.label) \(signed(change)) (\(signed(term.coefficient(weights) * change)))")
        }
        let total = after.objective(weights) - before.objective(weights)
        return terms.isEmpty ? "no term changes" : terms.joined(separator: ", ") + "; objective \(signed(total))"
    }

    /// The secondment's school years, September to July, as `rotations.csv` gives them.
    private var termText: String {
        let years = scenario.policy.rotation.termYears
        return "for \(years) school year\(years == 1 ? "" : "s") from September \(scenario.year) to July \(scenario.year + years)"
    }

    private func signed(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return (rounded > 0 ? "+" : "") + formatNumber(rounded == 0 ? 0 : rounded)
    }

    // MARK: Schools

    public func school(_ index: Int) -> [String] {
        let school = scenario.schools[index]
        let policy = scenario.policy.rotation
        var lines: [String] = []
        let community = school.communityIndex.map { scenario.communities[$0] }
        switch school.kind {
        case .lead:
            let sites = community!.receivingSchools.count - community!.members.count
            lines.append("\(scenario.label(school: index)): lead school of \(community!.id) with \(community!.members.count) members\(sites > 0 ? " and \(sites) sites" : "")\(school.rural ? ", rural" : "")")
        case .member:
            let sites = scenario.sites(of: index).map { scenario.schools[$0].id }
            lines.append("\(scenario.label(school: index)): member of \(community!.id) (lead \(scenario.label(school: community!.lead)))\(sites.isEmpty ? "" : ", managing \(sites.joined(separator: ", "))")\(school.rural ? ", rural" : "")")
        case .site:
            lines.append("\(scenario.label(school: index)): site of \(scenario.label(school: school.parent!)) in \(community!.id); R4 and R5 count its member unit\(school.rural ? ", rural" : "")")
        case .independent: lines.append("\(scenario.label(school: index)): independent school, in no community\(school.rural ? ", rural" : "")")
        }
        let out = plan.moves.filter { scenario.teachers[$0.teacher].home == index }
        let into = plan.moves.filter { $0.to == index }
        if school.kind == .lead, let lead = counts.leads[index] {
            let base = eligibility.base[index] ?? 0
            lines.append("R2: \(base) eligible teachers, must send ceil(\(formatNumber(policy.minRatio)) × \(base)) = \(lead.required), sends \(lead.sent) \(lead.sent >= lead.required ? "(ok)" : "(NOT MET)")")
            let required = policy.backboneRequired(sent: lead.sent)
            lines.append("R3: cadres and backbone sent \(lead.strong), at least \(formatNumber(policy.backboneShare)) × \(lead.sent) = \(formatNumber((required * 100).rounded() / 100)) \(policy.keepsBackboneShare(strong: lead.strong, sent: lead.sent) ? "(ok)" : "(NOT MET)")")
        }
        if school.kind == .member || school.kind == .site, let member = scenario.memberUnit(of: index), let unit = counts.units[member] {
            if school.kind == .site { lines.append("member unit of \(scenario.label(school: member)):") }
            lines.append("R4: receives \(unit.cadresReceived) cadre\(unit.cadresReceived == 1 ? "" : "s"), needs \(policy.minCadresPerMember) \(unit.cadresReceived >= policy.minCadresPerMember ? "(ok)" : "(NOT MET)")")
            lines.append("R5: receives \(unit.received), sends \(unit.sent), tolerance \(policy.balanceTolerance) \(policy.keepsBalance(received: unit.received, sent: unit.sent) ? "(ok)" : "(NOT MET)")")
        }
        func line(_ move: Move, incoming: Bool) -> String {
            let teacher = scenario.teachers[move.teacher]
            let other = incoming ? teacher.home : move.to
            return "  \(scenario.label(teacher: move.teacher)), \(Display.subject(teacher.subject)), \(teacher.role.chineseName), \(incoming ? "from" : "to") \(scenario.schools[other].id), \(Display.km(scenario.km(teacher.home, move.to))) km"
        }
        lines.append("moves out: \(out.count)")
        lines += out.map { line($0, incoming: false) }
        lines.append("moves in: \(into.count)")
        lines += into.map { line($0, incoming: true) }
        let before = RotationEvaluation(scenario, staffing: staffing, plan: .empty)
        let after = RotationEvaluation(scenario, staffing: staffing, plan: plan)
        let subjects = Set(scenario.demand.keys.filter { $0.school == index }.map(\.subject))
            .union(staffing.current.keys.filter { $0.school == index }.map(\.subject)).sorted()
        lines.append("staffing by subject (demand: before → after):")
        for subject in subjects {
            let demand = scenario.demandTeachers(index, subject)
            let was = staffing.current(index, subject)
            let now = after.after(index, subject)
            let short = max(0, demand - now)
            lines.append("  \(Display.subject(subject)) (\(subject)): \(demand): \(was) → \(now)\(short > 0 ? ", short \(short)" : "")")
        }
        if school.kind == .member || school.kind == .site, let member = scenario.memberUnit(of: index) {
            let show = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "-" }
            lines.append("100·Q/D of the member unit: \(show(before.qualityRatio[member])) → \(show(after.qualityRatio[member])); shortfall at this school \(before.shortfallBySchool[index] ?? 0) → \(after.shortfallBySchool[index] ?? 0)")
        }
        let received = visits.visits.filter { $0.school == index }
        let given = visits.visits.filter { $0.home == index }
        if !received.isEmpty { lines.append("itinerant visits received: \(received.count), \(received.reduce(0) { $0 + $1.periods }) periods a week") }
        if !given.isEmpty { lines.append("itinerant visits given by its teachers: \(given.count), \(given.reduce(0) { $0 + $1.periods }) periods a week") }
        return lines
    }
}

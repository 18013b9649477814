import Foundation
import RotaplanDomain
import RotaplanResults

/// Builds plan.json's lists from a county plan (docs/model.md "Figures every plan reports").
public enum PlanAssembly {
    public static func document(_ county: CountyPlan, meta: PlanDocument.Meta?) -> PlanDocument {
        let scenario = county.scenario
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let plan = county.rotationPlan
        let before = RotationEvaluation(scenario, staffing: staffing, plan: .empty)
        let after = RotationEvaluation(scenario, staffing: staffing, plan: plan)

        let rotations: [PlanDocument.RotationLine] =
            county.rotation == nil
            ? []
            : plan.moves.map { move in
                let teacher = scenario.teachers[move.teacher]
                let (home, target) = (scenario.schools[teacher.home], scenario.schools[move.to])
                let site = [home, target].first { $0.kind == .site }
                let kind = scenario.moveKind(from: teacher.home, to: move.to)
                return PlanDocument.RotationLine(
                    teacher: teacher.id, from: home.id, to: target.id, direction: scenario.moveDirection(from: teacher.home, to: move.to),
                    member: site?.parent.map { scenario.schools[$0].id },
                    role: teacher.role.rawValue, subject: teacher.subject, km: scenario.km(teacher.home, move.to),
                    startYear: scenario.year, endYear: scenario.lastYearOfTerm(from: teacher.home, to: move.to), kind: kind.rawValue)
            }
        let visits = county.itinerant?.plan?.visits ?? []
        let itinerantLines = visits.map { visit in
            PlanDocument.VisitLine(
                teacher: scenario.teachers[visit.teacher].id, home: scenario.schools[visit.home].id,
                school: scenario.schools[visit.school].id, day: visit.day.rawValue,
                subject: scenario.teachers[visit.teacher].subject, periods: visit.periods,
                km: scenario.km(visit.home, visit.school))
        }
        let uncovered = (county.itinerant?.uncoveredAfter ?? [:]).filter { $0.value > 0 }.sorted { $0.key < $1.key }.map {
            PlanDocument.UncoveredLine(school: scenario.schools[$0.key.school].id, subject: $0.key.subject, periods: $0.value)
        }
        var compliance: [PlanDocument.ComplianceLine] = []
        var effort: [PlanDocument.EffortLine] = []
        var improvement: [PlanDocument.ImprovementLine] = []
        let policy = scenario.policy.rotation
        let periodsGiven = Dictionary(grouping: visits, by: \.home).mapValues { $0.reduce(0) { $0 + $1.periods } }
        let counts = RuleCounts(scenario, eligibility: eligibility, moves: plan.moves)
        for community in scenario.communities {
            let lead = counts.leads[community.lead]!
            let leadId = scenario.schools[community.lead].id
            if county.rotation != nil {
                compliance.append(.init(rule: "R2", scope: leadId, required: Double(lead.required), actual: Double(lead.sent), ok: lead.sent >= lead.required))
                compliance.append(
                    .init(
                        rule: "R3", scope: leadId, required: policy.backboneRequired(sent: lead.sent), actual: Double(lead.strong),
                        ok: policy.keepsBackboneShare(strong: lead.strong, sent: lead.sent)))
            }
            // With the exchange a lead's effort counts its exchanges too, and shows them apart.
            let exchanged = counts.urban[community.lead]
            var exchangeCadres = (0, 0)
            for move in plan.moves
            where scenario.teachers[move.teacher].home == community.lead
                && scenario.moveKind(from: community.lead, to: move.to) == .exchange
            {
                if scenario.teachers[move.teacher].role == .cadre { exchangeCadres.0 += 1 }
                if scenario.teachers[move.teacher].role == .backbone { exchangeCadres.1 += 1 }
            }
            effort.append(
                .init(
                    school: leadId, sent: lead.sent + (exchanged?.exchanges ?? 0), required: lead.required,
                    cadres: lead.cadres + exchangeCadres.0, backbone: lead.backbone + exchangeCadres.1,
                    itinerantPeriods: county.itinerant == nil ? nil : periodsGiven[community.lead] ?? 0, exchangesSent: exchanged?.exchanges))
            for memberUnit in community.units {
                let member = memberUnit.member
                let memberId = scenario.schools[member].id
                let unit = counts.units[member]!
                if county.rotation != nil {
                    compliance.append(
                        .init(
                            rule: "R4", scope: memberId, required: Double(policy.minCadresPerMember), actual: Double(unit.cadresReceived),
                            ok: unit.cadresReceived >= policy.minCadresPerMember))
                    compliance.append(
                        .init(
                            rule: "R5", scope: memberId, required: Double(policy.balanceTolerance), actual: Double(abs(unit.received - unit.sent)),
                            ok: policy.keepsBalance(received: unit.received, sent: unit.sent)))
                }
                // The member's row adds up its unit; each site follows with its own figures.
                func total(_ value: (Int) -> Int) -> Int { memberUnit.schools.reduce(0) { $0 + value($1) } }
                improvement.append(
                    .init(
                        school: memberId, member: nil,
                        shortfallBefore: total { before.shortfallBySchool[$0] ?? 0 },
                        shortfallAfter: total { after.shortfallBySchool[$0] ?? 0 },
                        qualityBefore: before.qualityRatio[member], qualityAfter: after.qualityRatio[member],
                        uncoveredBefore: county.itinerant.map { outcome in total { outcome.uncoveredBefore(school: $0) } },
                        uncoveredAfter: county.itinerant.map { outcome in total { outcome.uncoveredAfter(school: $0) } }))
                for site in memberUnit.sites {
                    improvement.append(
                        .init(
                            school: scenario.schools[site].id, member: memberId,
                            shortfallBefore: before.shortfallBySchool[site] ?? 0, shortfallAfter: after.shortfallBySchool[site] ?? 0,
                            qualityBefore: nil, qualityAfter: nil,
                            uncoveredBefore: county.itinerant.map { $0.uncoveredBefore(school: site) },
                            uncoveredAfter: county.itinerant.map { $0.uncoveredAfter(school: site) }))
                }
            }
        }
        // X1 and X2 at every urban school (docs/model.md "Part 1 with the county exchange").
        if county.rotation != nil {
            let exchange = scenario.policy.exchange
            for school in counts.urban.keys.sorted() {
                guard let urban = counts.urban[school] else { continue }
                let id = scenario.schools[school].id
                compliance.append(.init(rule: "X1", scope: id, required: Double(urban.required), actual: Double(urban.sent), ok: urban.sent >= urban.required))
                let all = plan.moves.count { scenario.teachers[$0.teacher].home == school }
                compliance.append(
                    .init(
                        rule: "X2", scope: id, required: exchange.backboneRequired(sent: all), actual: Double(urban.strong),
                        ok: exchange.keepsBackboneShare(strong: urban.strong, sent: all)))
            }
        }
        return PlanDocument(
            scenario: scenario.settings.slug, year: scenario.year,
            solver: .init(rotation: county.rotation?.report, itinerant: county.itinerant?.report),
            rotations: rotations, itinerant: itinerantLines, uncovered: uncovered, compliance: compliance,
            effort: effort, improvement: improvement, meta: meta)
    }
}

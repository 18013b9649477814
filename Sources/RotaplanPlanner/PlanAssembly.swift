import Foundation
import RotaplanDomain

/// Everything one solve of a county produced, before it is written.
public struct CountyPlan: Sendable {
    public var scenario: Scenario
    public var rotation: RotationOutcome?
    public var itinerant: ItinerantOutcome?

    public init(scenario: Scenario, rotation: RotationOutcome?, itinerant: ItinerantOutcome?) {
        self.scenario = scenario
        self.rotation = rotation
        self.itinerant = itinerant
    }

    /// The rotation plan the itinerant part was built on (no moves when Part 1 was not run).
    public var rotationPlan: RotationPlan { rotation?.plan ?? .empty }

    /// Whether every part that ran has a plan.
    public var hasPlan: Bool {
        (rotation.map { $0.plan != nil } ?? true) && (itinerant.map { $0.plan != nil } ?? true)
            && (rotation != nil || itinerant != nil)
    }
}

/// Builds plan.json's lists from a county plan (MODEL.md "Figures every plan reports").
public enum PlanAssembly {
    public static func document(_ county: CountyPlan, meta: PlanDocument.Meta?) -> PlanDocument {
        let scenario = county.scenario
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let plan = county.rotationPlan
        let before = RotationEvaluation(scenario, staffing: staffing, plan: .empty)
        let after = RotationEvaluation(scenario, staffing: staffing, plan: plan)
        let lastYear = scenario.year + scenario.policy.rotation.termYears - 1

        let rotations: [PlanDocument.RotationLine] = county.rotation == nil ? [] : plan.moves.map { move in
            let teacher = scenario.teachers[move.teacher]
            return PlanDocument.RotationLine(
                teacher: teacher.id, from: scenario.schools[teacher.home].id, to: scenario.schools[move.to].id,
                direction: scenario.schools[teacher.home].kind == .lead ? "lead_to_member" : "member_to_lead",
                role: teacher.role.rawValue, subject: teacher.subject, km: scenario.km(teacher.home, move.to),
                startYear: scenario.year, endYear: lastYear)
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
        for community in scenario.communities {
            let lead = community.lead
            let out = plan.moves.filter { scenario.teachers[$0.teacher].home == lead }
            let required = eligibility.requiredSends(lead: lead, policy: policy)
            let strong = out.count { scenario.teachers[$0.teacher].role.isCadreOrBackbone }
            let leadId = scenario.schools[lead].id
            if county.rotation != nil {
                compliance.append(.init(rule: "R2", scope: leadId, required: Double(required), actual: Double(out.count), ok: out.count >= required))
                let share = policy.backboneShare * Double(out.count)
                compliance.append(.init(rule: "R3", scope: leadId, required: share, actual: Double(strong), ok: Double(strong) >= share - 1e-9))
            }
            effort.append(.init(
                school: leadId, sent: out.count, required: required,
                cadres: out.count { scenario.teachers[$0.teacher].role == .cadre },
                backbone: out.count { scenario.teachers[$0.teacher].role == .backbone },
                itinerantPeriods: county.itinerant == nil ? nil : periodsGiven[lead] ?? 0))
            for member in community.members {
                let memberId = scenario.schools[member].id
                if county.rotation != nil {
                    let cadres = out.count { $0.to == member && scenario.teachers[$0.teacher].role == .cadre }
                    compliance.append(.init(
                        rule: "R4", scope: memberId, required: Double(policy.minCadresPerMember), actual: Double(cadres),
                        ok: cadres >= policy.minCadresPerMember))
                    let into = plan.moves.count { $0.to == member }
                    let fromMember = plan.moves.count { scenario.teachers[$0.teacher].home == member }
                    let imbalance = abs(into - fromMember)
                    compliance.append(.init(
                        rule: "R5", scope: memberId, required: Double(policy.balanceTolerance), actual: Double(imbalance),
                        ok: imbalance <= policy.balanceTolerance))
                }
                improvement.append(.init(
                    school: memberId,
                    shortfallBefore: before.shortfallBySchool[member] ?? 0,
                    shortfallAfter: after.shortfallBySchool[member] ?? 0,
                    qualityBefore: before.qualityRatio[member], qualityAfter: after.qualityRatio[member],
                    uncoveredBefore: county.itinerant.map { $0.uncoveredBefore(school: member) },
                    uncoveredAfter: county.itinerant.map { $0.uncoveredAfter(school: member) }))
            }
        }
        return PlanDocument(
            scenario: scenario.settings.slug, year: scenario.year,
            solver: .init(rotation: county.rotation?.report, itinerant: county.itinerant?.report),
            rotations: rotations, itinerant: itinerantLines, uncovered: uncovered, compliance: compliance,
            effort: effort, improvement: improvement, meta: meta)
    }
}

import Foundation
import RotaplanDomain

/// Everything one solve of a county produced, before it is turned into files and words.
public struct CountyPlan: Sendable {
    public var scenario: Scenario
    public var rotation: RotationOutcome?
    public var itinerant: ItinerantOutcome?
    /// When Part 1 had plans of equal objective and Part 2 was solved on two of them.
    public var partTwoChoice: PartTwoChoice?

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

    /// The worst status of the parts that ran (optimal when none ran).
    public var status: PlanStatus {
        [rotation?.report.status, itinerant?.report.status].compactMap { $0 }.max() ?? .optimal
    }

    /// Why there is no plan, in the user's terms (empty when there is one).
    public var diagnosis: [String] { rotation?.diagnosis ?? [] }
}

/// Part 2's objective on Part 1's first optimal plan and on the one chosen with Part 2 in
/// mind (the same rotation objective), and which was kept.
public struct PartTwoChoice: Sendable {
    /// Nil when another plan was shown to be better before the first was solved to the end.
    public var firstObjective: Double?
    /// The best of the other plans solved to the end.
    public var mindedObjective: Double?
    public var keptMinded: Bool

    package init(firstObjective: Double? = nil, mindedObjective: Double? = nil, keptMinded: Bool) {
        self.firstObjective = firstObjective
        self.mindedObjective = mindedObjective
        self.keptMinded = keptMinded
    }
}

/// How one community's part was solved.
public struct CommunityResult: Sendable {
    public var community: Int
    public var status: PlanStatus
    public var objective: Double?
    public var bound: Double?
    public var seconds: Double
    public var method: String
    public var plan: RotationPlan
    /// Why there is no plan, in the user's terms (empty otherwise).
    public var diagnosis: [String]
    /// A plan of the same rotation objective chosen with Part 2 in mind, when it differs.
    public var partTwoMinded: RotationPlan?
    /// Another such plan, chosen by `RotationTieBreak`'s estimate, when it differs from both.
    public var estimateMinded: RotationPlan?

    package init(
        community: Int, status: PlanStatus, objective: Double? = nil, bound: Double? = nil, seconds: Double, method: String, plan: RotationPlan,
        diagnosis: [String], partTwoMinded: RotationPlan? = nil
    ) {
        self.community = community
        self.status = status
        self.objective = objective
        self.bound = bound
        self.seconds = seconds
        self.method = method
        self.plan = plan
        self.diagnosis = diagnosis
        self.partTwoMinded = partTwoMinded
    }
}

/// The rotation part of a county.
public struct RotationOutcome: Sendable {
    public var report: PartReport
    /// The combined plan; nil when a community has none.
    public var plan: RotationPlan?
    public var communities: [CommunityResult]
    /// Every community's diagnosis, for `infeasible.txt`.
    public var diagnosis: [String]

    /// Takes `plan`, of the same rotation objective, in place of the plan found first: each
    /// community's part of it becomes that community's plan.
    package mutating func choose(_ plan: RotationPlan, scenario: Scenario) {
        self.plan = plan
        report.objective = RotationEvaluation(scenario, staffing: Staffing(scenario), plan: plan).objective
        for index in communities.indices {
            let schools = Set(scenario.communities[communities[index].community].schools)
            communities[index].plan = RotationPlan(moves: plan.moves.filter { schools.contains(scenario.teachers[$0.teacher].home) })
        }
    }

    /// The county plan with each community's Part 2-minded plan where it has one (nil when none
    /// has): the same rotation objective, another staffing for Part 2.
    public var partTwoMinded: RotationPlan? {
        guard plan != nil, communities.contains(where: { $0.partTwoMinded != nil }) else { return nil }
        return RotationPlan.combined(communities.map { $0.partTwoMinded ?? $0.plan })
    }

    /// Every county plan of the same rotation objective worth solving Part 2 on, best first by
    /// the tie-break: the one Part 2's prices chose, then the one the estimate chose.
    public var partTwoCandidates: [RotationPlan] {
        guard plan != nil else { return [] }
        var candidates: [RotationPlan] = []
        if let minded = partTwoMinded { candidates.append(minded) }
        if communities.contains(where: { $0.estimateMinded != nil }) {
            let estimated = RotationPlan.combined(communities.map { $0.estimateMinded ?? $0.plan })
            if !candidates.contains(estimated) && estimated != plan { candidates.append(estimated) }
        }
        return candidates
    }

    package init(report: PartReport, plan: RotationPlan? = nil, communities: [CommunityResult], diagnosis: [String]) {
        self.report = report
        self.plan = plan
        self.communities = communities
        self.diagnosis = diagnosis
    }
}

/// The itinerant part of a county.
public struct ItinerantOutcome: Sendable {
    public var report: PartReport
    /// Nil when no plan was found.
    public var plan: ItinerantPlan?
    /// `need(s,k)` on the year's staffing with no plan (docs/model.md "Figures every plan reports").
    public var needBefore: [SchoolSubject: Int]
    /// `need(s,k)` on the staffing after Part 1.
    public var needAfterRotation: [SchoolSubject: Int]
    /// need − delivered after both parts, per rural school and subject.
    public var uncoveredAfter: [SchoolSubject: Int]
    public var components: Int
    /// Each component's result by what defines it, so that Part 2 on another rotation plan can
    /// reuse the components that plan leaves as they were.
    package var solvedComponents: [ComponentSignature: SolvedComponent] = [:]

    public func uncoveredBefore(school: Int) -> Int {
        needBefore.filter { $0.key.school == school }.reduce(0) { $0 + $1.value }
    }

    public func uncoveredAfter(school: Int) -> Int {
        uncoveredAfter.filter { $0.key.school == school }.reduce(0) { $0 + $1.value }
    }

    package init(
        report: PartReport, plan: ItinerantPlan? = nil, needBefore: [SchoolSubject: Int], needAfterRotation: [SchoolSubject: Int],
        uncoveredAfter: [SchoolSubject: Int], components: Int, solvedComponents: [ComponentSignature: SolvedComponent] = [:]
    ) {
        self.report = report
        self.plan = plan
        self.needBefore = needBefore
        self.needAfterRotation = needAfterRotation
        self.uncoveredAfter = uncoveredAfter
        self.components = components
        self.solvedComponents = solvedComponents
    }
}

/// This program's version, recorded in every plan.
public let rotaplanVersion = "0.2.0"

/// One Part 2 component as the planner solved it, kept so that Part 2 on another rotation
/// plan can reuse it (docs/solving.md "Part 1 with Part 2 in mind").
package struct SolvedComponent: Sendable {
    package var status: PlanStatus
    package var bound: Double?
    package var method: String
    package var plan: ItinerantPlan

    package init(status: PlanStatus, bound: Double?, method: String, plan: ItinerantPlan) {
        self.status = status
        self.bound = bound
        self.method = method
        self.plan = plan
    }
}

/// What defines a Part 2 component: its subject, the needs of its schools, and each
/// candidate's home, surplus, days and reach. Two rotation plans that leave these alike have
/// the same component, with the same optimum.
package struct ComponentSignature: Hashable, Sendable {
    package var subject: String
    package var needs: [Int]
    package var candidates: [Int]

    package init(subject: String, needs: [Int], candidates: [Int]) {
        self.subject = subject
        self.needs = needs
        self.candidates = candidates
    }
}

extension CountyPlan {
    /// A plan read back from its plan.json, as a solve would have produced it: the same moves
    /// and visits, the parts' reports as recorded, the needs recomputed on the scenario. What
    /// `whatif --base PLAN.json` compares its variants against, without solving it again.
    public init(reading document: PlanDocument, rotation: RotationPlan, itinerant: ItinerantPlan, scenario: Scenario) {
        let staffing = Staffing(scenario)
        self.init(
            scenario: scenario,
            rotation: document.solver.rotation.map { RotationOutcome(report: $0, plan: rotation, communities: [], diagnosis: []) },
            itinerant: nil)
        if let report = document.solver.itinerant {
            let after = ItinerantFacts(scenario, presentAfter: RotationEvaluation(scenario, staffing: staffing, plan: rotation).presentAfter)
            let before = ItinerantFacts(scenario, presentAfter: staffing.presentAt)
            let evaluation = ItinerantEvaluation(scenario, facts: after, plan: itinerant)
            self.itinerant = ItinerantOutcome(
                report: report, plan: itinerant, needBefore: before.need, needAfterRotation: after.need, uncoveredAfter: evaluation.uncovered,
                components: 0)
        }
    }
}

import Foundation
import RotaplanDomain

/// Where `count` new specialists would be based, and what Part 2 then achieves.
public struct HirePlan: Sendable {
    public var subject: String
    public var count: Int
    /// Hires per school (school index → number).
    public var placement: [Int: Int]
    /// The county with the hires: the scenario with them added, the same rotation plan, and
    /// Part 2 solved on that staffing.
    public var county: CountyPlan
    /// How the placement program ended.
    public var status: PlanStatus
    /// Per school with hires, ranked by their visits: hires, periods they teach at their own
    /// school (its need, or its classes, which frees its other specialists to visit), periods
    /// on visits.
    public var schools: [(school: Int, hires: Int, atHome: Int, visiting: Int)]
    public var seconds: Double

    /// Part 2's objective with the hires.
    public var objective: Double? { county.itinerant?.report.objective }
    /// Weekly periods of the subject still uncovered with the hires.
    public var uncovered: Int {
        (county.itinerant?.uncoveredAfter ?? [:]).filter { $0.key.subject == subject }.reduce(0) { $0 + $1.value }
    }

    package init(
        subject: String, count: Int, placement: [Int: Int], county: CountyPlan, status: PlanStatus,
        schools: [(school: Int, hires: Int, atHome: Int, visiting: Int)], seconds: Double
    ) {
        self.subject = subject
        self.count = count
        self.placement = placement
        self.county = county
        self.status = status
        self.schools = schools
        self.seconds = seconds
    }
}

/// What `rotaplan hire` found: the plans for N−1, N and N+1 hires and Part 2 without any, or,
/// when Part 1 had to be solved and has no plan, why.
public struct HireOutcome: Sendable {
    /// The hiring plans, one per count asked.
    public var plans: [HirePlan]
    /// Part 2 on the same staffing with no hires.
    public var without: ItinerantOutcome?
    /// Part 1 when it was solved and has no plan (its diagnosis and status); nil otherwise.
    public var rotationFailure: RotationOutcome?

    public init(plans: [HirePlan], without: ItinerantOutcome?, rotationFailure: RotationOutcome? = nil) {
        self.plans = plans
        self.without = without
        self.rotationFailure = rotationFailure
    }
}

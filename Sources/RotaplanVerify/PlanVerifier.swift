import Foundation
import RotaplanDomain

/// The outcome of checking a plan: one line per violation and both recomputed objectives.
public struct VerifyReport: Sendable {
    public var violations: [String]
    public var rotationObjective: Double?
    public var itinerantObjective: Double?

    public var ok: Bool { violations.isEmpty }

    /// `verify: ok rotation=<obj> itinerant=<obj>` or `verify: N violations`.
    public var lastLine: String {
        guard ok else { return "verify: \(violations.count) violation\(violations.count == 1 ? "" : "s")" }
        return "verify: ok rotation=\(Self.show(rotationObjective)) itinerant=\(Self.show(itinerantObjective))"
    }

    static func show(_ value: Double?) -> String {
        guard let value else { return "none" }
        let rounded = (value * 1e6).rounded() / 1e6
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}

/// Checks a plan against docs/model.md on its own: R1–R7 and I1–I5 recomputed from the scenario,
/// and both objectives recomputed and compared with the reported ones.
///
/// It shares only the scenario loader and the road distances (`Scenario.km`) with the rest of
/// rotaplan, on purpose: staffing, eligibility, the rule counts, needs and both objectives are
/// computed here afresh rather than by the rule arithmetic the formulation, the heuristic and
/// the report share (RotaplanDomain's `RuleArithmetic.swift`), so a bug there shows up here as
/// a violation.
public enum PlanVerifier {
    public static func verify(_ scenario: Scenario, plan data: Data) -> VerifyReport {
        let plan = PlanReader(data)
        var check = Checker(scenario: scenario, plan: plan)
        check.violations.append(contentsOf: plan.problems)
        if let name = plan.scenario, name != scenario.settings.slug {
            check.violations.append("plan: scenario '\(name)' is not this scenario ('\(scenario.settings.slug)')")
        }
        if let year = plan.year, year != scenario.year {
            check.violations.append("plan: year \(year) is not the scenario's year \(scenario.year)")
        }
        var report = VerifyReport(violations: [], rotationObjective: nil, itinerantObjective: nil)
        if let part = plan.rotationPart {
            let objective = check.checkRotation()
            report.rotationObjective = objective
            check.compare(objective, with: part, name: "rotation")
        }
        if let part = plan.itinerantPart {
            let objective = check.checkItinerant()
            report.itinerantObjective = objective
            check.compare(objective, with: part, name: "itinerant")
        }
        report.violations = check.violations
        return report
    }
}

extension PlanVerifier {
    /// R1–R7 on a rotation plan given as moves (no objective is compared): the rules a changed
    /// plan would break, e.g. for `rotaplan explain`'s alternatives.
    public static func rotationViolations(_ scenario: Scenario, moves: [Move]) -> [String] {
        var check = Checker(scenario: scenario, plan: PlanReader(scenario: scenario, moves: moves))
        _ = check.checkRotation()
        return check.violations
    }
}

/// The checks, with the facts they derive from the scenario.
struct Checker {
    let scenario: Scenario
    let plan: PlanReader
    var violations: [String] = []
    /// School each teacher is at this year before the plan, and after Part 1.
    var presentBefore: [Int]
    var presentAfter: [Int]
    var away: Set<Int> = []
    /// Teachers moved by the plan's rotations (index → target).
    var moved: [Int: Int] = [:]

    init(scenario: Scenario, plan: PlanReader) {
        self.scenario = scenario
        self.plan = plan
        presentBefore = scenario.teachers.map(\.home)
        // Rotation and exchange rows keep a teacher away while they run; itinerant rows are record only.
        for row in scenario.history where row.kind != .itinerant && row.startYear <= scenario.year && scenario.year <= row.endYear {
            presentBefore[row.teacher] = row.to
            away.insert(row.teacher)
        }
        presentAfter = presentBefore
    }

    var rotation: RotationPolicy { scenario.policy.rotation }
    var weights: Weights { scenario.policy.weights }

    func id(school: Int) -> String { scenario.schools[school].id }

    /// Why `teacher` may not be seconded this year, or nil when eligible (docs/model.md, checked afresh).
    func ineligibility(_ teacher: Int) -> String? {
        let row = scenario.teachers[teacher]
        if let reason = row.exemptReason { return "exempt (\(reason))" }
        if away.contains(teacher) { return "away on a running secondment" }
        let year = scenario.year
        if scenario.history.contains(where: {
            $0.teacher == teacher && $0.kind != .itinerant && $0.endYear >= year - rotation.cooldownYears && $0.endYear <= year - 1
        }) {
            return "in cooldown"
        }
        if row.yearsToRetirement < rotation.minYearsToRetirement { return "too close to retirement" }
        if row.role == .regular && row.yearsAtSchool < rotation.minYearsAtSchool { return "too few years at the school" }
        switch scenario.schools[row.home].kind {
        case .lead: return rotation.leadSends.contains(row.role) ? nil : "role \(row.role.rawValue) is not in lead_sends"
        case .member, .site: return rotation.memberSends.contains(row.role) ? nil : "role \(row.role.rawValue) is not in member_sends"
        case .independent: return "at an independent school"
        }
    }

    var exchange: ExchangePolicy { scenario.policy.exchange }

    /// Why `teacher` may not be exchanged this year, or nil when they may (docs/model.md
    /// "Exchange-eligible teacher", checked afresh): every role, after long tenure.
    func exchangeIneligibility(_ teacher: Int) -> String? {
        let row = scenario.teachers[teacher]
        if let reason = row.exemptReason { return "exempt (\(reason))" }
        if away.contains(teacher) { return "away on a running secondment or exchange" }
        let year = scenario.year
        if scenario.history.contains(where: {
            $0.teacher == teacher && $0.kind != .itinerant && $0.endYear >= year - rotation.cooldownYears && $0.endYear <= year - 1
        }) {
            return "in cooldown"
        }
        if row.yearsToRetirement < rotation.minYearsToRetirement { return "too close to retirement" }
        if row.yearsAtSchool < exchange.minYearsAtSchool { return "too few years at the school for the exchange" }
        return nil
    }

    /// Whether home → target has the shape of a community move (lead ↔ its member or site).
    func isCommunityMove(_ home: Int, _ target: Int) -> Bool {
        let (from, to) = (scenario.schools[home], scenario.schools[target])
        guard let community = from.community, community == to.community else { return false }
        let unitKinds: Set<SchoolKind> = [.member, .site]
        return (from.kind == .lead && unitKinds.contains(to.kind)) || (unitKinds.contains(from.kind) && to.kind == .lead)
    }

    /// With the exchange enabled, whether home → target is an exchange by its shape: not a
    /// community move, between an urban and a rural school.
    func isExchange(_ home: Int, _ target: Int) -> Bool {
        exchange.enabled && !isCommunityMove(home, target) && scenario.schools[home].rural != scenario.schools[target].rural
    }

    /// The member school whose unit holds `school`: itself for a member, its parent for a
    /// site, nil otherwise (docs/model.md "Communities, members and sites"), read from schools.csv.
    func unit(of school: Int) -> Int? {
        switch scenario.schools[school].kind {
        case .member: school
        case .site: scenario.schools[school].parent
        case .lead, .independent: nil
        }
    }

    mutating func compare(_ recomputed: Double?, with part: PlanReader.PartSummary, name: String) {
        guard let recomputed, let reported = part.objective else { return }
        if abs(recomputed - reported) > 1e-6 * max(1, abs(recomputed)) {
            violations.append("objective: solver.\(name).objective is \(reported), recomputed \(recomputed)")
        }
    }
}

/// `ceil(v − 1e-9)`, docs/model.md's rounding.
func modelCeil(_ value: Double) -> Int {
    Int((value - 1e-9).rounded(.up))
}

import Foundation
import RotaplanDomain

/// plan.json read field by field, with no code shared with the writer: a field the writer
/// misnames is a violation here.
struct PlanReader {
    struct RotationEntry {
        var teacher: String
        var from: String
        var to: String
        var direction: String
        /// For a move to or from a site: the site's member school.
        var member: String?
        var role: String
        var subject: String
        var km: Double
        var startYear: Int
        var endYear: Int
        /// `secondment` or `exchange` where the plan says (it must match the move's shape).
        var kind: String?
    }

    struct VisitEntry {
        var teacher: String
        var home: String
        var school: String
        var day: String
        var subject: String
        var periods: Int
        var km: Double
    }

    struct PartSummary {
        var status: String
        var objective: Double?
    }

    var scenario: String?
    var year: Int?
    var rotationPart: PartSummary?
    var itinerantPart: PartSummary?
    var rotations: [RotationEntry] = []
    var visits: [VisitEntry] = []
    var uncovered: [(school: String, subject: String, periods: Int)] = []
    var problems: [String] = []

    /// A plan given as moves, for checking changes to a plan without writing JSON.
    init(scenario: Scenario, moves: [Move]) {
        self.scenario = scenario.settings.slug
        year = scenario.year
        rotationPart = PartSummary(status: "feasible", objective: nil)
        rotations = moves.map { move in
            let teacher = scenario.teachers[move.teacher]
            let (home, target) = (scenario.schools[teacher.home], scenario.schools[move.to])
            let site = [teacher.home, move.to].first { scenario.schools[$0].kind == .site }
            // An exchange by its shape (docs/model.md): not a community move, urban and rural.
            let community =
                home.community != nil && home.community == target.community
                && (home.kind == .lead) != (target.kind == .lead)
            let exchange = scenario.policy.exchange.enabled && !community && home.rural != target.rural
            return RotationEntry(
                teacher: teacher.id, from: home.id, to: target.id,
                direction: exchange ? (home.rural ? "rural_to_urban" : "urban_to_rural") : "\(home.kind.rawValue)_to_\(target.kind.rawValue)",
                member: site.flatMap { scenario.schools[$0].parent }.map { scenario.schools[$0].id },
                role: teacher.role.rawValue, subject: teacher.subject, km: scenario.km(teacher.home, move.to),
                startYear: scenario.year,
                endYear: scenario.year + (exchange ? scenario.policy.exchange.termYears : scenario.policy.rotation.termYears) - 1,
                kind: exchange ? "exchange" : "secondment")
        }
    }

    init(_ data: Data) {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            problems.append("plan: not a plan.json of rotaplan (not a JSON object): give the plan.json that `rotaplan solve` wrote, or its folder")
            return
        }
        scenario = root["scenario"] as? String
        year = Self.integer(root["year"])
        if scenario == nil { problems.append("plan: missing 'scenario'") }
        if year == nil { problems.append("plan: missing 'year'") }
        guard let solver = root["solver"] as? [String: Any] else {
            problems.append("plan: missing 'solver'")
            return
        }
        rotationPart = part(solver["rotation"], name: "rotation")
        itinerantPart = part(solver["itinerant"], name: "itinerant")
        if rotationPart != nil {
            for (index, item) in array(root["rotations"], "rotations").enumerated() {
                guard let entry = item as? [String: Any],
                    let teacher = entry["teacher"] as? String, let from = entry["from"] as? String,
                    let to = entry["to"] as? String, let direction = entry["direction"] as? String,
                    let role = entry["role"] as? String, let subject = entry["subject"] as? String,
                    let km = Self.number(entry["km"]), let start = Self.integer(entry["start_year"]),
                    let end = Self.integer(entry["end_year"])
                else {
                    problems.append(
                        "plan: rotations[\(index)] lacks a field of docs/commands.md (teacher, from, to, direction, role, subject, km, start_year, end_year)")
                    continue
                }
                rotations.append(
                    RotationEntry(
                        teacher: teacher, from: from, to: to, direction: direction, member: entry["member"] as? String,
                        role: role, subject: subject, km: km,
                        startYear: start, endYear: end, kind: entry["kind"] as? String))
            }
        }
        if itinerantPart != nil {
            for (index, item) in array(root["itinerant"], "itinerant").enumerated() {
                guard let entry = item as? [String: Any],
                    let teacher = entry["teacher"] as? String, let home = entry["home"] as? String,
                    let school = entry["school"] as? String, let day = entry["day"] as? String,
                    let subject = entry["subject"] as? String, let periods = Self.integer(entry["periods"]),
                    let km = Self.number(entry["km"])
                else {
                    problems.append("plan: itinerant[\(index)] lacks a field of docs/commands.md (teacher, home, school, day, subject, periods, km)")
                    continue
                }
                visits.append(VisitEntry(teacher: teacher, home: home, school: school, day: day, subject: subject, periods: periods, km: km))
            }
            for (index, item) in array(root["uncovered"], "uncovered").enumerated() {
                guard let entry = item as? [String: Any], let school = entry["school"] as? String,
                    let subject = entry["subject"] as? String, let periods = Self.integer(entry["periods"])
                else {
                    problems.append("plan: uncovered[\(index)] lacks school, subject or periods")
                    continue
                }
                uncovered.append((school, subject, periods))
            }
        }
        if rotationPart == nil && itinerantPart == nil {
            problems.append("plan: 'solver' has neither 'rotation' nor 'itinerant'")
        }
    }

    private mutating func part(_ value: Any?, name: String) -> PartSummary? {
        guard let value, !(value is NSNull) else { return nil }
        guard let object = value as? [String: Any], let status = object["status"] as? String else {
            problems.append("plan: solver.\(name) lacks 'status'")
            return nil
        }
        let objective = Self.number(object["objective"])
        if objective == nil && ["optimal", "feasible"].contains(status) {
            problems.append("plan: solver.\(name) is \(status) but has no objective")
        }
        return PartSummary(status: status, objective: objective)
    }

    private mutating func array(_ value: Any?, _ name: String) -> [Any] {
        guard let list = value as? [Any] else {
            problems.append("plan: missing list '\(name)'")
            return []
        }
        return list
    }

    /// A JSON number (Foundation bridges 0 and 1 to Bool as well, so no Bool test here).
    static func number(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    static func integer(_ value: Any?) -> Int? {
        guard let number = number(value), number == number.rounded(), abs(number) < 1e9 else { return nil }
        return Int(number)
    }
}

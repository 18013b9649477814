import Foundation
import RotaplanDomain
import RotaplanResults

/// Per school and subject: demand, staffing before and after, shortfall, itinerant periods
/// needed and covered (docs/commands.md `schools.csv`, and the report's staffing tables).
public struct SchoolSubjectLine: Sendable {
    public var school: Int
    public var subject: String
    public var demand: Int
    public var before: Int
    public var after: Int
    public var shortfall: Int { max(0, demand - after) }
    /// Itinerant periods a week the school needs after Part 1 (rural schools, itinerant subjects).
    public var periodsNeeded: Int
    public var periodsCovered: Int
}

/// schools.csv: per school and subject, demand, staffing before and after, shortfall and itinerant periods.
public enum SchoolTable {
    public static func lines(_ county: CountyPlan) -> [SchoolSubjectLine] {
        let scenario = county.scenario
        let staffing = Staffing(scenario)
        let evaluation = RotationEvaluation(scenario, staffing: staffing, plan: county.rotationPlan)
        let facts = ItinerantFacts(scenario, presentAfter: evaluation.presentAfter)
        var delivered: [SchoolSubject: Int] = [:]
        for visit in county.itinerant?.plan?.visits ?? [] {
            delivered[SchoolSubject(visit.school, scenario.teachers[visit.teacher].subject), default: 0] += visit.periods
        }
        let keys = Set(scenario.demand.keys).union(staffing.current.keys).union(evaluation.after.keys).sorted()
        return keys.map { key in
            SchoolSubjectLine(
                school: key.school, subject: key.subject, demand: scenario.demandTeachers(key.school, key.subject),
                before: staffing.current(key.school, key.subject), after: evaluation.after(key.school, key.subject),
                periodsNeeded: county.itinerant == nil ? 0 : facts.need(key.school, key.subject),
                periodsCovered: delivered[key] ?? 0)
        }
    }

    /// schools.csv: Chinese headers, UTF-8 with BOM.
    public static func csv(_ county: CountyPlan) -> Data {
        let scenario = county.scenario
        let rows = lines(county).map { line in
            [
                scenario.schools[line.school].id, scenario.schools[line.school].name, Display.subject(line.subject),
                String(line.demand), String(line.before), String(line.after), String(line.shortfall),
                String(line.periodsNeeded), String(line.periodsCovered),
            ]
        }
        return CSV.format(header: header, rows: rows, byteOrderMark: true, forPeople: true)
    }

    /// The columns of schools.csv and of plan.xlsx's 学校配置: the subject by its Chinese name
    /// only (its code is a word of the files rotaplan reads, not of the lists people read).
    static let header = ["学校代码", "学校", "学科", "需求(人)", "调整前(人)", "调整后(人)", "缺口(人)", "走教需求(课时/周)", "走教覆盖(课时/周)"]
}

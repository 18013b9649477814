import Foundation
import RotaplanDomain
import RotaplanResults

/// The files of a plan folder (docs/commands.md "The plan folder").
public enum PlanFiles {
    /// rotations.csv: the list as county bureaus publish it (Chinese headers, UTF-8 with BOM).
    public static func rotationsCSV(_ document: PlanDocument, scenario: Scenario) -> Data {
        let rows = document.rotations.map { line -> [String] in
            let teacher = scenario.teachers[scenario.teacherIndex[line.teacher]!]
            let from = scenario.schools[scenario.schoolIndex[line.from]!]
            let to = scenario.schools[scenario.schoolIndex[line.to]!]
            let way = Display.way(direction: line.direction, exchange: scenario.policy.exchange.enabled)
            return [
                teacher.name, teacher.id, from.name, to.name, Display.subject(line.subject), teacher.role.chineseName,
                way, Display.term(from: line.startYear, to: line.endYear), Display.km(line.km),
            ]
        }
        return CSV.format(
            header: ["姓名", "工号", "原单位", "交流单位", "学科", "身份", "交流方式", "期限", "距离(公里)"] + provisionalHeader(document),
            rows: rows.map { $0 + provisionalCell(document) }, byteOrderMark: true, forPeople: true)
    }

    /// itinerant.csv: the weekly 走教 timetable.
    public static func itinerantCSV(_ document: PlanDocument, scenario: Scenario) -> Data {
        let rows = document.itinerant.map { line -> [String] in
            let teacher = scenario.teachers[scenario.teacherIndex[line.teacher]!]
            let day = Weekday(rawValue: line.day)?.chineseName ?? line.day
            return [
                teacher.name, Display.subject(line.subject), scenario.schools[scenario.schoolIndex[line.home]!].name, day,
                scenario.schools[scenario.schoolIndex[line.school]!].name, String(line.periods), Display.km(line.km),
            ]
        }
        return CSV.format(
            header: ["姓名", "学科", "所在学校", "星期", "走教学校", "课时", "距离(公里)"] + provisionalHeader(document),
            rows: rows.map { $0 + provisionalCell(document) }, byteOrderMark: true, forPeople: true)
    }

    /// A provisional year's lists say so on every line (状态: 预排).
    static func provisionalHeader(_ document: PlanDocument) -> [String] {
        document.provisional == true ? ["状态"] : []
    }

    static func provisionalCell(_ document: PlanDocument) -> [String] {
        document.provisional == true ? ["预排（规划期内后续年度，每年按实际情况重新编制，不公布）"] : []
    }
}

import Foundation
import Hummingbird
import RotaplanAccounts
import RotaplanDomain
import RotaplanResults

/// A plan's lists as the review page shows them: every code by its Chinese name from the one
/// vocabulary, schools by name, numbers as people read them, so that a filter finds what is
/// shown (`骨干`, `数学`). ID-card numbers are masked for those who may not read them.
struct ReviewTables {
    let scenario: Scenario
    let document: PlanDocument
    let masked: Bool
    let county: String
    let plan: String
    /// Whether objections may still be recorded (not once the plan is submitted or published).
    var objecting = true

    func school(_ id: String) -> String { scenario.schoolIndex[id].map { scenario.schools[$0].name } ?? id }
    func teacher(_ id: String) -> String { scenario.teacherIndex[id].map { scenario.teachers[$0].name } ?? id }
    func number(_ id: String) -> String { masked ? IDNumber.masked(id) : id }
    var query: String { "c=\(Pages.query(county))&p=\(Pages.query(plan))" }
    func explainTeacher(_ id: String) -> String { "/explain?\(query)&\(teacherParameter(id))" }

    /// A teacher as a link names them: by 工号, or, where the page masks ID-card numbers, by
    /// their row in the scenario, so that a link never carries what the page masks.
    func teacherParameter(_ id: String) -> String {
        if masked, IDNumber.isIDNumber(id), let index = scenario.teacherIndex[id] { return "t=\(index)" }
        return "teacher=\(Pages.query(id))"
    }

    /// The teacher a link names (`teacherParameter`): `teacher=` a 工号, or `t=` a row.
    static func teacher(_ request: Request, in scenario: Scenario) -> Int? {
        let parameters = request.uri.queryParameters
        if let id = parameters.get("teacher") { return scenario.teacherIndex[id] }
        guard let row = parameters.get("t").flatMap({ Int($0) }), scenario.teachers.indices.contains(row) else { return nil }
        return row
    }
    func explainSchool(_ id: String) -> String { "/explain?\(query)&school=\(Pages.query(id))" }

    /// The page's sections in order, each a heading, an anchor and a table.
    func sections() -> [[String: Any]] {
        [rotations(), visits(), uncovered(), compliance(), effort(), improvement()].compactMap { $0 }
    }

    func section(_ id: String, _ heading: String, _ table: [String: Any], note: String? = nil) -> [String: Any] {
        var section: [String: Any] = ["id": id, "heading": heading, "table": table]
        if let note { section["note"] = note }
        return section
    }

    func rotations() -> [String: Any] {
        let lines = document.rotations
        let rows = lines.map { line -> [String] in
            let way = Vocabulary.moveKinds.name(line.kind ?? "secondment")
            return [
                teacher(line.teacher), number(line.teacher), school(line.from), school(line.to), Vocabulary.subjects.name(line.subject),
                Vocabulary.roles.name(line.role), "\(way)（\(Vocabulary.directions.name(line.direction))）",
                Display.term(from: line.startYear, to: line.endYear), Display.km(line.km), objecting ? "登记异议" : "",
            ]
        }
        let table = Pages.table(
            id: "rotations", header: ["姓名", "工号", "原单位", "交流单位", "学科", "身份", "交流方式", "期限", "距离（公里）", "公示异议"], rows: rows,
            numeric: [8], filter: true,
            links: { row, column in
                switch column {
                case 0: explainTeacher(lines[row].teacher)
                case 2: explainSchool(lines[row].from)
                case 3: explainSchool(lines[row].to)
                case 9: objecting ? "/objections?\(query)&\(teacherParameter(lines[row].teacher))" : nil
                default: nil
                }
            })
        return section("rotations", "交流名单（\(lines.count) 人）", table)
    }

    func visits() -> [String: Any]? {
        guard document.solver.itinerant != nil else { return nil }
        let lines = document.itinerant
        let rows = lines.map { line in
            [
                teacher(line.teacher), number(line.teacher), school(line.home), Vocabulary.weekdays.name(line.day), school(line.school),
                Vocabulary.subjects.name(line.subject), String(line.periods), Display.km(line.km),
            ]
        }
        let table = Pages.table(
            id: "itinerant", header: ["姓名", "工号", "所在学校", "星期", "走教学校", "学科", "课时", "距离（公里）"], rows: rows, numeric: [6, 7],
            filter: true,
            links: { row, column in
                switch column {
                case 0: explainTeacher(lines[row].teacher)
                case 2: explainSchool(lines[row].home)
                case 4: explainSchool(lines[row].school)
                default: nil
                }
            })
        return section("itinerant", "走教安排（每周 \(lines.count) 次）", table)
    }

    func uncovered() -> [String: Any]? {
        guard !document.uncovered.isEmpty else { return nil }
        let lines = document.uncovered
        let table = Pages.table(
            id: "uncovered", header: ["学校", "学科", "每周仍缺课时"],
            rows: lines.map { [school($0.school), Vocabulary.subjects.name($0.subject), String($0.periods)] }, numeric: [2], filter: true,
            links: { row, column in column == 0 ? explainSchool(lines[row].school) : nil })
        return section("uncovered", "走教后仍未覆盖的课时", table, note: "本县现有音乐、体育、美术教师的富余课时与走教条件不足以覆盖的部分；可在“方案比较”中看增聘一名专任教师的效果。")
    }

    func compliance() -> [String: Any] {
        let lines = document.compliance
        let rows = lines.map { line -> [String] in
            let required: String
            let actual: String
            switch line.rule {
            case "R3", "X2":
                required = "≥ \(Words.number(line.required))"
                actual = Words.number(line.actual)
            case "R5":
                required = "相差 ≤ \(Words.number(line.required))"
                actual = "相差 \(Words.number(line.actual))"
            default:
                required = "≥ \(Words.number(line.required))"
                actual = Words.number(line.actual)
            }
            return [Vocabulary.rule(line.rule), school(line.scope), required, actual, line.ok ? "符合" : "不符合"]
        }
        let table = Pages.table(
            id: "compliance", header: ["规则", "学校", "要求", "实际", "结果"], rows: rows, filter: true,
            links: { row, column in column == 1 ? explainSchool(lines[row].scope) : nil })
        let broken = lines.count { !$0.ok }
        return section("compliance", "合规检查", table, note: broken == 0 ? "全部规则均已满足。" : "有 \(broken) 项不符合。")
    }

    func effort() -> [String: Any] {
        let lines = document.effort
        let table = Pages.table(
            id: "effort", header: ["牵头校", "应派出", "实际派出", "其中干部", "其中骨干", "本校教师每周走教课时"],
            rows: lines.map {
                [school($0.school), String($0.required), String($0.sent), String($0.cadres), String($0.backbone), $0.itinerantPeriods.map(String.init) ?? "—"]
            }, numeric: [1, 2, 3, 4, 5], filter: true,
            links: { row, column in column == 0 ? explainSchool(lines[row].school) : nil })
        return section("effort", "牵头校努力值", table)
    }

    func improvement() -> [String: Any] {
        let lines = document.improvement
        func share(_ value: Double?) -> String { value.map { Words.number($0, digits: 1) + "%" } ?? "—" }
        let table = Pages.table(
            id: "improvement",
            header: ["成员校（教学点列在其下）", "学科缺编（人）调整前", "调整后", "干部骨干占需求比例 调整前", "调整后", "走教未覆盖课时 调整前", "调整后"],
            rows: lines.map {
                [
                    ($0.member == nil ? "" : "└ ") + school($0.school), String($0.shortfallBefore), String($0.shortfallAfter), share($0.qualityBefore),
                    share($0.qualityAfter), $0.uncoveredBefore.map(String.init) ?? "—", $0.uncoveredAfter.map(String.init) ?? "—",
                ]
            }, numeric: [1, 2, 3, 4, 5, 6], filter: true,
            links: { row, column in column == 0 ? explainSchool(lines[row].school) : nil })
        return section(
            "improvement", "成员校提升值", table,
            note: "干部骨干占需求比例：成员校（含其教学点）在岗的中层以上干部与骨干教师人数，占其所需教师总数的百分比。")
    }
}

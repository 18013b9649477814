import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanSpreadsheet

/// plan.xlsx: the plan's lists as one workbook for the bureau's office software
/// (docs/commands.md "The plan folder"): the published list in the columns of Jiangxi's
/// summary table, the itinerant timetable, staffing per school, compliance, effort and
/// improvement. Numbers are numbers; text is text (never a formula); ids formatted as text;
/// every sheet filtered by its header and printing landscape, one page wide, the header on
/// every page; roles, subjects and rules named as `Vocabulary` names them. The last sheet,
/// 说明, says what the workbook is and, once the plan is published, the ledger's head.
public enum PlanWorkbook {
    /// The workbook of a plan; with `stamp`, of a published plan (`PlanFolder.stamp`).
    public static func data(_ county: CountyPlan, document: PlanDocument, stamp: PublicationStamp? = nil) throws -> Data {
        try WorkbookWriter.data((sheets(county, document: document) + [about(county, document, stamp)]).map(filtered))
    }

    /// The sheet with filter buttons on its header and its id columns formatted as text.
    static func filtered(_ sheet: SheetContent) -> SheetContent {
        var sheet = sheet
        sheet.autoFilter = true
        for (index, name) in sheet.header.enumerated() where ["工号", "学校代码"].contains(name) { sheet.textColumns.insert(index) }
        return sheet
    }

    static func sheets(_ county: CountyPlan, document: PlanDocument) -> [SheetContent] {
        [rotations(county, document), itinerant(county, document), schools(county), compliance(county, document), figures(county, document)]
    }

    static func text(_ value: String) -> SheetCell { .value(value) }
    static func number(_ value: Double) -> SheetCell { .number(value) }
    static func number(_ value: Int) -> SheetCell { .number(Double(value)) }
    static func rounded(_ value: Double) -> SheetCell { .number((value * 10).rounded() / 10) }

    /// 交流名单: the Jiangxi summary table's columns (性别 only when the scenario gives it).
    static func rotations(_ county: CountyPlan, _ document: PlanDocument) -> SheetContent {
        let scenario = county.scenario
        let withGender = scenario.teachers.contains { $0.gender != nil }
        var header = ["县区", "姓名", "工号"] + (withGender ? ["性别"] : [])
        header += ["现学校", "现学校任教年限", "任教学科", "职称", "是否骨干教师", "身份", "交流学校", "交流方式", "拟交流年限", "距离(公里)", "备注"]
        let rows = document.rotations.compactMap { line -> [SheetCell]? in
            guard let index = scenario.teacherIndex[line.teacher] else { return nil }
            let teacher = scenario.teachers[index]
            var notes: [String] = []
            if let pin = scenario.pins[index] { notes.append("已定：\(pin.note ?? "固定安排")") }
            if document.provisional == true { notes.append("预排，未公布") }
            var row: [SheetCell] = [text(scenario.settings.county), text(teacher.name), text(teacher.id)]
            if withGender { row.append(text(teacher.gender ?? "")) }
            row += [
                text(scenario.schools[teacher.home].name), number(teacher.yearsAtSchool), text(Display.subject(teacher.subject)),
                text(teacher.title ?? ""), text(teacher.role == .backbone ? "是" : "否"), text(teacher.role.chineseName),
                text(scenario.schoolIndex[line.to].map { scenario.schools[$0].name } ?? line.to),
                text(Display.way(direction: line.direction, exchange: scenario.policy.exchange.enabled)),
                number(line.endYear - line.startYear + 1), rounded(line.km), text(notes.joined(separator: "；")),
            ]
            return row
        }
        return SheetContent(name: PlanSheetName.rotations, header: header, rows: rows)
    }

    /// 走教安排: as itinerant.csv, one row per visit.
    static func itinerant(_ county: CountyPlan, _ document: PlanDocument) -> SheetContent {
        let scenario = county.scenario
        let rows = document.itinerant.compactMap { line -> [SheetCell]? in
            guard let index = scenario.teacherIndex[line.teacher] else { return nil }
            return [
                text(scenario.teachers[index].name), text(Display.subject(line.subject)),
                text(scenario.schoolIndex[line.home].map { scenario.schools[$0].name } ?? line.home),
                text(Weekday(rawValue: line.day)?.chineseName ?? line.day),
                text(scenario.schoolIndex[line.school].map { scenario.schools[$0].name } ?? line.school), number(line.periods), rounded(line.km),
            ]
        }
        return SheetContent(name: PlanSheetName.itinerant, header: ["姓名", "学科", "所在学校", "星期", "走教学校", "课时", "距离(公里)"], rows: rows)
    }

    /// 学校配置: as schools.csv.
    static func schools(_ county: CountyPlan) -> SheetContent {
        let scenario = county.scenario
        let rows = SchoolTable.lines(county).map { line -> [SheetCell] in
            [
                text(scenario.schools[line.school].id), text(scenario.schools[line.school].name), text(Display.subject(line.subject)),
                number(line.demand), number(line.before), number(line.after), number(line.shortfall),
                number(line.periodsNeeded), number(line.periodsCovered),
            ]
        }
        return SheetContent(name: "学校配置", header: SchoolTable.header, rows: rows)
    }

    /// 合规检查: one row per rule and school.
    static func compliance(_ county: CountyPlan, _ document: PlanDocument) -> SheetContent {
        let names = Names(county.scenario)
        let rows = document.compliance.map { line -> [SheetCell] in
            [
                text(Vocabulary.rule(line.rule)), text(line.scope), text(names.school(line.scope)), number((line.required * 100).rounded() / 100),
                number(line.actual), text(line.ok ? "符合" : "不符合"),
            ]
        }
        return SheetContent(name: "合规检查", header: ["规则", "学校代码", "学校", "要求", "实际", "结果"], rows: rows)
    }

    /// 努力值与提升值: each lead school's effort, then each member's (and site's) improvement.
    static func figures(_ county: CountyPlan, _ document: PlanDocument) -> SheetContent {
        let names = Names(county.scenario)
        func optional(_ value: Int?) -> SheetCell { value.map(number) ?? .empty }
        func optional(_ value: Double?) -> SheetCell { value.map { number(($0 * 10).rounded() / 10) } ?? .empty }
        var rows = document.effort.map { line -> [SheetCell] in
            [
                text("努力值"), text(line.school), text(names.school(line.school)), text(""), number(line.sent), number(line.required),
                number(line.cadres), number(line.backbone), optional(line.itinerantPeriods),
            ]
                + Array(repeating: SheetCell.empty, count: 6)
        }
        rows += document.improvement.map { line -> [SheetCell] in
            [text("提升值"), text(line.school), text(names.school(line.school)), text(line.member.map(names.school) ?? "")]
                + Array(repeating: SheetCell.empty, count: 5)
                + [
                    number(line.shortfallBefore), number(line.shortfallAfter), optional(line.qualityBefore), optional(line.qualityAfter),
                    optional(line.uncoveredBefore), optional(line.uncoveredAfter),
                ]
        }
        // Improvement's Q/D is the cadres and backbone teachers of a member unit per hundred
        // teachers its schools need (docs/model.md "Figures every plan reports").
        let header = [
            "类别", "学校代码", "学校", "所属成员校", "派出人数", "应派人数", "派出干部", "派出骨干", "走教课时/周",
            "学科缺编(人)·交流前", "学科缺编(人)·交流后", "每百岗位干部骨干数·交流前", "每百岗位干部骨干数·交流后",
            "走教未覆盖课时/周·交流前", "走教未覆盖课时/周·交流后",
        ]
        return SheetContent(name: "努力值与提升值", header: header, rows: rows)
    }

    /// 说明: the county and year, where the plan came from, and whether it is published; a
    /// published plan's sheet carries the ledger's head (docs/ledger.md "Tamper-evident").
    static func about(_ county: CountyPlan, _ document: PlanDocument, _ stamp: PublicationStamp?) -> SheetContent {
        let settings = county.scenario.settings
        var rows: [[SheetCell]] = [
            [text("县区"), text(settings.county)],
            [text("学年"), text("\(document.year)学年（\(document.year)年9月—\(document.year + 1)年7月）")],
        ]
        if document.provisional == true {
            rows.append([text("状态"), text("预排方案：规划期内的后续年度，每年按实际情况重新编制，不作公布")])
        } else if let stamp {
            rows += [
                [text("状态"), text(stamp.replaced ? "已重新公布" : "已公布")],
                [text("公布"), text(stamp.publishedLine)],
                [text("台账校验码"), text(stamp.head)],
                [text("核对台账"), text(stamp.headLine)],
            ]
        } else {
            rows.append([text("状态"), text("方案稿：编制时的方案，未记入台账。公布时另存公布版（published 文件夹中的 plan.xlsx 和 report.html），注明公布时间和台账校验码")])
        }
        rows += [
            [text("方案"), text("交流 \(document.rotations.count) 人，走教 \(document.itinerant.count) 次/周")],
            [text("生成"), text("rotaplan \(document.meta?.rotaplanVersion ?? rotaplanVersion)（GLPK \(document.meta?.glpkVersion ?? "-")）")],
        ]
        if settings.synthetic { rows.append([text("数据"), text("本情景为合成数据，仅供演示")]) }
        return SheetContent(name: "说明", header: ["项目", "内容"], rows: rows)
    }
}

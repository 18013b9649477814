import Foundation
import RotaplanSpreadsheet
import Testing

@testable import RotaplanDomain

/// A CSV folder or the same tables as a workbook (rotaplan's own writer; the variation tests
/// use files LibreOffice and openpyxl wrote).
enum Form: String, CaseIterable, CustomTestStringConvertible {
    case csv, workbook

    var testDescription: String { rawValue }

    /// The scenario, or the problems that refused it (as printed).
    func load(_ files: ScenarioFiles) throws -> Result<Scenario, ScenarioError> {
        switch self {
        case .csv:
            return Result { () throws(ScenarioError) in try files.load() }
        case .workbook:
            let url = try files.writeWorkbook()
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            return Result { () throws(ScenarioError) in try ScenarioInput.load(path: url) }
        }
    }

    /// Where a problem of `table`'s row and column is: `teachers.csv:5` or `教师!E5`.
    func place(_ table: String, row: Int, column: String) -> String {
        self == .csv ? "\(table):\(row)" : "\(ScenarioFiles.sheetNames[table]!)!\(column)\(row)"
    }
}

/// docs/scenario.md "Read exactly, or refused": the five near-misses an HR office's list is
/// full of, each read exactly as meant or refused in the office's words, never re-interpreted
/// without a word — in CSV folders and workbooks alike.
@Suite struct ReadExactlyTests {
    static let chinese = ChineseScenarioTests.chinese

    func scenario(_ result: Result<Scenario, ScenarioError>) throws -> Scenario {
        switch result {
        case .success(let scenario): return scenario
        case .failure(let error): throw error
        }
    }

    func problems(_ result: Result<Scenario, ScenarioError>) -> [String] {
        guard case .failure(let error) = result else { return [] }
        return error.problems.map(\.description)
    }

    /// Case 1: 历史 with its kind headed 类型 (or 方式) is the kind: an itinerant row stays record
    /// only, so T02 is not in a cooldown; a kind that is none of the kinds is refused.
    @Test(arguments: Form.allCases, ["类型", "方式"])
    func case1HistoryKindHeadedLeiXingIsTheKind(_ form: Form, header: String) throws {
        let files = Self.chinese.with(
            "history.csv",
            """
            教师,原单位,交流单位,起始学年,结束学年,\(header)
            T02,L1,M2,2023,2023,走教
            T03,L1,M1,2023,2023,交流

            """)
        let scenario = try scenario(form.load(files))
        #expect(scenario.history.map(\.kind) == [.itinerant, .rotation])
        let eligibility = Eligibility(scenario, staffing: Staffing(scenario))
        #expect(eligibility.isEligible(scenario.teacherIndex["T02"]!), "an itinerant row is record only")
        #expect(!eligibility.isEligible(scenario.teacherIndex["T03"]!), "a rotation row starts the cooldown")

        let scribbled = problems(try form.load(files.replacing("history.csv", "2023,2023,走教", "2023,2023,乱写")))
        #expect(
            scribbled == [
                "\(form.place("history.csv", row: 2, column: "F")): \(header)列：“乱写”不是有效值；应为 共同体派驻、区域交流、走教 之一。"
                    + " (column kind: '乱写' is not valid; expected one of rotation, exchange, itinerant.)"
            ])
    }

    /// Case 2: 是否免于交流, 是否自愿, 是否可走教 (and 是否农村) are their columns.
    @Test(arguments: Form.allCases)
    func case2ShiFouHeadersAreTheirColumns(_ form: Form) throws {
        let files = Self.chinese
            .replacing("teachers.csv", "免于交流,自愿,周课时上限,可走教", "是否免于交流,是否自愿,周课时上限,是否可走教")
            .replacing("teachers.csv", "T03,张敏,L1,英语,骨干教师,一级教师,7,25,,是,,,", "T03,张敏,L1,英语,骨干教师,一级教师,7,25,孕期,是,,否,")
            .replacing("schools.csv", "共同体,农村", "共同体,是否农村")
            .replacing("schools.csv", "M2,乙乡中心小学,成员校,C1,,", "M2,乙乡中心小学,成员校,C1,否,")
        let scenario = try scenario(form.load(files))
        let t03 = scenario.teachers[scenario.teacherIndex["T03"]!]
        #expect(t03.exemptReason == "孕期")
        #expect(t03.volunteer)
        #expect(!t03.itinerantAllowed)
        #expect(!scenario.schools[scenario.schoolIndex["M2"]!].rural)
        #expect(scenario.warnings.isEmpty, "\(scenario.warnings)")
    }

    /// Case 3: two columns for one field are bad input naming both cells; 序号 is ignored, and
    /// 编号 beside 工号 is ignored with a warning (工号 is the id).
    @Test(arguments: Form.allCases)
    func case3TwoColumnsForOneFieldAreRefusedAndSerialsAreNoIds(_ form: Form) throws {
        let twice = Self.chinese.editingLines("teachers.csv") { index, line in (index == 0 ? "角色," : "普通教师,") + line }
        let place = form == .csv ? "teachers.csv:1" : "教师!A1"
        let cells = form == .csv ? ("column 1", "column 6") : ("A1", "F1")
        #expect(
            problems(try form.load(twice)) == [
                "\(place): “角色”（\(cells.0)）和“身份”（\(cells.1)）两列都表示身份，请只保留一列。"
                    + " (columns 角色 (\(cells.0)) and 身份 (\(cells.1)) both mean role; keep one.)"
            ])

        let serials = Self.chinese.editingLines("teachers.csv") { index, line in (index == 0 ? "序号,编号," : "\(index),\(index + 100),") + line }
        let scenario = try scenario(form.load(serials))
        #expect(scenario.teachers.map(\.id) == ["T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"])
        let warnings = scenario.warnings.map(\.description)
        let (a1, b1) = form == .csv ? ("teachers.csv:1", "teachers.csv:1") : ("教师!A1", "教师!B1")
        #expect(
            warnings == [
                "\(a1): “序号”列是序号，不读取（序号不作编号）。 (column 序号 is a serial number; it is not read (ids are never row numbers).)",
                "\(b1): “编号”列不读取：“工号”才是教师编号，“编号”视为序号。 (column 编号 is not read: 工号 is the teacher's id, 编号 taken for a serial number.)",
            ])
    }

    /// Case 4: `/`, `—`, `-`, `0` and the other words for "none" mean no, in `exempt` as in every
    /// yes/no column; other text in `exempt` is the reason.
    @Test(arguments: Form.allCases)
    func case4PlaceholderMarksMeanNo(_ form: Form) throws {
        let marks = ["/", "—", "-", "0", "无", "否", "——", "／", "FALSE"]
        var files = Self.chinese
        for (index, mark) in marks.enumerated() where index < 9 {
            let id = String(format: "T%02d", index + 1)
            let line = files.files["teachers.csv"]!.split(separator: "\n").first { $0.hasPrefix(id + ",") }!
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[8] = mark  // 免于交流
            fields[9] = index.isMultiple(of: 2) ? mark : "是"  // 自愿
            fields[11] = index == 3 ? "—" : ""  // 可走教
            files = files.replacing("teachers.csv", String(line), fields.joined(separator: ","))
        }
        files = files.replacing("teachers.csv", "T09,吴芳,I1,语文,普通教师,二级教师,2,30,FALSE", "T09,吴芳,I1,语文,普通教师,二级教师,2,30,病休")
        let scenario = try scenario(form.load(files))
        #expect(scenario.teachers.map(\.exemptReason) == [nil, nil, nil, nil, nil, nil, nil, nil, "病休"])
        #expect(scenario.teachers.map(\.volunteer) == [false, true, false, true, false, true, false, true, false])
        #expect(scenario.teachers.map(\.itinerantAllowed) == [true, true, true, false, true, true, true, true, true])
    }

    /// Case 5: a subject outside the vocabulary is kept as written, with one warning listing each
    /// with its teachers and the closest known subject; the 音乐（兼） teacher is no music teacher.
    @Test(arguments: Form.allCases)
    func case5SubjectsOutsideTheVocabularyAreKeptWithOneWarning(_ form: Form) throws {
        let files = Self.chinese
            .replacing("teachers.csv", "T04,刘洋,L1,音乐", "T04,刘洋,L1,音乐（兼）")
            .replacing("teachers.csv", "T06,杨磊,M1,数学", "T06,杨磊,M1,信息技术")
            .replacing("teachers.csv", "T08,赵强,M2,数学", "T08,赵强,M2,道法")
        let scenario = try scenario(form.load(files))
        #expect(scenario.teachers.map(\.subject) == ["chinese", "math", "english", "音乐（兼）", "chinese", "信息技术", "chinese", "道法", "chinese"])
        let file = form == .csv ? "teachers.csv" : "教师"
        let warnings = scenario.warnings.map(\.description)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(
            warnings.first?.hasPrefix(
                "\(file): 学科列：以下学科不在学科表中，按原样作为单独的学科读取：“信息技术”（1 名教师：T06；是否为“信息科技”？）；"
                    + "“道法”（1 名教师：T08；是否为“道德与法治”？）；“音乐（兼）”（1 名教师：T04；是否为“音乐”？）。") == true, "\(warnings)")
        #expect(
            warnings.first?.contains(
                "(column subject: subjects outside the known list are kept as written, each its own subject: '信息技术' (1 teacher: T06; maybe 信息科技?), "
                    + "'道法' (1 teacher: T08; maybe 道德与法治?), '音乐（兼）' (1 teacher: T04; maybe 音乐?).") == true, "\(warnings)")
        // Not a music teacher: Part 2's candidates leave T04 out, whom they hold when it says 音乐.
        let original = try self.scenario(form.load(Self.chinese))
        #expect(ItinerantFacts(original, presentAfter: Staffing(original).presentAt).candidates.contains { $0.teacher == original.teacherIndex["T04"]! })
        let facts = ItinerantFacts(scenario, presentAfter: Staffing(scenario).presentAt)
        #expect(!facts.candidates.contains { $0.teacher == scenario.teacherIndex["T04"]! })
        #expect(scenario.demand.keys.contains { $0.subject == "music" }, "the tiny scenario asks for music at M2")
    }
}

/// A mistake in a hand-made list and the whole line that reports it.
struct MessageCase: CustomTestStringConvertible, Sendable {
    var name: String
    var files: @Sendable () -> ScenarioFiles
    var expected: String

    var testDescription: String { name }
}

extension ReadExactlyTests {
    static let chineseMessages: [MessageCase] = [
        MessageCase(
            name: "a school written by its name",
            files: { chinese.replacing("teachers.csv", "T06,杨磊,M1", "T06,杨磊,甲乡中心小学") },
            expected: "teachers.csv:7: 学校列：“甲乡中心小学”是 M1 的名称；请填写编号。 (column school: '甲乡中心小学' is the name of M1; write the id.)"),
        MessageCase(
            name: "an id Excel saved as a number",
            files: { chinese.replacing("teachers.csv", "T01,王伟", "3.60121E+17,王伟") },
            expected: "teachers.csv:2: 工号列：“3.60121E+17”是 16 位以上的数字，电子表格只保留前 15 位有效数字，编号已丢失末尾数字。"
                + "请将此列设置为文本格式（设置单元格格式 → 文本）后重新输入编号。 (column id: '3.60121E+17' is a number of 16 or more digits, "
                + "of which a spreadsheet keeps only the first 15; the id has lost digits. Save the column as text (format the cells as Text, 文本) and type the ids again.)"
        ),
        MessageCase(
            name: "a yes/no column with another word",
            files: { chinese.replacing("teachers.csv", "7,25,,是", "7,25,,也许") },
            expected: "teachers.csv:4: 自愿列：“也许”既不是“是”也不是“否”；应填 是 或 否（也可填 有/无、1/0，空白为默认）。"
                + " (column volunteer: '也许' is not yes or no; expected yes, no, 是 or 否.)"),
        MessageCase(
            name: "a school kind out of the list",
            files: { chinese.replacing("schools.csv", "城关第一小学,牵头校", "城关第一小学,牵头学校") },
            expected: "schools.csv:2: 类型列：“牵头学校”不是有效值；应为 牵头校、成员校、教学点、独立校 之一。也许是“牵头校”？"
                + " (column kind: '牵头学校' is not valid; expected one of lead, member, site, independent. Maybe '牵头校'?)"),
        MessageCase(
            name: "a required column missing",
            files: { chinese.replacing("demand.csv", "学校,学科,需求人数,周课时", "学校,学科,人数,周课时") },
            expected: "demand.csv:1: 需求人数列：表头中没有此列（必填）。已有的列：学校、学科、人数、周课时。"
                + " (column teachers: is missing from the header (required). Columns found: 学校, 学科, 人数, 周课时.)"),
        MessageCase(
            name: "a day that is no school day",
            files: { chinese.replacing("teachers.csv", "周一;星期三", "周一;周八") },
            expected: "teachers.csv:5: 可走教日列：“周八”不是上课日；应填 周一 至 周五 中的若干天，用“;”或“、”分隔。也许是“周一”？"
                + " (column available_days: '周八' is not a school day; expected days from mon;tue;wed;thu;fri (or 周一 … 周五) separated by ';'.)"),
        MessageCase(
            name: "a history row for an unknown teacher",
            files: { chinese.with("history.csv", "教师,原单位,交流单位,起始学年,结束学年\nT1,L1,M1,2020,2021\n") },
            expected: "history.csv:2: 教师列：“T1”不是 teachers.csv 中的教师编号。也许是“T01”？ (column teacher: 'T1' is not a teacher in teachers.csv. Maybe 'T01'?)"),
    ]

    /// The same mistakes in English lists are reported in English only.
    static let englishMessages: [MessageCase] = [
        MessageCase(
            name: "a school written by its name",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T06,杨磊,M1", "T06,杨磊,甲乡中心小学") },
            expected: "teachers.csv:7: column school: '甲乡中心小学' is the name of M1; write the id."),
        MessageCase(
            name: "an id Excel saved as a number",
            files: { ScenarioFiles.tiny.replacing("teachers.csv", "T01,王伟", "3.60121E+17,王伟") },
            expected: "teachers.csv:2: column id: '3.60121E+17' is a number of 16 or more digits, of which a spreadsheet keeps only the first 15; "
                + "the id has lost digits. Save the column as text (format the cells as Text, 文本) and type the ids again."),
        MessageCase(
            name: "two columns for one field",
            files: {
                ScenarioFiles.tiny.replacing("teachers.csv", "id,name,school", "id,name,单位,school").replacing("teachers.csv", ",L1,", ",L1,L1,")
                    .replacing("teachers.csv", ",M1,", ",M1,M1,").replacing("teachers.csv", ",M2,", ",M2,M2,").replacing("teachers.csv", ",I1,", ",I1,I1,")
            },
            expected: "teachers.csv:1: columns 单位 (column 3) and school (column 4) both mean school; keep one."),
    ]

    @Test(arguments: chineseMessages)
    func chineseListsAreAnsweredInChinese(_ message: MessageCase) {
        #expect(message.files().problems() == [message.expected])
    }

    @Test(arguments: englishMessages)
    func englishListsAreAnsweredInEnglish(_ message: MessageCase) {
        #expect(message.files().problems() == [message.expected])
    }
}

/// Headers, values, rows and files as offices write them (docs/scenario.md "Read exactly, or
/// refused"), each read as meant or reported.
extension ReadExactlyTests {
    @Test(arguments: Form.allCases)
    func headersWithSpacesFullWidthOrEnglishMatch(_ form: Form) throws {
        let files = Self.chinese
            .replacing("teachers.csv", "工号,姓名,学校,学科,身份", "工 号,姓\u{3000}名, 学校 ,ｓｕｂｊｅｃｔ,身份")
            .replacing("demand.csv", "学校,学科,需求人数", "学　校,学科,需求 人数")
        let read = try scenario(form.load(files))
        let original = try scenario(form.load(Self.chinese))
        #expect(read.teachers.map(\.id) == original.teachers.map(\.id))
        #expect(read.teachers.map(\.name) == original.teachers.map(\.name))
        #expect(read.teachers.map(\.subject) == original.teachers.map(\.subject))
        #expect(Set(read.demand.keys) == Set(original.demand.keys))
        #expect(read.warnings.isEmpty, "\(read.warnings)")
    }

    @Test(arguments: Form.allCases)
    func fullWidthDigitsAndCodesReadAsHalfWidth(_ form: Form) throws {
        let files = Self.chinese
            .replacing("teachers.csv", "T06,杨磊,M1,数学,教师,二级教师,12,18", "T06,杨磊,Ｍ１,数学,教师,二级教师,１２,１８")
            .replacing("demand.csv", "M1,英语,1,16", "Ｍ１,英语,１,１６")
            // A zero-width space pasted after an id is no part of it.
            .replacing("teachers.csv", "T07,黄丽,M2,", "T07,黄丽,M2\u{200B},")
        let scenario = try scenario(form.load(files))
        #expect(scenario.teachers[scenario.teacherIndex["T07"]!].home == scenario.schoolIndex["M2"])
        let t06 = scenario.teachers[scenario.teacherIndex["T06"]!]
        #expect(t06.home == scenario.schoolIndex["M1"])
        #expect((t06.yearsAtSchool, t06.yearsToRetirement) == (12, 18))
        #expect(scenario.demandPeriods(scenario.schoolIndex["M1"]!, "english") == 16)
    }

    @Test(arguments: Form.allCases)
    func everyColumnNotReadIsNamedWithTheClosestHeader(_ form: Form) throws {
        let files = Self.chinese.editingLines("teachers.csv") { index, line in
            line + (index == 0 ? ",联系电话,是否可走教日," : ",1380000000\(index),,\(index == 3 ? "已核对" : "")")
        }
        let warnings = try scenario(form.load(files)).warnings.map(\.description)
        let (n, o, p) = form == .csv ? ("teachers.csv:1", "teachers.csv:1", "teachers.csv:1") : ("教师!N1", "教师!O1", "教师!P1")
        #expect(
            warnings == [
                "\(n): “联系电话”列未读取。 (column 联系电话 is not used.)",
                "\(o): “是否可走教日”列未读取。是否应为“可走教日”？ (column 是否可走教日 is not used. Maybe '可走教日' is meant?)",
                "\(p): 第 \(form == .csv ? "16" : "P") 列有内容但没有表头，不读取。 (column \(form == .csv ? "16" : "P") has values but no header; it is not read.)",
            ])
    }

    /// A header that holds an absent column's name (`农村学校` for 农村, `自愿交流` for 自愿) is
    /// named with that column (the rural independent is read by its kind, as urban, so the
    /// warning is all that tells the office).
    @Test(arguments: Form.allCases)
    func aHeaderHoldingAnAbsentColumnsNameIsNamedWithIt(_ form: Form) throws {
        let files = Self.chinese
            .editingLines("schools.csv") { index, line in index == 0 ? line.replacingOccurrences(of: ",农村,", with: ",农村学校,") : line }
            .editingLines("teachers.csv") { index, line in index == 0 ? line.replacingOccurrences(of: ",自愿,", with: ",自愿交流,") : line }
        let hints = try scenario(form.load(files)).warnings.compactMap(\.chineseHint)
        #expect(hints.contains("是否应为“农村”？") && hints.contains("是否应为“自愿”？"), "\(hints)")
    }

    @Test(arguments: Form.allCases)
    func rowsAfterAFooterAreSkippedWithAWarning(_ form: Form) throws {
        let files = Self.chinese.appending("teachers.csv", "合计,9人,,,,,,,,,,,").appending("teachers.csv", "制表人：张三,,,审核人：李四,,,,,,,,,")
        let scenario = try scenario(form.load(files))
        #expect(scenario.teachers.count == 9)
        let place = form == .csv ? "teachers.csv:11" : "教师!A11"
        #expect(
            scenario.warnings.map(\.description) == [
                "\(place): 自表尾“合计”起的第 11–12 行不读取（其中 2 行有内容）。 (rows 11–12 from the footer '合计' on are not read (2 rows with values).)"
            ])
    }

    /// An ID-card number typed into Excel is a number of 15 significant digits: refused; typed as
    /// text it is kept to the last digit.
    @Test func anIdOfEighteenDigitsIsKeptAsTextAndRefusedAsANumber() throws {
        let files = Self.chinese.replacing("teachers.csv", "T01,王伟", "360121198001011234,王伟")
        let text = try scenario(Form.csv.load(files))
        #expect(text.teachers[0].id == "360121198001011234")
        let number = self.problems(try Form.workbook.load(files))
        #expect(number.count == 1, "\(number)")
        #expect(number.first?.hasPrefix("教师!A2: 工号列：“3.60121198001011E+17”是 16 位以上的数字") == true, "\(number)")
        #expect(number.first?.contains("Save the column as text") == true)
    }

    @Test func settingsListsTakeChineseValues() throws {
        let files = Self.chinese.with(
            "scenario.yaml",
            """
            county: 测试县
            slug: tiny
            year: 2025
            policy:
              rotation:
                lead_sends: 中层以上干部、骨干教师、普通教师
                member_sends: 后备干部
              itinerant:
                subjects: 音乐、体育
                scope: 共同体内

            """)
        let scenario = try scenario(Form.workbook.load(files))
        #expect(scenario.policy.rotation.leadSends == [.cadre, .backbone, .regular])
        #expect(scenario.policy.rotation.memberSends == [.reserveCadre])
        #expect(scenario.policy.itinerant.subjects == ["music", "pe"])
        #expect(scenario.policy.itinerant.scope == .community)
        let wrong = self.problems(
            try Form.workbook.load(
                files.replacing("scenario.yaml", "中层以上干部、骨干教师", "中层以上干部、骨干")
                    .replacing("scenario.yaml", "member_sends: 后备干部", "member_sends: 后备干部、校长")))
        #expect(
            wrong == [
                "设置!B6: policy.rotation.member_sends列：应为身份的列表（中层以上干部、骨干教师、后备干部、普通教师，用“、”分隔）；“校长”不是。"
                    + " (column policy.rotation.member_sends: expected a list of roles (cadre, backbone, reserve_cadre, regular); '校长' is not one.)"
            ])
    }

    @Test func aMissingSheetListsTheSheetsThereAndSpacedNamesMatch() throws {
        let spaced = try scenario(Form.csv.load(Self.chinese))
        let url = try Self.chinese.writeWorkbook(sheets: ["teachers.csv": " 教师 ", "schools.csv": "学校\u{3000}"])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(try ScenarioInput.load(path: url).teachers.count == spaced.teachers.count)

        let missing = try Self.chinese.writeWorkbook(sheets: ["demand.csv": "需求表"])
        defer { try? FileManager.default.removeItem(at: missing.deletingLastPathComponent()) }
        #expect(throws: ScenarioError.self) { try ScenarioInput.load(path: missing) }
        do {
            _ = try ScenarioInput.load(path: missing)
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "tiny.xlsx: 没有“需求”工作表（或 demand）；方案工作簿须有 设置、学校、教师、需求 四个工作表。现有工作表：设置、学校、教师、需求表。"
                        + "是否应为工作表“需求表”？请改名为“需求”。 (has no sheet 需求 (or demand); a scenario workbook needs 设置, 学校, 教师 and 需求. "
                        + "Its sheets: 设置, 学校, 教师, 需求表. Maybe the sheet '需求表' is meant? Rename it 需求.)"
                ])
        }
        // Without its schools, the rows that name a school are not read: the one missing
        // sheet is the one problem, not one per teacher and demand row.
        let noSchools = try Self.chinese.writeWorkbook(sheets: ["schools.csv": "学校名单"])
        defer { try? FileManager.default.removeItem(at: noSchools.deletingLastPathComponent()) }
        do {
            _ = try ScenarioInput.load(path: noSchools)
            Issue.record("a workbook without its schools was read")
        } catch {
            #expect(error.problems.count == 1 && error.problems[0].description.contains("是否应为工作表“学校名单”？"), "\(error.problems)")
        }
    }

    /// Every sheet not read is named: a sheet named near an optional table the workbook lacks
    /// (固定安排 for 固定) is refused, since its pins would be left out without a word; another
    /// sheet (汇总) is a warning; the template's 说明 is read by people only. A load that is
    /// refused shows its warnings too, so that one round of fixes sees everything.
    @Test func everySheetNotReadIsNamedAndANearMissOfAnOptionalTableIsRefused() throws {
        let withPins = Self.chinese.with("pins.csv", "教师,操作,学校,备注\nT03,留任,,家庭原因\n").with("distances.csv", "from,to,km\nL1,M1,12.5\n")
        let renamed = try withPins.writeWorkbook(sheets: ["pins.csv": "固定安排", "distances.csv": "汇总"])
        defer { try? FileManager.default.removeItem(at: renamed.deletingLastPathComponent()) }
        do {
            _ = try ScenarioInput.load(path: renamed)
            Issue.record("a renamed 固定 sheet was read without a word")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "固定安排: 不是方案读取的工作表；是否应为“固定”？如是，请改名为“固定”；如不是，请删除该工作表，以免其中的内容被忽略而无人察觉。"
                        + " (is not a sheet rotaplan reads; is it 固定 (pins)? Rename it 固定, or delete it if it is not, so that its rows are not left out without a word.)"
                ])
            #expect(error.warnings.map(\.file) == ["汇总"], "\(error.warnings)")
            #expect(error.description.contains("警告: 汇总: 没有读取"), "\(error.description)")
        }
        // Another workbook given by mistake (a payroll): its missing sheets are named in
        // Chinese, and so are the sheets it has, though none of its tables could be told Chinese.
        let payroll = FileManager.default.temporaryDirectory.appendingPathComponent("工资表-\(UUID().uuidString.prefix(8)).xlsx")
        defer { try? FileManager.default.removeItem(at: payroll) }
        try WorkbookWriter.data([SheetContent(name: "工资", header: ["姓名", "金额"], rows: [[.value("张三"), .number(5000)]])]).write(to: payroll)
        do {
            _ = try ScenarioInput.load(path: payroll)
            Issue.record("a payroll was read as a scenario")
        } catch {
            #expect(error.problems.count == 4 && error.problems.allSatisfy(\.inChinese), "\(error.problems)")
            #expect(error.description.contains("警告: 工资: 没有读取"), "\(error.description)")
        }
        // Renamed back, the pin is read; the sheet nobody asked for is still named.
        let extra = try withPins.writeWorkbook(sheets: ["distances.csv": "汇总"])
        defer { try? FileManager.default.removeItem(at: extra.deletingLastPathComponent()) }
        let scenario = try ScenarioInput.load(path: extra)
        #expect(scenario.pins.compactMap { $0 }.count == 1)
        #expect(scenario.warnings.contains { $0.file == "汇总" && $0.chinese?.hasPrefix("没有读取") == true }, "\(scenario.warnings)")
        // The template's own guide sheet, 说明, is no table and is not named.
        let template = extra.deletingLastPathComponent().appendingPathComponent("模板.xlsx")
        try Template.data().write(to: template)
        let named: [Problem]
        do {
            named = try ScenarioInput.load(path: template).warnings
        } catch {
            named = error.problems + error.warnings
        }
        #expect(!named.isEmpty && !named.contains { $0.file == "说明" }, "\(named)")
    }

    /// On the settings sheet, a value without its key is refused (the default would stay
    /// without a word), and a setting's Chinese name written as its key is named with the key.
    @Test func aSettingsValueWithoutItsKeyIsRefusedAndANameIsToldItsKey() throws {
        let keyless = try Self.chinese.writeWorkbook(moreSettings: [[.empty, .value("0.3")]])
        defer { try? FileManager.default.removeItem(at: keyless.deletingLastPathComponent()) }
        do {
            _ = try ScenarioInput.load(path: keyless)
            Issue.record("a value without its key was left out without a word")
        } catch {
            #expect(error.problems.map(\.description).contains { $0.contains("有值“0.3”但没有键") && $0.hasPrefix("设置!A") }, "\(error.problems)")
        }
        let named = try Self.chinese.writeWorkbook(moreSettings: [[.value("牵头校派出比例（R2）"), .value("0.3")]])
        defer { try? FileManager.default.removeItem(at: named.deletingLastPathComponent()) }
        let warnings = try ScenarioInput.load(path: named).warnings
        let warning = warnings.first { $0.description.contains("牵头校派出比例") }
        #expect(warning?.chineseHint == "请在键列填写 policy.rotation.min_ratio。", "\(warnings)")
    }

    /// A folder as an office fills one, without scenario.yaml: a workbook under its own name,
    /// or the lists saved under their Chinese names. Each is told what to do with its files.
    @Test func anOfficeFolderIsToldWhatToDoWithItsFiles() throws {
        let workbook = try Self.chinese.writeWorkbook(named: "安义县.xlsx")
        let folder = workbook.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try ScenarioInput.load(path: folder)
            Issue.record("a folder without scenario.yaml was read")
        } catch {
            #expect(error.problems.count == 1 && error.problems[0].description.contains("文件夹中有工作簿“安义县.xlsx”，但没有 scenario.yaml"), "\(error.problems)")
        }
        try FileManager.default.removeItem(at: workbook)
        try Data(Self.chinese.files["schools.csv"]!.utf8).write(to: folder.appendingPathComponent("学校.csv"))
        try Data(Self.chinese.files["teachers.csv"]!.utf8).write(to: folder.appendingPathComponent("教师.csv"))
        do {
            _ = try ScenarioInput.load(path: folder)
            Issue.record("a folder of Chinese-named lists was read")
        } catch {
            #expect(
                error.problems.count == 1 && error.problems[0].description.contains("请把“学校.csv”改名为 schools.csv、“教师.csv”改名为 teachers.csv"),
                "\(error.problems)")
        }
        // A plan folder given where its scenario belongs is told so.
        try Data("{}".utf8).write(to: folder.appendingPathComponent("plan.json"))
        do {
            _ = try ScenarioInput.load(path: folder)
            Issue.record("a plan folder was read as a scenario")
        } catch {
            #expect(error.problems.map(\.chinese) == ["是方案结果文件夹（其中有 plan.json），不是方案数据：请给出编制该方案所用的数据（文件夹或工作簿）。"])
        }
    }

    /// Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated.
    @Test func unicodeTextIsReadLikeACSVWithAWarning() throws {
        var files = Self.chinese.files.mapValues { Data($0.utf8) }
        let tabbed = Self.chinese.files["teachers.csv"]!.replacingOccurrences(of: ",", with: "\t").replacingOccurrences(of: "\n", with: "\r\n")
        files["teachers.csv"] = Data([0xFF, 0xFE]) + tabbed.data(using: .utf16LittleEndian)!
        let read = try ScenarioLoader.load(files: files)
        let original = try Self.chinese.load()
        #expect(read.teachers.map(\.id) == original.teachers.map(\.id))
        #expect(read.teachers.map(\.availableDays) == original.teachers.map(\.availableDays))
        #expect(
            read.warnings.map(\.description) == [
                "teachers.csv: 是 UTF-16 文本（Excel 的“Unicode 文本”），已按制表符分隔读取。另存为“CSV UTF-8（逗号分隔）”可免去猜测。"
                    + " (is UTF-16 text (Excel's \"Unicode text\"); it was read as such, tab-separated. Saving it as 'CSV UTF-8' avoids the guess.)"
            ])
    }

    @Test func aScenarioYAMLInGB18030IsReadWithAWarning() throws {
        var files = Self.chinese.files.mapValues { Data($0.utf8) }
        // "测试县" in GB18030, as a Chinese Windows editor saves it.
        files["scenario.yaml"] = Data("county: ".utf8) + Data([0xB2, 0xE2, 0xCA, 0xD4, 0xCF, 0xD8]) + Data("\nslug: tiny\nyear: 2025\n".utf8)
        let scenario = try ScenarioLoader.load(files: files)
        #expect(scenario.settings.county == "测试县")
        #expect(
            scenario.warnings.map(\.description) == [
                "scenario.yaml: 不是 UTF-8 编码，已按 GB18030（中文 Windows 编辑器的默认编码）读取。保存为 UTF-8 可免去猜测。"
                    + " (is not UTF-8; it was read as GB18030, the encoding Chinese Windows editors use. Saving it as UTF-8 avoids the guess.)"
            ])
    }

    /// One vocabulary: every code reads back from the name it is shown by, and the rules and
    /// directions have their names.
    @Test func theVocabularyReadsBackWhatItShows() {
        for values in [
            Vocabulary.roles, Vocabulary.schoolKinds, Vocabulary.levels, Vocabulary.subjects, Vocabulary.weekdays,
            Vocabulary.pinActions, Vocabulary.historyKinds, Vocabulary.moveKinds, Vocabulary.directions, Vocabulary.statuses,
            Vocabulary.scopes, Vocabulary.yesNo, Vocabulary.rules,
        ] {
            for code in values.codes {
                #expect(values.code(values.name(code)) == code, "\(code)")
            }
            #expect(Set(values.names).count == values.names.count, "names are distinct: \(values.names)")
        }
        #expect(Role.regular.chineseName == "普通教师")
        #expect(Vocabulary.rule("R2") == "牵头校派出比例（R2）")
        #expect(Vocabulary.directions.name("urban_to_rural") == "城镇→乡村")
        #expect(Vocabulary.historyKinds.name("exchange") == "区域交流")
        #expect(Vocabulary.moveKinds.name("secondment") == "共同体派驻")
    }
}

extension ReadExactlyTests {
    /// Every problem a load can report has its Chinese words, so that a Chinese list is never
    /// answered in English alone.
    @Test(arguments: ScenarioLoadingTests.broken)
    func everyProblemHasChineseWords(_ broken: BrokenScenario) {
        do {
            _ = try broken.files().load(overrides: broken.overrides)
            Issue.record("\(broken.name) loads")
        } catch {
            for problem in error.problems {
                #expect(problem.chinese.map(WrittenText.isChinese) == true, "\(problem)")
            }
        }
    }
}

import Foundation
import RotaplanDomain
import RotaplanSpreadsheet
import Testing

@testable import RotaplanDomain

/// Workbooks in and out with files nobody here wrote by hand: LibreOffice Calc saves the
/// committed scenarios' lists (in Chinese, and in GB18030) as `.xlsx`, openpyxl changes them as
/// office users do, and every one reads as the folder it came from.
@Suite(.enabled(if: OfficeTools.all, Comment(rawValue: OfficeTools.missing)))
struct SpreadsheetTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/demo")

    /// Column headers as HR offices write them (SCENARIO.md "Chinese headers and values").
    static let headers: [String: [String: String]] = [
        "schools.csv": [
            "id": "编号", "name": "名称", "kind": "类型", "community": "共同体", "parent": "上级学校", "rural": "农村",
            "lat": "纬度", "lon": "经度", "level": "学段",
        ],
        "teachers.csv": [
            "id": "工号", "name": "姓名", "school": "学校", "subject": "学科", "role": "身份", "title": "职称",
            "gender": "性别", "years_at_school": "本校任教年限", "years_to_retirement": "距退休年限",
            "exempt": "免于交流", "volunteer": "自愿", "max_periods": "周课时上限", "itinerant": "可走教",
            "available_days": "可走教日",
        ],
        "demand.csv": ["school": "学校", "subject": "学科", "teachers": "需求人数", "periods": "周课时"],
        "history.csv": [
            "teacher": "教师", "from": "原单位", "to": "交流单位", "start_year": "起始学年", "end_year": "结束学年",
            "kind": "方式",
        ],
        "pins.csv": ["teacher": "教师", "action": "操作", "school": "学校", "note": "备注"],
        "distances.csv": ["from": "原单位", "to": "交流单位", "km": "公里"],
    ]
    static let sheets = [
        "schools.csv": "学校", "teachers.csv": "教师", "demand.csv": "需求", "history.csv": "历史",
        "pins.csv": "固定", "distances.csv": "距离",
    ]
    static let subjects = [
        "chinese": "语文", "math": "数学", "english": "英语", "music": "音乐", "pe": "体育", "art": "美术",
        "science": "科学", "morality": "道德与法治", "it": "信息科技", "physics": "物理", "chemistry": "化学",
        "biology": "生物", "history": "历史", "geography": "地理",
    ]
    static let days = ["mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五"]

    /// A coded value as an HR office writes it.
    static func chinese(_ value: String, column: String, table: String) -> String {
        switch (table, column) {
        case ("schools.csv", "kind"):
            ["lead": "牵头校", "member": "乡村中心学校", "site": "村小", "independent": "独立校"][value] ?? value
        case ("schools.csv", "level"):
            ["primary": "小学", "junior": "初中", "nine-year": "九年一贯制"][value] ?? value
        case (_, "subject"):
            subjects[value] ?? value
        case ("teachers.csv", "role"):
            ["cadre": "中层干部", "backbone": "骨干教师", "reserve_cadre": "后备干部", "regular": "普通教师"][value] ?? value
        case (_, "rural"), (_, "volunteer"), (_, "itinerant"):
            ["yes": "是", "no": "否"][value] ?? value
        case ("teachers.csv", "available_days"):
            value.split(separator: ";").map { days[String($0)] ?? String($0) }.joined(separator: ";")
        case ("history.csv", "kind"):
            ["rotation": "交流", "itinerant": "走教"][value] ?? value
        case ("pins.csv", "action"):
            ["stay": "留任", "rotate": "交流", "to": "指定"][value] ?? value
        default:
            value
        }
    }

    /// A scenario folder's lists as an HR office keeps them: Chinese headers and values, the
    /// tables under their own file names in `folder` (with scenario.yaml, so the folder is a
    /// scenario too), and the settings as a `key, value` table in `settings.csv` beside it.
    /// Returns the sheets a workbook of them has: sheet name → file.
    static func chineseLists(of source: URL, into folder: URL) throws -> [(String, URL)] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scenario = try ScenarioInput.load(path: source)
        let settingsFile = folder.deletingLastPathComponent().appendingPathComponent("settings.csv")
        try CSV.format(header: ["键", "值"], rows: scenario.settings.listed.map { [$0.key, $0.value] }).write(to: settingsFile)
        try FileManager.default.copyItem(at: source.appendingPathComponent("scenario.yaml"), to: folder.appendingPathComponent("scenario.yaml"))
        var sheets: [(String, URL)] = [("设置", settingsFile)]
        for table in ["schools.csv", "teachers.csv", "demand.csv", "history.csv", "pins.csv", "distances.csv"] {
            guard let data = FileManager.default.contents(atPath: source.appendingPathComponent(table).path) else { continue }
            var problems = ProblemList()
            var warnings: [Problem] = []
            let parsed = try #require(CSV.parse(data, file: table, problems: &problems, warnings: &warnings))
            #expect(problems.isEmpty)
            let rows = parsed.records.map { record in
                zip(parsed.header, record.fields).map { column, value in chinese(value, column: column, table: table) }
            }
            let header = parsed.header.map { headers[table]?[$0] ?? $0 }
            let file = folder.appendingPathComponent(table)
            try CSV.format(header: header, rows: rows).write(to: file)
            sheets.append((Self.sheets[table]!, file))
        }
        return sheets
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Solves `source` with GLPK to optimality into `out`, checks the plan with `verify`, and
    /// returns the lists people read (rotations, itinerant timetable, schools).
    static func solvedLists(_ source: URL, out: URL) throws -> (lists: [String: String], errors: String) {
        let run = CLI.run(["solve", source.path, "--out", out.path, "--method", "glpk", "--quiet"])
        #expect(run.status == 0, "\(run.errors)")
        let verify = CLI.run(["verify", source.path, out.appendingPathComponent("plan.json").path])
        #expect(verify.status == 0, "\(verify.output)")
        var lists: [String: String] = [:]
        for name in ["rotations.csv", "itinerant.csv", "schools.csv"] {
            lists[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        return (lists, run.errors)
    }

    @Test func aWorkbookLibreOfficeSavedFromChineseListsGivesTheFoldersPlan() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let sheets = try Self.chineseLists(of: Self.demo, into: root.appendingPathComponent("chinese"))
        let workbook = root.appendingPathComponent("安义县.xlsx")
        try OfficeTools.workbook(from: sheets, to: workbook)

        let expected = try Self.solvedLists(Self.demo, out: root.appendingPathComponent("from-folder"))
        #expect(expected.lists["rotations.csv"]!.split(separator: "\n").count > 10, "the demo moves people")
        let fromWorkbook = try Self.solvedLists(workbook, out: root.appendingPathComponent("from-workbook"))
        #expect(fromWorkbook.lists == expected.lists)
        // The folder with Chinese headers and values reads the same, too.
        let fromChineseFolder = try Self.solvedLists(root.appendingPathComponent("chinese"), out: root.appendingPathComponent("from-chinese"))
        #expect(fromChineseFolder.lists == expected.lists)
        // A folder may hold the workbook as scenario.xlsx in place of the YAML and CSV files.
        let holder = root.appendingPathComponent("holder")
        try FileManager.default.createDirectory(at: holder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: workbook, to: holder.appendingPathComponent("scenario.xlsx"))
        #expect(try Self.solvedLists(holder, out: root.appendingPathComponent("from-holder")).lists == expected.lists)
    }

    @Test func gb18030ListsGiveTheFoldersPlanWithAWarning() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let sheets = try Self.chineseLists(of: Self.demo, into: root.appendingPathComponent("chinese"))
        // The GB18030 copy, as Chinese Excel saves "CSV": the YAML stays UTF-8.
        let gb = root.appendingPathComponent("gb18030")
        try FileManager.default.createDirectory(at: gb, withIntermediateDirectories: true)
        var gbSheets: [(String, URL)] = []
        for (sheet, file) in sheets {
            let copy = sheet == "设置" ? root.appendingPathComponent("settings-gb.csv") : gb.appendingPathComponent(file.lastPathComponent)
            try OfficeTools.gb18030(file, to: copy)
            gbSheets.append((sheet, copy))
        }
        try FileManager.default.copyItem(at: Self.demo.appendingPathComponent("scenario.yaml"), to: gb.appendingPathComponent("scenario.yaml"))
        let teachers = try Data(contentsOf: gb.appendingPathComponent("teachers.csv"))
        #expect(String(data: teachers, encoding: .utf8) == nil, "the copy really is not UTF-8")

        let expected = try Self.solvedLists(Self.demo, out: root.appendingPathComponent("from-folder"))
        let fromGB = try Self.solvedLists(gb, out: root.appendingPathComponent("from-gb18030"))
        #expect(fromGB.lists == expected.lists)
        // Chinese lists are warned about in Chinese first, the English after.
        #expect(fromGB.errors.contains("警告: teachers.csv: 不是 UTF-8 编码，已按 GB18030"), "\(fromGB.errors)")
        #expect(fromGB.errors.contains("(is not UTF-8; it was read as GB18030"), "\(fromGB.errors)")

        // LibreOffice opens the GB18030 files as GB18030 and saves one workbook.
        let workbook = root.appendingPathComponent("gb18030.xlsx")
        try OfficeTools.workbook(from: gbSheets, charset: 85, to: workbook)
        #expect(try Self.solvedLists(workbook, out: root.appendingPathComponent("from-gb-workbook")).lists == expected.lists)

        // import writes the canonical folder: UTF-8, English headers and codes, the same plan.
        let canonical = root.appendingPathComponent("canonical")
        let imported = CLI.run(["import", gb.path, "-o", canonical.path])
        #expect(imported.status == 0, "\(imported.errors)")
        let header = try String(contentsOf: canonical.appendingPathComponent("teachers.csv"), encoding: .utf8).prefix { $0 != "\n" }
        #expect(header == Vocabulary.englishColumns["teachers.csv"]!.joined(separator: ","))
        #expect(try Self.solvedLists(canonical, out: root.appendingPathComponent("from-canonical")).lists == expected.lists)
        let fromWorkbook = root.appendingPathComponent("canonical-from-workbook")
        #expect(CLI.run(["import", workbook.path, "-o", fromWorkbook.path]).status == 0)
        for name in ["scenario.yaml", "schools.csv", "teachers.csv", "demand.csv", "history.csv", "pins.csv"] {
            #expect(try Data(contentsOf: fromWorkbook.appendingPathComponent(name)) == Data(contentsOf: canonical.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func planWorkbookHoldsTheListsRowsWithNumbersAsNumbers() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = root.appendingPathComponent("plan")
        let lists = try Self.solvedLists(Self.demo, out: plan).lists
        let workbook = plan.appendingPathComponent("plan.xlsx")
        // LibreOffice saves every sheet as CSV: plan-交流名单.csv and so on.
        try OfficeTools.convert(workbook, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", into: root)
        func table(_ file: URL) throws -> [[String: String]] {
            var data = try Data(contentsOf: file)
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
            var problems = ProblemList()
            var warnings: [Problem] = []
            let parsed = try #require(CSV.parse(data, file: file.lastPathComponent, problems: &problems, warnings: &warnings))
            return parsed.records.map { Dictionary(uniqueKeysWithValues: zip(parsed.header, $0.fields)) }
        }
        // The CSV names a column as the sheet does, or as `names` maps it.
        func sameRows(sheet: String, list: String, names: [String: String] = [:]) throws {
            let sheetRows = try table(root.appendingPathComponent("plan-\(sheet).csv"))
            let listFile = root.appendingPathComponent(list)
            try Data(lists[list]!.utf8).write(to: listFile)
            let listRows = try table(listFile)
            #expect(sheetRows.count == listRows.count, "\(sheet)")
            #expect(!listRows.isEmpty)
            for (sheetRow, listRow) in zip(sheetRows, listRows) {
                for (column, value) in listRow {
                    let shown = try #require(sheetRow[names[column] ?? column], "\(sheet) has no column \(column)")
                    if let number = Double(value), let other = Double(shown) {
                        #expect(number == other, "\(sheet) \(column)")
                    } else if column != "期限" {  // The list states the term, the sheet its years.
                        #expect(shown == value, "\(sheet) \(column)")
                    }
                }
            }
        }
        try sameRows(sheet: "走教安排", list: "itinerant.csv")
        try sameRows(sheet: "学校配置", list: "schools.csv")
        try sameRows(
            sheet: "交流名单", list: "rotations.csv",
            names: ["原单位": "现学校", "交流单位": "交流学校", "学科": "任教学科", "期限": "拟交流年限"])

        // openpyxl: every header frozen and filtered, the sheet printing landscape one page wide
        // with its header on every page, counts and distances stored as numbers, ids as text.
        let inspected = try OfficeTools.openpyxl(["inspect", workbook.path])
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(inspected.utf8)) as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["交流名单", "走教安排", "学校配置", "合规检查", "努力值与提升值", "说明"])
        for sheet in sheets {
            #expect(sheet["frozen"] as? String == "A2", "\(sheet["name"]!)")
            let rows = try #require(sheet["rows"] as? [[[String: Any]]])
            let header = rows[0].map { $0["value"] as? String ?? "" }
            let lastColumn = String(UnicodeScalar(UInt8(64 + header.count)))
            #expect(sheet["filter"] as? String == "A1:\(lastColumn)\(rows.count)", "\(sheet["name"]!)")
            #expect(sheet["orientation"] as? String == "landscape" && sheet["fitToWidth"] as? Int == 1, "\(sheet["name"]!)")
            #expect(sheet["printTitleRows"] as? String == "$1:$1", "\(sheet["name"]!)")
            if let id = header.firstIndex(of: "工号") {
                let letter = String(UnicodeScalar(UInt8(65 + id)))
                #expect((sheet["columnFormats"] as? [String: String])?[letter] == "@", "工号 is text")
            }
            // Headers HR reads (no 100·Q/D), roles and rules in the vocabulary's words.
            #expect(!header.contains { $0.contains("Q/D") }, "\(header)")
            if sheet["name"] as? String == "交流名单" {
                let roles = Set(rows.dropFirst().compactMap { $0[header.firstIndex(of: "身份")!]["value"] as? String })
                #expect(roles.isSubset(of: Vocabulary.roles.names) && roles.contains("普通教师"), "\(roles)")
            }
            if sheet["name"] as? String == "合规检查" {
                let rules = Set(rows.dropFirst().compactMap { $0[0]["value"] as? String })
                #expect(rules.contains("牵头校派出比例（R2）") && rules.contains("成员校接收干部（R4）"), "\(rules)")
            }
            for column in ["课时", "距离(公里)", "需求(人)", "调整后(人)", "现学校任教年限"] {
                guard let index = header.firstIndex(of: column) else { continue }
                for row in rows.dropFirst() where row.count > index && !(row[index]["value"] is NSNull) {
                    #expect(row[index]["type"] as? String == "n", "\(sheet["name"]!) \(column) is not a number")
                }
            }
        }

        // The plan's workbook given where its scenario belongs is named as what it is, in one
        // problem, not as a scenario workbook lacking four sheets.
        let checked = CLI.run(["check", workbook.path])
        #expect(checked.status == 1)
        #expect(
            checked.errors.contains("plan.xlsx: 是方案结果工作簿（其中的“交流名单”是方案的名单），不是方案数据：请给出编制该方案所用的数据（文件夹或工作簿）。")
                && checked.errors.contains("共 1 个问题：未写入任何文件。"), "\(checked.errors)")
    }

    /// What office workbooks look like (workbook_tool.py `dress`): a merged title over the
    /// header, a school merged down over its teachers, TRUE/FALSE for 是/否, periods as formulas
    /// whose values LibreOffice saved, empty rows, a hidden sheet, a column rotaplan does not read.
    @Test func officeHabitsReadAsTheFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let sheets = try Self.chineseLists(of: Self.demo, into: root.appendingPathComponent("chinese"))
        let plain = root.appendingPathComponent("plain.xlsx")
        try OfficeTools.workbook(from: sheets, to: plain)
        let dressed = root.appendingPathComponent("dressed.xlsx")
        try OfficeTools.openpyxl(["dress", plain.path, dressed.path])
        // openpyxl saves formulas without their values: that is bad input, with the cell named.
        let unsaved = CLI.run(["check", dressed.path])
        #expect(unsaved.status == 1)
        #expect(unsaved.errors.contains("教师!L3: 是公式，但没有保存计算结果"), "\(unsaved.errors)")
        #expect(unsaved.errors.contains("(is a formula whose value was never saved"), "\(unsaved.errors)")
        // Opened and saved by LibreOffice, the formulas carry their values.
        let saved = root.appendingPathComponent("saved")
        try OfficeTools.convert(dressed, to: "xlsx", into: saved)
        let workbook = saved.appendingPathComponent("dressed.xlsx")
        let inspected = try OfficeTools.openpyxl(["inspect", workbook.path])
        #expect(inspected.contains("\"hidden\": true"), "the 需求 sheet stays hidden")

        let fromFolder = try ScenarioInput.load(path: Self.demo)
        let fromWorkbook = try ScenarioInput.load(path: workbook)
        let expected = CanonicalFiles.files(fromFolder)
        let read = CanonicalFiles.files(fromWorkbook)
        #expect(read.map(\.name) == expected.map(\.name))
        for (file, other) in zip(read, expected) {
            #expect(String(decoding: file.data, as: UTF8.self) == String(decoding: other.data, as: UTF8.self), "\(file.name)")
        }
    }

    /// Bad workbooks, each made by a real program: a clear message, exit 1, nothing written.
    enum BadWorkbook: String, CaseIterable, CustomTestStringConvertible {
        case corruptArchive, oldBinaryXLS, passwordProtected, missingSheet, formulaWithoutValue, dateInNumberColumn, manyRows, millionRows
        case inflatesPast150MB, inflatesHundredfold, inflatesPastWhatItDeclares

        var testDescription: String { rawValue }

        /// Makes the file from a good workbook of the tiny scenario, and says what the message
        /// holds: the place and the Chinese words first, the English after them.
        func make(from good: URL, in folder: URL) throws -> (file: URL, message: [String]) {
            let bad = folder.appendingPathComponent("bad.xlsx")
            switch self {
            case .corruptArchive:
                let data = try Data(contentsOf: good)
                try data.prefix(data.count / 2).write(to: bad)
                return (bad, ["bad.xlsx: 文件已损坏：无法读取其 ZIP 压缩包", "(is damaged: its ZIP archive cannot be read"])
            case .oldBinaryXLS:
                try OfficeTools.convert(good, to: "xls", into: folder)
                let xls = folder.appendingPathComponent(good.deletingPathExtension().lastPathComponent + ".xls")
                return (
                    xls,
                    [
                        "good.xls: 是旧版 Excel 工作簿（.xls）；rotaplan 只读取 .xlsx。请另存为 .xlsx",
                        "is an old binary Excel workbook (.xls); rotaplan reads .xlsx. Save it as .xlsx",
                    ]
                )
            case .passwordProtected:
                try OfficeTools.encrypt(good, password: "保密2025", to: bad)
                return (bad, ["bad.xlsx: 设有密码保护，rotaplan 无法打开。", "(is protected by a password; rotaplan cannot open it."])
            case .missingSheet:
                try OfficeTools.openpyxl(["drop-sheet", good.path, bad.path, "教师"])
                return (
                    bad,
                    [
                        "bad.xlsx: 没有“教师”工作表（或 teachers）；方案工作簿须有 设置、学校、教师、需求 四个工作表。现有工作表：设置、学校、需求",
                        "(has no sheet 教师 (or teachers); a scenario workbook needs 设置, 学校, 教师 and 需求. Its sheets: 设置, 学校, 需求",
                    ]
                )
            case .formulaWithoutValue:
                try OfficeTools.openpyxl(["set-cell", good.path, bad.path, "教师", "G3", "formula", "=5+5"])
                return (bad, ["教师!G3: 是公式，但没有保存计算结果", "(is a formula whose value was never saved"])
            case .dateInNumberColumn:
                try OfficeTools.openpyxl(["set-cell", good.path, bad.path, "教师", "G4", "date", "2020-09-01"])
                return (bad, ["教师!G4: 本校任教年限列：“2020-09-01”是日期，不是数字", "(column years_at_school: '2020-09-01' is a date, not a number"])
            case .manyRows:
                // 300,000 rows inflate to about 53 MB: within the size limit, refused by the row count.
                try OfficeTools.openpyxl(["long", bad.path, "300000"])
                return (bad, ["教师: 超过 200000 行", "(has more than 200000 rows"])
            case .millionRows:
                // A million rows inflate to 176 MB: refused by the declared sizes, before inflating.
                try OfficeTools.openpyxl(["long", bad.path, "1000000"])
                return (bad, ["bad.xlsx: 被拒绝：其内容解压后将达 176 MB", "(is refused: its parts would inflate to 176 MB"])
            // ZIP bombs (docs/scenario.md "Archives"): 教师 (sheet3) replaced by spaces, deflated
            // about a thousandfold; refused by the declared sizes before anything is inflated.
            case .inflatesPast150MB:
                try OfficeTools.openpyxl(["bomb", good.path, bad.path, "xl/worksheets/sheet3.xml", String(200 << 20)])
                return (bad, ["bad.xlsx: 被拒绝：其内容解压后将达 201 MB", "上限 150 MB、100 倍", "(is refused: its parts would inflate to 201 MB"])
            case .inflatesHundredfold:
                try OfficeTools.openpyxl(["bomb", good.path, bad.path, "xl/worksheets/sheet3.xml", String(20 << 20)])
                return (bad, ["bad.xlsx: 被拒绝：其内容解压后将达 21 MB，是压缩大小的", "(is refused: its parts would inflate to 21 MB"])
            // The sheet declares 4,000 bytes and holds 300 MB: stopped as it streams past 4,000.
            case .inflatesPastWhatItDeclares:
                try OfficeTools.openpyxl(["bomb", good.path, bad.path, "xl/worksheets/sheet3.xml", String(300 << 20), "4000"])
                return (
                    bad,
                    [
                        "bad.xlsx: 文件已损坏：xl/worksheets/sheet3.xml 解压后超过其声明的 4000 字节",
                        "(is damaged: xl/worksheets/sheet3.xml inflates to more than the 4000 bytes it declares",
                    ]
                )
            }
        }
    }

    @Test(arguments: BadWorkbook.allCases)
    func aBadWorkbookIsAClearErrorAndNothingIsWritten(_ kind: BadWorkbook) throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let tiny = try ScenarioFiles.tiny.write()
        defer { try? FileManager.default.removeItem(at: tiny.deletingLastPathComponent()) }
        let good = root.appendingPathComponent("good.xlsx")
        try OfficeTools.workbook(from: try Self.chineseLists(of: tiny, into: root.appendingPathComponent("chinese")), to: good)
        #expect(CLI.run(["check", good.path]).status == 0, "the workbook the bad ones come from is good")
        let (file, message) = try kind.make(from: good, in: root)
        let out = root.appendingPathComponent("plan")
        let run = CLI.run(["solve", file.path, "--out", out.path, "--quiet"])
        #expect(run.status == 1)
        for words in message { #expect(run.errors.contains(words), "\(run.errors)") }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let imported = root.appendingPathComponent("imported")
        #expect(CLI.run(["import", file.path, "-o", imported.path]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: imported.path))
    }

    @Test func templateHasEverySheetChineseHeadersAndDropDowns() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let template = root.appendingPathComponent("模板.xlsx")
        #expect(CLI.run(["template", "-o", template.path]).status == 0)
        #expect(CLI.run(["template", "-o", template.path]).status == 1, "an existing file is kept without --force")
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(OfficeTools.openpyxl(["inspect", template.path]).utf8)) as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["说明", "设置", "学校", "教师", "需求", "历史", "固定", "距离"])
        func header(_ name: String) -> [String] {
            let sheet = sheets.first { $0["name"] as? String == name }
            let rows = sheet?["rows"] as? [[[String: Any]]] ?? []
            return rows.first?.map { $0["value"] as? String ?? "" } ?? []
        }
        #expect(header("教师").prefix(5) == ["工号", "姓名", "学校", "学科", "身份"])
        #expect(header("学校").prefix(3) == ["编号", "名称", "类型"])
        func sheet(_ name: String) -> [String: Any] { sheets.first { $0["name"] as? String == name } ?? [:] }
        // Drop-down lists on every coded column, to row 10,000 (南昌县 has about 5,000 teachers);
        // subjects only warn, since a subject outside the list may be typed.
        func lists(_ name: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: (sheet(name)["lists"] as? [[String: Any]] ?? []).map { ($0["cells"] as! String, $0["error"] as! String) })
        }
        #expect(lists("学校") == ["C2:C10000": "stop", "F2:F10000": "stop", "I2:I10000": "stop"])
        #expect(lists("教师") == ["D2:D10000": "warning", "E2:E10000": "stop", "G2:G10000": "stop", "K2:K10000": "stop", "M2:M10000": "stop"])
        #expect(lists("需求") == ["B2:B10000": "warning"])
        #expect(lists("历史") == ["F2:F10000": "stop"])
        #expect(lists("固定") == ["B2:B10000": "stop"])
        // Id columns are formatted as text, so that 工号 keeps its leading zeros.
        let textColumns: [String: [String]] = [
            "学校": ["A", "D", "E"], "教师": ["A", "C"], "需求": ["A"], "历史": ["A", "B", "C"],
            "固定": ["A", "C"], "距离": ["A", "B"],
        ]
        for (name, columns) in textColumns {
            let formats = sheet(name)["columnFormats"] as? [String: String] ?? [:]
            #expect(formats.filter { $0.value == "@" }.keys.sorted() == columns, "\(name): \(formats)")
        }
        // Every sheet prints landscape, one page wide, its header on every page.
        for name in ["说明", "设置", "学校", "教师", "需求", "历史", "固定", "距离"] {
            let print = sheet(name)
            #expect(print["orientation"] as? String == "landscape", "\(name)")
            #expect(print["fitToPage"] as? Bool == true && print["fitToWidth"] as? Int == 1 && print["fitToHeight"] as? Int == 0, "\(name)")
            #expect(print["printTitleRows"] as? String == "$1:$1", "\(name)")
        }
        // The default settings are there, so a filled-in template needs only the lists; empty, it says what is missing.
        // Role and subject lists are written in Chinese, as they read back.
        let settings = sheets.first { $0["name"] as? String == "设置" }?["rows"] as? [[[String: Any]]] ?? []
        #expect(settings.contains { $0.first?["value"] as? String == "policy.rotation.min_ratio" && $0[1]["value"] as? String == "0.1" })
        #expect(settings.contains { $0.first?["value"] as? String == "policy.rotation.lead_sends" && $0[1]["value"] as? String == "中层以上干部、骨干教师、普通教师" })
        // In the office's words: 键 and 值, flags as 是 or 否, every setting named and explained
        // (the exchange's settings were once all called objective weights).
        #expect(settings.first?.map { $0["value"] as? String } == ["键", "值", "名称", "说明"])
        func row(_ key: String) -> [String] { settings.first { $0.first?["value"] as? String == key }?.map { $0["value"] as? String ?? "" } ?? [] }
        #expect(row("policy.exchange.enabled") == ["policy.exchange.enabled", "否", "统筹区域交流", SettingWords.meanings["policy.exchange.enabled"]!])
        for setting in settings.dropFirst() {
            let key = setting.first?["value"] as? String ?? ""
            let meaning = setting.count > 3 ? setting[3]["value"] as? String ?? "" : ""
            #expect(!meaning.isEmpty && (key.hasPrefix("policy.weights.") || !meaning.contains("权重")), "\(key): \(meaning)")
            #expect(!["true", "false"].contains(setting[1]["value"] as? String ?? ""), "\(key)")
        }
        // LibreOffice prints each sheet on one page (before the print setup, 说明 and 设置 took 13 pages between them and the rest).
        try OfficeTools.convert(template, to: "pdf", into: root)
        let pdf = try String(decoding: Data(contentsOf: root.appendingPathComponent("模板.pdf")), as: UTF8.self)
        #expect(OfficeTools.pdfPages(pdf) == 8)
        let check = CLI.run(["check", template.path])
        #expect(check.status == 1)
        #expect(check.errors.contains("学校: 没有学校（只有表头）。 (has no schools"), "\(check.errors)")
    }
}

/// `rotaplan import` both ways, which needs no office program: a folder as one workbook in
/// Chinese, and that workbook back as the canonical folder, byte for byte.
@Suite struct WorkbookRoundTripTests {
    @Test func aFolderAsAWorkbookReadsBackAsTheSameScenario() throws {
        let root = try SpreadsheetTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let workbook = root.appendingPathComponent("安义县.xlsx")
        let written = CLI.run(["import", SpreadsheetTests.demo.path, "-o", workbook.path])
        #expect(written.status == 0, "\(written.errors)")
        let sheets = try WorkbookReader.read(workbook)
        #expect(sheets.map(\.name) == ["设置", "学校", "教师", "需求", "历史", "固定", "距离"])
        // Headers and coded values in Chinese, as the template has them.
        let teachers = try #require(sheets.first { $0.name == "教师" })
        #expect(teachers.rows[0].cells[4] == "身份")
        #expect(teachers.rows.dropFirst().allSatisfy { ["中层以上干部", "骨干教师", "后备干部", "普通教师"].contains($0.cells[4] ?? "") })
        #expect(CLI.run(["import", SpreadsheetTests.demo.path, "-o", workbook.path]).status == 1, "an existing file is kept")

        let fromWorkbook = root.appendingPathComponent("from-workbook")
        let fromFolder = root.appendingPathComponent("from-folder")
        #expect(CLI.run(["import", workbook.path, "-o", fromWorkbook.path]).status == 0)
        #expect(CLI.run(["import", SpreadsheetTests.demo.path, "-o", fromFolder.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: fromFolder.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: fromWorkbook.path).sorted() == names)
        for name in names {
            #expect(try Data(contentsOf: fromWorkbook.appendingPathComponent(name)) == Data(contentsOf: fromFolder.appendingPathComponent(name)), "\(name)")
        }
    }
}

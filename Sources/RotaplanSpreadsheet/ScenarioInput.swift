import Foundation
import RotaplanDomain

/// Where a scenario is read from: a folder of scenario.yaml and CSV files, an `.xlsx` workbook,
/// or a folder that holds a workbook as `scenario.xlsx` (docs/scenario.md "Spreadsheets").
/// Every command that reads a scenario goes through here; the tables it gives keep their
/// headers as written, and `ScenarioLoader` reads both kinds the same way.
public enum ScenarioInput {
    /// The sheets of a scenario workbook: each table under its English and its Chinese name.
    public static let sheets: [(table: String, names: [String])] = [
        ("settings", ["设置", "settings"]),
        ("schools.csv", ["学校", "schools"]),
        ("teachers.csv", ["教师", "teachers"]),
        ("demand.csv", ["需求", "demand"]),
        ("history.csv", ["历史", "history"]),
        ("pins.csv", ["固定", "pins"]),
        ("distances.csv", ["距离", "distances"]),
    ]

    /// Spreadsheet files rotaplan does not read, which an office saves as .xlsx in a moment.
    static let otherSpreadsheets: [String: (english: String, chinese: String)] = [
        "xls": ("an old binary Excel workbook (.xls)", "旧版 Excel 工作簿（.xls）"),
        "et": ("a WPS spreadsheet (.et)", "WPS 表格文件（.et）"),
        "ett": ("a WPS template (.ett)", "WPS 表格模板（.ett）"),
        "ods": ("an OpenDocument spreadsheet (.ods)", " OpenDocument 表格（.ods）"),
        "xlsb": ("a binary Excel workbook (.xlsb)", "Excel 二进制工作簿（.xlsb）"),
        "numbers": ("a Numbers document", " Numbers 文稿"),
    ]

    /// The scenario at `path`, read but not yet validated. `replacing` reads a table from a CSV
    /// file elsewhere (e.g. a later year's history.csv).
    public static func source(path: URL, replacing: [String: URL] = [:]) throws(ScenarioError) -> ScenarioSource {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory)
        var source: ScenarioSource
        if exists && !isDirectory.boolValue {
            let kind = path.pathExtension.lowercased()
            // .xls and .et go to the reader, which tells a password-protected .xlsx from an old workbook.
            guard ["xlsx", "xlsm", "xls", "et"].contains(kind) else {
                if let other = otherSpreadsheets[kind] { throw saveAsXLSX(path.lastPathComponent, other) }
                throw ScenarioError([
                    Problem(
                        file: path.path, "is neither a scenario folder nor an .xlsx workbook.",
                        hint: "Give the folder that holds scenario.yaml and the CSV files, or a workbook saved as .xlsx.",
                        chinese: "既不是方案文件夹，也不是 .xlsx 工作簿。",
                        chineseHint: "请给出存放 scenario.yaml 和 CSV 文件的文件夹，或另存为 .xlsx 的工作簿。"
                    ).shown(inChinese: true)
                ])
            }
            source = try workbook(path)
        } else if exists, FileManager.default.fileExists(atPath: path.appendingPathComponent("scenario.xlsx").path) {
            let csv = (ScenarioLoader.requiredFiles + ScenarioLoader.optionalFiles).filter {
                FileManager.default.fileExists(atPath: path.appendingPathComponent($0).path)
            }
            guard csv.isEmpty else {
                throw ScenarioError([
                    Problem(
                        file: path.lastPathComponent, "holds both scenario.xlsx and \(csv.joined(separator: ", ")); a scenario is one or the other.",
                        hint: "Keep the workbook or the files, so that two copies cannot disagree.",
                        chinese: "同时有 scenario.xlsx 和 \(WrittenText.chineseList(csv))；一个方案只能是其中一种。",
                        chineseHint: "请只保留工作簿或只保留这些文件，以免两份数据不一致。"
                    ).shown(inChinese: true)
                ])
            }
            source = try workbook(path.appendingPathComponent("scenario.xlsx"))
            source.location = path
        } else {
            if exists, !FileManager.default.fileExists(atPath: path.appendingPathComponent("scenario.yaml").path),
                let other = otherSpreadsheets.keys.sorted().first(where: {
                    FileManager.default.fileExists(atPath: path.appendingPathComponent("scenario.\($0)").path)
                })
            {
                throw saveAsXLSX("scenario.\(other)", otherSpreadsheets[other]!, folder: true)
            }
            if exists, !FileManager.default.fileExists(atPath: path.appendingPathComponent("scenario.yaml").path) {
                try officeFolder(path)
            }
            return try ScenarioLoader.source(folder: path, replacing: replacing)
        }
        // A replaced table (e.g. a later year's history) is a CSV file.
        for (name, url) in replacing {
            guard let data = try? Data(contentsOf: url) else {
                throw ScenarioError([Problem(file: url.path, "cannot be read.", chinese: "无法读取。")])
            }
            let replaced = ScenarioLoader.source(files: [name: data])
            source.tables[name] = replaced.tables[name]
            source.problems += replaced.problems.filter { $0.file == name }
            source.warnings += replaced.warnings
            source.named(name, as: url.relativePath)
        }
        return source
    }

    /// A folder without scenario.yaml as offices fill one: a workbook under its own name
    /// (`安义县.xlsx`), or the lists saved under their Chinese names (`教师.csv`). Each is
    /// told what to do with the files that are there, rather than that scenario.yaml is missing.
    static func officeFolder(_ folder: URL) throws(ScenarioError) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasPrefix("~$") }
        func refusal(_ english: String, _ chinese: String) -> ScenarioError {
            ScenarioError([Problem(file: folder.lastPathComponent, english, chinese: chinese).shown(inChinese: true)])
        }
        // A plan folder given where its scenario belongs (its plan.xlsx is no scenario).
        if names.contains("plan.json") {
            throw refusal(
                "is a plan folder (it holds plan.json), not a scenario: give the scenario the plan was made for.",
                "是方案结果文件夹（其中有 plan.json），不是方案数据：请给出编制该方案所用的数据（文件夹或工作簿）。")
        }
        let workbooks = names.filter { $0.lowercased().hasSuffix(".xlsx") }.sorted()
        if workbooks.count == 1 {
            let workbook = workbooks[0]
            throw refusal(
                "holds the workbook \(workbook) but no scenario.yaml: give the workbook itself (rotaplan check \(folder.lastPathComponent)/\(workbook)), or rename it scenario.xlsx.",
                "文件夹中有工作簿“\(workbook)”，但没有 scenario.yaml：请直接给出该工作簿（rotaplan check \(folder.lastPathComponent)/\(workbook)），或把它改名为 scenario.xlsx。")
        }
        let renames = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().compactMap { name -> (String, String)? in
            let stem = sheetKey(String(name.dropLast(4)))
            guard let table = sheets.first(where: { $0.table.hasSuffix(".csv") && $0.names.contains(stem) })?.table, table != name else { return nil }
            return (name, table)
        }
        guard !renames.isEmpty else { return }
        let english = renames.map { "\($0.0) → \($0.1)" }.joined(separator: ", ")
        let chinese = renames.map { "“\($0.0)”改名为 \($0.1)" }.joined(separator: "、")
        throw refusal(
            "holds the lists under their Chinese names and no scenario.yaml: rename \(english), and add scenario.yaml with the settings (`rotaplan template -o 模板.xlsx` writes a workbook with every sheet instead).",
            "文件夹中的名单使用了中文文件名，且没有 scenario.yaml：请把\(chinese)，并加上 scenario.yaml 写明设置（也可用 `rotaplan template -o 模板.xlsx` 生成含全部工作表的工作簿，改用工作簿）。")
    }

    /// "Save it as .xlsx", in Chinese first, for a spreadsheet rotaplan does not read.
    static func saveAsXLSX(_ file: String, _ kind: (english: String, chinese: String), folder: Bool = false) -> ScenarioError {
        let english = folder ? "is \(kind.english), and the folder has no scenario.yaml; rotaplan reads .xlsx." : "is \(kind.english); rotaplan reads .xlsx."
        let chinese = folder ? "是\(kind.chinese)，且文件夹中没有 scenario.yaml；rotaplan 只读取 .xlsx。" : "是\(kind.chinese)；rotaplan 只读取 .xlsx。"
        return WorkbookReader.failure(
            file, english, hint: WorkbookReader.saveAsXLSX.english + (folder ? " Name it scenario.xlsx." : ""),
            chinese: chinese, chineseHint: WorkbookReader.saveAsXLSX.chinese + (folder ? "文件名为 scenario.xlsx。" : ""))
    }

    /// Reads and validates the scenario at `path` (see `source(path:)`).
    public static func load(
        path: URL, overrides: [SettingOverride] = [], replacing: [String: URL] = [:], planningYear: Int? = nil
    ) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(source: try source(path: path, replacing: replacing), overrides: overrides, planningYear: planningYear)
    }

    /// A sheet name as matched: NFKC, spaces removed, English lowercased (` 教师 ` is 教师).
    static func sheetKey(_ name: String) -> String {
        WrittenText.headerKey(name).lowercased()
    }

    /// A scenario workbook as tables: the first row with two known column names is the header
    /// (title rows above it are left out), every row below with a value is a record.
    public static func workbook(_ url: URL) throws(ScenarioError) -> ScenarioSource {
        let sheets = try WorkbookReader.read(url)
        let file = url.lastPathComponent
        var problems: [Problem] = sheets.flatMap(\.problems)
        var warnings: [Problem] = []
        var tables: [String: CSVTable] = [:]
        var settings: ScenarioSource.SettingsText?
        var found: [String: String] = [:]
        for sheet in sheets {
            let key = sheetKey(sheet.name)
            guard let table = Self.sheets.first(where: { $0.names.contains(key) })?.table else { continue }
            if let first = found[table] {
                problems.append(
                    Problem(
                        file: file, "has two sheets for one table: \(first) and \(sheet.name); keep one.",
                        chinese: "有两个工作表对应同一张表：“\(first)”和“\(sheet.name)”；请只保留一个。"
                    ).shown(inChinese: true))
                continue
            }
            found[table] = sheet.name
            if sheet.hidden {
                warnings.append(
                    Problem(
                        file: sheet.name, "is a hidden sheet; it is read like the others.", chinese: "是隐藏的工作表，与其他工作表一样读取。"))
            }
            if table == "settings" {
                settings = .sheet(name: sheet.name, rows: settingRows(sheet, problems: &problems))
            } else {
                tables[table] = self.table(sheet, for: table, warnings: &warnings)
            }
        }
        let present = sheets.map(\.name)
        // A plan's own workbook given where its scenario belongs: one plain word, not four
        // missing sheets and a rename that would make nonsense of it.
        if found["settings"] == nil, found["teachers.csv"] == nil, present.contains(PlanSheetName.rotations) {
            throw ScenarioError([
                Problem(
                    file: file,
                    "is a plan's workbook (its sheet \(PlanSheetName.rotations) is a plan's list), not a scenario: give the scenario the plan was made for.",
                    chinese: "是方案结果工作簿（其中的“\(PlanSheetName.rotations)”是方案的名单），不是方案数据：请给出编制该方案所用的数据（文件夹或工作簿）。"
                ).shown(inChinese: true)
            ])
        }
        for required in ["settings", "schools.csv", "teachers.csv", "demand.csv"] where found[required] == nil {
            let names = Self.sheets.first { $0.table == required }!.names
            let similar = present.filter { name in found.values.contains(name) == false && names.contains { sheetKey(name).contains($0) } }
            var problem = Problem(
                file: file,
                "has no sheet \(names[0]) (or \(names[1])); a scenario workbook needs 设置, 学校, 教师 and 需求. Its sheets: \(present.joined(separator: ", ")).",
                hint: "`rotaplan template -o 模板.xlsx` writes an empty workbook with every sheet.",
                chinese: "没有“\(names[0])”工作表（或 \(names[1])）；方案工作簿须有 设置、学校、教师、需求 四个工作表。现有工作表：\(WrittenText.chineseList(present))。",
                chineseHint: "`rotaplan template -o 模板.xlsx` 可生成含全部工作表的空白模板。")
            if let close = similar.first {
                problem.hint = "Maybe the sheet '\(close)' is meant? Rename it \(names[0])."
                problem.chineseHint = "是否应为工作表“\(close)”？请改名为“\(names[0])”。"
            }
            problems.append(problem.shown(inChinese: true))
        }
        unreadSheets(sheets, found: found, problems: &problems, warnings: &warnings)
        let hash = (try? Data(contentsOf: url)).map(SHA256.hex) ?? ""
        return ScenarioSource(
            settings: settings, tables: tables, location: url, fileHashes: [file: hash], problems: problems, warnings: warnings)
    }

    /// Sheets a workbook may hold besides its tables without a word: the template's guide.
    static let guideSheets: Set<String> = ["说明", "readme"]

    /// Every sheet not read is named (docs/scenario.md "Read exactly, or refused"): with a
    /// warning, or as bad input when its name is near an optional table the workbook lacks
    /// (`固定安排` for 固定, `历史记录` for 历史), whose rows would otherwise be lost without a
    /// word. A sheet near a missing required table is named by that table's problem already.
    static func unreadSheets(_ sheets: [SheetCells], found: [String: String], problems: inout [Problem], warnings: inout [Problem]) {
        let read = Set(found.values)
        for sheet in sheets where !read.contains(sheet.name) && !guideSheets.contains(sheetKey(sheet.name)) {
            let key = sheetKey(sheet.name)
            let near = Self.sheets.first { table in
                found[table.table] == nil && !key.isEmpty && table.names.contains { key.contains($0) || $0.contains(key) }
            }
            switch near?.table {
            case "settings", "schools.csv", "teachers.csv", "demand.csv":
                continue
            case let table? where table == "history.csv" || table == "pins.csv" || table == "distances.csv":
                let names = near?.names ?? []
                problems.append(
                    Problem(
                        file: sheet.name,
                        "is not a sheet rotaplan reads; is it \(names[0]) (\(names[1]))? Rename it \(names[0]), or delete it if it is not, so that its rows are not left out without a word.",
                        chinese: "不是方案读取的工作表；是否应为“\(names[0])”？如是，请改名为“\(names[0])”；如不是，请删除该工作表，以免其中的内容被忽略而无人察觉。"
                    ).shown(inChinese: true))
            default:
                warnings.append(
                    Problem(
                        file: sheet.name, "is not read: a scenario workbook reads 设置, 学校, 教师, 需求, 历史, 固定 and 距离.",
                        chinese: "没有读取：方案工作簿只读 设置、学校、教师、需求、历史、固定、距离 七个工作表。"))
            }
        }
    }

    /// A sheet as a table of `table`'s columns (headers as written, cells named as the sheet has
    /// them); hidden rows are read, with a warning giving their count.
    static func table(_ sheet: SheetCells, for table: String, warnings: inout [Problem]) -> CSVTable {
        let headerIndex =
            sheet.rows.firstIndex { row in
                row.cells.values.filter { Vocabulary.field(ofHeader: $0, in: table) != nil }.count >= 2
            } ?? 0
        guard headerIndex < sheet.rows.count else { return CSVTable(file: sheet.name, header: [], records: [], columnLetters: []) }
        let headerRow = sheet.rows[headerIndex].cells
        let dataRows = sheet.rows[(headerIndex + 1)...]
        let lastColumn = max(headerRow.keys.max() ?? -1, dataRows.map { $0.cells.keys.max() ?? -1 }.max() ?? -1)
        let columns = Array(0...max(0, lastColumn))
        let header = columns.map { headerRow[$0] ?? "" }
        let records = dataRows.map { row in
            CSVRecord(number: row.number, fields: columns.map { row.cells[$0] ?? "" }, numberCells: sheet.numberCells[row.number] ?? [])
        }
        let hidden = records.map(\.number).filter(sheet.hiddenRows.contains)
        if !hidden.isEmpty {
            let listed = hidden.prefix(10).map(String.init)
            let more = hidden.count > 10 ? " …" : ""
            warnings.append(
                Problem(
                    file: sheet.name,
                    "\(hidden.count) hidden row\(hidden.count == 1 ? " is" : "s are") read like the others (rows \(listed.joined(separator: ", "))\(more)).",
                    hint: "Unhide them to check them; delete rows that should not count.",
                    chinese: "有 \(hidden.count) 行被隐藏（第 \(WrittenText.chineseList(listed))\(more) 行），与其他行一样读取。",
                    chineseHint: "请取消隐藏核对；不应计入的行请删除。"))
        }
        return CSVTable(
            file: sheet.name, header: header, records: records, columnLetters: columns.map(CellReference.letters),
            headerRow: sheet.rows[headerIndex].number)
    }

    /// The settings sheet's rows: a header of `key, value` (or 键, 值), then one setting a row.
    static func settingRows(_ sheet: SheetCells, problems: inout [Problem]) -> [ScenarioSource.SettingRow] {
        let keys: Set<String> = ["key", "键"]
        let values: Set<String> = ["value", "值"]
        let headerIndex = sheet.rows.firstIndex { row in
            row.cells.values.contains { keys.contains(sheetKey($0)) }
        }
        guard let headerIndex else {
            problems.append(
                Problem(
                    file: sheet.name, "has no header row 'key, value' (or 键, 值).", chinese: "没有表头“键、值”（或 key、value）。"
                ).shown(inChinese: true))
            return []
        }
        let header = sheet.rows[headerIndex].cells
        guard let keyColumn = header.first(where: { keys.contains(sheetKey($0.value)) })?.key,
            let valueColumn = header.first(where: { values.contains(sheetKey($0.value)) })?.key
        else {
            problems.append(
                Problem(
                    file: sheet.name, "has a 'key' column but no 'value' (值) column beside it.",
                    chinese: "有“键”列，但旁边没有“值”列。"
                ).shown(inChinese: true))
            return []
        }
        var rows: [ScenarioSource.SettingRow] = []
        for row in sheet.rows[(headerIndex + 1)...] {
            guard let key = row.cells[keyColumn], !key.trimmingCharacters(in: .whitespaces).isEmpty else {
                // A value without its key would be left out without a word: the default stays.
                if let value = row.cells[valueColumn], !value.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(
                        Problem(
                            file: sheet.name, row: row.number,
                            "has the value '\(value)' but no key: write the setting's key (e.g. policy.rotation.min_ratio) or delete the row.",
                            cell: "\(CellReference.letters(keyColumn))\(row.number)",
                            chinese: "有值“\(value)”但没有键：请填写设置的键（如 policy.rotation.min_ratio），或删除该行。"
                        ).shown(inChinese: true))
                }
                continue
            }
            rows.append(ScenarioSource.SettingRow(key: key, value: row.cells[valueColumn] ?? "", row: row.number))
        }
        return rows
    }
}

/// The sheet names of a plan's workbook (plan.xlsx) that a scenario workbook never has: named
/// here, where scenario workbooks are read, so that the writer and the reader share them.
public enum PlanSheetName {
    /// The published list.
    public static let rotations = "交流名单"
    /// The itinerant timetable.
    public static let itinerant = "走教安排"
}

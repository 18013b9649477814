import Foundation
import RotaplanDomain

/// Where a scenario is read from: a folder of scenario.yaml and CSV files, an `.xlsx` workbook,
/// or a folder that holds a workbook as `scenario.xlsx` (docs/scenario.md "Spreadsheets").
/// Every command that reads a scenario goes through here.
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

    /// The scenario at `path`, read but not yet validated. `replacing` reads a table from a CSV
    /// file elsewhere (e.g. a later year's history.csv).
    public static func source(path: URL, replacing: [String: URL] = [:]) throws(ScenarioError) -> ScenarioSource {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory)
        var source: ScenarioSource
        if exists && !isDirectory.boolValue {
            guard ["xlsx", "xlsm"].contains(path.pathExtension.lowercased()) || path.pathExtension.lowercased() == "xls" else {
                throw ScenarioError([Problem(
                    file: path.path, "is neither a scenario folder nor an .xlsx workbook.",
                    hint: "Give the folder that holds scenario.yaml and the CSV files, or a workbook saved as .xlsx.")])
            }
            source = try workbook(path)
        } else if exists, FileManager.default.fileExists(atPath: path.appendingPathComponent("scenario.xlsx").path) {
            let csv = (ScenarioLoader.requiredFiles + ScenarioLoader.optionalFiles).filter {
                FileManager.default.fileExists(atPath: path.appendingPathComponent($0).path)
            }
            guard csv.isEmpty else {
                throw ScenarioError([Problem(
                    file: path.lastPathComponent, "holds both scenario.xlsx and \(csv.joined(separator: ", ")); a scenario is one or the other.",
                    hint: "Keep the workbook or the files, so that two copies cannot disagree.")])
            }
            source = try workbook(path.appendingPathComponent("scenario.xlsx"))
            source.location = path
        } else {
            return try ScenarioLoader.source(folder: path, replacing: replacing)
        }
        // A replaced table (e.g. a later year's history) is a CSV file.
        for (name, url) in replacing {
            guard let data = try? Data(contentsOf: url) else {
                throw ScenarioError([Problem(file: url.path, "cannot be read.")])
            }
            let replaced = ScenarioLoader.source(files: [name: data])
            source.tables[name] = replaced.tables[name]
            source.problems += replaced.problems.filter { $0.file == name }
            source.warnings += replaced.warnings
        }
        return source
    }

    /// Reads and validates the scenario at `path` (see `source(path:)`).
    public static func load(
        path: URL, overrides: [SettingOverride] = [], replacing: [String: URL] = [:], planningYear: Int? = nil
    ) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(source: try source(path: path, replacing: replacing), overrides: overrides, planningYear: planningYear)
    }

    /// A scenario workbook as tables: the first row with two known column names is the header
    /// (title rows above it are left out), every row below with a value is a record.
    public static func workbook(_ url: URL) throws(ScenarioError) -> ScenarioSource {
        let sheets = try WorkbookReader.read(url)
        let file = url.lastPathComponent
        var problems: [Problem] = sheets.flatMap(\.problems)
        var tables: [String: CSVTable] = [:]
        var settings: ScenarioSource.SettingsText?
        var found: [String: String] = [:]
        for sheet in sheets {
            guard let table = Self.sheets.first(where: { $0.names.contains(sheet.name) })?.table else { continue }
            if let first = found[table] {
                problems.append(Problem(file: file, "has two sheets for one table: \(first) and \(sheet.name); keep one."))
                continue
            }
            found[table] = sheet.name
            if table == "settings" {
                settings = .sheet(name: sheet.name, rows: settingRows(sheet, problems: &problems))
            } else {
                tables[table] = self.table(sheet, for: table)
            }
        }
        for required in ["settings", "schools.csv", "teachers.csv", "demand.csv"] where found[required] == nil {
            let names = Self.sheets.first { $0.table == required }!.names
            problems.append(Problem(
                file: file, "has no sheet \(names[0]) (or \(names[1])); a scenario workbook needs 设置, 学校, 教师 and 需求.",
                hint: "`rotaplan template -o 模板.xlsx` writes an empty workbook with every sheet."))
        }
        let hash = (try? Data(contentsOf: url)).map(SHA256.hex) ?? ""
        return ScenarioSource(settings: settings, tables: tables, location: url, fileHashes: [file: hash], problems: problems)
    }

    /// A sheet as a table of `table`'s columns (headers in English, cells named as the sheet has them).
    static func table(_ sheet: SheetCells, for table: String) -> CSVTable {
        let known = Set(Vocabulary.columns[table]?.keys.map { $0 } ?? []).union(Vocabulary.columns[table]?.values.map { $0 } ?? [])
        let headerIndex = sheet.rows.firstIndex { row in row.cells.values.filter { known.contains($0) }.count >= 2 } ?? 0
        guard headerIndex < sheet.rows.count else { return CSVTable(file: sheet.name, header: [], records: [], columnLetters: []) }
        let headerRow = sheet.rows[headerIndex].cells
        let lastColumn = headerRow.keys.max() ?? -1
        let columns = Array(0...max(0, lastColumn))
        let header = columns.map { headerRow[$0] ?? "" }
        let records = sheet.rows[(headerIndex + 1)...].map { row in
            CSVRecord(number: row.number, fields: columns.map { row.cells[$0] ?? "" })
        }
        return CSVTable(file: sheet.name, header: header, records: records, columnLetters: columns.map(CellReference.letters))
            .withEnglishHeader(for: table)
    }

    /// The settings sheet's rows: a header of `key, value` (or 键, 值), then one setting a row.
    static func settingRows(_ sheet: SheetCells, problems: inout [Problem]) -> [ScenarioSource.SettingRow] {
        let headerIndex = sheet.rows.firstIndex { row in
            row.cells.values.contains { ["key", "键"].contains($0) }
        }
        guard let headerIndex else {
            problems.append(Problem(file: sheet.name, "has no header row 'key, value' (or 键, 值)."))
            return []
        }
        let header = sheet.rows[headerIndex].cells
        guard let keyColumn = header.first(where: { ["key", "键"].contains($0.value) })?.key,
            let valueColumn = header.first(where: { ["value", "值"].contains($0.value) })?.key
        else {
            problems.append(Problem(file: sheet.name, "has a 'key' column but no 'value' (值) column beside it."))
            return []
        }
        return sheet.rows[(headerIndex + 1)...].compactMap { row in
            guard let key = row.cells[keyColumn] else { return nil }
            return ScenarioSource.SettingRow(key: key, value: row.cells[valueColumn] ?? "", row: row.number)
        }
    }
}

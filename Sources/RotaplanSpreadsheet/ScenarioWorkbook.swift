import Foundation
import RotaplanDomain

/// A scenario as one workbook in the bureau's words (`rotaplan import SOURCE -o FILE.xlsx`):
/// the template's sheets and Chinese headers, coded values in Chinese, numbers as numbers, and
/// every setting in 设置. Reading it back gives the same scenario.
public enum ScenarioWorkbook {
    /// Columns written as numbers.
    static let numeric: Set<String> = [
        "lat", "lon", "years_at_school", "years_to_retirement", "max_periods", "teachers", "periods", "start_year", "end_year", "km",
    ]

    public static func data(_ scenario: Scenario) throws -> Data {
        var sheets: [SheetContent] = []
        let settings = scenario.settings.listed.map { key, value -> [SheetCell] in
            [.text(key), .text(value), .text(Template.settingMeanings[key] ?? "目标函数权重（见 docs/model.md）")]
        }
        sheets.append(SheetContent(name: "设置", header: ["key", "value", "说明"], rows: settings))
        // The canonical files rotaplan writes, read back: one source of truth for every column's text.
        let files = Dictionary(CanonicalFiles.files(scenario).map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
        let source = ScenarioLoader.source(files: files)
        guard source.problems.isEmpty else { throw ScenarioError(source.problems) }
        for table in Template.tables {
            guard let parsed = source.tables[table.file] else { continue }
            let columns = table.columns
            var choices: [Int: [String]] = [:]
            for (index, column) in columns.enumerated() { if let list = column.choices { choices[index] = list } }
            let rows = parsed.records.map { record in
                columns.map { column -> SheetCell in
                    let value = parsed.value(record, column.english)
                    if numeric.contains(column.english), let number = Double(value) { return .number(number) }
                    return .value(chinese(value, column: column.english, table: table.file))
                }
            }
            sheets.append(SheetContent(name: table.sheet, header: columns.map(\.header), rows: rows, choices: choices))
        }
        return try WorkbookWriter.data(sheets)
    }

    /// A coded value as the template's drop-down lists write it.
    static func chinese(_ value: String, column: String, table: String) -> String {
        switch (table, column) {
        case ("schools.csv", "kind"):
            SchoolKind(rawValue: value).map(Display.kind) ?? value
        case ("schools.csv", "level"):
            ["primary": "小学", "junior": "初中", "nine-year": "九年一贯制"][value] ?? value
        case (_, "subject"):
            // Only a name that reads back as the same key (道德与法治 is morality, not politics).
            Vocabulary.subject(Display.subject(value)) == value ? Display.subject(value) : value
        case ("teachers.csv", "role"):
            ["cadre": "中层以上干部", "backbone": "骨干教师", "reserve_cadre": "后备干部", "regular": "普通教师"][value] ?? value
        case (_, "rural"), (_, "volunteer"), (_, "itinerant"):
            ["yes": "是", "no": "否"][value] ?? value
        case ("teachers.csv", "available_days"):
            value.split(separator: ";").map { day in
                ["mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五"][String(day)] ?? String(day)
            }.joined(separator: "、")
        case ("history.csv", "kind"):
            ["rotation": "交流", "itinerant": "走教"][value] ?? value
        case ("pins.csv", "action"):
            ["stay": "留任", "rotate": "交流", "to": "指定"][value] ?? value
        default:
            value
        }
    }
}

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
        let settings = scenario.settings.listed.map { key, value in Template.settingRow(key, value) }
        sheets.append(Template.settingsSheet(settings))
        // The canonical files rotaplan writes, read back: one source of truth for every column's text.
        let files = Dictionary(CanonicalFiles.files(scenario).map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
        let source = ScenarioLoader.source(files: files)
        guard source.problems.isEmpty else { throw ScenarioError(source.problems) }
        for table in Template.tables {
            guard let parsed = source.tables[table.file] else { continue }
            let rows = parsed.records.map { record in
                table.columns.map { column -> SheetCell in
                    let value = parsed.value(record, column.english)
                    if numeric.contains(column.english), let number = Double(value) { return .number(number) }
                    return .value(chinese(value, column: column.english, table: table.file))
                }
            }
            sheets.append(Template.sheet(table, rows: rows))
        }
        return try WorkbookWriter.data(sheets)
    }

    /// A coded value as the template's drop-down lists write it (`Vocabulary`); a value outside
    /// the vocabulary as it is.
    static func chinese(_ value: String, column: String, table: String) -> String {
        switch (table, column) {
        case ("schools.csv", "kind"): Vocabulary.schoolKinds.name(value)
        case ("schools.csv", "level"): Vocabulary.levels.name(value)
        case (_, "subject"): Vocabulary.subjects.name(value)
        case ("teachers.csv", "role"): Vocabulary.roles.name(value)
        case (_, "rural"), (_, "volunteer"), (_, "itinerant"): value.isEmpty ? value : Vocabulary.yesNo.name(value)
        case ("teachers.csv", "available_days"):
            value.split(separator: ";").map { Vocabulary.weekdays.name(String($0)) }.joined(separator: "、")
        case ("history.csv", "kind"): Vocabulary.historyKinds.name(value)
        case ("pins.csv", "action"): Vocabulary.pinActions.name(value)
        default: value
        }
    }
}

import Foundation
import RotaplanDomain
import RotaplanSpreadsheet

/// Scenario files written as one `.xlsx` workbook by rotaplan's own writer, as an office types
/// them: a sheet per table under its Chinese name, text as text and every value that reads as
/// a number a number cell (so an 18-digit id is a number, as when typed into Excel), the
/// settings as key/value rows of 设置. For tests that read CSV folders and workbooks alike
/// without an office program.
extension ScenarioFiles {
    static let sheetNames = [
        "schools.csv": "学校", "teachers.csv": "教师", "demand.csv": "需求", "history.csv": "历史",
        "pins.csv": "固定", "distances.csv": "距离",
    ]

    /// Writes the workbook into a new temporary folder; `sheets` renames sheets (table → name).
    func writeWorkbook(named name: String = "tiny.xlsx", sheets: [String: String] = [:], moreSettings: [[SheetCell]] = []) throws -> URL {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        var contents = [SheetContent(name: sheets["settings"] ?? "设置", header: ["key", "value"], rows: settingRows() + moreSettings)]
        for table in ScenarioLoader.tableFiles {
            guard let text = files[table], let parsed = CSV.table(Data(text.utf8), file: table) else { continue }
            let rows = parsed.records.map { record in
                record.fields.map { field -> SheetCell in
                    if let number = Double(field), number.isFinite, !field.hasPrefix("+") { return .number(number) }
                    return .value(field)
                }
            }
            contents.append(SheetContent(name: sheets[table] ?? Self.sheetNames[table]!, header: parsed.header, rows: rows))
        }
        let url = parent.appendingPathComponent(name)
        try WorkbookWriter.data(contents).write(to: url)
        return url
    }

    /// Every non-empty line of a CSV file (header = index 0) rewritten, e.g. to add a column.
    func editingLines(_ name: String, _ edit: (Int, String) -> String) -> ScenarioFiles {
        with(name, files[name]!.split(separator: "\n").enumerated().map { edit($0.offset, String($0.element)) }.joined(separator: "\n") + "\n")
    }

    /// scenario.yaml's `key: value` lines as dotted keys (`policy.rotation.min_ratio`).
    private func settingRows() -> [[SheetCell]] {
        var rows: [[SheetCell]] = []
        var path: [String] = []
        for line in (files["scenario.yaml"] ?? "").split(separator: "\n") {
            let depth = line.prefix { $0 == " " }.count / 2
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let key = parts.first, !key.isEmpty, !key.hasPrefix("#") else { continue }
            path = Array(path.prefix(depth)) + [key]
            if parts.count == 2 && !parts[1].isEmpty { rows.append([.text(path.joined(separator: ".")), .text(parts[1])]) }
        }
        return rows
    }
}

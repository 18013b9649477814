import Foundation

/// A scenario as read, before it is validated: its settings and its tables, from a folder of
/// CSV files or from a workbook (docs/scenario.md). It can be validated more than once, e.g.
/// under each what-if variant's settings.
public struct ScenarioSource: Sendable {
    /// The settings: scenario.yaml's text, or the rows of a workbook's settings sheet.
    public enum SettingsText: Sendable {
        case yaml(String)
        case sheet(name: String, rows: [SettingRow])
    }

    /// One row of a settings sheet: a dotted key and its value, as `--set` takes them.
    public struct SettingRow: Sendable {
        public var key: String
        public var value: String
        public var row: Int

        public init(key: String, value: String, row: Int) {
            self.key = key
            self.value = value
            self.row = row
        }
    }

    public var settings: SettingsText?
    /// Tables by the name of the file they stand for (`teachers.csv`), headers as written (they
    /// are matched to fields when the scenario is validated, `ColumnHeaders`).
    public var tables: [String: CSVTable]
    /// Where it was read from: a folder (its name is checked against the slug) or a workbook.
    public var location: URL?
    /// SHA-256 of each file or of the workbook, for the audit record.
    public var fileHashes: [String: String]
    /// Problems found while reading (a file missing, a CSV that does not parse): reported with
    /// the validation's, all at once.
    public var problems: [Problem]
    public var warnings: [Problem]
    /// The history table comes from the county's ledger (docs/ledger.md): only secondments that
    /// started before the scenario's year count, and an ended one naming a teacher or school no
    /// longer in the scenario is skipped with a warning.
    public var historyFromLedger = false

    public init(
        settings: SettingsText?, tables: [String: CSVTable], location: URL?, fileHashes: [String: String], problems: [Problem] = [],
        warnings: [Problem] = []
    ) {
        self.settings = settings
        self.tables = tables
        self.location = location
        self.fileHashes = fileHashes
        self.problems = problems
        self.warnings = warnings
    }
}

extension ScenarioSource {
    /// Names the table `name` (and what reading it found) as `shown`: a file given in place of
    /// the scenario's (`ledger import DIR old-history.csv`) is the one the office must correct,
    /// not the scenario's own history.csv beside it.
    public mutating func named(_ name: String, as shown: String) {
        tables[name]?.file = shown
        for index in problems.indices where problems[index].file == name { problems[index].file = shown }
        for index in warnings.indices where warnings[index].file == name { warnings[index].file = shown }
    }

    /// Whether the scenario is written in Chinese (a table's headers, a sheet's name): then its
    /// problems and warnings are shown in Chinese first (docs/scenario.md "Read exactly, or refused").
    public var isChinese: Bool {
        if case .sheet(let name, _)? = settings, WrittenText.isChinese(name) { return true }
        return tables.values.contains { $0.isChinese }
    }
}

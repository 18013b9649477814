import Foundation
import RotaplanDomain
import RotaplanSpreadsheet

extension Ledger {
    /// The file name problems and warnings give for rows that come from the ledger.
    public static let fileName = "ledger.sqlite"

    /// `ledger.sqlite` beside a scenario: in its folder, or beside its workbook.
    public static func defaultLocation(forScenario scenario: URL) -> URL {
        var isFolder: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: scenario.path, isDirectory: &isFolder) && isFolder.boolValue
            ? scenario : scenario.deletingLastPathComponent()
        return folder.appendingPathComponent(fileName)
    }

    /// history.csv's columns (docs/scenario.md).
    static let historyHeader = ["teacher", "from", "to", "start_year", "end_year", "kind"]

    /// The secondments that count and were not cancelled, as history.csv rows.
    public func historyRows() throws(LedgerError) -> [[String]] {
        try secondments().filter { $0.status != .cancelled }.map { record in
            [record.line.teacher, record.line.fromSchool, record.line.toSchool, String(record.line.startYear),
             String(record.line.endYear), "rotation"]
        }
    }

    /// `ledger history`: the ledger as history.csv, for the next year's scenario.
    public func historyCSV() throws(LedgerError) -> Data {
        CSV.format(header: Self.historyHeader, rows: try historyRows())
    }

    /// A scenario's source with its history taken from this ledger (docs/ledger.md): a
    /// history.csv or 历史 sheet beside the ledger is bad input, so that two records cannot
    /// disagree.
    public func attach(to source: inout ScenarioSource) throws(LedgerError) {
        if let history = source.tables["history.csv"] {
            source.problems.append(Problem(
                file: history.file,
                "and \(url.lastPathComponent) are both here; a scenario with a ledger takes its history from the ledger, so that two records cannot disagree.",
                hint: "Bring the file in once with `rotaplan ledger import \(history.file)`, then remove it."))
            return
        }
        let records = try historyRows().enumerated().map { index, fields in CSVRecord(number: index + 2, fields: fields) }
        source.tables["history.csv"] = CSVTable(file: url.lastPathComponent, header: Self.historyHeader, records: records)
        source.historyFromLedger = true
        source.fileHashes[url.lastPathComponent] = SHA256.hex(try historyCSV())
    }
}

/// Where every command and the workstation read a scenario: a folder or workbook
/// (`ScenarioInput`), its history taken from the county's ledger when there is one.
public enum ScenarioOpening {
    /// The scenario at `path`, its history from `ledger` (or `ledger.sqlite` beside it) unless a
    /// `history` file replaces it; `extraPins` are pins beside the scenario's own (the workstation's
    /// objections, read as objections.csv).
    public static func source(
        _ path: URL, history: URL? = nil, ledger: URL? = nil, extraPins: CSVTable? = nil
    ) throws(ScenarioError) -> ScenarioSource {
        var source = try ScenarioInput.source(path: path, replacing: history.map { ["history.csv": $0] } ?? [:])
        if let extraPins { add(extraPins, to: &source) }
        let ledgerURL = ledger ?? Ledger.defaultLocation(forScenario: path)
        guard history == nil, FileManager.default.fileExists(atPath: ledgerURL.path) else { return source }
        do {
            let opened = try Ledger.open(ledgerURL, create: false, access: .read)
            try opened.attach(to: &source)
        } catch {
            throw ScenarioError([Problem(file: ledgerURL.lastPathComponent, "cannot give the history: \(error.description)")])
        }
        return source
    }

    /// Objections kept beside the scenario's own pins, under their own name, so that messages
    /// say `objections.csv:2` for them.
    static func add(_ pins: CSVTable, to source: inout ScenarioSource) {
        let table = pins.withEnglishHeader(for: "pins.csv")
        source.tables[ScenarioLoader.objectionsTable] = CSVTable(
            file: ScenarioLoader.objectionsTable, header: table.header, records: table.records)
    }
}

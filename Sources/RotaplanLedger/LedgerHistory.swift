import Foundation
import RotaplanDomain
import RotaplanSpreadsheet

extension Ledger {
    /// The file name problems and warnings give for rows that come from the ledger.
    public static let fileName = "ledger.sqlite"

    /// The ledger of a scenario given without `--ledger` (docs/ledger.md "Which ledger"):
    /// `ledger.sqlite` in its folder (or beside its workbook); else, for a data version of a
    /// workstation's workspace (`ROOT/<slug>/data/<n>/`), the county's `ROOT/<slug>/ledger.sqlite`,
    /// so that a command run by hand on a data version reads and writes the county's one ledger.
    public static func defaultLocation(forScenario scenario: URL) -> URL {
        var isFolder: ObjCBool = false
        let folder =
            FileManager.default.fileExists(atPath: scenario.path, isDirectory: &isFolder) && isFolder.boolValue
            ? scenario : scenario.deletingLastPathComponent()
        let beside = folder.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        let version = folder.standardizedFileURL
        let data = version.deletingLastPathComponent()
        if !version.lastPathComponent.isEmpty, version.lastPathComponent.allSatisfy(\.isASCII), Int(version.lastPathComponent) != nil,
            data.lastPathComponent == "data"
        {
            return data.deletingLastPathComponent().appendingPathComponent(fileName)
        }
        return beside
    }

    /// history.csv's columns (docs/scenario.md).
    static let historyHeader = ["teacher", "from", "to", "start_year", "end_year", "kind"]

    /// The secondments that count and were not cancelled, as history.csv rows.
    public func historyRows() throws(LedgerError) -> [[String]] {
        try secondments().filter { $0.status != .cancelled }.map { record in
            [
                record.line.teacher, record.line.fromSchool, record.line.toSchool, String(record.line.startYear),
                String(record.line.endYear), record.line.historyKind.rawValue,
            ]
        }
    }

    /// `ledger history`: the ledger as history.csv, for the next year's scenario.
    public func historyCSV() throws(LedgerError) -> Data {
        CSV.format(header: Self.historyHeader, rows: try historyRows())
    }

    /// A scenario's source with its history taken from this ledger (docs/ledger.md): a
    /// history.csv or 历史 sheet beside it is ignored, with a warning that lists its rows that
    /// disagree with the ledger (so that a workbook that still carries 历史 is not refused).
    /// A ledger without events holds no record yet: the scenario's own history then stands.
    public func attach(to source: inout ScenarioSource) throws(LedgerError) {
        let rows = try historyRows()
        if let history = source.tables["history.csv"] {
            guard try head() != nil else { return }
            source.warnings += Self.disagreements(history, with: rows, ledger: url.lastPathComponent)
            source.fileHashes["history.csv"] = nil
        }
        let records = rows.enumerated().map { index, fields in CSVRecord(number: index + 2, fields: fields) }
        source.tables["history.csv"] = CSVTable(file: url.lastPathComponent, header: Self.historyHeader, records: records)
        source.historyFromLedger = true
        source.fileHashes[url.lastPathComponent] = SHA256.hex(CSV.format(header: Self.historyHeader, rows: rows))
    }

    /// How many disagreeing rows a warning lists one by one.
    static let disagreementsListed = 50

    /// The warning for a history kept beside the ledger: that it is ignored, then each of its
    /// rows the ledger does not hold as written (what the ledger has for that teacher and
    /// start year, or that it has nothing).
    static func disagreements(_ written: CSVTable, with ledgerRows: [[String]], ledger: String) -> [Problem] {
        // Read as the scenario reader reads it: headers in any of their written forms.
        let table = written.withEnglishHeader(for: "history.csv")
        func year(_ text: String) -> String { Double(text).map { String(Int($0)) } ?? text }
        let held = Set(ledgerRows)
        let byStart = Dictionary(grouping: ledgerRows, by: { "\($0[0])|\($0[3])" })
        var listed: [Problem] = []
        // Itinerant rows are a record only (SCENARIO.md): the ledger keeps visits as weekly
        // assignments, not as history, so they are not compared.
        var itinerant = 0
        for record in table.records {
            let kind = table.value(record, "kind")
            let fields = [
                table.value(record, "teacher"), table.value(record, "from"), table.value(record, "to"),
                year(table.value(record, "start_year")), year(table.value(record, "end_year")),
                kind.isEmpty ? HistoryKind.rotation.rawValue : Vocabulary.historyKinds.code(kind) ?? kind,
            ]
            if fields[5] == HistoryKind.itinerant.rawValue {
                itinerant += 1
                continue
            }
            guard !held.contains(fields) else { continue }
            let row = "\(fields[0]) \(fields[1]) → \(fields[2]) \(fields[3])–\(fields[4])\(fields[5] == HistoryKind.rotation.rawValue ? "" : " (\(fields[5]))")"
            let message: String
            let chinese: String
            if let other = byStart["\(fields[0])|\(fields[3])"]?.first {
                message = "\(row): the ledger has \(other[1]) → \(other[2]) \(other[3])–\(other[4])."
                chinese = "\(row)：台账中为 \(other[1]) → \(other[2]) \(other[3])–\(other[4])。"
            } else {
                message = "\(row): not in the ledger."
                chinese = "\(row)：台账中没有这条记录。"
            }
            listed.append(
                Problem(
                    file: table.file, row: record.number, message, cell: table.cell(row: record.number, position: table.header.firstIndex(of: "teacher")),
                    chinese: chinese))
        }
        let compared = table.records.count - itinerant
        var text = "ignored: the scenario takes its history from \(ledger), the county's record. "
        if itinerant > 0 {
            text += "Its \(itinerant) itinerant (走教) \(itinerant == 1 ? "row is" : "rows are") a record only, not compared; "
            text +=
                listed.isEmpty
                ? "its \(compared) other rows all agree with the ledger." : "\(listed.count) of its \(compared) other rows disagree with the ledger:"
        } else {
            text += listed.isEmpty ? "Its \(compared) rows all agree with the ledger." : "\(listed.count) of its \(compared) rows disagree with the ledger:"
        }
        // The same in the office's words (the workstation shows these).
        var chinese = "未采用：历史以本县台账为准。"
        if itinerant > 0 {
            chinese += "其中 \(itinerant) 条走教记录只作记录，不比对；"
            chinese += listed.isEmpty ? "其余 \(compared) 条都与台账一致。" : "其余 \(compared) 条中有 \(listed.count) 条与台账不一致："
        } else {
            chinese += listed.isEmpty ? "这 \(compared) 条都与台账一致。" : "\(compared) 条中有 \(listed.count) 条与台账不一致："
        }
        let summary = Problem(
            file: table.file, text,
            hint: listed.isEmpty
                ? nil : "`rotaplan ledger history` prints the ledger's history; record a change with `rotaplan ledger amend`, or remove the file (sheet).",
            chinese: chinese,
            chineseHint: listed.isEmpty ? nil : "台账的历史见“台账”页（rotaplan ledger history）；实际情况有变请在台账中登记（rotaplan ledger amend），或删除此文件（工作表）。")
        var warnings = [summary] + listed.prefix(disagreementsListed)
        if listed.count > disagreementsListed {
            let more = listed.count - disagreementsListed
            warnings.append(
                Problem(file: table.file, "… and \(more) more rows that disagree with the ledger.", chinese: "……另有 \(more) 条与台账不一致。"))
        }
        return warnings
    }
}

/// The county's ledger as the history of a scenario (docs/ledger.md "Scenarios read their
/// history from the ledger"): what `ScenarioOpening` asks for when it reads a scenario.
public struct LedgerHistorySource: ScenarioHistoryRecord {
    public let url: URL

    /// The ledger at `url` (`--ledger`), or the one beside `scenario`; nil when there is none.
    public static func at(_ url: URL?, forScenario scenario: URL) -> LedgerHistorySource? {
        let location = url ?? Ledger.defaultLocation(forScenario: scenario)
        return FileManager.default.fileExists(atPath: location.path) ? LedgerHistorySource(url: location) : nil
    }

    public func attach(to source: inout ScenarioSource) throws(ScenarioError) {
        do {
            try Ledger.open(url, create: false, access: .read).attach(to: &source)
        } catch {
            throw ScenarioError([Problem(file: url.lastPathComponent, "cannot give the history: \(error.description)")])
        }
    }
}

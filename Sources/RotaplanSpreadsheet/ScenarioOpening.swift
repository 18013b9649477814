import Foundation
import RotaplanDomain

/// A county's record of secondments that gives a scenario its history in place of its own
/// (the ledger, docs/ledger.md): the readers ask for it and never open it themselves.
public protocol ScenarioHistoryRecord: Sendable {
    /// Puts the record's history into `source`; a problem reading it is bad input.
    func attach(to source: inout ScenarioSource) throws(ScenarioError)
}

/// Where every command and the workstation read a scenario: a folder or workbook
/// (`ScenarioInput`), its history from the county's record when there is one.
public enum ScenarioOpening {
    /// The scenario at `path`; its history from `record` unless a `history` file replaces it;
    /// `extraPins` are pins beside the scenario's own (the workstation's objections, read as
    /// objections.csv).
    public static func source(
        _ path: URL, history: URL? = nil, record: (any ScenarioHistoryRecord)? = nil, extraPins: CSVTable? = nil
    ) throws(ScenarioError) -> ScenarioSource {
        var source = try ScenarioInput.source(path: path, replacing: history.map { ["history.csv": $0] } ?? [:])
        if let extraPins { add(extraPins, to: &source) }
        if history == nil, let record { try record.attach(to: &source) }
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

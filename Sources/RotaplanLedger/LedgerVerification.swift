import Foundation
import GRDB
import RotaplanDomain

/// What `rotaplan ledger verify` found (docs/ledger.md "Tamper-evident"): SQLite's own check,
/// the hash chain, every row against a fresh replay of the events, and the head given.
public struct LedgerVerification: Sendable {
    /// Where the head given with `--head` stands in the chain.
    public enum Anchor: Sendable {
        /// The chain ends in it.
        case end
        /// The chain passes through it at `event`; `since` were recorded after it.
        case passed(event: LedgerEvent, since: [LedgerEvent])
        /// The head of the ledger that a restore replaced (`restore`, the event that recorded
        /// it); the events after the restored backup are kept in the backup it names.
        case replacedByRestore(event: LedgerEvent)
        /// No event's chain hash begins with it.
        case notFound(String)
    }

    public var file: URL
    /// `PRAGMA integrity_check`'s answer: `["ok"]` for a sound file.
    public var integrity: [String]
    /// Each damage found, naming the event and the row and what differs.
    public var damage: [String]
    public var events: Int
    public var secondments: Int
    public var assignments: Int
    public var head: LedgerHead?
    public var anchor: Anchor?

    public var isSound: Bool { damage.isEmpty }

    /// The verdict for a person: what was checked, or each damage found.
    public var text: String {
        var lines: [String] = []
        if isSound {
            lines.append("\(file.path): sound.")
        } else {
            lines.append("\(file.path): DAMAGED — \(damage.count) problem\(damage.count == 1 ? "" : "s") found:")
            lines += damage.map { "  " + $0 }
        }
        lines.append("  integrity_check: \(integrity.prefix(5).joined(separator: "; "))")
        lines.append("  chain: \(events) events checked from the first" + (isSound ? ", each hash as recorded" : ""))
        lines.append(
            "  rows: \(secondments) secondments and \(assignments) assignments compared with a fresh replay of the events" + (isSound ? ": equal" : ""))
        if let head {
            lines.append("  head: \(head.short) (event \(head.event))")
        } else {
            lines.append("  head: none (no events yet)")
        }
        switch anchor {
        case .end?:
            lines.append("  --head: the chain ends in it.")
        case .passed(let event, let since)?:
            lines.append(
                "  --head: the chain passes through it at event \(event.id ?? 0) (\(event.kind.chineseName) \(LedgerReport.localTime(event.at)) 北京时间); \(since.count) event\(since.count == 1 ? "" : "s") recorded after it:"
            )
            lines += since.map {
                "    event \($0.id ?? 0): \($0.kind.rawValue)（\($0.kind.chineseName)） \(LedgerReport.localTime($0.at)) by \(LedgerReport.who($0))"
            }
        case .replacedByRestore(let event)?:
            let detail = event.details
            lines.append(
                "  --head: 是第 \(event.id ?? 0) 条事件（恢复，\(LedgerReport.localTime(event.at)) 北京时间，\(LedgerReport.who(event))）所替换的台账的校验码；替换前的台账已另存为备份\(detail?.keptAs.map { "：\(URL(fileURLWithPath: $0).lastPathComponent)" } ?? "")。"
                    + " (it is the head of the ledger the restore at event \(event.id ?? 0) replaced\(detail?.restoredFrom.map { " with \(URL(fileURLWithPath: $0).lastPathComponent)" } ?? ""); that ledger was kept\(detail?.keptAs.map { " as \(URL(fileURLWithPath: $0).lastPathComponent)" } ?? "").)"
            )
        case .notFound?, nil:
            break
        }
        if case .notFound? = anchor {
            lines.append(
                "First check the head against where it was kept (what publish printed, the published list's 说明, a backup's .head file): a head copied wrong is not found either. 请先核对校验码是否抄错。"
            )
        }
        if !isSound {
            lines.append("Restore the last sound backup: `rotaplan ledger restore ledger-backups/…` (the head of each is in the .head file beside it).")
        }
        return lines.joined(separator: "\n")
    }
}

extension Ledger {
    /// Checks the file (docs/ledger.md "Tamper-evident"): `integrity_check`, the hash chain from
    /// the first event, every secondment, assignment, publication and county row against a
    /// fresh replay of the records the events carry, and with `expectedHead` (16 to 64 hex
    /// digits) that the chain passes through it. Only reads.
    public func verify(expectedHead: String? = nil) throws(LedgerError) -> LedgerVerification {
        var result = LedgerVerification(file: url, integrity: [], damage: [], events: 0, secondments: 0, assignments: 0)
        do {
            try pool.read { db in try Self.verify(db, expectedHead: expectedHead, into: &result) }
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            result.damage.append("the file cannot be read to the end: \(error.message ?? "corrupt")")
        } catch {
            throw Self.describe(error, url: url)
        }
        return result
    }

    /// Whether `event` is a restore that replaced a ledger whose head began with `head` (the
    /// restore records the replaced head's first 16 hex digits).
    static func restore(_ event: LedgerEvent, replaced head: String) -> Bool {
        guard event.kind == .restore, let replaced = event.details?.replacedHead?.lowercased(), !replaced.isEmpty else { return false }
        let given = head.lowercased()
        return given.count <= replaced.count ? replaced.hasPrefix(given) : given.hasPrefix(replaced)
    }

    static func verify(_ db: Database, expectedHead: String?, into result: inout LedgerVerification) throws {
        result.integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        if result.integrity != ["ok"] {
            result.damage.append("integrity_check: " + result.integrity.prefix(10).joined(separator: "; "))
        }
        var expected = Replay()
        var previous = LedgerChain.genesis
        var previousID: Int64 = 0
        var chain: [(event: LedgerEvent, sha256: String)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY id")
        while let row = try rows.next() {
            result.events += 1
            let event: LedgerEvent
            do {
                event = try LedgerEvent(row: row)
            } catch {
                result.damage.append("event \(row["id"] as Int64? ?? 0): cannot be read (\(error)); it was changed by hand.")
                continue
            }
            let id = event.id ?? 0
            let name = "event \(id) (\(event.kind.rawValue)\(event.value.map { " \($0)" } ?? "") \(event.at) by \(event.actor))"
            if id != previousID + 1 {
                result.damage.append(
                    previousID + 1 == id - 1
                        ? "event \(previousID + 1) is missing: it was deleted." : "events \(previousID + 1)–\(id - 1) are missing: they were deleted.")
            }
            previousID = id
            let payload: String? = row["payload"]
            let content: String? = row["content_sha256"]
            let before: String? = row["previous_sha256"]
            let link: String? = row["chain_sha256"]
            if content != LedgerChain.contentHash(event, payload: payload) {
                result.damage.append("\(name): its content no longer matches the hash recorded with it: the event or the records it carries were changed.")
            }
            if before != previous {
                result.damage.append("\(name): does not follow the event before it in the chain: an event before it was removed, added or changed.")
            }
            if link != LedgerChain.link(previous: before ?? "", content: content ?? "") {
                result.damage.append("\(name): its chain hash is not the hash of its content and the event before.")
            }
            previous = link ?? ""
            chain.append((event, link ?? ""))
            if let payload {
                do {
                    expected.add(try PublicationRecords.decode(payload), event: id)
                } catch {
                    result.damage.append("\(name): the records it carries cannot be read: they were changed.")
                }
            } else if [.publish, .replace, .import].contains(event.kind) {
                result.damage.append("\(name): carries no records, yet a publication records its rows.")
            }
            if LedgerEvent.Kind.amendments.contains(event.kind) {
                expected.amendments.append((id, event.secondmentId))
            }
        }
        for (event, secondment) in expected.amendments {
            if secondment.flatMap({ expected.secondments[$0] }) == nil {
                result.damage.append("event \(event): amends secondment \(secondment.map(String.init) ?? "(none)"), which no event recorded.")
            }
        }
        result.head = chain.last.map { LedgerHead(event: $0.event.id ?? 0, sha256: $0.sha256) }
        if let expectedHead {
            if let index = chain.lastIndex(where: { $0.sha256.hasPrefix(expectedHead.lowercased()) }) {
                result.anchor = index == chain.count - 1 ? .end : .passed(event: chain[index].event, since: chain[(index + 1)...].map(\.event))
            } else if let restore = chain.last(where: { Self.restore($0.event, replaced: expectedHead) }) {
                // A head kept before a restore (as a write told the office to) is not damage:
                // the restore event, itself in the chain, records the head it replaced.
                result.anchor = .replacedByRestore(event: restore.event)
            } else {
                result.anchor = .notFound(expectedHead)
                result.damage.append(
                    "--head \(expectedHead): no event of the chain ends in it (the chain ends in \(result.head?.short ?? "nothing")): the events up to it were changed or removed, or it is the head of another ledger."
                )
            }
        }
        try compare(db, table: "county", key: "slug", expected: expected.county.map { [$0.slug: ($0, expected.countyEvent)] } ?? [:], into: &result.damage) {
            _ in
            "the county"
        }
        try compare(db, table: "publication", key: "id", expected: expected.publications, into: &result.damage) { row in
            "publication \(row.id ?? 0) (\(row.kind) \(row.year.map(String.init) ?? ""))"
        }
        result.secondments = try compare(db, table: "secondment", key: "id", expected: expected.secondments, into: &result.damage) { row in
            "secondment \(row.id ?? 0) (\(row.teacher) \(row.startYear)–\(row.endYear), \(row.fromSchool) → \(row.toSchool))"
        }
        result.assignments = try compare(db, table: "assignment", key: "id", expected: expected.assignments, into: &result.damage) { row in
            "assignment \(row.id ?? 0) (\(row.teacher) \(row.day) at \(row.school))"
        }
    }

    /// What a fresh replay of the events puts in each table, with the event that recorded each row.
    struct Replay {
        var county: CountyRow?
        var countyEvent: Int64 = 0
        var publications: [Int64: (PublicationRow, Int64)] = [:]
        var secondments: [Int64: (SecondmentRow, Int64)] = [:]
        var assignments: [Int64: (AssignmentRow, Int64)] = [:]
        var amendments: [(event: Int64, secondment: Int64?)] = []

        mutating func add(_ records: PublicationRecords, event: Int64) {
            if county == nil { (county, countyEvent) = (records.county, event) }
            if let id = records.publication.id { publications[id] = (records.publication, event) }
            for row in records.secondments { if let id = row.id { secondments[id] = (row, event) } }
            for row in records.assignments { if let id = row.id { assignments[id] = (row, event) } }
        }
    }

    /// Compares every row of `table` with the replay: a row no event recorded, a row an event
    /// recorded that is gone, and each column that differs, named with the event. Returns the
    /// number of rows in the table.
    @discardableResult
    static func compare<Record: FetchableRecord & EncodableRecord & Equatable, Key: DatabaseValueConvertible & Hashable>(
        _ db: Database, table: String, key: String, expected: [Key: (Record, Int64)], into damage: inout [String],
        describe: (Record) -> String
    ) throws -> Int {
        var seen = Set<Key>()
        var count = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
        while let row = try rows.next() {
            count += 1
            guard let id = Key.fromDatabaseValue(row[key]), let (record, event) = expected[id] else {
                let shown = (try? Record(row: row)).map(describe) ?? "\(table) row \(row[key] as DatabaseValue)"
                damage.append("\(shown): no event recorded this row; it was added by hand, or its event deleted.")
                continue
            }
            seen.insert(id)
            if let stored = try? Record(row: row), stored == record { continue }
            let values = try record.databaseDictionary
            let differences = row.columnNames.compactMap { column -> String? in
                let found: DatabaseValue = row[column]
                let recorded = values[column] ?? .null
                return Self.same(found, recorded) ? nil : "\(column) is \(Self.shown(found)); event \(event) recorded \(Self.shown(recorded))"
            }
            guard !differences.isEmpty else { continue }
            damage.append("\(describe(record)), recorded by event \(event): " + differences.joined(separator: ", ") + ".")
        }
        for (id, (record, event)) in expected where !seen.contains(id) {
            damage.append("\(describe(record)), recorded by event \(event): is gone from the \(table) table; it was deleted by hand.")
        }
        return count
    }

    static func same(_ a: DatabaseValue, _ b: DatabaseValue) -> Bool {
        switch (a.storage, b.storage) {
        case (.int64(let x), .double(let y)), (.double(let y), .int64(let x)): Double(x) == y
        default: a == b
        }
    }

    static func shown(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .string(let text): "'\(text)'"
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .blob(let data): "a blob of \(data.count) bytes"
        }
    }
}

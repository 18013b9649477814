import Foundation
import GRDB
import RotaplanDomain

/// The end of the ledger's hash chain: the last event and its chain hash (docs/ledger.md
/// "Tamper-evident"). People carry its first 16 hex digits outside the file (printed by every
/// publish and amend, beside each backup, on the ledger's lists) to anchor the chain.
public struct LedgerHead: Sendable, Hashable {
    /// The last event's id.
    public var event: Int64
    /// Its chain hash, 64 hex digits.
    public var sha256: String

    /// The 16 hex digits people copy.
    public var short: String { String(sha256.prefix(16)) }

    /// Whether `hex` (16 to 64 hex digits, as printed) names this head.
    public func matches(_ hex: String) -> Bool { sha256.hasPrefix(hex.lowercased()) }
}

/// The records a publication or an import event carries (its `payload` column): the county,
/// the publication row and every secondment and assignment row it inserted, ids included.
/// A fresh replay of these is what the tables must hold.
struct PublicationRecords: Codable, Sendable {
    var county: CountyRow
    var publication: PublicationRow
    var secondments: [SecondmentRow]
    var assignments: [AssignmentRow]

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> PublicationRecords {
        try JSONDecoder().decode(PublicationRecords.self, from: Data(text.utf8))
    }
}

/// The hash chain: how an event's content is written down for hashing, how each event links
/// to the one before, and appending an event at the end.
enum LedgerChain {
    /// The "event before" the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// Every field of the event (its id included) and the records it carries, each written as
    /// `name=` and a length-prefixed value, so that no two contents read alike.
    static func content(_ event: LedgerEvent, payload: String?) -> String {
        var text = "rotaplan ledger event 1\n"
        func add(_ name: String, _ value: String?) {
            text += name
            if let value { text += "=\(value.utf8.count):\(value)\n" } else { text += "~\n" }
        }
        func add(_ name: String, _ value: Int64?) { add(name, value.map { String($0) }) }
        add("id", event.id)
        add("kind", event.kind.rawValue)
        add("at", event.at)
        add("actor", event.actor)
        add("channel", event.channel)
        add("person", event.person)
        add("command", event.command)
        add("note", event.note)
        add("publication_id", event.publicationId)
        add("teacher", event.teacher)
        add("start_year", event.startYear.map(Int64.init))
        add("value", event.value.map(Int64.init))
        add("secondment_id", event.secondmentId)
        add("school", event.school)
        add("replacement", event.replacement)
        add("detail", event.detail)
        add("payload", payload)
        return text
    }

    static func contentHash(_ event: LedgerEvent, payload: String?) -> String {
        SHA256.hex(content(event, payload: payload).utf8)
    }

    /// An event's chain hash: the hash of the chain hash before it and its own content hash.
    static func link(previous: String, content: String) -> String {
        SHA256.hex("rotaplan ledger chain 1\n\(previous)\n\(content)\n".utf8)
    }

    /// The last event and its chain hash; nil for a ledger without events.
    static func head(_ db: Database) throws -> LedgerHead? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, chain_sha256 FROM event ORDER BY id DESC LIMIT 1") else { return nil }
        return LedgerHead(event: row["id"], sha256: row["chain_sha256"] ?? "")
    }

    /// The id the next row of `table` gets: rows are inserted with their ids known, so that an
    /// event can carry the rows it records (ids never reused, as AUTOINCREMENT promises).
    static func nextID(_ db: Database, _ table: String) throws -> Int64 {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
        let largest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM \(table)") ?? 0
        return max(sequence, largest) + 1
    }

    /// Appends `event` (its id assigned here) with the records it carries at the end of the chain.
    static func append(_ event: inout LedgerEvent, payload: String?, _ db: Database) throws -> LedgerHead {
        event.id = try nextID(db, "event")
        let previous = try head(db)?.sha256 ?? genesis
        let content = contentHash(event, payload: payload)
        let chain = link(previous: previous, content: content)
        try ChainedEvent(event: event, payload: payload, contentSha256: content, previousSha256: previous, chainSha256: chain).insert(db)
        return LedgerHead(event: event.id!, sha256: chain)
    }

    /// Fills the chain in for a ledger written before it existed (migration v3): each event's
    /// channel, the secondment an amendment names, the records a publication inserted, and the
    /// hashes, in event order. The rows as they stand are taken as what each event recorded.
    static func fillIn(_ db: Database) throws {
        let county = try CountyRow.fetchOne(db) ?? CountyRow(slug: "", name: "")
        let publications = Dictionary(
            try PublicationRow.fetchAll(db).map { ($0.eventId, $0) }, uniquingKeysWith: { first, _ in first })
        let secondments = Dictionary(grouping: try SecondmentRow.order(Column("id")).fetchAll(db), by: \.publicationId)
        let assignments = Dictionary(grouping: try AssignmentRow.order(Column("id")).fetchAll(db), by: \.publicationId)
        var previous = genesis
        for row in try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id") {
            var event = try LedgerEvent(row: row)
            // Before v3 the workstation recorded itself as the actor and `rotaplan serve` as the command.
            event.channel =
                event.command.hasPrefix("rotaplan serve")
                ? LedgerContext.Channel.workstation.rawValue
                : LedgerContext.Channel.commandLine.rawValue
            if LedgerEvent.Kind.amendments.contains(event.kind), let publication = event.publicationId, let teacher = event.teacher,
                let start = event.startYear
            {
                event.secondmentId = try Int64.fetchOne(
                    db, sql: "SELECT id FROM secondment WHERE publication_id = ? AND teacher = ? AND start_year = ? ORDER BY id LIMIT 1",
                    arguments: [publication, teacher, start])
            }
            var payload: String?
            if let id = event.id, let publication = publications[id], let publicationID = publication.id {
                payload = try PublicationRecords(
                    county: county, publication: publication, secondments: secondments[publicationID] ?? [],
                    assignments: assignments[publicationID] ?? []
                ).json()
            }
            let content = contentHash(event, payload: payload)
            let chain = link(previous: previous, content: content)
            try db.execute(
                sql: """
                    UPDATE event SET channel = ?, secondment_id = ?, payload = ?, content_sha256 = ?, previous_sha256 = ?,
                    chain_sha256 = ? WHERE id = ?
                    """,
                arguments: [event.channel, event.secondmentId, payload, content, previous, chain, event.id])
            previous = chain
        }
    }
}

/// An event as stored: the event, the records it carries and its hashes.
struct ChainedEvent: PersistableRecord {
    static let databaseTableName = "event"
    var event: LedgerEvent
    var payload: String?
    var contentSha256: String
    var previousSha256: String
    var chainSha256: String

    func encode(to container: inout PersistenceContainer) throws {
        try event.encode(to: &container)
        container["payload"] = payload
        container["content_sha256"] = contentSha256
        container["previous_sha256"] = previousSha256
        container["chain_sha256"] = chainSha256
    }
}

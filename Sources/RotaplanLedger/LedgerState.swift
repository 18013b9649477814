import Foundation
import GRDB

/// A secondment as it stands now: as planned, with every amendment applied in order.
public struct SecondmentRecord: Sendable, Hashable {
    /// Where the secondment stands after its events.
    public enum Status: String, Sendable {
        case published, imported, endedEarly = "ended_early", extended, cancelled

        public var chineseName: String {
            switch self {
            case .published: "已公布"
            case .imported: "历史记录"
            case .endedEarly: "提前结束"
            case .extended: "已延长"
            case .cancelled: "已取消"
            }
        }
    }

    /// The secondment with its current end year.
    public var line: SecondmentLine
    public var plannedEndYear: Int
    public var publicationId: Int64
    public var status: Status
    /// The publication's event, then the amendments.
    public var events: [LedgerEvent]
}

/// The current state, derived from the rows and events (never stored): for each planned year
/// the latest publication counts, imported rows always count, and each amendment changes the
/// secondment it names.
struct LedgerState {
    var publications: [Int64: PublicationRow]
    /// The publication that counts for each planned year.
    var current: [Int: Int64]

    init(publications: [PublicationRow]) {
        var byID: [Int64: PublicationRow] = [:]
        var current: [Int: Int64] = [:]
        for publication in publications {
            guard let id = publication.id else { continue }
            byID[id] = publication
            if publication.kind == "plan", let year = publication.year, id > current[year] ?? 0 { current[year] = id }
        }
        self.publications = byID
        self.current = current
    }

    static func load(_ db: Database) throws -> LedgerState {
        LedgerState(publications: try PublicationRow.fetchAll(db))
    }

    func counts(_ publication: Int64) -> Bool {
        guard let row = publications[publication] else { return false }
        return row.kind == "import" || row.year.map { current[$0] == publication } == true
    }

    /// The records of `rows` that count, with `events` (every event of those teachers and
    /// publications, in id order) applied.
    func records(_ rows: [SecondmentRow], events: [LedgerEvent]) -> [SecondmentRecord] {
        let publicationEvents = Dictionary(events.compactMap { event in event.id.map { ($0, event) } }, uniquingKeysWith: { first, _ in first })
        var amendments: [String: [LedgerEvent]] = [:]
        for event in events where [.endedEarly, .extended, .cancelled].contains(event.kind) {
            guard let publication = event.publicationId, let teacher = event.teacher, let start = event.startYear else { continue }
            amendments["\(publication)|\(teacher)|\(start)", default: []].append(event)
        }
        return rows.filter { counts($0.publicationId) }.map { row in
            let publication = publications[row.publicationId]!
            var record = SecondmentRecord(
                line: row.line, plannedEndYear: row.endYear, publicationId: row.publicationId,
                status: publication.kind == "import" ? .imported : .published,
                events: publicationEvents[publication.eventId].map { [$0] } ?? [])
            for event in amendments["\(row.publicationId)|\(row.teacher)|\(row.startYear)"] ?? [] {
                record.events.append(event)
                switch event.kind {
                case .endedEarly:
                    record.line.endYear = event.value ?? record.line.endYear
                    record.status = .endedEarly
                case .extended:
                    record.line.endYear = event.value ?? record.line.endYear
                    record.status = .extended
                case .cancelled:
                    record.status = .cancelled
                default:
                    break
                }
            }
            return record
        }
    }
}

/// One teacher's service record (`ledger show --teacher`).
public struct TeacherRecord: Sendable {
    public var teacher: String
    public var name: String?
    /// The secondments that count, cancelled ones included (their status says so).
    public var secondments: [SecondmentRecord]
    /// Lines of publications that a later publication of the same year replaced.
    public var replaced: [SecondmentLine]
    /// Weekly itinerant assignments of the publications that count, with their year.
    public var assignments: [(year: Int, line: AssignmentLine)]
    /// Every event that concerns the teacher, in order.
    public var events: [LedgerEvent]
}

/// One school's sent and received secondments by year (`ledger show --school`).
public struct SchoolRecord: Sendable {
    public var school: String
    public var name: String?
    public var sent: [SecondmentRecord]
    public var received: [SecondmentRecord]
}

/// A year as published (`ledger show --year`).
public struct YearRecord: Sendable {
    public var year: Int
    public var publication: LedgerEvent?
    public var replacedPublications: Int
    public var secondments: [SecondmentRecord]
    public var assignments: [AssignmentLine]
}

extension Ledger {
    /// Every secondment that counts, in start year and teacher order.
    public func secondments() throws(LedgerError) -> [SecondmentRecord] {
        try read { db in
            let state = try LedgerState.load(db)
            let rows = try SecondmentRow.order(Column("start_year"), Column("teacher")).fetchAll(db)
            let events = try LedgerEvent.order(Column("id")).fetchAll(db)
            return state.records(rows, events: events)
        }
    }

    /// The years that have a published plan, with the publication that counts.
    public func publishedYears() throws(LedgerError) -> [Int] {
        try read { db in try LedgerState.load(db).current.keys.sorted() }
    }

    public func teacher(_ id: String) throws(LedgerError) -> TeacherRecord {
        try read { db in
            let state = try LedgerState.load(db)
            let rows = try SecondmentRow.filter(Column("teacher") == id).order(Column("start_year")).fetchAll(db)
            let assignmentRows = try AssignmentRow.filter(Column("teacher") == id).order(Column("id")).fetchAll(db)
            // The publications that listed the teacher, and every later publication of those
            // years (a re-publication that dropped the teacher belongs to the record too).
            let listed = Set((rows.map(\.publicationId) + assignmentRows.map(\.publicationId)).compactMap { state.publications[$0] })
            let years = Set(listed.compactMap(\.year))
            let publicationEvents = Set(state.publications.values.filter { publication in
                listed.contains { $0.id == publication.id } || publication.year.map(years.contains) == true
            }.map(\.eventId))
            let events = try LedgerEvent.filter(Column("teacher") == id || publicationEvents.contains(Column("id")))
                .order(Column("id")).fetchAll(db)
            let assignments = assignmentRows
                .filter { state.counts($0.publicationId) }
                .map { (year: state.publications[$0.publicationId]?.year ?? 0, line: $0.line) }
            return TeacherRecord(
                teacher: id, name: rows.last?.teacherName ?? assignments.last?.line.teacherName,
                secondments: state.records(rows, events: events),
                replaced: rows.filter { !state.counts($0.publicationId) }.map(\.line),
                assignments: assignments, events: events)
        }
    }

    public func school(_ id: String) throws(LedgerError) -> SchoolRecord {
        try read { db in
            let state = try LedgerState.load(db)
            let rows = try SecondmentRow.filter(Column("from_school") == id || Column("to_school") == id)
                .order(Column("start_year"), Column("teacher")).fetchAll(db)
            let teachers = Set(rows.map(\.teacher))
            let events = try LedgerEvent.filter(teachers.contains(Column("teacher")) || Column("teacher") == nil).order(Column("id")).fetchAll(db)
            let records = state.records(rows, events: events)
            let name = rows.first { $0.fromSchool == id }?.fromName ?? rows.first { $0.toSchool == id }?.toName
            return SchoolRecord(
                school: id, name: name, sent: records.filter { $0.line.fromSchool == id },
                received: records.filter { $0.line.toSchool == id })
        }
    }

    public func year(_ year: Int) throws(LedgerError) -> YearRecord {
        try read { db in
            let state = try LedgerState.load(db)
            guard let publication = state.current[year] else {
                return YearRecord(year: year, publication: nil, replacedPublications: 0, secondments: [], assignments: [])
            }
            let rows = try SecondmentRow.filter(Column("publication_id") == publication).order(Column("teacher")).fetchAll(db)
            let teachers = Set(rows.map(\.teacher))
            let events = try LedgerEvent.filter(teachers.contains(Column("teacher")) || Column("teacher") == nil).order(Column("id")).fetchAll(db)
            let assignments = try AssignmentRow.filter(Column("publication_id") == publication).order(Column("id")).fetchAll(db)
            let replaced = state.publications.values.filter { $0.kind == "plan" && $0.year == year }.count - 1
            return YearRecord(
                year: year, publication: try LedgerEvent.fetchOne(db, key: state.publications[publication]!.eventId),
                replacedPublications: replaced, secondments: state.records(rows, events: events), assignments: assignments.map(\.line))
        }
    }

    /// Every event, in order (`ledger export`).
    public func events() throws(LedgerError) -> [LedgerEvent] {
        try read { db in try LedgerEvent.order(Column("id")).fetchAll(db) }
    }
}

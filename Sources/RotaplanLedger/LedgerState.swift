import Foundation
import GRDB

/// A secondment as it stands now: as planned, with every amendment applied in order.
public struct SecondmentRecord: Sendable, Hashable {
    /// Where the secondment stands after its events.
    public enum Status: String, Sendable {
        case published, imported
        case endedEarly = "ended_early"
        case extended, cancelled, redirected, replaced

        public var chineseName: String {
            switch self {
            case .published: "已公布"
            case .imported: "历史记录"
            case .endedEarly: "提前结束"
            case .extended: "已延长"
            case .cancelled: "已取消"
            case .redirected: "已改派"
            case .replaced: "已换人"
            }
        }
    }

    /// The secondment with its current end year, school and teacher.
    public var line: SecondmentLine
    public var plannedEndYear: Int
    /// The row as published (or imported): the teacher and school it named.
    public var planned: SecondmentLine
    public var secondmentId: Int64
    public var publicationId: Int64
    public var status: Status
    /// The publication's event, then the amendments.
    public var events: [LedgerEvent]
}

/// The current state, derived from the rows and events (never stored): for each planned year
/// the latest publication counts, imported rows always count, and each amendment changes the
/// secondment row it names.
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

    /// The records of `rows` that count, with `events` (every event of those rows and their
    /// publications, in id order; others are ignored) applied.
    func records(_ rows: [SecondmentRow], events: [LedgerEvent]) -> [SecondmentRecord] {
        let publicationEvents = Dictionary(events.compactMap { event in event.id.map { ($0, event) } }, uniquingKeysWith: { first, _ in first })
        var amendments: [Int64: [LedgerEvent]] = [:]
        for event in events where LedgerEvent.Kind.amendments.contains(event.kind) {
            guard let secondment = event.secondmentId else { continue }
            amendments[secondment, default: []].append(event)
        }
        return rows.filter { counts($0.publicationId) }.map { row in
            let publication = publications[row.publicationId]!
            let id = row.id ?? 0
            var record = SecondmentRecord(
                line: row.line, plannedEndYear: row.endYear, planned: row.line, secondmentId: id, publicationId: row.publicationId,
                status: publication.kind == "import" ? .imported : .published,
                events: publicationEvents[publication.eventId].map { [$0] } ?? [])
            for event in amendments[id] ?? [] {
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
                case .redirected:
                    record.line.toSchool = event.school ?? record.line.toSchool
                    record.line.toName = event.details?.toName ?? record.line.toSchool
                    record.status = .redirected
                case .replaced:
                    if let person = event.details?.replacement {
                        record.line.teacher = person.teacher
                        record.line.teacherName = person.teacherName
                        record.line.fromSchool = person.fromSchool
                        record.line.fromName = person.fromName
                        record.line.subject = person.subject
                        record.line.role = person.role
                    }
                    record.status = .replaced
                default:
                    break
                }
            }
            return record
        }
    }

    /// Every amendment event (few beside the rows), with the publication events, in id order.
    static func amendmentsAndPublications(_ db: Database, publications: Set<Int64>) throws -> [LedgerEvent] {
        try LedgerEvent.filter(LedgerEvent.Kind.amendments.map(\.rawValue).contains(Column("kind")) || publications.contains(Column("id")))
            .order(Column("id")).fetchAll(db)
    }
}

/// One teacher's service record (`ledger show --teacher`).
public struct TeacherRecord: Sendable {
    public var teacher: String
    public var name: String?
    /// The secondments that count, cancelled ones included (their status says so).
    public var secondments: [SecondmentRecord]
    /// Secondments published for the teacher that another teacher went on instead (`--replaced-by`).
    public var handedOver: [SecondmentRecord]
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
    /// The head of the chain when the list was read, printed with it.
    public var head: LedgerHead?
}

extension Ledger {
    /// Every secondment that counts, in start year and teacher order (as it stands: a secondment
    /// handed over to another teacher is theirs).
    public func secondments() throws(LedgerError) -> [SecondmentRecord] {
        try archive().secondments
    }

    /// The years that have a published plan, with the publication that counts.
    public func publishedYears() throws(LedgerError) -> [Int] {
        try read { db in try LedgerState.load(db).current.keys.sorted() }
    }

    /// The year whose published plan is the plan.json of this SHA-256, if one is.
    public func publishedYear(ofPlanSHA256 hash: String) throws(LedgerError) -> Int? {
        try read { db in
            try PublicationRow.filter(Column("kind") == "plan" && Column("plan_sha256") == hash).fetchOne(db)?.year
        }
    }

    /// Whether the plan.json of this SHA-256 is its year's published list now: nil when it was
    /// never published, false when a re-publication of its year replaced it.
    public func isCurrent(planSHA256 hash: String) throws(LedgerError) -> Bool? {
        try read { db in
            let rows = try PublicationRow.filter(Column("kind") == "plan" && Column("plan_sha256") == hash).fetchAll(db)
            guard let year = rows.first?.year else { return nil }
            let current = try LedgerState.load(db).current[year]
            return rows.contains { $0.id == current }
        }
    }

    /// The latest publication of the plan.json of this SHA-256: the event that recorded it and
    /// the chain's head just after that event (what its published lists carry). Nil when the
    /// plan was never published.
    public func publication(ofPlanSHA256 hash: String) throws(LedgerError) -> (event: LedgerEvent, head: LedgerHead)? {
        try read { db in
            guard
                let row = try PublicationRow.filter(Column("kind") == "plan" && Column("plan_sha256") == hash).order(Column("id").desc)
                    .fetchOne(db),
                let event = try LedgerEvent.fetchOne(db, key: row.eventId),
                let chain = try String.fetchOne(db, sql: "SELECT chain_sha256 FROM event WHERE id = ?", arguments: [row.eventId])
            else { return nil }
            return (event, LedgerHead(event: row.eventId, sha256: chain))
        }
    }

    /// The head of the hash chain; nil while the ledger has no events.
    public func head() throws(LedgerError) -> LedgerHead? {
        try read { db in try LedgerChain.head(db) }
    }

    /// The ids the ledger's own rows give a name (as it was when recorded): a teacher or a
    /// school renamed since is still found by the name it had.
    public func ids(named name: String) throws(LedgerError) -> (teachers: [String], schools: [String]) {
        try read { db in
            let teachers = try String.fetchAll(db, sql: "SELECT DISTINCT teacher FROM secondment WHERE teacher_name = ? ORDER BY teacher", arguments: [name])
            let schools = try String.fetchAll(
                db,
                sql: "SELECT from_school FROM secondment WHERE from_name = ? UNION SELECT to_school FROM secondment WHERE to_name = ? ORDER BY 1",
                arguments: [name, name])
            return (teachers, schools)
        }
    }

    public func teacher(_ id: String) throws(LedgerError) -> TeacherRecord {
        try read { db in
            let state = try LedgerState.load(db)
            let (rows, amendments) = try Self.rowsAndEvents(of: id, db)
            let assignmentRows = try AssignmentRow.filter(Column("teacher") == id).order(Column("id")).fetchAll(db)
            // The publications that listed the teacher, and every later publication of those
            // years (a re-publication that dropped the teacher belongs to the record too).
            let listed = Set((rows.map(\.publicationId) + assignmentRows.map(\.publicationId)).compactMap { state.publications[$0] })
            let years = Set(listed.compactMap(\.year))
            let publicationEvents = state.publications.values.filter { publication in
                listed.contains { $0.id == publication.id } || publication.year.map(years.contains) == true
            }.map(\.eventId)
            let events = (try LedgerEvent.filter(publicationEvents.contains(Column("id"))).fetchAll(db) + amendments)
                .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
            let assignments =
                assignmentRows
                .filter { state.counts($0.publicationId) }
                .map { (year: state.publications[$0.publicationId]?.year ?? 0, line: $0.line) }
            let records = state.records(rows, events: events)
            let held = records.filter { $0.line.teacher == id }
            return TeacherRecord(
                teacher: id, name: held.last?.line.teacherName ?? rows.last { $0.teacher == id }?.teacherName ?? assignments.last?.line.teacherName,
                secondments: held, handedOver: records.filter { $0.line.teacher != id },
                replaced: rows.filter { !state.counts($0.publicationId) }.map(\.line),
                assignments: assignments, events: events)
        }
    }

    public func school(_ id: String) throws(LedgerError) -> SchoolRecord {
        try read { db in
            let state = try LedgerState.load(db)
            // Rows that named the school, and rows an amendment may have sent to it or handed to one of its teachers.
            let amended = try Int64.fetchAll(
                db, sql: "SELECT secondment_id FROM event WHERE kind IN (?, ?) AND secondment_id IS NOT NULL",
                arguments: [LedgerEvent.Kind.redirected.rawValue, LedgerEvent.Kind.replaced.rawValue])
            var condition: SQLExpression = Column("from_school") == id || Column("to_school") == id
            if !amended.isEmpty { condition = condition || amended.contains(Column("id")) }
            let rows = try SecondmentRow.filter(condition).order(Column("start_year"), Column("teacher")).fetchAll(db)
            let events = try LedgerState.amendmentsAndPublications(db, publications: Set(rows.compactMap { state.publications[$0.publicationId]?.eventId }))
            let records = state.records(rows, events: events)
            let sent = records.filter { $0.line.fromSchool == id }
            let received = records.filter { $0.line.toSchool == id }
            let name =
                sent.first?.line.fromName ?? received.first?.line.toName
                ?? rows.first { $0.fromSchool == id }?.fromName ?? rows.first { $0.toSchool == id }?.toName
            return SchoolRecord(school: id, name: name, sent: sent, received: received)
        }
    }

    public func year(_ year: Int) throws(LedgerError) -> YearRecord {
        try read { db in
            let state = try LedgerState.load(db)
            let head = try LedgerChain.head(db)
            guard let publication = state.current[year] else {
                return YearRecord(year: year, publication: nil, replacedPublications: 0, secondments: [], assignments: [], head: head)
            }
            let rows = try SecondmentRow.filter(Column("publication_id") == publication).order(Column("teacher")).fetchAll(db)
            let eventID = state.publications[publication]!.eventId
            let events = try LedgerState.amendmentsAndPublications(db, publications: [eventID])
            let assignments = try AssignmentRow.filter(Column("publication_id") == publication).order(Column("id")).fetchAll(db)
            let replaced = state.publications.values.filter { $0.kind == "plan" && $0.year == year }.count - 1
            return YearRecord(
                year: year, publication: events.first { $0.id == eventID }, replacedPublications: replaced,
                secondments: state.records(rows, events: events).sorted { ($0.line.teacher, $0.secondmentId) < ($1.line.teacher, $1.secondmentId) },
                assignments: assignments.map(\.line), head: head)
        }
    }

    /// Every event, in order (`ledger export`).
    public func events() throws(LedgerError) -> [LedgerEvent] {
        try read { db in try LedgerEvent.order(Column("id")).fetchAll(db) }
    }
}

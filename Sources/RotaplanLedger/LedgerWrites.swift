import Foundation
import GRDB
import RotaplanDomain

/// A plan to record as the county's decision for its year (`ledger publish`). The command
/// line builds it from a plan.json that verified against its scenario.
public struct Publication: Sendable {
    public var countySlug: String
    public var countyName: String
    public var year: Int
    public var planSHA256: String
    public var secondments: [SecondmentLine]
    public var assignments: [AssignmentLine]

    public init(
        countySlug: String, countyName: String, year: Int, planSHA256: String, secondments: [SecondmentLine],
        assignments: [AssignmentLine]
    ) {
        self.countySlug = countySlug
        self.countyName = countyName
        self.year = year
        self.planSHA256 = planSHA256
        self.secondments = secondments
        self.assignments = assignments
    }
}

/// What really happened to a published secondment (`ledger amend`).
public enum Amendment: Sendable, Hashable {
    /// The last school year served.
    case endedEarly(Int)
    case extendedTo(Int)
    case cancelled
    /// Sent elsewhere than published: the school really gone to, and its name.
    case sentTo(school: String, name: String)
    /// Another teacher went instead; the secondment moves to them.
    case replacedBy(Replacement)

    /// `--to SCHOOL`, the school checked against the county's scenario and named as it names it.
    public static func sentTo(_ school: String, in scenario: Scenario) throws(LedgerError) -> Amendment {
        guard let index = scenario.schoolIndex[school] else {
            // A school's name where its id belongs, as offices write it.
            if let named = scenario.schools.first(where: { $0.name == school }) {
                throw LedgerError("--to \(school): “\(school)”是 \(named.id) 的名称；请填写编号：--to \(named.id) (give the school's id).")
            }
            throw LedgerError(
                "--to \(school): 不是\(scenario.settings.county)数据中的学校 (not a school of \(scenario.settings.county)'s scenario).\(Suggestion.hint(for: school, among: scenario.schools.map(\.id)).map { " \($0)" } ?? "")"
            )
        }
        return .sentTo(school: school, name: scenario.schools[index].name)
    }

    /// `--replaced-by TEACHER`, the teacher checked against the county's scenario: the
    /// secondment moves to them, from their own school, with their subject and role.
    public static func replacedBy(_ teacher: String, in scenario: Scenario) throws(LedgerError) -> Amendment {
        guard let index = scenario.teacherIndex[teacher] else {
            throw LedgerError(
                "--replaced-by \(teacher): 不是\(scenario.settings.county)数据中的教师 (not a teacher of \(scenario.settings.county)'s scenario).\(Suggestion.hint(for: teacher, among: scenario.teachers.map(\.id)).map { " \($0)" } ?? "")"
            )
        }
        let person = scenario.teachers[index]
        let home = scenario.schools[person.home]
        return .replacedBy(
            Replacement(
                teacher: person.id, teacherName: person.name, fromSchool: home.id, fromName: home.name, subject: person.subject,
                role: person.role.rawValue))
    }
}

/// What a write recorded: its event, the head of the chain after it (to print and keep), and
/// the backup taken before it (none while the ledger was empty).
public struct LedgerWrite: Sendable {
    public var event: LedgerEvent
    public var head: LedgerHead
    public var backup: URL?
    /// What a person should know about what was recorded: for a re-publication, the teachers
    /// listed again whose secondment in the list it replaces had been amended.
    public var warnings: [String] = []
}

extension Ledger {
    /// Records `publication`; a year already published needs `replace` (and the context's note).
    /// A backup of the ledger as it was is written first (docs/ledger.md "Backups").
    @discardableResult
    public func publish(_ publication: Publication, replace: Bool, context: LedgerContext) throws(LedgerError) -> LedgerWrite {
        try write { db in
            try Self.checkCounty(db, slug: publication.countySlug, name: publication.countyName, url: url)
            let state = try LedgerState.load(db)
            if let existing = state.current[publication.year] {
                let event = try LedgerEvent.fetchOne(db, key: state.publications[existing]!.eventId)
                guard replace else {
                    throw LedgerError(
                        "\(publication.year) 学年已公布（\(event.map { "\(LedgerReport.localTime($0.at)) 北京时间，\(LedgerReport.who($0))" } ?? "此前")）；如要重新公布，请加 --replace --note 写明原因。"
                            + " (\(publication.year) is already published (\(event.map { "\(LedgerReport.localTime($0.at)) 北京时间 by \(LedgerReport.who($0))" } ?? "earlier")). Re-publishing it needs --replace --note WHY.)"
                    )
                }
            }
            let backup = try backUpBeforeWriting(db, reason: "publish-\(publication.year)")
            let county = try Self.claimCounty(db, slug: publication.countySlug, name: publication.countyName)
            var event = context.event(state.current[publication.year] == nil ? .publish : .replace)
            event.value = publication.year
            let amended = try state.current[publication.year].map { try Self.amendedAgain(listedIn: publication, replacing: $0, db) } ?? []
            let head = try Self.record(
                &event, kind: "plan", year: publication.year, planSHA256: publication.planSHA256, county: county,
                secondments: publication.secondments, assignments: publication.assignments, db)
            return LedgerWrite(event: event, head: head, backup: backup, warnings: amended)
        }
    }

    /// A re-publication lists its teachers afresh: an amendment recorded on the list it replaces
    /// (cancelled, ended early, sent elsewhere) does not carry over to a teacher listed again.
    /// Each such teacher is named, so that the office amends again what still holds.
    static func amendedAgain(listedIn publication: Publication, replacing previous: Int64, _ db: Database) throws -> [String] {
        let listed = Set(publication.secondments.map(\.teacher))
        let kinds = LedgerEvent.Kind.amendments.map(\.rawValue)
        let events = try LedgerEvent.filter(Column("publication_id") == previous && kinds.contains(Column("kind"))).order(Column("id")).fetchAll(db)
        return events.filter { listed.contains($0.teacher ?? "") }.map { event in
            let name = publication.secondments.first { $0.teacher == event.teacher }?.teacherName ?? ""
            return
                "\(name)（\(event.teacher ?? "")）在被替换的名单中已记为“\(event.kind.chineseName)”（\(LedgerReport.localTime(event.at))\(event.note.map { "，备注：\($0)" } ?? "")），重新公布后又按新名单列为交流；如该修订仍然属实，请再次记录（rotaplan ledger amend）。"
        }
    }

    /// Inserts a publication (or an import) and its rows, their ids known first so that the
    /// event carries every row it records; a test point after each insert.
    static func record(
        _ event: inout LedgerEvent, kind: String, year: Int?, planSHA256: String?, county: CountyRow, secondments: [SecondmentLine],
        assignments: [AssignmentLine], _ db: Database
    ) throws -> LedgerHead {
        let publicationID = try LedgerChain.nextID(db, "publication")
        let firstSecondment = try LedgerChain.nextID(db, "secondment")
        let firstAssignment = try LedgerChain.nextID(db, "assignment")
        // The event's id is the next one: nothing else is inserted before it in this transaction.
        let eventID = try LedgerChain.nextID(db, "event")
        let records = PublicationRecords(
            county: county,
            publication: PublicationRow(id: publicationID, kind: kind, year: year, planSha256: planSHA256, eventId: eventID),
            secondments: secondments.enumerated().map { SecondmentRow($1, publication: publicationID, id: firstSecondment + Int64($0)) },
            assignments: assignments.enumerated().map { AssignmentRow($1, publication: publicationID, id: firstAssignment + Int64($0)) })
        let head = try LedgerChain.append(&event, payload: try records.json(), db)
        Failpoints.pass()
        var publication = records.publication
        try publication.insert(db)
        Failpoints.pass()
        for row in records.secondments {
            try row.insert(db)
            Failpoints.pass()
        }
        for row in records.assignments {
            try row.insert(db)
            Failpoints.pass()
        }
        return head
    }

    /// Records what happened to `teacher`'s secondment running in `year`.
    @discardableResult
    public func amend(
        teacher: String, year: Int, _ amendment: Amendment, context: LedgerContext
    ) throws(LedgerError) -> (record: SecondmentRecord, write: LedgerWrite) {
        try write { db in
            let state = try LedgerState.load(db)
            let held = try Self.records(holding: teacher, state: state, db)
            let records = held.filter { $0.status != .cancelled }
            guard let record = records.first(where: { $0.line.startYear <= year && year <= $0.line.endYear }) else {
                // Cancelled already (the same amendment twice): said so, not "no secondment".
                if let cancelled = held.first(where: { $0.status == .cancelled && $0.line.startYear <= year && year <= $0.line.endYear }) {
                    throw LedgerError(
                        "\(teacher) \(cancelled.line.startYear)–\(cancelled.line.endYear) 年到\(cancelled.line.toName)的交流已记为取消，未作改动。 (\(teacher)'s secondment of \(cancelled.line.startYear)–\(cancelled.line.endYear) (to \(cancelled.line.toName)) is already recorded as cancelled; nothing was changed.)"
                    )
                }
                let known = records.map { "\($0.line.startYear)–\($0.line.endYear)" }.joined(separator: ", ")
                throw LedgerError(
                    "台账中 \(teacher) 在 \(year) 学年没有交流记录\(known.isEmpty ? "" : "（台账中有 \(known)）")，未作改动。 (\(teacher) has no secondment in \(year) in the ledger\(known.isEmpty ? "" : " (the ledger has \(known))"); nothing was changed.)"
                )
            }
            let line = record.line
            var event = context.event(.cancelled)
            var detail = EventDetail()
            switch amendment {
            case .endedEarly(let last):
                guard line.endYear > line.startYear else {
                    throw LedgerError(
                        "--ended-early: \(teacher) 的交流只有 \(line.startYear) 一个学年，不能再提前结束；如未成行，请用 --cancelled 记为取消。 (\(teacher)'s secondment is the one school year \(line.startYear) and cannot end earlier; if it did not take place, record it with --cancelled.)"
                    )
                }
                guard last >= line.startYear && last < line.endYear else {
                    throw LedgerError(
                        "--ended-early \(last): \(teacher) 的交流为 \(line.startYear)–\(line.endYear) 年；实际最后一个学年须在 \(line.startYear) 至 \(line.endYear - 1) 之间。 (\(teacher)'s secondment runs \(line.startYear)–\(line.endYear); the last year served must be from \(line.startYear) to \(line.endYear - 1).)"
                    )
                }
                (event.kind, event.value) = (.endedEarly, last)
            case .extendedTo(let end):
                guard end > line.endYear && end <= line.startYear + 10 else {
                    throw LedgerError(
                        "--extended-to \(end): \(teacher) 的交流为 \(line.startYear)–\(line.endYear) 年；新的结束学年须在 \(line.endYear) 之后、\(line.startYear + 10) 以前。 (\(teacher)'s secondment runs \(line.startYear)–\(line.endYear); the new end year must be after \(line.endYear), by \(line.startYear + 10).)"
                    )
                }
                (event.kind, event.value) = (.extended, end)
            case .cancelled:
                event.kind = .cancelled
            case .sentTo(let school, let name):
                guard school != line.fromSchool else {
                    throw LedgerError(
                        "--to \(school): 是 \(teacher) 的本校（\(line.fromName)），交流须到别的学校；如未成行，请用 --cancelled 记为取消。 (is \(teacher)'s own school (\(line.fromName)); a secondment goes elsewhere. If it did not take place, record it with --cancelled.)"
                    )
                }
                guard school != line.toSchool else {
                    throw LedgerError(
                        "--to \(school): \(teacher) 的交流本来就是到\(line.toName)（\(school)），无需改动。 (\(teacher)'s secondment already goes to \(line.toName) (\(school)); nothing to change.)"
                    )
                }
                (event.kind, event.school) = (.redirected, school)
                (detail.publishedTo, detail.publishedToName, detail.toSchool, detail.toName) = (line.toSchool, line.toName, school, name)
            case .replacedBy(let person):
                guard person.teacher != line.teacher else {
                    throw LedgerError(
                        "--replaced-by \(person.teacher): 就是记录中的交流教师；请填写实际替代前往的教师。 (is the teacher the secondment is recorded for; name the one who went instead.)"
                    )
                }
                guard person.fromSchool != line.toSchool else {
                    throw LedgerError(
                        "--replaced-by \(person.teacher): 在\(person.fromName)（\(person.fromSchool)）任教，而交流正是到该校；替代前往的教师须来自别的学校。 (teaches at \(person.fromName) (\(person.fromSchool)), where the secondment goes; the one who went instead must come from another school.)"
                    )
                }
                let theirs = try Self.records(holding: person.teacher, state: state, db)
                    .filter { $0.status != .cancelled && $0.line.startYear <= line.endYear && line.startYear <= $0.line.endYear }
                if let clash = theirs.first {
                    throw LedgerError(
                        "--replaced-by \(person.teacher): \(person.teacherName) 已有 \(clash.line.startYear)–\(clash.line.endYear) 年的交流（\(clash.line.fromName) → \(clash.line.toName)），与 \(line.startYear)–\(line.endYear) 年重叠，未作改动。 (\(person.teacherName) already has a secondment \(clash.line.startYear)–\(clash.line.endYear) (\(clash.line.fromName) → \(clash.line.toName)), which overlaps \(line.startYear)–\(line.endYear); nothing was changed.)"
                    )
                }
                (event.kind, event.replacement) = (.replaced, person.teacher)
                (detail.publishedTeacher, detail.publishedTeacherName, detail.replacement) = (line.teacher, line.teacherName, person)
            }
            if event.kind == .redirected || event.kind == .replaced { event.detail = detail.json() }
            event.publicationId = record.publicationId
            event.teacher = teacher
            event.startYear = line.startYear
            event.secondmentId = record.secondmentId
            let backup = try backUpBeforeWriting(db, reason: "amend")
            let head = try LedgerChain.append(&event, payload: nil, db)
            let row = try SecondmentRow.fetchOne(db, key: record.secondmentId)!
            let events = try LedgerEvent.filter(
                Column("secondment_id") == record.secondmentId || Column("id") == state.publications[record.publicationId]?.eventId
            )
            .order(Column("id")).fetchAll(db)
            let amended = state.records([row], events: events)[0]
            return (amended, LedgerWrite(event: event, head: head, backup: backup))
        }
    }

    /// The secondments that count and that `teacher` holds now: recorded for them and not
    /// handed over to another, or handed over to them by `--replaced-by`.
    static func records(holding teacher: String, state: LedgerState, _ db: Database) throws -> [SecondmentRecord] {
        let (rows, events) = try rowsAndEvents(of: teacher, db)
        return state.records(rows, events: events).filter { $0.line.teacher == teacher }
    }

    /// The rows recorded for `teacher` or handed over to them, and every event that concerns
    /// them or those rows (in id order).
    static func rowsAndEvents(of teacher: String, _ db: Database) throws -> (rows: [SecondmentRow], events: [LedgerEvent]) {
        let handedOver = try Int64.fetchAll(
            db, sql: "SELECT secondment_id FROM event WHERE kind = ? AND replacement = ? AND secondment_id IS NOT NULL",
            arguments: [LedgerEvent.Kind.replaced.rawValue, teacher])
        // Each term of an OR must be indexed for SQLite to use the indexes; an empty list would
        // be a constant that makes it scan the table, so it is left out.
        var rowsCondition: SQLExpression = Column("teacher") == teacher
        if !handedOver.isEmpty { rowsCondition = rowsCondition || handedOver.contains(Column("id")) }
        let rows = try SecondmentRow.filter(rowsCondition).order(Column("start_year"), Column("id")).fetchAll(db)
        let ids = rows.compactMap(\.id)
        var eventsCondition: SQLExpression = Column("teacher") == teacher || Column("replacement") == teacher
        if !ids.isEmpty { eventsCondition = eventsCondition || ids.contains(Column("secondment_id")) }
        let events = try LedgerEvent.filter(eventsCondition).order(Column("id")).fetchAll(db)
        return (rows, events)
    }

    /// Brings an existing history in, once: each row a secondment of an import publication.
    @discardableResult
    public func importHistory(
        _ lines: [SecondmentLine], countySlug: String, countyName: String, context: LedgerContext
    ) throws(LedgerError) -> LedgerWrite {
        try write { db in
            try Self.checkCounty(db, slug: countySlug, name: countyName, url: url)
            if let earlier = try PublicationRow.filter(Column("kind") == "import").fetchOne(db) {
                let event = try LedgerEvent.fetchOne(db, key: earlier.eventId)
                throw LedgerError(
                    "台账已导入过历史记录（\(event.map { "\(LedgerReport.localTime($0.at)) 北京时间，\(LedgerReport.who($0))" } ?? "此前")）；历史只能导入一次，之后的变动请用 `ledger amend` 记录。 (the ledger already holds an imported history (\(event.map { "\(LedgerReport.localTime($0.at)) Beijing time by \(LedgerReport.who($0))" } ?? "earlier")); a history is imported once. Record later changes with `ledger amend`.)"
                )
            }
            try Self.checkOverlaps(lines, db)
            let backup = try backUpBeforeWriting(db, reason: "import")
            let county = try Self.claimCounty(db, slug: countySlug, name: countyName)
            var event = context.event(.import)
            let head = try Self.record(&event, kind: "import", year: nil, planSHA256: nil, county: county, secondments: lines, assignments: [], db)
            return LedgerWrite(event: event, head: head, backup: backup)
        }
    }

    /// A history imported after a publish must not overlap a secondment the ledger already
    /// holds (a teacher is away on one secondment at a time, docs/scenario.md "history.csv"):
    /// the ledger would then answer two for one year, and its own history.csv be refused.
    static func checkOverlaps(_ lines: [SecondmentLine], _ db: Database) throws {
        let state = try LedgerState.load(db)
        let rows = try SecondmentRow.fetchAll(db)
        let held = state.records(rows, events: try LedgerEvent.fetchAll(db)).filter { $0.status != .cancelled }
        let byTeacher = Dictionary(grouping: held, by: \.line.teacher)
        var clashes: [String] = []
        for line in lines {
            for record in byTeacher[line.teacher] ?? [] where line.startYear <= record.line.endYear && record.line.startYear <= line.endYear {
                clashes.append(
                    "\(line.teacher) \(line.startYear)–\(line.endYear)（到 \(line.toSchool)）与台账中已有的 \(record.line.startYear)–\(record.line.endYear)（到 \(record.line.toSchool)）重叠"
                )
            }
        }
        guard clashes.isEmpty else {
            throw LedgerError(
                "历史记录与台账中已有的交流重叠（一名教师同一时间只能有一项交流），未导入任何记录：" + clashes.joined(separator: "；")
                    + "。请改正历史记录，或用 `ledger amend` 记录实际情况。 (the history overlaps secondments the ledger holds; a teacher is away on one at a time, so nothing was imported. Correct the history, or record what happened with `ledger amend`.)"
            )
        }
    }

    /// A ledger belongs to one county: the first record names it, later ones must match.
    static func checkCounty(_ db: Database, slug: String, name: String, url: URL) throws {
        if let county = try CountyRow.fetchOne(db) { try checkCounty(county, slug: slug, name: name, url: url) }
    }

    /// The county row, inserted by the first record.
    static func claimCounty(_ db: Database, slug: String, name: String) throws -> CountyRow {
        if let county = try CountyRow.fetchOne(db) { return county }
        let county = CountyRow(slug: slug, name: name)
        try county.insert(db)
        return county
    }

    static func checkCounty(_ county: CountyRow, slug: String, name: String, url: URL) throws(LedgerError) {
        guard county.slug == slug else {
            throw LedgerError(
                "\(url.path) 是\(county.name)（\(county.slug)）的台账，不是\(name)（\(slug)）的，未作改动；请用 --ledger 给出该县的台账。 (is the ledger of \(county.name) (\(county.slug)), not of \(name) (\(slug)); nothing was changed. Give that county's ledger with --ledger.)"
            )
        }
    }

    /// Refuses a plan of another county before anything else is read from the ledger.
    public func checkCounty(slug: String, name: String) throws(LedgerError) {
        guard let county = try read({ db in try CountyRow.fetchOne(db) }) else { return }
        try Self.checkCounty(county, slug: slug, name: name, url: url)
    }
}

import Foundation
import GRDB

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
}

extension Ledger {
    /// Records `publication`; a year already published needs `replace` (and the context's note).
    @discardableResult
    public func publish(_ publication: Publication, replace: Bool, context: LedgerContext) throws(LedgerError) -> LedgerEvent {
        try write { db in
            try Self.claimCounty(db, slug: publication.countySlug, name: publication.countyName, url: url)
            let state = try LedgerState.load(db)
            if let existing = state.current[publication.year] {
                let event = try LedgerEvent.fetchOne(db, key: state.publications[existing]!.eventId)
                guard replace else {
                    throw LedgerError(
                        "\(publication.year) is already published (\(event.map { "\($0.at) by \($0.actor)" } ?? "earlier")). Re-publishing it needs --replace --note WHY.")
                }
            }
            var event = LedgerEvent(
                kind: state.current[publication.year] == nil ? .publish : .replace, at: context.timestamp, actor: context.actor,
                command: context.command, note: context.note, value: publication.year)
            try event.insert(db)
            Failpoints.pass()
            var row = PublicationRow(kind: "plan", year: publication.year, planSha256: publication.planSHA256, eventId: event.id!)
            try row.insert(db)
            Failpoints.pass()
            for line in publication.secondments {
                try SecondmentRow(line, publication: row.id!).insert(db)
                Failpoints.pass()
            }
            for line in publication.assignments {
                try AssignmentRow(line, publication: row.id!).insert(db)
                Failpoints.pass()
            }
            return event
        }
    }

    /// Records what happened to `teacher`'s secondment running in `year`.
    @discardableResult
    public func amend(teacher: String, year: Int, _ amendment: Amendment, context: LedgerContext) throws(LedgerError) -> SecondmentRecord {
        try write { db in
            let state = try LedgerState.load(db)
            let rows = try SecondmentRow.filter(Column("teacher") == teacher).fetchAll(db)
            let events = try LedgerEvent.filter(Column("teacher") == teacher).order(Column("id")).fetchAll(db)
            let records = state.records(rows, events: events).filter { $0.status != .cancelled }
            guard let record = records.first(where: { $0.line.startYear <= year && year <= $0.line.endYear }) else {
                let known = records.map { "\($0.line.startYear)–\($0.line.endYear)" }.joined(separator: ", ")
                throw LedgerError(
                    "\(teacher) has no secondment in \(year) in the ledger\(known.isEmpty ? "" : " (the ledger has \(known))"); nothing was changed.")
            }
            let (kind, value): (LedgerEvent.Kind, Int?)
            switch amendment {
            case .endedEarly(let last):
                guard record.line.endYear > record.line.startYear else {
                    throw LedgerError(
                        "--ended-early: \(teacher)'s secondment is the one school year \(record.line.startYear) and cannot end earlier; if it did not take place, record it with --cancelled.")
                }
                guard last >= record.line.startYear && last < record.line.endYear else {
                    throw LedgerError(
                        "--ended-early \(last): \(teacher)'s secondment runs \(record.line.startYear)–\(record.line.endYear); the last year served must be from \(record.line.startYear) to \(record.line.endYear - 1).")
                }
                (kind, value) = (.endedEarly, last)
            case .extendedTo(let end):
                guard end > record.line.endYear && end <= record.line.startYear + 10 else {
                    throw LedgerError(
                        "--extended-to \(end): \(teacher)'s secondment runs \(record.line.startYear)–\(record.line.endYear); the new end year must be after \(record.line.endYear).")
                }
                (kind, value) = (.extended, end)
            case .cancelled:
                (kind, value) = (.cancelled, nil)
            }
            var event = LedgerEvent(
                kind: kind, at: context.timestamp, actor: context.actor, command: context.command, note: context.note,
                publicationId: record.publicationId, teacher: teacher, startYear: record.line.startYear, value: value)
            try event.insert(db)
            return state.records(rows, events: events + [event]).first { $0.publicationId == record.publicationId && $0.line.startYear == record.line.startYear }!
        }
    }

    /// Brings an existing history in, once: each row a secondment of an import publication.
    public func importHistory(
        _ lines: [SecondmentLine], countySlug: String, countyName: String, context: LedgerContext
    ) throws(LedgerError) -> LedgerEvent {
        try write { db in
            try Self.claimCounty(db, slug: countySlug, name: countyName, url: url)
            if let earlier = try PublicationRow.filter(Column("kind") == "import").fetchOne(db) {
                let event = try LedgerEvent.fetchOne(db, key: earlier.eventId)
                throw LedgerError(
                    "the ledger already holds an imported history (\(event.map { "\($0.at) by \($0.actor)" } ?? "earlier")); a history is imported once. Record later changes with `ledger amend`.")
            }
            var event = LedgerEvent(kind: .import, at: context.timestamp, actor: context.actor, command: context.command, note: context.note)
            try event.insert(db)
            var row = PublicationRow(kind: "import", year: nil, planSha256: nil, eventId: event.id!)
            try row.insert(db)
            for line in lines { try SecondmentRow(line, publication: row.id!).insert(db) }
            return event
        }
    }

    /// A ledger belongs to one county: the first record names it, later ones must match.
    static func claimCounty(_ db: Database, slug: String, name: String, url: URL) throws {
        if let county = try CountyRow.fetchOne(db) {
            try checkCounty(county, slug: slug, name: name, url: url)
        } else {
            try CountyRow(slug: slug, name: name).insert(db)
        }
    }

    static func checkCounty(_ county: CountyRow, slug: String, name: String, url: URL) throws(LedgerError) {
        guard county.slug == slug else {
            throw LedgerError(
                "\(url.path) is the ledger of \(county.name) (\(county.slug)), not of \(name) (\(slug)); nothing was changed. Give that county's ledger with --ledger.")
        }
    }

    /// Refuses a plan of another county before anything else is read from the ledger.
    public func checkCounty(slug: String, name: String) throws(LedgerError) {
        guard let county = try read({ db in try CountyRow.fetchOne(db) }) else { return }
        try Self.checkCounty(county, slug: slug, name: name, url: url)
    }
}

import Foundation
import GRDB

/// The audit record (操作记录): every change as a row with who, when, what, which county,
/// data version and plan, and a note. Rows are only ever added.
extension Accounts {
    /// Adds a row for a change made elsewhere (an upload, a solve, an objection, a submission,
    /// a publication, a return) and returns it with its id.
    @discardableResult
    public func audit(_ entry: AuditEntry) throws(AccountsError) -> AuditEntry {
        try write { db in try Self.record(entry, in: db) }
    }

    /// One page of the record, newest first (by time, then by the order rows were added).
    /// `page` counts from 1; a page past the end is empty.
    public func auditLog(page: Int = 1, pageSize: Int = 50) throws(AccountsError) -> AuditPage {
        let page = max(1, page)
        let pageSize = min(max(1, pageSize), 1000)
        return try read { db in
            let total = try AuditRow.fetchCount(db)
            let rows = try AuditRow.order(Column("at").desc, Column("id").desc).limit(pageSize, offset: (page - 1) * pageSize).fetchAll(db)
            return AuditPage(entries: rows.map(\.entry), total: total, page: page, pageSize: pageSize)
        }
    }

    @discardableResult
    static func record(_ entry: AuditEntry, in db: Database) throws -> AuditEntry {
        var row = AuditRow(entry)
        row.id = nil
        try row.insert(db)
        return row.entry
    }
}

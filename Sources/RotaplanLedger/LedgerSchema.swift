import GRDB

/// The ledger's tables and their versions (docs/ledger.md "Schema"). Migrations run when a
/// ledger is opened; a ledger that holds a migration this rotaplan does not know was written by
/// a newer one and is refused, untouched.
enum LedgerSchema {
    /// `PRAGMA application_id` of a rotaplan ledger ("ROTA"), so that another SQLite file is
    /// never taken for one.
    static let applicationID: Int32 = 0x524F_5441

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // v1: the first published schema. Rows are only ever inserted: a publication and its
        // planned rows, and events; the current state is derived from them.
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "county") { table in
                table.primaryKey("slug", .text)
                table.column("name", .text).notNull()
            }
            try db.create(table: "event") { table in
                table.autoIncrementedPrimaryKey("id")
                // publish, replace, import, ended_early, extended, cancelled
                table.column("kind", .text).notNull()
                table.column("at", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("command", .text).notNull()
                table.column("note", .text)
                // For an amendment: the secondment it changes and the year it names.
                table.column("publication_id", .integer)
                table.column("teacher", .text)
                table.column("start_year", .integer)
                table.column("value", .integer)
            }
            try db.create(table: "publication") { table in
                table.autoIncrementedPrimaryKey("id")
                // plan (a published plan's year) or import (history brought in once)
                table.column("kind", .text).notNull()
                table.column("year", .integer)
                table.column("plan_sha256", .text)
                table.column("event_id", .integer).notNull().references("event")
            }
            try db.create(table: "secondment") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("publication_id", .integer).notNull().references("publication")
                table.column("teacher", .text).notNull()
                table.column("teacher_name", .text).notNull()
                table.column("from_school", .text).notNull()
                table.column("from_name", .text).notNull()
                table.column("to_school", .text).notNull()
                table.column("to_name", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("role", .text).notNull()
                table.column("direction", .text).notNull()
                table.column("start_year", .integer).notNull()
                table.column("end_year", .integer).notNull()
            }
            try db.create(table: "assignment") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("publication_id", .integer).notNull().references("publication")
                table.column("teacher", .text).notNull()
                table.column("teacher_name", .text).notNull()
                table.column("home", .text).notNull()
                table.column("school", .text).notNull()
                table.column("school_name", .text).notNull()
                table.column("day", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("periods", .integer).notNull()
                table.column("km", .double).notNull()
            }
        }
        // v2: indexes for service records and school pages, which v1 answered by scanning.
        migrator.registerMigration("v2") { db in
            try db.create(index: "secondment_teacher", on: "secondment", columns: ["teacher"])
            try db.create(index: "secondment_publication", on: "secondment", columns: ["publication_id"])
            try db.create(index: "secondment_from", on: "secondment", columns: ["from_school"])
            try db.create(index: "secondment_to", on: "secondment", columns: ["to_school"])
            try db.create(index: "assignment_teacher", on: "assignment", columns: ["teacher"])
            try db.create(index: "assignment_publication", on: "assignment", columns: ["publication_id"])
            try db.create(index: "event_teacher", on: "event", columns: ["teacher"])
        }
        // v3: the hash chain (docs/ledger.md "Tamper-evident") and who (LEDGER.md "Who"). Each
        // event carries the records it inserted (`payload`), its content hash and the chain hash
        // before it; the migration fills them in for the events already there. Amendments name
        // their secondment row; `--to` and `--replaced-by` record a school and a teacher.
        migrator.registerMigration("v3") { db in
            try db.alter(table: "event") { table in
                // `command line` or `workstation`
                table.add(column: "channel", .text)
                // The name given with --by.
                table.add(column: "person", .text)
                table.add(column: "secondment_id", .integer)
                table.add(column: "school", .text)
                table.add(column: "replacement", .text)
                // JSON: the names an amendment or a restore records (EventDetail).
                table.add(column: "detail", .text)
                // JSON: the rows a publication or an import inserted (PublicationRecords).
                table.add(column: "payload", .text)
                table.add(column: "content_sha256", .text)
                table.add(column: "previous_sha256", .text)
                table.add(column: "chain_sha256", .text)
            }
            try db.create(index: "event_secondment", on: "event", columns: ["secondment_id"])
            try db.create(index: "event_replacement", on: "event", columns: ["replacement"])
            try LedgerChain.fillIn(db)
        }
        return migrator
    }

    /// The newest migration this rotaplan knows.
    static var currentVersion: String { migrator.migrations.last ?? "v0" }
}

import GRDB

/// The tables of `users.sqlite` and their versions (docs/workstation.md "Accounts"). Migrations
/// run when the file is opened; a file that holds a migration this rotaplan does not know was
/// written by a newer one and is refused, untouched.
enum AccountsSchema {
    /// `PRAGMA application_id` of a rotaplan accounts file ("ROTU"), so that another SQLite
    /// file (a ledger, "ROTA") is never taken for one.
    static let applicationID: Int32 = 0x524F_5455

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "account") { table in
                table.autoIncrementedPrimaryKey("id")
                // As shown: trimmed, NFC.
                table.column("name", .text).notNull()
                // What sign-in and uniqueness compare: NFKC, lower case (Account.key).
                table.column("name_key", .text).notNull().unique()
                table.column("display_name", .text).notNull()
                table.column("role", .text).notNull().check(sql: "role IN ('viewer', 'planner', 'approver')")
                table.column("password_hash", .text).notNull()
                table.column("password_changed_at", .datetime).notNull()
                table.column("active", .boolean).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("created_by", .text).notNull()
                table.column("changed_at", .datetime).notNull()
                table.column("changed_by", .text).notNull()
            }
            try db.create(table: "session") { table in
                // 32 random bytes in hex; the cookie's value.
                table.primaryKey("id", .text)
                table.column("csrf_token", .text).notNull()
                table.column("account_id", .integer).notNull().indexed().references("account", onDelete: .cascade)
                table.column("created_at", .datetime).notNull()
                table.column("last_seen_at", .datetime).notNull()
            }
            // Failed sign-ins of the last minute, by the name tried (known or not, so that a
            // lock-out does not tell which names exist).
            try db.create(table: "sign_in_failure") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name_key", .text).notNull()
                table.column("at", .datetime).notNull()
            }
            try db.create(index: "sign_in_failure_name", on: "sign_in_failure", columns: ["name_key", "at"])
            try db.create(table: "sign_in_lock") { table in
                table.primaryKey("name_key", .text)
                table.column("until", .datetime).notNull()
            }
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("at", .datetime).notNull()
                // An account's name (the workstation) or the operating-system user (the command line).
                table.column("actor", .text).notNull()
                table.column("channel", .text).notNull()
                table.column("action", .text).notNull()
                table.column("county", .text)
                table.column("data_version", .integer)
                table.column("plan", .text)
                // The account a user change or a sign-in concerns.
                table.column("target", .text)
                table.column("note", .text)
            }
            try db.create(index: "audit_at", on: "audit", columns: ["at", "id"])
        }
        return migrator
    }

    /// The newest migration this rotaplan knows.
    static var currentVersion: String { migrator.migrations.last ?? "v0" }
}

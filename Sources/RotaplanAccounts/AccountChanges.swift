import Foundation
import GRDB

/// Accounts made, changed and read. Each change writes its audit row in the same transaction;
/// a password is hashed before the transaction, so that no writer waits for bcrypt.
extension Accounts {
    /// Adds an account. Throws when the name or the password breaks `Credentials`' rules or
    /// the name is taken (regardless of case and full-width forms).
    @discardableResult
    public func add(
        name rawName: String, displayName rawDisplay: String? = nil, role: Role, password rawPassword: String, by actor: Actor,
        now: Date = Date()
    ) throws(AccountsError) -> Account {
        let name = try availableName(rawName)
        let displayName = try rawDisplay.map { (raw: String) throws(AccountsError) in try Credentials.name(raw, what: "display name") } ?? name
        let password = try Credentials.password(rawPassword, name: name)
        let hash = Credentials.hash(password, cost: cost)
        return try write { db in
            if try AccountRow.named(name, in: db) != nil { throw taken(name) }
            var row = AccountRow(
                id: nil, name: name, nameKey: Account.key(name), displayName: displayName, role: role, passwordHash: hash,
                passwordChangedAt: now, active: true, createdAt: now, createdBy: actor.description, changedAt: now,
                changedBy: actor.description)
            try row.insert(db)
            try Self.record(AuditEntry(at: now, actor: actor, action: .userAdded, target: name, note: "role \(role.rawValue)"), in: db)
            return Account(row)
        }
    }

    /// Gives an account a new password; its sessions end.
    @discardableResult
    public func setPassword(name: String, password rawPassword: String, by actor: Actor, now: Date = Date()) throws(AccountsError) -> Account {
        let existing = try existingAccount(name)
        let password = try Credentials.password(rawPassword, name: existing.name)
        let hash = Credentials.hash(password, cost: cost)
        return try change(name, by: actor, now: now) { row, db in
            row.passwordHash = hash
            row.passwordChangedAt = now
            try SessionRow.filter(Column("account_id") == row.id).deleteAll(db)
            return AuditEntry(at: now, actor: actor, action: .passwordChanged, target: row.name)
        }
    }

    /// Disables an account: it can no longer sign in, its sessions end, and it no longer
    /// counts as an approver. `changed` is false when it was disabled already.
    @discardableResult
    public func disable(name: String, by actor: Actor, now: Date = Date()) throws(AccountsError) -> (account: Account, changed: Bool) {
        let existing = try existingAccount(name)
        guard existing.active else { return (existing, false) }
        let account = try change(name, by: actor, now: now) { row, db in
            row.active = false
            try SessionRow.filter(Column("account_id") == row.id).deleteAll(db)
            return AuditEntry(at: now, actor: actor, action: .userDisabled, target: row.name)
        }
        return (account, true)
    }

    /// Gives an account another role; its sessions see it at their next request.
    /// `changed` is false when it had that role already.
    @discardableResult
    public func setRole(name: String, role: Role, by actor: Actor, now: Date = Date()) throws(AccountsError) -> (account: Account, changed: Bool) {
        let existing = try existingAccount(name)
        guard existing.role != role else { return (existing, false) }
        let account = try change(name, by: actor, now: now) { row, _ in
            let before = row.role
            row.role = role
            return AuditEntry(at: now, actor: actor, action: .roleChanged, target: row.name, note: "\(before.rawValue) → \(role.rawValue)")
        }
        return (account, true)
    }

    /// Every account, in the order they were made.
    public func list() throws(AccountsError) -> [Account] {
        try read { db in try AccountRow.order(Column("id")).fetchAll(db).map(Account.init) }
    }

    /// The account with this name (compared as `Account.key` does), active or not.
    public func account(named name: String) throws(AccountsError) -> Account? {
        try read { db in try AccountRow.named(name, in: db).map(Account.init) }
    }

    /// Whether accounts mode is on: any active account exists. Then every page needs sign-in.
    public func modeIsOn() throws(AccountsError) -> Bool {
        try read { db in try AccountRow.filter(Column("active") == true).fetchCount(db) > 0 }
    }

    /// How many active accounts have the approver role.
    public func activeApproverCount() throws(AccountsError) -> Int {
        try read { db in try Self.activeApprovers(db) }
    }

    /// `PublishRule` for the account `approver` (as it is in the database now) and a plan
    /// `submitter` submitted, with the office's active approvers counted now.
    public func publishVerdict(approver: String, submitter: String) throws(AccountsError) -> PublishRule.Verdict {
        try read { db in
            guard let row = try AccountRow.named(approver, in: db) else { throw Self.noSuchAccount(approver) }
            return PublishRule.verdict(approver: Account(row), submitter: submitter, activeApprovers: try Self.activeApprovers(db))
        }
    }

    static func activeApprovers(_ db: Database) throws -> Int {
        try AccountRow.filter(Column("active") == true && Column("role") == Role.approver.rawValue).fetchCount(db)
    }

    // MARK: - Helpers

    /// Changes one account in a transaction: `body` edits the row and returns the audit entry.
    private func change(
        _ name: String, by actor: Actor, now: Date, _ body: @escaping (inout AccountRow, Database) throws -> AuditEntry
    ) throws(AccountsError) -> Account {
        try write { db in
            guard var row = try AccountRow.named(name, in: db) else { throw Self.noSuchAccount(name) }
            let entry = try body(&row, db)
            row.changedAt = now
            row.changedBy = actor.description
            try row.update(db)
            try Self.record(entry, in: db)
            return Account(row)
        }
    }

    private func existingAccount(_ name: String) throws(AccountsError) -> Account {
        guard let account = try account(named: name) else { throw Self.noSuchAccount(name) }
        return account
    }

    /// A new account's name as it would be kept (`Credentials.name`); throws when it breaks
    /// the rules or is taken. For asking a password only once the name is known to be good.
    public func availableName(_ rawName: String) throws(AccountsError) -> String {
        let name = try Credentials.name(rawName)
        if let existing = try account(named: name) { throw taken(existing.name) }
        return name
    }

    private func taken(_ name: String) -> AccountsError {
        AccountsError("an account named '\(name)' exists already (names are compared regardless of case); choose another name.")
    }

    /// The refusal for a name no account has.
    public static func noSuchAccount(_ name: String) -> AccountsError {
        AccountsError("there is no account named '\(name)'. `rotaplan user list` shows them.")
    }
}

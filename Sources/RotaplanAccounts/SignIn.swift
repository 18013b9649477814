import Foundation
import GRDB

/// Sign-in, lock-out and sessions (WORKSTATION.md "Who may do what"). Failed sign-ins and
/// locks are rows, so that restarting the server neither resets a lock nor signs anyone out.
extension Accounts {
    /// Checks a name and password at `now`. A right password opens a session; a wrong one
    /// (or a name no account has) is counted, and the fifth failure of a name within a minute
    /// locks it for a minute, during which no password is tried. `client` (the browser's
    /// address) goes into the audit row of a failure. Blocks for one bcrypt check (about
    /// 0.2 s): a server calls it off its event loop.
    public func signIn(name rawName: String, password: String, now: Date = Date(), client: String? = nil) throws(AccountsError) -> SignInResult {
        let key = Account.key(rawName)
        let (lockedUntil, row) = try read { db in
            (try Self.lock(key, at: now, in: db), try AccountRow.filter(Column("name_key") == key).fetchOne(db))
        }
        if let lockedUntil { return .refused(.locked(until: lockedUntil)) }
        // bcrypt outside the transaction: a sign-in never holds up another writer.
        let matches: Bool
        if let row {
            matches = Credentials.verify(password, hash: row.passwordHash)
        } else {
            _ = Credentials.verify(password, hash: dummyHash.value)
            matches = false
        }
        let result: SignInResult = try write { db in
            if let until = try Self.lock(key, at: now, in: db) { return .refused(.locked(until: until)) }
            // The password was checked against this hash; a change in between is a failure.
            let current = try AccountRow.filter(Column("name_key") == key).fetchOne(db)
            if matches, let current, current.passwordHash == row?.passwordHash {
                guard current.active else { return .refused(.disabled) }
                try SignInFailureRow.filter(Column("name_key") == key).deleteAll(db)
                return .signedIn(try Self.openSession(for: current, now: now, in: db))
            }
            return try Self.fail(key: key, account: current, now: now, client: client, in: db)
        }
        if case .signedIn(let session) = result, let row, Credentials.cost(of: row.passwordHash).map({ $0 < cost }) == true {
            try rehash(row, password: password)
            return .signedIn(session)
        }
        return result
    }

    /// The session with this id at `now`, its last use moved to `now` (written at most once a
    /// `touchInterval`); nil when there is none, it has been idle for `sessionIdleLimit`, or
    /// its account is disabled (then it is deleted).
    public func session(id: String, now: Date = Date()) throws(AccountsError) -> Session? {
        guard Self.isSessionID(id) else { return nil }
        guard
            let (row, account) = try read({ db -> (SessionRow, AccountRow)? in
                guard let row = try SessionRow.fetchOne(db, key: id), let account = try AccountRow.fetchOne(db, key: row.accountId) else { return nil }
                return (row, account)
            })
        else { return nil }
        if now >= row.lastSeenAt.addingTimeInterval(Self.sessionIdleLimit) || !account.active {
            try write { db in _ = try SessionRow.deleteOne(db, key: id) }
            return nil
        }
        var seen = row
        if now.timeIntervalSince(row.lastSeenAt) >= Self.touchInterval {
            seen.lastSeenAt = now
            try write { db in
                try db.execute(sql: "UPDATE session SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", arguments: [now, id, now])
            }
        }
        return Session(id: seen.id, csrfToken: seen.csrfToken, account: Account(account), createdAt: seen.createdAt, lastSeenAt: seen.lastSeenAt)
    }

    /// Ends a session (signing out). Ending one that has ended already is not an error.
    public func signOut(sessionID: String) throws(AccountsError) {
        try write { db in _ = try SessionRow.deleteOne(db, key: sessionID) }
    }

    /// Whether `token` is the CSRF token of the session with this id, compared in a time that
    /// does not depend on where they differ.
    public static func csrfMatches(_ token: String, session: Session) -> Bool {
        let given = Array(token.utf8)
        let expected = Array(session.csrfToken.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: - Inside the transaction

    /// When the name's lock ends, if it is locked at `now`.
    static func lock(_ key: String, at now: Date, in db: Database) throws -> Date? {
        guard let until = try Date.fetchOne(db, sql: "SELECT until FROM sign_in_lock WHERE name_key = ?", arguments: [key]) else { return nil }
        return until > now ? until : nil
    }

    /// Records a failed sign-in of `key`, and locks it when it is the fifth within the window.
    static func fail(key: String, account: AccountRow?, now: Date, client: String?, in db: Database) throws -> SignInResult {
        // Only the last window matters: older failures and ended locks are dropped here.
        try SignInFailureRow.filter(Column("at") <= now.addingTimeInterval(-lockOutWindow)).deleteAll(db)
        try db.execute(sql: "DELETE FROM sign_in_lock WHERE until <= ?", arguments: [now])
        var failure = SignInFailureRow(id: nil, nameKey: key, at: now)
        try failure.insert(db)
        // The name tried is recorded only when it is an account's: an unknown "name" is often
        // a password typed into the wrong field.
        let actor = Actor(name: account?.name ?? "?", channel: .workstation)
        let from = client.map { "from \($0)" }
        try record(
            AuditEntry(
                at: now, actor: actor, action: .signInFailed, target: account?.name,
                note: [account == nil ? "unknown name" : nil, from].compactMap { $0 }.joined(separator: "; ").nilIfEmpty),
            in: db)
        let recent = try SignInFailureRow.filter(Column("name_key") == key && Column("at") > now.addingTimeInterval(-lockOutWindow)).fetchCount(db)
        guard recent >= lockOutFailures else { return .refused(.wrongNameOrPassword) }
        let until = now.addingTimeInterval(lockOutDuration)
        try db.execute(sql: "INSERT OR REPLACE INTO sign_in_lock (name_key, until) VALUES (?, ?)", arguments: [key, until])
        // The lock uses up the failures: after it, five more are needed for the next.
        try SignInFailureRow.filter(Column("name_key") == key).deleteAll(db)
        try record(
            AuditEntry(
                at: now, actor: actor, action: .lockedOut, target: account?.name,
                note: "\(Int(lockOutWindow)) 秒内登录失败 \(lockOutFailures) 次，锁定 \(Int(lockOutDuration)) 秒"),
            in: db)
        return .refused(.locked(until: until))
    }

    static func openSession(for account: AccountRow, now: Date, in db: Database) throws -> Session {
        try SessionRow.filter(Column("last_seen_at") <= now.addingTimeInterval(-sessionIdleLimit)).deleteAll(db)
        let row = SessionRow(id: randomToken(), csrfToken: randomToken(), accountId: account.id!, createdAt: now, lastSeenAt: now)
        try row.insert(db)
        return Session(id: row.id, csrfToken: row.csrfToken, account: Account(account), createdAt: now, lastSeenAt: now)
    }

    /// A password hashed at a lower cost than the accounts' is hashed again at sign-in, when
    /// it is known; its sessions are kept, since the password itself did not change.
    func rehash(_ row: AccountRow, password: String) throws(AccountsError) {
        let hash = Credentials.hash(Credentials.normalised(password), cost: cost)
        try write { db in
            try db.execute(sql: "UPDATE account SET password_hash = ? WHERE id = ? AND password_hash = ?", arguments: [hash, row.id, row.passwordHash])
        }
    }

    /// 32 bytes from the system's cryptographic random source, in hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    static func isSessionID(_ id: String) -> Bool {
        id.utf8.count == 64 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

struct SignInFailureRow: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "sign_in_failure"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var nameKey: String
    var at: Date

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}

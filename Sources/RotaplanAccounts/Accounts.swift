import Foundation
import GRDB

/// Why an accounts command or call was refused; the message says what to do. Nothing was changed.
public struct AccountsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The office's accounts, sessions and audit record in `ROOT/users.sqlite` (docs/workstation.md
/// "Accounts"): an SQLite file in WAL mode, opened and migrated here, shared by `rotaplan user`
/// and `rotaplan serve`. Every change is one transaction with its audit row. Times are passed
/// in (`now`), so that what depends on them is tested without waiting.
public final class Accounts: Sendable {
    public let url: URL
    /// The bcrypt cost (log2 of the rounds) new password hashes are made with.
    public let cost: UInt8
    let pool: DatabasePool
    let dummyHash: DummyHash

    /// The file's name in the workspace root.
    public static let fileName = "users.sqlite"
    /// The cost for interactive sign-in: about 0.2 s per hash or check on a 2-core machine
    /// (docs/workstation.md "Accounts" has the measurement).
    public static let defaultCost: UInt8 = 12
    /// A session not used for this long has ended.
    public static let sessionIdleLimit: TimeInterval = 8 * 3600
    /// A session's last use is written at most this often, so that most page loads only read.
    public static let touchInterval: TimeInterval = 60
    /// This many failed sign-ins of one name within `lockOutWindow` lock it for `lockOutDuration`.
    public static let lockOutFailures = 5
    public static let lockOutWindow: TimeInterval = 60
    public static let lockOutDuration: TimeInterval = 60
    /// How long a writer waits for another (the workstation, a command) to finish.
    static let busySeconds: TimeInterval = 5

    private init(url: URL, cost: UInt8, pool: DatabasePool) {
        self.url = url
        self.cost = cost
        self.pool = pool
        dummyHash = DummyHash(cost: cost)
    }

    /// `ROOT/users.sqlite`.
    public static func url(root: URL) -> URL {
        root.appendingPathComponent(fileName)
    }

    /// Opens `ROOT/users.sqlite`, creating it (readable by its owner only) when it does not
    /// exist, and runs the migrations.
    public static func open(root: URL, cost: UInt8 = defaultCost) throws(AccountsError) -> Accounts {
        try open(url(root: root), cost: cost)
    }

    /// Opens the accounts file at `url`. A file that is not one, or one written by a newer
    /// rotaplan, is refused and left exactly as it was.
    public static func open(_ url: URL, cost: UInt8 = defaultCost) throws(AccountsError) -> Accounts {
        guard Credentials.costs.contains(cost) else {
            throw AccountsError("bcrypt cost \(cost) is outside \(Credentials.costs.lowerBound)...\(Credentials.costs.upperBound).")
        }
        let path = url.path
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            if size > 0 { try probe(url) }
        } else {
            try createPrivately(path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busySeconds)
        configuration.label = "accounts"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try AccountsSchema.migrator.migrate(pool)
            return Accounts(url: url, cost: cost, pool: pool)
        } catch {
            throw describe(error, url: url)
        }
    }

    /// Whether accounts mode is on under `root`: any active account exists. Without a
    /// `users.sqlite` it is off and no file is made.
    public static func modeIsOn(root: URL) throws(AccountsError) -> Bool {
        let url = url(root: root)
        guard FileManager.default.fileExists(atPath: url.path) else { return false }
        let accounts = try open(url)
        defer { try? accounts.close() }
        return try accounts.modeIsOn()
    }

    /// An empty file only its owner may read and write, so that the hashes and the session
    /// ids are not readable by other users of the machine (SQLite gives its -wal and -shm
    /// files the same permissions).
    static func createPrivately(_ path: String) throws(AccountsError) {
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return }
            throw AccountsError("\(path): cannot be created (\(String(cString: strerror(errno)))).")
        }
        _ = Foundation.close(descriptor)
    }

    /// Looks at an existing file without changing it: an SQLite database, the accounts'
    /// application id, and no migration this rotaplan does not know.
    static func probe(_ url: URL) throws(AccountsError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busySeconds)
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            let (applicationID, applied) = try queue.read { db -> (Int32, [String]) in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard try db.tableExists("grdb_migrations") else { return (applicationID, []) }
                return (applicationID, try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
            try queue.close()
            guard applicationID == AccountsSchema.applicationID else {
                throw AccountsError("\(url.path): is an SQLite database but not rotaplan's accounts file; it was left as it is.")
            }
            let known = Set(AccountsSchema.migrator.migrations)
            let unknown = applied.filter { !known.contains($0) }
            if !unknown.isEmpty {
                throw AccountsError(
                    "\(url.path): was written by a newer rotaplan (schema \(unknown.sorted().joined(separator: ", ")); this one knows up to \(AccountsSchema.currentVersion)). It was left as it is; use the newer rotaplan."
                )
            }
        } catch let error as AccountsError {
            throw error
        } catch {
            throw describe(error, url: url)
        }
    }

    /// A database error in the words of the accounts file.
    static func describe(_ error: any Error, url: URL) -> AccountsError {
        guard let error = error as? DatabaseError else { return AccountsError("\(url.path): \(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return AccountsError("\(url.path): is not rotaplan's accounts file (not an SQLite database); it was left as it is.")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return AccountsError(
                "\(url.path): another rotaplan (a command or the workstation) is writing the accounts; waited \(Int(busySeconds)) s. Nothing was changed; try again."
            )
        case .SQLITE_CORRUPT:
            return AccountsError("\(url.path): the file is damaged (\(error.message ?? "corrupt")).")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return AccountsError("\(url.path): cannot be opened for writing (\(error.message ?? "permission")).")
        default:
            return AccountsError("\(url.path): \(error.message ?? String(describing: error))")
        }
    }

    /// Runs `body` as one immediate transaction: all of it or nothing.
    func write<T>(_ body: (Database) throws -> T) throws(AccountsError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as AccountsError {
            throw error
        } catch {
            throw Self.describe(error, url: url)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(AccountsError) -> T {
        do {
            return try pool.read(body)
        } catch let error as AccountsError {
            throw error
        } catch {
            throw Self.describe(error, url: url)
        }
    }

    /// The schema version the file is at.
    public func schemaVersion() throws(AccountsError) -> String {
        try read { db in try AccountsSchema.migrator.appliedIdentifiers(db).sorted().last ?? "none" }
    }

    /// Closes the file (tests reopen it to play a restart; commands just end).
    public func close() throws {
        try pool.close()
    }
}

/// A hash of nothing at the accounts' cost, made the first time a sign-in names no account:
/// checking a password against it takes as long as against a real hash, so that the time an
/// answer takes does not tell which names exist.
final class DummyHash: @unchecked Sendable {
    let cost: UInt8
    private let lock = NSLock()
    private var made: String?

    init(cost: UInt8) {
        self.cost = cost
    }

    var value: String {
        lock.withLock {
            if let made { return made }
            let hash = Credentials.hash(UUID().uuidString, cost: cost)
            made = hash
            return hash
        }
    }
}

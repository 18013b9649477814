import Foundation
import GRDB

/// Why the ledger refused a command: the message says what to do. Nothing was changed.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// What kind of refusal, for the exit status (docs/ledger.md "Exit status").
    public enum Kind: Sendable {
        /// Bad input or a refused command (exit 1).
        case refused
        /// Another writer held the ledger for longer than the 5 s a writer waits (exit 5).
        case busy
        /// The file, or a file to restore, is damaged (exit 4).
        case damaged
    }

    public var description: String
    public var kind: Kind

    public init(_ description: String, kind: Kind = .refused) {
        self.description = description
        self.kind = kind
    }
}

/// The county's secondment ledger (docs/ledger.md): an SQLite file in WAL mode, opened and
/// migrated here. Every command is one transaction; planned rows and events are only inserted,
/// and the current state of each secondment is derived from them.
public final class Ledger: Sendable {
    public let url: URL
    let pool: DatabasePool

    /// How long a writer waits for another to finish before it gives up.
    static let busySeconds: TimeInterval = 5

    private init(url: URL, pool: DatabasePool) {
        self.url = url
        self.pool = pool
    }

    /// Whether a command only reads the ledger (and so never waits for a writer) or writes it.
    public enum Access: Sendable {
        case read, write
    }

    /// Opens the ledger at `url`, creating it when `create` and it does not exist, and runs the
    /// migrations. A file that is not a ledger, or a ledger from a newer rotaplan, is refused
    /// and left exactly as it was. Opened to `read`, an up-to-date ledger is only read: its
    /// readers never wait for a writer.
    public static func open(_ url: URL, create: Bool, access: Access = .write) throws(LedgerError) -> Ledger {
        let path = url.path
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            // SQLite would answer "disk I/O error" for a folder.
            let inside = url.appendingPathComponent(fileName)
            let hint = FileManager.default.fileExists(atPath: inside.path) ? " 是否应为 --ledger \(inside.path)？ (Maybe --ledger \(inside.path)?)" : ""
            throw LedgerError("\(path): 是文件夹，不是台账文件 (is a folder, not a ledger file).\(hint)")
        }
        if !exists && !create {
            throw LedgerError(
                "\(path): 这里没有台账；`rotaplan ledger publish` 会新建一个，`--ledger 文件` 可指定别的台账。 (there is no ledger here. `rotaplan ledger publish` creates one; `--ledger FILE` names another.)"
            )
        }
        var upToDate = false
        if exists, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
            upToDate = try probe(url)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busySeconds)
        configuration.label = "ledger"
        do {
            if access == .read && upToDate {
                configuration.readonly = true
                return Ledger(url: url, pool: try DatabasePool(path: path, configuration: configuration))
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try LedgerSchema.migrator.migrate(pool)
            guard access == .read else { return Ledger(url: url, pool: pool) }
            try pool.close()
            configuration.readonly = true
            return Ledger(url: url, pool: try DatabasePool(path: path, configuration: configuration))
        } catch {
            throw describe(error, url: url)
        }
    }

    /// Looks at an existing file without changing it: an SQLite database, rotaplan's
    /// application id, and no migration this rotaplan does not know. True when every
    /// migration has run.
    static func probe(_ url: URL) throws(LedgerError) -> Bool {
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
            guard applicationID == LedgerSchema.applicationID else {
                throw LedgerError("\(url.path): is an SQLite database but not a rotaplan ledger; it was left as it is. Give another --ledger file.")
            }
            let known = Set(LedgerSchema.migrator.migrations)
            let unknown = applied.filter { !known.contains($0) }
            if !unknown.isEmpty {
                throw LedgerError(
                    "\(url.path): was written by a newer rotaplan (schema \(unknown.sorted().joined(separator: ", ")); this one knows up to \(LedgerSchema.currentVersion)). It was left as it is; use the newer rotaplan."
                )
            }
            return known.isSubset(of: applied)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw describe(error, url: url)
        }
    }

    /// A database error in the words of the ledger.
    static func describe(_ error: any Error, url: URL) -> LedgerError {
        guard let error = error as? DatabaseError else { return LedgerError("\(url.path): \(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return LedgerError("\(url.path): is not a rotaplan ledger (not an SQLite database); it was left as it is.")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return LedgerError(
                "\(url.path): another rotaplan (a command or the workstation) is writing the ledger; waited \(Int(busySeconds)) s. Nothing was changed; try again when it has finished.",
                kind: .busy)
        case .SQLITE_CORRUPT:
            return LedgerError(
                "\(url.path): the file is damaged (\(error.message ?? "corrupt")). Restore it from a backup (`rotaplan ledger restore`).",
                kind: .damaged)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return LedgerError("\(url.path): cannot be opened for writing (\(error.message ?? "permission")).")
        default:
            return LedgerError("\(url.path): \(error.message ?? String(describing: error))")
        }
    }

    /// Runs `body` as one immediate transaction: the whole command or nothing.
    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    Failpoints.pass()
                    return .commit
                }
                Failpoints.pass()
                return result!
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw Self.describe(error, url: url)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw Self.describe(error, url: url)
        }
    }

    /// `PRAGMA integrity_check`'s answer: `["ok"]` for a sound file.
    public func integrityCheck() throws(LedgerError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The schema version the file is at.
    public func schemaVersion() throws(LedgerError) -> String {
        try read { db in try LedgerSchema.migrator.appliedIdentifiers(db).sorted().last ?? "none" }
    }

    /// The county the ledger belongs to, once something was recorded.
    public func county() throws(LedgerError) -> (slug: String, name: String)? {
        try read { db in try CountyRow.fetchOne(db).map { ($0.slug, $0.name) } }
    }

    /// With `ROTAPLAN_LEDGER_FAILPOINT` set: how many test points this process passed (the
    /// crash test reads it from a run that was not stopped, to spread its kills over the run).
    public static var failpointsPassed: Int? { Failpoints.enabled ? Failpoints.passed : nil }

    /// Closes the file (tests reopen it; commands just end).
    public func close() throws {
        try pool.close()
    }
}

/// Test points inside a ledger command (docs/ledger.md "How it is kept"): with
/// `ROTAPLAN_LEDGER_FAILPOINT=N` in the environment, the process stops at the N-th point it
/// passes, says `failpoint N` on stdout and waits to be killed. The crash test uses them to
/// kill a publish at chosen moments instead of after a guessed sleep; without the variable
/// they cost one comparison.
enum Failpoints {
    static let stopAt: Int? = ProcessInfo.processInfo.environment["ROTAPLAN_LEDGER_FAILPOINT"].flatMap(Int.init)
    private static let counter = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }

        var passed: Int {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
    }

    static func pass() {
        guard let stopAt else { return }
        let point = counter.next()
        guard point == stopAt else { return }
        FileHandle.standardOutput.write(Data("failpoint \(point)\n".utf8))
        while true { sleep(60) }
    }

    /// How many points this process passed (reported when the variable is set and never reached).
    static var passed: Int { counter.passed }
    static var enabled: Bool { stopAt != nil }
}

import Foundation
import GRDB
import RotaplanReport

/// A copy of a ledger taken with SQLite's online backup (docs/ledger.md "Backups"), with the
/// head of its chain written beside it (`FILE.head`).
public struct LedgerBackup: Sendable {
    public var file: URL
    public var head: LedgerHead?
    public var events: Int
}

/// What `ledger restore` did: the file brought in and its head, the ledger it replaced (kept
/// as a backup), and the restore event recorded at the end of the chain.
public struct LedgerRestore: Sendable {
    public var ledger: URL
    public var from: URL
    public var restoredHead: LedgerHead?
    public var restoredEvents: Int
    public var kept: LedgerBackup?
    public var write: LedgerWrite
}

extension Ledger {
    /// How many automatic backups of a ledger `ledger-backups/` keeps.
    public static let backupsKept = 30

    /// `ledger-backups/` beside the ledger.
    public var backupFolder: URL { Self.backupFolder(for: url) }

    static func backupFolder(for ledger: URL) -> URL {
        ledger.deletingLastPathComponent().appendingPathComponent("ledger-backups")
    }

    /// The automatic backups of this ledger, oldest first.
    public func automaticBackups() -> [URL] {
        let stem = url.deletingPathExtension().lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: backupFolder.path)) ?? []
        return names.filter { Self.isBackupName($0, of: stem) }.sorted().map { backupFolder.appendingPathComponent($0) }
    }

    /// `STEM-20261203T051000.123Z-REASON.sqlite`: the time first, so that names sort by age.
    static func isBackupName(_ name: String, of stem: String) -> Bool {
        guard name.hasPrefix(stem + "-"), name.hasSuffix(".sqlite") else { return false }
        let rest = name.dropFirst(stem.count + 1)
        return rest.count > 9 && rest.prefix(8).allSatisfy { $0.isASCII && $0.isNumber } && rest.dropFirst(8).first == "T"
    }

    /// `ledger backup DEST`: a consistent copy while others read and write, written whole in
    /// place of DEST, and its head beside it in `DEST.head`.
    public func backup(to destination: URL) throws(LedgerError) -> LedgerBackup {
        guard destination.standardizedFileURL.resolvingSymlinksInPath() != url.standardizedFileURL.resolvingSymlinksInPath() else {
            throw LedgerError("\(destination.path): is the ledger itself; give another file for the copy.")
        }
        do {
            return try Self.copy(from: pool, of: url, to: destination, why: "ledger backup")
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError("\(destination.path): the copy could not be written (\(Self.reason(error))); the ledger is unchanged.")
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? (error as NSError).localizedDescription
    }

    /// Copies the ledger `source` reads through SQLite's backup API into a private file, then
    /// writes that file whole in place of `destination` (written beside, flushed, renamed),
    /// with the head beside it. The copy is a plain file (not WAL), so it opens anywhere.
    static func copy(from source: any DatabaseReader, of ledger: URL, to destination: URL, why: String) throws -> LedgerBackup {
        let folder = destination.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).copy-\(UUID().uuidString.prefix(8))")
        defer { removeDatabase(at: temporary) }
        let queue = try DatabaseQueue(path: temporary.path)
        try source.backup(to: queue)
        let (head, events) = try queue.read { db in
            (try LedgerChain.head(db), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0)
        }
        _ = try queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        try queue.close()
        try OutputFolder.writeFile(try Data(contentsOf: temporary), to: destination)
        try OutputFolder.writeFile(Data(headText(head, events: events, ledger: ledger, why: why).utf8), to: headFile(of: destination))
        return LedgerBackup(file: destination, head: head, events: events)
    }

    /// The file beside a backup that keeps its head.
    public static func headFile(of backup: URL) -> URL {
        URL(fileURLWithPath: backup.path + ".head")
    }

    /// The head written beside a backup: the 16 hex digits on the first line, then for people
    /// what it is and how to check it.
    static func headText(_ head: LedgerHead?, events: Int, ledger: URL, why: String) -> String {
        let formatter = ISO8601DateFormatter()
        guard let head else { return "none\n\(ledger.path) had no events (\(why), \(formatter.string(from: Date())))\n" }
        return """
            \(head.short)
            the head of \(ledger.path) when copied: event \(head.event) of \(events), chain sha256 \(head.sha256)
            \(why), \(formatter.string(from: Date()))
            check the copy with: rotaplan ledger verify --ledger COPY --head \(head.short)

            """
    }

    /// The head a `.head` file beside `backup` names, if there is one.
    static func recordedHead(of backup: URL) -> String? {
        guard let text = try? String(contentsOf: headFile(of: backup), encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func removeDatabase(at url: URL) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    }

    /// Inside a write, before its first change: a copy of the ledger as it is (the write lock
    /// is held, so it is exactly the state before the command) into `ledger-backups/`, then the
    /// oldest beyond 30 removed. Nothing to copy while the ledger has no events.
    func backUpBeforeWriting(_ db: Database, reason: String) throws -> URL? {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 > 0 else { return nil }
        let destination = try nextBackupName(reason: reason)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Self.busySeconds)
        let source = try DatabaseQueue(path: url.path, configuration: configuration)
        defer { try? source.close() }
        _ = try Self.copy(from: source, of: url, to: destination, why: "taken before \(reason)")
        Failpoints.pass()
        pruneBackups()
        return destination
    }

    /// A new name in `ledger-backups/` (created if needed) for a backup taken now.
    func nextBackupName(reason: String) throws -> URL {
        try FileManager.default.createDirectory(at: backupFolder, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        let stem = url.deletingPathExtension().lastPathComponent
        let base = "\(stem)-\(formatter.string(from: Date()))-\(reason)"
        var candidate = backupFolder.appendingPathComponent(base + ".sqlite")
        var number = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = backupFolder.appendingPathComponent("\(base)-\(number).sqlite")
            number += 1
        }
        return candidate
    }

    /// Keeps the newest 30 automatic backups (and their heads), and removes copies left half
    /// written by a process that was killed (hidden files and restore folders of this ledger
    /// older than an hour).
    func pruneBackups() {
        let backups = automaticBackups()
        for old in backups.dropLast(Self.backupsKept) {
            try? FileManager.default.removeItem(at: old)
            try? FileManager.default.removeItem(at: Self.headFile(of: old))
        }
        let stem = url.deletingPathExtension().lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: backupFolder.path)) ?? []
        for name in names where name.hasPrefix(".\(stem)-") {
            let file = backupFolder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
            if let modified, modified < Date().addingTimeInterval(-3600) { try? FileManager.default.removeItem(at: file) }
        }
    }

    /// `ledger restore FROM` (docs/ledger.md "Backups"). FROM is copied to a private file
    /// (migrated there if older) and verified, with the head beside it when there is one; a
    /// damaged FROM, or one of another county, is refused and the ledger left as it was. The
    /// restore event is appended to the copy; then the copy goes into the ledger through the
    /// backup API as one write transaction, so readers see the old or the new ledger. Holding
    /// that transaction, the ledger as it stands is kept in `ledger-backups/` first.
    public static func restore(_ ledgerURL: URL, from source: URL, context: LedgerContext) throws(LedgerError) -> LedgerRestore {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: source.path) else { throw LedgerError("\(source.path): there is no file here to restore.") }
        guard source.standardizedFileURL.resolvingSymlinksInPath() != ledgerURL.standardizedFileURL.resolvingSymlinksInPath() else {
            throw LedgerError("\(source.path): is the ledger itself; give a backup to restore.")
        }
        _ = try probe(source)
        // Staged as a hidden folder in ledger-backups/: a restore killed before its cleanup leaves
        // it there, where pruneBackups removes it after an hour, instead of in the system's /tmp.
        let stem = ledgerURL.deletingPathExtension().lastPathComponent
        let work = backupFolder(for: ledgerURL).appendingPathComponent(".\(stem)-restore-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: work) }
        let staged = work.appendingPathComponent("ledger.sqlite")
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.readonly = true
            let from = try DatabaseQueue(path: source.path, configuration: configuration)
            try from.backup(to: try DatabaseQueue(path: staged.path))
            try from.close()
        } catch {
            throw describe(error, url: source)
        }

        // FROM as it would be opened here, verified against the head beside it.
        let restored = try Ledger.open(staged, create: false, access: .write)
        let recorded = recordedHead(of: source).flatMap { $0 == "none" ? nil : $0 }
        let verification = try restored.verify(expectedHead: recorded)
        var damage = verification.damage
        if case .passed(_, let since)? = verification.anchor {
            damage.append(
                "\(source.lastPathComponent) holds \(since.count) event\(since.count == 1 ? "" : "s") after the head written beside it (\(recorded ?? "")): it was written to after it was copied."
            )
        }
        guard damage.isEmpty else {
            throw LedgerError(
                (damage.map { "\(source.path): \($0)" } + ["Nothing was restored; \(ledgerURL.path) is as it was."]).joined(separator: "\n"),
                kind: .damaged)
        }
        let restoredCounty = try restored.county()
        let restoredHead = verification.head

        // The ledger it replaces: its county must match, and its head is checked again under the lock.
        let current: (head: LedgerHead?, events: Int)
        if fileManager.fileExists(atPath: ledgerURL.path) {
            let ledger = try Ledger.open(ledgerURL, create: false, access: .read)
            if let county = try ledger.county(), let restoredCounty, county.slug != restoredCounty.slug {
                throw LedgerError(
                    "\(source.path): is a ledger of \(restoredCounty.name) (\(restoredCounty.slug)), not of \(county.name) (\(county.slug)) like \(ledgerURL.path); nothing was restored."
                )
            }
            current = (try ledger.head(), try ledger.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 })
            try? ledger.close()
        } else {
            try? Ledger.open(ledgerURL, create: true, access: .write).close()
            current = (nil, 0)
        }
        let replaced = try Ledger.open(ledgerURL, create: false, access: .read)
        let kept: URL?
        do {
            kept = current.head == nil ? nil : try replaced.nextBackupName(reason: "restore")
        } catch {
            throw LedgerError(
                "\(replaced.backupFolder.path): cannot hold the backup of the ledger before the restore (\(reason(error))); nothing was restored.")
        }

        // The restore event, at the end of the restored chain.
        var detail = EventDetail()
        detail.restoredFrom = source.path
        detail.restoredHead = restoredHead?.short
        detail.replacedHead = current.head?.short
        detail.replacedEvents = current.events
        detail.keptAs = kept?.path
        var event = context.event(.restore)
        event.detail = detail.json()
        let head = try restored.write { db in try LedgerChain.append(&event, payload: nil, db) }
        try? restored.close()
        Failpoints.pass()

        // Into the ledger through the backup API: one write transaction on it, taken at the first
        // page; holding it, the ledger is checked unchanged and kept, then the copy completes.
        var keptBackup: LedgerBackup?
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let copySource = try DatabaseQueue(path: staged.path, configuration: configuration)
            let destination = try DatabaseQueue(
                path: ledgerURL.path,
                configuration: {
                    var writing = Configuration()
                    writing.busyMode = .timeout(busySeconds)
                    return writing
                }())
            var first = true
            try copySource.backup(to: destination, pagesPerStep: 1) { progress in
                // Called once more after the last page, when the copy is already committed.
                guard !progress.isCompleted else { return }
                if first {
                    first = false
                    let now = try replaced.read { db in try LedgerChain.head(db) }
                    guard now == current.head else {
                        throw LedgerError(
                            "\(ledgerURL.path): another rotaplan wrote the ledger while it was being restored; nothing was restored. Run the restore again.",
                            kind: .busy)
                    }
                    if let kept {
                        keptBackup = try copy(from: replaced.pool, of: ledgerURL, to: kept, why: "taken before restoring \(source.path)")
                    }
                }
                Failpoints.pass()
            }
            try destination.close()
            try copySource.close()
        } catch let error as LedgerError {
            throw error
        } catch {
            throw describe(error, url: ledgerURL)
        }
        Failpoints.pass()
        replaced.pruneBackups()
        try? replaced.close()
        return LedgerRestore(
            ledger: ledgerURL, from: source, restoredHead: restoredHead, restoredEvents: verification.events, kept: keptBackup,
            write: LedgerWrite(event: event, head: head, backup: keptBackup?.file))
    }
}

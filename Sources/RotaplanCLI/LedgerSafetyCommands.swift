import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import RotaplanWorkflow

// The ledger commands that keep it safe: verify, backup, restore.

struct LedgerVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Checks the ledger: SQLite's integrity_check, the hash chain, every row against a fresh replay of the events, and the head given.",
        discussion:
            "A row edited by hand is named with the event that recorded it and what differs. Exit status 0 sound, 4 damage found (printed), 1 bad input.")

    @Option(help: "A head printed earlier (16 hex digits, by a publish, an amend, a list, or beside a backup): the chain must pass through it.")
    var head: String?

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        if let head, !(16...64).contains(head.count) || !head.allSatisfy(\.isHexDigit) {
            throw ValidationError("--head '\(head)': give the 16 hex digits printed as the ledger's head (0-9, a-f).")
        }
    }

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        // A head copied from a list may be in capitals; the chain's are lower case.
        let verification = try ledgerCall { () throws(LedgerError) in try ledger.verify(expectedHead: head?.lowercased()) }
        if verification.isSound {
            Console.current.out(verification.text)
        } else {
            Console.current.err(verification.text)
            throw ExitCode(4)
        }
    }
}

struct LedgerBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copies the ledger while others read and write (SQLite's online backup) to DEST, replaced whole, with its head in DEST.head.")

    @Argument(help: "The copy to write, e.g. ledger-2026-08-31.sqlite.")
    var destination: String

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let copy = try ledgerCall { () throws(LedgerError) in try ledger.backup(to: URL(fileURLWithPath: destination)) }
        Console.current.out("已备份台账 \(ledger.url.path) 到 \(destination)：\(copy.events) 条记录 (backed up: \(copy.events) events)")
        if let head = copy.head {
            Console.current.out("备份的台账校验码（head of the copy）：\(head.short)（第 \(head.event) 条记录），已记在 \(Ledger.headFile(of: copy.file).path)")
        }
    }
}

struct LedgerRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replaces the ledger with a backup: FROM is verified first, the current ledger is kept in ledger-backups/, and a restore event is recorded.",
        discussion:
            "Readers see the old or the new ledger, never a mix. A damaged FROM (or one whose chain does not end in the head in FROM.head beside it) is refused with exit status 4, and the ledger is left as it was."
    )

    @Argument(help: "The backup to bring back (a file `ledger backup` or an automatic backup wrote).")
    var from: String

    @Option(help: "Why (required): recorded with the restore event.")
    var note: String

    @OptionGroup var who: LedgerWho
    @OptionGroup var location: LedgerLocation

    func validate() throws {
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--note: say why; the record keeps it.") }
    }

    func run() throws {
        let ledger = location.url()
        let restored = try ledgerCall { () throws(LedgerError) in
            try Ledger.restore(ledger, from: URL(fileURLWithPath: from), context: who.context(note: note))
        }
        Console.current.out(
            "已从 \(from) 恢复台账 \(ledger.path)：\(restored.restoredEvents) 条记录，校验码 \(restored.restoredHead?.short ?? "无")；恢复记为第 \(restored.write.head.event) 条记录。"
                + " (restored \(ledger.path) from \(from): \(restored.restoredEvents) events, head \(restored.restoredHead?.short ?? "none"); the restore is event \(restored.write.head.event))"
        )
        if let kept = restored.kept {
            Console.current.out(
                "被替换的台账（\(kept.events) 条记录，校验码 \(kept.head?.short ?? "无")）已另存为 \(kept.file.path) (the ledger it replaced (\(kept.events) events, head \(kept.head?.short ?? "none")) is kept as \(kept.file.path))"
            )
        }
        Console.current.out(headLine(restored.write.head))
        if let passed = Ledger.failpointsPassed { Console.current.err("failpoints passed: \(passed)") }
    }
}

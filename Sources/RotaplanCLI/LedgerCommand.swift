import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import RotaplanWorkflow

/// `rotaplan ledger …`: the county's record of secondments (docs/ledger.md).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The county's secondment ledger (ledger.sqlite): publish plans, record what really happened, service records, history for next year.",
        discussion: """
            Every subcommand is one transaction: a command that fails or is killed changes nothing. Every publish, amend, import and restore first writes a backup to ledger-backups/ beside the ledger, and prints the head of the ledger's hash chain, to be kept.
            Exit status: 0 done (verify: sound); 1 refused or bad input (the message says why); 4 damage found (verify, restore, a damaged file); 5 another writer held the ledger past the 5 s a writer waits.
            """,
        subcommands: [
            LedgerPublish.self, LedgerLists.self, LedgerAmend.self, LedgerHistoryCommand.self, LedgerShow.self, LedgerExport.self, LedgerImport.self,
            LedgerVerify.self, LedgerBackupCommand.self, LedgerRestore.self,
        ])
}

/// `--ledger FILE`, shared by every subcommand.
struct LedgerLocation: ParsableArguments {
    @Option(help: "The ledger file. Default: ledger.sqlite in the scenario folder, or ./ledger.sqlite without one.")
    var ledger: String?

    func url(scenario: String? = nil) -> URL {
        if let ledger { return URL(fileURLWithPath: ledger) }
        if let scenario { return Ledger.defaultLocation(forScenario: URL(fileURLWithPath: scenario)) }
        return URL(fileURLWithPath: Ledger.fileName)
    }

    func open(scenario: String? = nil, create: Bool, access: Ledger.Access = .write) throws -> Ledger {
        try ledgerCall { () throws(LedgerError) in try Ledger.open(url(scenario: scenario), create: create, access: access) }
    }
}

/// `--by NAME`: the person the operating-system user records the change for (LEDGER.md "Who").
struct LedgerWho: ParsableArguments {
    @Option(help: "Your name, recorded with the event beside the operating-system user.")
    var by: String?

    func validate() throws {
        if let by, by.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--by: give a name, or leave the option out.") }
    }

    func context(note: String?) -> LedgerContext {
        .commandLine(by: by?.trimmingCharacters(in: .whitespaces), command: Rotaplan.commandLine, note: note)
    }
}

/// The exit status of a ledger refusal (docs/ledger.md "Exit status").
func ledgerExitCode(_ kind: LedgerError.Kind) -> ExitCode {
    switch kind {
    case .refused: ExitCode(1)
    case .damaged: ExitCode(4)
    case .busy: ExitCode(5)
    }
}

/// Runs a ledger call; a refusal is printed and is exit status 1 (4 for damage, 5 for a busy ledger).
func ledgerCall<T>(_ body: () throws(LedgerError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        Console.current.err(error.description)
        throw ledgerExitCode(error.kind)
    }
}

/// The head as every write prints it: to be kept outside the file.
func headLine(_ head: LedgerHead) -> String {
    "台账校验码（ledger head）：\(head.short)（第 \(head.event) 条记录）。请另行保存，日后可用 rotaplan ledger verify --head \(head.short) 核对台账未被改动。"
}

/// What every write prints after its own line: the backup taken before it and the head.
func printWritten(_ written: LedgerWrite) {
    if let backup = written.backup { Console.current.out("写入前的台账备份（backup before it）：\(backup.path)") }
    Console.current.out(headLine(written.head))
}

/// Writes one file whole (beside, flushed, renamed over the old one; a missing folder on the
/// way is made); a failure is exit 1, and so is a scenario's file or a ledger there (`named`:
/// the scenario file the command writes).
func writeWhole(_ data: Data, to path: String, named allowed: String? = nil) throws {
    if let reason = OutputFolder.refusalToOverwrite(URL(fileURLWithPath: path), named: allowed) {
        Console.current.err("\(path): not overwritten: \(reason). Give another file.")
        throw ExitCode(1)
    }
    do {
        // A folder on the way that is missing is made, as for a folder output.
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try OutputFolder.writeFile(data, to: URL(fileURLWithPath: path))
    } catch {
        let trouble = FileTrouble(error, at: URL(fileURLWithPath: path), reading: false)
        Console.current.err("\(path): could not be written (\(trouble.english)); the file there, if any, is as it was.")
        throw ExitCode(1)
    }
}

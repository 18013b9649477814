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
            LedgerPublish.self, LedgerAmend.self, LedgerHistoryCommand.self, LedgerShow.self, LedgerExport.self, LedgerImport.self,
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
    "ledger head: \(head.short) (event \(head.event)); keep it to check the ledger later with `rotaplan ledger verify --head \(head.short)`"
}

/// What every write prints after its own line: the backup taken before it and the head.
func printWritten(_ written: LedgerWrite) {
    if let backup = written.backup { Console.current.out("backup before it: \(backup.path)") }
    Console.current.out(headLine(written.head))
}

/// Writes one file whole (beside, flushed, renamed over the old one); a failure is exit 1.
func writeWhole(_ data: Data, to path: String) throws {
    do {
        try OutputFolder.writeFile(data, to: URL(fileURLWithPath: path))
    } catch {
        Console.current.err("\(path): could not be written (\((error as NSError).localizedDescription)); the file there, if any, is as it was.")
        throw ExitCode(1)
    }
}

struct LedgerPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Records a plan as the county's decision for its year: each rotation a secondment, each itinerant visit a weekly assignment.",
        discussion:
            "The plan is first verified against the scenario under the plan's own settings; a plan that does not verify, a provisional year, a plan of another county, or a year already published (without --replace --note) is refused and nothing is recorded."
    )

    @Argument(help: "The scenario the plan was made for (a folder or an .xlsx workbook).")
    var scenario: String

    @Argument(help: "The plan.json to publish.")
    var plan: String

    @Option(help: "Why: recorded with the event (required with --replace).")
    var note: String?

    @Flag(help: "Publish a year that is already published again (the earlier publication stays in the record).")
    var replace = false

    @OptionGroup var who: LedgerWho
    @OptionGroup var location: LedgerLocation

    func validate() throws {
        if replace && (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--replace needs --note WHY: the record says why a published year was published again.")
        }
    }

    func run() throws {
        do {
            let published = try PlanPublishing.publish(
                scenario: URL(fileURLWithPath: scenario), plan: URL(fileURLWithPath: plan), ledger: location.url(scenario: scenario),
                replace: replace, context: who.context(note: note))
            for warning in published.warnings { Console.current.err("warning: \(warning)") }
            Console.current.out(published.summary)
            if let backup = published.backup { Console.current.out("backup before it: \(backup.path)") }
        } catch {
            error.lines.forEach(Console.current.err)
            throw ExitCode(error.busy ? 5 : 1)
        }
        if let passed = Ledger.failpointsPassed { Console.current.err("failpoints passed: \(passed)") }
    }
}

struct LedgerAmend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Records what really happened to a published secondment: ended early, extended, cancelled, sent elsewhere, or another teacher went.",
        discussion:
            "The change is a new event; the published row stays as it was and the record shows both. --to and --replaced-by take the school's or teacher's name from the county's scenario (--scenario DIR)."
    )

    @Argument(help: "The teacher's id.")
    var teacher: String

    @Option(help: "A school year the secondment runs in.")
    var year: Int

    @Option(name: .customLong("ended-early"), help: "The last school year served.")
    var endedEarly: Int?

    @Option(name: .customLong("extended-to"), help: "The new last school year.")
    var extendedTo: Int?

    @Flag(help: "The secondment did not take place.")
    var cancelled = false

    @Option(name: .customLong("to"), help: "The school the teacher really went to (sent elsewhere than published).")
    var sentTo: String?

    @Option(name: .customLong("replaced-by"), help: "The teacher who went instead; the secondment moves to them.")
    var replacedBy: String?

    @Option(help: "The county's scenario (a folder or workbook), for --to and --replaced-by; its ledger is the default.")
    var scenario: String?

    @Option(help: "Why (required).")
    var note: String

    @OptionGroup var who: LedgerWho
    @OptionGroup var location: LedgerLocation

    func validate() throws {
        let given = [endedEarly != nil, extendedTo != nil, cancelled, sentTo != nil, replacedBy != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("give exactly one of --ended-early YEAR, --extended-to YEAR, --cancelled, --to SCHOOL or --replaced-by TEACHER.")
        }
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--note: say why; the record keeps it.") }
        if (sentTo != nil || replacedBy != nil) && scenario == nil {
            throw ValidationError(
                "\(sentTo != nil ? "--to" : "--replaced-by") needs --scenario DIR (the county's scenario), so that the \(sentTo != nil ? "school" : "teacher") is checked and named as the scenario names it."
            )
        }
    }

    func run() throws {
        var amendment: Amendment = .cancelled
        if let endedEarly { amendment = .endedEarly(endedEarly) }
        if let extendedTo { amendment = .extendedTo(extendedTo) }
        if let scenario, sentTo != nil || replacedBy != nil {
            let loaded = try loadScenario(
                PlanSession(scenario: URL(fileURLWithPath: scenario), ledger: location.url(scenario: scenario)), overrides: [])
            amendment = try ledgerCall { () throws(LedgerError) in
                if let sentTo { return try Amendment.sentTo(sentTo, in: loaded) }
                return try Amendment.replacedBy(replacedBy!, in: loaded)
            }
        }
        let ledger = try location.open(scenario: scenario, create: false)
        let (record, written) = try ledgerCall { () throws(LedgerError) in
            try ledger.amend(teacher: teacher, year: year, amendment, context: who.context(note: note))
        }
        let line = record.line
        Console.current.out(
            "\(line.teacher): \(line.startYear)–\(line.endYear) \(record.status.chineseName) (\(line.fromName) → \(line.toName); recorded in \(ledger.url.path))"
        )
        printWritten(written)
    }
}

struct LedgerHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Writes the ledger as history.csv (docs/scenario.md), for a scenario kept without the ledger.")

    @Option(name: [.short, .customLong("out")], help: "The file to write (replaced whole); stdout without it.")
    var output: String?

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let data = try ledgerCall { () throws(LedgerError) in try ledger.historyCSV() }
        if let output {
            try writeWhole(data, to: output)
            Console.current.out("wrote \(output)")
        } else {
            var text = String(decoding: data, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            Console.current.out(text)
        }
    }
}

struct LedgerShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A teacher's service record, a school's sent and received by year, or a year's published list (with the ledger's head).")

    @Option(help: "A teacher's id: every secondment with dates, schools, role and status, and every event.")
    var teacher: String?

    @Option(help: "A school's id: sent and received by year.")
    var school: String?

    @Option(help: "A school year: its published list.")
    var year: Int?

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        guard [teacher != nil, school != nil, year != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give one of --teacher ID, --school ID or --year Y.")
        }
    }

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let text = try ledgerCall { () throws(LedgerError) -> String in
            if let teacher { return LedgerReport.teacherText(try ledger.teacher(teacher)) }
            if let school { return LedgerReport.schoolText(try ledger.school(school)) }
            return LedgerReport.yearText(try ledger.year(year!))
        }
        Console.current.out(text)
    }
}

struct LedgerExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Every secondment and its events, for archiving: a workbook (.xlsx: 交流记录, 事件, 说明 with the ledger's head) or a CSV file.")

    @Option(name: [.short, .customLong("out")], help: "FILE.xlsx or FILE.csv (replaced whole).")
    var output: String

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        let suffix = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard suffix == "xlsx" || suffix == "csv" else { throw ValidationError("-o must end in .xlsx or .csv") }
    }

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let exported: (data: Data, head: LedgerHead?)
        if URL(fileURLWithPath: output).pathExtension.lowercased() == "csv" {
            exported = try ledgerCall { () throws(LedgerError) in try LedgerReport.exportCSV(ledger) }
        } else {
            do {
                exported = try LedgerReport.exportWorkbook(ledger)
            } catch let error as LedgerError {
                Console.current.err(error.description)
                throw ledgerExitCode(error.kind)
            } catch {
                Console.current.err("\(error)")
                throw ExitCode(1)
            }
        }
        try writeWhole(exported.data, to: output)
        Console.current.out("wrote \(output)")
        if let head = exported.head { Console.current.out(headLine(head)) }
    }
}

struct LedgerImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Brings an existing history.csv into the ledger, once, validated against the scenario as its history would be.")

    @Argument(help: "The scenario the history belongs to (a folder or an .xlsx workbook).")
    var scenario: String

    @Argument(help: "The history.csv to import.")
    var history: String

    @Option(help: "Where the history came from: recorded with the event.")
    var note: String?

    @OptionGroup var who: LedgerWho
    @OptionGroup var location: LedgerLocation

    func run() throws {
        // Validated as the scenario's own history: every row must name its teacher and schools.
        let loaded = try loadScenario(scenario, overrides: [], history: history)
        let lines = Ledger.importedLines(of: loaded)
        let ledger = try location.open(scenario: scenario, create: true)
        let written = try ledgerCall { () throws(LedgerError) in
            try ledger.importHistory(lines, countySlug: loaded.settings.slug, countyName: loaded.settings.county, context: who.context(note: note))
        }
        Console.current.out("imported \(lines.count) secondments into \(ledger.url.path)")
        printWritten(written)
    }
}

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
        let verification = try ledgerCall { () throws(LedgerError) in try ledger.verify(expectedHead: head) }
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
        Console.current.out("backed up \(ledger.url.path) to \(destination): \(copy.events) events")
        if let head = copy.head {
            Console.current.out("head of the copy: \(head.short) (event \(head.event)), kept in \(Ledger.headFile(of: copy.file).path)")
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
            "restored \(ledger.path) from \(from): \(restored.restoredEvents) events, head \(restored.restoredHead?.short ?? "none"); the restore is event \(restored.write.head.event)"
        )
        if let kept = restored.kept {
            Console.current.out("the ledger it replaced (\(kept.events) events, head \(kept.head?.short ?? "none")) is kept as \(kept.file.path)")
        }
        Console.current.out(headLine(restored.write.head))
        if let passed = Ledger.failpointsPassed { Console.current.err("failpoints passed: \(passed)") }
    }
}

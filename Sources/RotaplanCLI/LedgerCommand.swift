import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanLedger
import RotaplanReport
import RotaplanVerify

/// `rotaplan ledger …`: the county's record of secondments (docs/ledger.md).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The county's secondment ledger (ledger.sqlite): publish plans, record what really happened, service records, history for next year.",
        discussion: "Every subcommand is one transaction: a command that fails or is killed changes nothing. Exit status 1 when a command is refused; the message says why.",
        subcommands: [LedgerPublish.self, LedgerAmend.self, LedgerHistoryCommand.self, LedgerShow.self, LedgerExport.self, LedgerImport.self])
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
        do {
            return try Ledger.open(url(scenario: scenario), create: create, access: access)
        } catch {
            Console.current.err(error.description)
            throw ExitCode(1)
        }
    }
}

/// Runs a ledger call; a refusal is printed and is exit status 1.
func ledgerCall<T>(_ body: () throws(LedgerError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
}

func ledgerContext(note: String?) -> LedgerContext {
    LedgerContext(actor: LedgerContext.systemUser, command: Rotaplan.commandLine, note: note)
}

struct LedgerPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Records a plan as the county's decision for its year: each rotation a secondment, each itinerant visit a weekly assignment.",
        discussion: "The plan is first verified against the scenario under the plan's own settings; a plan that does not verify, a provisional year, a plan of another county, or a year already published (without --replace --note) is refused and nothing is recorded.")

    @Argument(help: "The scenario the plan was made for (a folder or an .xlsx workbook).")
    var scenario: String

    @Argument(help: "The plan.json to publish.")
    var plan: String

    @Option(help: "Why: recorded with the event (required with --replace).")
    var note: String?

    @Flag(help: "Publish a year that is already published again (the earlier publication stays in the record).")
    var replace = false

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
                replace: replace, context: ledgerContext(note: note))
            for warning in published.warnings { Console.current.err("warning: \(warning)") }
            Console.current.out(published.summary)
        } catch {
            error.lines.forEach(Console.current.err)
            throw ExitCode(1)
        }
        if let passed = Ledger.failpointsPassed { Console.current.err("failpoints passed: \(passed)") }
    }
}

struct LedgerAmend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Records what really happened to a published secondment: ended early, extended or cancelled.",
        discussion: "The change is a new event; the published row stays as it was and the record shows both.")

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

    @Option(help: "Why (required).")
    var note: String

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        let given = [endedEarly != nil, extendedTo != nil, cancelled].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --ended-early YEAR, --extended-to YEAR or --cancelled.") }
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--note: say why; the record keeps it.") }
    }

    func run() throws {
        let ledger = try location.open(create: false)
        let amendment: Amendment = if let endedEarly { .endedEarly(endedEarly) } else if let extendedTo { .extendedTo(extendedTo) } else { .cancelled }
        let record = try ledgerCall { () throws(LedgerError) in try ledger.amend(teacher: teacher, year: year, amendment, context: ledgerContext(note: note)) }
        Console.current.out("\(teacher): \(record.line.startYear)–\(record.line.endYear) \(record.status.chineseName) (recorded in \(ledger.url.path))")
    }
}

struct LedgerHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Writes the ledger as history.csv (docs/scenario.md), for a scenario kept without the ledger.")

    @Option(name: [.short, .customLong("out")], help: "The file to write; stdout without it.")
    var output: String?

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let data = try ledgerCall { () throws(LedgerError) in try ledger.historyCSV() }
        if let output {
            try OutputFolder.writeFile(data, to: URL(fileURLWithPath: output))
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
        abstract: "A teacher's service record, a school's sent and received by year, or a year's published list.")

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
        abstract: "Every secondment and its events, for archiving: a workbook (.xlsx, two sheets) or a CSV file.")

    @Option(name: [.short, .customLong("out")], help: "FILE.xlsx or FILE.csv.")
    var output: String

    @OptionGroup var location: LedgerLocation

    func validate() throws {
        let suffix = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard suffix == "xlsx" || suffix == "csv" else { throw ValidationError("-o must end in .xlsx or .csv") }
    }

    func run() throws {
        let ledger = try location.open(create: false, access: .read)
        let url = URL(fileURLWithPath: output)
        let data: Data
        if url.pathExtension.lowercased() == "csv" {
            data = try ledgerCall { () throws(LedgerError) in try LedgerReport.exportCSV(ledger) }
        } else {
            do {
                data = try LedgerReport.exportWorkbook(ledger)
            } catch {
                Console.current.err("\(error)")
                throw ExitCode(1)
            }
        }
        try OutputFolder.writeFile(data, to: url)
        Console.current.out("wrote \(output)")
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

    @OptionGroup var location: LedgerLocation

    func run() throws {
        // Validated as the scenario's own history: every row must name its teacher and schools.
        let loaded = try loadScenario(scenario, overrides: [], history: history)
        let lines = loaded.history.filter { $0.kind == .rotation }.map { entry in
            let teacher = loaded.teachers[entry.teacher]
            return SecondmentLine(
                teacher: teacher.id, teacherName: teacher.name, fromSchool: loaded.schools[entry.from].id,
                fromName: loaded.schools[entry.from].name, toSchool: loaded.schools[entry.to].id, toName: loaded.schools[entry.to].name,
                subject: teacher.subject, role: teacher.role.rawValue, direction: "history", startYear: entry.startYear, endYear: entry.endYear)
        }
        let ledger = try location.open(scenario: scenario, create: true)
        _ = try ledgerCall { () throws(LedgerError) in
            try ledger.importHistory(lines, countySlug: loaded.settings.slug, countyName: loaded.settings.county, context: ledgerContext(note: note))
        }
        Console.current.out("imported \(lines.count) secondments into \(ledger.url.path)")
    }
}

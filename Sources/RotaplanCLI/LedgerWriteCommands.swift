import ArgumentParser
import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import RotaplanWorkflow

// The ledger commands that record: publish, amend, import.

struct LedgerPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Records a plan as the county's decision for its year: each rotation a secondment, each itinerant visit a weekly assignment.",
        discussion:
            "The plan is first verified against the scenario under the plan's own settings; a plan that does not verify, a provisional year, a plan of another county, or a year already published (without --replace --note) is refused and nothing is recorded."
    )

    @Argument(help: "The scenario the plan was made for (a folder or an .xlsx workbook).")
    var scenario: String

    @Argument(help: "The plan.json to publish, or the folder `solve` wrote it into.")
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
        // Arguments given the wrong way round, or a scenario where the plan belongs: said here,
        // with the path, which the workstation's words leave out.
        let planFile = PlanDocument.file(at: plan)
        if !FileManager.default.fileExists(atPath: planFile) {
            Console.current.err(
                "未发布：\(planFile) 不存在。先给方案数据，再给 solve 写出的方案文件夹或其中的 plan.json：rotaplan ledger publish DIR PLAN (no plan.json at \(planFile): give the scenario, then the plan folder)."
            )
            throw ExitCode(1)
        }
        do {
            let published = try PlanPublishing.publish(
                scenario: URL(fileURLWithPath: scenario), plan: URL(fileURLWithPath: PlanDocument.file(at: plan)), ledger: location.url(scenario: scenario),
                replace: replace, context: who.context(note: note))
            for warning in published.warnings { Console.current.err("warning: \(warning)") }
            for notice in published.amendedAgain { Console.current.err("注意：\(notice)") }
            Console.current.out(published.summary)
            if let backup = published.backup { Console.current.out("写入前的台账备份（backup before it）：\(backup.path)") }
            if !published.lists.isEmpty {
                Console.current.out("公布版名单（注明台账校验码）：\(published.lists.map(\.relativePath).joined(separator: "、"))")
            }
            if let problem = published.listsProblem { Console.current.err("警告：\(problem)") }
        } catch {
            error.lines.forEach(Console.current.err)
            throw ExitCode(error.busy ? 5 : 1)
        }
        if let passed = Ledger.failpointsPassed { Console.current.err("failpoints passed: \(passed)") }
    }
}

struct LedgerLists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Writes the published lists of a published plan again: report.html and plan.xlsx with the ledger's head, in published/ beside the plan.",
        discussion:
            "Publishing writes them; this makes them again when they were lost or could not be written. The plan must be one the ledger records as published; the head is the one just after its publication."
    )

    @Argument(help: "The scenario the plan was made for (a folder or an .xlsx workbook).")
    var scenario: String

    @Argument(help: "The published plan.json, or the folder `solve` wrote it into.")
    var plan: String

    @OptionGroup var location: LedgerLocation

    func run() throws {
        do {
            let written = try PlanPublishing.remakeLists(
                scenario: URL(fileURLWithPath: scenario), plan: URL(fileURLWithPath: PlanDocument.file(at: plan)), ledger: location.url(scenario: scenario))
            Console.current.out("公布版名单（注明台账校验码）：\(written.map(\.relativePath).joined(separator: "、"))")
        } catch {
            error.lines.forEach(Console.current.err)
            throw ExitCode(error.busy ? 5 : 1)
        }
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
        var loadedScenario: Scenario?
        if let endedEarly { amendment = .endedEarly(endedEarly) }
        if let extendedTo { amendment = .extendedTo(extendedTo) }
        if let scenario, sentTo != nil || replacedBy != nil {
            let loaded = try loadScenario(
                PlanSession(scenario: URL(fileURLWithPath: scenario), ledger: location.url(scenario: scenario)), overrides: [])
            amendment = try ledgerCall { () throws(LedgerError) in
                if let sentTo { return try Amendment.sentTo(sentTo, in: loaded) }
                return try Amendment.replacedBy(replacedBy!, in: loaded)
            }
            loadedScenario = loaded
        }
        let ledger = try location.open(scenario: scenario, create: false)
        let (record, written) = try ledgerCall { () throws(LedgerError) in
            try ledger.amend(teacher: teacher, year: year, amendment, context: who.context(note: note))
        }
        let line = record.line
        Console.current.out(
            "\(line.teacherName)（\(line.teacher)）\(line.startYear)–\(line.endYear) 学年：\(record.status.chineseName)（\(line.fromName) → \(line.toName)），已记入 \(ledger.url.path)"
        )
        // The ledger records what happened; a school no rule sends this teacher to is recorded
        // too, with a word, since the office may have typed the wrong school.
        if let scenario = loadedScenario, case .sentTo(let school, _) = amendment,
            let home = scenario.schoolIndex[line.fromSchool], let target = scenario.schoolIndex[school],
            !scenario.isMoveOfSomeRule(from: home, to: target)
        {
            Console.current.err(
                "注意：\(line.fromName) → \(line.toName) 既不是共同体内的派驻，也不是城乡之间的区域交流；已按所填记录，如填错了学校，请再用 --to 改正。"
                    + " (warning: \(line.fromSchool) → \(school) is neither a secondment within a community nor an urban–rural exchange; it was recorded as given.)"
            )
        }
        printWritten(written)
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
        Console.current.out("已把 \(lines.count) 条交流记录导入台账 \(ledger.url.path) (imported \(lines.count) secondments)")
        printWritten(written)
    }
}

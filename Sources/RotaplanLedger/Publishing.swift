import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet
import RotaplanVerify

/// `ledger publish` as one step for the command line and the workstation: the plan is read,
/// checked against the scenario under its own settings on the history the ledger gives for its
/// year, and only then recorded (docs/ledger.md).
public enum PlanPublishing {
    /// What was recorded.
    public struct Published: Sendable {
        public var event: LedgerEvent
        public var publication: Publication
        public var ledger: URL
        /// The head of the chain after the publication: printed, to be kept outside the file.
        public var head: LedgerHead
        /// The backup of the ledger taken before it (none for a ledger's first record).
        public var backup: URL?
        /// The scenario's warnings, for a person to read.
        public var warnings: [String]
        /// Teachers listed again by a re-publication whose secondment in the replaced list had
        /// been amended: the amendment does not carry over (`Ledger.amendedAgain`).
        public var amendedAgain: [String] = []
        /// The published lists written beside the plan, in `published/` (report.html and
        /// plan.xlsx with the publication and the head; docs/ledger.md "Published lists carry the head").
        public var lists: [URL] = []
        /// Why those lists could not be written, when they could not: the publication stands.
        public var listsProblem: String?

        /// What was published for which county and year, and the head to keep, Chinese first and
        /// without a path (the workstation shows it as it is).
        public var summary: String {
            let what = event.kind == .replace ? "已重新公布" : "已公布"
            return
                "\(what)\(publication.countyName) \(publication.year) 学年方案并记入台账：交流 \(publication.secondments.count) 人，每周走教 \(publication.assignments.count) 次。\n"
                + "台账校验码（ledger head）：\(head.short)（第 \(head.event) 条记录）。请另行保存，日后可用 rotaplan ledger verify --head \(head.short) 核对台账未被改动。"
        }
    }

    /// Why nothing was published: the first line the verdict in Chinese, then the details a
    /// person needs. No line holds a path on the server: the plan, the scenario and the
    /// ledger are named by their file names and the county.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var lines: [String]
        /// Another writer held the ledger past the 5 s a writer waits (exit 5 on the command line).
        public var busy = false
        public var description: String { lines.joined(separator: "\n") }
    }

    /// Publishes `plan` (a plan.json) of `scenario` into the ledger at `ledgerURL`, or refuses and changes nothing.
    public static func publish(
        scenario: URL, plan: URL, ledger ledgerURL: URL, replace: Bool, context: LedgerContext
    ) throws(Refusal) -> Published {
        let words = Words(scenario: scenario, plan: plan, ledger: ledgerURL)
        let name = "方案文件（\(plan.lastPathComponent)）"
        guard let data = FileManager.default.contents(atPath: plan.path) else {
            // The workstation shows this too: the file's name, never the server's path.
            throw Refusal(lines: ["未发布：无法读取\(name)：\(FileTrouble(CocoaError(.fileReadUnknown), at: plan).chinese)。"])
        }
        let document: PlanDocument
        do {
            document = try PlanDocument.decode(data)
        } catch {
            throw Refusal(lines: ["未发布：\(name)不是 rotaplan 编制的方案（\(FileTrouble(error, at: plan).chinese)）。"])
        }
        let county = document.meta?.settings["county"] ?? document.scenario
        if document.provisional == true {
            throw Refusal(lines: ["未发布：\(name)是多学年编排（solve --years）中预排的 \(document.year) 学年；只能公布作为当年方案编排的学年。"])
        }
        do {
            if FileManager.default.fileExists(atPath: ledgerURL.path) {
                // A plan of another county is refused before the ledger's history is read for it.
                let existing = try Ledger.open(ledgerURL, create: false, access: .read)
                do {
                    try existing.checkCounty(slug: document.scenario, name: county)
                } catch {
                    throw words.refusal(error, ledger: existing, county: (document.scenario, county), year: nil)
                }
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch let error as LedgerError {
            throw words.refusal(error, ledger: nil, county: (document.scenario, county), year: nil)
        } catch {
            throw Refusal(lines: ["未发布：\(words.clean("\(error)"))"])
        }
        let loaded = try load(scenario, document: document, ledger: ledgerURL, words: words, county: county)
        let report = PlanVerifier.verify(loaded, plan: data)
        guard report.ok else {
            var lines = ["未发布：\(name)与\(county)的方案数据（\(scenario.lastPathComponent)）核对不符，共 \(report.violations.count) 处违反规则；台账未作任何更改。"]
            lines += report.violations.prefix(20).map(Words.named)
            if report.violations.count > 20 { lines.append("……另有 \(report.violations.count - 20) 处") }
            throw Refusal(lines: lines)
        }
        let publication = self.publication(document, scenario: loaded, planData: data)
        let ledger: Ledger
        do {
            ledger = try Ledger.open(ledgerURL, create: true, access: .write)
        } catch {
            throw words.refusal(error, ledger: nil, county: (document.scenario, county), year: nil)
        }
        do {
            let written = try ledger.publish(publication, replace: replace, context: context)
            var published = Published(
                event: written.event, publication: publication, ledger: ledgerURL, head: written.head, backup: written.backup,
                warnings: loaded.warnings.map(\.description))
            published.amendedAgain = written.warnings
            let lists = writeLists(plan: plan, scenario: loaded, event: written.event, head: written.head, words: words)
            published.lists = lists.written
            published.listsProblem = lists.problem
            return published
        } catch {
            throw words.refusal(error, ledger: ledger, county: (document.scenario, county), year: replace ? nil : document.year)
        }
    }

    /// The scenario as the plan is checked against it: under the plan's own settings, on the
    /// history the ledger gives for its year.
    static func load(_ scenario: URL, document: PlanDocument, ledger ledgerURL: URL, words: Words, county: String) throws(Refusal)
        -> Scenario
    {
        let overrides = (document.meta?.settings ?? [:]).filter { $0.key.hasPrefix("policy.") }.sorted { $0.key < $1.key }
            .compactMap { SettingOverride.parse("\($0.key)=\($0.value)") }
        let loaded: Scenario
        do {
            let source = try ScenarioOpening.source(scenario, record: LedgerHistorySource.at(ledgerURL, forScenario: scenario))
            // A first ledger beside a scenario that keeps its own history would start a record
            // without that history (and the file would then be ignored); it is brought in first.
            if !source.historyFromLedger, let history = source.tables["history.csv"], !history.records.isEmpty {
                throw Refusal(lines: [
                    "未发布：\(county)的方案数据（\(scenario.lastPathComponent)）在 \(history.file) 中记有 \(history.records.count) 行交流历史，而台账中还没有这些历史；不先导入就建立台账，这些历史将会丢失。",
                    "请先把历史导入台账一次（\(importHint(scenario, historyFile: history.file))），再公布；此后方案数据的历史取自台账，\(history.file) 将被忽略并给出警告。",
                ])
            }
            loaded = try ScenarioLoader.load(source: source, overrides: overrides, planningYear: document.year)
        } catch let refusal as Refusal {
            throw refusal
        } catch let error as ScenarioError {
            throw Refusal(lines: ["未发布：\(county)的方案数据（\(scenario.lastPathComponent)）有问题，无法核对方案："] + error.problems.map { words.clean($0.description) })
        } catch {
            throw Refusal(lines: ["未发布：无法读取\(county)的方案数据（\(scenario.lastPathComponent)）：\(words.clean("\(error)"))"])
        }
        return loaded
    }

    /// How to bring a scenario's own history into the ledger: its history.csv by name, or, for
    /// a workbook's 历史 sheet, the workstation's import or the sheet saved as a CSV file.
    static func importHint(_ scenario: URL, historyFile: String) -> String {
        if historyFile.hasSuffix(".csv") {
            return "命令行：rotaplan ledger import \(scenario.lastPathComponent) \(scenario.lastPathComponent)/\(historyFile)"
        }
        return "工作台“① 数据与编制”页的导入按钮；或把“\(historyFile)”表另存为 CSV 文件后，命令行：rotaplan ledger import \(scenario.lastPathComponent) 历史.csv"
    }

    /// The folder beside a plan file that holds its published lists.
    public static func listsFolder(beside plan: URL) -> URL {
        plan.deletingLastPathComponent().appendingPathComponent(PlanFolder.publishedFolder)
    }

    /// Writes the published lists of `plan` (report.html and plan.xlsx with the publication
    /// and the head just after it) into `published/` beside it, whole. The plan's own files are
    /// never rewritten (docs/ledger.md "Published lists carry the head"). Returns the files
    /// written, or why they could not be: the publication stands either way.
    static func writeLists(
        plan: URL, scenario: Scenario, event: LedgerEvent, head: LedgerHead, words: Words
    ) -> (written: [URL], problem: String?) {
        let stamp = PublicationStamp(
            replaced: event.kind == .replace, at: LedgerReport.localTime(event.at), by: LedgerReport.who(event), head: head.short,
            event: head.event)
        let folder = listsFolder(beside: plan)
        do {
            let files = try PlanFolder.publishedLists(plan: plan, scenario: scenario, stamp: stamp)
            try OutputFolder.write(files, to: folder)
            return (files.map { folder.appendingPathComponent($0.name) }, nil)
        } catch {
            return (
                [],
                "公布版名单（\(PlanFolder.publishedFolder)/report.html、\(PlanFolder.publishedFolder)/plan.xlsx）未能写入方案文件夹：\(writeCause(error))。"
                    + "台账记录不受影响；处理后可补写（命令行：rotaplan ledger lists \(words.scenario.lastPathComponent) \(words.plan.lastPathComponent)；工作台：下载时自动补写）。"
            )
        }
    }

    /// Why a file could not be written, in words and without a path.
    static func writeCause(_ error: Error) -> String {
        let code = (error as NSError).domain == NSCocoaErrorDomain ? (error as NSError).code : -1
        let posix = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { $0.domain == NSPOSIXErrorDomain ? $0.code : -1 } ?? -1
        switch (code, posix) {
        case (CocoaError.fileWriteNoPermission.rawValue, _), (_, Int(EACCES)), (_, Int(EPERM)): return "没有写入权限"
        case (CocoaError.fileWriteOutOfSpace.rawValue, _), (_, Int(ENOSPC)): return "磁盘空间不足"
        case (CocoaError.fileWriteVolumeReadOnly.rawValue, _), (_, Int(EROFS)): return "所在磁盘只读"
        default: return "无法写入文件"
        }
    }

    /// `rotaplan ledger lists`, and the workstation's download of a published plan whose lists
    /// are missing: the published lists of a plan the ledger records as published, made again.
    public static func remakeLists(scenario: URL, plan: URL, ledger ledgerURL: URL) throws(Refusal) -> [URL] {
        let words = Words(scenario: scenario, plan: plan, ledger: ledgerURL)
        let name = "方案文件（\(plan.lastPathComponent)）"
        guard let data = FileManager.default.contents(atPath: plan.path), let document = try? PlanDocument.decode(data) else {
            throw Refusal(lines: ["未生成：无法读取\(name)，或它不是 rotaplan 编制的方案。"])
        }
        let county = document.meta?.settings["county"] ?? document.scenario
        let record: (event: LedgerEvent, head: LedgerHead)?
        do {
            record = try Ledger.open(ledgerURL, create: false, access: .read).publication(ofPlanSHA256: SHA256.hex(data))
        } catch {
            throw words.refusal(error, ledger: nil, county: (document.scenario, county), year: nil)
        }
        guard let record else {
            throw Refusal(lines: ["未生成：台账（\(ledgerURL.lastPathComponent)）中没有\(name)的公布记录；只有公布过的方案才有公布版名单。"])
        }
        let loaded = try load(scenario, document: document, ledger: ledgerURL, words: words, county: county)
        let lists = writeLists(plan: plan, scenario: loaded, event: record.event, head: record.head, words: words)
        if let problem = lists.problem { throw Refusal(lines: ["未生成：" + problem]) }
        return lists.written
    }

    /// The words of refusals: file names for paths, the ledger's refusals told in Chinese first.
    struct Words {
        let scenario: URL
        let plan: URL
        let ledger: URL

        /// `text` with every path of the scenario, the plan and the ledger cut to its file name.
        func clean(_ text: String) -> String {
            var text = text
            for url in [ledger, plan, scenario] {
                for path in [url.path, url.relativePath] where !path.isEmpty {
                    text = text.replacingOccurrences(of: path, with: url.lastPathComponent)
                }
                let folder = url.deletingLastPathComponent()
                for path in [folder.path, folder.relativePath] where path.count > 1 {
                    text = text.replacingOccurrences(of: path + "/", with: "")
                }
            }
            return text
        }

        /// A refusal of the ledger: a Chinese first line from what the ledger holds (another
        /// county; `year` already published), then the ledger's own words without paths.
        func refusal(_ error: LedgerError, ledger opened: Ledger?, county: (slug: String, name: String), year: Int?) -> Refusal {
            let detail = clean(error.description)
            switch error.kind {
            case .busy:
                return Refusal(
                    lines: ["未发布：台账正由另一个操作（命令或工作台）写入，已等待 5 秒；未作任何更改，请稍后再试。", detail], busy: true)
            case .damaged:
                return Refusal(lines: ["未发布：台账文件已损坏，请用备份恢复（rotaplan ledger restore）；未作任何更改。", detail])
            case .refused:
                if let owner = opened.flatMap({ try? $0.county() }), owner.slug != county.slug {
                    return Refusal(lines: [
                        "未发布：这份台账属于\(owner.name)（\(owner.slug)），方案却是\(county.name)（\(county.slug)）的；未作任何更改。请使用\(county.name)自己的台账。",
                        detail,
                    ])
                }
                if let year, (opened.flatMap { try? $0.publishedYears() } ?? []).contains(year) {
                    return Refusal(lines: [
                        "未发布：\(county.name) \(year) 学年的方案已经公布过。如需重新公布，请选择替换并写明原因（命令行：--replace --note 原因）；原公布仍保留在台账记录中。",
                        detail,
                    ])
                }
                return Refusal(lines: ["未发布：台账拒绝了这次记录，未作任何更改。", detail])
            }
        }

        /// A checker's line with its rule named first: `R2: …` → `牵头校派出比例（R2）：…`.
        static func named(_ violation: String) -> String {
            guard let colon = violation.firstIndex(of: ":") else { return violation }
            let rule = String(violation[..<colon])
            guard Vocabulary.rules.codes.contains(rule) else { return violation }
            return Vocabulary.rule(rule) + "：" + violation[violation.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// A verified plan.json as the ledger records it: ids with the names people read.
    static func publication(_ document: PlanDocument, scenario: Scenario, planData: Data) -> Publication {
        func name(_ school: String) -> String { scenario.schoolIndex[school].map { scenario.schools[$0].name } ?? school }
        func teacherName(_ id: String) -> String { scenario.teacherIndex[id].map { scenario.teachers[$0].name } ?? id }
        let secondments = document.rotations.map { line in
            SecondmentLine(
                teacher: line.teacher, teacherName: teacherName(line.teacher), fromSchool: line.from, fromName: name(line.from),
                toSchool: line.to, toName: name(line.to), subject: line.subject, role: line.role, direction: line.direction,
                startYear: line.startYear, endYear: line.endYear)
        }
        let assignments = document.itinerant.map { line in
            AssignmentLine(
                teacher: line.teacher, teacherName: teacherName(line.teacher), home: line.home, school: line.school,
                schoolName: name(line.school), day: line.day, subject: line.subject, periods: line.periods, km: line.km)
        }
        return Publication(
            countySlug: scenario.settings.slug, countyName: scenario.settings.county, year: document.year,
            planSHA256: SHA256.hex(planData), secondments: secondments, assignments: assignments)
    }
}

extension Ledger {
    /// A scenario's own history as the ledger records an import of it (`ledger import`, and the
    /// workstation's offer while the county's ledger is empty): each secondment a row.
    public static func importedLines(of scenario: Scenario) -> [SecondmentLine] {
        scenario.history.filter { $0.kind != .itinerant }.map { entry in
            let teacher = scenario.teachers[entry.teacher]
            return SecondmentLine(
                teacher: teacher.id, teacherName: teacher.name, fromSchool: scenario.schools[entry.from].id,
                fromName: scenario.schools[entry.from].name, toSchool: scenario.schools[entry.to].id, toName: scenario.schools[entry.to].name,
                subject: teacher.subject, role: teacher.role.rawValue, direction: entry.kind == .exchange ? "history_exchange" : "history",
                startYear: entry.startYear, endYear: entry.endYear)
        }
    }
}

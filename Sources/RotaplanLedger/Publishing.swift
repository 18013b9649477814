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
        /// The published lists beside plan.json rewritten with the publication and the head
        /// (report.html, plan.xlsx; docs/ledger.md "Published lists carry the head").
        public var stamped: [URL] = []
        /// Why those lists could not be rewritten, when they could not: the publication stands.
        public var stampProblem: String?

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
        guard let data = FileManager.default.contents(atPath: plan.path) else { throw Refusal(lines: ["未发布：无法读取\(name)。"]) }
        let document: PlanDocument
        do {
            document = try PlanDocument.decode(data)
        } catch {
            throw Refusal(lines: ["未发布：\(name)不是 rotaplan 编制的方案（\(words.clean(error.localizedDescription))）。"])
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
        // The plan is checked under its own settings, on the history the ledger gives for its year.
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
                    "请先把历史导入台账一次（命令行：rotaplan ledger import \(scenario.lastPathComponent) 历史.csv），再公布；此后方案数据的历史取自台账，\(history.file) 将被忽略并给出警告。",
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
            stampLists(beside: plan, scenario: loaded, published: &published, words: words)
            return published
        } catch {
            throw words.refusal(error, ledger: ledger, county: (document.scenario, county), year: replace ? nil : document.year)
        }
    }

    /// Rewrites the published lists in the plan's folder with the publication and the ledger's
    /// head, when the plan is a plan folder's plan.json. The ledger has already recorded the
    /// plan, so a failure here is told, not thrown: the lists can be made again from plan.json.
    static func stampLists(beside plan: URL, scenario: Scenario, published: inout Published, words: Words) {
        guard plan.lastPathComponent == "plan.json" else { return }
        let folder = plan.deletingLastPathComponent()
        let stamp = PublicationStamp(
            replaced: published.event.kind == .replace, at: LedgerReport.localTime(published.event.at), by: LedgerReport.who(published.event),
            head: published.head.short, event: published.head.event)
        do {
            published.stamped = try PlanFolder.stamp(folder, scenario: scenario, with: stamp).map { folder.appendingPathComponent($0) }
        } catch {
            published.stampProblem =
                "方案已公布，但方案文件夹中的 report.html 和 plan.xlsx 未能注明台账校验码（\(words.clean("\(error)"))）；台账记录不受影响。"
        }
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

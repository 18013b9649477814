import Foundation
import RotaplanDomain
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

        /// What was published where, and the head to keep.
        public var summary: String {
            "\(event.kind == .replace ? "re-published" : "published") \(publication.year): \(publication.secondments.count) secondments, \(publication.assignments.count) weekly visits in \(ledger.path)\n"
                + "ledger head: \(head.short) (event \(head.event)); keep it to check the ledger later with `rotaplan ledger verify --head \(head.short)`"
        }
    }

    /// Why nothing was published: every line a person needs, the last one the verdict.
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
        let name = plan.relativePath
        guard let data = FileManager.default.contents(atPath: plan.path) else { throw Refusal(lines: ["\(name): cannot be read."]) }
        let document: PlanDocument
        do {
            document = try PlanDocument.decode(data)
        } catch {
            throw Refusal(lines: ["\(name): is not a plan.json of rotaplan (\(error.localizedDescription))."])
        }
        if document.provisional == true {
            throw Refusal(lines: ["\(name): is a provisional year of `solve --years` (\(document.year)); only a year planned as the one to publish can be published."])
        }
        do {
            if FileManager.default.fileExists(atPath: ledgerURL.path) {
                // A plan of another county is refused before the ledger's history is read for it.
                let existing = try Ledger.open(ledgerURL, create: false, access: .read)
                try existing.checkCounty(slug: document.scenario, name: document.meta?.settings["county"] ?? document.scenario)
            }
        } catch {
            throw Refusal(lines: [error.description], busy: error.kind == .busy)
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
                    "\(scenario.relativePath) keeps its history in \(history.file) (\(history.records.count) rows), and the ledger does not hold it yet; a ledger started without it would lose it. Nothing was published.",
                    "Bring the history in once with `rotaplan ledger import \(scenario.relativePath) HISTORY.csv` (the rows as history.csv), then publish: from then on the scenario takes its history from the ledger, and \(history.file) is ignored with a warning.",
                ])
            }
            loaded = try ScenarioLoader.load(source: source, overrides: overrides, planningYear: document.year)
        } catch let refusal as Refusal {
            throw refusal
        } catch let error as ScenarioError {
            throw Refusal(lines: [error.description])
        } catch {
            throw Refusal(lines: ["\(error)"])
        }
        let report = PlanVerifier.verify(loaded, plan: data)
        guard report.ok else {
            var lines = Array(report.violations.prefix(20))
            if report.violations.count > 20 { lines.append("… and \(report.violations.count - 20) more") }
            lines.append("\(name): does not verify against \(scenario.relativePath) (\(report.violations.count) violations); nothing was published.")
            throw Refusal(lines: lines)
        }
        let publication = self.publication(document, scenario: loaded, planData: data)
        do {
            let ledger = try Ledger.open(ledgerURL, create: true, access: .write)
            let written = try ledger.publish(publication, replace: replace, context: context)
            return Published(
                event: written.event, publication: publication, ledger: ledgerURL, head: written.head, backup: written.backup,
                warnings: loaded.warnings.map(\.description))
        } catch {
            throw Refusal(lines: [error.description], busy: error.kind == .busy)
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
                subject: teacher.subject, role: teacher.role.rawValue, direction: "history", startYear: entry.startYear, endYear: entry.endYear)
        }
    }
}

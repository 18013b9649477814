import Foundation
import RotaplanDomain
import RotaplanResults

/// What writing a plan folder said and the exit status it stands for (docs/commands.md):
/// commands print `output` on stdout and `errors` on stderr, and exit with `status`.
public struct WriteOutcome: Sendable {
    public var output: [String] = []
    public var errors: [String] = []
    /// 0 a plan was written; 2 infeasible; 3 no plan within the limits.
    public var status: Int32 = 0

    public init() {}
}

/// The layout of a plan folder (docs/commands.md "The plan folder"), written whole.
public enum PlanFolder {
    /// `plans/<slug>-<year>` under the current folder.
    public static func defaultLocation(for scenario: Scenario, suffix: String = "") -> URL {
        URL(fileURLWithPath: "plans/\(scenario.settings.slug)-\(scenario.year)\(suffix)")
    }

    /// The files of a plan: plan.json, the lists, schools.csv and report.html.
    public static func files(_ county: CountyPlan, document: PlanDocument) throws -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [("plan.json", try document.encoded())]
        if county.rotation != nil {
            files.append(("rotations.csv", PlanFiles.rotationsCSV(document, scenario: county.scenario)))
        }
        if county.itinerant != nil {
            files.append(("itinerant.csv", PlanFiles.itinerantCSV(document, scenario: county.scenario)))
        }
        files.append(("schools.csv", SchoolTable.csv(county)))
        files.append(("plan.xlsx", try PlanWorkbook.data(county, document: document)))
        files.append(("report.html", ReportPage.html(county, document: document)))
        return files
    }

    /// One line per part, as a terminal shows it when the part ends (`PlanProgress.part`).
    public static func partLines(_ county: CountyPlan) -> [String] {
        [("rotation", county.rotation?.report), ("itinerant", county.itinerant?.report)].compactMap { name, report in
            report.map { PlanProgress.part(name: name, report: $0).description }
        }
    }

    /// Why a county has no plan: the first line says which, the rest is the diagnosis.
    public static func noPlanLines(_ county: CountyPlan, prefix: String = "") -> [String] {
        let infeasible = county.status == .infeasible
        return [
            prefix
                + (infeasible
                    ? "\(Vocabulary.statuses.name("infeasible"))：没有任何方案能同时满足全部规则。"
                    : "\(Vocabulary.statuses.name("no_solution"))：在时限内没有找到满足全部规则的方案。")
        ]
            + county.diagnosis
    }

    /// infeasible.txt of a county without a plan.
    public static func noPlanText(_ county: CountyPlan) -> Data {
        Data((noPlanLines(county).joined(separator: "\n") + "\n").utf8)
    }

    /// docs/commands.md's exit status of a county without a plan: 2 infeasible, 3 nothing found in time.
    public static func noPlanStatus(_ county: CountyPlan) -> Int32 {
        county.status == .infeasible ? 2 : 3
    }

    /// Writes a solve's plan folder: the plan (with `changes.txt` after a re-plan from
    /// `baseline`) or, without a plan, `infeasible.txt` where `folder` holds no plan.
    /// `keeping` goes into the folder too (the workstation's objections.csv).
    public static func write(
        _ county: CountyPlan, meta: PlanDocument.Meta?, baseline: RotationPlan? = nil, keeping: [(name: String, data: Data)] = [],
        to folder: URL
    ) throws -> WriteOutcome {
        var outcome = WriteOutcome()
        outcome.output = partLines(county)
        guard county.hasPlan else {
            outcome.errors = noPlanLines(county)
            outcome.status = noPlanStatus(county)
            if holdsPlanAlready(folder, &outcome) { return outcome }
            try OutputFolder.write([("infeasible.txt", noPlanText(county))], to: folder)
            outcome.errors.append("wrote \(folder.relativePath)/infeasible.txt")
            return outcome
        }
        let document = PlanAssembly.document(county, meta: meta)
        var files = try files(county, document: document)
        if let baseline {
            let changes = BaselineChanges.describe(county.scenario, baseline: baseline, plan: county.rotationPlan)
            outcome.output += changes
            files.append(("changes.txt", Data((changes.joined(separator: "\n") + "\n").utf8)))
        }
        try OutputFolder.write(files + keeping, to: folder)
        outcome.output.append("rotations: \(document.rotations.count); itinerant visits: \(document.itinerant.count)")
        outcome.output.append("wrote \(folder.relativePath)")
        return outcome
    }

    /// A run that ends without a plan never replaces a folder that holds one.
    static func holdsPlanAlready(_ folder: URL, _ outcome: inout WriteOutcome) -> Bool {
        guard OutputFolder.holdsPlan(folder) else { return false }
        outcome.errors.append("\(folder.relativePath) holds a plan; it was left as it was.")
        return true
    }

    /// Writes `solve --years`: `OUT/<year>/` per planned year with the history.csv it was planned
    /// on, the cycle's page `OUT/report.html`, and `OUT/history.csv` after the last planned year;
    /// the first year without a plan gets its diagnosis in `OUT/<year>/infeasible.txt`.
    public static func writeYears(
        _ outcome: HorizonOutcome, meta: (Scenario) -> PlanDocument.Meta?, to folder: URL
    ) throws -> WriteOutcome {
        var written = WriteOutcome()
        var files: [(name: String, data: Data)] = []
        var documents: [PlanDocument] = []
        let horizon = outcome.rotation.map { rotation in
            PlanDocument.Horizon(
                mode: outcome.mode.rawValue, firstYear: outcome.years.first?.year ?? outcome.failed?.year ?? 0, years: outcome.years.count,
                requestedYears: outcome.requested, status: rotation.status, objective: rotation.objective, bound: rotation.bound,
                gap: rotation.gap)
        }
        for year in outcome.years {
            var document = PlanAssembly.document(year.county, meta: meta(year.scenario))
            document.provisional = year.provisional ? true : nil
            document.horizon = horizon
            documents.append(document)
            for (name, data) in try self.files(year.county, document: document) { files.append(("\(year.year)/\(name)", data)) }
            files.append(("\(year.year)/history.csv", year.history))
            let teachers = Set(year.county.rotationPlan.moves.map(\.teacher)).count
            written.output.append(
                "\(year.year)\(year.provisional ? " (provisional)" : ""): rotation \(year.county.rotation?.report.status.rawValue ?? "-") \(document.rotations.count) moves (\(teachers) teachers), itinerant \(year.county.itinerant?.report.status.rawValue ?? "-") \(document.itinerant.count) visits"
            )
        }
        if let note = outcome.note { written.output.append(note) }
        if let rotation = outcome.rotation, let objective = rotation.objective {
            written.output.append(
                "horizon (\(outcome.mode.rawValue)): \(outcome.years.count) of \(outcome.requested) years, rotation \(rotation.status.rawValue) objective \(String(format: "%.2f", objective)) bound \(rotation.bound.map { String(format: "%.2f", $0) } ?? "-") in \(String(format: "%.2f", rotation.seconds)) s"
            )
        }
        if !outcome.years.isEmpty { files.append(("report.html", CyclePage.html(outcome, documents: documents))) }
        guard let failed = outcome.failed else {
            files.append(("history.csv", outcome.finalHistory))
            try OutputFolder.write(files, to: folder)
            written.output.append("wrote \(folder.relativePath)")
            return written
        }
        // The years before keep their plans; the failing year gets its diagnosis.
        written.errors = noPlanLines(failed.county, prefix: "\(failed.year) 学年：")
        if outcome.mode == .joint && !outcome.years.isEmpty {
            written.errors.insert(
                "no \(outcome.requested)-year plan exists; the longest horizon with one is \(outcome.years.count) year\(outcome.years.count == 1 ? "" : "s").",
                at: 0)
        }
        written.status = noPlanStatus(failed.county)
        if holdsPlanAlready(folder, &written) { return written }
        files.append(("\(failed.year)/infeasible.txt", Data((written.errors.joined(separator: "\n") + "\n").utf8)))
        files.append(("\(failed.year)/history.csv", failed.history))
        files.append(("history.csv", outcome.finalHistory))
        try OutputFolder.write(files, to: folder)
        written.errors.append("wrote \(folder.relativePath) (\(outcome.years.count) year\(outcome.years.count == 1 ? "" : "s") planned)")
        return written
    }
}

/// The audit record of a solve (plan.json `meta`): enough to reproduce a published plan.
public enum AuditRecord {
    public static func meta(_ scenario: Scenario, solve: SolveRecord, command: [String]) -> PlanDocument.Meta {
        PlanDocument.Meta(
            rotaplanVersion: rotaplanVersion, glpkVersion: solve.glpkVersion, inputs: scenario.fileHashes,
            settings: Dictionary(uniqueKeysWithValues: scenario.settings.listed.map { ($0.key, $0.value) }),
            seed: solve.seed, method: solve.method.rawValue, timeLimit: solve.timeLimit, gap: solve.gap,
            command: command)
    }
}

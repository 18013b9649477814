import Foundation
import RotaplanDomain
import RotaplanLedger
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet

/// One scenario opened for the year's work, and the steps every front end takes with it: the
/// commands and the workstation call these and nothing else, so that a plan made in the browser
/// is the plan `rotaplan solve` makes (docs/workstation.md "Promises and how they are kept").
public struct PlanSession: Sendable {
    /// The scenario: a folder of scenario.yaml and CSV files, or an .xlsx workbook.
    public var scenario: URL
    /// The county's ledger; nil for the one beside the scenario (docs/ledger.md "Scenarios read their history from the ledger").
    public var ledger: URL?
    /// A history.csv read instead of the scenario's (a later year of `solve --years`).
    public var history: URL?
    /// Objections heard during the public notice, read as pins beside the scenario's own.
    public var objections: ObjectionList?

    public init(scenario: URL, ledger: URL? = nil, history: URL? = nil, objections: ObjectionList? = nil) {
        self.scenario = scenario
        self.ledger = ledger
        self.history = history
        self.objections = objections
    }

    /// The scenario's tables as read, its history from the ledger, the objections as pins.
    public func source() throws(ScenarioError) -> ScenarioSource {
        try ScenarioOpening.source(
            scenario, history: history, record: LedgerHistorySource.at(ledger, forScenario: scenario), extraPins: objections?.table)
    }

    /// The scenario, validated, with `overrides` applied; bad input is thrown, every problem.
    public func load(overrides: [SettingOverride] = [], planningYear: Int? = nil) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(source: try source(), overrides: overrides, planningYear: planningYear)
    }

    /// What a solve did: what writing the plan folder said and its exit status, the plan, and
    /// whether it was cancelled (then nothing was written).
    public struct SolveRun: Sendable {
        public var written: WriteOutcome
        /// The county's plan of one year (nil for `--years`, or when cancelled before the end).
        public var county: CountyPlan?
        public var cancelled: Bool
    }

    /// Solves `request` and writes the plan folder `folder` whole (docs/commands.md): the plan,
    /// or its diagnosis where `folder` holds no plan. With `baseline` (a plan.json of this
    /// scenario) the rotation plan is kept as far as the rules and the objections allow.
    /// `keeping` goes into the folder too (the workstation's objections.csv). `command` is the
    /// audit record's command line. A cancelled solve writes nothing. `loaded` is this
    /// session's scenario already loaded with the request's overrides (it is not read again).
    public func solve(
        _ request: PlanRequest, loaded: Scenario? = nil, baseline: URL? = nil, command: [String], to folder: URL,
        keeping: [(name: String, data: Data)] = [], control: SolveControl? = nil
    ) throws -> SolveRun {
        let scenario = try loaded ?? load(overrides: request.overrides)
        try refuseToReplaceAPublishedPlan(in: folder)
        var options = request.options(control: control)
        if let baseline {
            options.baseline = try PlanDocument.read(baseline, scenario: scenario).rotation
        }
        let record = options.record
        if let years = request.years {
            let planned = MultiYear.solve(scenario, years: years, mode: request.myopic ? .myopic : .joint, options: options)
            if control?.isCancelled == true { return SolveRun(written: WriteOutcome(), county: nil, cancelled: true) }
            let written = try PlanFolder.writeYears(planned, meta: { AuditRecord.meta($0, solve: record, command: command) }, to: folder)
            return SolveRun(written: written, county: nil, cancelled: false)
        }
        let county = CountyPlanner.solve(scenario, options: options)
        if control?.isCancelled == true { return SolveRun(written: WriteOutcome(), county: county, cancelled: true) }
        let written = try PlanFolder.write(
            county, meta: AuditRecord.meta(scenario, solve: record, command: command), baseline: options.baseline, keeping: keeping,
            to: folder)
        return SolveRun(written: written, county: county, cancelled: false)
    }

    /// A published plan is frozen (docs/ledger.md "A published plan is frozen"): a solve whose folder holds the
    /// plan.json the county's ledger published is refused before any work, and the folder is
    /// left as it was. Another `--out` folder, or a re-plan with the plan as `--baseline`, is the way.
    public func refuseToReplaceAPublishedPlan(in folder: URL) throws {
        let ledgerFile = ledger ?? Ledger.defaultLocation(forScenario: scenario)
        guard FileManager.default.fileExists(atPath: ledgerFile.path) else { return }
        // The folder's own plan, and the plans of its years or variants (`--years`, `whatif`),
        // which an output replaces with it.
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let planFiles =
            [folder.appendingPathComponent("plan.json")] + children.sorted().map { folder.appendingPathComponent($0).appendingPathComponent("plan.json") }
        let plans = planFiles.compactMap { file in (try? Data(contentsOf: file)).map { (file, $0) } }
        guard !plans.isEmpty else { return }
        let opened = try Ledger.open(ledgerFile, create: false, access: .read)
        defer { try? opened.close() }
        for (planFile, plan) in plans {
            guard let year = try opened.publishedYear(ofPlanSHA256: SHA256.hex(plan)) else { continue }
            throw PlanReadError(
                file: planFile.path,
                problems: [
                    "这是已公布的 \(year) 学年方案（台账 \(ledgerFile.lastPathComponent) 记录了它），不能覆盖。请用另一个 --out 文件夹；要在它的基础上调整，用 --baseline \(planFile.path)。"
                ])
        }
    }

    /// `whatif`: the base and `variants` (and with `price` each rule relaxed by a step) solved
    /// side by side and written to `folder` whole. Bad variant settings are thrown; a
    /// cancelled run writes nothing and returns nil.
    /// With `base` (a plan.json of this scenario, made under the request's overrides and this
    /// session's objections) the base is that plan as it is (`whatif --base`). With `baseline`
    /// (the plan a re-plan kept as far as it could) every variant keeps it the same way, so
    /// that a variant differs from the base by its settings alone, not by a fresh start.
    public func whatIf(
        _ request: PlanRequest, variants: [Variant], price: Bool, base: URL? = nil, baseline: URL? = nil, to folder: URL,
        control: SolveControl? = nil
    ) throws -> WhatIfRun? {
        try refuseToReplaceAPublishedPlan(in: folder)
        let source = try source()
        var given: CountyPlan?
        var options = request.options(control: control)
        if base != nil || baseline != nil {
            let scenario = try ScenarioLoader.load(source: source, overrides: request.overrides)
            if let base {
                let read = try PlanDocument.read(base, scenario: scenario)
                given = CountyPlan(reading: read.document, rotation: read.rotation, itinerant: read.itinerant, scenario: scenario)
            }
            if let baseline { options.baseline = try PlanDocument.read(baseline, scenario: scenario).rotation }
        }
        let solved = try WhatIf.run(
            source: source, overrides: request.overrides, variants: variants, price: price, options: options, given: given)
        if control?.isCancelled == true { return nil }
        let run = WhatIfRun(solved)
        try OutputFolder.write(try run.files(), to: folder)
        return run
    }
}

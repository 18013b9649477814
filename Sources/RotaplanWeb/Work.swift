import Foundation
import LinearModel
import RotaplanDomain
import RotaplanLedger
import RotaplanPlanner
import RotaplanReport
import RotaplanSpreadsheet
import RotaplanVerify
import Synchronization

/// What the workstation does, each step a call into the library the commands use: loading,
/// solving and writing the plan folder, re-planning from objections, what-if, publishing.
struct Workbench: Sendable {
    let catalog: Catalog
    let jobs = JobBoard()
    private let cache = SharedBox<[String: (stamp: String, scenario: Scenario)]>([:])
    private let verified = SharedBox<[String: VerifyReport]>([:])

    /// The settings of a solve as the plan page posts them, checked as the commands check them.
    struct SolveRequest: Sendable {
        var timeLimit = 120.0
        var gap = 1e-6
        var method = SolveMethod.auto
        var seed: UInt64 = 0
        /// `policy.*` settings that differ from the scenario's.
        var overrides: [SettingOverride] = []

        /// Reads the form; returns every problem at once.
        static func read(_ form: Form, scenario: Scenario) -> (SolveRequest, [String]) {
            var request = SolveRequest()
            var problems: [String] = []
            if let text = form["time_limit"], let value = Double(text) {
                request.timeLimit = value
                if let problem = SolveLimits.timeLimitProblem(value) { problems.append(problem) }
            } else { problems.append("time limit: expected a number of seconds, e.g. 120") }
            if let text = form["gap"], let value = Double(text) {
                request.gap = value
                if let problem = SolveLimits.gapProblem(value) { problems.append(problem) }
            } else { problems.append("gap: expected a number, e.g. 1e-6") }
            if let method = form["method"].flatMap(SolveMethod.init(rawValue:)) { request.method = method } else {
                problems.append("method: expected auto, glpk or heuristic")
            }
            if let seed = form["seed"].flatMap({ UInt64($0) }) { request.seed = seed } else { problems.append("seed: expected a whole number ≥ 0") }
            let current = Dictionary(uniqueKeysWithValues: scenario.settings.listed.map { ($0.key, $0.value) })
            for (key, value) in form.fields where key.hasPrefix("policy.") {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard current[key] != trimmed else { continue }
                request.overrides.append(SettingOverride(key: key, value: trimmed))
            }
            return (request, problems)
        }

        func options(cancellation: Cancellation, report: @escaping @Sendable (String) -> Void) -> SolveOptions {
            var options = SolveOptions(timeLimit: timeLimit, gap: gap, method: method, parts: .both, seed: seed, progress: report)
            options.cancellation = cancellation
            options.partFinished = { name, part in
                let objective = part.objective.map { String(format: "%.2f", $0) } ?? "-"
                let bound = part.bound.map { String(format: "%.2f", $0) } ?? "-"
                report("\(name) finished: \(part.status.rawValue), objective \(objective), bound \(bound), \(String(format: "%.1f", part.seconds)) s")
            }
            return options
        }

        /// The command that makes the same plan in a terminal, recorded in plan.json.
        func command(_ scenario: String, out: String) -> [String] {
            ["rotaplan", "solve", scenario, "--out", out, "--time-limit", formatNumber(timeLimit), "--gap", "\(gap)",
             "--method", method.rawValue, "--seed", String(seed)]
                + overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        }
    }

    /// Loads a scenario of the catalog, its history from the ledger beside it. Pages read the
    /// same scenario many times, so a load is kept until a file of its folder changes.
    func load(_ url: URL, overrides: [SettingOverride] = [], extraPins: CSVTable? = nil) throws(ScenarioError) -> Scenario {
        guard extraPins == nil else {
            return try ScenarioLoader.load(source: try ScenarioOpening.source(url, extraPins: extraPins), overrides: overrides)
        }
        let key = url.path + "\n" + overrides.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let stamp = Self.stamp(url)
        if let kept = cache.withLock({ $0[key] }), kept.stamp == stamp { return kept.scenario }
        let scenario = try ScenarioLoader.load(source: try ScenarioOpening.source(url), overrides: overrides)
        cache.withLock { cache in
            if cache.count > 32 { cache.removeAll() }
            cache[key] = (stamp, scenario)
        }
        return scenario
    }

    /// What the scenario's load depends on: its files' sizes and times, the ledger's among them.
    static func stamp(_ url: URL) -> String {
        var isFolder: ObjCBool = false
        FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        let folder = isFolder.boolValue ? url : url.deletingLastPathComponent()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.map { name -> String in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name):\(attributes?[.size] as? Int ?? -1):\(time)"
        }.joined(separator: "|")
    }

    /// The verifier's answer on a plan, kept while the plan and the scenario stay as they are.
    func verify(_ scenario: Scenario, url: URL, plan data: Data) -> VerifyReport {
        let key = Self.stamp(url) + "#" + SHA256.hex(data)
        if let kept = verified.withLock({ $0[key] }) { return kept }
        let report = PlanVerifier.verify(scenario, plan: data)
        verified.withLock { verified in
            if verified.count > 32 { verified.removeAll() }
            verified[key] = report
        }
        return report
    }

    /// The plan folder of a scenario and its plan.json, if one was written.
    func plan(of scenario: Scenario) -> (folder: URL, document: PlanDocument, data: Data)? {
        let folder = catalog.planFolder(for: scenario)
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("plan.json")),
            let document = try? PlanDocument.decode(data)
        else { return nil }
        return (folder, document, data)
    }

    /// The policy settings a plan was made under, as overrides (review, explain and publish
    /// read the scenario as the plan saw it).
    static func overrides(of document: PlanDocument) -> [SettingOverride] {
        (document.meta?.settings ?? [:]).filter { $0.key.hasPrefix("policy.") }.sorted { $0.key < $1.key }
            .map { SettingOverride(key: $0.key, value: $0.value) }
    }

    /// Starts a solve, or a re-plan when `baseline` is true (the current plan kept as far as the
    /// rules and the objections allow). The plan folder is replaced only by a finished run.
    func startSolve(_ name: String, url: URL, request: SolveRequest, baseline: Bool) -> Bool {
        let catalog = self.catalog
        return jobs.start(name, kind: baseline ? "replan" : "solve") { report, cancellation in
            do {
                let plain = try self.load(url, overrides: request.overrides)
                let folder = catalog.planFolder(for: plain)
                let objections = Objections.read(folder)
                let scenario = objections == nil ? plain : try self.load(url, overrides: request.overrides, extraPins: objections?.table)
                var options = request.options(cancellation: cancellation, report: report)
                if baseline {
                    guard let previous = try? PlanDocument.read(folder.appendingPathComponent("plan.json"), scenario: scenario) else {
                        return (.failed, "没有可保留的方案：请先编制 (no plan to keep; solve first).", nil)
                    }
                    options.baseline = previous.rotation
                }
                report("\(baseline ? "re-plan" : "solve") \(name): \(scenario.teachers.count) teachers, \(scenario.schools.count) schools")
                let county = CountyPlanner.solve(scenario, options: options)
                if cancellation.isCancelled {
                    return (.cancelled, "已取消，原方案保持不变 (cancelled; the last plan was kept as it was).", nil)
                }
                let meta = AuditRecord.meta(scenario, options: options, command: request.command(name, out: "plans/\(folder.lastPathComponent)"))
                let outcome = try PlanFolder.write(
                    county, meta: meta, baseline: options.baseline, keeping: objections.map { [(Objections.fileName, $0.data)] } ?? [],
                    to: folder)
                outcome.output.forEach(report)
                outcome.errors.forEach(report)
                return (outcome.status == 0 ? .finished : .failed, outcome.status == 0 ? "完成 (done)." : "没有方案 (no plan).", "/review?s=\(Pages.query(name))")
            } catch let error as ScenarioError {
                return (.failed, error.description, nil)
            } catch {
                return (.failed, "\(error)", nil)
            }
        }
    }

    /// Starts a what-if: `variants` (NAME:KEY=VALUE,… lines) and, with `price`, each rule priced.
    func startWhatIf(_ name: String, url: URL, variants: [Variant], price: Bool, request: SolveRequest) -> Bool {
        let catalog = self.catalog
        return jobs.start(name, kind: "whatif") { report, cancellation in
            do {
                let base = try self.load(url, overrides: request.overrides)
                let run = try WhatIfRun.run(
                    source: try ScenarioOpening.source(url), base: base, overrides: request.overrides, variants: variants, price: price,
                    options: request.options(cancellation: cancellation, report: report))
                if cancellation.isCancelled { return (.cancelled, "已取消 (cancelled); nothing was written.", nil) }
                try OutputFolder.write(try run.files(), to: catalog.planFolder(for: base, suffix: "-whatif"))
                return (.finished, "完成 (done).", "/whatif?s=\(Pages.query(name))")
            } catch let error as ScenarioError {
                return (.failed, error.description, nil)
            } catch {
                return (.failed, "\(error)", nil)
            }
        }
    }

    /// Records the scenario's plan in the ledger beside it (`rotaplan ledger publish`).
    func publish(_ url: URL, scenario: Scenario, replace: Bool, note: String?) -> Result<PlanPublishing.Published, PlanPublishing.Refusal> {
        let plan = catalog.planFolder(for: scenario).appendingPathComponent("plan.json")
        let context = LedgerContext(actor: "workstation", command: "rotaplan serve: publish \(url.lastPathComponent)", note: note)
        do {
            return .success(try PlanPublishing.publish(
                scenario: url, plan: plan, ledger: Ledger.defaultLocation(forScenario: url), replace: replace, context: context))
        } catch {
            return .failure(error)
        }
    }
}

/// The objections heard during the public notice, kept in the plan folder as `objections.csv`
/// in pins.csv's columns (teacher, action, school, note) and applied as pins on a re-plan.
enum Objections {
    static let fileName = "objections.csv"
    static let header = ["teacher", "action", "school", "note"]

    /// The folder's objections: the file as it is and as a table.
    static func read(_ folder: URL) -> (data: Data, table: CSVTable)? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)),
            let table = CSV.table(data, file: fileName), !table.records.isEmpty
        else { return nil }
        return (data, CSVTable(file: fileName, header: table.header, records: table.records))
    }

    /// The rows, for a page.
    static func rows(_ folder: URL) -> [[String]] {
        guard let table = read(folder)?.table else { return [] }
        return table.records.map { record in header.map { table.value(record, $0) } }
    }

    /// Adds one objection after checking it against the scenario; the file is replaced whole.
    static func add(
        teacher: String, action: String, school: String, note: String, scenario: Scenario, folder: URL
    ) -> String? {
        guard scenario.teacherIndex[teacher] != nil else {
            return "教师编号 “\(teacher)” 不在 teachers.csv 中。\(Suggestion.hint(for: teacher, among: scenario.teacherIndex.keys) ?? "")"
        }
        guard ["stay", "rotate", "to"].contains(action) else { return "处理方式应为 stay（留任）、rotate（须交流）或 to（到指定学校）。" }
        if action == "to", scenario.schoolIndex[school] == nil {
            return "学校编号 “\(school)” 不在 schools.csv 中。\(Suggestion.hint(for: school, among: scenario.schoolIndex.keys) ?? "")"
        }
        var rows = self.rows(folder).filter { $0[0] != teacher }
        rows.append([teacher, action, action == "to" ? school : "", note])
        do {
            try OutputFolder.writeFile(CSV.format(header: header, rows: rows, byteOrderMark: true, forPeople: true), to: folder.appendingPathComponent(fileName))
        } catch {
            return "无法保存异议 (cannot write objections.csv): \(error.localizedDescription)"
        }
        return nil
    }

    /// Removes a teacher's objection.
    static func remove(teacher: String, folder: URL) {
        let rows = self.rows(folder).filter { $0[0] != teacher }
        try? OutputFolder.writeFile(CSV.format(header: header, rows: rows, byteOrderMark: true, forPeople: true), to: folder.appendingPathComponent(fileName))
    }
}

/// A value shared by the server's tasks and the solving threads, behind a lock.
final class SharedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

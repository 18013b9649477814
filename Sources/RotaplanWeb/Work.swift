import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanLedger
import RotaplanWorkflow
import RotaplanReport
import RotaplanSpreadsheet
import RotaplanVerify
import Synchronization

/// What the workstation does, each step a call into the workflow the commands use
/// (`PlanSession`): loading, solving and writing the plan folder, re-planning from objections,
/// what-if, publishing. It keeps loads and verifications while their files stay as they are.
struct Workbench: Sendable {
    let catalog: Catalog
    let jobs = JobBoard()
    private let cache = SharedBox<[String: (stamp: String, scenario: Scenario)]>([:])
    private let verified = SharedBox<[String: VerifyReport]>([:])

    /// The plan page's form as a solve request, checked as the commands check their options;
    /// returns every problem at once.
    static func request(_ form: Form, scenario: Scenario) -> (PlanRequest, [String]) {
        var request = PlanRequest()
        var problems: [String] = []
        if let text = form["time_limit"], let value = Double(text) { request.timeLimit = value } else {
            problems.append("time limit: expected a number of seconds, e.g. 120")
        }
        if let text = form["gap"], let value = Double(text) { request.gap = value } else { problems.append("gap: expected a number, e.g. 1e-6") }
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
        return (request, problems + request.problems)
    }

    /// The workflow for a scenario of the catalog, with the objections of its plan folder.
    func session(_ url: URL, objections: ObjectionList? = nil) -> PlanSession {
        PlanSession(scenario: url, objections: objections?.isEmpty == false ? objections : nil)
    }

    /// Loads a scenario of the catalog, its history from the ledger beside it. Pages read the
    /// same scenario many times, so a load is kept until a file of its folder changes.
    func load(_ url: URL, overrides: [SettingOverride] = []) throws(ScenarioError) -> Scenario {
        let key = url.path + "\n" + overrides.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let stamp = Self.stamp(url)
        if let kept = cache.withLock({ $0[key] }), kept.stamp == stamp { return kept.scenario }
        let scenario = try session(url).load(overrides: overrides)
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
    func startSolve(_ name: String, url: URL, request: PlanRequest, baseline: Bool) -> Bool {
        let catalog = self.catalog
        return jobs.start(name, kind: baseline ? "replan" : "solve") { control in
            do {
                let plain = try self.load(url, overrides: request.overrides)
                let folder = catalog.planFolder(for: plain)
                let objections = ObjectionList.read(folder)
                let planFile = folder.appendingPathComponent("plan.json")
                if baseline && !FileManager.default.fileExists(atPath: planFile.path) {
                    return (.failed, "没有可保留的方案：请先编制 (no plan to keep; solve first).", nil)
                }
                control.report("\(baseline ? "re-plan" : "solve") \(name): \(plain.teachers.count) teachers, \(plain.schools.count) schools")
                let run = try session(url, objections: objections).solve(
                    request, baseline: baseline ? planFile : nil, command: request.command(scenario: name, out: "plans/\(folder.lastPathComponent)"),
                    to: folder, keeping: objections.isEmpty ? [] : [(ObjectionList.fileName, objections.data)], control: control)
                if run.cancelled { return (.cancelled, "已取消，原方案保持不变 (cancelled; the last plan was kept as it was).", nil) }
                run.written.output.forEach { control.report($0) }
                run.written.errors.forEach { control.report($0) }
                let ok = run.written.status == 0
                return (ok ? .finished : .failed, ok ? "完成 (done)." : "没有方案 (no plan).", "/review?s=\(Pages.query(name))")
            } catch let error as ScenarioError {
                return (.failed, error.description, nil)
            } catch {
                return (.failed, "\(error)", nil)
            }
        }
    }

    /// Starts a what-if: `variants` and, with `price`, each rule priced.
    func startWhatIf(_ name: String, url: URL, variants: [Variant], price: Bool, request: PlanRequest) -> Bool {
        let catalog = self.catalog
        return jobs.start(name, kind: "whatif") { control in
            do {
                let base = try self.load(url, overrides: request.overrides)
                let run = try session(url).whatIf(
                    request, variants: variants, price: price, to: catalog.planFolder(for: base, suffix: "-whatif"), control: control)
                guard run != nil else { return (.cancelled, "已取消 (cancelled); nothing was written.", nil) }
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

/// A value shared by the server's tasks and the solving threads, behind a lock.
final class SharedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

import Foundation
import RotaplanAccounts
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanVerify
import RotaplanWorkflow
import Synchronization

/// What the workstation holds while it runs: the workspace under `--root`, the office's
/// accounts, the background jobs, and what pages reuse (loads, checks, verifications, review
/// pages), each kept while what it was made from stays as it is. Every step of the year's work
/// is a call into the workflow the commands use (`PlanSession`, `Workspace`).
final class Office: Sendable {
    let workspace: Workspace
    let jobs = JobBoard()
    /// The operating-system user the server runs as: who acts in the single-user mode.
    let serverUser: String
    /// Served over TLS: cookies are Secure.
    let secure: Bool
    /// Listening off loopback over plain HTTP without `--insecure-http`: sign-in is refused.
    let plainHTTPOffLoopback: Bool
    /// Listening off loopback over plain HTTP because `--insecure-http` was given: the sign-in
    /// page says that passwords cross the network unencrypted.
    let insecureHTTP: Bool
    private let accountsBox = SharedBox<Accounts?>(nil)
    private let scenarios = SharedBox<[String: Scenario]>([:])
    private let verified = SharedBox<[String: VerifyReport]>([:])
    private let pages = SharedBox<[String: SharedPage]>([:])
    private let plans = SharedBox<[String: (stamp: String, data: Data?, document: PlanDocument?)]>([:])
    /// What a form's post said, kept for the page it redirects to (post, redirect, get): by the
    /// browser's session, and said once. A refresh then reloads the page instead of posting
    /// the form again, and does not say it again.
    private let flashes = SharedBox<[String: Flash]>([:])

    /// One message kept for the next page of a session.
    struct Flash: Sendable {
        var text: String
        var kind: String
    }

    init(root: URL, secure: Bool, plainHTTPOffLoopback: Bool, insecureHTTP: Bool = false) {
        workspace = Workspace(root: root)
        serverUser = LedgerContext.systemUser
        self.secure = secure
        self.plainHTTPOffLoopback = plainHTTPOffLoopback
        self.insecureHTTP = insecureHTTP
    }

    // MARK: Post, redirect, get

    /// Keeps `message` for the session's next page (`Pages.redirect(_:saying:office:context:)`).
    func keepFlash(_ message: (String, String), for context: WorkstationContext) {
        flashes.withLock { kept in
            // A session that never came back: forgotten in bulk, as the anonymous visits are.
            if kept.count > 10_000 { kept.removeAll() }
            kept[context.session.id] = Flash(text: message.0, kind: message.1)
        }
    }

    /// The message a post kept for this session's page, taken (said once); nil when none.
    func takeFlash(_ context: WorkstationContext) -> (String, String)? {
        flashes.withLock { kept in kept.removeValue(forKey: context.session.id).map { ($0.text, $0.kind) } }
    }

    // MARK: Accounts

    /// The office's accounts, opened on first use (`users.sqlite` may appear while the server
    /// runs: `rotaplan user add`); nil while there is no such file.
    var accounts: Accounts? {
        if let open = accountsBox.withLock({ $0 }) { return open }
        guard FileManager.default.fileExists(atPath: Accounts.url(root: workspace.root).path),
            let opened = try? Accounts.open(root: workspace.root)
        else { return nil }
        return accountsBox.withLock { box in
            if box == nil { box = opened }
            return box
        }
    }

    /// Accounts mode: once any active account exists, every page needs sign-in.
    var accountsMode: Bool { (try? accounts?.modeIsOn()) ?? false }

    /// Appends an audit row (docs/workstation.md "Accounts"), creating `users.sqlite` for the
    /// record if needed; a failure to record does not undo the change, but is logged.
    func audit(_ person: Person, _ action: AuditAction, county: String? = nil, version: Int? = nil, plan: String? = nil, note: String? = nil) {
        let store = accounts ?? (try? Accounts.open(root: workspace.root))
        let entry = AuditEntry(
            at: Date(), actor: Actor(name: person.name, channel: .workstation), action: action, county: county, dataVersion: version,
            plan: plan, note: note)
        do {
            _ = try store?.audit(entry)
        } catch {
            FileHandle.standardError.write(Data("rotaplan serve: could not record \(action) in the audit: \(error)\n".utf8))
        }
    }

    // MARK: Data and plans

    /// The workflow on a data version, its history from the county's ledger.
    func session(_ version: Workspace.DataVersion, objections: ObjectionList? = nil) -> PlanSession {
        PlanSession(
            scenario: workspace.folder(of: version), ledger: workspace.ledger(version.county),
            objections: objections?.isEmpty == false ? objections : nil)
    }

    /// The county ledger's head (16 hex digits), or `none`: what a load and a check depend on
    /// besides the data version's own files, which never change.
    func historyStamp(_ county: String) -> String {
        let url = workspace.ledger(county)
        guard FileManager.default.fileExists(atPath: url.path), let ledger = try? Ledger.open(url, create: false, access: .read),
            let head = try? ledger.head()
        else { return "none" }
        return head.short
    }

    /// The newest data version of a county that its check read without problems: what pages
    /// name the county by and look names up in while a newer upload is refused by its check.
    func newestReadable(_ county: String) -> Workspace.DataVersion? {
        workspace.versions(of: county).reversed().first { check($0).facts != nil }
    }

    /// A county's name as its newest readable data gives it, or its slug.
    func countyName(_ slug: String) -> String {
        newestReadable(slug).flatMap { check($0).facts?.county } ?? slug
    }

    /// Every county of the workspace as the office reads it (`labels(_:)`).
    func countyLabels() -> [String: String] {
        Self.labels(Dictionary(uniqueKeysWithValues: workspace.counties().map { ($0, countyName($0)) }))
    }

    /// Each county by its name, with its code beside it where another county has the same name
    /// (a copy of one county's data kept for a variant): 安义县（anyi-county-b）.
    static func labels(_ names: [String: String]) -> [String: String] {
        let counted = Dictionary(names.values.map { ($0, 1) }, uniquingKeysWith: +)
        return Dictionary(
            uniqueKeysWithValues: names.map { slug, name in
                (slug, (counted[name] ?? 0) > 1 && name != slug ? "\(name)（\(slug)）" : name)
            })
    }

    /// A data version's scenario under `overrides`, kept until the county's ledger changes.
    func load(_ version: Workspace.DataVersion, overrides: [SettingOverride] = []) throws(ScenarioError) -> Scenario {
        let key =
            "\(version.county)/\(version.number)|\(historyStamp(version.county))|"
            + overrides.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        if let kept = scenarios.withLock({ $0[key] }) { return kept }
        let scenario = try session(version).load(overrides: overrides)
        scenarios.withLock { cache in
            if cache.count > 24 { cache.removeAll() }
            cache[key] = scenario
        }
        return scenario
    }

    /// The check of a data version: kept with it (`check.json`), so that a page never reads a
    /// workbook again; checked anew only when the county's ledger has changed.
    func check(_ version: Workspace.DataVersion) -> DataCheck {
        let stamp = historyStamp(version.county)
        if let kept = workspace.check(of: version), kept.historyStamp == stamp { return kept }
        let check = DataCheck.make(session(version), historyStamp: stamp)
        try? workspace.keep(check, for: version)
        return check
    }

    /// A plan of the workspace as pages need it.
    struct Plan {
        var id: Workspace.PlanID
        var version: Workspace.DataVersion
        var folder: URL
        var document: PlanDocument?
        var data: Data?
    }

    func plan(_ id: Workspace.PlanID) -> Plan? {
        guard let version = workspace.version(id.county, id.version) else { return nil }
        let folder = workspace.folder(of: id)
        guard FileManager.default.fileExists(atPath: folder.path) else { return nil }
        let (data, document) = planFile(folder.appendingPathComponent("plan.json"))
        return Plan(id: id, version: version, folder: folder, document: document, data: data)
    }

    /// A plan.json read and decoded, kept while its size and modification time stay as they are
    /// (a plan folder's plan.json is written once, whole): decoding a county's plan on every
    /// page load cost more than serving its cached review.
    private func planFile(_ url: URL) -> (Data?, PlanDocument?) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return (nil, nil) }
        let stamp = "\((attributes[.size] as? Int) ?? -1)|\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        if let kept = plans.withLock({ $0[url.path] }), kept.stamp == stamp { return (kept.data, kept.document) }
        let data = try? Data(contentsOf: url)
        let document = data.flatMap { try? PlanDocument.decode($0) }
        plans.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[url.path] = (stamp, data, document)
        }
        return (data, document)
    }

    /// The settings a plan was made under, as overrides (pages read the scenario as the plan saw it).
    static func overrides(of document: PlanDocument) -> [SettingOverride] {
        (document.meta?.settings ?? [:]).filter { $0.key.hasPrefix("policy.") }.sorted { $0.key < $1.key }
            .map { SettingOverride(key: $0.key, value: $0.value) }
    }

    /// The verifier's answer on a plan, kept while the plan and the county's ledger stay as they are.
    func verify(_ plan: Plan, scenario: Scenario) -> VerifyReport? {
        guard let data = plan.data else { return nil }
        let key = "\(plan.id)|\(historyStamp(plan.id.county))|\(SHA256.hex(data))"
        if let kept = verified.withLock({ $0[key] }) { return kept }
        let report = PlanVerifier.verify(scenario, plan: data)
        verified.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[key] = report
        }
        return report
    }

    /// Why a plan's pages should warn that the data moved on since it was made, or nil: a newer
    /// data version, or a history (a publish, amend or import in the ledger) that differs from
    /// the one it was solved on.
    func staleness(_ plan: Plan) -> String? {
        var reasons: [String] = []
        let published = workspace.state(of: plan.id) == .published
        if let newest = workspace.versions(of: plan.id.county).last, newest.number != plan.version.number {
            // A newer upload that cannot be solved still says the data moved on; the office is
            // told what it takes (correct it and upload again), not only that it is newer.
            let unusable = check(newest).facts == nil ? "（该版数据有问题，尚不能编制：请在其数据页查看问题，改正后重新上传）" : ""
            reasons.append("数据已更新：此方案基于第 \(plan.version.number) 版数据，最新为第 \(newest.number) 版\(unusable)")
        }
        // A published plan is itself a change of the ledger: its own publish (or a later one
        // that replaced it) is no reason to call it stale; its data version still is.
        if !published, let used = plan.document?.meta?.inputs[Ledger.fileName] {
            let ledger = workspace.ledger(plan.id.county)
            if let opened = try? Ledger.open(ledger, create: false, access: .read), let now = try? opened.historyCSV(),
                SHA256.hex(now) != used
            {
                reasons.append("台账已更新：此方案编制后台账有新的发布或变更")
            }
        }
        guard !reasons.isEmpty else { return nil }
        if published { return reasons.joined(separator: "；") + "。已公布的名单不受影响。" }
        return reasons.joined(separator: "；") + "。请按最新数据重新编制后再发布。"
    }

    // MARK: Pages

    /// A rendered page kept under `key` (a plan's review, say), made by `make` once.
    func page(_ key: String, make: () -> SharedPage) -> SharedPage {
        if let kept = pages.withLock({ $0[key] }) { return kept }
        let made = make()
        pages.withLock { cache in
            if cache.count > 48 { cache.removeAll() }
            cache[key] = made
        }
        return made
    }
}

/// Who is asking: a signed-in account, or in the single-user mode the server's own user.
struct Person: Sendable {
    /// The account's name (or the server's operating-system user).
    var name: String
    /// As pages greet them.
    var displayName: String
    var role: RotaplanAccounts.Role
    /// Signed in with an account (false in the single-user mode).
    var signedIn: Bool

    func may(_ action: RotaplanAccounts.Action) -> Bool { role.may(action) }
}

/// A value shared by the server's tasks and the solving threads, behind a lock.
final class SharedBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

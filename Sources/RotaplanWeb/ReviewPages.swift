import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaplanAccounts
import RotaplanDomain
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanWorkflow

/// ② Review: a plan's summary, its verification, its lists in the office's words, and why a
/// teacher moves or stays. A plan's review is computed once and served from the office's
/// cache, so that many people can read it at once (docs/workstation.md "Pages are fast under load").
struct ReviewPages: Sendable {
    let office: Office
    var workspace: Workspace { office.workspace }

    /// The plan named by `?c=` and `?p=`.
    func plan(_ request: Request) -> Office.Plan? {
        guard let county = request.uri.queryParameters.get("c"), Workspace.isSlug(county),
            let name = request.uri.queryParameters.get("p"), let id = Workspace.PlanID(county: county, name: name)
        else { return nil }
        return office.plan(id)
    }

    func unknown(_ context: WorkstationContext) -> Response {
        Pages.page("refused", title: "没有这个方案", context: context, message: ("没有这个方案。", "bad"), status: .notFound)
    }

    /// The scenario as the plan saw it (its settings).
    func scenario(of plan: Office.Plan) -> Scenario? {
        let overrides = plan.document.map(Office.overrides) ?? []
        return try? office.load(plan.version, overrides: overrides)
    }

    /// The place a plan's pages are at, for the navigation.
    func place(_ plan: Office.Plan, _ here: String) -> Pages.Place {
        let name = office.check(plan.version).facts?.county ?? plan.id.county
        return Pages.Place(county: plan.id.county, countyName: name, version: plan.version.number, plan: plan.id.name, here: here)
    }

    /// What every page of a plan says at its top: its state and whether the data moved on.
    func banner(_ plan: Office.Plan) -> [String: Any] {
        var banner: [String: Any] = [
            "state": shownState(plan), "version": String(plan.version.number), "name": plan.id.name,
            "dataHref": "/data?c=\(Pages.query(plan.id.county))&v=\(plan.version.number)",
        ]
        if let stale = office.staleness(plan) { banner["stale"] = stale }
        if plan.document?.provisional == true { banner["provisional"] = true }
        return banner
    }

    /// A plan's state as every page names it: 已发布（已被重新公布的方案替换） once the ledger
    /// has replaced it.
    func shownState(_ plan: Office.Plan) -> String {
        let state = workspace.state(of: plan.id)
        let shown = Words.state(state.rawValue)
        return state == .published && replacedInLedger(plan) ? shown + "（已被重新公布的方案替换）" : shown
    }

    /// Whether the county's ledger has replaced this published plan by a re-publication of its
    /// year (the workspace keeps the plan's own record: published once, it stays published).
    func replacedInLedger(_ plan: Office.Plan) -> Bool {
        guard let data = try? Data(contentsOf: plan.folder.appendingPathComponent("plan.json")),
            let ledger = try? Ledger.open(workspace.ledger(plan.id.county), create: false, access: .read)
        else { return false }
        return (try? ledger.isCurrent(planSHA256: SHA256.hex(data))) == false
    }

    // MARK: The plan page

    func planPage(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let plan = plan(request) else { return unknown(context) }
        return page(plan, masked: !context.person.may(.readIDNumbers), signedIn: context.person.signedIn).response(for: context)
    }

    /// The plan page for everyone who sees it alike (ID numbers masked or not, signed in or
    /// not), rendered once while the plan, its state, the data versions and the ledger stay as
    /// they are.
    func page(_ plan: Office.Plan, masked: Bool, signedIn: Bool) -> SharedPage {
        let newest = workspace.versions(of: plan.id.county).last?.number ?? 0
        let key = "plan|\(plan.id)|\(office.historyStamp(plan.id.county))|\(newest)|\(workspace.state(of: plan.id).rawValue)|\(masked)|\(signedIn)"
        return office.page(key) {
            SharedPage(
                Pages.render(
                    "plan", title: "审阅 · 方案 \(plan.id.name)", viewer: .shared(signedIn: signedIn), place: place(plan, "review"),
                    review(plan, masked: masked)))
        }
    }

    /// Renders a new plan's page as the planners who made it see it, so that the first of them
    /// to open it does not wait for its computation (the scenario read, the verification, the
    /// lists: about 0.1 s for 5,000 teachers).
    func prepare(_ id: Workspace.PlanID) {
        guard let plan = office.plan(id) else { return }
        _ = page(plan, masked: false, signedIn: office.accountsMode)
    }

    /// The plan page's view: summary, verdict, and the lists.
    func review(_ plan: Office.Plan, masked: Bool) -> [String: Any] {
        var view: [String: Any] = ["banner": banner(plan)]
        guard let document = plan.document, let scenario = scenario(of: plan) else {
            let diagnosis = (try? String(contentsOf: plan.folder.appendingPathComponent("infeasible.txt"), encoding: .utf8)) ?? ""
            view["diagnosis"] = diagnosis.split(separator: "\n").map(String.init)
            view["hasDiagnosis"] = true
            return view
        }
        let tables = ReviewTables(
            scenario: scenario, document: document, masked: masked, county: plan.id.county, plan: plan.id.name,
            objecting: !workspace.isFrozen(plan.id))
        var parts: [String] = []
        if let rotation = document.solver.rotation { parts.append(Words.part("rotation", rotation)) }
        if let itinerant = document.solver.itinerant { parts.append(Words.part("itinerant", itinerant)) }
        parts.append("交流 \(document.rotations.count) 人，走教 \(document.itinerant.count) 次/周")
        view["parts"] = parts
        view["hasParts"] = true
        if let report = office.verify(plan, scenario: scenario) {
            view["verify"] =
                report.ok
                ? "独立核验：方案符合全部规则（rotaplan verify）。"
                : "独立核验发现 \(report.violations.count) 处违规（rotaplan verify）：" + report.violations.prefix(5).joined(separator: "；")
            view["verifyKind"] = report.ok ? "good" : "bad"
        }
        view["sections"] = tables.sections()
        view["reportHref"] = "/file?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))&name=report.html"
        return view
    }

    // MARK: Explain

    func explain(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let plan = plan(request), let scenario = scenario(of: plan),
            let read = try? PlanDocument.read(plan.folder.appendingPathComponent("plan.json"), scenario: scenario)
        else { return unknown(context) }
        let explanation = Explanation(scenario: scenario, plan: read.rotation, visits: read.itinerant)
        var lines: [String]
        var title = "说明"
        if let index = ReviewTables.teacher(request, in: scenario) {
            lines = explanation.teacher(index)
            title += " · \(scenario.teachers[index].name)"
            // The objection heard for the teacher, and whether the plan's lines follow it (a
            // re-plan follows the objections it was made with; one heard later, not yet).
            let objections = ObjectionList.read(plan.folder)
            if let objection = objections.objections.first(where: { $0.teacher == scenario.teachers[index].id }) {
                let action = ObjectionPages.actionName(objection.action)
                let unmet = !ObjectionList([objection]).unmet(by: read.document).isEmpty
                lines.append(
                    "公示异议：\(action)\(objection.note.isEmpty ? "" : "（\(objection.note)）")"
                        + (unmet ? "；方案尚未体现这条异议（异议在方案编制后登记）：请按异议重新编制。" : "；方案已按这条异议编制。"))
            }
        } else if let school = request.uri.queryParameters.get("school"), let index = scenario.schoolIndex[school] {
            lines = explanation.school(index)
            title += " · \(scenario.schools[index].name)"
        } else {
            lines = ["没有这位教师或这所学校。"]
        }
        if !context.person.may(.readIDNumbers) { lines = lines.map(IDNumber.maskedWithin) }
        return Pages.page(
            "lines", title: title, context: context, place: place(plan, "review"),
            ["lines": lines, "back": "/plan?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))", "banner": banner(plan)])
    }
}

extension Pages {
    /// Marks a shared page holds where each request's own values go. Private-use characters:
    /// templates never escape them and data cannot make them appear in their place.
    static let csrfMark = "\u{E000}csrf\u{E000}"
    static let nameMark = "\u{E000}name\u{E000}"
    static let roleMark = "\u{E000}role\u{E000}"

    /// HTML's five special characters as entities, as the templates escape values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// A page rendered once for everyone with the same rights (a plan's review), kept as its UTF-8
/// bytes split at the marks where each request's own values go (`Pages.csrfMark`, …). Filling it
/// in is one copy of the bytes: the review of a county of 5,000 teachers is 320 KiB, and
/// searching it for the marks on every request (`replacingOccurrences`, through Foundation's
/// Unicode-aware search) took 60 ms of the 67 ms a load cost (docs/workstation.md "Pages are
/// fast under load").
struct SharedPage: Sendable {
    /// Which value a mark stands for.
    enum Mark: Sendable, CaseIterable {
        case csrf, name, role

        var text: String {
            switch self {
            case .csrf: Pages.csrfMark
            case .name: Pages.nameMark
            case .role: Pages.roleMark
            }
        }

        /// The value for this request, escaped as the templates escape values.
        func value(_ context: WorkstationContext) -> String {
            switch self {
            case .csrf: Pages.escape(context.session.csrf)
            case .name: Pages.escape(context.person.displayName)
            case .role: Pages.escape(Words.role(context.person.role))
            }
        }
    }

    /// The bytes between the marks: one more piece than marks.
    let pieces: [[UInt8]]
    let marks: [Mark]
    let count: Int

    init(_ page: String) {
        let bytes = Array(page.utf8)
        let patterns = Mark.allCases.map { ($0, Array($0.text.utf8)) }
        // Every mark begins with U+E000, whose UTF-8 begins with 0xEE.
        let first = patterns[0].1[0]
        var pieces: [[UInt8]] = []
        var marks: [Mark] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == first,
                let (mark, pattern) = patterns.first(where: { _, pattern in
                    index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
                })
            {
                pieces.append(Array(bytes[start..<index]))
                marks.append(mark)
                index += pattern.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        self.pieces = pieces
        self.marks = marks
        count = bytes.count
    }

    /// The page for this request's person, as the response.
    func response(for context: WorkstationContext) -> Response {
        let values = Dictionary(uniqueKeysWithValues: Mark.allCases.map { ($0, $0.value(context)) })
        var buffer = ByteBuffer()
        buffer.reserveCapacity(count + marks.count * 80)
        for (index, piece) in pieces.enumerated() {
            buffer.writeBytes(piece)
            if index < marks.count { buffer.writeString(values[marks[index]] ?? "") }
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: buffer))
    }
}

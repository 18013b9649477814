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

/// ⑤ Publish: the plan's files for the bureau, submitting it for approval, an approver's
/// publish into the county's ledger or return with a note, and the ledger itself (a teacher's
/// service record, a school's history) (docs/workstation.md "Who may do what").
struct PublishPages: Sendable {
    let office: Office
    var workspace: Workspace { office.workspace }
    var review: ReviewPages { ReviewPages(office: office) }

    func page(_ request: Request, _ context: WorkstationContext, message: (String, String)? = nil, status: HTTPResponse.Status = .ok) -> Response {
        guard let plan = review.plan(request) else { return review.unknown(context) }
        let message = message ?? office.takeFlash(context)
        let state = workspace.state(of: plan.id)
        let county = office.check(plan.version).facts?.county ?? plan.id.county
        let files = Downloads.files.filter { FileManager.default.fileExists(atPath: plan.folder.appendingPathComponent($0.file).path) }
        var view: [String: Any] = [
            "banner": review.banner(plan),
            "downloads": files.map { file in
                [
                    "name": Downloads.name(Downloads.shown(file, published: state == .published), county: county, year: plan.id.year),
                    "href": "/file?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))&name=\(Pages.query(file.file))",
                    "inline": file.inline,
                ]
            },
            "events": workspace.events(of: plan.id).map { event in
                ["what": Words.state(event.kind.rawValue), "by": event.by, "at": Words.time(event.at), "note": event.note ?? ""]
            },
        ]
        view["hasEvents"] = !workspace.events(of: plan.id).isEmpty
        let stale = office.staleness(plan)
        if plan.document != nil, plan.document?.provisional != true {
            view["canSubmit"] = [.draft, .returned].contains(state) && context.person.may(.submit) && stale == nil
            view["canDecide"] = state == .submitted && context.person.may(.approve) && stale == nil
            // Replacing is offered only where the year has a published list to replace.
            view["yearPublished"] =
                (try? Ledger.open(workspace.ledger(plan.id.county), create: false, access: .read).publishedYears().contains(plan.id.year)) == true
        }
        if stale != nil && state != .published { view["staleRefusal"] = "数据或台账已更新，此方案不能再提交或发布；请按最新数据重新编制。" }
        if state != .published, let pending = historyToImport(plan.version) {
            view["historyImport"] = [
                "rows": String(pending), "href": "/data?c=\(Pages.query(plan.id.county))&v=\(plan.version.number)",
                "action": "/ledger-import?c=\(Pages.query(plan.id.county))&v=\(plan.version.number)",
                "canImport": context.person.may(.upload),
            ]
        }
        view["ledger"] = ledgerSummary(plan.id.county)
        return Pages.page(
            "publish", title: "发布与台账 · 方案 \(plan.id.name)", context: context, place: review.place(plan, "publish"), message: message,
            view, status: status)
    }

    /// The history rows a data version brings (its 历史 sheet or history.csv) while the county's
    /// ledger holds no record yet: they must be brought into the ledger before the first publish,
    /// or the ledger would start without them. Nil when there is nothing to bring in.
    func historyToImport(_ version: Workspace.DataVersion) -> Int? {
        guard let facts = office.check(version).facts, facts.historyRows > 0, !facts.historyFromLedger,
            office.historyStamp(version.county) == "none"
        else { return nil }
        return facts.historyRows
    }

    /// A publish refusal as the office reads it: the workspace's own folders named relative to
    /// it (no server path is ever shown).
    func withoutServerPaths(_ line: String) -> String {
        line.replacingOccurrences(of: workspace.root.path + "/", with: "").replacingOccurrences(of: workspace.root.path, with: "")
    }

    /// What the county's ledger holds, in a line, and where to look something up.
    func ledgerSummary(_ county: String) -> [String: Any] {
        let url = workspace.ledger(county)
        guard let ledger = try? Ledger.open(url, create: false, access: .read), let head = try? ledger.head() else {
            return ["line": "本县台账还没有记录：第一次发布时建立。", "c": county]
        }
        let years = (try? ledger.publishedYears()) ?? []
        return [
            "line": "已公布学年：\(years.isEmpty ? "无" : years.map { "\($0)" }.joined(separator: "、"))；台账校验码 \(head.short)。",
            "c": county,
        ]
    }

    // MARK: Submit, approve, return

    /// `body` under the plan's lock, off the server's threads (`Office.holding`).
    func holding(_ plan: Office.Plan, _ request: Request, _ context: WorkstationContext, _ body: @escaping @Sendable () -> Response) async
        -> Response
    {
        await office.holding(plan.id, body) { why in page(request, context, message: (why, "bad"), status: .internalServerError) }
    }

    func submit(_ request: Request, _ context: WorkstationContext) async -> Response {
        guard let plan = review.plan(request), plan.document != nil else { return review.unknown(context) }
        return await holding(plan, request, context) { submit(plan, request, context) }
    }

    private func submit(_ plan: Office.Plan, _ request: Request, _ context: WorkstationContext) -> Response {
        guard [.draft, .returned].contains(workspace.state(of: plan.id)) else {
            return page(request, context, message: ("此方案已提交或已发布。", "bad"), status: .conflict)
        }
        if let stale = office.staleness(plan) { return page(request, context, message: (stale, "bad"), status: .conflict) }
        // Objections heard after the plan was made are not in its lines: the plan is planned
        // again by them, or the ones not taken are removed, before it goes for approval.
        if let document = plan.document, let scenario = review.scenario(of: plan) {
            let unmet = ObjectionList.read(plan.folder).unmet(by: document)
            if !unmet.isEmpty {
                let masked = !context.person.may(.readIDNumbers)
                let named = unmet.prefix(5).map { objection in
                    let who = scenario.teacherIndex[objection.teacher].map { People.label(scenario, $0, masked: masked) } ?? objection.teacher
                    return "\(who)：\(ObjectionPages.actionName(objection.action))"
                }
                return page(
                    request, context,
                    message: (
                        "未提交：本方案有 \(unmet.count) 条异议尚未体现在方案中（\(named.joined(separator: "；"))）。请在“公示异议”页按异议重新编制，或撤销不采纳的异议后再提交。",
                        "bad"
                    ), status: .conflict)
            }
        }
        let note = context.form.text("note")
        do {
            try workspace.record(.init(kind: .submitted, by: context.person.name, note: note.isEmpty ? nil : note), for: plan.id)
        } catch {
            return page(request, context, message: ("无法提交：\(error.localizedDescription)", "bad"), status: .internalServerError)
        }
        office.audit(context.person, .submit, county: plan.id.county, version: plan.version.number, plan: plan.id.name, note: note.isEmpty ? nil : note)
        return Pages.redirect(publishPage(plan), saying: ("已提交审批。方案从此冻结（异议不能再改）；审批人可以批准发布或退回。", "good"), office: office, context: context)
    }

    /// `POST /approve`: an approver publishes a submitted plan into the ledger, as
    /// `rotaplan ledger publish` does (verified first), naming the submitter and the approver.
    func approve(_ request: Request, _ context: WorkstationContext) async -> Response {
        guard let plan = review.plan(request), plan.document != nil else { return review.unknown(context) }
        return await holding(plan, request, context) { approve(plan, request, context) }
    }

    private func approve(_ plan: Office.Plan, _ request: Request, _ context: WorkstationContext) -> Response {
        let events = workspace.events(of: plan.id)
        guard workspace.state(of: plan.id) == .submitted, let submitted = events.last(where: { $0.kind == .submitted }) else {
            let why = workspace.state(of: plan.id) == .published ? "此方案已经发布，无需再次批准。" : "只有已提交审批的方案才能发布。"
            return page(request, context, message: (why, "bad"), status: .conflict)
        }
        if let stale = office.staleness(plan) { return page(request, context, message: (stale, "bad"), status: .conflict) }
        // A plan is published by an approver other than its submitter, unless the office has one.
        if office.accountsMode, let accounts = office.accounts {
            let verdict = (try? accounts.publishVerdict(approver: context.person.name, submitter: submitted.by)) ?? .disabled
            if let refusal = verdict.message { return page(request, context, message: (refusal, "bad"), status: .forbidden) }
        }
        let note = context.form.text("note")
        let replace = context.form["replace"] == "1"
        if replace && note.isEmpty {
            return page(request, context, message: ("替换已公布的同一学年，须写明原因。", "bad"), status: .badRequest)
        }
        if let pending = historyToImport(plan.version) {
            return page(
                request, context,
                message: ("未发布：这份数据带有 \(pending) 条交流记录（历史表），而本县台账还没有记录；请先在“① 数据与编制”页把这些记录导入台账，再发布。", "bad"),
                status: .conflict)
        }
        if !replace, let ledger = try? Ledger.open(workspace.ledger(plan.id.county), create: false, access: .read),
            let years = try? ledger.publishedYears(), years.contains(plan.id.year)
        {
            return page(
                request, context,
                message: ("未发布：\(plan.id.year)学年已有公布的方案。如要替换，请勾选“替换已公布的同一学年”并写明原因。", "bad"), status: .conflict)
        }
        let record = "提交人 \(submitted.by)，审批人 \(context.person.name)" + (note.isEmpty ? "" : "：\(note)")
        let ledgerContext = LedgerContext.workstation(
            account: context.person.name, command: "rotaplan serve: approve \(plan.id.county)/plans/\(plan.id.name)", note: record)
        let published: PlanPublishing.Published
        do {
            published = try PlanPublishing.publish(
                scenario: workspace.folder(of: plan.version), plan: plan.folder.appendingPathComponent("plan.json"),
                ledger: workspace.ledger(plan.id.county), replace: replace, context: ledgerContext)
        } catch {
            // `publish` throws only its refusals, each said in lines.
            return page(request, context, message: ("未发布：" + error.lines.map(withoutServerPaths).joined(separator: "；"), "bad"), status: .badRequest)
        }
        try? workspace.record(.init(kind: .published, by: context.person.name, note: note.isEmpty ? nil : note), for: plan.id)
        office.audit(context.person, .publish, county: plan.id.county, version: plan.version.number, plan: plan.id.name, note: record)
        var said = "已发布并记入本县台账（\(record)）。台账校验码 \(published.head.short)"
        said += published.lists.isEmpty ? "，请另行保存。" : "，已注明在下面的方案报告和方案表格（公布版）上，请另行保存。"
        if let problem = published.listsProblem { said += withoutServerPaths(problem) }
        if !published.amendedAgain.isEmpty { said += "注意：" + published.amendedAgain.joined(separator: "；") }
        return Pages.redirect(publishPage(plan), saying: (said, "good"), office: office, context: context)
    }

    func returnPlan(_ request: Request, _ context: WorkstationContext) async -> Response {
        guard let plan = review.plan(request) else { return review.unknown(context) }
        return await holding(plan, request, context) { returnPlan(plan, request, context) }
    }

    private func returnPlan(_ plan: Office.Plan, _ request: Request, _ context: WorkstationContext) -> Response {
        guard workspace.state(of: plan.id) == .submitted else {
            return page(request, context, message: ("只有已提交审批的方案才能退回。", "bad"), status: .conflict)
        }
        let note = context.form.text("note")
        guard !note.isEmpty else { return page(request, context, message: ("退回时请写明原因。", "bad"), status: .badRequest) }
        try? workspace.record(.init(kind: .returned, by: context.person.name, note: note), for: plan.id)
        office.audit(context.person, .return, county: plan.id.county, version: plan.version.number, plan: plan.id.name, note: note)
        return Pages.redirect(publishPage(plan), saying: ("已退回，附言：\(note)", "good"), office: office, context: context)
    }

    /// The plan's publish page, where its submit, approve and return come back to.
    func publishPage(_ plan: Office.Plan) -> String {
        "/publish?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))"
    }

    /// `POST /ledger-import?c=&v=`: while the county's ledger is empty, the data version's own
    /// history (its 历史 sheet or history.csv) brought in as the ledger's first record.
    func importHistory(_ request: Request, _ context: WorkstationContext) -> Response {
        let data = DataPages(office: office)
        guard let version = data.version(request) else { return data.unknown(context) }
        guard office.historyStamp(version.county) == "none" else {
            return data.dataPage(request, context, message: ("本县台账已有记录；历史只能导入一次。", "bad"), status: .conflict)
        }
        do {
            let scenario = try office.session(version).load()
            let lines = Ledger.importedLines(of: scenario)
            let ledger = try Ledger.open(workspace.ledger(version.county), create: true, access: .write)
            _ = try ledger.importHistory(
                lines, countySlug: scenario.settings.slug, countyName: scenario.settings.county,
                context: .workstation(
                    account: context.person.name, command: "rotaplan serve: ledger import \(version.county)/data/\(version.number)",
                    note: "自第 \(version.number) 版数据的交流记录导入"))
            office.audit(context.person, .upload, county: version.county, version: version.number, note: "历史记录导入台账：\(lines.count) 条")
            // The history's itinerant (走教) rows are a record of the past only: not secondments.
            let itinerant = scenario.history.count { $0.kind == .itinerant }
            let rest = itinerant == 0 ? "" : "历史表中另有 \(itinerant) 条走教记录，只作记录，不计入台账。"
            return Pages.redirect(
                "/data?c=\(Pages.query(version.county))&v=\(version.number)", saying: ("已把 \(lines.count) 条交流记录导入本县台账。" + rest, "good"),
                office: office, context: context)
        } catch let error as ScenarioError {
            return data.dataPage(request, context, message: ("数据有问题，不能导入：\(error.problems.first?.officeLine ?? "")", "bad"), status: .badRequest)
        } catch {
            return data.dataPage(request, context, message: ("未导入：" + withoutServerPaths("\(error)"), "bad"), status: .badRequest)
        }
    }

    // MARK: The ledger

    /// `GET /ledger?c=&q=`: a teacher's service record or a school's history, found by name or id.
    func ledgerPage(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let county = request.uri.queryParameters.get("c"), Workspace.isSlug(county), let newest = workspace.versions(of: county).last else {
            return DataPages(office: office).unknown(context)
        }
        // The search box is a GET form: the browser sends its spaces as `+`, which the query's
        // decoding keeps (no name or 工号 has a `+`).
        let typed = (request.uri.queryParameters.get("q") ?? "").replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces)
        var view: [String: Any] = ["ledger": ledgerSummary(county), "q": typed]
        var message: (String, String)?
        if !typed.isEmpty, let ledger = try? Ledger.open(workspace.ledger(county), create: false, access: .read) {
            // The newest data that reads: a newer upload refused by its check names nobody.
            let scenario = office.newestReadable(county).flatMap { try? office.load($0) }
            var lines: [String]?
            // A name is looked up by the ids of the teachers and schools that have it.
            // A code is found as typed in any case (ayx-s012).
            let code = typed.uppercased()
            var teachers = scenario.map { s in s.teachers.filter { $0.name == typed || $0.id.uppercased() == code }.map(\.id) } ?? []
            var schools = scenario.map { s in s.schools.filter { $0.name == typed || $0.id.uppercased() == code }.map(\.id) } ?? []
            // A name the data no longer has (a school renamed since): the ledger's own; else
            // what was typed, as a 工号 or a school's code.
            if teachers.isEmpty && schools.isEmpty, let recorded = try? ledger.ids(named: typed) {
                (teachers, schools) = recorded
            }
            if teachers.isEmpty && schools.isEmpty { (teachers, schools) = ([typed], [typed]) }
            if let id = teachers.first ?? (schools.isEmpty ? typed : nil), let record = try? ledger.teacher(id),
                !(record.secondments.isEmpty && record.events.isEmpty)
            {
                lines = LedgerReport.teacherText(record).split(separator: "\n").map(String.init)
                if teachers.count > 1 {
                    message = ("有 \(teachers.count) 位教师叫 “\(typed)”：以下是工号 \(id) 的记录；其他请按工号查询（\(teachers.joined(separator: "、"))）。", "warn")
                }
            } else if let id = schools.first, let record = try? ledger.school(id),
                !(record.sent.isEmpty && record.received.isEmpty) || scenario?.schoolIndex[id] != nil
            {
                // A school the data knows, even with no record yet; what was typed, only when
                // the ledger has it (a 工号 without a record is not a school).
                lines = LedgerReport.schoolText(record).split(separator: "\n").map(String.init)
            }
            if var lines {
                if !context.person.may(.readIDNumbers) { lines = lines.map(IDNumber.maskedWithin) }
                view["lines"] = lines
                view["hasLines"] = true
            } else {
                message = ("台账中没有 “\(typed)” 的记录（可按姓名、工号、学校名称或学校代码查询）。", "warn")
            }
        }
        let name = office.countyName(county)
        return Pages.page(
            "ledger", title: "台账 · \(name)", context: context,
            place: Pages.Place(county: county, countyName: name, version: newest.number, plan: nil, here: "ledger"), message: message, view)
    }

    // MARK: Files

    /// `GET /file?c=&p=&name=`: one of the plan folder's files (or its what-if's), under a name
    /// that says what it is; a report opens in the browser with its style allowed by hash.
    func file(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let plan = review.plan(request), let name = request.uri.queryParameters.get("name"),
            let kind = Downloads.files.first(where: { $0.file == name })
        else { return Pages.plain(.notFound, "没有这个文件。") }
        var location = plan.folder.appendingPathComponent(kind.file)
        var shown = kind
        if let published = publishedList(plan, kind) {
            switch published {
            case .success(let url): (location, shown) = (url, Downloads.shown(kind, published: true))
            case .failure(let refusal): return Pages.plain(.internalServerError, refusal.lines.map(withoutServerPaths).joined(separator: "\n"))
            }
        }
        guard var data = try? Data(contentsOf: location) else { return Pages.plain(.notFound, "没有这个文件。") }
        if kind.file == ObjectionList.fileName, let scenario = review.scenario(of: plan) {
            data = ObjectionList.read(plan.folder).peoplesData(scenario)
        }
        if !context.person.may(.readIDNumbers) {
            // Every text file is masked as the pages are; a workbook cannot be, so it is not
            // given when a 工号 in it is an ID-card number.
            if kind.type == Downloads.xlsx {
                if let scenario = review.scenario(of: plan), scenario.teachers.contains(where: { IDNumber.isIDNumber($0.id) }) {
                    return Pages.plain(
                        .forbidden, "此方案的工号中有身份证号，查看者不能下载工作簿（其中的号码无法遮盖）。请下载交流名单、走教安排等 CSV 文件（号码已遮盖），或请有权限的同事下载。")
                }
            } else {
                data = Data(IDNumber.maskedWithin(String(decoding: data, as: UTF8.self)).utf8)
            }
        }
        if kind.inline {
            var response = Response(status: .ok, headers: [.contentType: kind.type], body: .init(byteBuffer: ByteBuffer(data: data)))
            response.headers[.contentSecurityPolicy] = Downloads.reportPolicy(data)
            return response
        }
        let county = office.check(plan.version).facts?.county ?? plan.id.county
        return Downloads.response(data, name: Downloads.name(shown, county: county, year: plan.id.year), type: kind.type)
    }

    /// For a published plan's report.html and plan.xlsx: the published list, which carries the
    /// ledger's head (docs/ledger.md "Published lists carry the head"), made again from the
    /// ledger when it is missing (its writing failed at the approval). Nil for other files.
    func publishedList(_ plan: Office.Plan, _ kind: Downloads.File) -> Result<URL, PlanPublishing.Refusal>? {
        guard PlanFolder.stampedLists.contains(kind.file), workspace.state(of: plan.id) == .published else { return nil }
        let planFile = plan.folder.appendingPathComponent("plan.json")
        let list = PlanPublishing.listsFolder(beside: planFile).appendingPathComponent(kind.file)
        if FileManager.default.fileExists(atPath: list.path) { return .success(list) }
        do {
            _ = try PlanPublishing.remakeLists(scenario: workspace.folder(of: plan.version), plan: planFile, ledger: workspace.ledger(plan.id.county))
            return .success(list)
        } catch {
            return .failure(error)
        }
    }
}

/// The files a person may take from a plan folder, what they are called when downloaded
/// (`安义县-2025-交流与走教方案.xlsx`), and how they are served.
enum Downloads {
    struct File {
        var file: String
        var title: String
        var type: String
        /// Opened in the browser (a report) rather than saved.
        var inline: Bool
    }

    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let csv = "text/csv; charset=utf-8"

    static let files: [File] = [
        File(file: "plan.xlsx", title: "交流与走教方案", type: xlsx, inline: false),
        File(file: "report.html", title: "方案报告", type: "text/html; charset=utf-8", inline: true),
        File(file: "rotations.csv", title: "交流名单", type: csv, inline: false),
        File(file: "itinerant.csv", title: "走教安排", type: csv, inline: false),
        File(file: "schools.csv", title: "学校配置", type: csv, inline: false),
        File(file: "changes.txt", title: "重新编制的改动", type: "text/plain; charset=utf-8", inline: false),
        File(file: "objections.csv", title: "公示异议", type: csv, inline: false),
        File(file: "plan.json", title: "方案数据", type: "application/json", inline: false),
        File(file: "whatif/comparison.html", title: "方案比较", type: "text/html; charset=utf-8", inline: true),
        File(file: "whatif/comparison.csv", title: "方案比较", type: csv, inline: false),
        File(file: "whatif/price.csv", title: "规则代价", type: csv, inline: false),
    ]

    /// A published plan's report and workbook are its published lists, which carry the
    /// ledger's head: `交流与走教方案（公布版）`.
    static func shown(_ file: File, published: Bool) -> File {
        guard published, PlanFolder.stampedLists.contains(file.file) else { return file }
        var shown = file
        shown.title += "（公布版）"
        return shown
    }

    /// `安义县-2025-交流与走教方案.xlsx`.
    static func name(_ file: File, county: String, year: Int) -> String {
        "\(county)-\(year)-\(file.title).\((file.file as NSString).pathExtension)"
    }

    static func response(_ data: Data, name: String, type: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? "file"
        return Response(
            status: .ok,
            headers: [
                .contentType: type, .contentDisposition: "attachment; filename=\"download.\((name as NSString).pathExtension)\"; filename*=UTF-8''\(encoded)",
            ],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// The Content-Security-Policy of a report: the workstation's, with the report's own
    /// inline style sheets allowed by their SHA-256 (no script runs; nothing else is allowed).
    static func reportPolicy(_ page: Data) -> String {
        let text = String(decoding: page, as: UTF8.self)
        var hashes: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<style>"), let close = rest[open.upperBound...].range(of: "</style>") {
            let css = rest[open.upperBound..<close.lowerBound]
            hashes.append("'sha256-\(base64(SHA256.hex(Array(css.utf8))))'")
            rest = rest[close.upperBound...]
        }
        return "default-src 'none'; img-src 'self' data:; style-src \(hashes.joined(separator: " ")); frame-ancestors 'self'"
    }

    /// Hex digits as base64 (CSP wants the digest's bytes in base64).
    static func base64(_ hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaplanDomain
import RotaplanResults
import RotaplanLedger
import RotaplanWorkflow
import RotaplanReport
import RotaplanSpreadsheet
import RotaplanVerify

/// The workstation's pages and actions, in the order of the year's work (docs/workstation.md).
struct Routes: Sendable {
    let bench: Workbench
    var catalog: Catalog { bench.catalog }

    func register(on router: Router<WorkstationContext>) {
        router.get("/") { _, context in index(context) }
        router.get("/assets/:name") { _, context in try asset(context) }
        router.get("/template.xlsx") { _, _ in try template() }
        router.post("/upload") { request, context in try await upload(request, context) }
        router.get("/scenario") { request, context in scenarioPage(request, context) }
        router.post("/solve") { request, context in solve(request, context, baseline: false) }
        router.post("/replan") { request, context in solve(request, context, baseline: true) }
        router.post("/cancel") { request, context in cancel(request, context) }
        router.get("/events") { request, _ in events(request) }
        router.get("/review") { request, context in review(request, context) }
        router.get("/explain") { request, context in explain(request, context) }
        router.get("/objections") { request, context in objections(request, context) }
        router.post("/objections") { request, context in addObjection(request, context) }
        router.get("/whatif") { request, context in whatIf(request, context) }
        router.post("/whatif") { request, context in startWhatIf(request, context) }
        router.get("/file") { request, context in file(request, context, whatIf: false) }
        router.get("/whatif-file") { request, context in file(request, context, whatIf: true) }
        router.get("/publish") { request, context in publishPage(request, context) }
        router.post("/publish") { request, context in publish(request, context) }
        router.get("/ledger") { request, context in publishPage(request, context) }
    }

    // MARK: Data

    func index(_ context: WorkstationContext, message: (String, String)? = nil) -> Response {
        let names = catalog.scenarios()
        let table = Pages.table(
            id: "scenarios", header: ["场景 Scenario", "类型 Kind"],
            rows: names.map { [$0, $0.hasSuffix(".xlsx") ? "工作簿 workbook" : "文件夹 folder"] }, filter: true,
            links: { row, column in column == 0 ? "/scenario?s=\(Pages.query(names[row]))" : nil })
        return Pages.page("index", title: "数据 Data", context: context, message: message, ["root": catalog.root.path, "table": table])
    }

    func asset(_ context: WorkstationContext) throws -> Response {
        guard let name = context.parameters.get("name"), let asset = Assets.files[name] else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: asset.type, .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: asset.text)))
    }

    func template() throws -> Response {
        download(try Template.data(), name: "模板.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    /// `POST /upload?name=FILE` with the file as the body (the page's script sends it).
    func upload(_ request: Request, _ context: WorkstationContext) async throws -> Response {
        guard let body = try await BodyReader.read(request.body, upTo: Limits.upload) else { return BodyReader.tooLarge("文件 (the file) ", limit: Limits.upload) }
        let fileName = request.uri.queryParameters.get("name") ?? ""
        do {
            let name = try Upload.store(Data(buffer: body), fileName: fileName, in: catalog)
            return Pages.plain(.ok, "/scenario?s=\(Pages.query(name))")
        } catch {
            return Pages.plain(.badRequest, error.message)
        }
    }

    // MARK: Plan

    /// A scenario named in `?s=`, or the answer to give when there is none.
    func scenarioURL(_ request: Request) -> (name: String, url: URL)? {
        let name = request.uri.queryParameters.get("s")
        guard let name, let url = catalog.url(of: name) else { return nil }
        return (name, url)
    }

    func unknown(_ context: WorkstationContext) -> Response {
        var response = index(context, message: ("没有这个场景 (no such scenario under the root).", "bad"))
        response.status = .notFound
        return response
    }

    func scenarioPage(_ request: Request, _ context: WorkstationContext, message: (String, String)? = nil) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        var view: [String: Any] = [:]
        do {
            let scenario = try bench.load(url)
            view["summary"] = ScenarioSummary.text(scenario)
            view["warnings"] = scenario.warnings.map(\.description)
            view["canSolve"] = true
            view["timeLimit"] = "120"
            view["settings"] = scenario.settings.listed.filter { $0.key.hasPrefix("policy.") }.map { setting in
                ["key": setting.key, "value": setting.value, "meaning": Template.settingMeanings[setting.key] ?? ""]
            }
        } catch {
            let rows = error.problems.map { problem in
                [problem.file, problem.cell ?? problem.row.map(String.init) ?? "", problem.column ?? "", problem.message, problem.hint ?? ""]
            }
            view["problems"] = [
                "count": error.problems.count,
                "table": Pages.table(id: "problems", header: ["文件/工作表 File", "行/单元格 Row", "列 Column", "问题 Problem", "建议 Hint"], rows: rows),
            ]
        }
        if let job = bench.jobs.job(name) {
            var shown: [String: Any] = ["kind": job.kind, "state": job.state.rawValue, "lines": job.lines, "running": job.state == .running]
            if let next = job.next { shown["next"] = next }
            view["job"] = shown
        }
        return Pages.page("scenario", title: "数据与编制 \(name)", context: context, scenario: name, here: "navPlan", message: message, view)
    }

    func solve(_ request: Request, _ context: WorkstationContext, baseline: Bool) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        let scenario: Scenario
        do {
            scenario = try bench.load(url)
        } catch {
            return scenarioPage(request, context, message: ("数据有问题，不能编制 (the scenario has problems).", "bad"))
        }
        var (solveRequest, problems) = Workbench.request(context.form, scenario: scenario)
        // A re-plan keeps the settings the plan was made under.
        if baseline, let plan = bench.plan(of: scenario) { solveRequest.overrides = Workbench.overrides(of: plan.document) }
        if !problems.isEmpty {
            var response = scenarioPage(request, context, message: (problems.joined(separator: "；"), "bad"))
            response.status = .badRequest
            return response
        }
        if !solveRequest.overrides.isEmpty {
            do {
                _ = try bench.load(url, overrides: solveRequest.overrides)
            } catch {
                var response = scenarioPage(request, context, message: (error.problems.map(\.description).joined(separator: "；"), "bad"))
                response.status = .badRequest
                return response
            }
        }
        guard bench.startSolve(name, url: url, request: solveRequest, baseline: baseline) else {
            var response = scenarioPage(request, context, message: ("这个场景正在求解，一次只能进行一个 (a solve of this scenario is running).", "bad"))
            response.status = .conflict
            return response
        }
        return Pages.redirect("/scenario?s=\(Pages.query(name))")
    }

    func cancel(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let (name, _) = scenarioURL(request) else { return unknown(context) }
        _ = bench.jobs.cancel(name)
        return Pages.redirect("/scenario?s=\(Pages.query(name))")
    }

    /// Server-sent events: the job's lines as they come, then `done` with its state.
    func events(_ request: Request) -> Response {
        guard let (name, _) = scenarioURL(request) else { return Pages.plain(.notFound, "no such scenario") }
        let jobs = bench.jobs
        let body = ResponseBody { writer in
            var sent = 0
            while true {
                guard let job = jobs.job(name) else { break }
                for line in job.lines.dropFirst(sent) {
                    let data = line.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
                    try await writer.write(ByteBuffer(string: data + "\n"))
                }
                sent = job.lines.count
                if job.state != .running {
                    try await writer.write(ByteBuffer(string: "event: done\ndata: \(job.state.rawValue) \(job.next ?? "")\n\n"))
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    // MARK: Review

    /// The scenario as the plan saw it (its policy settings), and the plan; nil without a plan.
    func planned(_ url: URL) -> (scenario: Scenario, folder: URL, document: PlanDocument, data: Data)? {
        guard let plain = try? bench.load(url), let plan = bench.plan(of: plain) else { return nil }
        let scenario = (try? bench.load(url, overrides: Workbench.overrides(of: plan.document))) ?? plain
        return (scenario, plan.folder, plan.document, plan.data)
    }

    func review(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        guard let (scenario, _, document, data) = planned(url) else {
            return Pages.page("review", title: "审阅 \(name)", context: context, scenario: name, here: "navReview", ["hasPlan": false])
        }
        let verified = bench.verify(scenario, url: url, plan: data)
        let query = Pages.query(name)
        func teacherName(_ id: String) -> String { scenario.teacherIndex[id].map { scenario.teachers[$0].name } ?? "" }
        func schoolName(_ id: String) -> String { scenario.schoolIndex[id].map { scenario.schools[$0].name } ?? id }
        var parts: [String] = []
        for (part, report) in [("交流 rotation", document.solver.rotation), ("走教 itinerant", document.solver.itinerant)] {
            guard let report else { continue }
            parts.append("\(part): \(report.status.rawValue), objective \(report.objective.map { String(format: "%.2f", $0) } ?? "-"), bound \(report.bound.map { String(format: "%.2f", $0) } ?? "-"), \(String(format: "%.1f", report.seconds)) s (\(report.method))")
        }
        parts.append("交流 \(document.rotations.count) 人次，走教 \(document.itinerant.count) 次/周 (rotations, weekly visits)")
        let rotations = document.rotations
        let rotationTable = Pages.table(
            id: "rotations", header: ["教师 Teacher", "姓名 Name", "派出 From", "接收 To", "身份 Role", "学科 Subject", "方向 Direction", "公里 km", "起止 Years", "异议 Objection"],
            rows: rotations.map { line in
                [line.teacher, teacherName(line.teacher), schoolName(line.from), schoolName(line.to), line.role, line.subject, line.direction,
                 String(format: "%.1f", line.km), "\(line.startYear)–\(line.endYear)", "登记 object"]
            }, numeric: [7], filter: true,
            links: { row, column in
                switch column {
                case 0, 1: return "/explain?s=\(query)&teacher=\(Pages.query(rotations[row].teacher))"
                case 3: return "/explain?s=\(query)&school=\(Pages.query(rotations[row].to))"
                case 9: return "/objections?s=\(query)&teacher=\(Pages.query(rotations[row].teacher))"
                default: return nil
                }
            })
        let visits = document.itinerant
        let visitTable = Pages.table(
            id: "itinerant", header: ["教师 Teacher", "姓名 Name", "本校 Home", "走教学校 School", "星期 Day", "学科 Subject", "节数 Periods", "公里 km"],
            rows: visits.map { line in
                [line.teacher, teacherName(line.teacher), schoolName(line.home), schoolName(line.school), line.day, line.subject,
                 String(line.periods), String(format: "%.1f", line.km)]
            }, numeric: [6, 7], filter: true,
            links: { row, column in column <= 1 ? "/explain?s=\(query)&teacher=\(Pages.query(visits[row].teacher))" : nil })
        let compliance = Pages.table(
            id: "compliance", header: ["规则 Rule", "范围 Scope", "要求 Required", "实际 Actual", "合规 OK"],
            rows: document.compliance.map { [$0.rule, $0.scope, formatNumber($0.required), formatNumber($0.actual), $0.ok ? "是 yes" : "否 NO"] },
            numeric: [2, 3], filter: true)
        let effort = Pages.table(
            id: "effort", header: ["学校 School", "派出 Sent", "要求 Required", "干部 Cadres", "骨干 Backbone"],
            rows: document.effort.map { [schoolName($0.school), String($0.sent), String($0.required), String($0.cadres), String($0.backbone)] },
            numeric: [1, 2, 3, 4], filter: true,
            links: { row, column in column == 0 ? "/explain?s=\(query)&school=\(Pages.query(document.effort[row].school))" : nil })
        let improvement = Pages.table(
            id: "improvement", header: ["学校 School", "缺编（前）Shortfall before", "缺编（后）after", "未覆盖节数（前）Uncovered before", "（后）after"],
            rows: document.improvement.map {
                [schoolName($0.school), String($0.shortfallBefore), String($0.shortfallAfter), $0.uncoveredBefore.map(String.init) ?? "-",
                 $0.uncoveredAfter.map(String.init) ?? "-"]
            }, numeric: [1, 2, 3, 4], filter: true,
            links: { row, column in column == 0 ? "/explain?s=\(query)&school=\(Pages.query(document.improvement[row].school))" : nil })
        var tables: [[String: Any]] = []
        for (heading, table) in [("交流名单 Rotations", rotationTable), ("走教安排 Itinerant visits", visitTable), ("合规 Compliance", compliance),
                                 ("工作量 Effort", effort), ("改善 Improvement", improvement)] {
            var entry = table
            entry["heading"] = heading
            tables.append(entry)
        }
        let view: [String: Any] = [
            "hasPlan": true, "provisional": document.provisional == true, "parts": parts, "tables": tables,
            "verify": verified.ok ? "rotaplan verify：方案通过全部规则检查 (the plan verifies)." : "rotaplan verify：\(verified.violations.count) 处违规 (violations): \(verified.violations.prefix(5).joined(separator: "；"))",
            "verifyKind": verified.ok ? "good" : "bad",
        ]
        return Pages.page("review", title: "审阅 \(name)", context: context, scenario: name, here: "navReview", view)
    }

    func explain(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        guard let (scenario, folder, _, _) = planned(url),
            let plan = try? PlanDocument.read(folder.appendingPathComponent("plan.json"), scenario: scenario)
        else { return Pages.redirect("/review?s=\(Pages.query(name))") }
        let explanation = Explanation(scenario: scenario, plan: plan.rotation, visits: plan.itinerant)
        var lines: [String]
        var title = "说明 Explain"
        if let teacher = request.uri.queryParameters.get("teacher") {
            if let index = scenario.teacherIndex[teacher] {
                lines = explanation.teacher(index)
                title += " \(teacher)"
            } else {
                lines = ["教师编号 “\(teacher)” 不在 teachers.csv 中。\(Suggestion.hint(for: teacher, among: scenario.teacherIndex.keys) ?? "")"]
            }
        } else if let school = request.uri.queryParameters.get("school") {
            if let index = scenario.schoolIndex[school] {
                lines = explanation.school(index)
                title += " \(school)"
            } else {
                lines = ["学校编号 “\(school)” 不在 schools.csv 中。\(Suggestion.hint(for: school, among: scenario.schoolIndex.keys) ?? "")"]
            }
        } else {
            lines = ["给出 teacher 或 school (give ?teacher= or ?school=)."]
        }
        return Pages.page(
            "lines", title: title, context: context, scenario: name, here: "navReview",
            ["lines": lines, "back": "/review?s=\(Pages.query(name))"])
    }

    // MARK: Objections

    func objections(_ request: Request, _ context: WorkstationContext, message: (String, String)? = nil) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        guard let (scenario, folder, document, _) = planned(url) else {
            return Pages.page("review", title: "公示异议 \(name)", context: context, scenario: name, here: "navObjections", ["hasPlan": false])
        }
        let objections = ObjectionList.read(folder).objections
        let table = Pages.table(
            id: "objection-list", header: ["教师 Teacher", "处理 Action", "学校 School", "说明 Note"],
            rows: objections.map { objection in
                [objection.teacher + (scenario.teacherIndex[objection.teacher].map { " " + scenario.teachers[$0].name } ?? ""),
                 objection.action, objection.school, objection.note]
            })
        var view: [String: Any] = [
            "table": table, "teacher": request.uri.queryParameters.get("teacher") ?? "",
            "timeLimit": formatNumber(document.meta?.timeLimit ?? 120), "method": document.meta?.method ?? "auto",
            "seed": String(document.meta?.seed ?? 0),
        ]
        if let changes = try? String(contentsOf: folder.appendingPathComponent("changes.txt"), encoding: .utf8) {
            view["changes"] = ["lines": changes.split(separator: "\n").map(String.init)]
        }
        return Pages.page("objections", title: "公示异议 \(name)", context: context, scenario: name, here: "navObjections", message: message, view)
    }

    func addObjection(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        guard let (_, folder, document, _) = planned(url) else { return Pages.redirect("/review?s=\(Pages.query(name))") }
        let form = context.form
        let teacher = (form["teacher"] ?? "").trimmingCharacters(in: .whitespaces)
        let current = ObjectionList.read(folder)
        let changed: ObjectionList
        if form["action"] == "remove" {
            changed = current.removing(teacher: teacher)
        } else {
            let action = form["action"] ?? ""
            changed = current.adding(ObjectionList.Objection(
                teacher: teacher, action: action, school: action == "to" ? (form["school"] ?? "").trimmingCharacters(in: .whitespaces) : "",
                note: form["note"] ?? ""))
            // Read by the pins parser, as a re-plan will read it, under the plan's settings.
            let problems = bench.session(url).problems(of: changed, overrides: Workbench.overrides(of: document))
            if !problems.isEmpty {
                var response = objections(request, context, message: (problems.map(\.description).joined(separator: "；"), "bad"))
                response.status = .badRequest
                return response
            }
        }
        do {
            try changed.write(to: folder)
        } catch {
            var response = objections(request, context, message: ("无法保存异议 (cannot write objections.csv): \(error.localizedDescription)", "bad"))
            response.status = .internalServerError
            return response
        }
        return Pages.redirect("/objections?s=\(Pages.query(name))")
    }

    // MARK: What-if

    func whatIfFolder(_ url: URL) -> URL? {
        guard let scenario = try? bench.load(url) else { return nil }
        return catalog.planFolder(for: scenario, suffix: "-whatif")
    }

    func whatIf(_ request: Request, _ context: WorkstationContext, message: (String, String)? = nil) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        var view: [String: Any] = ["variants": "ratio15:policy.rotation.min_ratio=0.15", "timeLimit": "120", "method": "auto", "seed": "0"]
        if let folder = whatIfFolder(url) {
            if let table = csvTable(folder.appendingPathComponent("comparison.csv"), id: "comparison") { view["table"] = table }
            if let table = csvTable(folder.appendingPathComponent("price.csv"), id: "price") { view["price"] = table }
        }
        return Pages.page("whatif", title: "方案比较 \(name)", context: context, scenario: name, here: "navWhatIf", message: message, view)
    }

    func csvTable(_ url: URL, id: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: url), let table = CSV.table(data, file: url.lastPathComponent) else { return nil }
        let rows = table.records.map { record in table.header.indices.map { $0 < record.fields.count ? record.fields[$0] : "" } }
        return Pages.table(id: id, header: table.header, rows: rows, numeric: Set(1..<max(table.header.count, 1)))
    }

    func startWhatIf(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        guard let scenario = try? bench.load(url) else { return scenarioPage(request, context) }
        let (solveRequest, problems) = Workbench.request(context.form, scenario: scenario)
        var variants: [Variant] = []
        var bad = problems
        for line in (context.form["variants"] ?? "").split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if let variant = Variant.parse(text), variant.name != "base" { variants.append(variant) } else {
                bad.append("“\(text)”：应为 名称:设置=值[,设置=值] (NAME:KEY=VALUE[,KEY=VALUE]…)")
            }
        }
        let price = context.form["price"] == "1"
        if variants.isEmpty && !price { bad.append("至少给一个变体，或勾选计算代价 (give a variant or price)") }
        if Set(variants.map(\.name)).count != variants.count { bad.append("变体名称不能重复 (variant names must differ)") }
        guard bad.isEmpty else {
            var response = whatIf(request, context, message: (bad.joined(separator: "；"), "bad"))
            response.status = .badRequest
            return response
        }
        guard bench.startWhatIf(name, url: url, variants: variants, price: price, request: solveRequest) else {
            var response = whatIf(request, context, message: ("这个场景正在求解 (a job of this scenario is running).", "bad"))
            response.status = .conflict
            return response
        }
        return Pages.redirect("/scenario?s=\(Pages.query(name))")
    }

    // MARK: Publish

    /// Files of a plan folder a person may download, and their types.
    static let downloads: [(name: String, type: String)] = [
        ("plan.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("rotations.csv", "text/csv; charset=utf-8"),
        ("itinerant.csv", "text/csv; charset=utf-8"), ("schools.csv", "text/csv; charset=utf-8"), ("report.html", "text/html; charset=utf-8"),
        ("plan.json", "application/json"), ("changes.txt", "text/plain; charset=utf-8"), ("objections.csv", "text/csv; charset=utf-8"),
        ("comparison.html", "text/html; charset=utf-8"), ("comparison.csv", "text/csv; charset=utf-8"), ("price.csv", "text/csv; charset=utf-8"),
    ]

    func file(_ request: Request, _ context: WorkstationContext, whatIf: Bool) -> Response {
        guard let (_, url) = scenarioURL(request) else { return unknown(context) }
        guard let name = request.uri.queryParameters.get("name"), let kind = Self.downloads.first(where: { $0.name == name }),
            let scenario = try? bench.load(url)
        else { return Pages.plain(.notFound, "没有这个文件 (no such file).") }
        let folder = catalog.planFolder(for: scenario, suffix: whatIf ? "-whatif" : "")
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { return Pages.plain(.notFound, "没有这个文件 (no such file).") }
        if kind.type.hasPrefix("text/html") {
            return Response(status: .ok, headers: [.contentType: kind.type], body: .init(byteBuffer: ByteBuffer(data: data)))
        }
        return download(data, name: name, type: kind.type)
    }

    func download(_ data: Data, name: String, type: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"download\"; filename*=UTF-8''\(encoded)"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    func publishPage(_ request: Request, _ context: WorkstationContext, message: (String, String)? = nil) -> Response {
        guard let (name, url) = scenarioURL(request) else { return unknown(context) }
        let scenario = try? bench.load(url)
        let folder = scenario.map { catalog.planFolder(for: $0) }
        let downloads = Self.downloads.map(\.name).filter { file in folder.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent(file).path) } ?? false }
        var view: [String: Any] = ["downloads": downloads, "canPublish": downloads.contains("plan.json")]
        let ledgerURL = Ledger.defaultLocation(forScenario: url)
        var message = message
        if let ledger = try? Ledger.open(ledgerURL, create: false, access: .read) {
            let years = (try? ledger.publishedYears()) ?? []
            view["ledger"] = "台账 \(ledgerURL.lastPathComponent)：已公布学年 (published years) \(years.map(String.init).joined(separator: ", "))"
            var lines: [String]?
            do {
                if let teacher = request.uri.queryParameters.get("teacher"), !teacher.isEmpty {
                    lines = LedgerReport.teacherText(try ledger.teacher(teacher)).split(separator: "\n").map(String.init)
                } else if let school = request.uri.queryParameters.get("school"), !school.isEmpty {
                    lines = LedgerReport.schoolText(try ledger.school(school)).split(separator: "\n").map(String.init)
                }
            } catch {
                message = (error.description, "bad")
            }
            if let lines { view["table"] = Pages.table(id: "ledger-lines", header: ["台账记录 Record"], rows: lines.map { [$0] }) }
        } else {
            view["ledger"] = "还没有台账 (no ledger yet): 第一次发布时建立 \(ledgerURL.lastPathComponent)。"
        }
        return Pages.page("publish", title: "发布与台账 \(name)", context: context, scenario: name, here: "navPublish", message: message, view)
    }

    func publish(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let (_, url) = scenarioURL(request) else { return unknown(context) }
        guard let scenario = try? bench.load(url) else { return publishPage(request, context, message: ("数据有问题 (the scenario has problems).", "bad")) }
        let note = context.form["note"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let replace = context.form["replace"] == "1"
        if replace && note == nil {
            var response = publishPage(request, context, message: ("替换已公布的学年需要写明原因 (replace needs a note).", "bad"))
            response.status = .badRequest
            return response
        }
        switch bench.publish(url, scenario: scenario, replace: replace, note: note) {
        case .success(let published):
            return publishPage(request, context, message: ("已记入台账：" + published.summary, "good"))
        case .failure(let refusal):
            var response = publishPage(request, context, message: ("未发布 (nothing was published): " + refusal.lines.joined(separator: "；"), "bad"))
            response.status = .badRequest
            return response
        }
    }
}

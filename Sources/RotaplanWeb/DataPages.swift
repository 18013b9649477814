import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaplanAccounts
import RotaplanDomain
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet
import RotaplanWorkflow

/// ① Data and plan: the counties and their data versions, uploads, a data version's check and
/// settings, starting a solve and watching it (docs/workstation.md "Pages").
struct DataPages: Sendable {
    let office: Office
    var workspace: Workspace { office.workspace }

    // MARK: Home

    func home(_ context: WorkstationContext, message: (String, String)? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let counties = workspace.counties()
        let rows = counties.map { slug -> [String] in
            let versions = workspace.versions(of: slug)
            let newest = versions.last
            let name = office.countyName(slug)
            return [
                name, slug, String(versions.count), newest.map { "第 \($0.number) 版，\(Words.time($0.at))，\($0.by)" } ?? "",
                String(workspace.plans(of: slug).count),
            ]
        }
        let table = Pages.table(
            id: "counties", header: ["县（区）", "代号", "数据版本", "最新数据", "方案数"], rows: rows, numeric: [2, 4], filter: true,
            links: { row, column in
                guard column == 0, let newest = workspace.versions(of: counties[row]).last else { return nil }
                return "/data?c=\(Pages.query(counties[row]))&v=\(newest.number)"
            })
        let repository = workspace.repositoryScenarios()
        var view: [String: Any] = [
            "table": table, "canUpload": context.person.may(.upload),
            "repository": repository.map { ["name": $0, "query": Pages.query($0), "kind": $0.hasSuffix(".xlsx") ? "工作簿" : "文件夹"] },
        ]
        view["hasRepository"] = !repository.isEmpty
        return Pages.page("home", title: "数据 · 交流轮岗与走教编制", context: context, message: message, view, status: status)
    }

    func template() throws -> Response {
        Downloads.response(try Template.data(), name: "交流轮岗数据模板.xlsx", type: Downloads.xlsx)
    }

    // MARK: Uploads

    /// `POST /upload?name=FILE` with the file as the body (the page's script sends it): a new
    /// data version of the county the file names (or the newest one, when the files are the
    /// same). The answer is the address of its data page, or why not (400, nothing kept).
    func upload(_ request: Request, _ context: WorkstationContext) async throws -> Response {
        guard let body = try await BodyReader.read(request.body, upTo: Limits.upload) else { return BodyReader.tooLarge("文件", limit: Limits.upload) }
        let fileName = request.uri.queryParameters.get("name") ?? ""
        do {
            let staging = try Uploads.stage(Data(buffer: body), fileName: fileName, in: workspace)
            let added = try add(staging, source: fileName, context: context)
            let version = added.version
            // The same files as the newest version: that version, and the page says so.
            return Pages.plain(.ok, "/data?c=\(Pages.query(version.county))&v=\(version.number)\(added.isNew ? "" : "&same=1")")
        } catch {
            return Pages.plain(.badRequest, error.message)
        }
    }

    /// `POST /adopt?s=NAME`: a repository scenario (read-only) copied in as a data version of
    /// its county, so that it can be solved, objected to and published like an upload.
    func adopt(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let name = request.uri.queryParameters.get("s"), let url = workspace.repositoryScenario(name) else {
            return home(context, message: ("没有这份数据。", "bad"), status: .notFound)
        }
        do {
            let staging = try workspace.stagingFolder()
            for (file, data) in try Workspace.scenarioFiles(of: url) {
                try data.write(to: staging.appendingPathComponent(file))
            }
            let added = try add(staging, source: name, context: context)
            return Pages.redirect("/data?c=\(Pages.query(added.version.county))&v=\(added.version.number)\(added.isNew ? "" : "&same=1")")
        } catch let refusal as UploadRefusal {
            return home(context, message: (refusal.message, "bad"), status: .badRequest)
        } catch {
            return home(context, message: ("无法复制这份数据：\(error.localizedDescription)", "bad"), status: .internalServerError)
        }
    }

    /// Makes staged files a data version of the county their settings name, checks it once
    /// and keeps the check with it, and records who did it.
    func add(_ staging: URL, source: String, context: WorkstationContext) throws(UploadRefusal) -> (version: Workspace.DataVersion, isNew: Bool) {
        let slug: String
        do {
            slug = try Uploads.county(of: staging, source: source)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        let added: (version: Workspace.DataVersion, isNew: Bool)
        do {
            added = try workspace.addVersion(staged: staging, county: slug, source: source, by: context.person.displayName)
        } catch {
            throw UploadRefusal(message: "无法保存：\(error.localizedDescription)")
        }
        // Checked once, here; pages show what was found.
        _ = office.check(added.version)
        if added.isNew {
            office.audit(context.person, .upload, county: slug, version: added.version.number, note: source)
        }
        return added
    }

    /// A file as the office named it: the workbook it uploaded, not the scenario.xlsx it is
    /// kept as (docs/workstation.md "The workspace").
    static func uploaded(_ file: String, _ version: Workspace.DataVersion) -> String {
        file == "scenario.xlsx" && version.source.lowercased().hasSuffix(".xlsx") ? version.source : file
    }

    // MARK: A data version

    /// The data version named by `?c=` and `?v=` (the county's newest without `v`).
    func version(_ request: Request) -> Workspace.DataVersion? {
        guard let county = request.uri.queryParameters.get("c"), Workspace.isSlug(county) else { return nil }
        // No `v` is the newest version; a `v` that is not a version number is no version.
        guard let given = request.uri.queryParameters.get("v") else { return workspace.versions(of: county).last }
        return Int(given).flatMap { workspace.version(county, $0) }
    }

    func unknown(_ context: WorkstationContext) -> Response {
        home(context, message: ("没有这份数据。", "bad"), status: .notFound)
    }

    /// The data page: what the check found, the settings, the solve and its progress, the plans.
    func dataPage(
        _ request: Request, _ context: WorkstationContext, message: (String, String)? = nil, typed: [String: String]? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        guard let version = version(request) else { return unknown(context) }
        var message = message ?? office.takeFlash(context)
        if message == nil, request.uri.queryParameters.get("same") == "1" {
            message = ("上传的文件与第 \(version.number) 版数据的文件完全相同，没有新建版本；下面是第 \(version.number) 版。", "warn")
        }
        let check = office.check(version)
        let versions = workspace.versions(of: version.county)
        let plans = workspace.plans(of: version.county).filter { $0.version == version.number }
        var view: [String: Any] = [
            "number": String(version.number), "source": version.source, "by": version.by, "at": Words.time(version.at),
            "newest": version.number == versions.last?.number,
            "versions": versions.reversed().map { other in
                [
                    "number": String(other.number), "at": Words.time(other.at), "by": other.by, "source": other.source,
                    "here": other.number == version.number, "href": "/data?c=\(Pages.query(other.county))&v=\(other.number)",
                ]
            },
        ]
        view["warnings"] = check.warnings
        view["hasWarnings"] = !check.warnings.isEmpty
        if !check.ok {
            view["problems"] = [
                "count": String(check.problems.count),
                "table": Pages.table(
                    id: "problems", header: ["文件或工作表", "行或单元格", "列", "问题", "建议"],
                    rows: check.problems.map { [Self.uploaded($0.file, version), $0.place, $0.column, $0.message, $0.hint] }),
            ]
        }
        if let facts = check.facts {
            view["facts"] = DataFacts.view(facts)
            if context.person.may(.solve) {
                let newestPlan = plans.last.flatMap { office.plan($0)?.document }
                let shownTyped = typed ?? SettingsForm.typed(from: newestPlan)
                view["form"] = [
                    "settings": SettingsForm.rows(facts.settings.map { ($0.key, $0.value) }, keeping: shownTyped),
                    "limits": SettingsForm.limits(shownTyped),
                ]
            }
            // While the county's ledger is empty, its history can be brought in from the data.
            if facts.historyRows > 0, !facts.historyFromLedger, office.historyStamp(version.county) == "none", context.person.may(.upload) {
                view["ledgerImport"] = ["rows": String(facts.historyRows)]
            }
        }
        if let job = office.jobs.job(jobKey(version)) {
            var shown: [String: Any] = [
                "kind": Words.job(job.kind), "state": job.state.rawValue, "stateText": Words.jobState(job.state.rawValue),
                "lines": job.lines, "running": job.state == .running, "canCancel": job.state == .running && context.person.may(.solve),
                "events": "/events?c=\(Pages.query(version.county))&v=\(version.number)",
                "cancel": "/cancel?c=\(Pages.query(version.county))&v=\(version.number)",
            ]
            if let next = job.next { shown["next"] = next }
            view["job"] = shown
        }
        view["hasPlans"] = !plans.isEmpty
        view["plans"] = plans.reversed().map { plan -> [String: Any] in
            let opened = office.plan(plan)
            let document = opened?.document
            return [
                "name": plan.name, "href": "/plan?c=\(Pages.query(plan.county))&p=\(Pages.query(plan.name))",
                "state": opened.map { ReviewPages(office: office).shownState($0) } ?? Words.state(workspace.state(of: plan).rawValue),
                "summary": document.map { "交流 \($0.rotations.count) 人，走教 \($0.itinerant.count) 次/周" } ?? "没有方案（见诊断）",
            ]
        }
        // A version with problems names its county as the county's other versions do.
        let name = check.facts?.county ?? office.countyName(version.county)
        return Pages.page(
            "data", title: "\(name) · 第 \(version.number) 版数据", context: context,
            place: Pages.Place(county: version.county, countyName: name, version: version.number, plan: nil, here: "data"),
            message: message, view, status: status)
    }

    func jobKey(_ version: Workspace.DataVersion) -> String { "\(version.county)/\(version.number)" }

    // MARK: Solving

    /// `POST /solve?c=&v=`: a new plan of this data version with the form's settings.
    func solve(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let version = version(request) else { return unknown(context) }
        let check = office.check(version)
        guard let facts = check.facts else {
            return dataPage(request, context, message: ("数据有问题，不能编制：请先改正上面列出的问题。", "bad"), status: .badRequest)
        }
        let (planRequest, problems, typed) = SettingsForm.request(context.form, current: facts.settings.map { ($0.key, $0.value) })
        if !problems.isEmpty {
            return dataPage(request, context, message: (Words.sentences(problems), "bad"), typed: typed, status: .badRequest)
        }
        if !planRequest.overrides.isEmpty {
            do {
                _ = try office.load(version, overrides: planRequest.overrides)
            } catch {
                let lines = error.problems.map { problem in
                    "\(SettingsForm.names[problem.column ?? ""] ?? problem.column ?? problem.file)：\(problem.officeText)"
                }
                return dataPage(request, context, message: (Words.sentences(lines), "bad"), typed: typed, status: .badRequest)
            }
        }
        let started = startSolve(version, request: planRequest, baseline: nil, objections: ObjectionList(), person: context.person)
        guard started else {
            return dataPage(request, context, message: ("这份数据正在编制，一次只能进行一个。", "bad"), typed: typed, status: .conflict)
        }
        return Pages.redirect("/data?c=\(Pages.query(version.county))&v=\(version.number)#progress")
    }

    /// Starts a solve into a new plan folder of `version`: from `baseline` (a plan of the same
    /// data version) with `objections` for a re-plan. A run that writes nothing (cancelled, or
    /// bad input) gives its claimed folder back.
    func startSolve(
        _ version: Workspace.DataVersion, request: PlanRequest, baseline: Workspace.PlanID?, objections: ObjectionList, person: Person
    ) -> Bool {
        let office = self.office
        let workspace = self.workspace
        let kind = baseline == nil ? "solve" : "replan"
        return office.jobs.start(jobKey(version), kind: kind) { control, say in
            let year: Int
            do {
                year = try office.load(version, overrides: request.overrides).year
            } catch let error as ScenarioError {
                return (.failed, "数据有问题：\(error.problems.first?.officeLine ?? "")", nil)
            } catch {
                return (.failed, "数据有问题：\(error)", nil)
            }
            let plan: Workspace.PlanID
            do {
                plan = try workspace.claimPlan(county: version.county, year: year, version: version.number)
            } catch {
                return (.failed, "无法建立方案文件夹：\(error.localizedDescription)", nil)
            }
            say("开始\(Words.job(kind))：方案 \(plan.name)（第 \(version.number) 版数据）")
            do {
                let baselineFile = baseline.map { workspace.folder(of: $0).appendingPathComponent("plan.json") }
                // A re-plan keeps its baseline beside it, for its what-ifs to keep it too.
                var keeping = objections.isEmpty ? [] : [(name: ObjectionList.fileName, data: objections.data)]
                if let baselineFile, let data = try? Data(contentsOf: baselineFile) { keeping.append((PlanFolder.baselineFile, data)) }
                let run = try office.session(version, objections: objections).solve(
                    request, baseline: baselineFile,
                    command: request.command(scenario: "\(version.county)/data/\(version.number)", out: "\(version.county)/plans/\(plan.name)"),
                    to: workspace.folder(of: plan), keeping: keeping, control: control)
                if run.cancelled {
                    workspace.release(plan)
                    return (.cancelled, "已取消，没有写入新方案；原有方案保持不变。", nil)
                }
                office.audit(
                    person, .solve, county: version.county, version: version.number, plan: plan.name,
                    note: baseline.map { "按异议重新编制，基于方案 \($0.name)" })
                let next = "/plan?c=\(Pages.query(plan.county))&p=\(Pages.query(plan.name))"
                ReviewPages(office: office).prepare(plan)
                if run.written.status == 0 { return (.finished, "完成：方案 \(plan.name)。", next) }
                return (.failed, run.written.status == 2 ? "没有满足全部规则的方案：诊断见方案页。" : "在时间上限内没有找到可行方案：诊断见方案页。", next)
            } catch {
                workspace.release(plan)
                return (.failed, "未能编制：\(error)", nil)
            }
        }
    }

    func cancel(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let version = version(request) else { return unknown(context) }
        _ = office.jobs.cancel(jobKey(version))
        return Pages.redirect("/data?c=\(Pages.query(version.county))&v=\(version.number)#progress")
    }

    /// Server-sent events: the job's lines as they come, then `done` with its state.
    func events(_ request: Request) -> Response {
        guard let version = version(request) else { return Pages.plain(.notFound, "没有这份数据。") }
        let jobs = office.jobs
        let key = jobKey(version)
        let body = ResponseBody { writer in
            var sent = 0
            while true {
                guard let job = jobs.job(key) else { break }
                for line in job.lines.dropFirst(sent) {
                    let data = line.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
                    try await writer.write(ByteBuffer(string: data + "\n"))
                }
                sent = job.lines.count
                if job.state != .running {
                    try await writer.write(
                        ByteBuffer(string: "event: done\ndata: \(job.state.rawValue) \(Words.jobState(job.state.rawValue)) \(job.next ?? "")\n\n"))
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }
}

/// A valid data version's figures as the data page shows them, in Chinese.
enum DataFacts {
    static func view(_ facts: DataCheck.Facts) -> [String: Any] {
        let kinds = Vocabulary.schoolKinds.codes.compactMap { code in facts.schools[code].map { "\(Vocabulary.schoolKinds.name(code)) \($0) 所" } }
        let roles = Vocabulary.roles.codes.compactMap { code in facts.teachers[code].map { "\(Vocabulary.roles.name(code)) \($0) 人" } }
        let teachers = facts.teachers.values.reduce(0, +)
        return [
            "lines": [
                "\(facts.county)，\(facts.year)学年（\(facts.year)年9月—\(facts.year + 1)年7月）\(facts.synthetic ? "，合成数据" : "")",
                "\(facts.communities) 个城乡发展共同体；学校 \(facts.schools.values.reduce(0, +)) 所：\(kinds.joined(separator: "，"))",
                "教师 \(teachers) 人：\(roles.joined(separator: "，"))；免于交流 \(facts.exempt) 人，正在交流中 \(facts.away) 人",
                "符合交流条件 \(facts.eligible) 人；已定安排 \(facts.pins) 条；交流记录 \(facts.historyRows) 条\(facts.historyFromLedger ? "（来自台账）" : "")",
            ],
            "communities": Pages.table(
                id: "communities", header: ["共同体", "牵头校", "成员校数", "牵头校符合条件人数", "应派出（R2）", "可派干部"],
                rows: facts.perCommunity.map { [$0.id, $0.lead, String($0.members), String($0.eligible), String($0.required), String($0.eligibleCadres)] },
                numeric: [2, 3, 4, 5]),
        ]
    }
}

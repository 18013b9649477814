import Foundation
import HTTPTypes
import Hummingbird
import RotaplanAccounts

/// Signing in and out, and the record of every change (操作记录) (docs/workstation.md
/// "Who may do what").
struct PeoplePages: Sendable {
    let office: Office

    func signInPage(_ request: Request, _ context: WorkstationContext, message: (String, String)? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var view: [String: Any] = ["next": safeNext(request.uri.queryParameters.get("next") ?? "/")]
        if !office.accountsMode { view["singleUser"] = true }
        if office.insecureHTTP { view["insecure"] = true }
        return Pages.page("signin", title: "登录", context: context, message: message, view, status: status)
    }

    /// Only a path of this site is a place to go after signing in.
    func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/"
    }

    func signIn(_ request: Request, _ context: WorkstationContext) async throws -> Response {
        guard let accounts = office.accounts, office.accountsMode else { return Pages.redirect("/") }
        let name = context.form.text("name")
        let password = context.form["password"] ?? ""
        // bcrypt takes a fifth of a second: off the server's own threads.
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(AccountsError) in try accounts.signIn(name: name, password: password) })
            }
        }
        switch result {
        case .success(.signedIn(let session)):
            var response = Pages.redirect(safeNext(context.form.text("next")))
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.cookie, value: session.id, path: "/", secure: office.secure, httpOnly: true, sameSite: .strict))
            return response
        case .success(.refused(let refusal)):
            return signInPage(request, context, message: (refusal.message, "bad"), status: .unauthorized)
        case .failure(let error):
            return signInPage(request, context, message: ("无法登录：\(error)", "bad"), status: .internalServerError)
        }
    }

    func signOut(_ request: Request, _ context: WorkstationContext) -> Response {
        if context.person.signedIn { try? office.accounts?.signOut(sessionID: context.session.id) }
        var response = Pages.redirect(office.accountsMode ? "/signin" : "/")
        response.setCookie(Cookie(name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: office.secure, httpOnly: true, sameSite: .strict))
        return response
    }

    static let actions: [String: String] = [
        "upload": "上传数据", "solve": "编制方案", "objection": "登记异议", "whatif": "方案比较", "submit": "提交审批", "publish": "批准发布",
        "return": "退回", "user_add": "新建账户", "user_passwd": "修改密码", "user_disable": "停用账户", "user_role": "更改角色",
        "sign_in_failed": "登录失败", "locked_out": "账户临时锁定",
    ]

    /// An entry's action in the office's words. Bringing a data version's history into the
    /// ledger is permitted as an upload; it is named for what it is.
    static func action(_ entry: AuditEntry) -> String {
        if entry.action.rawValue == "upload", entry.note?.hasPrefix("历史记录导入台账") == true { return "历史导入台账" }
        return actions[entry.action.rawValue] ?? entry.action.rawValue
    }

    /// An entry's note in the office's words: account roles by their Chinese names
    /// (`role approver` → `角色：审批人`; `planner → approver` → `角色：编制人 → 审批人`).
    static func note(_ entry: AuditEntry) -> String {
        guard let note = entry.note else { return "" }
        if entry.action == .userAdded, note.hasPrefix("role ") {
            return Role(rawValue: String(note.dropFirst("role ".count))).map { "角色：\(Words.role($0))" } ?? note
        }
        if entry.action == .roleChanged {
            let roles = note.components(separatedBy: " → ").compactMap(Role.init(rawValue:))
            return roles.count == 2 ? "角色：\(Words.role(roles[0])) → \(Words.role(roles[1]))" : note
        }
        return note
    }

    /// 操作记录: every change, newest first, a page at a time.
    func auditPage(_ request: Request, _ context: WorkstationContext) -> Response {
        let pageNumber = max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1)
        guard let accounts = office.accounts, let page = try? accounts.auditLog(page: pageNumber, pageSize: 100) else {
            return Pages.page("audit", title: "操作记录", context: context, ["empty": true])
        }
        // Counties by the name their newest data gives, not by their code; two of one name
        // with their codes (`Office.labels`).
        let labels = office.countyLabels()
        func county(_ slug: String?) -> String {
            guard let slug else { return "" }
            return labels[slug] ?? slug
        }
        let rows = page.entries.map { entry -> [String] in
            [
                Words.time(entry.at), entry.actor.name, entry.actor.channel == .workstation ? "工作站" : "命令行",
                Self.action(entry), county(entry.county), entry.dataVersion.map { "第 \($0) 版" } ?? "",
                entry.plan ?? "", entry.target ?? "", Self.note(entry),
            ]
        }
        var view: [String: Any] = [
            "table": Pages.table(id: "audit", header: ["时间", "人员", "渠道", "操作", "县区", "数据", "方案", "账户", "说明"], rows: rows, filter: true),
            "pageLine": "第 \(page.page) / \(page.pageCount) 页，共 \(page.total) 条",
        ]
        if page.page > 1 { view["previous"] = "/audit?page=\(page.page - 1)" }
        if page.page < page.pageCount { view["following"] = "/audit?page=\(page.page + 1)" }
        return Pages.page("audit", title: "操作记录", context: context, view)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import RotaplanAccounts
import RotaplanDomain
import RotaplanResults
import RotaplanWorkflow

/// ③ Objections heard during the public notice (公示): entered by a teacher's and a school's
/// name, kept in the plan folder's objections.csv, and a re-plan with the fewest changes
/// (docs/workstation.md "Pages").
struct ObjectionPages: Sendable {
    let office: Office
    var workspace: Workspace { office.workspace }
    var review: ReviewPages { ReviewPages(office: office) }

    static let actions: [(code: String, name: String)] = [("stay", "留任（不交流）"), ("rotate", "须交流"), ("to", "到指定学校交流")]

    /// An objection's action by the name the form gives it.
    static func actionName(_ code: String) -> String {
        actions.first { $0.code == code }?.name ?? code
    }

    func page(
        _ request: Request, _ context: WorkstationContext, message: (String, String)? = nil, typed: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        guard let plan = review.plan(request), let scenario = review.scenario(of: plan) else { return review.unknown(context) }
        let list = ObjectionList.read(plan.folder)
        let masked = !context.person.may(.readIDNumbers)
        let frozen = workspace.isFrozen(plan.id)
        let rows = list.objections.map { objection -> [String: Any] in
            let index = scenario.teacherIndex[objection.teacher]
            let school = scenario.schoolIndex[objection.school].map { scenario.schools[$0].name } ?? objection.school
            let action = Self.actionName(objection.action)
            return [
                "name": index.map { scenario.teachers[$0].name } ?? objection.teacher,
                "number": masked ? IDNumber.masked(objection.teacher) : objection.teacher,
                "school": index.map { scenario.schools[scenario.teachers[$0].home].name } ?? "",
                "action": objection.action == "to" ? "\(action)：\(school)" : action, "note": objection.note, "teacher": objection.teacher,
                "canRemove": !frozen && context.person.may(.object),
            ]
        }
        var view: [String: Any] = [
            "banner": review.banner(plan), "objections": rows, "hasObjections": !rows.isEmpty,
            "canObject": !frozen && context.person.may(.object), "canReplan": context.person.may(.solve) && !list.isEmpty,
            "frozen": frozen,
            "people": People.choices(scenario, masked: masked), "schools": scenario.schools.map(\.name),
            "actions": Self.actions.map { ["code": $0.code, "name": $0.name, "selected": $0.code == (typed["action"] ?? "stay")] },
            "who": typed["who"] ?? ReviewTables.teacher(request, in: scenario).map { People.label(scenario, $0, masked: masked) } ?? "",
            "school": typed["school"] ?? "", "note": typed["note"] ?? "",
        ]
        if let changes = try? String(contentsOf: plan.folder.appendingPathComponent("changes.txt"), encoding: .utf8) {
            // The re-plan's reasons name teachers by 工号: masked as the table above them is.
            view["changes"] = changes.split(separator: "\n").map { masked ? IDNumber.maskedWithin(String($0)) : String($0) }
            view["hasChanges"] = true
        }
        return Pages.page(
            "objections", title: "公示异议 · 方案 \(plan.id.name)", context: context, place: review.place(plan, "objections"),
            message: message, view, status: status)
    }

    /// `POST /objections?c=&p=`: adds an objection (a teacher found by name or 工号, an action,
    /// a school found by name for `to`, a note) or removes one (`action=remove`, `teacher=ID`).
    func change(_ request: Request, _ context: WorkstationContext) async -> Response {
        guard let plan = review.plan(request), let scenario = review.scenario(of: plan) else { return review.unknown(context) }
        // Read, changed and written under the plan's lock: two objections saved at once are both
        // kept, and none lands on a plan submitted meanwhile.
        return await office.holding(
            plan.id, { change(plan, scenario, request, context) },
            refused: { why in page(request, context, message: (why, "bad"), status: .internalServerError) })
    }

    func masked(_ context: WorkstationContext) -> Bool { !context.person.may(.readIDNumbers) }

    private func change(_ plan: Office.Plan, _ scenario: Scenario, _ request: Request, _ context: WorkstationContext) -> Response {
        guard !workspace.isFrozen(plan.id) else {
            return page(request, context, message: ("方案已提交或已发布，异议不能再改；请在新方案上登记。", "bad"), status: .conflict)
        }
        let form = context.form
        let typed = Dictionary(form.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let current = ObjectionList.read(plan.folder)
        let changed: ObjectionList
        var note: String
        var replaced: ObjectionList.Objection?
        if form["action"] == "remove" {
            let teacher = form.text("teacher")
            // Removed already (pressed twice, or by another person): nothing to change or record.
            guard current.objections.contains(where: { $0.teacher == teacher }) else {
                return page(request, context, message: ("这位教师没有异议可撤销（可能已被撤销）。", "warn"), status: .conflict)
            }
            changed = current.removing(teacher: teacher)
            note = "撤销异议：\(scenario.teacherIndex[teacher].map { scenario.teachers[$0].name } ?? teacher)"
        } else {
            let teacher: Int
            switch People.find(form.text("who"), in: scenario) {
            case .found(let index): teacher = index
            case .refused(let why): return page(request, context, message: (why, "bad"), typed: typed, status: .badRequest)
            }
            let action = form.text("action")
            guard Self.actions.contains(where: { $0.code == action }) else {
                return page(request, context, message: ("请选择处理方式。", "bad"), typed: typed, status: .badRequest)
            }
            var school = ""
            if action == "to" {
                switch People.findSchool(form.text("school"), in: scenario) {
                case .found(let index): school = scenario.schools[index].id
                case .refused(let why): return page(request, context, message: (why, "bad"), typed: typed, status: .badRequest)
                }
            }
            // A teacher who may not be seconded or exchanged cannot be made to go: said now, not
            // by a re-plan that finds no plan.
            if action != "stay" {
                let eligibility = Eligibility(scenario, staffing: Staffing(scenario))
                if !eligibility.mayMove(teacher) {
                    let reasons = eligibility.reasons[teacher].map(\.description).joined(separator: "；")
                    return page(
                        request, context, message: ("\(People.label(scenario, teacher, masked: masked(context)))不能登记为交流：\(reasons)。", "bad"),
                        typed: typed, status: .badRequest)
                }
            }
            replaced = current.objections.first { $0.teacher == scenario.teachers[teacher].id }
            changed = current.adding(
                ObjectionList.Objection(
                    teacher: scenario.teachers[teacher].id, action: action, school: school, note: form["note"] ?? ""))
            // Read by the pins parser, as the re-plan will read it, under the plan's settings.
            let problems = office.session(plan.version).problems(of: changed, overrides: plan.document.map(Office.overrides) ?? [])
            if !problems.isEmpty {
                return page(request, context, message: (Words.sentences(problems.map(\.officeText)), "bad"), typed: typed, status: .badRequest)
            }
            note = "\(scenario.teachers[teacher].name)：\(Self.actionName(action))"
        }
        do {
            try changed.write(to: plan.folder)
        } catch {
            return page(request, context, message: ("无法保存异议：\(error.localizedDescription)", "bad"), typed: typed, status: .internalServerError)
        }
        if let text = form["note"], !text.isEmpty, form["action"] != "remove" { note += "（\(text)）" }
        office.audit(context.person, .objection, county: plan.id.county, version: plan.version.number, plan: plan.id.name, note: note)
        if let replaced {
            // One objection per teacher: the earlier one is replaced, and the office is told.
            let earlier = Self.actionName(replaced.action)
            return page(
                request, context, message: ("已改为新的异议；原异议（\(earlier)\(replaced.note.isEmpty ? "" : "：\(replaced.note)")）已被替换。", "warn"))
        }
        return Pages.redirect("/objections?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))")
    }

    /// `POST /replan?c=&p=`: a new plan of the same data, this plan kept as far as the rules
    /// and its objections allow, under the settings and limits it was made with.
    func replan(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let plan = review.plan(request), let document = plan.document else { return review.unknown(context) }
        let meta = document.meta
        let planRequest = PlanRequest(
            timeLimit: meta?.timeLimit ?? 120, gap: meta?.gap ?? 1e-6, method: meta.flatMap { SolveMethod(rawValue: $0.method) } ?? .auto,
            seed: meta?.seed ?? 0, overrides: Office.overrides(of: document))
        let started = DataPages(office: office).startSolve(
            plan.version, request: planRequest, baseline: plan.id, objections: ObjectionList.read(plan.folder), person: context.person)
        guard started else {
            return page(request, context, message: ("这份数据正在编制，一次只能进行一个。", "bad"), status: .conflict)
        }
        return Pages.redirect("/data?c=\(Pages.query(plan.id.county))&v=\(plan.version.number)#progress")
    }
}

/// Finding people and schools by what a person types: a name, a 工号, or the label the
/// type-ahead list offers (`张三（莲塘一小·数学·T0012）`).
enum People {
    /// The type-ahead label of a teacher: name, school, subject and 工号.
    static func label(_ scenario: Scenario, _ index: Int, masked: Bool) -> String {
        let teacher = scenario.teachers[index]
        let number = masked ? IDNumber.masked(teacher.id) : teacher.id
        return "\(teacher.name)（\(scenario.schools[teacher.home].name)·\(Vocabulary.subjects.name(teacher.subject))·\(number)）"
    }

    static func choices(_ scenario: Scenario, masked: Bool) -> [String] {
        scenario.teachers.indices.map { label(scenario, $0, masked: masked) }
    }

    enum Found {
        case found(Int)
        case refused(String)
    }

    /// A teacher by 工号, by type-ahead label, or by a name only one teacher has.
    static func find(_ typed: String, in scenario: Scenario) -> Found {
        guard !typed.isEmpty else { return .refused("请填写教师的姓名或工号。") }
        if let index = scenario.teacherIndex[typed] { return .found(index) }
        // The label ends with the 工号 in brackets: `…·T0012）`.
        if typed.hasSuffix("）"), let dot = typed.lastIndex(of: "·") {
            let number = String(typed[typed.index(after: dot)..<typed.index(before: typed.endIndex)])
            if let index = scenario.teacherIndex[number] { return .found(index) }
        }
        let named = scenario.teachers.indices.filter { scenario.teachers[$0].name == typed }
        switch named.count {
        case 1: return .found(named[0])
        case 0:
            return .refused("没有名为 “\(typed)” 的教师。请从列表中选择，或填写工号。")
        default:
            let who = named.prefix(6).map { label(scenario, $0, masked: false) }.joined(separator: "、")
            return .refused("有 \(named.count) 位教师叫 “\(typed)”：\(who)。请从列表中选择其中一位。")
        }
    }

    /// A school by id or by its name.
    static func findSchool(_ typed: String, in scenario: Scenario) -> Found {
        guard !typed.isEmpty else { return .refused("“到指定学校交流”需要填写学校。") }
        if let index = scenario.schoolIndex[typed] { return .found(index) }
        let named = scenario.schools.indices.filter { scenario.schools[$0].name == typed }
        switch named.count {
        case 1: return .found(named[0])
        case 0: return .refused("没有名为 “\(typed)” 的学校。请从列表中选择。")
        default: return .refused("有 \(named.count) 所学校叫 “\(typed)”：请填写学校代码（\(named.map { scenario.schools[$0].id }.joined(separator: "、"))）。")
        }
    }
}

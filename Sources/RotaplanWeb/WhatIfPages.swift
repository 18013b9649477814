import Foundation
import HTTPTypes
import Hummingbird
import RotaplanDomain
import RotaplanPlanner
import RotaplanReport
import RotaplanResults
import RotaplanWorkflow

/// ④ What-if: variants of the plan under review built with a form (a setting and its value),
/// and the price of each rule, solved side by side and compared in one table. The base is the
/// plan under review itself, its settings and objections included (docs/workstation.md).
struct WhatIfPages: Sendable {
    let office: Office
    var review: ReviewPages { ReviewPages(office: office) }
    /// Rows of the variants form.
    static let slots = 4

    func folder(_ plan: Office.Plan) -> URL { plan.folder.appendingPathComponent("whatif") }

    func page(
        _ request: Request, _ context: WorkstationContext, message: (String, String)? = nil, typed: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        guard let plan = review.plan(request), let document = plan.document else { return review.unknown(context) }
        // In the order the template lists them (R2 first), not the keys' alphabet.
        let keys = Settings.keyOrder.filter { SettingsForm.names[$0] != nil && !$0.hasPrefix("policy.weights.") }
        let current = Dictionary(document.meta?.settings.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { first, _ in first })
        let slots = (1...Self.slots).map { slot -> [String: Any] in
            let chosen = typed["setting\(slot)"] ?? (slot == 1 && typed.isEmpty ? "policy.rotation.min_ratio" : "")
            return [
                "slot": String(slot), "name": typed["name\(slot)"] ?? "",
                "value": typed["value\(slot)"] ?? (slot == 1 && typed.isEmpty ? "12%" : ""),
                "settings": [["key": "", "name": "（不用）", "selected": chosen.isEmpty]]
                    + keys.map { key in
                        [
                            "key": key,
                            "name": "\(SettingsForm.names[key] ?? key)（现为 \(current[key].flatMap { $0.isEmpty ? nil : SettingsForm.shown(key, $0) } ?? "未设")）",
                            "selected": key == chosen,
                        ]
                    },
            ]
        }
        var limitsTyped = SettingsForm.typed(from: document)
        for (key, value) in typed { limitsTyped[key] = value }
        var view: [String: Any] = [
            "banner": review.banner(plan), "slots": slots, "limits": SettingsForm.limits(limitsTyped),
            "canRun": context.person.may(.whatIf), "price": typed["price"] == "1",
        ]
        if let summary = WhatIfSummary.read(folder(plan).appendingPathComponent("comparison.json")) {
            view["comparison"] = Pages.table(
                id: "comparison", header: ComparisonWords.header(PlanComparison.header),
                rows: summary.figures.map { ComparisonWords.row($0, base: plan.id.name) },
                numeric: Set(5..<PlanComparison.header.count),
                caption: "第一行“基础方案”是正在审阅的方案 \(plan.id.name) 本身；其余各行在它的设置与异议之上只改所列的一项。")
            if let price = summary.price {
                view["price"] = Pages.table(
                    id: "price", header: ComparisonWords.header(PriceTable.header), rows: price.rows.map(price.cells), numeric: [1, 2, 3, 4, 5, 6])
                if price.note != nil {
                    view["priceNote"] = "* 未证明：基础方案或该变体在时间上限内未证明最优，差值只是这些方案之间的差，不是规则的代价；延长时间上限可以定论。"
                }
            }
            view["comparisonHref"] = "/file?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))&name=whatif/comparison.html"
        }
        return Pages.page(
            "whatif", title: "方案比较 · 方案 \(plan.id.name)", context: context, place: review.place(plan, "whatif"), message: message, view,
            status: status)
    }

    /// `POST /whatif?c=&p=`: the variants of the form (each a setting and a value, named by
    /// the person or `变体1`…), and with `price=1` each rule priced, against the plan.
    func start(_ request: Request, _ context: WorkstationContext) -> Response {
        guard let plan = review.plan(request), let document = plan.document else { return review.unknown(context) }
        let form = context.form
        let typed = Dictionary(form.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let base = Office.overrides(of: document)
        let current = Dictionary(document.meta?.settings.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        var variants: [Variant] = []
        // The form line of each variant, for the refusals that name it.
        var variantSlots: [Int] = []
        for slot in 1...Self.slots {
            let key = form.text("setting\(slot)")
            let value = form.text("value\(slot)")
            guard !key.isEmpty || !value.isEmpty else { continue }
            guard SettingsForm.names[key] != nil else {
                problems.append("第 \(slot) 行：请选择要改的设置")
                continue
            }
            guard !value.isEmpty else {
                problems.append("第 \(slot) 行：请填写 \(SettingsForm.names[key] ?? key) 的新值")
                continue
            }
            let typedName = form.text("name\(slot)")
            let name = typedName.isEmpty ? "变体\(slot)" : typedName
            // A name is a folder under whatif/: a dot inside (比例9.9), never a leading one.
            guard name != "base", !name.hasPrefix("."), !name.contains(".."),
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
            else {
                problems.append("第 \(slot) 行：名称只能含文字、数字、-、_ 和 .（不以 . 开头）")
                continue
            }
            let setting = SettingOverride(key: key, value: SettingsForm.read(key, value))
            if current[key] == setting.value { problems.append("第 \(slot) 行：\(SettingsForm.names[key] ?? key) 现在就是 \(value)") }
            variants.append(Variant(name: name, overrides: [setting], rule: "\(SettingsForm.names[key] ?? key) → \(value)"))
            variantSlots.append(slot)
        }
        let price = form["price"] == "1"
        if variants.isEmpty && !price { problems.append("至少填写一个变体，或勾选“计算每条规则的代价”") }
        if Set(variants.map(\.name)).count != variants.count { problems.append("变体名称不能重复") }
        let (limits, limitProblems, _) = SettingsForm.request(form, current: [])
        problems += limitProblems
        if problems.isEmpty, !variants.isEmpty {
            // Each variant's value read as the solve will read it, so that a bad one (十二 for a
            // share) is told on the form, in the office's words, not by a failed job.
            // Each variant alone, so that a refusal names its line and setting.
            do {
                let source = try office.session(plan.version, objections: ObjectionList.read(plan.folder)).source()
                for (slot, variant) in zip(variantSlots, variants) {
                    do {
                        _ = try WhatIf.load(source: source, base: base, variants: [variant])
                    } catch {
                        let setting = variant.overrides.first.map { SettingsForm.names[$0.key] ?? $0.key } ?? ""
                        problems += error.problems.map { "第 \(slot) 行（\(setting)）：\($0.officeText)" }
                    }
                }
            } catch {
                problems += error.problems.map(\.officeText)
            }
        }
        guard problems.isEmpty else { return page(request, context, message: (Words.sentences(problems), "bad"), typed: typed, status: .badRequest) }
        var planRequest = limits
        planRequest.overrides = base
        let office = self.office
        let folder = folder(plan)
        let variantsToRun = variants
        let solveRequest = planRequest
        let person = context.person
        let started = office.jobs.start("\(plan.id.county)/\(plan.version.number)", kind: "whatif") { control, say in
            say(
                "方案比较：基础方案为 \(plan.id.name)，\(variantsToRun.count) 个变体\(price ? "，并计算每条规则的代价" : "")；"
                    + "每个变体每部分时间上限 \(Words.number(solveRequest.timeLimit)) 秒，\(SettingsForm.methods.first { $0.code == solveRequest.method.rawValue }?.name.split(separator: "：").first.map(String.init) ?? solveRequest.method.rawValue)"
            )
            do {
                let session = office.session(plan.version, objections: ObjectionList.read(plan.folder))
                let baseline = plan.folder.appendingPathComponent(PlanFolder.baselineFile)
                let run = try session.whatIf(
                    solveRequest, variants: variantsToRun, price: price, base: plan.folder.appendingPathComponent("plan.json"),
                    baseline: FileManager.default.fileExists(atPath: baseline.path) ? baseline : nil, to: folder, control: control)
                guard run != nil else { return (.cancelled, "已取消，没有写入结果。", nil) }
                office.audit(
                    person, .whatIf, county: plan.id.county, version: plan.version.number, plan: plan.id.name,
                    note: variantsToRun.map { $0.rule ?? $0.name }.joined(separator: "；") + (price ? "；规则代价" : ""))
                return (.finished, "完成。", "/whatif?c=\(Pages.query(plan.id.county))&p=\(Pages.query(plan.id.name))")
            } catch {
                return (.failed, "未能比较：\(error)", nil)
            }
        }
        guard started else { return page(request, context, message: ("这份数据正在编制或比较，一次只能进行一个。", "bad"), typed: typed, status: .conflict) }
        return Pages.redirect("/data?c=\(Pages.query(plan.id.county))&v=\(plan.version.number)#progress")
    }
}

/// The comparison's tables as the page shows them: the Chinese of each bilingual header (the
/// printable comparison.html keeps the English beside it), the variants by what they are
/// rather than by their folder names (`base`, `price-min_ratio`), gaps as percentages
/// (docs/workstation.md "The office's language").
enum ComparisonWords {
    /// `派出骨干 backbone` → `派出骨干`: a header's words up to its first Latin letter.
    static func header(_ header: [String]) -> [String] {
        header.map { title in
            let chinese = title.prefix { !($0.isASCII && $0.isLetter) }.trimmingCharacters(in: .whitespaces)
            return chinese.isEmpty ? title : chinese
        }
    }

    /// The rules `whatif --price` relaxes, by the name of their variant (`price-<name>`).
    static let relaxed: [String: String] = [
        "min_ratio": Vocabulary.rule("R2"), "backbone_share": Vocabulary.rule("R3"), "min_cadres": Vocabulary.rule("R4"),
        "balance": Vocabulary.rule("R5"), "rotation_km": "交流最远距离（R1）", "itinerant_km": "走教最远距离",
        "days_away": Vocabulary.rule("I2"),
    ]

    /// A variant's name as a person reads it.
    static func name(_ name: String, base: String) -> String {
        if name == "base" { return "基础方案（方案 \(base)）" }
        if name.hasPrefix("price-") {
            let rule = String(name.dropFirst("price-".count))
            return "放宽一步：\(relaxed[rule] ?? rule)"
        }
        return name
    }

    static func row(_ figures: PlanFigures, base: String) -> [String] {
        var cells = PlanComparison.row(figures)
        cells[0] = name(figures.name, base: base)
        cells[2] = gap(figures.rotationGap)
        cells[4] = gap(figures.itinerantGap)
        return cells
    }

    /// A gap as a percentage to three decimals (`0.012%`); less than that (a rounding error's `2.2e-16`) is `0`.
    static func gap(_ value: Double?) -> String {
        guard let value else { return "—" }
        let shown = Words.number(value * 100, digits: 3)
        return shown == "0" ? "0" : shown + "%"
    }
}

import Foundation
import RotaplanDomain
import RotaplanResults
import RotaplanSpreadsheet
import RotaplanWorkflow

/// The plan page's settings: each policy value of scenario.yaml with its Chinese name, its
/// meaning and the value it has; read back from the form as a solve request, the office's
/// ways of writing numbers included (`12%`). One form for solve, re-plan and what-if.
enum SettingsForm {
    /// Short Chinese names of the settings a person may change for a solve (`SettingWords`).
    static let names = SettingWords.names

    /// Meanings the form words its own way (the template's name codes a person never types here).
    static let meanings: [String: String] = [
        "policy.itinerant.scope": "全县：走教教师可去全县任一需要的乡村学校；共同体内：只在本共同体内",
        "policy.itinerant.subjects": "哪些学科可以走教，用顿号分隔，如 音乐、体育、美术",
        "policy.rotation.lead_sends": "牵头校哪些身份的教师可以派出，用顿号分隔",
        "policy.rotation.member_sends": "成员校和教学点哪些身份的教师可以到牵头校，用顿号分隔",
    ]

    /// Settings that are shares: shown and read as percentages.
    static let shares: Set<String> = [
        "policy.rotation.min_ratio", "policy.rotation.backbone_share", "policy.exchange.min_ratio", "policy.exchange.backbone_share",
    ]

    /// Settings whose value is a list of coded values, with their vocabulary.
    static let lists: [String: CodedValues] = [
        "policy.rotation.lead_sends": Vocabulary.roles, "policy.rotation.member_sends": Vocabulary.roles,
        "policy.itinerant.subjects": Vocabulary.subjects,
    ]

    /// A setting's value as a person reads it: `10%`, `中层以上干部、骨干教师、普通教师`, `全县`, `是`.
    static func shown(_ key: String, _ value: String) -> String {
        if shares.contains(key), let number = Double(value) { return Words.percent(number) }
        if let vocabulary = lists[key] {
            let items = value.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",")
            return items.map { vocabulary.name($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: "、")
        }
        if key == "policy.itinerant.scope" { return Vocabulary.scopes.name(value) }
        if key == "policy.exchange.enabled" { return value == "true" || value == "yes" ? "是" : "否" }
        return value
    }

    /// What a person typed, as the setting's value for `--set`: percentages as shares, and
    /// otherwise as typed (the settings reader takes Chinese list values and yes/no).
    static func read(_ key: String, _ typed: String) -> String {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if shares.contains(key), let number = Words.parseNumber(text) { return formatNumber((number * 10_000).rounded() / 10_000) }
        if text.hasSuffix("%"), let number = Words.parseNumber(text) { return formatNumber(number) }
        return text
    }

    /// The rows of the settings table: group, name, meaning, key and value shown.
    static func rows(_ settings: [(key: String, value: String)], keeping typed: [String: String] = [:]) -> [[String: Any]] {
        settings.filter { $0.key.hasPrefix("policy.") }.map { setting in
            let meaning = meanings[setting.key] ?? SettingWords.meaning(setting.key)
            return [
                "key": setting.key, "name": names[setting.key] ?? setting.key, "meaning": meaning,
                "value": typed[setting.key] ?? shown(setting.key, setting.value),
                "weight": setting.key.hasPrefix("policy.weights."),
            ]
        }
    }

    static let methods: [(code: String, name: String)] = [
        ("auto", "自动：GLPK 求解，未完成处以启发式补足"), ("glpk", "只用 GLPK（整数规划）"), ("heuristic", "只用启发式（快，不证明最优）"),
    ]

    /// The solve request a posted form asks for, every problem at once; the settings that
    /// differ from `current` become overrides. `typed` is what the person typed, to show again.
    static func request(_ form: Form, current: [(key: String, value: String)]) -> (request: PlanRequest, problems: [String], typed: [String: String]) {
        var request = PlanRequest()
        var problems: [String] = []
        var typed: [String: String] = [:]
        for (name, value) in form.fields { typed[name] = value }
        if let value = Words.parseNumber(form.text("time_limit")) {
            request.timeLimit = value
        } else {
            problems.append("时间上限：应为秒数，如 120")
        }
        if let value = Words.parseNumber(form.text("gap")) { request.gap = value } else { problems.append("间隙：应为数字，如 0.0001%") }
        if let method = SolveMethod(rawValue: form.text("method")) { request.method = method } else { problems.append("方法：请从列表中选择") }
        if let seed = UInt64(form.text("seed")) { request.seed = seed } else { problems.append("随机种子：应为 0 或正整数") }
        let values = Dictionary(current.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in form.fields where key.hasPrefix("policy.") {
            guard let now = values[key] else { continue }
            let written = value.trimmingCharacters(in: .whitespaces)
            // Unchanged as shown, or as the value itself: not an override.
            guard written != shown(key, now), read(key, written) != now else { continue }
            // A share out of range is told as typed (150%), not as the number it became (1.5).
            if shares.contains(key), let share = Double(read(key, written)), !(0...1).contains(share) {
                problems.append("\(names[key] ?? key)：应为 0% 到 100% 之间的比例，如 10%；实际为“\(written)”")
                continue
            }
            request.overrides.append(SettingOverride(key: key, value: read(key, written)))
        }
        problems += request.problems.map(chineseLimitProblem)
        return (request, problems, typed)
    }

    /// The limits' problems as the form words them.
    static func chineseLimitProblem(_ problem: String) -> String {
        if problem.hasPrefix("--time-limit") { return "时间上限：应大于 0 秒、至多一周（604800 秒）" }
        if problem.hasPrefix("--gap") { return "间隙：应在 0 与 100% 之间" }
        return problem
    }

    /// The request a plan was made with, to show again in the form.
    static func typed(from document: PlanDocument?) -> [String: String] {
        guard let meta = document?.meta else { return [:] }
        var typed: [String: String] = [
            "time_limit": meta.timeLimit.map { Words.number($0) } ?? "120", "gap": Words.exactPercent(meta.gap), "method": meta.method,
            "seed": String(meta.seed),
        ]
        for (key, value) in meta.settings where key.hasPrefix("policy.") { typed[key] = shown(key, value) }
        return typed
    }

    /// The view of the form's limits: time limit, gap, method and seed, as typed or by default.
    static func limits(_ typed: [String: String]) -> [String: Any] {
        let method = typed["method"] ?? "auto"
        return [
            "timeLimit": typed["time_limit"] ?? "120", "gap": typed["gap"] ?? Words.exactPercent(1e-6), "seed": typed["seed"] ?? "0",
            "methods": methods.map { ["code": $0.code, "name": $0.name, "selected": $0.code == method] },
        ]
    }
}

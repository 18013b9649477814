import Foundation
import Yams

/// A YAML value with the line it came from, so problems can point at it.
indirect enum SettingsNode: Sendable {
    case scalar(String, line: Int?, plain: Bool)
    case sequence([SettingsNode], line: Int?)
    case mapping([(key: String, value: SettingsNode, line: Int?)], line: Int?)

    var line: Int? {
        switch self {
        case .scalar(_, let line, _), .sequence(_, let line), .mapping(_, let line): line
        }
    }

    /// Converts a composed Yams node; anchors and aliases are not part of the format.
    init?(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, line: scalar.mark?.line, plain: scalar.style == .plain || scalar.style == .any)
        case .sequence(let sequence):
            var items: [SettingsNode] = []
            for item in sequence {
                guard let converted = SettingsNode(item) else { return nil }
                items.append(converted)
            }
            self = .sequence(items, line: sequence.mark?.line)
        case .mapping(let mapping):
            var pairs: [(key: String, value: SettingsNode, line: Int?)] = []
            for (key, value) in mapping {
                guard let converted = SettingsNode(value) else { return nil }
                pairs.append((key.string ?? "\(key)", converted, key.mark?.line))
            }
            self = .mapping(pairs, line: mapping.mark?.line)
        case .alias:
            return nil
        }
    }

    /// A short rendering of the value for messages.
    var shown: String {
        switch self {
        case .scalar(let text, _, _): "'\(text)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// Sets the value at a dotted path, creating mappings on the way.
    func setting(_ path: [String], to value: SettingsNode) -> SettingsNode {
        guard let first = path.first else { return value }
        var pairs: [(key: String, value: SettingsNode, line: Int?)] = []
        if case .mapping(let existing, _) = self { pairs = existing }
        if let index = pairs.firstIndex(where: { $0.key == first }) {
            pairs[index].value = pairs[index].value.setting(Array(path.dropFirst()), to: value)
            pairs[index].line = nil
        } else {
            let empty = SettingsNode.mapping([], line: nil)
            pairs.append((first, empty.setting(Array(path.dropFirst()), to: value), nil))
        }
        return .mapping(pairs, line: line)
    }
}

/// The scenario-level settings: scenario.yaml after defaults and `--set` overrides.
public struct Settings: Sendable, Equatable {
    public var county = ""
    public var slug = ""
    public var year = 0
    public var synthetic = false
    public var policy = Policy()

    public init() {}

    /// Every setting as `dotted.key = value`, in a stable order, for reports and audit.
    public var listed: [(key: String, value: String)] {
        SettingsSchema.keys.map { ($0.path, $0.render(self)) }
    }
}

/// One `--set KEY=VALUE` override.
public struct SettingOverride: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `KEY=VALUE`.
    public static func parse(_ text: String) -> SettingOverride? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let value = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { return nil }
        return SettingOverride(key: key, value: value)
    }
}

/// The known keys of scenario.yaml: their types, ranges and where they go.
enum SettingsSchema {
    enum Kind: Sendable {
        case text
        case slug
        case flag
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case roles
        case words
        case scope

        var expected: String {
            switch self {
            case .text: "a text"
            case .slug: "a slug of lowercase letters, digits and '-'"
            case .flag: "true or false"
            case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
            case .number(let range): "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
            case .roles: "a list of roles (cadre, backbone, reserve_cadre, regular)"
            case .words: "a list of subject keys, e.g. [music, pe, art]"
            case .scope: "county or community"
            }
        }

        var chineseExpected: String {
            switch self {
            case .text: "文字"
            case .slug: "由小写字母、数字和 - 组成的代号"
            case .flag: "true 或 false（是 或 否）"
            case .integer(let range): "\(range.lowerBound) 到 \(range.upperBound) 的整数"
            case .number(let range): "\(formatNumber(range.lowerBound)) 到 \(formatNumber(range.upperBound)) 的数"
            case .roles: "身份的列表（\(WrittenText.chineseList(Vocabulary.roles.names))，用“、”分隔）"
            case .words: "学科的列表，如 音乐、体育、美术"
            case .scope: "全县（county）或 共同体内（community）"
            }
        }
    }

    enum Value: Sendable {
        case text(String)
        case flag(Bool)
        case integer(Int)
        case number(Double)
        case roles([Role])
        case words([String])
        case scope(ItinerantScope)
    }

    struct Key: Sendable {
        var path: String
        var kind: Kind
        var apply: @Sendable (inout Settings, Value) -> Void
        var render: @Sendable (Settings) -> String
    }

    static let sections: Set<String> = ["policy", "policy.rotation", "policy.itinerant", "policy.weights"]
    static let required: [String] = ["county", "slug", "year"]

    static func number(_ path: String, _ range: ClosedRange<Double>, _ keyPath: WritableKeyPath<Settings, Double> & Sendable) -> Key {
        Key(path: path, kind: .number(range),
            apply: { settings, value in if case .number(let number) = value { settings[keyPath: keyPath] = number } },
            render: { formatNumber($0[keyPath: keyPath]) })
    }

    static func integer(_ path: String, _ range: ClosedRange<Int>, _ keyPath: WritableKeyPath<Settings, Int> & Sendable) -> Key {
        Key(path: path, kind: .integer(range),
            apply: { settings, value in if case .integer(let number) = value { settings[keyPath: keyPath] = number } },
            render: { String($0[keyPath: keyPath]) })
    }

    static func roles(_ path: String, _ keyPath: WritableKeyPath<Settings, [Role]> & Sendable) -> Key {
        Key(path: path, kind: .roles,
            apply: { settings, value in if case .roles(let roles) = value { settings[keyPath: keyPath] = roles } },
            render: { "[" + $0[keyPath: keyPath].map(\.rawValue).joined(separator: ", ") + "]" })
    }

    static let weightRange: ClosedRange<Double> = 0...1_000_000

    static let keys: [Key] = [
        Key(path: "county", kind: .text,
            apply: { settings, value in if case .text(let text) = value { settings.county = text } },
            render: { $0.county }),
        Key(path: "slug", kind: .slug,
            apply: { settings, value in if case .text(let text) = value { settings.slug = text } },
            render: { $0.slug }),
        integer("year", 1990...2100, \.year),
        Key(path: "synthetic", kind: .flag,
            apply: { settings, value in if case .flag(let flag) = value { settings.synthetic = flag } },
            render: { String($0.synthetic) }),
        number("policy.road_factor", 1...5, \.policy.roadFactor),
        number("policy.rotation.min_ratio", 0...1, \.policy.rotation.minRatio),
        number("policy.rotation.backbone_share", 0...1, \.policy.rotation.backboneShare),
        integer("policy.rotation.min_cadres_per_member", 0...100, \.policy.rotation.minCadresPerMember),
        integer("policy.rotation.balance_tolerance", 0...1000, \.policy.rotation.balanceTolerance),
        integer("policy.rotation.min_years_at_school", 0...60, \.policy.rotation.minYearsAtSchool),
        integer("policy.rotation.min_years_to_retirement", 0...60, \.policy.rotation.minYearsToRetirement),
        integer("policy.rotation.cooldown_years", 0...60, \.policy.rotation.cooldownYears),
        integer("policy.rotation.term_years", 1...10, \.policy.rotation.termYears),
        number("policy.rotation.max_km", 0...10_000, \.policy.rotation.maxKm),
        roles("policy.rotation.lead_sends", \.policy.rotation.leadSends),
        roles("policy.rotation.member_sends", \.policy.rotation.memberSends),
        Key(path: "policy.exchange.enabled", kind: .flag,
            apply: { settings, value in if case .flag(let flag) = value { settings.policy.exchange.enabled = flag } },
            render: { String($0.policy.exchange.enabled) }),
        number("policy.exchange.min_ratio", 0...1, \.policy.exchange.minRatio),
        number("policy.exchange.backbone_share", 0...1, \.policy.exchange.backboneShare),
        integer("policy.exchange.min_years_at_school", 0...60, \.policy.exchange.minYearsAtSchool),
        number("policy.exchange.max_km", 0...10_000, \.policy.exchange.maxKm),
        integer("policy.exchange.term_years", 1...10, \.policy.exchange.termYears),
        Key(path: "policy.itinerant.subjects", kind: .words,
            apply: { settings, value in if case .words(let words) = value { settings.policy.itinerant.subjects = words } },
            render: { "[" + $0.policy.itinerant.subjects.joined(separator: ", ") + "]" }),
        Key(path: "policy.itinerant.scope", kind: .scope,
            apply: { settings, value in if case .scope(let scope) = value { settings.policy.itinerant.scope = scope } },
            render: { $0.policy.itinerant.scope.rawValue }),
        number("policy.itinerant.max_km", 0...10_000, \.policy.itinerant.maxKm),
        integer("policy.itinerant.periods_per_visit", 1...20, \.policy.itinerant.periodsPerVisit),
        integer("policy.itinerant.max_days_away", 0...5, \.policy.itinerant.maxDaysAway),
        integer("policy.itinerant.max_schools", 0...5, \.policy.itinerant.maxSchools),
        integer("policy.itinerant.max_periods", 0...100, \.policy.itinerant.maxPeriods),
        number("policy.weights.shortfall", weightRange, \.policy.weights.shortfall),
        number("policy.weights.move", weightRange, \.policy.weights.move),
        number("policy.weights.equity", weightRange, \.policy.weights.equity),
        number("policy.weights.travel_km", weightRange, \.policy.weights.travelKm),
        number("policy.weights.volunteer", weightRange, \.policy.weights.volunteer),
        number("policy.weights.tenure", weightRange, \.policy.weights.tenure),
        number("policy.weights.uncovered_period", weightRange, \.policy.weights.uncoveredPeriod),
        number("policy.weights.itinerant_km", weightRange, \.policy.weights.itinerantKm),
        number("policy.weights.itinerant_school", weightRange, \.policy.weights.itinerantSchool),
    ]

    static let keysByPath: [String: Key] = Dictionary(uniqueKeysWithValues: keys.map { ($0.path, $0) })

    /// Converts one node to a value of `kind`, or says what was expected.
    static func convert(_ node: SettingsNode, as kind: Kind) -> Value? {
        switch kind {
        case .text:
            guard case .scalar(let text, _, _) = node, !text.isEmpty else { return nil }
            return .text(text)
        case .slug, .flag, .integer, .number, .scope:
            // Numbers and codes as offices type them: full-width digits read as digits.
            guard case .scalar(let text, let line, let plain) = node else { return nil }
            return convertScalar(.scalar(WrittenText.normalized(text), line: line, plain: plain), as: kind)
        case .roles:
            // One role alone is a list of one.
            if case .scalar(let text, let line, let plain) = node, !text.isEmpty {
                return convert(.sequence([.scalar(text, line: line, plain: plain)], line: line), as: kind)
            }
            guard case .sequence(let items, _) = node else { return nil }
            var roles: [Role] = []
            for item in items {
                guard case .scalar(let text, _, _) = item, let role = Vocabulary.roles.code(text).flatMap(Role.init) else { return nil }
                if !roles.contains(role) { roles.append(role) }
            }
            return .roles(roles)
        case .words:
            if case .scalar(let text, let line, let plain) = node, !text.isEmpty {
                return convert(.sequence([.scalar(text, line: line, plain: plain)], line: line), as: kind)
            }
            guard case .sequence(let items, _) = node else { return nil }
            var words: [String] = []
            for item in items {
                guard case .scalar(let text, _, _) = item, !text.isEmpty else { return nil }
                // Subjects written in Chinese are the subjects' keys (音乐 is music).
                let word = Vocabulary.subject(text)
                if !words.contains(word) { words.append(word) }
            }
            return .words(words)
        }
    }

    /// A scalar setting after NFKC.
    private static func convertScalar(_ node: SettingsNode, as kind: Kind) -> Value? {
        switch kind {
        case .slug:
            guard case .scalar(let text, _, _) = node, !text.isEmpty,
                text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            else { return nil }
            return .text(text)
        case .flag:
            guard case .scalar(let text, _, _) = node else { return nil }
            switch text.lowercased() {
            case "true", "yes", "是": return .flag(true)
            case "false", "no", "否": return .flag(false)
            default: return nil
            }
        case .integer(let range):
            guard case .scalar(let text, _, _) = node, let number = Int(text), range.contains(number) else { return nil }
            return .integer(number)
        case .number(let range):
            guard case .scalar(let text, _, _) = node, let number = Double(text), number.isFinite,
                range.contains(number)
            else { return nil }
            return .number(number)
        case .scope:
            guard case .scalar(let text, _, _) = node, let scope = Vocabulary.scopes.code(text).flatMap(ItinerantScope.init) else { return nil }
            return .scope(scope)
        case .text, .roles, .words:
            return nil
        }
    }
}

/// Reads scenario.yaml (or a workbook's settings sheet) into `Settings`, collecting problems
/// and warnings.
enum SettingsReader {
    static let file = "scenario.yaml"

    /// Where settings come from, for problems: a YAML file (line numbers) or a sheet (cells of
    /// the value column).
    struct Origin {
        var file: String
        var valueColumn: String?

        func problem(row: Int?, column: String?, _ message: String, hint: String? = nil, chinese: String, chineseHint: String? = nil) -> Problem {
            Problem(file: file, row: row, column: column, message, hint: hint, cell: valueColumn.flatMap { letter in row.map { "\(letter)\($0)" } },
                    chinese: chinese, chineseHint: chineseHint)
        }
    }

    /// A settings sheet: rows of a dotted key and a value, as `--set` takes them; a list is
    /// written as in YAML (`[music, pe, art]`) or separated by `,` `，` or `、`, in codes or in
    /// Chinese (`中层以上干部、骨干教师、普通教师`).
    static func read(
        sheet: String, rows: [ScenarioSource.SettingRow], overrides: [SettingOverride], problems: inout ProblemList
    ) -> Settings {
        let origin = Origin(file: sheet, valueColumn: "B")
        var root = SettingsNode.mapping([], line: nil)
        var seen: [String: Int] = [:]
        for row in rows {
            let key = WrittenText.headerKey(row.key)
            if let first = seen[key] {
                problems.add(origin.problem(
                    row: row.row, column: key, "is given again (first on row \(first)); give each setting once.",
                    chinese: "重复（第 \(first) 行已有）；每项设置只填一次。"))
                continue
            }
            seen[key] = row.row
            root = root.setting(key.split(separator: ".").map(String.init), to: sheetValue(row.value, row: row.row))
        }
        return read(root: root, origin: origin, overrides: overrides, problems: &problems)
    }

    /// A sheet cell's value: a list when bracketed or separated, else the text itself.
    static func sheetValue(_ text: String, row: Int) -> SettingsNode {
        var body = text
        let bracketed = body.hasPrefix("[") && body.hasSuffix("]")
        if bracketed { body = String(body.dropFirst().dropLast()) }
        let separators: Set<Character> = [",", "，", "、"]
        guard bracketed || body.contains(where: { separators.contains($0) }) else { return .scalar(text, line: row, plain: true) }
        let items = body.split(whereSeparator: { separators.contains($0) }).map { CSV.trimmed(String($0)) }.filter { !$0.isEmpty }
        return .sequence(items.map { .scalar($0, line: row, plain: true) }, line: row)
    }

    static func read(text: String, overrides: [SettingOverride], problems: inout ProblemList) -> Settings {
        var root = SettingsNode.mapping([], line: nil)
        do {
            if let node = try Yams.compose(yaml: text) {
                guard let converted = SettingsNode(node) else {
                    problems.add(file, "uses YAML anchors or aliases; write each value out.", zh: "使用了 YAML 锚点或别名；请逐项写出每个值。")
                    return Settings()
                }
                root = converted
            }
        } catch let error as YamlError {
            problems.add(yamlProblem(error))
            return Settings()
        } catch {
            problems.add(file, "could not be read as YAML: \(error)", zh: "无法按 YAML 读取：\(error)")
            return Settings()
        }
        guard case .mapping = root else {
            problems.add(file, row: root.line, "must be a mapping of keys (county:, slug:, year:, policy:).",
                         zh: "须是键值映射（county:、slug:、year:、policy:）。")
            return Settings()
        }
        return read(root: root, origin: Origin(file: file), overrides: overrides, problems: &problems)
    }

    private static func read(
        root: SettingsNode, origin: Origin, overrides: [SettingOverride], problems: inout ProblemList
    ) -> Settings {
        var root = root
        for override in overrides {
            guard SettingsSchema.keysByPath[override.key] != nil else {
                let known = SettingsSchema.keys.map(\.path)
                problems.add(
                    "--set", column: override.key, "is not a setting of scenario.yaml.", hint: Suggestion.hint(for: override.key, among: known),
                    zh: "不是 scenario.yaml 的设置项。", zhHint: Suggestion.chineseHint(for: override.key, among: known))
                continue
            }
            root = root.setting(override.key.split(separator: ".").map(String.init), to: parseOverride(override.value))
        }
        var settings = Settings()
        var present: Set<String> = []
        let overridden = Set(overrides.map(\.key))
        walk(root, prefix: "", origin: origin, overridden: overridden, settings: &settings, present: &present, problems: &problems)
        for key in SettingsSchema.required where !present.contains(key) {
            problems.add(origin.file, column: key, "is missing; the settings must have county, slug and year.",
                         zh: "缺少此项；设置须有 county（县区）、slug（代号）和 year（学年）。")
        }
        return settings
    }

    /// An override value is YAML too, so `[cadre, backbone]` is a list; otherwise plain text.
    static func parseOverride(_ value: String) -> SettingsNode {
        if let node = try? Yams.compose(yaml: value), let converted = SettingsNode(node) {
            return converted
        }
        return .scalar(value, line: nil, plain: true)
    }

    private static func walk(
        _ node: SettingsNode, prefix: String, origin: Origin, overridden: Set<String>, settings: inout Settings,
        present: inout Set<String>, problems: inout ProblemList
    ) {
        guard case .mapping(let pairs, _) = node else { return }
        var seen: Set<String> = []
        for (key, value, line) in pairs {
            let path = prefix.isEmpty ? key : prefix + "." + key
            if !seen.insert(key).inserted {
                problems.add(origin.problem(row: line, column: path, "is given twice.", chinese: "重复填写。"))
                continue
            }
            if SettingsSchema.sections.contains(path) {
                if case .mapping = value {
                    walk(value, prefix: path, origin: origin, overridden: overridden, settings: &settings, present: &present,
                         problems: &problems)
                } else if case .scalar("", _, _) = value {
                    continue  // An empty section keeps its defaults.
                } else {
                    problems.add(origin.problem(
                        row: line ?? value.line, column: path, "expected a mapping of settings, got \(value.shown).",
                        chinese: "应为一组设置，实际为\(chineseShown(value))。"))
                }
                continue
            }
            guard let schemaKey = SettingsSchema.keysByPath[path] else {
                let known = SettingsSchema.keys.map(\.path) + Array(SettingsSchema.sections)
                problems.warn(origin.problem(
                    row: line ?? value.line, column: path, "is not a known setting and is ignored.", hint: Suggestion.hint(for: path, among: known),
                    chinese: "不是已知的设置项，已忽略。", chineseHint: Suggestion.chineseHint(for: path, among: known)))
                continue
            }
            present.insert(path)
            guard let converted = SettingsSchema.convert(value, as: schemaKey.kind) else {
                let kind = schemaKey.kind
                var message = "expected \(kind.expected), got \(value.shown)."
                var chinese = "应为\(kind.chineseExpected)，实际为\(chineseShown(value))。"
                if let item = unreadItem(value, as: kind) {
                    message = "expected \(kind.expected); '\(item)' is not one."
                    chinese = "应为\(kind.chineseExpected)；“\(item)”不是。"
                }
                if overridden.contains(path) {
                    problems.add("--set", column: path, message, zh: chinese)
                } else {
                    problems.add(origin.problem(row: line ?? value.line, column: path, message, chinese: chinese))
                }
                continue
            }
            schemaKey.apply(&settings, converted)
        }
    }

    /// The first item of a list setting that is not a role (or is empty), for the message.
    private static func unreadItem(_ node: SettingsNode, as kind: SettingsSchema.Kind) -> String? {
        guard case .roles = kind, case .sequence(let items, _) = node else { return nil }
        for item in items {
            guard case .scalar(let text, _, _) = item else { return "…" }
            if Vocabulary.roles.code(text).flatMap(Role.init) == nil { return text }
        }
        return nil
    }

    private static func chineseShown(_ node: SettingsNode) -> String {
        switch node {
        case .scalar(let text, _, _): "“\(text)”"
        case .sequence: "列表"
        case .mapping: "一组设置"
        }
    }

    private static func yamlProblem(_ error: YamlError) -> Problem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return Problem(file: file, row: mark.line, "is not valid YAML: \(problem) (column \(mark.column)).",
                           chinese: "不是有效的 YAML：\(problem)（第 \(mark.column) 列）。")
        case .duplicatedKeysInMapping(let duplicates, _):
            return Problem(file: file, "has keys given twice: \(duplicates.joined(separator: ", ")).",
                           chinese: "有重复的键：\(WrittenText.chineseList(duplicates))。")
        default:
            return Problem(file: file, "is not valid YAML: \(error)", chinese: "不是有效的 YAML：\(error)")
        }
    }
}

/// Numbers as people write them: 0.1, not 0.10000000000000001; 60, not 60.0.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}

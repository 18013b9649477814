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

extension Settings {
    /// Every key of scenario.yaml in the order SCENARIO.md and the template give them
    /// (rotation, the exchange, itinerant teaching, then the weights): the order a form lists them.
    public static let keyOrder: [String] = SettingsSchema.keys.map(\.path)
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
            case .number(let range):
                "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))\(range.upperBound <= 1 ? " (or a percentage, e.g. 10%)" : "")"
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
            case .number(let range):
                "\(formatNumber(range.lowerBound)) 到 \(formatNumber(range.upperBound)) 的数\(range.upperBound <= 1 ? "（或百分数，如 10%）" : "")"
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

    static let sections: Set<String> = ["policy", "policy.rotation", "policy.exchange", "policy.itinerant", "policy.weights"]
    static let required: [String] = ["county", "slug", "year"]

    static func number(_ path: String, _ range: ClosedRange<Double>, _ keyPath: WritableKeyPath<Settings, Double> & Sendable) -> Key {
        Key(
            path: path, kind: .number(range),
            apply: { settings, value in if case .number(let number) = value { settings[keyPath: keyPath] = number } },
            render: { formatNumber($0[keyPath: keyPath]) })
    }

    static func integer(_ path: String, _ range: ClosedRange<Int>, _ keyPath: WritableKeyPath<Settings, Int> & Sendable) -> Key {
        Key(
            path: path, kind: .integer(range),
            apply: { settings, value in if case .integer(let number) = value { settings[keyPath: keyPath] = number } },
            render: { String($0[keyPath: keyPath]) })
    }

    static func roles(_ path: String, _ keyPath: WritableKeyPath<Settings, [Role]> & Sendable) -> Key {
        Key(
            path: path, kind: .roles,
            apply: { settings, value in if case .roles(let roles) = value { settings[keyPath: keyPath] = roles } },
            render: { "[" + $0[keyPath: keyPath].map(\.rawValue).joined(separator: ", ") + "]" })
    }

    static let weightRange: ClosedRange<Double> = 0...1_000_000

    static let keys: [Key] = [
        Key(
            path: "county", kind: .text,
            apply: { settings, value in if case .text(let text) = value { settings.county = text } },
            render: { $0.county }),
        Key(
            path: "slug", kind: .slug,
            apply: { settings, value in if case .text(let text) = value { settings.slug = text } },
            render: { $0.slug }),
        integer("year", 1990...2100, \.year),
        Key(
            path: "synthetic", kind: .flag,
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
        Key(
            path: "policy.exchange.enabled", kind: .flag,
            apply: { settings, value in if case .flag(let flag) = value { settings.policy.exchange.enabled = flag } },
            render: { String($0.policy.exchange.enabled) }),
        number("policy.exchange.min_ratio", 0...1, \.policy.exchange.minRatio),
        number("policy.exchange.backbone_share", 0...1, \.policy.exchange.backboneShare),
        integer("policy.exchange.min_years_at_school", 0...60, \.policy.exchange.minYearsAtSchool),
        number("policy.exchange.max_km", 0...10_000, \.policy.exchange.maxKm),
        integer("policy.exchange.term_years", 1...10, \.policy.exchange.termYears),
        Key(
            path: "policy.itinerant.subjects", kind: .words,
            apply: { settings, value in if case .words(let words) = value { settings.policy.itinerant.subjects = words } },
            render: { "[" + $0.policy.itinerant.subjects.joined(separator: ", ") + "]" }),
        Key(
            path: "policy.itinerant.scope", kind: .scope,
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
            // Text is a list separated as offices write one (`中层以上干部、骨干教师`); one role
            // alone is a list of one.
            if case .scalar(let text, let line, let plain) = node, !text.isEmpty {
                return convert(.sequence(listItems(text).map { .scalar($0, line: line, plain: plain) }, line: line), as: kind)
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
                return convert(.sequence(listItems(text).map { .scalar($0, line: line, plain: plain) }, line: line), as: kind)
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

    /// The items of a list written as text: separated by `,` `，` or `、` (the settings sheet,
    /// `--set`, the workstation's form and scenario.yaml alike), each trimmed.
    static let listSeparators: Set<Character> = [",", "，", "、"]

    static func listItems(_ text: String) -> [String] {
        let items = text.split(whereSeparator: { listSeparators.contains($0) }).map { CSV.trimmed(String($0)) }.filter { !$0.isEmpty }
        return items.isEmpty ? [text] : items
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
            guard case .scalar(let text, _, _) = node else { return nil }
            // A share (a number from 0 to 1) may be written as a percentage, as offices do: 15%.
            var written = text.trimmingCharacters(in: .whitespaces)
            var divisor = 1.0
            if range.upperBound <= 1, let last = written.last, last == "%" || last == "％" {
                written = String(written.dropLast()).trimmingCharacters(in: .whitespaces)
                divisor = 100
            }
            guard let typed = Double(written), typed.isFinite, range.contains(typed / divisor) else { return nil }
            return .number(typed / divisor)
        case .scope:
            guard case .scalar(let text, _, _) = node, let scope = Vocabulary.scopes.code(text).flatMap(ItinerantScope.init) else { return nil }
            return .scope(scope)
        case .text, .roles, .words:
            return nil
        }
    }
}

/// Numbers as people write them: 0.1, not 0.10000000000000001; 60, not 60.0.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}


/// Chinese names for what plans show to people.
public enum Display {
    static let subjects: [String: String] = [
        "chinese": "语文", "math": "数学", "english": "英语", "music": "音乐", "pe": "体育", "art": "美术",
        "science": "科学", "it": "信息科技", "physics": "物理", "chemistry": "化学",
        "biology": "生物", "history": "历史", "geography": "地理", "morality": "道德与法治", "politics": "道德与法治",
    ]

    /// `音乐` for `music`; an unknown subject key is shown as written.
    public static func subject(_ key: String) -> String {
        subjects[key] ?? key
    }

    /// Kilometres to one decimal, as people read them.
    public static func km(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// A school year span: `2025年9月—2026年7月`.
    public static func term(from startYear: Int, to endYear: Int) -> String {
        "\(startYear)年9月—\(endYear + 1)年7月"
    }

    /// How a secondment is published (交流方式): a lead's teacher is sent to serve, a member's
    /// or site's teacher comes to the lead for training.
    public static func way(direction: String) -> String {
        direction.hasPrefix("lead_to_") ? "牵头校派出交流" : "到牵头校跟岗培训"
    }

    /// A school's kind in Chinese.
    public static func kind(_ kind: SchoolKind) -> String {
        switch kind {
        case .lead: "牵头校"
        case .member: "成员校"
        case .site: "教学点"
        case .independent: "独立校"
        }
    }
}


/// Chinese names for what plans show to people, from `Vocabulary`.
public enum Display {
    /// `音乐` for `music`; an unknown subject key is shown as written (plans made before the
    /// subjects were renamed say `politics` for 道德与法治).
    public static func subject(_ key: String) -> String {
        key == "politics" ? "道德与法治" : Vocabulary.subjects.name(key)
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
    /// With the county exchange, an exchange is 区域交流, with its direction (城镇→乡村).
    public static func way(direction: String) -> String {
        switch direction {
        case "urban_to_rural", "rural_to_urban": "\(Vocabulary.moveKinds.name("exchange"))（\(Vocabulary.directions.name(direction))）"
        default: direction.hasPrefix("lead_to_") ? "牵头校派出交流" : "到牵头校跟岗培训"
        }
    }

    /// A school's kind in Chinese.
    public static func kind(_ kind: SchoolKind) -> String {
        Vocabulary.schoolKinds.name(kind.rawValue)
    }
}

/// The settings in the office's words: a short Chinese name for each policy setting (the
/// workstation's form and what-if pages, the template's and the import's 设置 sheet) and what
/// each setting means. One table, so that every place names a setting the same way.
public enum SettingWords {
    /// Short Chinese names of the policy settings, e.g. `牵头校派出比例（R2）`.
    public static let names: [String: String] = [
        "policy.road_factor": "道路系数",
        "policy.rotation.min_ratio": "牵头校派出比例（R2）", "policy.rotation.backbone_share": "干部骨干占比（R3）",
        "policy.rotation.min_cadres_per_member": "每校接收干部数（R4）", "policy.rotation.balance_tolerance": "派出接收之差（R5）",
        "policy.rotation.min_years_at_school": "普通教师任教年限", "policy.rotation.min_years_to_retirement": "距退休年限",
        "policy.rotation.cooldown_years": "再次交流间隔（年）", "policy.rotation.term_years": "交流期限（年）",
        "policy.rotation.max_km": "交流最远距离（公里）", "policy.rotation.lead_sends": "牵头校派出身份",
        "policy.rotation.member_sends": "成员校派出身份",
        "policy.exchange.enabled": "统筹区域交流", "policy.exchange.min_ratio": "城镇学校交流比例（X1）",
        "policy.exchange.backbone_share": "交流干部骨干占比（X2）", "policy.exchange.min_years_at_school": "区域交流任教年限",
        "policy.exchange.max_km": "区域交流最远距离（公里）", "policy.exchange.term_years": "区域交流期限（年）",
        "policy.itinerant.subjects": "走教学科", "policy.itinerant.scope": "走教范围", "policy.itinerant.max_km": "走教最远距离（公里）",
        "policy.itinerant.periods_per_visit": "每次走教课时", "policy.itinerant.max_days_away": "每周走教天数",
        "policy.itinerant.max_schools": "每周走教学校数", "policy.itinerant.max_periods": "每周走教课时",
        "policy.weights.shortfall": "权重：学科缺口（每人）", "policy.weights.move": "权重：每交流一人",
        "policy.weights.equity": "权重：成员校均衡度", "policy.weights.travel_km": "权重：交流距离（每公里）",
        "policy.weights.volunteer": "权重：自愿者优先", "policy.weights.tenure": "权重：任教年限长者优先",
        "policy.weights.uncovered_period": "权重：未覆盖走教课时", "policy.weights.itinerant_km": "权重：走教往返（每公里）",
        "policy.weights.itinerant_school": "权重：每多走一所学校",
    ]

    /// What each setting means, in a sentence.
    public static let meanings: [String: String] = [
        "county": "县区名称（必填）", "slug": "英文代号，小写字母、数字和 -（必填）", "year": "规划学年，如 2025 = 2025年9月—2026年7月（必填）",
        "synthetic": "是 = 合成数据（仅供演示）", "policy.road_factor": "道路公里 = 直线公里 × 此系数",
        "policy.rotation.min_ratio": "牵头校每年至少派出符合条件教师的比例（R2）",
        "policy.rotation.backbone_share": "派出人员中干部与骨干教师的最低比例（R3）",
        "policy.rotation.min_cadres_per_member": "每所成员校（含其教学点）每年至少接收的干部数（R4）",
        "policy.rotation.balance_tolerance": "成员校单元派出与接收人数之差的上限（R5）",
        "policy.rotation.min_years_at_school": "普通教师在本校任教满多少年才可交流",
        "policy.rotation.min_years_to_retirement": "距退休不足多少年不再交流",
        "policy.rotation.cooldown_years": "一次交流结束后几年内不再交流", "policy.rotation.term_years": "新安排交流的期限（年）",
        "policy.rotation.max_km": "交流的最远道路公里数", "policy.rotation.lead_sends": "牵头校派出的身份",
        "policy.rotation.member_sends": "成员校和教学点派出的身份", "policy.itinerant.subjects": "走教学科",
        "policy.itinerant.scope": "全县 = 全县范围走教；共同体内 = 仅在共同体内", "policy.itinerant.max_km": "走教的最远道路公里数",
        "policy.itinerant.periods_per_visit": "每次走教（一天一校）最多课时", "policy.itinerant.max_days_away": "每周走教天数上限",
        "policy.itinerant.max_schools": "每周走教学校数上限", "policy.itinerant.max_periods": "每周走教课时上限",
        "policy.exchange.enabled": "是 = 统筹全县城镇与乡村学校之间的区域交流（县管校聘）；否 = 只在共同体内交流",
        "policy.exchange.min_ratio": "每所城镇学校每年至少交流出去的比例，共同体派驻与区域交流合计（X1）",
        "policy.exchange.backbone_share": "城镇学校交流出去的人员中干部与骨干教师的最低比例（X2）",
        "policy.exchange.min_years_at_school": "在本校任教满多少年才可区域交流",
        "policy.exchange.max_km": "区域交流的最远道路公里数", "policy.exchange.term_years": "区域交流的期限（年）",
        "policy.weights.shortfall": "成员校或教学点每缺一名所需学科教师，目标值加这么多",
        "policy.weights.move": "每安排一人交流的代价：没有规则要求时不安排交流",
        "policy.weights.equity": "最弱成员校的干部骨干比例每提高 1（100·Q/D），目标值减这么多",
        "policy.weights.travel_km": "交流距离每公里的代价", "policy.weights.volunteer": "安排一位自愿者，目标值减这么多",
        "policy.weights.tenure": "任教年限超过要求的每一年（至多 10 年），目标值减这么多",
        "policy.weights.uncovered_period": "每周每一节走教课没人上，目标值加这么多",
        "policy.weights.itinerant_km": "走教往返每公里的代价", "policy.weights.itinerant_school": "一位走教教师每多去一所学校的代价",
    ]

    /// The key of the setting whose Chinese name is `name`, written in full (`牵头校派出比例（R2）`)
    /// or without its bracketed rule (`牵头校派出比例`).
    public static func key(named name: String) -> String? {
        let written = WrittenText.headerKey(name)
        return names.first { _, shown in
            let full = WrittenText.headerKey(shown)
            return full == written || full.split(whereSeparator: { "(（".contains($0) }).first.map(String.init) == written
        }?.key
    }

    /// `key`'s meaning, or its name when none is written.
    public static func meaning(_ key: String) -> String { meanings[key] ?? names[key] ?? "" }
}

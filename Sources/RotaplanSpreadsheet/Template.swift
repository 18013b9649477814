import Foundation
import RotaplanDomain

/// The empty scenario workbook HR fills in (`rotaplan template`): a first sheet 说明 that
/// explains every column, the settings with their defaults in 设置, and one sheet per table
/// with Chinese headers and drop-down lists for coded values.
public enum Template {
    /// Each table's columns: the Chinese header written, whether it is required, its meaning, and
    /// the drop-down list of its coded values.
    struct Column {
        var header: String
        var english: String
        var required: String
        var meaning: String
        var choices: [String]? = nil
    }

    static let yesNo = ["是", "否"]

    static let tables: [(sheet: String, file: String, columns: [Column])] = [
        ("学校", "schools.csv", [
            Column(header: "编号", english: "id", required: "必填", meaning: "学校代码，唯一，如 NCX-L01"),
            Column(header: "名称", english: "name", required: "必填", meaning: "学校名称，如 莲塘第一小学"),
            Column(header: "类型", english: "kind", required: "必填", meaning: "牵头校、成员校（乡村中心学校）、教学点（村小、教学点）或独立校（不属于共同体）",
                   choices: ["牵头校", "成员校", "教学点", "独立校"]),
            Column(header: "共同体", english: "community", required: "牵头校、成员校必填", meaning: "共同体编号；每个共同体一所牵头校、至少一所成员校；教学点可留空（随上级学校）"),
            Column(header: "上级学校", english: "parent", required: "教学点必填", meaning: "管理该教学点（村小）的乡村中心学校的编号"),
            Column(header: "农村", english: "rural", required: "选填", meaning: "是/否；默认成员校、教学点为农村学校", choices: yesNo),
            Column(header: "纬度", english: "lat", required: "必填", meaning: "WGS-84 纬度（度）"),
            Column(header: "经度", english: "lon", required: "必填", meaning: "WGS-84 经度（度）"),
            Column(header: "学段", english: "level", required: "选填", meaning: "小学、初中或九年一贯制（仅用于报告）", choices: ["小学", "初中", "九年一贯制"]),
        ]),
        ("教师", "teachers.csv", [
            Column(header: "工号", english: "id", required: "必填", meaning: "教师编号，唯一（以文本保存，前导零保留）"),
            Column(header: "姓名", english: "name", required: "必填", meaning: "教师姓名"),
            Column(header: "学校", english: "school", required: "必填", meaning: "人事关系所在学校（编号）"),
            Column(header: "学科", english: "subject", required: "必填", meaning: "任教学科，如 语文、数学、音乐、体育、美术",
                   choices: ["语文", "数学", "英语", "音乐", "体育", "美术", "科学", "道德与法治", "信息科技", "物理", "化学", "生物", "历史", "地理"]),
            Column(header: "身份", english: "role", required: "必填", meaning: "中层以上干部、骨干教师、后备干部或普通教师",
                   choices: ["中层以上干部", "骨干教师", "后备干部", "普通教师"]),
            Column(header: "职称", english: "title", required: "选填", meaning: "专业技术职称（仅用于名单）"),
            Column(header: "性别", english: "gender", required: "选填", meaning: "男/女（仅用于名单）", choices: ["男", "女"]),
            Column(header: "本校任教年限", english: "years_at_school", required: "必填", meaning: "在本校任教的整年数"),
            Column(header: "距退休年限", english: "years_to_retirement", required: "必填", meaning: "距退休的整年数"),
            Column(header: "免于交流", english: "exempt", required: "选填", meaning: "填写原因即免于交流和走教（如 孕期、病休）；空、否、无 表示不免"),
            Column(header: "自愿", english: "volunteer", required: "选填", meaning: "是 = 本人申请交流", choices: yesNo),
            Column(header: "周课时上限", english: "max_periods", required: "选填", meaning: "每周可承担课时，默认 16"),
            Column(header: "可走教", english: "itinerant", required: "选填", meaning: "否 = 不参加走教；音乐、体育、美术默认可走教", choices: yesNo),
            Column(header: "可走教日", english: "available_days", required: "选填", meaning: "可走教的日子，如 周一;周三；默认周一至周五"),
        ]),
        ("需求", "demand.csv", [
            Column(header: "学校", english: "school", required: "必填", meaning: "学校编号"),
            Column(header: "学科", english: "subject", required: "必填", meaning: "学科"),
            Column(header: "需求人数", english: "teachers", required: "必填", meaning: "下学年该学科需要的教师人数"),
            Column(header: "周课时", english: "periods", required: "选填", meaning: "该学科每周须开设的课时；默认 需求人数 × 16"),
        ]),
        ("历史", "history.csv", [
            Column(header: "教师", english: "teacher", required: "必填", meaning: "教师工号"),
            Column(header: "原单位", english: "from", required: "必填", meaning: "派出学校编号"),
            Column(header: "交流单位", english: "to", required: "必填", meaning: "交流学校编号"),
            Column(header: "起始学年", english: "start_year", required: "必填", meaning: "起始学年，如 2023（2023年9月起）"),
            Column(header: "结束学年", english: "end_year", required: "必填", meaning: "结束学年"),
            Column(header: "方式", english: "kind", required: "选填", meaning: "交流（默认，计入规则）或走教（仅作记录）", choices: ["交流", "走教"]),
        ]),
        ("固定", "pins.csv", [
            Column(header: "教师", english: "teacher", required: "必填", meaning: "教师工号"),
            Column(header: "操作", english: "action", required: "必填", meaning: "留任（本年不交流）、交流（须交流，学校由方案定）或指定（交流到指定学校）",
                   choices: ["留任", "交流", "指定"]),
            Column(header: "学校", english: "school", required: "指定时必填", meaning: "指定交流的学校编号"),
            Column(header: "备注", english: "note", required: "选填", meaning: "原因"),
        ]),
        ("距离", "distances.csv", [
            Column(header: "原单位", english: "from", required: "必填", meaning: "学校编号"),
            Column(header: "交流单位", english: "to", required: "必填", meaning: "学校编号"),
            Column(header: "公里", english: "km", required: "必填", meaning: "道路公里数；只填一个方向时两个方向相同"),
        ]),
    ]

    /// What each setting means, for the 设置 sheet.
    public static let settingMeanings: [String: String] = [
        "county": "县区名称（必填）", "slug": "英文代号，小写字母、数字和 -（必填）", "year": "规划学年，如 2025 = 2025年9月—2026年7月（必填）",
        "synthetic": "true = 合成数据", "policy.road_factor": "道路公里 = 直线公里 × 此系数",
        "policy.rotation.min_ratio": "牵头校每年至少派出符合条件教师的比例（R2）",
        "policy.rotation.backbone_share": "派出人员中干部与骨干教师的最低比例（R3）",
        "policy.rotation.min_cadres_per_member": "每所成员校（含其教学点）每年至少接收的干部数（R4）",
        "policy.rotation.balance_tolerance": "成员校单元派出与接收人数之差的上限（R5）",
        "policy.rotation.min_years_at_school": "普通教师在本校任教满多少年才可交流",
        "policy.rotation.min_years_to_retirement": "距退休不足多少年不再交流",
        "policy.rotation.cooldown_years": "一次交流结束后几年内不再交流", "policy.rotation.term_years": "新安排交流的期限（年）",
        "policy.rotation.max_km": "交流的最远道路公里数", "policy.rotation.lead_sends": "牵头校派出的身份",
        "policy.rotation.member_sends": "成员校和教学点派出的身份", "policy.itinerant.subjects": "走教学科",
        "policy.itinerant.scope": "county = 全县范围走教；community = 仅在共同体内", "policy.itinerant.max_km": "走教的最远道路公里数",
        "policy.itinerant.periods_per_visit": "每次走教（一天一校）最多课时", "policy.itinerant.max_days_away": "每周走教天数上限",
        "policy.itinerant.max_schools": "每周走教学校数上限", "policy.itinerant.max_periods": "每周走教课时上限",
    ]

    public static func data() throws -> Data {
        var sheets: [SheetContent] = []
        var guide: [[SheetCell]] = [
            [.text("（全部）"), .text(""), .text(""), .text("填写各表后，用 rotaplan check 模板.xlsx 检查，rotaplan solve 模板.xlsx 编制方案。列名可用中文或英文，编码值可填中文。")],
            [.text("设置"), .text("key / value"), .text("必填"), .text("每行一项设置：键（如 policy.rotation.min_ratio）与值；列表用逗号或顿号分隔，如 音乐、体育、美术")],
        ]
        for table in tables {
            for column in table.columns {
                guide.append([.text(table.sheet), .text("\(column.header)（\(column.english)）"), .text(column.required), .text(column.meaning)])
            }
        }
        sheets.append(SheetContent(name: "说明", header: ["工作表", "列", "是否必填", "说明"], rows: guide, widths: [3: 90]))
        let defaults = Settings()
        let settings = defaults.listed.map { key, value -> [SheetCell] in
            let shown: String = switch key {
            case "county": "某某县"
            case "slug": "mou-county"
            case "year": "2025"
            default: value
            }
            return [.text(key), .text(shown), .text(settingMeanings[key] ?? "目标函数权重（见 docs/model.md）")]
        }
        sheets.append(SheetContent(name: "设置", header: ["key", "value", "说明"], rows: settings))
        for table in tables {
            var choices: [Int: [String]] = [:]
            for (index, column) in table.columns.enumerated() { if let list = column.choices { choices[index] = list } }
            sheets.append(SheetContent(name: table.sheet, header: table.columns.map(\.header), rows: [], choices: choices))
        }
        return try WorkbookWriter.data(sheets)
    }
}

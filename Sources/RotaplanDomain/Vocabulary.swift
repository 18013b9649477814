/// The Chinese names HR offices write in their spreadsheets, for columns and coded values, read
/// the same as the English ones (docs/scenario.md "Spreadsheets").
public enum Vocabulary {
    /// Column names by table (the file's name, e.g. `teachers.csv`): Chinese → English.
    public static let columns: [String: [String: String]] = [
        "schools.csv": [
            "编号": "id", "学校代码": "id", "代码": "id", "名称": "name", "学校名称": "name", "姓名": "name", "类型": "kind",
            "共同体": "community", "上级学校": "parent", "所属中心学校": "parent", "农村": "rural", "纬度": "lat", "经度": "lon",
            "学段": "level",
        ],
        "teachers.csv": [
            "编号": "id", "工号": "id", "姓名": "name", "名称": "name", "学校": "school", "单位": "school", "学科": "subject",
            "身份": "role", "角色": "role", "职称": "title", "性别": "gender", "本校任教年限": "years_at_school",
            "距退休年限": "years_to_retirement", "免于交流": "exempt", "自愿": "volunteer", "周课时上限": "max_periods",
            "可走教": "itinerant", "可走教日": "available_days",
        ],
        "demand.csv": [
            "学校": "school", "单位": "school", "学科": "subject", "需求人数": "teachers", "周课时": "periods",
        ],
        "history.csv": [
            "教师": "teacher", "工号": "teacher", "原单位": "from", "交流单位": "to", "起始学年": "start_year",
            "结束学年": "end_year", "方式": "kind",
        ],
        "pins.csv": [
            "教师": "teacher", "工号": "teacher", "操作": "action", "学校": "school", "交流单位": "school", "备注": "note",
        ],
        "distances.csv": [
            "原单位": "from", "起点": "from", "交流单位": "to", "终点": "to", "公里": "km",
        ],
    ]

    /// The English name of a column of `table`, for a header written in Chinese (or as is).
    public static func column(_ name: String, in table: String) -> String {
        columns[table]?[name] ?? name
    }

    /// Every column of each table, in English (what the template and `import` write).
    public static let englishColumns: [String: [String]] = [
        "schools.csv": ["id", "name", "kind", "community", "parent", "rural", "lat", "lon", "level"],
        "teachers.csv": ["id", "name", "school", "subject", "role", "title", "gender", "years_at_school", "years_to_retirement",
                         "exempt", "volunteer", "max_periods", "itinerant", "available_days"],
        "demand.csv": ["school", "subject", "teachers", "periods"],
        "history.csv": ["teacher", "from", "to", "start_year", "end_year", "kind"],
        "pins.csv": ["teacher", "action", "school", "note"],
        "distances.csv": ["from", "to", "km"],
    ]

    /// Coded values written in Chinese → the value rotaplan reads.
    public static let roles = ["中层以上干部": "cadre", "中层干部": "cadre", "干部": "cadre", "骨干教师": "backbone", "骨干": "backbone",
                        "后备干部": "reserve_cadre", "普通教师": "regular", "教师": "regular"]
    public static let kinds = ["牵头校": "lead", "成员校": "member", "乡村中心学校": "member", "教学点": "site", "村小": "site",
                        "独立校": "independent"]
    public static let levels = ["小学": "primary", "初中": "junior", "九年一贯制": "nine-year", "九年一贯制学校": "nine-year"]
    public static let historyKinds = ["交流": "rotation", "轮岗": "rotation", "交流轮岗": "rotation", "走教": "itinerant"]
    public static let pinActions = ["留任": "stay", "交流": "rotate", "指定": "to"]
    public static let weekdays = ["周一": "mon", "周二": "tue", "周三": "wed", "周四": "thu", "周五": "fri",
                           "星期一": "mon", "星期二": "tue", "星期三": "wed", "星期四": "thu", "星期五": "fri"]

    /// Subjects written in Chinese → the key used in plans (other subjects stay free text).
    public static let subjects = [
        "语文": "chinese", "数学": "math", "英语": "english", "音乐": "music", "体育": "pe", "体育与健康": "pe", "美术": "art",
        "科学": "science", "道德与法治": "morality", "信息科技": "it", "物理": "physics", "化学": "chemistry", "生物": "biology",
        "历史": "history", "地理": "geography",
    ]

    /// The subject key of a subject as written: `语文` → `chinese`; others as they are.
    public static func subject(_ text: String) -> String {
        subjects[text] ?? text
    }

    /// `yes`, `no` and their Chinese forms; nil for anything else.
    public static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "是", "有", "true": true
        case "no", "否", "无", "false": false
        default: nil
        }
    }

    /// A `gender` cell as the published list writes it: 男 or 女, or nil when the text is neither.
    public static func gender(_ text: String) -> String? {
        switch text.lowercased() {
        case "男", "m", "male": "男"
        case "女", "f", "female": "女"
        default: nil
        }
    }

    /// An `exempt` cell that means "not exempt": empty, 否, 无, no, FALSE.
    public static func meansNotExempt(_ text: String) -> Bool {
        yesNo(text) == false
    }
}

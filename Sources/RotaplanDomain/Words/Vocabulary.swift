/// The values of one coded field: each code rotaplan reads and writes, the Chinese name people
/// see, and the other ways offices write it. Reading takes the code, the name or an alias
/// (after NFKC, so full-width letters match); showing gives the name.
public struct CodedValues: Sendable {
    /// One value: `regular`, shown as 普通教师, also written 教师.
    public struct Entry: Sendable {
        public let code: String
        public let name: String
        public let aliases: [String]
    }

    public let entries: [Entry]
    private let byWritten: [String: String]
    private let nameByCode: [String: String]

    init(_ entries: [(code: String, name: String, aliases: [String])]) {
        self.entries = entries.map { Entry(code: $0.code, name: $0.name, aliases: $0.aliases) }
        var written: [String: String] = [:]
        for entry in entries {
            for form in [entry.code, entry.name] + entry.aliases where written[form] == nil { written[form] = entry.code }
        }
        byWritten = written
        nameByCode = Dictionary(entries.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The values whose codes are among `codes`, e.g. the history kinds the model has.
    public func restricted(to codes: [String]) -> CodedValues {
        CodedValues(entries.filter { codes.contains($0.code) }.map { ($0.code, $0.name, $0.aliases) })
    }

    /// The codes in order: `cadre, backbone, reserve_cadre, regular`.
    public var codes: [String] { entries.map(\.code) }

    /// The Chinese names in order: `中层以上干部, 骨干教师, 后备干部, 普通教师`.
    public var names: [String] { entries.map(\.name) }

    /// Every form that reads: codes, names and aliases.
    public var writtenForms: [String] { entries.flatMap { [$0.code, $0.name] + $0.aliases } }

    /// The Chinese name of a code; the code itself when it is not one of these values.
    public func name(_ code: String) -> String {
        nameByCode[code] ?? code
    }

    /// The code of a value as written (a code, a name or an alias, full-width or not); nil
    /// when it is none of them.
    public func code(_ written: String) -> String? {
        byWritten[written] ?? byWritten[WrittenText.normalized(written)]
    }
}

/// The words rotaplan and the bureau share: every coded value with its Chinese name, the
/// Chinese headers of every column (`Vocabulary.columns`), and the rules' names. Reading
/// (CSV folders and workbooks), the template, plan.xlsx, the report and the workstation name
/// things from here, so that a value reads back as it was shown (docs/scenario.md
/// "Spreadsheets").
public enum Vocabulary {
    /// A teacher's role (`teachers.csv` role, 身份).
    public static let roles = CodedValues([
        ("cadre", "中层以上干部", ["中层干部", "干部"]),
        ("backbone", "骨干教师", ["骨干"]),
        ("reserve_cadre", "后备干部", []),
        ("regular", "普通教师", ["教师"]),
    ])

    /// A school's kind in the "1+N" structure (`schools.csv` kind, 类型).
    public static let schoolKinds = CodedValues([
        ("lead", "牵头校", []),
        ("member", "成员校", ["乡村中心学校"]),
        ("site", "教学点", ["村小"]),
        ("independent", "独立校", []),
    ])

    /// School level, reported only (`schools.csv` level, 学段).
    public static let levels = CodedValues([
        ("primary", "小学", []),
        ("junior", "初中", []),
        ("nine-year", "九年一贯制", ["九年一贯制学校"]),
    ])

    /// Subjects with a key of their own; other subjects are free text, kept as written.
    public static let subjects = CodedValues([
        ("chinese", "语文", []), ("math", "数学", []), ("english", "英语", []), ("music", "音乐", []),
        ("pe", "体育", ["体育与健康"]), ("art", "美术", []), ("science", "科学", []), ("morality", "道德与法治", []),
        ("it", "信息科技", []), ("physics", "物理", []), ("chemistry", "化学", []), ("biology", "生物", []),
        ("history", "历史", []), ("geography", "地理", []),
    ])

    /// School days for itinerant visits (`available_days`, 可走教日; itinerant.csv's 星期).
    public static let weekdays = CodedValues([
        ("mon", "星期一", ["周一"]), ("tue", "星期二", ["周二"]), ("wed", "星期三", ["周三"]),
        ("thu", "星期四", ["周四"]), ("fri", "星期五", ["周五"]),
    ])

    /// What a pin decides (`pins.csv` action, 操作).
    public static let pinActions = CodedValues([
        ("stay", "留任", []),
        ("rotate", "交流", []),
        ("to", "指定", []),
    ])

    /// What a history row records (`history.csv` kind, 方式): a community secondment, the
    /// county exchange (区域交流轮岗; read once `HistoryKind` has it) or itinerant teaching.
    public static let historyKinds = CodedValues([
        ("rotation", "共同体派驻", ["交流", "轮岗", "交流轮岗", "派驻"]),
        ("exchange", "区域交流", ["区域交流轮岗"]),
        ("itinerant", "走教", []),
    ])

    /// A move of a plan (`"kind"` in plan.json, 交流方式 in plan.xlsx).
    public static let moveKinds = CodedValues([
        ("secondment", "共同体派驻", []),
        ("exchange", "区域交流", []),
    ])

    /// A move's direction (`"direction"` in plan.json).
    public static let directions = CodedValues([
        ("lead_to_member", "牵头校→成员校", []),
        ("member_to_lead", "成员校→牵头校", []),
        ("lead_to_site", "牵头校→教学点", []),
        ("site_to_lead", "教学点→牵头校", []),
        ("urban_to_rural", "城镇→乡村", []),
        ("rural_to_urban", "乡村→城镇", []),
        // The ledger's rows brought in from a scenario's history (`ledger import`).
        ("history", "历史记录导入", []),
        ("history_exchange", "历史记录导入（区域交流）", []),
    ])

    /// How a part of a plan was solved (`"status"` in plan.json).
    public static let statuses = CodedValues([
        ("optimal", "最优", []),
        ("feasible", "可行", []),
        ("infeasible", "无可行方案", []),
        ("no_solution", "未找到方案", []),
    ])

    /// Where an itinerant teacher may go (`policy.itinerant.scope`).
    public static let scopes = CodedValues([
        ("county", "全县", ["县域"]),
        ("community", "共同体内", ["共同体"]),
    ])

    /// Yes and no, in every yes/no column and in `exempt`: the dashes, slash and 0 that Chinese
    /// forms write for "none" mean no.
    public static let yesNo = CodedValues([
        ("yes", "是", ["有", "true", "TRUE", "True", "1", "Yes", "YES"]),
        ("no", "否", ["无", "false", "FALSE", "False", "0", "No", "NO", "/", "-", "—", "——", "–", "－", "／"]),
    ])

    /// 男 or 女, as the published list writes them.
    public static let genders = CodedValues([
        ("男", "男", ["m", "M", "male", "Male"]),
        ("女", "女", ["f", "F", "female", "Female"]),
    ])

    /// The rules of docs/model.md by id, with the names the bureau's reports give them.
    public static let rules = CodedValues([
        ("R1", "交流资格与去向", []),
        ("R2", "牵头校派出比例", []),
        ("R3", "干部骨干占比", []),
        ("R4", "成员校接收干部", []),
        ("R5", "成员校派出接收平衡", []),
        ("R6", "不造成新缺口", []),
        ("R7", "已定安排", []),
        ("X1", "城镇学校交流比例", []),
        ("X2", "城镇学校干部骨干占比", []),
        ("X3", "按需接收交流", []),
        ("I1", "每天至多一次走教", []),
        ("I2", "走教天数与学校数", []),
        ("I3", "走教课时上限", []),
        ("I4", "派出学校富余课时", []),
        ("I5", "接收学校所需课时", []),
    ])

    /// A rule as reports name it: `牵头校派出比例（R2）`; an unknown id as it is.
    public static func rule(_ id: String) -> String {
        let name = rules.name(id)
        return name == id ? id : "\(name)（\(id)）"
    }

    /// The subject key of a subject as written: `语文` → `chinese`; others as they are.
    public static func subject(_ text: String) -> String {
        subjects.code(text) ?? text
    }

    /// `yes`, `no` and their other forms (是/否, 有/无, TRUE/FALSE, 1/0, and `/`, `-`, `—` for no);
    /// nil for anything else.
    public static func yesNo(_ text: String) -> Bool? {
        yesNo.code(text).map { $0 == "yes" } ?? yesNo.code(text.lowercased()).map { $0 == "yes" }
    }

    /// A `gender` cell as the published list writes it: 男 or 女, or nil when the text is neither.
    public static func gender(_ text: String) -> String? {
        genders.code(text) ?? genders.code(text.lowercased())
    }

    /// An `exempt` cell that means "not exempt": a word for no (否, 无, no, FALSE, 0, `/`, `—`).
    public static func meansNotExempt(_ text: String) -> Bool {
        yesNo(text) == false
    }
}

/// One column of a scenario table: its English name (the field), the Chinese header the
/// template writes, and the other headers offices use for it.
public struct ColumnName: Sendable {
    public let field: String
    public let chinese: String
    public let aliases: [String]
    /// A yes/no column: a header with a leading 是否 names it too (`是否自愿` = `自愿`).
    public let yesNo: Bool

    init(_ field: String, _ chinese: String, _ aliases: [String] = [], yesNo: Bool = false) {
        self.field = field
        self.chinese = chinese
        self.aliases = aliases
        self.yesNo = yesNo
    }
}

extension Vocabulary {
    /// Every column of each table (by file name, `teachers.csv`), in the canonical order.
    public static let tableColumns: [String: [ColumnName]] = [
        "schools.csv": [
            ColumnName("id", "编号", ["学校代码", "代码", "学校编号"]), ColumnName("name", "名称", ["学校名称", "姓名"]),
            ColumnName("kind", "类型", ["学校类型"]), ColumnName("community", "共同体", ["共同体编号"]),
            ColumnName("parent", "上级学校", ["所属中心学校"]), ColumnName("rural", "农村", ["乡村"], yesNo: true),
            ColumnName("lat", "纬度"), ColumnName("lon", "经度"), ColumnName("level", "学段"),
        ],
        "teachers.csv": [
            ColumnName("id", "工号", ["编号", "教师编号"]), ColumnName("name", "姓名", ["名称"]),
            ColumnName("school", "学校", ["单位"]), ColumnName("subject", "学科", ["任教学科"]),
            ColumnName("role", "身份", ["角色"]), ColumnName("title", "职称"), ColumnName("gender", "性别"),
            ColumnName("years_at_school", "本校任教年限", ["现学校任教年限"]), ColumnName("years_to_retirement", "距退休年限"),
            ColumnName("exempt", "免于交流", yesNo: true), ColumnName("volunteer", "自愿", yesNo: true),
            ColumnName("max_periods", "周课时上限"), ColumnName("itinerant", "可走教", yesNo: true),
            ColumnName("available_days", "可走教日"),
        ],
        "demand.csv": [
            ColumnName("school", "学校", ["单位"]), ColumnName("subject", "学科"), ColumnName("teachers", "需求人数"),
            ColumnName("periods", "周课时"),
        ],
        "history.csv": [
            ColumnName("teacher", "教师", ["工号"]), ColumnName("from", "原单位"), ColumnName("to", "交流单位"),
            ColumnName("start_year", "起始学年"), ColumnName("end_year", "结束学年"), ColumnName("kind", "方式", ["类型", "交流方式"]),
        ],
        "pins.csv": [
            ColumnName("teacher", "教师", ["工号"]), ColumnName("action", "操作"), ColumnName("school", "学校", ["交流单位"]),
            ColumnName("note", "备注"),
        ],
        "distances.csv": [
            ColumnName("from", "原单位", ["起点"]), ColumnName("to", "交流单位", ["终点"]), ColumnName("km", "公里"),
        ],
    ]

    /// Every column of each table, in English (what `import` writes).
    public static let englishColumns: [String: [String]] = tableColumns.mapValues { $0.map(\.field) }

    /// Fields that hold ids (of a school, a teacher, a community): text, never numbers, so that
    /// leading zeros and 18-digit numbers stay as typed.
    public static let idFields: Set<String> = ["id", "school", "teacher", "from", "to", "parent", "community"]

    /// A serial-number column, never read: a list's row numbers are not ids.
    public static let serialHeaders: Set<String> = ["序号"]

    /// The Chinese header of a field: `身份` for teachers.csv's `role`; the field when unknown.
    public static func chineseHeader(_ field: String, in table: String) -> String {
        tableColumns[table]?.first { $0.field == field }?.chinese ?? field
    }

    /// The field a header names in `table`, as `ColumnHeaders` matches it (NFKC, spaces
    /// removed, a leading 是否 for yes/no columns); nil for a header that names none.
    public static func field(ofHeader header: String, in table: String) -> String? {
        let key = WrittenText.headerKey(header)
        guard let columns = tableColumns[table] else { return nil }
        for column in columns where column.field == key || column.chinese == key || column.aliases.contains(key) {
            return column.field
        }
        if key.hasPrefix("是否") {
            let rest = String(key.dropFirst(2))
            for column in columns where column.yesNo && (column.field == rest || column.chinese == rest || column.aliases.contains(rest)) {
                return column.field
            }
        }
        return nil
    }

    /// Every header that names a column of `table`, for hints.
    static func knownHeaders(in table: String) -> [String] {
        (tableColumns[table] ?? []).flatMap { [$0.chinese, $0.field] + $0.aliases }
    }
}

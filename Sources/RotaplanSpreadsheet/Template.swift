import Foundation
import RotaplanDomain

/// The empty scenario workbook HR fills in (`rotaplan template`): a first sheet 说明 that
/// explains every column, the settings with their defaults in 设置, and one sheet per table
/// with Chinese headers and drop-down lists for coded values.
public enum Template {
    /// Each table's columns: the Chinese header written (`Vocabulary.tableColumns`), whether it
    /// is required, its meaning, and the drop-down list of its coded values (`Vocabulary`).
    struct Column {
        var english: String
        var required: String
        var meaning: String
        var choices: [String]? = nil
        /// The list only warns: other values may be typed (subjects outside the list are allowed).
        var open = false
        /// The table (file) the column belongs to, for its header.
        var table = ""

        init(english: String, required: String, meaning: String, choices: [String]? = nil, open: Bool = false) {
            self.english = english
            self.required = required
            self.meaning = meaning
            self.choices = choices
            self.open = open
        }

        var header: String { Vocabulary.chineseHeader(english, in: table) }
    }

    static let yesNo = ["是", "否"]
    static let subjects = Vocabulary.subjects.names
    static let historyKinds = HistoryKind.allCases.map { Vocabulary.historyKinds.name($0.rawValue) }

    /// The columns of every table, each knowing its table.
    static let tables: [(sheet: String, file: String, columns: [Column])] = columnTables.map { table in
        (
            table.sheet, table.file,
            table.columns.map { column in
                var column = column
                column.table = table.file
                return column
            }
        )
    }

    private static let columnTables: [(sheet: String, file: String, columns: [Column])] = [
        (
            "学校", "schools.csv",
            [
                Column(english: "id", required: "必填", meaning: "学校代码，唯一，如 NCX-L01"),
                Column(english: "name", required: "必填", meaning: "学校名称，如 莲塘第一小学"),
                Column(
                    english: "kind", required: "必填", meaning: "牵头校、成员校（乡村中心学校）、教学点（村小、教学点）或独立校（不属于共同体）",
                    choices: Vocabulary.schoolKinds.names),
                Column(english: "community", required: "牵头校、成员校必填", meaning: "共同体编号；每个共同体一所牵头校、至少一所成员校；教学点可留空（随上级学校）"),
                Column(english: "parent", required: "教学点必填", meaning: "管理该教学点（村小）的乡村中心学校的编号"),
                Column(english: "rural", required: "选填", meaning: "是/否；默认成员校、教学点为农村学校", choices: yesNo),
                Column(english: "lat", required: "必填", meaning: "WGS-84 纬度（度）"),
                Column(english: "lon", required: "必填", meaning: "WGS-84 经度（度）"),
                Column(english: "level", required: "选填", meaning: "小学、初中或九年一贯制（仅用于报告）", choices: Vocabulary.levels.names),
            ]
        ),
        (
            "教师", "teachers.csv",
            [
                Column(english: "id", required: "必填", meaning: "教师编号，唯一（以文本保存，前导零保留）"),
                Column(english: "name", required: "必填", meaning: "教师姓名"),
                Column(english: "school", required: "必填", meaning: "人事关系所在学校（编号）"),
                Column(
                    english: "subject", required: "必填",
                    meaning: "任教学科，如 语文、数学、音乐、体育、美术；表外学科按原样读取（会提示）", choices: subjects, open: true),
                Column(
                    english: "role", required: "必填", meaning: "中层以上干部、骨干教师、后备干部或普通教师",
                    choices: Vocabulary.roles.names),
                Column(english: "title", required: "选填", meaning: "专业技术职称（仅用于名单）"),
                Column(english: "gender", required: "选填", meaning: "男/女（仅用于名单）", choices: Vocabulary.genders.names),
                Column(english: "years_at_school", required: "必填", meaning: "在本校任教的整年数"),
                Column(english: "years_to_retirement", required: "必填", meaning: "距退休的整年数"),
                Column(english: "exempt", required: "选填", meaning: "填写原因即免于交流和走教（如 孕期、病休）；空白、否、无、/、— 表示不免"),
                Column(english: "volunteer", required: "选填", meaning: "是 = 本人申请交流", choices: yesNo),
                Column(english: "max_periods", required: "选填", meaning: "每周可承担课时，默认 16"),
                Column(english: "itinerant", required: "选填", meaning: "否 = 不参加走教；音乐、体育、美术默认可走教", choices: yesNo),
                Column(english: "available_days", required: "选填", meaning: "可走教的日子，如 周一、周三；默认周一至周五"),
            ]
        ),
        (
            "需求", "demand.csv",
            [
                Column(english: "school", required: "必填", meaning: "学校编号"),
                Column(english: "subject", required: "必填", meaning: "学科，同教师表", choices: subjects, open: true),
                Column(english: "teachers", required: "必填", meaning: "下学年该学科需要的教师人数"),
                Column(english: "periods", required: "选填", meaning: "该学科每周须开设的课时；默认 需求人数 × 16"),
            ]
        ),
        (
            "历史", "history.csv",
            [
                Column(english: "teacher", required: "必填", meaning: "教师工号"),
                Column(english: "from", required: "必填", meaning: "派出学校编号"),
                Column(english: "to", required: "必填", meaning: "交流学校编号"),
                Column(english: "start_year", required: "必填", meaning: "起始学年，如 2023（2023年9月起）"),
                Column(english: "end_year", required: "必填", meaning: "结束学年"),
                Column(
                    english: "kind", required: "选填",
                    meaning: "共同体派驻（默认，也可填 交流；计入规则）或走教（仅作记录）", choices: historyKinds),
            ]
        ),
        (
            "固定", "pins.csv",
            [
                Column(english: "teacher", required: "必填", meaning: "教师工号"),
                Column(
                    english: "action", required: "必填", meaning: "留任（本年不交流）、交流（须交流，学校由方案定）或指定（交流到指定学校）",
                    choices: Vocabulary.pinActions.names),
                Column(english: "school", required: "指定时必填", meaning: "指定交流的学校编号"),
                Column(english: "note", required: "选填", meaning: "原因"),
            ]
        ),
        (
            "距离", "distances.csv",
            [
                Column(english: "from", required: "必填", meaning: "学校编号"),
                Column(english: "to", required: "必填", meaning: "学校编号"),
                Column(english: "km", required: "必填", meaning: "道路公里数；只填一个方向时两个方向相同"),
            ]
        ),
    ]

    public static func data() throws -> Data {
        var sheets: [SheetContent] = []
        var guide: [[SheetCell]] = [
            [
                .text("（全部）"), .text(""), .text(""),
                .text("填写各表后，用 rotaplan check 模板.xlsx 检查，rotaplan solve 模板.xlsx 编制方案。列名可用中文或英文，编码值可填中文。编号（学校编号、工号）请按文本填写，前导零和 18 位数字才能保留。"),
            ],
            [
                .text("设置"), .text("键 / 值"), .text("必填"),
                .text("每行一项设置：键（如 policy.rotation.min_ratio）与值（是/否、数字或文字）；名称和说明两列只供阅读；列表用逗号或顿号分隔，如 音乐、体育、美术 或 中层以上干部、骨干教师、普通教师"),
            ],
        ]
        for table in tables {
            for column in table.columns {
                guide.append([.text(table.sheet), .text("\(column.header)（\(column.english)）"), .text(column.required), .text(column.meaning)])
            }
        }
        var explanation = SheetContent(name: "说明", header: ["工作表", "列", "是否必填", "说明"], rows: guide, widths: [3: 80])
        explanation.wrappedColumns = [3]
        sheets.append(explanation)
        let defaults = Settings()
        let settings = defaults.listed.map { key, value -> [SheetCell] in
            let shown: String =
                switch key {
                case "county": "某某县"
                case "slug": "mou-county"
                case "year": "2025"
                default: value
                }
            return settingRow(key, shown)
        }
        sheets.append(settingsSheet(settings))
        for table in tables {
            sheets.append(sheet(table, rows: []))
        }
        return try WorkbookWriter.data(sheets)
    }

    /// A setting's value in the office's words: role and subject lists in Chinese
    /// (`中层以上干部、骨干教师、普通教师`), the scope as 全县 or 共同体内; they read back as the codes.
    static func chineseSetting(_ key: String, _ value: String) -> String {
        let values: CodedValues? =
            switch key {
            case "policy.rotation.lead_sends", "policy.rotation.member_sends": Vocabulary.roles
            case "policy.itinerant.subjects": Vocabulary.subjects
            case "policy.itinerant.scope": Vocabulary.scopes
            default: nil
            }
        guard let values else { return value }
        guard value.hasPrefix("[") && value.hasSuffix("]") else { return values.name(value) }
        let items = value.dropFirst().dropLast().split(separator: ",").map { CSV.trimmed(String($0)) }.filter { !$0.isEmpty }
        // A list of one would read back as one value, not a list: keep the brackets then.
        guard items.count > 1, items.allSatisfy({ values.name($0) != $0 }) else { return value }
        return WrittenText.chineseList(items.map(values.name))
    }

    /// A row of the 设置 sheet: the key, the value in the office's words (是 or 否 for a flag),
    /// the setting's Chinese name and what it means (`SettingWords`).
    static func settingRow(_ key: String, _ value: String) -> [SheetCell] {
        let shown =
            switch value {
            case "true": "是"
            case "false": "否"
            default: chineseSetting(key, value)
            }
        return [.text(key), .text(shown), .text(SettingWords.names[key] ?? ""), .text(SettingWords.meaning(key))]
    }

    /// The 设置 sheet: 键, 值, 名称 and what it means, the meaning wrapped. It reads back by its
    /// 键 and 值 columns (docs/scenario.md "Spreadsheets: workbooks, Chinese and GB18030").
    static func settingsSheet(_ rows: [[SheetCell]]) -> SheetContent {
        var sheet = SheetContent(name: "设置", header: ["键", "值", "名称", "说明"], rows: rows, widths: [2: 24, 3: 60])
        sheet.wrappedColumns = [3]
        return sheet
    }

    /// A table's sheet: Chinese headers, drop-down lists on coded columns, ids formatted as text.
    static func sheet(_ table: (sheet: String, file: String, columns: [Column]), rows: [[SheetCell]]) -> SheetContent {
        var content = SheetContent(name: table.sheet, header: table.columns.map(\.header), rows: rows)
        for (index, column) in table.columns.enumerated() {
            if let list = column.choices { content.choices[index] = list }
            if column.open { content.openChoices.insert(index) }
            if Vocabulary.idFields.contains(column.english) { content.textColumns.insert(index) }
        }
        return content
    }
}

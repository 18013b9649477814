import Foundation
import RotaplanDomain
import Testing

/// What a variation of a real workbook must give: exactly the original's data (the same
/// canonical `import`, byte for byte) with the warnings expected and no other, the original's
/// data changed exactly as the variation changed it (with its warning), or exit 1 with a message
/// naming the cell — never different data without a word.
enum VariationOutcome: Sendable {
    case same(warnings: [String])
    /// Teachers' subjects as the variation wrote them (the first teacher of each subject key).
    case subjectsChanged([String: String], warnings: [String])
    case refused([String])
}

struct Variation: CustomTestStringConvertible, Sendable {
    var name: String
    var outcome: VariationOutcome

    var testDescription: String { name }
}

/// docs/scenario.md "Read exactly, or refused", tried on real files: the committed scenarios as
/// workbooks LibreOffice Calc saved from their lists in Chinese, each varied by openpyxl the way
/// an office varies a list (workbook_tool.py `vary`), and read back with `rotaplan import`.
@Suite(.enabled(if: OfficeTools.all, Comment(rawValue: OfficeTools.missing)))
struct VariationTests {
    static let scenarios = ["demo", "qingyunpu-district"]

    static let variations: [Variation] = [
        Variation(name: "none", outcome: .same(warnings: [])),
        Variation(name: "spaced-headers", outcome: .same(warnings: [])),
        Variation(name: "full-width-headers", outcome: .same(warnings: [])),
        // Case 2: 是否免于交流, 是否自愿, 是否可走教, 是否农村.
        Variation(name: "shifou-headers", outcome: .same(warnings: [])),
        Variation(name: "synonym-headers", outcome: .same(warnings: [])),
        // Case 1: 历史's kind headed 类型 is the kind (qingyunpu-district has an itinerant row).
        Variation(name: "history-kind-leixing", outcome: .same(warnings: [])),
        Variation(name: "history-kind-bad", outcome: .refused(["历史!F2: 方式列：“乱写”不是有效值；应为 共同体派驻、区域交流、走教 之一。"])),
        // Case 3: serial numbers are no ids; two columns for one field are refused.
        Variation(name: "serial-bianhao", outcome: .same(warnings: ["教师!A1: “编号”列不读取：“工号”才是教师编号"])),
        Variation(
            name: "serial-xuhao",
            outcome: .same(warnings: [
                "学校!A1: “序号”列是序号，不读取", "教师!A1: “序号”列是序号，不读取", "需求!A1: “序号”列是序号，不读取", "历史!A1: “序号”列是序号，不读取",
            ])),
        Variation(name: "role-twice", outcome: .refused(["教师!E1: “角色”（E1）和“身份”（F1）两列都表示身份，请只保留一列。"])),
        Variation(name: "school-twice", outcome: .refused(["教师!C1: “学校”（C1）和“单位”（D1）两列都表示学校，请只保留一列。"])),
        // Case 4: /, —, -, 0, 无, 否 in 免于交流 and 自愿 mean no.
        Variation(name: "placeholder-marks", outcome: .same(warnings: [])),
        Variation(name: "hidden-rows", outcome: .same(warnings: ["教师: 有 3 行被隐藏（第 5、9、30 行），与其他行一样读取。"])),
        Variation(name: "footer", outcome: .same(warnings: ["自表尾“合计”起的第"])),
        Variation(
            name: "extra-columns",
            outcome: .same(warnings: [
                "“备注”列未读取。", "“联系电话”列未读取。", "“是否可走教日”列未读取。是否应为“可走教日”？",
            ])),
        Variation(name: "unheaded-column", outcome: .same(warnings: ["列有内容但没有表头，不读取。"])),
        Variation(name: "full-width-values", outcome: .same(warnings: [])),
        Variation(name: "spaced-sheet-names", outcome: .same(warnings: [])),
        Variation(
            name: "long-number-id",
            outcome: .refused([
                "教师!A2: 工号列：“3.60121198001011E+17”是 16 位以上的数字", "请将此列设置为文本格式",
            ])),
        // Case 5: subjects outside the vocabulary kept as written, with one warning.
        Variation(
            name: "unknown-subjects",
            outcome: .subjectsChanged(
                ["music": "音乐（兼）", "it": "信息技术", "morality": "道法"],
                warnings: ["学科列：以下学科不在学科表中，按原样作为单独的学科读取：“信息技术”"])),
        Variation(name: "school-by-name", outcome: .refused(["教师!C2: 学校列：“", "的名称；请填写编号。"])),
        Variation(name: "missing-sheet", outcome: .refused(["没有“需求”工作表（或 demand）", "现有工作表：设置、学校、教师、需求表", "是否应为工作表“需求表”？"])),
    ]

    /// The scenario's canonical import, the LibreOffice workbook of its Chinese lists, and every
    /// variation of it, in `root`.
    static func prepare(_ name: String, in root: URL) throws -> (canonical: URL, variations: URL) {
        let source = SpreadsheetTests.demo.deletingLastPathComponent().appendingPathComponent(name)
        let canonical = root.appendingPathComponent("canonical")
        let imported = CLI.run(["import", source.path, "-o", canonical.path])
        #expect(imported.status == 0, "\(imported.errors)")
        let workbook = root.appendingPathComponent("\(name).xlsx")
        try OfficeTools.workbook(from: try SpreadsheetTests.chineseLists(of: source, into: root.appendingPathComponent("chinese")), to: workbook)
        let variations = root.appendingPathComponent("variations")
        try FileManager.default.createDirectory(at: variations, withIntermediateDirectories: true)
        try OfficeTools.openpyxl(["vary", workbook.path, variations.path] + Self.variations.map(\.name).filter { $0 != "none" } + ["many-mistakes"])
        try FileManager.default.copyItem(at: workbook, to: variations.appendingPathComponent("none.xlsx"))
        return (canonical, variations)
    }

    /// The canonical folder's files by name.
    static func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// The canonical teachers.csv with the first teacher of each subject key given the subject as written.
    static func changingSubjects(_ data: Data, _ changes: [String: String]) throws -> Data {
        let table = try #require(CSV.table(data, file: "teachers.csv"))
        let column = try #require(table.header.firstIndex(of: "subject"))
        var done: Set<String> = []
        let rows = table.records.map { record in
            var fields = record.fields
            if let written = changes[fields[column]], done.insert(fields[column]).inserted { fields[column] = written }
            return fields
        }
        return CSV.format(header: table.header, rows: rows)
    }

    @Test(arguments: scenarios)
    func everyVariationReadsAsMeantOrIsRefusedNamingTheCell(_ scenario: String) throws {
        let root = try SpreadsheetTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (canonical, variations) = try Self.prepare(scenario, in: root)
        let expected = try Self.files(canonical)
        for variation in Self.variations {
            let out = root.appendingPathComponent("read-\(variation.name)")
            let run = CLI.run(["import", variations.appendingPathComponent("\(variation.name).xlsx").path, "-o", out.path])
            let warnings = run.errors.split(separator: "\n").filter { $0.hasPrefix("警告: ") }.map(String.init)
            switch variation.outcome {
            case .same(let expectedWarnings), .subjectsChanged(_, let expectedWarnings):
                #expect(run.status == 0, "\(variation.name): \(run.errors)")
                var wanted = expected
                if case .subjectsChanged(let changes, _) = variation.outcome {
                    wanted["teachers.csv"] = try Self.changingSubjects(expected["teachers.csv"]!, changes)
                    #expect(wanted["teachers.csv"] != expected["teachers.csv"], "\(variation.name) changes something")
                }
                let read = try Self.files(out)
                #expect(read.keys.sorted() == wanted.keys.sorted(), "\(variation.name)")
                for (name, data) in wanted where read[name] != data {
                    Issue.record("\(scenario) \(variation.name): \(name) differs from the original's canonical import")
                }
                // Every warning expected, and no other.
                #expect(warnings.count == expectedWarnings.count, "\(variation.name): \(warnings)")
                for words in expectedWarnings {
                    #expect(warnings.contains { $0.contains(words) }, "\(variation.name): no warning with \(words) in \(warnings)")
                }
            case .refused(let words):
                #expect(run.status == 1, "\(variation.name): \(run.errors)")
                #expect(!FileManager.default.fileExists(atPath: out.path), "\(variation.name): nothing written")
                let problems = run.errors.split(separator: "\n").filter { !$0.hasPrefix("警告: ") && !$0.hasPrefix("共 ") }
                #expect(problems.count == 1, "\(variation.name): \(problems)")
                for text in words {
                    #expect(run.errors.contains(text), "\(variation.name): \(run.errors)")
                }
            }
        }
    }

    /// Messages on a Chinese workbook are Chinese: every problem and warning line says what is
    /// wrong in Chinese before its English, and the count is Chinese.
    @Test func messagesOnAChineseWorkbookAreChinese() throws {
        let root = try SpreadsheetTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, variations) = try Self.prepare("demo", in: root)
        let run = CLI.run(["check", variations.appendingPathComponent("many-mistakes.xlsx").path])
        #expect(run.status == 1)
        let lines = run.errors.split(separator: "\n").map(String.init)
        // Six problems, the warnings of the same load, and the count.
        #expect(lines.filter { !$0.hasPrefix("警告: ") }.count == 7, "\(lines)")
        for line in lines.dropLast() {
            let place = line.hasPrefix("警告: ") ? String(line.dropFirst(4)) : line
            guard let colon = place.range(of: ": ") else {
                Issue.record("no place in \(line)")
                continue
            }
            let words = place[colon.upperBound...]
            let chinese = words.prefix { $0 != "(" }
            #expect(chinese.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count >= 4, "\(line)")
            #expect(!chinese.contains("expected") && !chinese.contains("column"), "English before the Chinese: \(line)")
            #expect(words.contains(" ("), "the English follows: \(line)")
        }
        #expect(lines.last?.hasPrefix("共 6 个问题：未写入任何文件。") == true, "\(lines)")
        // Expected values are listed in Chinese.
        #expect(run.errors.contains("身份列：“校长”不是有效值；应为 中层以上干部、骨干教师、后备干部、普通教师 之一。"), "\(run.errors)")
        #expect(run.errors.contains("方式列：“乱写”不是有效值；应为 共同体派驻、区域交流、走教 之一。"))
        #expect(run.errors.contains("自愿列：“也许”既不是“是”也不是“否”"))
        #expect(run.errors.contains("本校任教年限列：“十二”不是数字"))
    }

    /// Spreadsheet files rotaplan does not read, saved by LibreOffice, say "save as .xlsx" in Chinese.
    @Test func otherSpreadsheetFormatsSaySaveAsXLSXInChinese() throws {
        let root = try SpreadsheetTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let workbook = root.appendingPathComponent("安义县.xlsx")
        #expect(CLI.run(["import", SpreadsheetTests.demo.path, "-o", workbook.path]).status == 0)
        try OfficeTools.convert(workbook, to: "ods", into: root)
        try OfficeTools.convert(workbook, to: "xls", into: root)
        // WPS's own format is a compound file like .xls.
        try FileManager.default.copyItem(at: root.appendingPathComponent("安义县.xls"), to: root.appendingPathComponent("安义县.et"))
        let holder = root.appendingPathComponent("holder")
        try FileManager.default.createDirectory(at: holder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("安义县.xls"), to: holder.appendingPathComponent("scenario.xls"))
        let cases: [(String, String)] = [
            ("安义县.ods", "安义县.ods: 是 OpenDocument 表格（.ods）；rotaplan 只读取 .xlsx。请另存为 .xlsx"),
            ("安义县.xls", "安义县.xls: 是旧版 Excel 工作簿（.xls）；rotaplan 只读取 .xlsx。请另存为 .xlsx"),
            ("安义县.et", "安义县.et: 是 WPS 表格文件（.et）；rotaplan 只读取 .xlsx。请另存为 .xlsx"),
            ("holder", "scenario.xls: 是旧版 Excel 工作簿（.xls），且文件夹中没有 scenario.yaml；rotaplan 只读取 .xlsx。请另存为 .xlsx"),
        ]
        for (file, message) in cases {
            let run = CLI.run(["check", root.appendingPathComponent(file).path])
            #expect(run.status == 1, "\(file)")
            #expect(run.errors.contains(message), "\(run.errors)")
        }
    }

    /// Excel's "Unicode text" as LibreOffice saves it (UTF-16, tab-separated) reads as the CSV.
    @Test func unicodeTextSavedByLibreOfficeReadsAsTheCSV() throws {
        let root = try SpreadsheetTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let canonical = root.appendingPathComponent("demo")
        #expect(CLI.run(["import", SpreadsheetTests.demo.path, "-o", canonical.path]).status == 0)
        let unicode = root.appendingPathComponent("unicode")
        try OfficeTools.convert(
            canonical.appendingPathComponent("teachers.csv"), to: "csv:Text - txt - csv (StarCalc):9,34,65535,1", into: unicode,
            inputFilter: "Text - txt - csv (StarCalc):44,34,76,1")
        let data = try Data(contentsOf: unicode.appendingPathComponent("teachers.csv"))
        #expect(data.starts(with: [0xFF, 0xFE]), "UTF-16 with a byte-order mark")
        let copy = root.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: canonical, to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("teachers.csv"))
        try data.write(to: copy.appendingPathComponent("teachers.csv"))
        let out = root.appendingPathComponent("read")
        let run = CLI.run(["import", copy.path, "-o", out.path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("warning: teachers.csv: is UTF-16 text (Excel's \"Unicode text\"); it was read as such, tab-separated."))
        #expect(try Self.files(out) == Self.files(canonical))
    }
}

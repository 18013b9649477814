import Foundation
import RotaplanDomain
import ZIPFoundation

/// One sheet of a workbook as text cells, with the sheet's own row and column numbers.
public struct SheetCells: Sendable {
    public var name: String
    public var hidden: Bool
    /// Non-empty rows in order: the row number (1-based) and each column's text (0-based).
    public var rows: [(number: Int, cells: [Int: String])]
    /// Cells a spreadsheet program could not give a value for (a formula never calculated).
    public var problems: [Problem]
    /// Rows hidden in the sheet (by hand or by a filter).
    public var hiddenRows: Set<Int> = []
    /// Row number → the columns whose cell holds a number (not text).
    public var numberCells: [Int: Set<Int>] = [:]
}

/// Reads `.xlsx` workbooks (Office Open XML, as Excel, WPS and LibreOffice save them): shared
/// and inline strings, numbers, booleans, the saved values of formulas, dates, merged cells,
/// hidden rows and sheets. Bad input is thrown with what to do about it, in Chinese first (the
/// office's words); nothing is trusted that a spreadsheet program would not show, and an
/// archive that would inflate beyond any county's scenario is refused before it is inflated.
public enum WorkbookReader {
    /// More rows than any county's list has: a sheet this long is refused before it is read
    /// whole, so that memory stays bounded.
    public static let maximumRows = 200_000
    /// The most the parts read may inflate to, together: about ten times a city's list of teachers.
    public static let maximumInflatedBytes: Int64 = 150 * 1024 * 1024
    /// The most the parts read may inflate to relative to their packed size, together (a
    /// city's workbook inflates about 10 times; a ZIP bomb about 1,000 times).
    public static let maximumInflationRatio: Int64 = 100

    /// A problem of the workbook file itself, shown in Chinese first.
    static func failure(_ file: String, _ message: String, hint: String? = nil, chinese: String, chineseHint: String? = nil) -> ScenarioError {
        ScenarioError([Problem(file: file, message, hint: hint, chinese: chinese, chineseHint: chineseHint).shown(inChinese: true)])
    }

    static let saveAsXLSX = (
        english: "Save it as .xlsx (Excel or WPS: 另存为 → Excel 工作簿 (*.xlsx)).",
        chinese: "请另存为 .xlsx（Excel 或 WPS：文件 → 另存为 → Excel 工作簿 (*.xlsx)）。"
    )

    public static func read(_ url: URL) throws(ScenarioError) -> [SheetCells] {
        let file = url.lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw failure(file, "cannot be read.", chinese: "无法读取。")
        }
        let head = [UInt8](handle.readData(ofLength: 8))
        try? handle.close()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // An OLE2 compound file: an encrypted .xlsx, an old binary .xls or WPS's own .et.
            if (try? Data(contentsOf: url))?.range(of: Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) != nil {
                throw failure(
                    file, "is protected by a password; rotaplan cannot open it.",
                    hint: "Save a copy without a password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it; WPS: 文件 → 文档加密).",
                    chinese: "设有密码保护，rotaplan 无法打开。",
                    chineseHint: "请另存一份不设密码的副本（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码；WPS：文件 → 文档加密）。")
            }
            if ["et", "ett"].contains(url.pathExtension.lowercased()) {
                throw failure(
                    file, "is a WPS spreadsheet (.et); rotaplan reads .xlsx.", hint: saveAsXLSX.english,
                    chinese: "是 WPS 表格文件（.et）；rotaplan 只读取 .xlsx。", chineseHint: saveAsXLSX.chinese)
            }
            throw failure(
                file, "is an old binary Excel workbook (.xls); rotaplan reads .xlsx.", hint: saveAsXLSX.english,
                chinese: "是旧版 Excel 工作簿（.xls）；rotaplan 只读取 .xlsx。", chineseHint: saveAsXLSX.chinese)
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw failure(
                file, "is not an .xlsx workbook (it is not a ZIP archive).", hint: "Save it from Excel, WPS or LibreOffice as .xlsx.",
                chinese: "不是 .xlsx 工作簿（不是 ZIP 压缩包）。", chineseHint: saveAsXLSX.chinese)
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw failure(
                file, "is damaged: its ZIP archive cannot be read (\(error)).", hint: "Open it in Excel or WPS and save it again.",
                chinese: "文件已损坏：无法读取其 ZIP 压缩包（\(error)）。", chineseHint: "请用 Excel 或 WPS 打开后重新保存。")
        }
        if archive["xl/workbook.xml"] == nil && (archive["content.xml"] != nil || archive["mimetype"] != nil) {
            throw failure(
                file, "is an OpenDocument spreadsheet (.ods); rotaplan reads .xlsx.", hint: saveAsXLSX.english,
                chinese: "是 OpenDocument 表格（.ods）；rotaplan 只读取 .xlsx。", chineseHint: saveAsXLSX.chinese)
        }
        var inflater = try Inflater(archive: archive, file: file)
        guard let workbook = try inflater.part("xl/workbook.xml") else {
            throw failure(
                file, "is not a spreadsheet workbook (it has no xl/workbook.xml).", hint: "Save it from Excel, WPS or LibreOffice as .xlsx.",
                chinese: "不是电子表格工作簿（缺少 xl/workbook.xml）。", chineseHint: saveAsXLSX.chinese)
        }
        let targets = relationships(try inflater.part("xl/_rels/workbook.xml.rels") ?? [])
        let strings = sharedStrings(try inflater.part("xl/sharedStrings.xml") ?? [])
        let styles = cellStyles(try inflater.part("xl/styles.xml") ?? [])
        var sheets: [SheetCells] = []
        var scanner = XMLScanner(workbook)
        while let event = scanner.next() {
            guard case .start("sheet", let attributes, _) = event, let name = attributes["name"], let id = attributes["id"],
                let target = targets[id]
            else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let bytes = try inflater.part(path, sheet: name) else {
                throw failure(file, "is damaged: sheet \(name) has no part \(path).", chinese: "文件已损坏：工作表“\(name)”缺少 \(path)。")
            }
            sheets.append(
                sheet(
                    bytes, name: name, hidden: attributes["state"] == "hidden" || attributes["state"] == "veryHidden",
                    strings: strings, styles: styles))
        }
        return sheets
    }

    /// Relationship ids → targets (xl/_rels/workbook.xml.rels).
    static func relationships(_ bytes: [UInt8]) -> [String: String] {
        var targets: [String: String] = [:]
        var scanner = XMLScanner(bytes)
        while let event = scanner.next() {
            if case .start("Relationship", let attributes, _) = event, let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target
            }
        }
        return targets
    }

    /// The shared strings, each the text of its runs (phonetic guides left out).
    static func sharedStrings(_ bytes: [UInt8]) -> [String] {
        var strings: [String] = []
        var scanner = XMLScanner(bytes)
        var current = ""
        var inText = false
        var phonetic = 0
        while let event = scanner.next() {
            switch event {
            case .start("si", _, let selfClosing):
                current = ""
                if selfClosing { strings.append("") }
            case .end("si"):
                strings.append(current)
            case .start("rPh", _, false):
                phonetic += 1
            case .end("rPh"):
                phonetic -= 1
            case .start("t", _, let selfClosing):
                inText = !selfClosing
            case .end("t"):
                inText = false
            case .text(let text) where inText && phonetic == 0:
                current += text
            default:
                break
            }
        }
        return strings
    }

    /// What the cell styles do to a number: show it as a date, or as literal words (LibreOffice
    /// saves a TRUE it computed as 1 in the format `"TRUE";"TRUE";"FALSE"`).
    struct CellStyles {
        var dates: Set<Int> = []
        /// Style index → the words shown for a positive, a negative and a zero number.
        var words: [Int: [String]] = [:]

        /// A number as the style shows it: a date as `2024-05-01`, a number in a words format as the word.
        func shown(_ number: Double, style: Int) -> String? {
            if dates.contains(style) { return WorkbookReader.isoDate(serial: number) }
            if let words = words[style] { return number > 0 ? words[0] : number < 0 ? words[1] : words[2] }
            return nil
        }
    }

    static func cellStyles(_ bytes: [UInt8]) -> CellStyles {
        var customDates: Set<Int> = []
        var customWords: [Int: [String]] = [:]
        var styles = CellStyles()
        var scanner = XMLScanner(bytes)
        var inCellFormats = false
        var index = 0
        while let event = scanner.next() {
            switch event {
            case .start("numFmt", let attributes, _):
                guard let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] else { break }
                if let words = wordsFormat(code) {
                    customWords[id] = words
                } else if isDateFormat(code) {
                    customDates.insert(id)
                }
            case .start("cellXfs", _, _):
                inCellFormats = true
            case .end("cellXfs"):
                inCellFormats = false
            case .start("xf", let attributes, _) where inCellFormats:
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                if (14...22).contains(id) || (45...47).contains(id) || customDates.contains(id) { styles.dates.insert(index) }
                if let words = customWords[id] { styles.words[index] = words }
                index += 1
            default:
                break
            }
        }
        return styles
    }

    /// The words of a format whose three sections are quoted text only, e.g. `"TRUE";"TRUE";"FALSE"`.
    static func wordsFormat(_ code: String) -> [String]? {
        let sections = code.split(separator: ";", omittingEmptySubsequences: false)
        guard sections.count == 3 else { return nil }
        let words = sections.compactMap { section -> String? in
            guard section.count >= 2, section.first == "\"", section.last == "\"" else { return nil }
            let word = section.dropFirst().dropLast()
            return word.contains("\"") ? nil : String(word)
        }
        return words.count == 3 ? words : nil
    }

    /// Whether a number format shows a date or time: a d, m, y, h or s outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracketed = false
        for character in code.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[": bracketed = true
            case "]": bracketed = false
            case "d", "m", "y", "h", "s":
                if !quoted && !bracketed { return true }
            default: break
            }
        }
        return false
    }

    /// A sheet's cells as text: numbers as written, dates as `2024-05-01`, booleans (and numbers
    /// in a TRUE/FALSE format) as TRUE or FALSE, formulas by their saved value; merged cells take their first cell's value.
    static func sheet(_ bytes: [UInt8], name: String, hidden: Bool, strings: [String], styles: CellStyles) -> SheetCells {
        var rows: [Int: [Int: String]] = [:]
        var hiddenRows: Set<Int> = []
        var numberCells: [Int: Set<Int>] = [:]
        var problems: [Problem] = []
        var merges: [(from: (row: Int, column: Int), to: (row: Int, column: Int))] = []
        var scanner = XMLScanner(bytes)
        var row = 0
        var column = -1
        var cell: (reference: String, type: String?, style: Int, formula: Bool, value: String?, text: String)?
        var reading: String?
        while let event = scanner.next() {
            switch event {
            case .start("row", let attributes, _):
                row = attributes["r"].flatMap(Int.init) ?? row + 1
                column = -1
                if attributes["hidden"] == "1" || attributes["hidden"] == "true" { hiddenRows.insert(row) }
            case .start("c", let attributes, let selfClosing):
                let reference = attributes["r"] ?? ""
                if let parsed = CellReference(reference) {
                    column = parsed.column
                    row = parsed.row
                } else {
                    column += 1
                }
                cell = (CellReference.name(row: row, column: column), attributes["t"], attributes["s"].flatMap(Int.init) ?? 0, false, nil, "")
                if selfClosing { cell = nil }
            case .start("f", _, _):
                cell?.formula = true
            case .start("v", _, false):
                reading = "v"
            case .start("t", _, false):
                reading = "t"
            case .end("v"), .end("t"):
                reading = nil
            case .text(let text):
                if reading == "v", cell != nil { cell!.value = (cell!.value ?? "") + text }
                if reading == "t" { cell?.text += text }
            case .end("c"):
                defer { cell = nil }
                guard let current = cell else { continue }
                var value: String?
                var isNumber = false
                switch current.type {
                case "s": value = current.value.flatMap(Int.init).flatMap { $0 < strings.count ? strings[$0] : nil }
                case "inlineStr": value = current.text
                case "b": value = current.value.map { $0 == "1" ? "TRUE" : "FALSE" }
                case "str", "e": value = current.value
                default:
                    value = current.value
                    if let number = value.flatMap(Double.init) {
                        if let shown = styles.shown(number, style: current.style) { value = shown } else { isNumber = true }
                    }
                }
                if current.formula && current.value == nil && current.type != "inlineStr" {
                    problems.append(
                        Problem(
                            file: name, "is a formula whose value was never saved; rotaplan reads the values a spreadsheet shows.",
                            hint: "Open the workbook in Excel, WPS or LibreOffice and save it again (they save the values).", cell: current.reference,
                            chinese: "是公式，但没有保存计算结果；rotaplan 读取电子表格显示的值。",
                            chineseHint: "请用 Excel、WPS 或 LibreOffice 打开工作簿后重新保存（它们会保存计算结果）。"
                        ).shown(inChinese: true))
                    continue
                }
                let text = CSV.trimmed(value ?? "")
                if !text.isEmpty { rows[row, default: [:]][column] = text }
                if isNumber { numberCells[row, default: []].insert(column) }
            case .start("mergeCell", let attributes, _):
                let parts = (attributes["ref"] ?? "").split(separator: ":").compactMap { CellReference(String($0)) }
                if parts.count == 2 { merges.append(((parts[0].row, parts[0].column), (parts[1].row, parts[1].column))) }
            default:
                break
            }
        }
        for merge in merges {
            guard let value = rows[merge.from.row]?[merge.from.column] else { continue }
            for mergedRow in merge.from.row...max(merge.from.row, merge.to.row) {
                for mergedColumn in merge.from.column...max(merge.from.column, merge.to.column) where rows[mergedRow]?[mergedColumn] == nil {
                    rows[mergedRow, default: [:]][mergedColumn] = value
                }
            }
        }
        let ordered = rows.keys.sorted().map { (number: $0, cells: rows[$0]!) }
        return SheetCells(name: name, hidden: hidden, rows: ordered, problems: problems, hiddenRows: hiddenRows, numberCells: numberCells)
    }

    /// A spreadsheet date serial (days since 1899-12-30) as `yyyy-mm-dd`.
    static func isoDate(serial: Double) -> String {
        let date = Date(timeIntervalSince1970: (serial - 25_569) * 86_400)
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }
}

/// A cell reference such as `E14`: column letters and a row number.
struct CellReference {
    var row: Int
    /// 0-based.
    var column: Int

    init?(_ text: String) {
        var column = 0
        var digits = ""
        for character in text {
            if let ascii = character.asciiValue, (65...90).contains(ascii) || (97...122).contains(ascii), digits.isEmpty {
                column = column * 26 + Int((ascii & 0xDF) - 64)
            } else if character.isNumber {
                digits.append(character)
            } else if character != "$" {
                return nil
            }
        }
        guard column > 0, let row = Int(digits) else { return nil }
        self.row = row
        self.column = column - 1
    }

    /// Column letters of a 0-based column: 0 → A, 26 → AA.
    static func letters(_ column: Int) -> String {
        var number = column + 1
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }

    static func name(row: Int, column: Int) -> String {
        letters(column) + String(row)
    }
}

import Foundation

/// One record of a table with its row number (the header is row 1).
public struct CSVRecord: Sendable {
    public var number: Int
    public var fields: [String]
    /// For a sheet: the positions whose cell was a number (an id typed as one may have lost digits).
    public var numberCells: Set<Int>

    public init(number: Int, fields: [String], numberCells: Set<Int> = []) {
        self.number = number
        self.fields = fields
        self.numberCells = numberCells
    }
}

/// A table of a scenario: a CSV file (RFC 4180 quoting, UTF-8 with an optional BOM, header row
/// first) or a sheet of a workbook, whose problems name the cell (`教师!E14`).
public struct CSVTable: Sendable {
    /// The name problems give: the file (`teachers.csv`) or the sheet (`教师`).
    public var file: String
    public var header: [String]
    public var records: [CSVRecord]
    /// For a sheet: each header position's column letters (`A`, `B`, …, `AA`).
    public var columnLetters: [String]?
    /// The row the header stands on (a sheet may have title rows above it).
    public var headerRow: Int
    private var columnIndex: [String: Int]

    public init(file: String, header: [String], records: [CSVRecord], columnLetters: [String]? = nil, headerRow: Int = 1) {
        self.file = file
        self.header = header
        self.records = records
        self.columnLetters = columnLetters
        self.headerRow = headerRow
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.columnIndex = index
    }

    /// The table with its headers written in English: `姓名` read as `name`, `是否自愿` as
    /// `volunteer` (`Vocabulary.field(ofHeader:in:)`); headers that name no column stay as they are.
    public func withEnglishHeader(for table: String) -> CSVTable {
        CSVTable(
            file: file, header: header.map { Vocabulary.field(ofHeader: $0, in: table) ?? $0 }, records: records,
            columnLetters: columnLetters, headerRow: headerRow)
    }

    /// For a sheet, the cell at `position` in row `row` (`E14`); nil for a CSV file.
    public func cell(row: Int?, position: Int?) -> String? {
        guard let letters = columnLetters, let row else { return nil }
        guard let position, position < letters.count else { return "\(row)" }
        return "\(letters[position])\(row)"
    }

    /// Whether the table is written in Chinese (a sheet with a Chinese name, or more of the
    /// headers that name columns written in Chinese than in English): then its messages are too.
    public var isChinese: Bool {
        if WrittenText.isChinese(file) { return true }
        let known = header.filter { header in Vocabulary.tableColumns.keys.contains { Vocabulary.field(ofHeader: header, in: $0) != nil } }
        let chinese = known.count(where: WrittenText.isChinese)
        return chinese > known.count - chinese
    }

    public func hasColumn(_ name: String) -> Bool { columnIndex[name] != nil }

    /// The trimmed value of `column` in `record`, or "" when the column is absent.
    public func value(_ record: CSVRecord, _ column: String) -> String {
        guard let position = columnIndex[column], position < record.fields.count else { return "" }
        return record.fields[position]
    }
}

/// Reads and writes CSV the way spreadsheet programs produce and expect it.
public enum CSV {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A CSV file rotaplan wrote (a comparison, objections) read back for a page: the records
    /// that can be read (a comparison repeats the column name `gap`, which scenario files may not).
    public static func table(_ data: Data, file: String) -> CSVTable? {
        var problems = ProblemList()
        var warnings: [Problem] = []
        return parse(data, file: file, problems: &problems, warnings: &warnings)
    }

    /// Parses `data`; structural problems (not UTF-8 nor GB18030, ragged rows, open quotes) are
    /// reported as problems of `file`, and the records that could be read are still returned. A
    /// file in GB18030 (what Chinese Excel and WPS save as CSV) is read, with a warning, and so
    /// is Excel's "Unicode text" (UTF-16, tab-separated).
    static func parse(_ data: Data, file: String, problems: inout ProblemList, warnings: inout [Problem]) -> CSVTable? {
        guard var bytes = text(data, file: file, problems: &problems, warnings: &warnings) else { return nil }
        // Excel's "Text (tab delimited)" and "Unicode text" separate fields by tabs: a header with
        // tabs and no comma is such a file.
        let headerEnd = bytes.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.count
        let separator: UInt8 = bytes[..<headerEnd].contains(0x09) && !bytes[..<headerEnd].contains(0x2C) ? 0x09 : 0x2C
        var rawRecords: [[String]] = []
        var openQuoteRecord: Int?
        splitRecords(bytes, separator: separator, into: &rawRecords, openQuoteRecord: &openQuoteRecord, problems: &problems, file: file)
        bytes = []
        if let row = openQuoteRecord {
            problems.add(file, row: row, "a quoted field is never closed (missing '\"').", zh: "引号中的内容没有结束（缺少 '\"'）。")
        }
        guard let headerFields = rawRecords.first, !(headerFields.count == 1 && headerFields[0].isEmpty) else {
            problems.add(file, "is empty: expected a header row and at least one record.", zh: "文件是空的：应有一行表头和至少一行数据。")
            return nil
        }
        let header = headerFields.map(Self.trimmed)
        var records: [CSVRecord] = []
        for (offset, fields) in rawRecords.enumerated().dropFirst() {
            let number = offset + 1
            if fields.allSatisfy({ trimmed($0).isEmpty }) { continue }  // a blank line, or a row of separators
            if fields.count != header.count {
                problems.add(
                    file, row: number,
                    "has \(fields.count) fields but the header has \(header.count).",
                    hint: "Check for a missing comma, or a comma inside a value that needs \"quotes\".",
                    zh: "这一行有 \(fields.count) 个字段，表头有 \(header.count) 个。", zhHint: "请检查是否少了逗号，或值中的逗号需要加英文双引号。")
                continue
            }
            records.append(CSVRecord(number: number, fields: fields.map(Self.trimmed)))
        }
        return CSVTable(file: file, header: header, records: records)
    }

    /// The file's text as UTF-8 bytes without a byte-order mark: UTF-8 as it is, UTF-16 with a
    /// byte-order mark (Excel's "Unicode text") and GB18030 converted, each with a warning.
    static func text(_ data: Data, file: String, problems: inout ProblemList, warnings: inout [Problem]) -> [UInt8]? {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let decoded = String(data: Data(bytes.dropFirst(2)), encoding: encoding) else {
                problems.add(
                    file, "starts as UTF-16 text but is not valid UTF-16.", hint: "Save it as 'CSV UTF-8'.",
                    zh: "文件开头标明为 UTF-16 文本，但内容不是有效的 UTF-16。", zhHint: "请另存为“CSV UTF-8（逗号分隔）”。")
                return nil
            }
            warnings.append(
                Problem(
                    file: file, "is UTF-16 text (Excel's \"Unicode text\"); it was read as such, tab-separated.",
                    hint: "Saving it as 'CSV UTF-8' avoids the guess.",
                    chinese: "是 UTF-16 文本（Excel 的“Unicode 文本”），已按制表符分隔读取。", chineseHint: "另存为“CSV UTF-8（逗号分隔）”可免去猜测。"))
            return Array(decoded.utf8)
        }
        if bytes.starts(with: byteOrderMark) { bytes.removeFirst(3) }
        guard let bad = firstInvalidUTF8(bytes) else { return bytes }
        if let decoded = GB18030.decode(bytes) {
            warnings.append(
                Problem(
                    file: file, "is not UTF-8; it was read as GB18030, the encoding Chinese Excel and WPS use for CSV.",
                    hint: "Saving it as 'CSV UTF-8' avoids the guess.",
                    chinese: "不是 UTF-8 编码，已按 GB18030（中文版 Excel 和 WPS 保存 CSV 时的编码）读取。",
                    chineseHint: "另存为“CSV UTF-8（逗号分隔）”可免去猜测。"))
            return Array(decoded.utf8)
        }
        let line = bytes[..<bad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        problems.add(
            file, row: nil,
            "is neither UTF-8 nor GB18030 text (first bad byte on line \(line), byte \(bad + 1)).",
            hint: "Save it as 'CSV UTF-8' (Excel: Save As → CSV UTF-8; WPS: 另存为 → CSV UTF-8).",
            zh: "既不是 UTF-8 也不是 GB18030 文本（第 \(line) 行、第 \(bad + 1) 个字节无法识别）。",
            zhHint: "请另存为“CSV UTF-8（逗号分隔）”（Excel：另存为 → CSV UTF-8；WPS：另存为 → CSV UTF-8）。")
        return nil
    }

    /// Splits bytes into records of fields; delimiters are ASCII, so bytes are safe to scan.
    private static func splitRecords(
        _ bytes: [UInt8], separator comma: UInt8, into records: inout [[String]], openQuoteRecord: inout Int?,
        problems: inout ProblemList, file: String
    ) {
        let quote: UInt8 = 0x22
        let newline: UInt8 = 0x0A
        let carriageReturn: UInt8 = 0x0D
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        var inQuotes = false
        var fieldWasQuoted = false
        var quotedStartRecord = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(fields)
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        field.append(quote)
                        index += 2
                        continue
                    }
                    inQuotes = false
                    index += 1
                    if index < bytes.count, ![comma, newline, carriageReturn].contains(bytes[index]) {
                        problems.add(
                            file, row: records.count + 1,
                            "text follows a closing quote; inside quotes write a quote as \"\".",
                            zh: "结束引号后还有文字；引号内的引号请写成 \"\"。")
                        // Keep reading the rest as part of the field.
                    }
                    continue
                }
                field.append(byte)
                index += 1
                continue
            }
            switch byte {
            case quote where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quotedStartRecord = records.count + 1
                index += 1
            case comma:
                endField()
                index += 1
            case carriageReturn:
                endRecord()
                index += (index + 1 < bytes.count && bytes[index + 1] == newline) ? 2 : 1
            case newline:
                endRecord()
                index += 1
            default:
                field.append(byte)
                index += 1
            }
        }
        if inQuotes { openQuoteRecord = quotedStartRecord }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
    }

    /// A field without the spaces around it, the ideographic space (U+3000) included.
    /// (Unicode's White_Space property: what `CharacterSet.whitespacesAndNewlines` holds, without
    /// building a set for every field.)
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return text }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end && isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// Byte offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }

    /// Formats rows as CSV text; fields that need it are quoted. `forPeople` marks a file that
    /// people open in a spreadsheet: a text field that would run as a formula is kept as text
    /// (`SpreadsheetText`); files rotaplan reads back are written as they are.
    public static func format(header: [String], rows: [[String]], byteOrderMark: Bool = false, forPeople: Bool = false) -> Data {
        var text = ""
        func append(_ fields: [String]) {
            text += fields.map { quoteIfNeeded(forPeople ? SpreadsheetText.safe($0) : $0) }.joined(separator: ",")
            text += "\n"
        }
        append(header)
        for row in rows { append(row) }
        var data = Data()
        if byteOrderMark { data.append(contentsOf: Self.byteOrderMark) }
        data.append(contentsOf: Array(text.utf8))
        return data
    }

    static func quoteIfNeeded(_ field: String) -> String {
        let needsQuotes =
            field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Text a spreadsheet program would run as a formula, made inert.
///
/// Excel, WPS and LibreOffice evaluate a cell that begins with `=`, `+`, `-` or `@` (and may
/// treat a leading tab or carriage return the same way), so a teacher named `=HYPERLINK(…)`
/// could run in the bureau's office. Such text gets a leading apostrophe, which the programs
/// show as text; a number such as `-3.5`, and a lone `-` (none), stay as they are.
public enum SpreadsheetText {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether `text` would be run as a formula.
    public static func isFormulaLike(_ text: String) -> Bool {
        guard let first = text.first, triggers.contains(first) else { return false }
        // A lone dash, "none" in a table, is shown as typed; a number stays a number.
        return text != "-" && Double(text) == nil
    }

    /// `text`, with an apostrophe in front when it would run as a formula.
    public static func safe(_ text: String) -> String {
        isFormulaLike(text) ? "'" + text : text
    }
}

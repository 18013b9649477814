/// What a field should hold, in the words of both languages: `a whole number of years from 0
/// to 60` and `0 到 60 的整数（年数）`.
struct Expected {
    var english: String
    var chinese: String

    init(_ english: String, _ chinese: String) {
        self.english = english
        self.chinese = chinese
    }
}

/// Typed access to a table's fields (a CSV file or a sheet), by field name whatever the header
/// says (`ColumnHeaders`), recording every problem it meets with the cell it is in.
struct TableReader {
    let table: CSVTable
    /// The table as the scenario knows it: `teachers.csv`.
    let name: String
    /// The records to read: up to a footer (`Footer`).
    let records: [CSVRecord]
    private let headers: ColumnHeaders

    var file: String { table.file }

    /// Free text, kept as written; every other field is NFKC-normalised (`１２` is 12).
    static let freeText: Set<String> = ["name", "title", "exempt", "note", "subject"]

    init(table: CSVTable, as name: String, required: [String], problems: inout ProblemList) {
        self.table = table
        self.name = name
        headers = ColumnHeaders(table, as: name, problems: &problems)
        records = Footer.cut(table, records: table.records, problems: &problems)
        let unread = table.header.enumerated().filter { position, header in
            !header.isEmpty && !headers.positions.values.contains(position)
        }.map(\.element)
        // A required column missing is a problem; its rows' checks are skipped (`text` finds no
        // position for it), as are those of a column named twice.
        for column in required where headers.positions[column] == nil && !headers.ambiguous.contains(column) {
            let chinese = Vocabulary.chineseHeader(column, in: name)
            var problem = Problem(
                file: table.file, row: table.columnLetters == nil ? table.headerRow : nil, column: column, "is missing from the header (required).",
                hint: "Columns found: \(table.header.filter { !$0.isEmpty }.joined(separator: ", ")).",
                chinese: "表头中没有此列（必填）。",
                chineseHint: "已有的列：\(WrittenText.chineseList(table.header.filter { !$0.isEmpty }))。", header: chinese)
            if let close = Suggestion.closest(to: column, among: unread) ?? Suggestion.closest(to: chinese, among: unread) {
                problem.hint = "Maybe the column '\(close)' is meant?"
                problem.chineseHint = "也许是“\(close)”列？"
            }
            problems.add(problem)
        }
    }

    /// Whether the table has the column.
    func has(_ field: String) -> Bool { headers.positions[field] != nil }

    /// The field's text as written (trimmed), or "" when the column is absent.
    func raw(_ record: CSVRecord, _ field: String) -> String {
        guard let position = headers.positions[field], position < record.fields.count else { return "" }
        return record.fields[position]
    }

    /// The column's header as the file writes it, or its Chinese name when it has none.
    func header(_ field: String) -> String {
        headers.positions[field].map { table.header[$0] } ?? Vocabulary.chineseHeader(field, in: name)
    }

    /// A problem of one field of one row: `teachers.csv:14: column role: …` or `教师!E14: …`.
    func problem(
        _ row: Int, _ field: String?, _ message: String, hint: String? = nil, chinese: String, chineseHint: String? = nil
    ) -> Problem {
        Problem(
            file: table.file, row: row, column: field, message, hint: hint,
            cell: table.cell(row: row, position: field.flatMap { headers.positions[$0] }), chinese: chinese, chineseHint: chineseHint,
            header: field.map(header))
    }

    /// The field's text; nil when empty. A required empty field is a problem. Codes and numbers
    /// come NFKC-normalised; an id in a number cell of 16 digits or more is a problem (a
    /// spreadsheet keeps 15 significant digits).
    /// (`expected` is built only for a problem: reading a city's lists calls this a million times.)
    func text(
        _ record: CSVRecord, _ field: String, required: Bool = false,
        expected: @autoclosure () -> Expected = Expected("a value", "内容"), problems: inout ProblemList
    ) -> String? {
        // A column absent, or named twice (bad input already), has no values to read.
        guard let position = headers.positions[field] else { return nil }
        let value = position < record.fields.count ? record.fields[position] : ""
        if value.isEmpty {
            if required {
                let expected = expected()
                problems.add(problem(record.number, field, "is empty; expected \(expected.english).", chinese: "为空；应填写\(expected.chinese)。"))
            }
            return nil
        }
        if Vocabulary.idFields.contains(field), Self.lostDigits(value, numberCell: record.numberCells.contains(position)) {
            // A number cell shown as a spreadsheet holds it: 15 significant digits.
            let value = record.numberCells.contains(position) ? Self.fifteenDigits(value) : value
            problems.add(
                problem(
                    record.number, field,
                    "'\(value)' is a number of 16 or more digits, of which a spreadsheet keeps only the first 15; the id has lost digits.",
                    hint: "Save the column as text (format the cells as Text, 文本) and type the ids again.",
                    chinese: "“\(value)”是 16 位以上的数字，电子表格只保留前 15 位有效数字，编号已丢失末尾数字。",
                    chineseHint: "请将此列设置为文本格式（设置单元格格式 → 文本）后重新输入编号。"))
            return nil
        }
        return Self.freeText.contains(field) ? value : WrittenText.normalized(value)
    }

    /// Whether an id was written as a number too long for a spreadsheet: a number cell of 16
    /// or more digits, or (in a CSV file Excel saved) such a number in exponent form.
    static func lostDigits(_ value: String, numberCell: Bool) -> Bool {
        let exponent = value.contains { $0 == "E" || $0 == "e" } && value.first?.isNumber == true
        guard numberCell || exponent, let number = Double(value) else { return false }
        return abs(number) >= 1e15
    }

    /// A number with the 15 significant digits a spreadsheet keeps: `3.60121198001011E+17`.
    static func fifteenDigits(_ text: String) -> String {
        guard let number = Double(text) else { return text }
        let shown = String(format: "%.14E", number)
        guard let exponent = shown.firstIndex(of: "E") else { return shown }
        var mantissa = String(shown[..<exponent])
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        return mantissa + shown[exponent...]
    }

    /// A whole number in `range`; nil (with a problem) when the field is not one.
    func integer(
        _ record: CSVRecord, _ field: String, _ range: ClosedRange<Int>, required: Bool = true,
        unit: Expected = Expected("", ""), problems: inout ProblemList
    ) -> Int? {
        let expected = {
            Expected(
                "a whole number\(unit.english) from \(range.lowerBound) to \(range.upperBound)",
                "\(range.lowerBound) 到 \(range.upperBound) 的整数\(unit.chinese.isEmpty ? "" : "（\(unit.chinese)）")")
        }
        guard let text = text(record, field, required: required, expected: expected(), problems: &problems) else {
            return nil
        }
        // A spreadsheet may store a whole number as 6.0.
        guard let value = Int(text) ?? Double(text).flatMap({ $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }) else {
            let expected = expected()
            let (message, chinese) =
                Double(text) != nil
                ? ("'\(text)' is not a whole number", "“\(text)”不是整数") : notANumber(text)
            problems.add(
                problem(
                    record.number, field, "\(message); expected \(expected.english).", hint: dateHint(text).english,
                    chinese: "\(chinese)；应为\(expected.chinese)。", chineseHint: dateHint(text).chinese))
            return nil
        }
        guard range.contains(value) else {
            let expected = expected()
            let (message, chinese) = value < 0 ? ("'\(text)' is negative", "“\(text)”是负数") : ("'\(text)' is out of range", "“\(text)”超出范围")
            problems.add(problem(record.number, field, "\(message); expected \(expected.english).", chinese: "\(chinese)；应为\(expected.chinese)。"))
            return nil
        }
        return value
    }

    /// A workbook gives a date cell as `yyyy-mm-dd`; no column of a scenario holds a date.
    private func isDate(_ text: String) -> Bool {
        text.utf8.count == 10 && text.split(separator: "-").map(\.count) == [4, 2, 2] && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
    }

    private func notANumber(_ text: String) -> (String, String) {
        isDate(text) ? ("'\(text)' is a date, not a number", "“\(text)”是日期，不是数字") : ("'\(text)' is not a number", "“\(text)”不是数字")
    }

    private func dateHint(_ text: String) -> (english: String?, chinese: String?) {
        guard isDate(text) else { return (nil, nil) }
        return (
            "The cell is formatted as a date; format it as a number (常规 or 数值) and type the number again.",
            "该单元格是日期格式；请改为“常规”或“数值”格式后重新输入数字。"
        )
    }

    /// A finite number in `range`.
    func number(
        _ record: CSVRecord, _ field: String, _ range: ClosedRange<Double>, what: Expected,
        problems: inout ProblemList
    ) -> Double? {
        let expected = {
            Expected(
                "\(what.english) from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))",
                "\(formatNumber(range.lowerBound)) 到 \(formatNumber(range.upperBound)) 的\(what.chinese)")
        }
        guard let text = text(record, field, required: true, expected: expected(), problems: &problems) else {
            return nil
        }
        guard let value = Double(text), value.isFinite else {
            let expected = expected()
            let (message, chinese) = notANumber(text)
            problems.add(
                problem(
                    record.number, field, "\(message); expected \(expected.english).", hint: dateHint(text).english,
                    chinese: "\(chinese)；应为\(expected.chinese)。", chineseHint: dateHint(text).chinese))
            return nil
        }
        guard range.contains(value) else {
            let expected = expected()
            problems.add(
                problem(
                    record.number, field, "'\(text)' is out of range; expected \(expected.english).",
                    chinese: "“\(text)”超出范围；应为\(expected.chinese)。"))
            return nil
        }
        return value
    }

    /// Yes or no (是/否, 有/无, TRUE/FALSE, 1/0; `/`, `-`, `—` for no); `defaultValue` when empty
    /// or the column is absent.
    func yesNo(_ record: CSVRecord, _ field: String, default defaultValue: Bool, problems: inout ProblemList) -> Bool {
        guard let text = text(record, field, problems: &problems) else { return defaultValue }
        guard let value = Vocabulary.yesNo(text) else {
            problems.add(
                problem(
                    record.number, field, "'\(text)' is not yes or no; expected yes, no, 是 or 否.",
                    chinese: "“\(text)”既不是“是”也不是“否”；应填 是 或 否（也可填 有/无、1/0，空白为默认）。"))
            return defaultValue
        }
        return value
    }

    /// One of `values`' codes, written as a code, its Chinese name or another form; with a
    /// spelling hint when it is none.
    func code(
        _ record: CSVRecord, _ field: String, in values: CodedValues, required: Bool = true,
        problems: inout ProblemList
    ) -> String? {
        let expected = { Expected("one of " + values.codes.joined(separator: ", "), " \(WrittenText.chineseList(values.names)) 之一") }
        guard let text = text(record, field, required: required, expected: expected(), problems: &problems) else {
            return nil
        }
        guard let code = values.code(text) else {
            let expected = expected()
            problems.add(
                problem(
                    record.number, field, "'\(text)' is not valid; expected \(expected.english).",
                    hint: Suggestion.hint(for: text, among: values.writtenForms),
                    chinese: "“\(text)”不是有效值；应为\(expected.chinese)。",
                    chineseHint: Suggestion.chineseHint(for: text, among: values.writtenForms)))
            return nil
        }
        return code
    }

    /// An enum case named by one of `values`' forms (`values` restricted to the enum's cases).
    func choice<Value: RawRepresentable>(
        _ record: CSVRecord, _ field: String, as type: Value.Type, values: CodedValues, required: Bool = true,
        problems: inout ProblemList
    ) -> Value? where Value.RawValue == String {
        code(record, field, in: values, required: required, problems: &problems).flatMap(Value.init(rawValue:))
    }

    /// A reference to a known id (a school or teacher), with a spelling hint when unknown and
    /// the id when the name was written instead.
    func reference(
        _ record: CSVRecord, _ field: String, in index: [String: Int], names: [String: [String]], what: Referent,
        required: Bool = true, problems: inout ProblemList
    ) -> Int? {
        guard
            let text = text(
                record, field, required: required,
                expected: Expected("\(what.english) id from \(what.source)", "\(WrittenText.chineseTable(what.source))中的\(what.chinese)编号"),
                problems: &problems)
        else {
            return nil
        }
        if let found = index[text] { return found }
        if let ids = names[text] ?? names[raw(record, field)] {
            let listed = WrittenText.shortList(ids)
            problems.add(
                problem(
                    record.number, field,
                    ids.count == 1
                        ? "'\(text)' is the name of \(ids[0]); write the id."
                        : "'\(text)' is the name of \(ids.count) \(what.plural) (\(listed.english)); write the id.",
                    chinese: ids.count == 1
                        ? "“\(text)”是 \(ids[0]) 的名称；请填写编号。"
                        : "“\(text)”是 \(ids.count) 个\(what.chinese)的名称（\(listed.chinese)）；请填写编号。"))
            return nil
        }
        problems.add(
            problem(
                record.number, field, "'\(text)' is not \(what.english) in \(what.source).",
                hint: Suggestion.hint(for: text, among: index.keys.sorted()),
                chinese: "“\(text)”不是\(WrittenText.chineseTable(what.source))中的\(what.chinese)编号。",
                chineseHint: Suggestion.chineseHint(for: text, among: index.keys.sorted())))
        return nil
    }
}

/// What a reference names: a school of the schools table or a teacher of the teachers table.
struct Referent {
    var english: String
    var plural: String
    var chinese: String
    /// The table the ids come from: `schools.csv` or `学校`.
    var source: String

    static func school(_ source: String) -> Referent { Referent(english: "a school", plural: "schools", chinese: "学校", source: source) }
    static func teacher(_ source: String) -> Referent { Referent(english: "a teacher", plural: "teachers", chinese: "教师", source: source) }
}

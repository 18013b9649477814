/// Which position of a table holds which field, found once from its header row as offices
/// write it (docs/scenario.md "Read exactly, or refused"): headers matched after NFKC with
/// spaces removed and a leading 是否 for yes/no columns; every column not read named in a
/// warning; two columns that mean one field bad input naming both; 序号 (and 编号 beside 工号)
/// never an id.
struct ColumnHeaders {
    /// Field → position, for the fields read.
    private(set) var positions: [String: Int] = [:]
    /// Fields named by two columns: bad input, their rows' values are not read.
    private(set) var ambiguous: Set<String> = []

    /// Resolves `table`'s header as the columns of `name` (`teachers.csv`).
    init(_ table: CSVTable, as name: String, problems: inout ProblemList) {
        var byField: [String: [Int]] = [:]
        var unread: [Int] = []
        for (position, header) in table.header.enumerated() {
            let key = WrittenText.headerKey(header)
            if key.isEmpty {
                if table.records.contains(where: { position < $0.fields.count && !$0.fields[position].isEmpty }) { unread.append(position) }
                continue
            }
            if Vocabulary.serialHeaders.contains(key) {
                problems.warn(
                    Self.warning(
                        table, position, "column \(header) is a serial number; it is not read (ids are never row numbers).",
                        chinese: "“\(header)”列是序号，不读取（序号不作编号）。"))
                continue
            }
            if let field = Vocabulary.field(ofHeader: header, in: name) {
                byField[field, default: []].append(position)
            } else {
                unread.append(position)
            }
        }
        // 编号 beside 工号 is a list's serial number, not the teacher's id.
        if name == "teachers.csv", let ids = byField["id"], ids.count > 1 {
            let serials = ids.filter { WrittenText.headerKey(table.header[$0]) == "编号" }
            if !serials.isEmpty && serials.count < ids.count {
                byField["id"] = ids.filter { !serials.contains($0) }
                let idHeader = table.header[byField["id"]![0]]
                for position in serials {
                    let header = table.header[position]
                    problems.warn(
                        Self.warning(
                            table, position, "column \(header) is not read: \(idHeader) is the teacher's id, \(header) taken for a serial number.",
                            chinese: "“\(header)”列不读取：“\(idHeader)”才是教师编号，“\(header)”视为序号。"))
                }
            }
        }
        for (field, found) in byField.sorted(by: { $0.value[0] < $1.value[0] }) {
            guard found.count > 1 else {
                positions[field] = found[0]
                continue
            }
            ambiguous.insert(field)
            let named = found.map { "\(table.header[$0]) (\(Self.place(table, $0)))" }
            let chineseNamed = found.map { "“\(table.header[$0])”（\(Self.place(table, $0))）" }
            problems.add(
                Problem(
                    file: table.file, row: table.headerRow,
                    "columns \(named.joined(separator: " and ")) \(found.count == 2 ? "both" : "all") mean \(field); keep one.",
                    cell: table.cell(row: table.headerRow, position: found[0]),
                    chinese:
                        "\(chineseNamed.joined(separator: "和"))\(found.count == 2 ? "两" : "\(found.count) ")列都表示\(Vocabulary.chineseHeader(field, in: name))，请只保留一列。"
                ))
        }
        // Hints name a column not yet read first, then any (`是否可走教日` beside `可走教日`).
        let columns = Vocabulary.tableColumns[name] ?? []
        let absent = columns.filter { positions[$0.field] == nil && !ambiguous.contains($0.field) }
        func names(_ columns: [ColumnName]) -> [String] { columns.flatMap { [$0.chinese] + $0.aliases + [$0.field] } }
        for position in unread {
            let header = table.header[position]
            if header.isEmpty {
                let letter = table.columnLetters.map { position < $0.count ? $0[position] : "\(position + 1)" } ?? "\(position + 1)"
                problems.warn(
                    Self.warning(
                        table, position, "column \(letter) has values but no header; it is not read.",
                        chinese: "第 \(letter) 列有内容但没有表头，不读取。"))
                continue
            }
            let key = WrittenText.headerKey(header)
            let stripped = key.hasPrefix("是否") ? String(key.dropFirst(2)) : key
            // A near spelling, or a header that holds a column's Chinese name (`农村学校` for
            // 农村, `自愿交流` for 自愿) when that column is absent.
            let close =
                [names(absent), names(columns)].lazy.compactMap { candidates in
                    Suggestion.closest(to: key, among: candidates) ?? Suggestion.closest(to: stripped, among: candidates)
                }.first
                ?? absent.map(\.chinese).filter { $0.count >= 2 && stripped.contains($0) }.max { $0.count < $1.count }
            var warning = Self.warning(table, position, "column \(header) is not used.", chinese: "“\(header)”列未读取。")
            warning.hint = close.map { "Maybe '\($0)' is meant?" }
            warning.chineseHint = close.map { "是否应为“\($0)”？" }
            problems.warn(warning)
        }
    }

    /// The header cell of `position`: `D1` in a sheet, `column 4` in a CSV file.
    static func place(_ table: CSVTable, _ position: Int) -> String {
        table.cell(row: table.headerRow, position: position) ?? "column \(position + 1)"
    }

    static func warning(_ table: CSVTable, _ position: Int, _ message: String, chinese: String) -> Problem {
        Problem(file: table.file, row: table.headerRow, message, cell: table.cell(row: table.headerRow, position: position), chinese: chinese)
    }
}

/// The rows of a list that follow its data: a total (合计) or the signatures (制表人, 审核人),
/// and everything after them (docs/scenario.md "Read exactly, or refused").
enum Footer {
    /// The words a footer row begins with.
    static let words = ["合计", "总计", "制表", "填表人", "填报人", "审核", "负责人", "注:", "说明:"]

    /// The records before the first footer row, and a warning naming the rows left out.
    static func cut(_ table: CSVTable, records: [CSVRecord], problems: inout ProblemList) -> [CSVRecord] {
        let footer = records.firstIndex { record in
            // Every footer word begins with a Chinese character: an id (ASCII) is no footer.
            guard let first = record.fields.first(where: { !$0.isEmpty }), first.utf8.first.map({ $0 >= 0x80 }) == true else {
                return false
            }
            let key = WrittenText.headerKey(first)
            return words.contains { key.hasPrefix($0) }
        }
        guard let footer else { return records }
        let first = records[footer]
        let word = WrittenText.headerKey(first.fields.first { !$0.isEmpty }!)
        let last = records.last!.number
        let rows = first.number == last ? "row \(first.number)" : "rows \(first.number)–\(last)"
        let chineseRows = first.number == last ? "第 \(first.number) 行" : "第 \(first.number)–\(last) 行"
        problems.warn(
            Problem(
                file: table.file, row: first.number,
                "\(rows) from the footer '\(word.prefix(12))' on are not read (\(records.count - footer) rows with values).",
                cell: table.cell(row: first.number, position: first.fields.firstIndex { !$0.isEmpty }),
                chinese: "自表尾“\(word.prefix(12))”起的\(chineseRows)不读取（其中 \(records.count - footer) 行有内容）。"))
        return Array(records[..<footer])
    }
}

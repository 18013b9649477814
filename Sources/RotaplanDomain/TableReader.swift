/// Typed access to a CSV table's fields that records every problem it meets.
struct TableReader {
    let table: CSVTable
    /// Required columns missing from the header; their per-row checks are skipped.
    private(set) var missingColumns: Set<String> = []

    var file: String { table.file }
    var records: [CSVRecord] { table.records }

    init(table: CSVTable, required: [String], problems: inout ProblemList) {
        self.table = table
        for column in required where !table.hasColumn(column) {
            missingColumns.insert(column)
            let unknown = table.header.filter { !$0.isEmpty }
            var hint = "Columns found: \(unknown.joined(separator: ", "))."
            if let close = Suggestion.closest(to: column, among: unknown) {
                hint = "Maybe the column '\(close)' is meant?"
            }
            problems.add(Problem(
                file: table.file, row: table.columnLetters == nil ? 1 : nil, column: column, "is missing from the header (required).",
                hint: hint))
        }
    }

    /// The field's text; nil when empty. A required empty field is a problem.
    func text(_ record: CSVRecord, _ column: String, required: Bool = false, expected: String = "a value",
              problems: inout ProblemList) -> String? {
        if missingColumns.contains(column) { return nil }
        let value = table.value(record, column)
        if value.isEmpty {
            if required {
                problems.add(table, row: record.number, column: column, "is empty; expected \(expected).")
            }
            return nil
        }
        return value
    }

    /// A whole number in `range`; nil (with a problem) when the field is not one.
    func integer(_ record: CSVRecord, _ column: String, _ range: ClosedRange<Int>, required: Bool = true,
                 what: String = "", problems: inout ProblemList) -> Int? {
        let expected = "a whole number\(what) from \(range.lowerBound) to \(range.upperBound)"
        guard let text = text(record, column, required: required, expected: expected, problems: &problems) else {
            return nil
        }
        // A spreadsheet may store a whole number as 6.0.
        guard let value = Int(text) ?? Double(text).flatMap({ $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }) else {
            let message = Double(text) != nil ? "'\(text)' is not a whole number" : notANumber(text)
            problems.add(table, row: record.number, column: column, "\(message); expected \(expected).", hint: dateHint(text))
            return nil
        }
        guard range.contains(value) else {
            let message = value < 0 ? "'\(text)' is negative" : "'\(text)' is out of range"
            problems.add(table, row: record.number, column: column, "\(message); expected \(expected).")
            return nil
        }
        return value
    }

    /// A workbook gives a date cell as `yyyy-mm-dd`; no column of a scenario holds a date.
    private func isDate(_ text: String) -> Bool {
        text.utf8.count == 10 && text.split(separator: "-").map(\.count) == [4, 2, 2] && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
    }

    private func notANumber(_ text: String) -> String {
        isDate(text) ? "'\(text)' is a date, not a number" : "'\(text)' is not a number"
    }

    private func dateHint(_ text: String) -> String? {
        isDate(text) ? "The cell is formatted as a date; format it as a number (常规 or 数值) and type the number again." : nil
    }

    /// A finite number in `range`.
    func number(_ record: CSVRecord, _ column: String, _ range: ClosedRange<Double>, what: String,
                problems: inout ProblemList) -> Double? {
        let expected = "\(what) from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        guard let text = text(record, column, required: true, expected: expected, problems: &problems) else {
            return nil
        }
        guard let value = Double(text), value.isFinite else {
            problems.add(table, row: record.number, column: column, "\(notANumber(text)); expected \(expected).", hint: dateHint(text))
            return nil
        }
        guard range.contains(value) else {
            problems.add(table, row: record.number, column: column, "'\(text)' is out of range; expected \(expected).")
            return nil
        }
        return value
    }

    /// `yes`/`no` (also `是`/`否`, `有`/`无`); `defaultValue` when empty or the column is absent.
    func yesNo(_ record: CSVRecord, _ column: String, default defaultValue: Bool, problems: inout ProblemList) -> Bool {
        guard let text = text(record, column, problems: &problems) else { return defaultValue }
        switch Vocabulary.yesNo(text) {
        case true?: return true
        case false?: return false
        case nil:
            problems.add(table, row: record.number, column: column, "'\(text)' is not yes or no; expected yes, no, 是 or 否.")
            return defaultValue
        }
    }

    /// One of an enum's raw values, or its Chinese name (`aliases`), with a spelling hint.
    func choice<Value: RawRepresentable & CaseIterable>(
        _ record: CSVRecord, _ column: String, as type: Value.Type, aliases: [String: String] = [:], required: Bool = true,
        problems: inout ProblemList
    ) -> Value? where Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        let expected = "one of " + names.joined(separator: ", ")
        guard let text = text(record, column, required: required, expected: expected, problems: &problems) else {
            return nil
        }
        guard let value = Value(rawValue: aliases[text] ?? text) else {
            problems.add(
                table, row: record.number, column: column, "'\(text)' is not valid; expected \(expected).",
                hint: Suggestion.hint(for: text, among: names + aliases.keys.sorted()))
            return nil
        }
        return value
    }

    /// A reference to a known id (a school or teacher), with a spelling hint when unknown.
    func reference(
        _ record: CSVRecord, _ column: String, in index: [String: Int], what: String, source: String,
        required: Bool = true, problems: inout ProblemList
    ) -> Int? {
        guard let text = text(record, column, required: required, expected: "\(what) id from \(source)", problems: &problems) else {
            return nil
        }
        guard let found = index[text] else {
            problems.add(
                table, row: record.number, column: column, "'\(text)' is not \(what) in \(source).",
                hint: Suggestion.hint(for: text, among: index.keys.sorted()))
            return nil
        }
        return found
    }
}

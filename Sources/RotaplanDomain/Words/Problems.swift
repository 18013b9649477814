/// One thing wrong with a scenario, located by file, row and column, in English and, for the
/// lists HR offices keep in Chinese, in Chinese (docs/scenario.md "Read exactly, or refused").
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// File name inside the scenario folder, e.g. `teachers.csv`, or `--set` for overrides.
    public var file: String
    /// CSV record number (header = 1) or YAML line; nil when the whole file is meant.
    public var row: Int?
    /// Column name (CSV) or dotted key (YAML); nil when the whole row is meant.
    public var column: String?
    /// What is wrong and what was expected.
    public var message: String
    /// A likely fix, e.g. `Maybe 'NCX-M09'?`.
    public var hint: String?
    /// For a sheet of a workbook, the cell (`E14`): the problem is then `教师!E14: …`.
    public var cell: String?
    /// The message in Chinese, and its hint: shown first when the input is Chinese.
    public var chinese: String?
    public var chineseHint: String?
    /// The column's header as the file writes it (`身份`), which the Chinese message names.
    public var header: String?
    /// Shown in Chinese first (the input is Chinese: its headers are); set by the loader.
    public var inChinese = false

    public init(
        file: String, row: Int? = nil, column: String? = nil, _ message: String, hint: String? = nil, cell: String? = nil,
        chinese: String? = nil, chineseHint: String? = nil, header: String? = nil
    ) {
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        self.hint = hint
        self.cell = cell
        self.chinese = chinese
        self.chineseHint = chineseHint
        self.header = header
    }

    /// Where the problem is: `teachers.csv:14`, `教师!E14` or the file alone.
    public var place: String {
        if let cell { return "\(file)!\(cell)" }
        if let row { return "\(file):\(row)" }
        return file
    }

    /// The English words after the place: `column role: … Maybe 'x'?`.
    public var english: String {
        var text = ""
        if let column { text += "column \(column): " }
        text += message
        if let hint { text += " " + hint }
        return text
    }

    /// The Chinese words after the place, nil when there are none: `身份列：… 也许是“x”？`.
    public var chineseText: String? {
        guard let chinese else { return nil }
        var text = ""
        if let label = header ?? column { text += "\(label)列：" }
        text += chinese
        if let chineseHint { text += chineseHint }
        return text
    }

    /// What a person reads after the place: Chinese first, the English after it in brackets,
    /// when the input is Chinese; the English otherwise.
    public var shownMessage: String {
        guard inChinese, let chinese = chineseText else { return english }
        return "\(chinese) (\(english))"
    }

    public var description: String {
        "\(place): \(shownMessage)"
    }

    /// The problem shown in Chinese first (when it has Chinese words), or in English.
    public func shown(inChinese chinese: Bool) -> Problem {
        var copy = self
        copy.inChinese = chinese
        return copy
    }
}

/// Bad input: every problem found in one load, thrown together so the user fixes them at once.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var problems: [Problem]
    /// What the same load warned about: shown with the problems, so that one round of fixes
    /// sees everything (a column not read, a sheet not read, hidden rows).
    public var warnings: [Problem]

    public init(_ problems: [Problem], warnings: [Problem] = []) {
        self.problems = problems
        self.warnings = warnings
    }

    public var description: String {
        let lines =
            problems.map(\.description)
            + warnings.map { ($0.inChinese ? "警告: " : "warning: ") + $0.description }
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        var last = "\(count): nothing was written."
        if problems.contains(where: \.inChinese) {
            last = "共 \(problems.count) 个问题：未写入任何文件。 (\(last))"
        }
        return (lines + [last]).joined(separator: "\n")
    }
}

/// Collects problems, and warnings, while loading, so that one pass reports all of them.
struct ProblemList {
    private(set) var problems: [Problem] = []
    /// Things read as meant but worth a word (a column not read, hidden rows, a guessed encoding).
    var warnings: [Problem] = []

    var isEmpty: Bool { problems.isEmpty }

    mutating func add(_ problem: Problem) {
        problems.append(problem)
    }

    /// A problem in English and in Chinese.
    mutating func add(
        _ file: String, row: Int? = nil, column: String? = nil, _ message: String, hint: String? = nil, cell: String? = nil,
        zh chinese: String? = nil, zhHint chineseHint: String? = nil
    ) {
        problems.append(
            Problem(
                file: file, row: row, column: column, message, hint: hint, cell: cell, chinese: chinese,
                chineseHint: chineseHint))
    }

    mutating func warn(_ warning: Problem) {
        warnings.append(warning)
    }

    mutating func append(contentsOf other: [Problem]) {
        problems.append(contentsOf: other)
    }
}

/// Suggests the closest known spelling for a mistyped id or keyword.
public enum Suggestion {
    /// `Maybe 'X'?` when one candidate is close enough to be the intended one.
    public static func hint(for value: String, among candidates: some Sequence<String>) -> String? {
        closest(to: value, among: candidates).map { "Maybe '\($0)'?" }
    }

    /// The same hint in Chinese: `也许是“X”？`.
    public static func chineseHint(for value: String, among candidates: some Sequence<String>) -> String? {
        closest(to: value, among: candidates).map { "也许是“\($0)”？" }
    }

    /// The candidate with the smallest edit distance, if that distance is small for the length;
    /// first, for a number, the id it is with its leading zeros (`4` for `00004`: Excel drops
    /// them from a column not formatted as text).
    public static func closest(to value: String, among candidates: some Sequence<String>) -> String? {
        if !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber),
            let padded = candidates.first(where: { $0.count > value.count && $0.hasSuffix(value) && $0.dropLast(value.count).allSatisfy { $0 == "0" } })
        {
            return padded
        }
        return closest(to: value, among: candidates, allowed: { max(1, min(3, $0 / 3)) })
    }

    /// The candidate with the smallest edit distance within `allowed(length of value)`.
    static func closest(to value: String, among candidates: some Sequence<String>, allowed: (Int) -> Int) -> String? {
        let target = Array(value.lowercased())
        guard !target.isEmpty else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        return best.distance <= allowed(target.count) ? best.candidate : nil
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

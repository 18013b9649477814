/// One thing wrong with a scenario, located by file, row and column.
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

    public init(file: String, row: Int? = nil, column: String? = nil, _ message: String, hint: String? = nil, cell: String? = nil) {
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        self.hint = hint
        self.cell = cell
    }

    public var description: String {
        var text = file
        if let cell { text += "!\(cell)" } else if let row { text += ":\(row)" }
        text += ": "
        if let column { text += "column \(column): " }
        text += message
        if let hint { text += " " + hint }
        return text
    }
}

/// Bad input: every problem found in one load, thrown together so the user fixes them at once.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        let lines = problems.map(\.description)
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (lines + ["\(count): nothing was solved or written."]).joined(separator: "\n")
    }
}

/// Collects problems while loading, so that one pass reports all of them.
struct ProblemList {
    private(set) var problems: [Problem] = []

    var isEmpty: Bool { problems.isEmpty }

    mutating func add(_ problem: Problem) {
        problems.append(problem)
    }

    mutating func add(
        _ file: String, row: Int? = nil, column: String? = nil, _ message: String, hint: String? = nil, cell: String? = nil
    ) {
        problems.append(Problem(file: file, row: row, column: column, message, hint: hint, cell: cell))
    }

    /// A problem of a table's cell: `teachers.csv:14: column role: …` or `教师!E14: column role: …`.
    mutating func add(_ table: CSVTable, row: Int?, column: String?, _ message: String, hint: String? = nil) {
        problems.append(Problem(file: table.file, row: row, column: column, message, hint: hint, cell: table.cell(row: row, column: column)))
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

    /// The candidate with the smallest edit distance, if that distance is small for the length.
    public static func closest(to value: String, among candidates: some Sequence<String>) -> String? {
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
        let allowed = max(1, min(3, target.count / 3))
        return best.distance <= allowed ? best.candidate : nil
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

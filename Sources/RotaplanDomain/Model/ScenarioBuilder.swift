/// Accumulates validated rows table by table; later tables check references to earlier ones.
/// Each table's reading is in a file of its own (SchoolsTable, TeachersTable, HistoryTable,
/// OtherTables).
struct Builder {
    let settings: Settings
    var schools: [School] = []
    var schoolIndex: [String: Int] = [:]
    /// School names → ids, so that a name written where an id belongs is named as such.
    var schoolNames: [String: [String]] = [:]
    var communities: [Community] = []
    var teachers: [Teacher] = []
    var teacherIndex: [String: Int] = [:]
    var teacherNames: [String: [String]] = [:]
    var demand: [SchoolSubject: Demand] = [:]
    var history: [HistoryEntry] = []
    var pins: [Int: Pin] = [:]
    var distances: [SchoolPair: Double] = [:]
    /// What problems call the schools and teachers tables (a file, or a workbook's sheet).
    var schoolsFile = "schools.csv"
    var teachersFile = "teachers.csv"
    var demandFile = "demand.csv"
    /// Rows with problems: their ids are known, their other fields are not to be trusted.
    var invalidSchools: Set<Int> = []
    var invalidTeachers: Set<Int> = []

    init(settings: Settings) {
        self.settings = settings
    }

    var school: Referent { .school(schoolsFile) }
    var teacher: Referent { .teacher(teachersFile) }

    /// Subjects outside the vocabulary, which are kept as written: one warning listing each with
    /// the teachers (or demand rows) that have it and the closest known subject; and a subject
    /// taught but asked for nowhere, or the other way round, when a close spelling stands on the
    /// other side (probably one subject written two ways).
    func subjectWarnings(problems: inout ProblemList) {
        unknownSubjects(problems: &problems)
        let taught = Set(teachers.map(\.subject))
        let asked = Set(demand.keys.map(\.subject))
        for subject in taught.subtracting(asked).sorted() {
            if let close = Suggestion.closest(to: subject, among: asked.subtracting(taught).sorted()) {
                problems.warn(
                    Problem(
                        file: teachersFile, column: "subject",
                        "'\(subject)' is taught but asked for in no row of \(demandFile), which has '\(close)'; if they are one subject, write it one way.",
                        chinese: "“\(subject)”有人任教，但\(WrittenText.chineseTable(demandFile))中没有需求，那里有“\(close)”；若是同一学科请统一写法。",
                        header: "学科"))
            }
        }
        for subject in asked.subtracting(taught).sorted() {
            if let close = Suggestion.closest(to: subject, among: taught.subtracting(asked).sorted()) {
                problems.warn(
                    Problem(
                        file: demandFile, column: "subject",
                        "'\(subject)' is asked for but taught by nobody in \(teachersFile), who teach '\(close)'; if they are one subject, write it one way.",
                        chinese: "“\(subject)”有需求，但\(WrittenText.chineseTable(teachersFile))中无人任教，有人任教“\(close)”；若是同一学科请统一写法。",
                        header: "学科"))
            }
        }
    }

    private func unknownSubjects(problems: inout ProblemList) {
        let known = Set(Vocabulary.subjects.codes)
        var byTeachers: [String: [String]] = [:]
        for teacher in teachers where !known.contains(teacher.subject) { byTeachers[teacher.subject, default: []].append(teacher.id) }
        var byDemand: [String: [Int]] = [:]
        for (key, entry) in demand where !known.contains(key.subject) { byDemand[key.subject, default: []].append(entry.row) }
        guard !byTeachers.isEmpty || !byDemand.isEmpty else { return }
        var english: [String] = []
        var chinese: [String] = []
        for subject in Set(byTeachers.keys).union(byDemand.keys).sorted() {
            var whoEnglish: [String] = []
            var whoChinese: [String] = []
            if let ids = byTeachers[subject] {
                let listed = WrittenText.shortList(ids)
                whoEnglish.append("\(ids.count) teacher\(ids.count == 1 ? "" : "s"): \(listed.english)")
                whoChinese.append("\(ids.count) 名教师：\(listed.chinese)")
            }
            if let rows = byDemand[subject] {
                let listed = WrittenText.shortList(rows.sorted().map(String.init))
                whoEnglish.append("\(demandFile) rows \(listed.english)")
                whoChinese.append("\(WrittenText.chineseTable(demandFile))第 \(listed.chinese) 行")
            }
            let close = Self.closestSubject(to: subject)
            english.append("'\(subject)' (\(whoEnglish.joined(separator: "; "))\(close.map { "; maybe \($0)?" } ?? ""))")
            chinese.append("“\(subject)”（\(whoChinese.joined(separator: "；"))\(close.map { "；是否为“\($0)”？" } ?? "")）")
        }
        problems.warn(
            Problem(
                file: teachersFile, column: "subject",
                "subjects outside the known list are kept as written, each its own subject: \(english.joined(separator: ", ")).",
                hint:
                    "Itinerant teaching covers only the subjects of policy.itinerant.subjects; write a known subject (\(Vocabulary.subjects.names.joined(separator: ", "))) where one is meant.",
                chinese: "以下学科不在学科表中，按原样作为单独的学科读取：\(chinese.joined(separator: "；"))。",
                chineseHint: "走教只涉及设置中的走教学科；如指的是已有学科，请按学科表填写（\(WrittenText.chineseList(Vocabulary.subjects.names))）。",
                header: "学科"))
    }

    /// The known subject a free-text subject most likely means: `音乐（兼）` → 音乐, `信息技术` →
    /// 信息科技, `道法` → 道德与法治.
    static func closestSubject(to subject: String) -> String? {
        let written = WrittenText.headerKey(subject)
        let names = Vocabulary.subjects.names
        // A known name with a note in brackets, or inside a longer text.
        let bare = written.split(whereSeparator: { "()[]【】".contains($0) }).first.map(String.init) ?? written
        if let name = names.first(where: { $0 == bare }) { return name }
        if let name = names.filter({ written.contains($0) }).max(by: { $0.count < $1.count }) { return name }
        // An abbreviation whose characters stand in the name in order (道法 in 道德与法治).
        if written.count >= 2, let name = names.first(where: { isSubsequence(Array(written), of: Array($0)) }) { return name }
        return Suggestion.closest(to: written, among: names, allowed: { max(1, $0 / 2) })
            ?? Suggestion.closest(to: written, among: Vocabulary.subjects.codes)
            .map(Vocabulary.subjects.name)
    }

    private static func isSubsequence(_ short: [Character], of long: [Character]) -> Bool {
        var index = 0
        for character in long where index < short.count && character == short[index] { index += 1 }
        return index == short.count
    }
}

/// teachers.csv (教师): every teacher and their home school.
extension Builder {
    static let roles = Vocabulary.roles.restricted(to: Role.allCases.map(\.rawValue))

    mutating func readTeachers(_ table: CSVTable, problems: inout ProblemList) {
        teachersFile = table.file
        let required = ["id", "name", "school", "subject", "role", "years_at_school", "years_to_retirement"]
        let reader = TableReader(table: table, as: "teachers.csv", required: required, problems: &problems)
        if reader.records.isEmpty && table.header.count > 0 {
            problems.add(reader.file, "has no teachers (only a header).", zh: "没有教师（只有表头）。")
        }
        let years = Expected(" of years", "年数")
        for record in reader.records {
            let id = reader.text(record, "id", required: true, expected: Expected("a teacher id", "教师编号"), problems: &problems)
            let name = reader.text(record, "name", required: true, expected: Expected("the teacher's name", "教师姓名"), problems: &problems)
            let home = reader.reference(record, "school", in: schoolIndex, names: schoolNames, what: school, problems: &problems)
            let subject = reader.text(
                record, "subject", required: true, expected: Expected("a subject key, e.g. math or music", "学科，如 数学、音乐"),
                problems: &problems
            ).map(Vocabulary.subject)
            let role = reader.choice(record, "role", as: Role.self, values: Self.roles, problems: &problems)
            let title = reader.text(record, "title", problems: &problems)
            let yearsAtSchool = reader.integer(record, "years_at_school", 0...60, unit: years, problems: &problems)
            let toRetirement = reader.integer(record, "years_to_retirement", 0...60, unit: years, problems: &problems)
            // In `exempt` a word for no means not exempt; any other text is the reason.
            let exempt = reader.text(record, "exempt", problems: &problems).flatMap { Vocabulary.meansNotExempt($0) ? nil : $0 }
            let gender = reader.text(record, "gender", problems: &problems).flatMap { text -> String? in
                guard let gender = Vocabulary.gender(text) else {
                    problems.add(
                        reader.problem(
                            record.number, "gender", "'\(text)' is not a gender; expected 男, 女, m or f.",
                            chinese: "“\(text)”不是性别；应填 男 或 女。"))
                    return nil
                }
                return gender
            }
            let volunteer = reader.yesNo(record, "volunteer", default: false, problems: &problems)
            let maxPeriods =
                reader.integer(
                    record, "max_periods", 0...60, required: false, unit: Expected(" of weekly periods", "每周课时"), problems: &problems) ?? 16
            let itinerant = reader.yesNo(record, "itinerant", default: true, problems: &problems)
            let days = readDays(reader, record, problems: &problems)
            guard let id else { continue }
            if let first = teacherIndex[id] {
                problems.add(
                    reader.problem(
                        record.number, "id", "'\(id)' is used again (first on row \(teachers[first].row)); teacher ids must be unique.",
                        chinese: "“\(id)”重复（第 \(teachers[first].row) 行已有）；教师编号不能重复。"))
                continue
            }
            teacherIndex[id] = teachers.count
            if let name { teacherNames[name, default: []].append(id) }
            guard let name, let home, let subject, let role, let yearsAtSchool, let toRetirement, let days,
                !invalidSchools.contains(home)
            else {
                invalidTeachers.insert(teachers.count)
                teachers.append(
                    Teacher(
                        id: id, name: name ?? id, home: home ?? 0, subject: subject ?? "", role: role ?? .regular,
                        title: nil, yearsAtSchool: 0, yearsToRetirement: 0, exemptReason: nil, volunteer: false,
                        maxPeriods: 0, itinerantAllowed: false, availableDays: [], row: record.number))
                continue
            }
            teachers.append(
                Teacher(
                    id: id, name: name, home: home, subject: subject, role: role, title: title,
                    yearsAtSchool: yearsAtSchool, yearsToRetirement: toRetirement, exemptReason: exempt,
                    volunteer: volunteer, maxPeriods: maxPeriods, itinerantAllowed: itinerant,
                    availableDays: days, row: record.number, gender: gender))
        }
        for id in teacherIndex.keys { teacherNames[id] = nil }
    }

    private func readDays(_ reader: TableReader, _ record: CSVRecord, problems: inout ProblemList) -> [Weekday]? {
        guard let text = reader.text(record, "available_days", problems: &problems) else { return Weekday.allCases }
        var days: Set<Weekday> = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" || $0 == "," || $0 == "，" }) {
            let written = CSV.trimmed(String(part))
            guard let day = (Vocabulary.weekdays.code(written) ?? Vocabulary.weekdays.code(written.lowercased())).flatMap(Weekday.init) else {
                problems.add(
                    reader.problem(
                        record.number, "available_days",
                        "'\(written)' is not a school day; expected days from mon;tue;wed;thu;fri (or 周一 … 周五) separated by ';'.",
                        hint: Suggestion.hint(for: written.lowercased(), among: Weekday.allCases.map(\.rawValue)),
                        chinese: "“\(written)”不是上课日；应填 周一 至 周五 中的若干天，用“;”或“、”分隔。",
                        chineseHint: Suggestion.chineseHint(for: written, among: Vocabulary.weekdays.writtenForms)))
                return nil
            }
            days.insert(day)
        }
        return days.sorted()
    }
}

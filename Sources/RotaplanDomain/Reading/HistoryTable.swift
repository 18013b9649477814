/// history.csv (历史): past and running secondments.
extension Builder {
    static let historyKinds = Vocabulary.historyKinds.restricted(to: HistoryKind.allCases.map(\.rawValue))

    mutating func readHistory(_ table: CSVTable, fromLedger: Bool = false, problems: inout ProblemList) {
        let reader = TableReader(
            table: table, as: "history.csv", required: ["teacher", "from", "to", "start_year", "end_year"], problems: &problems)
        let year = settings.year
        let schoolYear = Expected(" (a school year)", "学年")
        var rotationsByTeacher: [Int: [HistoryEntry]] = [:]
        for record in reader.records {
            if fromLedger && skipFromLedger(reader, record, year: year, problems: &problems) { continue }
            let teacher = reader.reference(record, "teacher", in: teacherIndex, names: teacherNames, what: self.teacher, problems: &problems)
            let from = reader.reference(record, "from", in: schoolIndex, names: schoolNames, what: school, problems: &problems)
            let to = reader.reference(record, "to", in: schoolIndex, names: schoolNames, what: school, problems: &problems)
            let start = reader.integer(record, "start_year", 1950...2100, unit: schoolYear, problems: &problems)
            let end = reader.integer(record, "end_year", 1950...2100, unit: schoolYear, problems: &problems)
            let kind =
                reader.choice(record, "kind", as: HistoryKind.self, values: Self.historyKinds, required: false, problems: &problems)
                ?? .rotation
            guard let teacher, let from, let to, let start, let end, !invalidTeachers.contains(teacher) else { continue }
            var ok = true
            if from == to {
                problems.add(
                    reader.problem(
                        record.number, "to", "'\(schools[to].id)' is the same school as from; a secondment goes elsewhere.",
                        chinese: "“\(schools[to].id)”与原单位相同；交流须去往另一所学校。"))
                ok = false
            }
            if start > end {
                problems.add(
                    reader.problem(
                        record.number, "start_year", "\(start) is after end_year \(end).", chinese: "\(start) 晚于结束学年 \(end)。"))
                ok = false
            }
            if year > 0 && start > year {
                problems.add(
                    reader.problem(
                        record.number, "start_year",
                        "\(start) is after the year being planned (\(year)); history holds past and running secondments only.",
                        hint: "A secondment HR has decided for \(year) belongs in pins.csv.",
                        chinese: "\(start) 晚于规划学年（\(year)）；历史只记录过去和正在进行的交流。",
                        chineseHint: "已决定的 \(year) 学年交流请填在“固定”表（pins.csv）。"))
                ok = false
            }
            guard ok else { continue }
            let entry = HistoryEntry(teacher: teacher, from: from, to: to, startYear: start, endYear: end, kind: kind, row: record.number)
            if kind.countsForRules {
                let home = teachers[teacher].home
                if start <= year && year <= end && from != home {
                    problems.add(
                        reader.problem(
                            record.number, "from",
                            "'\(schools[from].id)' is not the home school of \(teachers[teacher].id) ('\(schools[home].id)'); a running secondment starts at the home school.",
                            chinese: "“\(schools[from].id)”不是 \(teachers[teacher].id) 的人事关系学校（“\(schools[home].id)”）；正在进行的交流须从人事关系学校派出。"))
                    continue
                }
                if let clash = rotationsByTeacher[teacher, default: []].first(where: { $0.startYear <= end && start <= $0.endYear }) {
                    problems.add(
                        reader.problem(
                            record.number, "start_year",
                            "\(teachers[teacher].id)'s secondment \(start)–\(end) overlaps the one on row \(clash.row) (\(clash.startYear)–\(clash.endYear)).",
                            chinese: "\(teachers[teacher].id) 的 \(start)–\(end) 交流与第 \(clash.row) 行（\(clash.startYear)–\(clash.endYear)）重叠。"))
                    continue
                }
                rotationsByTeacher[teacher, default: []].append(entry)
            }
            history.append(entry)
        }
    }

    /// The ledger holds every year; a year being planned or re-planned sees only the years
    /// before it, and an ended secondment of a teacher or school no longer in the scenario is
    /// skipped with a warning.
    private func skipFromLedger(_ reader: TableReader, _ record: CSVRecord, year: Int, problems: inout ProblemList) -> Bool {
        let start = Int(reader.raw(record, "start_year")) ?? 0
        let end = Int(reader.raw(record, "end_year")) ?? 0
        if year > 0 && start >= year { return true }
        let names = ["teacher": teacherIndex, "from": schoolIndex, "to": schoolIndex]
        let gone = names.keys.sorted().filter { names[$0]![reader.raw(record, $0)] == nil }
        guard end < year && !gone.isEmpty else { return false }
        let quoted = gone.map { "'\(reader.raw(record, $0))'" }.joined(separator: " and ")
        let chineseQuoted = WrittenText.chineseList(gone.map { "“\(reader.raw(record, $0))”" })
        problems.warn(
            Problem(
                file: reader.file, row: record.number,
                "the ended secondment of \(reader.raw(record, "teacher")) (\(start)–\(end)) names \(quoted), no longer in the scenario; skipped.",
                chinese: "\(reader.raw(record, "teacher")) 已结束的交流（\(start)–\(end)）涉及的\(chineseQuoted)已不在方案中；跳过。"))
        return true
    }
}

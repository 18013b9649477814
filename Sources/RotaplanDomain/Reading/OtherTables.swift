/// demand.csv (需求), pins.csv (固定, and the workstation's objections) and distances.csv (距离).
extension Builder {
    static let pinActions = Vocabulary.pinActions

    mutating func readDemand(_ table: CSVTable, problems: inout ProblemList) {
        demandFile = table.file
        let reader = TableReader(table: table, as: "demand.csv", required: ["school", "subject", "teachers"], problems: &problems)
        for record in reader.records {
            let school = reader.reference(record, "school", in: schoolIndex, names: schoolNames, what: self.school, problems: &problems)
            let subject = reader.text(record, "subject", required: true, expected: Expected("a subject key", "学科"), problems: &problems)
                .map(Vocabulary.subject)
            let needed = reader.integer(record, "teachers", 0...10_000, unit: Expected(" of teachers", "人数"), problems: &problems)
            let periods = reader.integer(
                record, "periods", 0...100_000, required: false, unit: Expected(" of weekly periods", "每周课时"), problems: &problems)
            guard let school, let subject, let needed else { continue }
            let key = SchoolSubject(school, subject)
            if let first = demand[key] {
                problems.add(
                    reader.problem(
                        record.number, "subject",
                        "'\(schools[school].id)' and '\(subject)' are listed again (first on row \(first.row)); give each school and subject once.",
                        chinese: "“\(schools[school].id)”的“\(Vocabulary.subjects.name(subject))”重复（第 \(first.row) 行已有）；每所学校的每个学科只填一行。"))
                continue
            }
            demand[key] = Demand(teachers: needed, periods: periods ?? needed * 16, row: record.number)
        }
    }

    mutating func readPins(_ table: CSVTable, as name: String, problems: inout ProblemList) {
        let reader = TableReader(table: table, as: name, required: ["teacher", "action"], problems: &problems)
        for record in reader.records {
            let teacher = reader.reference(record, "teacher", in: teacherIndex, names: teacherNames, what: self.teacher, problems: &problems)
            let action = reader.code(record, "action", in: Self.pinActions, problems: &problems)
            let target = reader.reference(
                record, "school", in: schoolIndex, names: schoolNames, what: school, required: false, problems: &problems)
            let note = reader.text(record, "note", problems: &problems)
            guard let teacher, let action, !invalidTeachers.contains(teacher) else { continue }
            let homeSchool = schools[teachers[teacher].home]
            let pinAction: PinAction
            switch action {
            case "stay":
                pinAction = .stay
            case "rotate":
                pinAction = .rotate
            default:
                guard let target else {
                    if reader.raw(record, "school").isEmpty {
                        problems.add(
                            reader.problem(
                                record.number, "school", "is empty; a 'to' pin names the target school.",
                                chinese: "为空；“指定”须填写交流去往的学校。"))
                    }
                    continue
                }
                pinAction = .to(target)
            }
            // With the county exchange an independent school's teacher may be exchanged.
            if pinAction != .stay && homeSchool.kind == .independent && !settings.policy.exchange.enabled {
                problems.add(
                    reader.problem(
                        record.number, "action",
                        "\(teachers[teacher].id) works at \(homeSchool.id), an independent school in no community; only 'stay' can be pinned.",
                        chinese: "\(teachers[teacher].id) 在独立校 \(homeSchool.id) 任教，不属于任何共同体；只能填“留任”。"))
                continue
            }
            if case .to(let target) = pinAction, !allowedTarget(target, for: teacher, reader, record, problems: &problems) { continue }
            if let first = pins[teacher] {
                problems.add(
                    reader.problem(
                        record.number, "teacher",
                        "\(teachers[teacher].id) is pinned again (first in \(first.place)); give each teacher one pin.",
                        chinese: "\(teachers[teacher].name)（\(teachers[teacher].id)）已有一条固定安排（\(first.place)）；每名教师只填一条。"))
                continue
            }
            pins[teacher] = Pin(teacher: teacher, action: pinAction, note: note, row: record.number, file: table.file)
        }
    }

    /// A `to` pin's school lies in the teacher's community: a lead's teacher to a member or site,
    /// a member's or site's teacher to the lead.
    private func allowedTarget(
        _ target: Int, for teacher: Int, _ reader: TableReader, _ record: CSVRecord, problems: inout ProblemList
    ) -> Bool {
        let homeSchool = schools[teachers[teacher].home]
        let community = homeSchool.communityIndex.map { communities[$0] }
        let allowed: [Int]
        switch homeSchool.kind {
        case .lead: allowed = community?.receivingSchools ?? []
        case .member, .site: allowed = community.map { [$0.lead] } ?? []
        case .independent: allowed = []
        }
        guard !allowed.contains(target) else { return true }
        // With the county exchange, a `to` pin an exchange could make (urban ↔ rural, not along
        // a community move) is an exchange pin (docs/model.md "Part 1 with the county exchange").
        if settings.policy.exchange.enabled, schools[target].rural != homeSchool.rural { return true }
        if settings.policy.exchange.enabled {
            problems.add(
                reader.problem(
                    record.number, "school",
                    "'\(schools[target].id)' cannot be reached by any move of \(teachers[teacher].id): a secondment stays in the community, and an exchange goes between an urban and a rural school.",
                    chinese:
                        "\(teachers[teacher].name)（\(teachers[teacher].id)）无法去“\(schools[target].name)（\(schools[target].id)）”：共同体派驻只在本共同体内，区域交流只在城镇学校与乡村学校之间。")
            )
            return false
        }
        let names = allowed.map { schools[$0].id }
        let kindName = Vocabulary.schoolKinds.name(homeSchool.kind.rawValue)
        let (rule, chineseRule) =
            homeSchool.kind == .lead
            ? (
                "a lead school's teacher goes to a member or site of its community (\(names.joined(separator: ", ")))",
                "牵头校的教师只能去本共同体的成员校或教学点（\(WrittenText.chineseList(names))）"
            )
            : (
                "a \(homeSchool.kind.rawValue) school's teacher goes to its lead school (\(names.joined(separator: ", ")))",
                "\(kindName)的教师只能去本共同体的牵头校（\(WrittenText.chineseList(names))）"
            )
        problems.add(
            reader.problem(
                record.number, "school", "'\(schools[target].id)' is outside \(teachers[teacher].id)'s community; \(rule).",
                chinese: "“\(schools[target].id)”不在 \(teachers[teacher].id) 所在的共同体内；\(chineseRule)。"))
        return false
    }

    mutating func readDistances(_ table: CSVTable, problems: inout ProblemList) {
        let reader = TableReader(table: table, as: "distances.csv", required: ["from", "to", "km"], problems: &problems)
        var given: [SchoolPair: Int] = [:]
        for record in reader.records {
            let from = reader.reference(record, "from", in: schoolIndex, names: schoolNames, what: school, problems: &problems)
            let to = reader.reference(record, "to", in: schoolIndex, names: schoolNames, what: school, problems: &problems)
            let km = reader.number(record, "km", 0...10_000, what: Expected("road kilometres", "道路公里数"), problems: &problems)
            guard let from, let to, let km else { continue }
            if from == to {
                problems.add(
                    reader.problem(
                        record.number, "to", "'\(schools[to].id)' is the same school as from.", chinese: "“\(schools[to].id)”与起点是同一所学校。"))
                continue
            }
            if let first = given[SchoolPair(from, to)] {
                problems.add(
                    reader.problem(
                        record.number, "to", "\(schools[from].id) → \(schools[to].id) is given again (first on row \(first)).",
                        chinese: "\(schools[from].id) → \(schools[to].id) 重复（第 \(first) 行已有）。"))
                continue
            }
            given[SchoolPair(from, to)] = record.number
            distances[SchoolPair(from, to)] = km
        }
        // One direction given: it holds both ways.
        for (pair, km) in distances where given[SchoolPair(pair.to, pair.from)] == nil {
            distances[SchoolPair(pair.to, pair.from)] = km
        }
    }
}

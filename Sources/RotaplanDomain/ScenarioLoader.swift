import Foundation

/// A scenario as read, before it is validated: its settings and its tables, from a folder of
/// CSV files or from a workbook (docs/scenario.md). It can be validated more than once, e.g.
/// under each what-if variant's settings.
public struct ScenarioSource: Sendable {
    /// The settings: scenario.yaml's text, or the rows of a workbook's settings sheet.
    public enum SettingsText: Sendable {
        case yaml(String)
        case sheet(name: String, rows: [SettingRow])
    }

    /// One row of a settings sheet: a dotted key and its value, as `--set` takes them.
    public struct SettingRow: Sendable {
        public var key: String
        public var value: String
        public var row: Int

        public init(key: String, value: String, row: Int) {
            self.key = key
            self.value = value
            self.row = row
        }
    }

    public var settings: SettingsText?
    /// Tables by the name of the file they stand for (`teachers.csv`), headers already in English.
    public var tables: [String: CSVTable]
    /// Where it was read from: a folder (its name is checked against the slug) or a workbook.
    public var location: URL?
    /// SHA-256 of each file or of the workbook, for the audit record.
    public var fileHashes: [String: String]
    /// Problems found while reading (a file missing, a CSV that does not parse): reported with
    /// the validation's, all at once.
    public var problems: [Problem]
    public var warnings: [Problem]
    /// The history table comes from the county's ledger (docs/ledger.md): only secondments that
    /// started before the scenario's year count, and an ended one naming a teacher or school no
    /// longer in the scenario is skipped with a warning.
    public var historyFromLedger = false

    public init(
        settings: SettingsText?, tables: [String: CSVTable], location: URL?, fileHashes: [String: String], problems: [Problem] = [],
        warnings: [Problem] = []
    ) {
        self.settings = settings
        self.tables = tables
        self.location = location
        self.fileHashes = fileHashes
        self.problems = problems
        self.warnings = warnings
    }
}

/// Reads a scenario (docs/scenario.md) and reports every problem in it at once.
public enum ScenarioLoader {
    public static let requiredFiles = ["scenario.yaml", "schools.csv", "teachers.csv", "demand.csv"]
    public static let optionalFiles = ["history.csv", "pins.csv", "distances.csv"]
    /// The table of objections a re-plan adds to the pins (never a file of the scenario itself).
    public static let objectionsTable = "objections.csv"
    public static let tableFiles = ["schools.csv", "teachers.csv", "demand.csv", "history.csv", "pins.csv", "distances.csv"]

    /// Loads and validates the CSV folder `folder`, applying `--set` overrides to scenario.yaml
    /// first. `replacing` reads a file of the scenario from elsewhere, e.g. a later year's
    /// history.csv; `planningYear` reads the scenario for a later year (see `load(source:)`).
    public static func load(
        folder: URL, overrides: [SettingOverride] = [], replacing: [String: URL] = [:], planningYear: Int? = nil
    ) throws(ScenarioError) -> Scenario {
        try load(source: try source(folder: folder, replacing: replacing), overrides: overrides, planningYear: planningYear)
    }

    /// A folder of scenario.yaml and CSV files, read; a file in GB18030 is read with a warning.
    public static func source(folder: URL, replacing: [String: URL] = [:]) throws(ScenarioError) -> ScenarioSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ScenarioError([Problem(file: folder.path, "is not a scenario folder (it does not exist or is not a folder).")])
        }
        var files: [String: Data] = [:]
        var problems = ProblemList()
        for name in requiredFiles + optionalFiles {
            let url = replacing[name] ?? folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                files[name] = try Data(contentsOf: url)
            } catch {
                problems.add(name, "could not be read: \(error.localizedDescription)")
            }
        }
        var source = source(files: files, location: folder)
        source.problems = problems.problems + source.problems
        return source
    }

    /// Scenario files given as bytes (scenario.yaml and the CSV files).
    public static func source(files: [String: Data], location: URL? = nil) -> ScenarioSource {
        var problems = ProblemList()
        var warnings: [Problem] = []
        for name in requiredFiles where files[name] == nil {
            problems.add(name, "is missing; a scenario folder needs \(requiredFiles.joined(separator: ", ")).")
        }
        var settings: ScenarioSource.SettingsText?
        if let data = files["scenario.yaml"] {
            if let text = String(data: data, encoding: .utf8) {
                settings = .yaml(text)
            } else {
                problems.add("scenario.yaml", "is not UTF-8 text.", hint: "Save it as UTF-8.")
            }
        }
        var tables: [String: CSVTable] = [:]
        for name in tableFiles {
            guard let data = files[name], let table = CSV.parse(data, file: name, problems: &problems, warnings: &warnings) else { continue }
            tables[name] = table.withEnglishHeader(for: name)
        }
        var hashes: [String: String] = [:]
        for (name, data) in files { hashes[name] = SHA256.hex(data) }
        return ScenarioSource(
            settings: settings, tables: tables, location: location, fileHashes: hashes, problems: problems.problems, warnings: warnings)
    }

    /// Builds a scenario from file contents; the folder name is used only for a warning.
    public static func load(
        files: [String: Data], folderName: String? = nil, overrides: [SettingOverride] = [], planningYear: Int? = nil
    ) throws(ScenarioError) -> Scenario {
        try load(source: source(files: files, location: folderName.map { URL(fileURLWithPath: $0) }), overrides: overrides,
                 planningYear: planningYear)
    }

    /// Validates a scenario as read, under `overrides` of its settings.
    ///
    /// With `planningYear` after the scenario's year, the scenario is read for that later year
    /// (several years at once): teachers are older by the difference (one more year at the
    /// school, one less to retirement, each year; the retired leave), and the pins, which hold
    /// decisions for the scenario's own year, are not applied.
    public static func load(
        source: ScenarioSource, overrides: [SettingOverride] = [], planningYear: Int? = nil
    ) throws(ScenarioError) -> Scenario {
        var problems = ProblemList()
        problems.append(contentsOf: source.problems)
        let scenario = parse(source, overrides: overrides, planningYear: planningYear, problems: &problems)
        guard problems.isEmpty, let scenario else { throw ScenarioError(problems.problems) }
        return scenario
    }

    private static func parse(
        _ source: ScenarioSource, overrides: [SettingOverride], planningYear: Int?, problems: inout ProblemList
    ) -> Scenario? {
        var warnings = source.warnings
        var settings = Settings()
        switch source.settings {
        case .yaml(let text)?:
            settings = SettingsReader.read(text: text, overrides: overrides, problems: &problems, warnings: &warnings)
        case .sheet(let name, let rows)?:
            settings = SettingsReader.read(sheet: name, rows: rows, overrides: overrides, problems: &problems, warnings: &warnings)
        case nil:
            break
        }
        if let folder = source.location, folder.pathExtension.isEmpty, !settings.slug.isEmpty, folder.lastPathComponent != settings.slug {
            warnings.append(Problem(
                file: "scenario.yaml", column: "slug",
                "'\(settings.slug)' differs from the folder name '\(folder.lastPathComponent)' (fine for a copy made for a variant)."))
        }
        var aging = 0
        if let planningYear, planningYear > settings.year, settings.year > 0 {
            aging = planningYear - settings.year
            settings.year = planningYear
            if let pins = source.tables["pins.csv"] {
                warnings.append(Problem(file: pins.file, "holds decisions for \(planningYear - aging); not applied to \(planningYear)."))
            }
        }
        var builder = Builder(settings: settings)
        if let schools = source.tables["schools.csv"] { builder.readSchools(schools, problems: &problems) }
        if let teachers = source.tables["teachers.csv"] { builder.readTeachers(teachers, problems: &problems) }
        if let demand = source.tables["demand.csv"] { builder.readDemand(demand, problems: &problems) }
        if let history = source.tables["history.csv"] {
            builder.readHistory(history, fromLedger: source.historyFromLedger, problems: &problems, warnings: &warnings)
        }
        if aging == 0, let pins = source.tables["pins.csv"] { builder.readPins(pins, problems: &problems) }
        // Objections heard during the public notice (the workstation's objections.csv) are pins too.
        if aging == 0, let objections = source.tables[ScenarioLoader.objectionsTable] { builder.readPins(objections, problems: &problems) }
        if let distances = source.tables["distances.csv"] { builder.readDistances(distances, problems: &problems) }
        guard problems.isEmpty else { return nil }
        warnings += builder.subjectWarnings(teachers: source.tables["teachers.csv"]?.file, demand: source.tables["demand.csv"]?.file)
        var scenario = Scenario(
            settings: settings, schools: builder.schools, teachers: builder.teachers,
            communities: builder.communities, demand: builder.demand, history: builder.history,
            pins: builder.pins, distanceOverrides: builder.distances, schoolIndex: builder.schoolIndex,
            teacherIndex: builder.teacherIndex, warnings: warnings, folder: source.location, fileHashes: source.fileHashes)
        scenario.historyFromLedger = source.historyFromLedger
        // Read for a later year: everyone older, the retired gone (`Scenario.aged(by:)`).
        scenario.ageTeachers(by: aging)
        return scenario
    }
}

/// Accumulates validated rows file by file; later files check references to earlier ones.
private struct Builder {
    let settings: Settings
    var schools: [School] = []
    var schoolIndex: [String: Int] = [:]
    var communities: [Community] = []
    var teachers: [Teacher] = []
    var teacherIndex: [String: Int] = [:]
    var demand: [SchoolSubject: Demand] = [:]
    var history: [HistoryEntry] = []
    var pins: [Int: Pin] = [:]
    var distances: [SchoolPair: Double] = [:]
    /// What problems call the schools and teachers tables (a file, or a workbook's sheet).
    var schoolsFile = "schools.csv"
    var teachersFile = "teachers.csv"
    /// Rows with problems: their ids are known, their other fields are not to be trusted.
    var invalidSchools: Set<Int> = []
    var invalidTeachers: Set<Int> = []

    init(settings: Settings) {
        self.settings = settings
    }

    mutating func readSchools(_ table: CSVTable, problems: inout ProblemList) {
        schoolsFile = table.file
        let reader = TableReader(table: table, required: ["id", "name", "kind", "lat", "lon"], problems: &problems)
        if reader.records.isEmpty && table.header.count > 0 {
            problems.add(reader.file, "has no schools (only a header).")
        }
        // Sites name their parent by id, which may stand on a later row: resolved after the rows.
        var parentIds: [Int: (id: String, row: Int, community: String?)] = [:]
        // Every row's community, kept even for a row with other problems, so that one bad field of a
        // lead does not also report its community as leaderless.
        var memberships: [(school: Int, kind: SchoolKind, community: String)] = []
        for record in reader.records {
            let id = reader.text(record, "id", required: true, expected: "a school id", problems: &problems)
            let name = reader.text(record, "name", required: true, expected: "the school's name", problems: &problems)
            let kind = reader.choice(record, "kind", as: SchoolKind.self, aliases: Vocabulary.kinds, problems: &problems)
            let community = reader.text(record, "community", problems: &problems)
            let parent = reader.text(record, "parent", problems: &problems)
            let latitude = reader.number(record, "lat", -90...90, what: "a latitude in degrees", problems: &problems)
            let longitude = reader.number(record, "lon", -180...180, what: "a longitude in degrees", problems: &problems)
            let level = reader.choice(record, "level", as: SchoolLevel.self, aliases: Vocabulary.levels, required: false, problems: &problems)
            if let kind {
                switch (kind, community, parent) {
                case (.lead, nil, _), (.member, nil, _):
                    problems.add(
                        reader.table, row: record.number, column: "community",
                        "is empty; a \(kind.rawValue) school must name its community.")
                case (.independent, let community?, _):
                    problems.add(
                        reader.table, row: record.number, column: "community",
                        "'\(community)' is given for an independent school, which is in no community.",
                        hint: "Leave it empty, or set kind to member.")
                case (.site, _, nil):
                    problems.add(
                        reader.table, row: record.number, column: "parent",
                        "is empty; a site (村小, 教学点) must name the member school (rural central school) that manages it.")
                default: break
                }
                if kind != .site, let parent {
                    problems.add(
                        reader.table, row: record.number, column: "parent",
                        "'\(parent)' is given for a \(kind.rawValue) school; only a site has a parent.",
                        hint: "Leave it empty, or set kind to site.")
                }
            }
            let rural = reader.yesNo(record, "rural", default: kind == .member || kind == .site, problems: &problems)
            guard let id else { continue }
            if let first = schoolIndex[id] {
                problems.add(
                    reader.table, row: record.number, column: "id",
                    "'\(id)' is used again (first on row \(schools[first].row)); school ids must be unique.")
                continue
            }
            let index = schools.count
            schoolIndex[id] = index
            if let kind, let community, kind == .lead || kind == .member { memberships.append((index, kind, community)) }
            guard let name, let kind, let latitude, let longitude else {
                // The id stays known so that other files' references to it raise no second problem.
                invalidSchools.insert(index)
                schools.append(School(
                    id: id, name: name ?? id, kind: .independent, community: nil, rural: rural, latitude: 0,
                    longitude: 0, level: nil, communityIndex: nil, row: record.number))
                continue
            }
            if kind == .site, let parent { parentIds[index] = (parent, record.number, community) }
            schools.append(School(
                id: id, name: name, kind: kind, community: kind == .independent ? nil : community,
                rural: rural, latitude: latitude, longitude: longitude, level: level, communityIndex: nil,
                row: record.number))
        }
        resolveParents(parentIds, table: reader.table, problems: &problems)
        buildCommunities(memberships, table: reader.table, problems: &problems)
    }

    /// Each site's parent must be a member; the site takes the parent's community.
    private mutating func resolveParents(
        _ parentIds: [Int: (id: String, row: Int, community: String?)], table: CSVTable, problems: inout ProblemList
    ) {
        for site in parentIds.keys.sorted() {
            let (parentId, row, community) = parentIds[site]!
            guard let parent = schoolIndex[parentId] else {
                problems.add(
                    table, row: row, column: "parent", "'\(parentId)' is not a school in schools.csv.",
                    hint: Suggestion.hint(for: parentId, among: schoolIndex.keys.sorted()))
                invalidSchools.insert(site)
                continue
            }
            guard !invalidSchools.contains(parent) else {
                invalidSchools.insert(site)
                continue
            }
            switch schools[parent].kind {
            case .member:
                break
            case .site:
                problems.add(
                    table, row: row, column: "parent",
                    "'\(parentId)' is itself a site; a site's parent is the member school (rural central school) that manages it.",
                    hint: schools[parent].parent.map { "Maybe '\(schools[$0].id)', the parent of '\(parentId)'?" })
                invalidSchools.insert(site)
                continue
            case .lead, .independent:
                problems.add(
                    table, row: row, column: "parent",
                    "'\(parentId)' is a \(schools[parent].kind.rawValue) school; a site's parent must be a member school (rural central school).")
                invalidSchools.insert(site)
                continue
            }
            if let community, community != schools[parent].community {
                problems.add(
                    table, row: row, column: "community",
                    "'\(community)' differs from the community of its parent \(parentId) ('\(schools[parent].community ?? "")'); a site belongs to its parent's community.",
                    hint: "Leave it empty, or write '\(schools[parent].community ?? "")'.")
                invalidSchools.insert(site)
                continue
            }
            schools[site].parent = parent
            schools[site].community = schools[parent].community
        }
    }

    /// One lead and at least one member per community; each member with its sites.
    private mutating func buildCommunities(
        _ memberships: [(school: Int, kind: SchoolKind, community: String)], table: CSVTable, problems: inout ProblemList
    ) {
        var communityRows: [String: (leads: [Int], members: [Int], firstRow: Int)] = [:]
        for (index, kind, community) in memberships {
            var entry = communityRows[community] ?? ([], [], schools[index].row)
            if kind == .lead { entry.leads.append(index) } else { entry.members.append(index) }
            communityRows[community] = entry
        }
        var sitesOf: [Int: [Int]] = [:]
        for (index, school) in schools.enumerated() where school.kind == .site && !invalidSchools.contains(index) {
            if let parent = school.parent { sitesOf[parent, default: []].append(index) }
        }
        for communityId in communityRows.keys.sorted() {
            let entry = communityRows[communityId]!
            if entry.leads.isEmpty {
                problems.add(
                    table, row: entry.firstRow, column: "community",
                    "community '\(communityId)' has no lead school; exactly one school of kind lead is needed.")
                continue
            }
            if entry.leads.count > 1 {
                let rows = entry.leads.map { String(schools[$0].row) }.joined(separator: ", ")
                problems.add(
                    table, row: schools[entry.leads[1]].row, column: "kind",
                    "community '\(communityId)' has \(entry.leads.count) lead schools (rows \(rows)); exactly one is allowed.")
                continue
            }
            if entry.members.isEmpty {
                problems.add(
                    table, row: schools[entry.leads[0]].row, column: "community",
                    "community '\(communityId)' has no member school; a community is one lead and at least one member.")
                continue
            }
            let index = communities.count
            let units = entry.members.map { MemberUnit(member: $0, sites: sitesOf[$0] ?? []) }
            communities.append(Community(id: communityId, lead: entry.leads[0], units: units))
            for school in [entry.leads[0]] + units.flatMap(\.schools) { schools[school].communityIndex = index }
        }
    }

    mutating func readTeachers(_ table: CSVTable, problems: inout ProblemList) {
        teachersFile = table.file
        let required = ["id", "name", "school", "subject", "role", "years_at_school", "years_to_retirement"]
        let reader = TableReader(table: table, required: required, problems: &problems)
        if reader.records.isEmpty && table.header.count > 0 {
            problems.add(reader.file, "has no teachers (only a header).")
        }
        for record in reader.records {
            let id = reader.text(record, "id", required: true, expected: "a teacher id", problems: &problems)
            let name = reader.text(record, "name", required: true, expected: "the teacher's name", problems: &problems)
            let home = reader.reference(record, "school", in: schoolIndex, what: "a school", source: schoolsFile, problems: &problems)
            let subject = reader.text(record, "subject", required: true, expected: "a subject key, e.g. math or music", problems: &problems)
                .map(Vocabulary.subject)
            let role = reader.choice(record, "role", as: Role.self, aliases: Vocabulary.roles, problems: &problems)
            let title = reader.text(record, "title", problems: &problems)
            let years = reader.integer(record, "years_at_school", 0...60, what: " of years", problems: &problems)
            let toRetirement = reader.integer(record, "years_to_retirement", 0...60, what: " of years", problems: &problems)
            let exempt = reader.text(record, "exempt", problems: &problems).flatMap { Vocabulary.meansNotExempt($0) ? nil : $0 }
            let gender = reader.text(record, "gender", problems: &problems).flatMap { text -> String? in
                guard let gender = Vocabulary.gender(text) else {
                    problems.add(reader.table, row: record.number, column: "gender", "'\(text)' is not a gender; expected 男, 女, m or f.")
                    return nil
                }
                return gender
            }
            let volunteer = reader.yesNo(record, "volunteer", default: false, problems: &problems)
            let maxPeriods = reader.integer(record, "max_periods", 0...60, required: false, what: " of weekly periods", problems: &problems) ?? 16
            let itinerant = reader.yesNo(record, "itinerant", default: true, problems: &problems)
            let days = readDays(reader, record, problems: &problems)
            guard let id else { continue }
            if let first = teacherIndex[id] {
                problems.add(
                    reader.table, row: record.number, column: "id",
                    "'\(id)' is used again (first on row \(teachers[first].row)); teacher ids must be unique.")
                continue
            }
            teacherIndex[id] = teachers.count
            guard let name, let home, let subject, let role, let years, let toRetirement, let days,
                !invalidSchools.contains(home)
            else {
                invalidTeachers.insert(teachers.count)
                teachers.append(Teacher(
                    id: id, name: name ?? id, home: home ?? 0, subject: subject ?? "", role: role ?? .regular,
                    title: nil, yearsAtSchool: 0, yearsToRetirement: 0, exemptReason: nil, volunteer: false,
                    maxPeriods: 0, itinerantAllowed: false, availableDays: [], row: record.number))
                continue
            }
            teachers.append(Teacher(
                id: id, name: name, home: home, subject: subject, role: role, title: title,
                yearsAtSchool: years, yearsToRetirement: toRetirement, exemptReason: exempt,
                volunteer: volunteer, maxPeriods: maxPeriods, itinerantAllowed: itinerant,
                availableDays: days, row: record.number, gender: gender))
        }
    }

    private func readDays(_ reader: TableReader, _ record: CSVRecord, problems: inout ProblemList) -> [Weekday]? {
        guard let text = reader.text(record, "available_days", problems: &problems) else { return Weekday.allCases }
        var days: Set<Weekday> = []
        let names = Weekday.allCases.map(\.rawValue)
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" || $0 == "," || $0 == "，" }) {
            let written = CSV.trimmed(String(part))
            let word = Vocabulary.weekdays[written] ?? written.lowercased()
            guard let day = Weekday(rawValue: word) else {
                problems.add(
                    reader.table, row: record.number, column: "available_days",
                    "'\(written)' is not a school day; expected days from mon;tue;wed;thu;fri (or 周一 … 周五) separated by ';'.",
                    hint: Suggestion.hint(for: word, among: names))
                return nil
            }
            days.insert(day)
        }
        return days.sorted()
    }

    mutating func readDemand(_ table: CSVTable, problems: inout ProblemList) {
        let reader = TableReader(table: table, required: ["school", "subject", "teachers"], problems: &problems)
        for record in reader.records {
            let school = reader.reference(record, "school", in: schoolIndex, what: "a school", source: schoolsFile, problems: &problems)
            let subject = reader.text(record, "subject", required: true, expected: "a subject key", problems: &problems).map(Vocabulary.subject)
            let needed = reader.integer(record, "teachers", 0...10_000, what: " of teachers", problems: &problems)
            let periods = reader.integer(record, "periods", 0...100_000, required: false, what: " of weekly periods", problems: &problems)
            guard let school, let subject, let needed else { continue }
            let key = SchoolSubject(school, subject)
            if let first = demand[key] {
                problems.add(
                    reader.table, row: record.number, column: "subject",
                    "'\(schools[school].id)' and '\(subject)' are listed again (first on row \(first.row)); give each school and subject once.")
                continue
            }
            demand[key] = Demand(teachers: needed, periods: periods ?? needed * 16, row: record.number)
        }
    }

    mutating func readHistory(_ table: CSVTable, fromLedger: Bool = false, problems: inout ProblemList, warnings: inout [Problem]) {
        let reader = TableReader(table: table, required: ["teacher", "from", "to", "start_year", "end_year"], problems: &problems)
        let year = settings.year
        var rotationsByTeacher: [Int: [HistoryEntry]] = [:]
        for record in reader.records {
            if fromLedger {
                // The ledger holds every year; a year being planned or re-planned sees only the years before it.
                let start = Int(reader.table.value(record, "start_year")) ?? 0
                let end = Int(reader.table.value(record, "end_year")) ?? 0
                if year > 0 && start >= year { continue }
                let names = ["teacher": teacherIndex, "from": schoolIndex, "to": schoolIndex]
                let gone = names.keys.sorted().filter { names[$0]![reader.table.value(record, $0)] == nil }
                if end < year && !gone.isEmpty {
                    warnings.append(Problem(
                        file: table.file, row: record.number,
                        "the ended secondment of \(reader.table.value(record, "teacher")) (\(start)–\(end)) names \(gone.map { "'\(reader.table.value(record, $0))'" }.joined(separator: " and ")), no longer in the scenario; skipped."))
                    continue
                }
            }
            let teacher = reader.reference(record, "teacher", in: teacherIndex, what: "a teacher", source: teachersFile, problems: &problems)
            let from = reader.reference(record, "from", in: schoolIndex, what: "a school", source: schoolsFile, problems: &problems)
            let to = reader.reference(record, "to", in: schoolIndex, what: "a school", source: schoolsFile, problems: &problems)
            let start = reader.integer(record, "start_year", 1950...2100, what: " (a school year)", problems: &problems)
            let end = reader.integer(record, "end_year", 1950...2100, what: " (a school year)", problems: &problems)
            let kind = reader.choice(record, "kind", as: HistoryKind.self, aliases: Vocabulary.historyKinds, required: false, problems: &problems) ?? .rotation
            guard let teacher, let from, let to, let start, let end, !invalidTeachers.contains(teacher) else { continue }
            var ok = true
            if from == to {
                problems.add(reader.table, row: record.number, column: "to", "'\(schools[to].id)' is the same school as from; a secondment goes elsewhere.")
                ok = false
            }
            if start > end {
                problems.add(reader.table, row: record.number, column: "start_year", "\(start) is after end_year \(end).")
                ok = false
            }
            if year > 0 && start > year {
                problems.add(
                    reader.table, row: record.number, column: "start_year",
                    "\(start) is after the year being planned (\(year)); history holds past and running secondments only.",
                    hint: "A secondment HR has decided for \(year) belongs in pins.csv.")
                ok = false
            }
            guard ok else { continue }
            let entry = HistoryEntry(teacher: teacher, from: from, to: to, startYear: start, endYear: end, kind: kind, row: record.number)
            if kind == .rotation {
                if start <= year && year <= end && from != teachers[teacher].home {
                    problems.add(
                        reader.table, row: record.number, column: "from",
                        "'\(schools[from].id)' is not the home school of \(teachers[teacher].id) ('\(schools[teachers[teacher].home].id)'); a running secondment starts at the home school.")
                    continue
                }
                if let clash = rotationsByTeacher[teacher, default: []].first(where: { $0.startYear <= end && start <= $0.endYear }) {
                    problems.add(
                        reader.table, row: record.number, column: "start_year",
                        "\(teachers[teacher].id)'s secondment \(start)–\(end) overlaps the one on row \(clash.row) (\(clash.startYear)–\(clash.endYear)).")
                    continue
                }
                rotationsByTeacher[teacher, default: []].append(entry)
            }
            history.append(entry)
        }
    }

    mutating func readPins(_ table: CSVTable, problems: inout ProblemList) {
        let reader = TableReader(table: table, required: ["teacher", "action"], problems: &problems)
        for record in reader.records {
            let teacher = reader.reference(record, "teacher", in: teacherIndex, what: "a teacher", source: teachersFile, problems: &problems)
            let actionText = reader.text(record, "action", required: true, expected: "stay, rotate or to", problems: &problems)
            let school = reader.reference(record, "school", in: schoolIndex, what: "a school", source: schoolsFile, required: false, problems: &problems)
            let note = reader.text(record, "note", problems: &problems)
            guard let teacher, let written = actionText, !invalidTeachers.contains(teacher) else { continue }
            let action = Vocabulary.pinActions[written] ?? written
            let home = teachers[teacher].home
            let homeSchool = schools[home]
            var pinAction: PinAction
            switch action {
            case "stay":
                pinAction = .stay
            case "rotate":
                pinAction = .rotate
            case "to":
                guard let school else {
                    if reader.text(record, "school", problems: &problems) == nil {
                        problems.add(reader.table, row: record.number, column: "school", "is empty; a 'to' pin names the target school.")
                    }
                    continue
                }
                pinAction = .to(school)
            default:
                problems.add(
                    reader.table, row: record.number, column: "action", "'\(written)' is not valid; expected stay, rotate or to (留任, 交流, 指定).",
                    hint: Suggestion.hint(for: written, among: ["stay", "rotate", "to", "留任", "交流", "指定"]))
                continue
            }
            if pinAction != .stay && homeSchool.kind == .independent {
                problems.add(
                    reader.table, row: record.number, column: "action",
                    "\(teachers[teacher].id) works at \(homeSchool.id), an independent school in no community; only 'stay' can be pinned.")
                continue
            }
            if case .to(let target) = pinAction {
                let community = homeSchool.communityIndex.map { communities[$0] }
                let allowed: [Int]
                switch homeSchool.kind {
                case .lead: allowed = community?.receivingSchools ?? []
                case .member, .site: allowed = community.map { [$0.lead] } ?? []
                case .independent: allowed = []
                }
                if !allowed.contains(target) {
                    let names = allowed.map { schools[$0].id }.joined(separator: ", ")
                    let rule = homeSchool.kind == .lead
                        ? "a lead school's teacher goes to a member or site of its community (\(names))"
                        : "a \(homeSchool.kind.rawValue) school's teacher goes to its lead school (\(names))"
                    problems.add(
                        reader.table, row: record.number, column: "school",
                        "'\(schools[target].id)' is outside \(teachers[teacher].id)'s community; \(rule).")
                    continue
                }
            }
            if let first = pins[teacher] {
                problems.add(
                    reader.table, row: record.number, column: "teacher",
                    "\(teachers[teacher].id) is pinned again (first in \(first.place)); give each teacher one pin.")
                continue
            }
            pins[teacher] = Pin(teacher: teacher, action: pinAction, note: note, row: record.number, file: table.file)
        }
    }

    mutating func readDistances(_ table: CSVTable, problems: inout ProblemList) {
        let reader = TableReader(table: table, required: ["from", "to", "km"], problems: &problems)
        var given: [SchoolPair: Int] = [:]
        for record in reader.records {
            let from = reader.reference(record, "from", in: schoolIndex, what: "a school", source: schoolsFile, problems: &problems)
            let to = reader.reference(record, "to", in: schoolIndex, what: "a school", source: schoolsFile, problems: &problems)
            let km = reader.number(record, "km", 0...10_000, what: "road kilometres", problems: &problems)
            guard let from, let to, let km else { continue }
            if from == to {
                problems.add(reader.table, row: record.number, column: "to", "'\(schools[to].id)' is the same school as from.")
                continue
            }
            if let first = given[SchoolPair(from, to)] {
                problems.add(
                    reader.table, row: record.number, column: "to",
                    "\(schools[from].id) → \(schools[to].id) is given again (first on row \(first)).")
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

    /// A subject taught in teachers.csv but asked for in no demand row, or the other way round,
    /// when a close spelling stands on the other side: probably one subject written two ways.
    func subjectWarnings(teachers: String?, demand: String?) -> [Problem] {
        guard let teachers, let demand else { return [] }
        let taught = Set(self.teachers.map(\.subject))
        let asked = Set(self.demand.keys.map(\.subject))
        var warnings: [Problem] = []
        for subject in taught.subtracting(asked).sorted() {
            if let close = Suggestion.closest(to: subject, among: asked.subtracting(taught).sorted()) {
                warnings.append(Problem(
                    file: teachers, column: "subject",
                    "'\(subject)' is taught but asked for in no row of \(demand), which has '\(close)'; if they are one subject, write it one way."))
            }
        }
        for subject in asked.subtracting(taught).sorted() {
            if let close = Suggestion.closest(to: subject, among: taught.subtracting(asked).sorted()) {
                warnings.append(Problem(
                    file: demand, column: "subject",
                    "'\(subject)' is asked for but taught by nobody in \(teachers), who teach '\(close)'; if they are one subject, write it one way."))
            }
        }
        return warnings
    }
}

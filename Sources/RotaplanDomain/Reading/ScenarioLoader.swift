import Foundation

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
            throw ScenarioError([
                Problem(
                    file: folder.path, "is not a scenario folder (it does not exist or is not a folder).",
                    chinese: "不是方案文件夹（不存在，或不是文件夹）。")
            ])
        }
        var files: [String: Data] = [:]
        var problems = ProblemList()
        for name in requiredFiles + optionalFiles {
            let url = replacing[name] ?? folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                // A file given in place of the scenario's is never optional: a mistyped path
                // must not read as "no history" (a history is imported into the ledger once).
                if replacing[name] != nil {
                    problems.add(
                        Problem(
                            file: url.path, "does not exist; it was given in place of the scenario's \(name).",
                            chinese: "不存在；它是代替方案中 \(name) 的文件。"))
                }
                continue
            }
            do {
                files[name] = try Data(contentsOf: url)
            } catch {
                let trouble = FileTrouble(error, at: url)
                // A file given in place of the scenario's is named by its path.
                let file = replacing[name] == nil ? name : url.path
                problems.add(file, "could not be read: \(trouble.english).", zh: "无法读取：\(trouble.chinese)。")
            }
        }
        var source = source(files: files, location: folder)
        source.problems = problems.problems + source.problems
        for (name, url) in replacing { source.named(name, as: url.relativePath) }
        return source
    }

    /// Scenario files given as bytes (scenario.yaml and the CSV files).
    public static func source(files: [String: Data], location: URL? = nil) -> ScenarioSource {
        var problems = ProblemList()
        var warnings: [Problem] = []
        for name in requiredFiles where files[name] == nil {
            problems.add(
                name, "is missing; a scenario folder needs \(requiredFiles.joined(separator: ", ")).",
                zh: "缺少此文件；方案文件夹须有 \(WrittenText.chineseList(requiredFiles))。")
        }
        var settings: ScenarioSource.SettingsText?
        if let data = files["scenario.yaml"] {
            settings = yaml(data, problems: &problems, warnings: &warnings)
        }
        var tables: [String: CSVTable] = [:]
        for name in tableFiles {
            guard let data = files[name], let table = CSV.parse(data, file: name, problems: &problems, warnings: &warnings) else { continue }
            tables[name] = table
        }
        var hashes: [String: String] = [:]
        for (name, data) in files { hashes[name] = SHA256.hex(data) }
        return ScenarioSource(
            settings: settings, tables: tables, location: location, fileHashes: hashes, problems: problems.problems, warnings: warnings)
    }

    /// scenario.yaml's text: UTF-8, or GB18030 (a Chinese editor's default) with a warning.
    static func yaml(_ data: Data, problems: inout ProblemList, warnings: inout [Problem]) -> ScenarioSource.SettingsText? {
        var bytes = [UInt8](data)
        if bytes.starts(with: CSV.byteOrderMark) { bytes.removeFirst(3) }
        if CSV.firstInvalidUTF8(bytes) == nil { return .yaml(String(decoding: bytes, as: UTF8.self)) }
        if let decoded = GB18030.decode(bytes) {
            warnings.append(
                Problem(
                    file: "scenario.yaml", "is not UTF-8; it was read as GB18030, the encoding Chinese Windows editors use.",
                    hint: "Saving it as UTF-8 avoids the guess.",
                    chinese: "不是 UTF-8 编码，已按 GB18030（中文 Windows 编辑器的默认编码）读取。", chineseHint: "保存为 UTF-8 可免去猜测。"))
            return .yaml(decoded)
        }
        problems.add(
            "scenario.yaml", "is neither UTF-8 nor GB18030 text.", hint: "Save it as UTF-8.",
            zh: "既不是 UTF-8 也不是 GB18030 文本。", zhHint: "请保存为 UTF-8。")
        return nil
    }

    /// Builds a scenario from file contents; the folder name is used only for a warning.
    public static func load(
        files: [String: Data], folderName: String? = nil, overrides: [SettingOverride] = [], planningYear: Int? = nil
    ) throws(ScenarioError) -> Scenario {
        try load(
            source: source(files: files, location: folderName.map { URL(fileURLWithPath: $0) }), overrides: overrides,
            planningYear: planningYear)
    }

    /// Validates a scenario as read, under `overrides` of its settings. Problems and warnings
    /// of a scenario written in Chinese are shown in Chinese first.
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
        problems.warnings = source.warnings
        let scenario = parse(source, overrides: overrides, planningYear: planningYear, problems: &problems)
        // A source whose tables could not be told Chinese (a workbook lacking its sheets) is
        // still answered in one language: Chinese when any of its problems is.
        let chinese = source.isChinese || problems.problems.contains(where: \.inChinese)
        let shown = { (problem: Problem) in problem.shown(inChinese: chinese || problem.inChinese) }
        guard problems.isEmpty, var scenario else {
            throw ScenarioError(problems.problems.map(shown), warnings: problems.warnings.map(shown))
        }
        scenario.warnings = problems.warnings.map(shown)
        return scenario
    }

    private static func parse(
        _ source: ScenarioSource, overrides: [SettingOverride], planningYear: Int?, problems: inout ProblemList
    ) -> Scenario? {
        var settings = Settings()
        switch source.settings {
        case .yaml(let text)?:
            settings = SettingsReader.read(text: text, overrides: overrides, problems: &problems)
        case .sheet(let name, let rows)?:
            settings = SettingsReader.read(sheet: name, rows: rows, overrides: overrides, problems: &problems)
        case nil:
            break
        }
        // A data version of a workspace (`ROOT/<slug>/data/<n>`, docs/workstation.md) is named
        // by its county's folder, two levels up.
        if let folder = source.location, folder.pathExtension.isEmpty, !settings.slug.isEmpty, folder.lastPathComponent != settings.slug,
            !(folder.deletingLastPathComponent().lastPathComponent == "data"
                && folder.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent == settings.slug)
        {
            problems.warn(
                Problem(
                    file: "scenario.yaml", column: "slug",
                    "'\(settings.slug)' differs from the folder name '\(folder.lastPathComponent)' (fine for a copy made for a variant).",
                    chinese: "“\(settings.slug)”与文件夹名“\(folder.lastPathComponent)”不同（为变体复制的文件夹可以如此）。"))
        }
        var aging = 0
        if let planningYear, planningYear > settings.year, settings.year > 0 {
            aging = planningYear - settings.year
            settings.year = planningYear
            if let pins = source.tables["pins.csv"] {
                problems.warn(
                    Problem(
                        file: pins.file, "holds decisions for \(planningYear - aging); not applied to \(planningYear).",
                        chinese: "是 \(planningYear - aging) 学年的已定安排，不用于 \(planningYear) 学年。"))
            }
        }
        var builder = Builder(settings: settings)
        // Without the schools (or the teachers), every row that names one would be a follow-on
        // problem of the one missing table (hundreds of them for a renamed sheet): the tables
        // that name them are read only when the table they name is there.
        let schoolsThere = source.tables["schools.csv"] != nil
        let teachersThere = schoolsThere && source.tables["teachers.csv"] != nil
        if let schools = source.tables["schools.csv"] { builder.readSchools(schools, problems: &problems) }
        if schoolsThere, let teachers = source.tables["teachers.csv"] { builder.readTeachers(teachers, problems: &problems) }
        if schoolsThere, let demand = source.tables["demand.csv"] { builder.readDemand(demand, problems: &problems) }
        if teachersThere, let history = source.tables["history.csv"] {
            builder.readHistory(history, fromLedger: source.historyFromLedger, problems: &problems)
        }
        if teachersThere, aging == 0, let pins = source.tables["pins.csv"] { builder.readPins(pins, as: "pins.csv", problems: &problems) }
        // Objections heard during the public notice (the workstation's objections.csv) are pins too.
        if teachersThere, aging == 0, let objections = source.tables[ScenarioLoader.objectionsTable] {
            builder.readPins(objections, as: "pins.csv", problems: &problems)
        }
        if schoolsThere, let distances = source.tables["distances.csv"] { builder.readDistances(distances, problems: &problems) }
        guard problems.isEmpty else { return nil }
        builder.subjectWarnings(problems: &problems)
        // An itinerant subject outside the vocabulary that nobody teaches and no school asks for
        // is never planned: most likely a slip (`音乐、XX`), said rather than left to a plan with
        // fewer visits. A known subject without teachers (the default art) is not a slip.
        let present = Set(builder.teachers.map(\.subject)).union(builder.demand.keys.map(\.subject))
        let known = Set(Vocabulary.subjects.codes)
        let absent = settings.policy.itinerant.subjects.filter { !present.contains($0) && !known.contains($0) }
        if !absent.isEmpty {
            let settingsFile: String
            if overrides.contains(where: { $0.key == "policy.itinerant.subjects" }) {
                settingsFile = "--set"
            } else if case .sheet(let name, _)? = source.settings {
                settingsFile = name
            } else {
                settingsFile = "scenario.yaml"
            }
            let english = absent.map { "'\($0)'" }.joined(separator: ", ")
            let chinese = absent.map { "“\(Display.subject($0))”" }.joined(separator: "、")
            // The known subject each most likely means (`音樂` → 音乐, `体育课` → 体育).
            let meant = absent.compactMap { subject in Builder.closestSubject(to: subject).map { (subject, $0) } }
            let englishMeant = meant.map { "'\($0.0)' → \($0.1)" }.joined(separator: ", ")
            let chineseMeant = meant.map { "“\($0.0)”也许是“\($0.1)”" }.joined(separator: "；")
            problems.warn(
                Problem(
                    file: settingsFile, column: "policy.itinerant.subjects",
                    "\(english): no teacher teaches it and no school asks for it, so no itinerant teaching is planned in it.",
                    hint: (meant.isEmpty ? "" : "Maybe \(englishMeant)? ")
                        + "Write the subjects as teachers.csv and demand.csv do (\(Vocabulary.subjects.names.joined(separator: ", "))).",
                    chinese: "\(chinese)无人任教、也无学校需要，不会为它安排走教。",
                    chineseHint: (meant.isEmpty ? "" : chineseMeant + "？") + "请按教师表和需求表中的学科填写。",
                    header: "走教学科"))
        }
        var scenario = Scenario(
            settings: settings, schools: builder.schools, teachers: builder.teachers,
            communities: builder.communities, demand: builder.demand, history: builder.history,
            pins: builder.pins, distanceOverrides: builder.distances, schoolIndex: builder.schoolIndex,
            teacherIndex: builder.teacherIndex, warnings: [], folder: source.location, fileHashes: source.fileHashes)
        scenario.historyFromLedger = source.historyFromLedger
        // Read for a later year: everyone older, the retired gone (`Scenario.aged(by:)`).
        scenario.ageTeachers(by: aging)
        warnIneligiblePins(scenario, problems: &problems)
        return scenario
    }

    /// A pin that sends a teacher who may not go makes the plan infeasible (R7): said when the
    /// scenario is read (`check`, the workstation's data page), not first by a solve that finds
    /// no plan. Pins carried over from last year meet a new cooldown this way.
    private static func warnIneligiblePins(_ scenario: Scenario, problems: inout ProblemList) {
        guard scenario.pins.values.contains(where: { $0.action != .stay }) else { return }
        let eligibility = Eligibility(scenario, staffing: Staffing(scenario))
        for (index, pin) in scenario.pins.sorted(by: { $0.value.row < $1.value.row }) {
            guard pin.action != .stay, !eligibility.mayMove(index) else { continue }
            let teacher = scenario.teachers[index]
            let reasons = eligibility.reasons[index]
            problems.warnings.append(
                Problem(
                    file: pin.file, row: pin.row, column: "teacher",
                    "\(teacher.id) (\(teacher.name)) is pinned to go, but may not be seconded or exchanged (\(reasons.map(\.short).joined(separator: ", "))): a solve will find no plan. Remove the row, or correct the teacher.",
                    chinese: "\(teacher.name)（\(teacher.id)）被固定为交流，但不具备交流资格：\(reasons.map(\.description).joined(separator: "；"))；求解将无可行方案。请删去该行，或改正教师。"
                ))
        }
    }
}

import Foundation
import RotaplanDomain
import RotaplanReport
import RotaplanResults
import Testing

/// `rotaplan solve` and `rotaplan verify` as a user runs them: files, exit codes, no partial output.
@Suite struct SolveCommandTests {
    /// One community with a required move, a member short of a music teacher and a music
    /// teacher at the lead who can visit.
    static var world: TinyWorld {
        var world = TinyWorld([
            "policy.rotation.min_ratio": "0.5", "policy.rotation.min_cadres_per_member": "1",
            "policy.rotation.balance_tolerance": "1",
        ])
        world.community("C", lead: "L", members: ["M"])
        world.km("L", "M", 12)
        world.teacher("K", at: "L", .cadre, years: 12)
        world.teacher("T", at: "L", "music", years: 3)
        world.teacher("S", at: "M", "math", years: 9)
        world.demand("L", "music", teachers: 1, periods: 8)
        world.demand("M", "music", teachers: 1, periods: 6)
        return world
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-out-\(UUID().uuidString)")
    }

    @Test func solveWritesAPlanThatVerifies() throws {
        let scenario = try Self.world.files.write()
        let out = Self.temporaryFolder().appendingPathComponent("plan")
        defer {
            try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: out.deletingLastPathComponent())
        }
        let overrides = Self.world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        let run = CLI.run(["solve", scenario.path, "--out", out.path] + overrides)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("rotation: optimal"))
        // Without a terminal, a log gets one line as each part ends.
        let log = run.errors.split(separator: "\n").filter { $0.hasPrefix("rotation: ") || $0.hasPrefix("itinerant: ") }
        #expect(log.count == 2 && log[0].hasPrefix("rotation: optimal objective ") && log[1].hasPrefix("itinerant: optimal objective "), "\(log)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["itinerant.csv", "plan.json", "plan.xlsx", "report.html", "rotations.csv", "schools.csv"])
        let rotations = try Data(contentsOf: out.appendingPathComponent("rotations.csv"))
        #expect(rotations.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with BOM for spreadsheet programs")
        let text = String(decoding: rotations.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("姓名,工号,原单位,交流单位,学科,身份,交流方式,期限,距离(公里)\n"))
        #expect(text.contains("教师K,K,L校,M校,语文,中层以上干部,牵头校派出交流,2025年9月—2026年7月,12.0"))
        let timetable = String(decoding: try Data(contentsOf: out.appendingPathComponent("itinerant.csv")).dropFirst(3), as: UTF8.self)
        #expect(timetable.hasPrefix("姓名,学科,所在学校,星期,走教学校,课时,距离(公里)\n"))
        // M needs 6 periods: two visits (one of 4 would leave 2 uncovered at 500 each); how the 6
        // are split between the days (3 + 3 or 4 + 2) costs the same.
        let visits = timetable.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(visits.map { $0[3] } == ["星期一", "星期二"])
        #expect(visits.allSatisfy { $0[0] == "教师T" && $0[4] == "M校" && $0[6] == "12.0" })
        #expect(visits.reduce(0) { $0 + Int($1[5])! } == 6)

        let verify = CLI.run(["verify", scenario.path, out.appendingPathComponent("plan.json").path] + overrides)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.hasPrefix("verify: ok rotation="))

        // The same plan under other settings breaks R4, and verify says so (exit 1).
        let stricter = CLI.run(
            ["verify", scenario.path, out.appendingPathComponent("plan.json").path] + overrides
                + ["--set", "policy.rotation.min_cadres_per_member=2"])
        #expect(stricter.status == 1)
        #expect(stricter.output.contains("R4: member unit M receives 1 cadres, at least 2 required"))
        #expect(stricter.output.hasSuffix("violations\n") || stricter.output.hasSuffix("violation\n"))
    }

    @Test func planJSONUsesPLANmdFieldNames() throws {
        // Art periods no teacher can give, so that `uncovered` has a line.
        let world = Self.world.with { $0.demand("M", "art", teachers: 0, periods: 4) }
        let scenario = try world.files.write()
        let out = Self.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: out)
        }
        let overrides = Self.world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        #expect(CLI.run(["solve", scenario.path, "--out", out.path, "--quiet"] + overrides).status == 0)
        let data = try Data(contentsOf: out.appendingPathComponent("plan.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(root.keys) == ["scenario", "year", "solver", "rotations", "itinerant", "uncovered", "compliance", "effort", "improvement", "meta"])
        let solver = try #require(root["solver"] as? [String: Any])
        for part in ["rotation", "itinerant"] {
            let report = try #require(solver[part] as? [String: Any])
            #expect(Set(report.keys) == ["method", "status", "objective", "bound", "gap", "seconds"])
        }
        func keys(_ list: String) throws -> Set<String> {
            let items = try #require(root[list] as? [[String: Any]])
            return Set(try #require(items.first).keys)
        }
        // `kind` says a community secondment from a county exchange (PLAN.md).
        #expect(try keys("rotations") == ["teacher", "from", "to", "direction", "role", "subject", "km", "start_year", "end_year", "kind"])
        #expect(try keys("itinerant") == ["teacher", "home", "school", "day", "subject", "periods", "km"])
        #expect(try keys("uncovered") == ["school", "subject", "periods"])
        #expect(try keys("compliance") == ["rule", "scope", "required", "actual", "ok"])
        #expect(try keys("effort") == ["school", "sent", "required", "cadres", "backbone", "itinerant_periods"])
        #expect(
            try keys("improvement") == [
                "school", "shortfall_before", "shortfall_after", "quality_before", "quality_after", "uncovered_before", "uncovered_after",
            ])
        let rules = Set((root["compliance"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        #expect(rules == ["R2", "R3", "R4", "R5"])
    }

    @Test func infeasibleExitsTwoAndWritesTheDiagnosisOnlyWhereNoPlanIs() throws {
        var world = Self.world
        world.teacher("D", at: "L", exempt: "援疆支教")
        world.pin("D", "to", "M")
        let scenario = try world.files.write()
        let out = Self.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: out)
        }
        let overrides = world.overrides.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        let run = CLI.run(["solve", scenario.path, "--out", out.path] + overrides)
        #expect(run.status == 2)
        #expect(run.errors.contains("已定安排（R7）：按 pins.csv 第 2 行，L校（L）的教师D（D）须交流到 M校（M），但该教师不符合交流条件：免于交流（援疆支教）。"), "\(run.errors)")
        let diagnosis = try String(contentsOf: out.appendingPathComponent("infeasible.txt"), encoding: .utf8)
        #expect(diagnosis.hasPrefix("无可行方案：没有任何方案能同时满足全部规则。\n"), "\(diagnosis)")
        #expect(diagnosis.contains("已定安排（R7）：按 pins.csv 第 2 行"))

        // A folder that holds a plan is never replaced by a run without one.
        let planned = Self.temporaryFolder()
        let feasible = try Self.world.files.write()
        defer {
            try? FileManager.default.removeItem(at: planned)
            try? FileManager.default.removeItem(at: feasible.deletingLastPathComponent())
        }
        #expect(CLI.run(["solve", feasible.path, "--out", planned.path, "--quiet"] + overrides).status == 0)
        let before = try Data(contentsOf: planned.appendingPathComponent("plan.json"))
        #expect(CLI.run(["solve", scenario.path, "--out", planned.path] + overrides).status == 2)
        #expect(try Data(contentsOf: planned.appendingPathComponent("plan.json")) == before)
        #expect(!FileManager.default.fileExists(atPath: planned.appendingPathComponent("infeasible.txt").path))
    }

    @Test func badInputExitsOneAndWritesNothing() throws {
        let scenario = try Self.world.files.replacing("teachers.csv", "K,教师K,L,", "K,教师K,X,").write()
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent()) }
        let run = CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 1)
        #expect(run.errors.contains("teachers.csv:2: column school: 'X' is not a school in schools.csv."))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(CLI.run(["solve", scenario.path, "--time-limit", "-3"]).status == 1)
        #expect(CLI.run(["solve", scenario.path, "--method", "magic"]).status == 1)
    }

    static let commandsWithLimits: [[String]] = [["solve"], ["whatif", "--price"], ["export", "--part", "itinerant"]]

    /// Every command that takes a time limit checks it the same way: finite, above 0, at most a
    /// week; otherwise exit 1 with the reason, before anything is solved or written.
    @Test(arguments: commandsWithLimits, ["inf", "nan", "-1", "1e300", "0", "-inf"])
    func aTimeLimitThatIsNotASpanOfTimeIsAUsageError(command: [String], value: String) throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("out")
        let target = command[0] == "export" ? ["-o", out.path] : ["--out", out.path]
        let run = CLI.run([command[0], scenario.path] + command.dropFirst() + target + ["--time-limit=\(value)"])
        #expect(run.status == 1, "\(command) --time-limit \(value): \(run.errors)")
        #expect(run.errors.contains("--time-limit"), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: [
        ["--gap", "nan"], ["--gap", "1"], ["--gap=-0.1"], ["--years", "0"], ["--years", "21"], ["--seed=-1"], ["--method", "fast"],
    ])
    func otherOptionsAreCheckedToo(option: [String]) throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("out")
        let run = CLI.run(["solve", scenario.path, "--out", out.path] + option)
        #expect(run.status == 1, "\(option): \(run.errors)")
        #expect(!run.errors.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// An output folder that cannot be written is found before anything is solved: exit 1, the
    /// reason, and nothing written (a city's solve must not end in a write error). Under /proc
    /// even root can make no folder; the system's reason depends on who runs the test.
    @Test(arguments: [
        (["solve"], "file", "it is a file, not a folder"), (["solve"], "file/plan", "is a file, not a folder"),
        (["solve"], "/proc/rotaplan-plan", ""), (["whatif", "--price"], "file", "it is a file, not a folder"),
        (["hire", "--subject", "music", "--count", "1"], "file/hire", "is a file, not a folder"),
    ])
    func anOutputFolderThatCannotBeWrittenIsRefusedFirst(command: [String], out: String, reason: String) throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("file")
        try Data("an office's notes".utf8).write(to: file)
        let target = out.hasPrefix("/") ? URL(fileURLWithPath: out) : parent.appendingPathComponent(out)
        let run = CLI.run([command[0], scenario.path] + command.dropFirst() + ["--out", target.path])
        #expect(run.status == 1, "\(command) \(out): \(run.output)\(run.errors)")
        #expect(run.errors.contains("--out \(target.path): cannot be written there (") && (reason.isEmpty || run.errors.contains(reason)), "\(run.errors)")
        #expect(!run.output.contains("objective"), "nothing was solved: \(run.output)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "an office's notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasPrefix(".") } == [])
    }

    /// An output replaces its folder whole, so a folder that is the office's is refused before
    /// anything is solved, whatever `--out` says: the scenario's own folder, a folder with a
    /// ledger, a published plan (known by its published/ lists, even from a copy of the scenario
    /// without the ledger), the folder above the plans. Nothing in it changes.
    @Test(arguments: [
        (["solve"], "scenario.yaml", "it holds a scenario (scenario.yaml)"),
        (["solve"], "ledger.sqlite", "it holds a ledger (ledger.sqlite)"),
        (["hire", "--subject", "music", "--count", "1"], "ledger-backups/one", "it holds a ledger (ledger-backups)"),
        (["whatif", "--price"], "published/plan.xlsx", "it holds a published plan (its published/ lists)"),
        (["solve", "--years", "2"], "2025/published/plan.xlsx", "it holds a published plan (2025/published/)"),
        (["solve"], "2024/plan.json", "it holds files rotaplan did not write (2024, 备忘.txt)"),
    ])
    func anOutputFolderThatIsTheOfficesIsNotReplaced(command: [String], holding: String, reason: String) throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("out")
        let kept = out.appendingPathComponent(holding)
        try FileManager.default.createDirectory(at: kept.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("the office's".utf8).write(to: kept)
        let notes = out.appendingPathComponent("备忘.txt")
        if holding.hasPrefix("2024") { try Data("note".utf8).write(to: notes) }
        let run = CLI.run([command[0], scenario.path] + command.dropFirst() + ["--out", out.path])
        #expect(run.status == 1, "\(command) \(holding): \(run.output)\(run.errors)")
        #expect(run.errors.contains("--out \(out.path): not replaced: \(reason); nothing was solved."), "\(run.errors)")
        #expect(try String(contentsOf: kept, encoding: .utf8) == "the office's")
        #expect(!holding.hasPrefix("2024") || FileManager.default.fileExists(atPath: notes.path))
    }

    /// A plan of the workstation holds plan.json like any plan rotaplan wrote, but its review
    /// record (submitted, returned) describes it as it was made: the CLI never replaces it.
    @Test(arguments: [true, false])
    func aWorkstationPlanIsNotReplacedFromTheCommandLine(withReviewRecord: Bool) throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let county = parent.appendingPathComponent("root/test-county")
        try FileManager.default.createDirectory(at: county.appendingPathComponent("data/1"), withIntermediateDirectories: true)
        let plan = county.appendingPathComponent("plans/2025-1-1")
        try FileManager.default.createDirectory(at: plan, withIntermediateDirectories: true)
        try Data("{\"made\": \"by the workstation\"}".utf8).write(to: plan.appendingPathComponent("plan.json"))
        if withReviewRecord { try Data("[]".utf8).write(to: county.appendingPathComponent("plans/2025-1-1.status.json")) }
        let run = CLI.run(["solve", scenario.path, "--out", plan.path, "--quiet"])
        #expect(run.status == 1, "\(run.errors)")
        #expect(run.errors.contains("not replaced: it is a plan of the workstation"), "\(run.errors)")
        #expect(try String(contentsOf: plan.appendingPathComponent("plan.json"), encoding: .utf8) == "{\"made\": \"by the workstation\"}")
    }

    /// A workbook written into a folder that does not exist yet gets the folder, as a folder
    /// output does (it was Foundation's "The file doesn't exist").
    @Test func aWorkbookIsWrittenIntoAFolderThatIsNotThereYet() throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let workbook = parent.appendingPathComponent("新建/导出/scenario.xlsx")
        let imported = CLI.run(["import", scenario.path, "-o", workbook.path])
        #expect(imported.status == 0, "\(imported.errors)")
        let template = parent.appendingPathComponent("模板/空白.xlsx")
        let made = CLI.run(["template", "-o", template.path])
        #expect(made.status == 0, "\(made.errors)")
        #expect(CLI.run(["check", workbook.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: template.path))
    }

    /// What rotaplan wrote before may be written again: a plan, a what-if, several years.
    @Test func anOutputFolderRotaplanWroteIsReplaced() throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        for command in [["solve"], ["solve", "--years", "2"], ["whatif", "--price"]] {
            let out = parent.appendingPathComponent(command.joined())
            for _ in 0..<2 {
                let run = CLI.run([command[0], scenario.path] + command.dropFirst() + ["--out", out.path, "--quiet"])
                // The tiny world plans one year of two (exit 2, the year written): never refused.
                #expect(run.status == (command.contains("--years") ? 2 : 0), "\(command): \(run.errors)")
                #expect(!run.errors.contains("not replaced"), "\(run.errors)")
            }
        }
    }

    /// A file output (`export`, `ledger export`) never overwrites a file of the scenario it lies
    /// beside, and `import --force` replaces a scenario folder but not its ledger.
    @Test func aFileOutputNeverOverwritesTheScenario() throws {
        let scenario = try Self.world.files.write()
        let parent = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let teachers = scenario.appendingPathComponent("teachers.csv")
        let before = try Data(contentsOf: teachers)
        let export = CLI.run(["export", scenario.path, "--part", "rotation", "-o", teachers.path])
        #expect(export.status == 1 && export.errors.contains("not overwritten: it is the scenario's teachers.csv"), "\(export.errors)")
        #expect(try Data(contentsOf: teachers) == before)
        let backups = scenario.appendingPathComponent("ledger-backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        try Data("a backup".utf8).write(to: backups.appendingPathComponent("one.sqlite"))
        let imported = CLI.run(["import", scenario.path, "-o", scenario.path, "--force"])
        #expect(imported.status == 1 && imported.errors.contains("not replaced, even with --force: it holds a ledger (ledger-backups)"), "\(imported.errors)")
        #expect(try Data(contentsOf: backups.appendingPathComponent("one.sqlite")) == Data("a backup".utf8))
    }

    /// A folder where a file belongs, a list where a plan belongs: each command names the path
    /// and says what it is, in plain words, never Foundation's ("NSCocoaErrorDomain error 256",
    /// "The data couldn't be read because it isn't in the correct format"). Exit 1.
    @Test(arguments: [
        (["solve", "S", "--baseline", "S"], "S: is not a plan.json of rotaplan (it is a folder, not a file)"),
        (["ledger", "import", "S", "S"], "S: could not be read: it is a folder, not a file."),
        (["verify", "S", "S/teachers.csv"], "S/teachers.csv: not a plan.json of rotaplan. Give the plan.json"),
        (["explain", "S", "S/teachers.csv", "--teacher", "K"], "S/teachers.csv: is not a plan.json of rotaplan (its content is not rotaplan's JSON)"),
        (["ledger", "verify", "--ledger", "S"], "S: 是文件夹，不是台账文件 (is a folder, not a ledger file)."),
        (["ledger", "publish", "S", "S/teachers.csv"], "不是 rotaplan 编制的方案（内容不是 rotaplan 的 JSON）"),
        (["ledger", "publish", "S", "S"], "未发布：S/plan.json 不存在。先给方案数据，再给 solve 写出的方案文件夹"),
    ])
    func aFileOfTheWrongKindIsNamedInPlainWords(arguments: [String], expected: String) throws {
        let scenario = try Self.world.files.write()
        defer { try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent()) }
        let path = { (text: String) in text.replacingOccurrences(of: "S", with: scenario.path, options: .anchored) }
        let run = CLI.run(arguments.map(path))
        let expected = expected.replacingOccurrences(of: "S/", with: scenario.path + "/").replacingOccurrences(of: "S:", with: scenario.path + ":")
        #expect(run.status == 1, "\(arguments): \(run.output)\(run.errors)")
        #expect(run.errors.contains(expected), "\(arguments): \(run.errors)")
        for foundation in ["NSCocoaErrorDomain", "could not be completed", "correct format"] { #expect(!run.errors.contains(foundation), "\(run.errors)") }
    }

    /// A failure after any file leaves the plan folder exactly as it was: the files go to a
    /// temporary folder that takes the plan folder's place only when all are written. A writer
    /// that wrote into the folder directly would leave a mixture here.
    @Test func aFailureAfterAnyFileLeavesThePlanFolderAsItWas() throws {
        struct Injected: Error {}
        let parent = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("plan")
        let old: [(name: String, data: Data)] = [("plan.json", Data("old plan".utf8)), ("rotations.csv", Data("old list".utf8))]
        try OutputFolder.write(old, to: folder)
        let new: [(name: String, data: Data)] = [
            ("plan.json", Data("new plan".utf8)), ("rotations.csv", Data("new list".utf8)),
            ("2026/plan.json", Data("a later year".utf8)), ("report.html", Data("new page".utf8)),
        ]
        func contents() throws -> [String: Data] {
            var found: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
                found[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
            }
            return found
        }
        let before = try contents()
        #expect(before == ["plan.json": Data("old plan".utf8), "rotations.csv": Data("old list".utf8)])
        for failingAfter in 1...new.count {
            #expect(throws: Injected.self) {
                try OutputFolder.write(new, to: folder) { written in if written >= failingAfter { throw Injected() } }
            }
            #expect(try contents() == before, "a failure after \(failingAfter) files changed the folder")
        }
        // No temporary folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["plan"])
        try OutputFolder.write(new, to: folder)
        #expect(try contents() == Dictionary(uniqueKeysWithValues: new.map { ($0.name, $0.data) }))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["plan"])
    }

    /// A single file saved twice holds the second save; a failure between the flush and the
    /// rename leaves the first; no temporary file stays beside it. (Foundation's
    /// `replaceItemAt` deleted the file on the second save on Linux.)
    @Test func aSingleFileSavedAgainIsReplacedWholeOrNotAtAll() throws {
        struct Injected: Error {}
        let parent = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let file = parent.appendingPathComponent("objections.csv")
        try OutputFolder.writeFile(Data("first".utf8), to: file)
        try OutputFolder.writeFile(Data("second".utf8), to: file)
        #expect(try Data(contentsOf: file) == Data("second".utf8))
        #expect(throws: Injected.self) {
            try OutputFolder.writeFile(Data("third".utf8), to: file) { throw Injected() }
        }
        #expect(try Data(contentsOf: file) == Data("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["objections.csv"])
    }
}

import Foundation
import GRDB
import RotaplanDomain
import Testing

@testable import RotaplanLedger

/// LEDGER.md's "Tamper-evident", "Backed up", "Who" and "Amend what really happened", on real
/// SQLite files changed with the sqlite3 shell and real rotaplan processes.
@Suite struct LedgerSafetyTests {
    /// Runs a program to its end; stdout and stderr go through files, so that neither fills a pipe.
    static func run(_ executable: URL, _ arguments: [String], environment extra: [String: String] = [:]) throws -> CLI.Run {
        let folder = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return CLI.Run(
            status: process.terminationStatus, output: try String(contentsOf: out, encoding: .utf8),
            errors: try String(contentsOf: err, encoding: .utf8))
    }

    /// Changes a ledger by hand, as someone with the file and the sqlite3 shell would.
    static func sqlite3(_ file: URL, _ sql: String) throws {
        let run = try run(URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", file.path, sql])
        #expect(run.status == 0, "sqlite3: \(run.errors)")
    }

    /// One value from a ledger, read without changing it.
    static func value<T: DatabaseValueConvertible>(_ file: URL, _ sql: String) throws -> T? {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: file.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try T.fetchOne(db, sql: sql) }
    }

    /// The head a write printed: `ledger head: HEX (event N)` after an amend or an import,
    /// `台账校验码（ledger head）：HEX（第 N 条记录）` after a publish.
    static func printedHead(_ run: CLI.Run) -> String? {
        for prefix in ["ledger head: ", "台账校验码（ledger head）："] {
            if let line = run.output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count).prefix(16))
            }
        }
        return nil
    }

    /// The demo county with its history imported, year 1 published and the first rotation
    /// amended: three events (import, publish, amend). Folder, ledger, plan.json, amend's head.
    static func amendedDemo(in root: URL) throws -> (demo: URL, ledger: URL, plan: URL, head: String) {
        let (demo, ledger, plan) = try LedgerTests.publishedDemo(in: root)
        let teacher = try firstRotation(plan)
        let amended = CLI.run(["ledger", "amend", teacher, "--year", "2025", "--cancelled", "--note", "未成行", "--ledger", ledger.path])
        #expect(amended.status == 0, "\(amended.errors)")
        return (demo, ledger, plan, try #require(printedHead(amended)))
    }

    /// The teacher of a plan's first rotation.
    static func firstRotation(_ plan: URL) throws -> String {
        try rotations(plan)[0]
    }

    static func rotations(_ plan: URL) throws -> [String] {
        let text = try String(contentsOf: plan.deletingLastPathComponent().appendingPathComponent("rotations.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
    }

    // MARK: Tamper-evident

    /// Changes made by hand with the sqlite3 shell, and what `verify` must say about each.
    enum Tampering: String, CaseIterable, CustomTestStringConvertible {
        case editedSecondment, deletedAssignment, addedSecondment, editedEventNote, deletedEvent, editedRecordsAndHash, droppedLastEvent

        var testDescription: String { rawValue }
    }

    @Test(arguments: Tampering.allCases)
    func verifyNamesWhatWasChangedByHand(_ tampering: Tampering) throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, ledger, _, head) = try Self.amendedDemo(in: root)
        let sound = CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", head])
        #expect(sound.status == 0, "\(sound.errors)")
        #expect(sound.output.contains("ledger.sqlite: sound.") && sound.output.contains("--head: the chain ends in it."), "\(sound.output)")
        // The publication is event 2 and publication 2 (the import is 1).
        let secondment: Int64 = try #require(try Self.value(ledger, "SELECT MIN(id) FROM secondment WHERE publication_id = 2"))
        let teacher: String = try #require(try Self.value(ledger, "SELECT teacher FROM secondment WHERE id = \(secondment)"))
        let to: String = try #require(try Self.value(ledger, "SELECT to_school FROM secondment WHERE id = \(secondment)"))
        let assignment: Int64 = try #require(try Self.value(ledger, "SELECT MIN(id) FROM assignment"))
        var arguments = ["ledger", "verify", "--ledger", ledger.path]
        let expected: [String]
        switch tampering {
        case .editedSecondment:
            try Self.sqlite3(ledger, "UPDATE secondment SET to_school = 'AYX-M99' WHERE id = \(secondment)")
            expected = ["secondment \(secondment) (\(teacher) 2025–", "recorded by event 2: to_school is 'AYX-M99'; event 2 recorded '\(to)'."]
        case .deletedAssignment:
            try Self.sqlite3(ledger, "DELETE FROM assignment WHERE id = \(assignment)")
            expected = ["assignment \(assignment) (", "recorded by event 2: is gone from the assignment table; it was deleted by hand."]
        case .addedSecondment:
            try Self.sqlite3(
                ledger,
                """
                INSERT INTO secondment (publication_id, teacher, teacher_name, from_school, from_name, to_school, to_name, subject,
                role, direction, start_year, end_year) VALUES (2, 'AYX-T00001', '林兰国', 'AYX-L01', '', 'AYX-M01', '', 'chinese',
                'cadre', 'lead_to_member', 2025, 2025)
                """)
            expected = ["(AYX-T00001 2025–2025, AYX-L01 → AYX-M01): no event recorded this row; it was added by hand, or its event deleted."]
        case .editedEventNote:
            try Self.sqlite3(ledger, "UPDATE event SET note = '已核实' WHERE id = 3")
            expected = ["event 3 (cancelled ", "its content no longer matches the hash recorded with it: the event or the records it carries were changed."]
        case .deletedEvent:
            try Self.sqlite3(ledger, "DELETE FROM event WHERE id = 2")
            expected = [
                "event 2 is missing: it was deleted.",
                "event 3 (cancelled ", "does not follow the event before it in the chain",
                "publication 2 (plan 2025): no event recorded this row; it was added by hand, or its event deleted.",
            ]
        case .editedRecordsAndHash:
            // The records an event carries changed with its content hash recomputed by hand: the chain catches it.
            try Self.sqlite3(
                ledger,
                "UPDATE event SET payload = replace(payload, '\"\(to)\"', '\"AYX-M02\"'), content_sha256 = '\(String(repeating: "ab", count: 32))' WHERE id = 2"
            )
            expected = [
                "event 2 (publish 2025 ", "its content no longer matches the hash recorded with it",
                "its chain hash is not the hash of its content and the event before.",
            ]
        case .droppedLastEvent:
            // The last event removed leaves a shorter chain that is sound in itself; the head
            // printed when it was recorded is what shows that something is missing.
            try Self.sqlite3(ledger, "DELETE FROM event WHERE id = 3")
            let shorter = CLI.run(["ledger", "verify", "--ledger", ledger.path])
            #expect(shorter.status == 0, "without the head kept outside, nothing shows: \(shorter.errors)")
            arguments += ["--head", head]
            expected = ["--head \(head): no event of the chain ends in it (the chain ends in ", "请先核对校验码是否抄错"]
        }
        let damaged = CLI.run(arguments)
        #expect(damaged.status == 4, "\(damaged.output)\(damaged.errors)")
        #expect(damaged.errors.contains("ledger.sqlite: DAMAGED"), "\(damaged.errors)")
        for part in expected { #expect(damaged.errors.contains(part), "\(part)\n\(damaged.errors)") }
        #expect(damaged.errors.contains("Restore the last sound backup"))
    }

    /// A history is imported once, so a mistyped path must not import "no history": the import
    /// is refused with the path, exit 1, and no ledger is made; the real file is then imported.
    @Test func aHistoryFileThatIsNotThereImportsNothing() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = root.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent("demo"), to: demo)
        let history = root.appendingPathComponent("history.csv")
        try FileManager.default.moveItem(at: demo.appendingPathComponent("history.csv"), to: history)
        let mistyped = root.appendingPathComponent("histroy.csv")
        let refused = CLI.run(["ledger", "import", demo.path, mistyped.path])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(mistyped.path): does not exist; it was given in place of the scenario's history.csv."), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: demo.appendingPathComponent("ledger.sqlite").path))
        // A problem in the file given is named by that file, not by the scenario's history.csv.
        let old = root.appendingPathComponent("old-history.csv")
        let rows = try String(contentsOf: history, encoding: .utf8).split(separator: "\n").map(String.init)
        let first = try #require(rows.dropFirst().first?.split(separator: ",").first.map(String.init))
        try Data((rows.map { $0.replacingOccurrences(of: first + ",", with: "NOBODY,") }.joined(separator: "\n") + "\n").utf8).write(to: old)
        let misnamed = CLI.run(["ledger", "import", demo.path, old.path])
        #expect(misnamed.status == 1 && misnamed.errors.contains("\(old.path):2: column teacher: 'NOBODY' is not a teacher"), "\(misnamed.errors)")
        let imported = CLI.run(["ledger", "import", demo.path, history.path])
        #expect(imported.status == 0 && imported.output.contains("imported 7 secondments"), "\(imported.output)\(imported.errors)")
        // verify's --history is read the same way.
        let plan = try LedgerTests.solve(demo, out: root.appendingPathComponent("plan"), ["--part", "rotation"])
        let verify = CLI.run(["verify", demo.path, plan.path, "--history", mistyped.path])
        #expect(verify.status == 1 && verify.errors.contains("\(mistyped.path): does not exist"), "\(verify.errors)")
    }

    /// A history imported after a publish may not overlap what the ledger holds: a teacher is
    /// away on one secondment at a time. Refused with both secondments named, exit 1, the ledger
    /// as it was; a history that does not overlap is then imported, and the ledger is sound.
    @Test func aHistoryThatOverlapsAPublishedSecondmentIsRefused() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = root.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent("demo"), to: demo)
        try FileManager.default.removeItem(at: demo.appendingPathComponent("history.csv"))
        let plan = try LedgerTests.solve(demo, out: root.appendingPathComponent("plan"), ["--part", "rotation"])
        #expect(CLI.run(["ledger", "publish", demo.path, plan.path]).status == 0)
        let rotations = try String(contentsOf: plan.appendingPathComponent("rotations.csv"), encoding: .utf8)
        let sent = try #require(rotations.split(separator: "\n").dropFirst().first?.split(separator: ",").map(String.init))
        let (teacher, from) = (sent[1], try #require(ScenarioLoader.load(folder: demo).schools.first { $0.name == sent[2] }?.id))
        let ledger = demo.appendingPathComponent("ledger.sqlite")
        let before = CLI.run(["ledger", "verify", "--ledger", ledger.path]).output
        let overlapping = root.appendingPathComponent("overlapping.csv")
        try Data("teacher,from,to,start_year,end_year,kind\n\(teacher),\(from),AYX-M02,2024,2025,rotation\n".utf8).write(to: overlapping)
        let refused = CLI.run(["ledger", "import", demo.path, overlapping.path])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(teacher) 2024–2025（到 AYX-M02）与台账中已有的 2025–2025"), "\(refused.errors)")
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).output == before, "the ledger is as it was")
        let earlier = root.appendingPathComponent("earlier.csv")
        try Data("teacher,from,to,start_year,end_year,kind\n\(teacher),\(from),AYX-M02,2020,2021,rotation\n".utf8).write(to: earlier)
        #expect(CLI.run(["ledger", "import", demo.path, earlier.path]).status == 0)
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).status == 0)
    }

    /// The same cancellation twice is told as such (not "no secondment"), nothing recorded the
    /// second time; a school's name given to --to is answered with its id.
    @Test func anAmendmentTwiceAndASchoolsNameAreAnsweredPlainly() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, ledger, plan) = try LedgerTests.publishedDemo(in: root)
        let teacher = try Self.firstRotation(plan)
        let cancel = ["ledger", "amend", teacher, "--year", "2025", "--cancelled", "--note", "未成行", "--ledger", ledger.path]
        #expect(CLI.run(cancel).status == 0)
        let head = CLI.run(["ledger", "verify", "--ledger", ledger.path]).output
        let again = CLI.run(cancel)
        #expect(again.status == 1, "\(again.errors)")
        #expect(again.errors.contains("\(teacher)'s secondment of 2025–2025") && again.errors.contains("is already recorded as cancelled"), "\(again.errors)")
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).output == head, "nothing was recorded")
        let other = try #require(try Self.rotations(plan).dropFirst().first)
        let byName = CLI.run(["ledger", "amend", other, "--year", "2025", "--to", "万埠中心小学", "--note", "x", "--scenario", demo.path])
        #expect(byName.status == 1 && byName.errors.contains("“万埠中心小学”是 AYX-M01 的名称；请填写编号：--to AYX-M01"), "\(byName.errors)")
        // A school no rule sends the teacher to is recorded as given, with a word.
        let scenario = try ScenarioLoader.load(folder: demo)
        let home = try #require(scenario.teacherIndex[other].map { scenario.teachers[$0].home })
        let nowhere = try #require(
            scenario.schools.indices.first { school in school != home && !scenario.isMoveOfSomeRule(from: home, to: school) })
        let elsewhere = CLI.run(
            ["ledger", "amend", other, "--year", "2025", "--to", scenario.schools[nowhere].id, "--note", "x", "--scenario", demo.path])
        #expect(elsewhere.status == 0 && elsewhere.errors.contains("既不是共同体内的派驻，也不是城乡之间的区域交流"), "\(elsewhere.errors)")
        let allowed = try #require(scenario.schools.indices.first { scenario.isCommunityMove(from: home, to: $0) })
        let back = CLI.run(
            ["ledger", "amend", other, "--year", "2025", "--to", scenario.schools[allowed].id, "--note", "改正", "--scenario", demo.path])
        #expect(back.status == 0 && !back.errors.contains("既不是"), "\(back.errors)")
    }

    @Test func aSolveNeverReplacesAPublishedPlan() throws {
        // The office publishes year 1, then solves again "into the same folder": refused before
        // any work, the published plan.json byte for byte as it was; another folder is fine.
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, _, plan) = try LedgerTests.publishedDemo(in: root)
        let folder = plan.deletingLastPathComponent()
        func files() throws -> [String: Data] {
            // The published lists in published/ included.
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).flatMap { name in
                name == "published"
                    ? try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(name).path).map { "published/\($0)" } : [name]
            }
            return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
        }
        let before = try files()
        let again = CLI.run(["solve", demo.path, "--out", folder.path, "--method", "heuristic", "--quiet"])
        #expect(again.status == 1)
        #expect(again.errors.contains("这是已公布的 2025 学年方案") && again.errors.contains("--baseline"), "\(again.errors)")
        #expect(try files() == before)
        let elsewhere = CLI.run(["solve", demo.path, "--out", root.appendingPathComponent("other").path, "--method", "heuristic", "--quiet"])
        #expect(elsewhere.status == 0, "\(elsewhere.errors)")
    }

    /// The workstation's ledger search finds a teacher or a school by the name the ledger
    /// recorded, though the newest data has renamed it since.
    @Test func theLedgerFindsANameAsItWasRecorded() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, ledger, plan) = try LedgerTests.publishedDemo(in: root)
        let scenario = try ScenarioLoader.load(folder: demo)
        let teacher = try #require(scenario.teacherIndex[try Self.firstRotation(plan)])
        let home = scenario.teachers[teacher].home
        let opened = try Ledger.open(ledger, create: false, access: .read)
        let byTeacher = try opened.ids(named: scenario.teachers[teacher].name)
        #expect(byTeacher.teachers.contains(scenario.teachers[teacher].id) && byTeacher.schools.isEmpty, "\(byTeacher)")
        let bySchool = try opened.ids(named: scenario.schools[home].name)
        #expect(bySchool.schools == [scenario.schools[home].id] && bySchool.teachers.isEmpty, "\(bySchool)")
        #expect(try opened.ids(named: "没有这个名字").teachers.isEmpty)
    }

    /// `--years` and `whatif` write one folder of several plans: a year's or a variant's plan
    /// published from inside it is found there too, by the ledger's record of its plan.json.
    @Test(arguments: [["solve", "--years", "2"], ["whatif", "--variant", "x:policy.rotation.min_ratio=0.15"]])
    func anOutputOfSeveralPlansNeverReplacesOnePublishedInsideIt(command: [String]) throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, _, plan) = try LedgerTests.publishedDemo(in: root)
        let outer = root.appendingPathComponent("cycle")
        let year = outer.appendingPathComponent("2025")
        try FileManager.default.createDirectory(at: outer, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: plan.deletingLastPathComponent(), to: year)
        // Without its published/ lists (a copy), only the ledger knows the plan.
        try FileManager.default.removeItem(at: year.appendingPathComponent("published"))
        let before = try Data(contentsOf: year.appendingPathComponent("plan.json"))
        let again = CLI.run([command[0], demo.path] + command.dropFirst() + ["--out", outer.path, "--method", "heuristic", "--quiet"])
        #expect(again.status == 1, "\(again.output)\(again.errors)")
        #expect(again.errors.contains("这是已公布的 2025 学年方案") && again.errors.contains("2025/plan.json"), "\(again.errors)")
        #expect(try Data(contentsOf: year.appendingPathComponent("plan.json")) == before)
    }

    @Test func verifyTakesTheHeadOfAnEarlierMomentAndNamesWhatCameAfter() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, ledger, plan) = try LedgerTests.publishedDemo(in: root)
        let listed = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        let line = try #require(listed.output.split(separator: "\n").last)
        #expect(line.hasPrefix("台账校验码（链头）："), "the year's list shows the head: \(listed.output)")
        let head = String(line.dropFirst("台账校验码（链头）：".count).prefix(16))
        let amended = CLI.run(["ledger", "amend", try Self.firstRotation(plan), "--year", "2025", "--cancelled", "--note", "未成行", "--scenario", demo.path])
        #expect(amended.status == 0, "\(amended.errors)")
        let checked = CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", head])
        #expect(checked.status == 0, "\(checked.errors)")
        // Copied in capitals, it is the same head.
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", head.uppercased()]).output == checked.output)
        #expect(checked.output.contains("--head: the chain passes through it at event 2 (公布 "), "\(checked.output)")
        #expect(checked.output.contains("1 event recorded after it:\n    event 3: cancelled（取消） "), "\(checked.output)")
        for bad in ["12345", "zzzzzzzzzzzzzzzz"] {
            let refused = CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", bad])
            #expect(refused.status == 1 && refused.errors.contains("give the 16 hex digits printed as the ledger's head"), "\(refused.errors)")
        }
        // The amendment undone by restoring the backup taken before it: the head the amendment
        // printed is the one the restore replaced, which the ledger says; it is not damage.
        let amendedHead = try #require(try Ledger.open(ledger, create: false, access: .read).head()).short
        let backups = ledger.deletingLastPathComponent().appendingPathComponent("ledger-backups")
        let beforeAmend = try #require(
            try FileManager.default.contentsOfDirectory(atPath: backups.path).filter { $0.hasSuffix(".sqlite") && $0.contains("amend") }.sorted().last)
        let restored = CLI.run(["ledger", "restore", backups.appendingPathComponent(beforeAmend).path, "--note", "撤销取消记录", "--ledger", ledger.path])
        #expect(restored.status == 0, "\(restored.errors)")
        let afterRestore = CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", amendedHead])
        #expect(afterRestore.status == 0, "\(afterRestore.output)\(afterRestore.errors)")
        #expect(afterRestore.output.contains("所替换的台账的校验码") && !afterRestore.output.contains("DAMAGED"), "\(afterRestore.output)")
        // A head nobody recorded is still not found.
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", "0123456789abcdef"]).status == 4)
    }

    // MARK: Backed up

    /// Starts `rotaplan ledger publish` in its own process and returns once it has stopped at
    /// `failpoint`, inside its transaction (its rows half written, the write lock held).
    static func publishStopped(at failpoint: Int, scenario: URL, plan: URL) throws -> Process {
        let (process, stopped, _) = try LedgerCrashTests.start(["ledger", "publish", scenario.path, plan.path], failpoint: failpoint)
        #expect(stopped, "the publish stopped at its test point")
        return process
    }

    @Test func aBackupTakenWhileAnotherProcessPublishesOpensAndVerifies() throws {
        #expect(FileManager.default.isExecutableFile(atPath: LedgerCrashTests.executable.path), "build rotaplan first")
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try LedgerTests.countyWithLedger("demo", in: root)
        let ledger = demo.appendingPathComponent("ledger.sqlite")
        let plan = try LedgerTests.solve(demo, out: root.appendingPathComponent("plan")).appendingPathComponent("plan.json")
        let before = try LedgerTests.dump(ledger)

        // A publish stopped half way through its rows, holding the write lock.
        let stopped = try Self.publishStopped(at: 12, scenario: demo, plan: plan)
        let during = root.appendingPathComponent("during.sqlite")
        let copied = CLI.run(["ledger", "backup", during.path, "--ledger", ledger.path])
        #expect(copied.status == 0, "a backup does not wait for a writer: \(copied.errors)")
        kill(stopped.processIdentifier, SIGKILL)
        stopped.waitUntilExit()
        #expect(CLI.run(["ledger", "verify", "--ledger", during.path]).status == 0)
        #expect(try LedgerTests.dump(during) == before, "the copy is the ledger as committed, without the half-written publish")
        #expect(try Self.value(during, "PRAGMA journal_mode") == "delete", "a copy is one plain file")

        // Copies taken over and over while a publish runs to its end: each is the ledger before or after it.
        let publisher = Process()
        publisher.executableURL = LedgerCrashTests.executable
        publisher.arguments = ["ledger", "publish", demo.path, plan.path]
        publisher.standardOutput = FileHandle.nullDevice
        publisher.standardError = FileHandle.nullDevice
        try publisher.run()
        var copies: [URL] = []
        repeat {
            let copy = root.appendingPathComponent("copy-\(copies.count).sqlite")
            let run = CLI.run(["ledger", "backup", copy.path, "--ledger", ledger.path])
            #expect(run.status == 0, "\(run.errors)")
            copies.append(copy)
        } while publisher.isRunning
        publisher.waitUntilExit()
        #expect(publisher.terminationStatus == 0)
        let after = try LedgerTests.dump(ledger)
        #expect(after != before)
        for copy in copies {
            let verified = CLI.run(["ledger", "verify", "--ledger", copy.path, "--head", try #require(Ledger.recordedHead(of: copy))])
            #expect(verified.status == 0, "\(copy.lastPathComponent): \(verified.errors)")
            let state = try LedgerTests.dump(copy)
            #expect(state == before || state == after, "\(copy.lastPathComponent) is neither the ledger before the publish nor after it")
        }
    }

    @Test func everyWriteFirstBacksUpAndTheLast30AreKept() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try LedgerTests.countyWithLedger("demo", in: root)
        let ledger = demo.appendingPathComponent("ledger.sqlite")
        let folder = demo.appendingPathComponent("ledger-backups")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a first import has nothing to back up")
        let importHead = try #require(try Ledger.open(ledger, create: false, access: .read).head()).short
        let plan = try LedgerTests.solve(demo, out: root.appendingPathComponent("plan")).appendingPathComponent("plan.json")
        let published = CLI.run(["ledger", "publish", demo.path, plan.path])
        #expect(published.status == 0, "\(published.errors)")
        let publishHead = try #require(Self.printedHead(published))
        let amended = CLI.run(["ledger", "amend", try Self.firstRotation(plan), "--year", "2025", "--cancelled", "--note", "x", "--ledger", ledger.path])
        #expect(amended.status == 0, "\(amended.errors)")
        let ledgerOpened = try Ledger.open(ledger, create: false, access: .read)
        let backups = ledgerOpened.automaticBackups()
        #expect(backups.map { $0.lastPathComponent.hasSuffix("-publish-2025.sqlite") || $0.lastPathComponent.hasSuffix("-amend.sqlite") } == [true, true])
        // Each backup is the ledger just before the write, its head kept beside it.
        #expect(backups.compactMap(Ledger.recordedHead(of:)) == [importHead, publishHead])
        for (backup, head) in zip(backups, [importHead, publishHead]) {
            #expect(CLI.run(["ledger", "verify", "--ledger", backup.path, "--head", head]).output.contains("--head: the chain ends in it."))
        }
        #expect(published.output.contains("写入前的台账备份（backup before it）：\(backups[0].path)"), "\(published.output)")

        // Thirty older ones beside them: the next write keeps the newest thirty.
        for day in 1...30 {
            let name = String(format: "ledger-200001%02dT000000.000Z-amend.sqlite", day)
            try FileManager.default.copyItem(at: backups[0], to: folder.appendingPathComponent(name))
            try FileManager.default.copyItem(at: Ledger.headFile(of: backups[0]), to: Ledger.headFile(of: folder.appendingPathComponent(name)))
        }
        #expect(CLI.run(["ledger", "amend", try Self.rotations(plan)[1], "--year", "2025", "--cancelled", "--note", "x", "--ledger", ledger.path]).status == 0)
        let kept = ledgerOpened.automaticBackups()
        #expect(kept.count == Ledger.backupsKept)
        #expect(kept.first?.lastPathComponent == "ledger-20000104T000000.000Z-amend.sqlite", "the three oldest went: \(kept.prefix(2))")
        #expect(Array(kept.suffix(3).dropLast()) == backups, "the newest stay")
        let heads = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".head") }
        #expect(heads.count == Ledger.backupsKept, "each head goes with its backup")
    }

    /// Files a restore must refuse, and what it says.
    enum BadBackup: String, CaseIterable, CustomTestStringConvertible {
        case editedRow, editedEvent, writtenAfterItsHead, notALedger, otherCounty

        var testDescription: String { rawValue }
    }

    @Test(arguments: BadBackup.allCases)
    func restoreRefusesADamagedFileAndLeavesTheLedgerAsItWas(_ bad: BadBackup) throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, ledger, _, _) = try Self.amendedDemo(in: root)
        let from = root.appendingPathComponent("from.sqlite")
        #expect(CLI.run(["ledger", "backup", from.path, "--ledger", ledger.path]).status == 0)
        let status: Int32
        let message: String
        switch bad {
        case .editedRow:
            try Self.sqlite3(from, "UPDATE secondment SET end_year = 2027 WHERE id = (SELECT MAX(id) FROM secondment)")
            (status, message) = (4, "recorded by event 2: end_year is 2027; event 2 recorded 2025.")
        case .editedEvent:
            try Self.sqlite3(from, "UPDATE event SET actor = 'someone' WHERE id = 1")
            (status, message) = (4, "event 1 (import ")
        case .writtenAfterItsHead:
            // A sound file, but with one event more than the head written beside it when it was copied.
            let teacher: String = try #require(try Self.value(from, "SELECT teacher FROM secondment WHERE publication_id = 2 ORDER BY id DESC"))
            #expect(CLI.run(["ledger", "amend", teacher, "--year", "2025", "--cancelled", "--note", "x", "--ledger", from.path]).status == 0)
            (status, message) = (4, "holds 1 event after the head written beside it")
        case .notALedger:
            try FileManager.default.removeItem(at: from)
            try Data("工号,姓名\n".utf8).write(to: from)
            (status, message) = (1, "is not a rotaplan ledger (not an SQLite database)")
        case .otherCounty:
            let other = try LedgerTests.countyWithLedger("xinjian-district", in: root)
            #expect(CLI.run(["ledger", "backup", from.path, "--ledger", other.appendingPathComponent("ledger.sqlite").path]).status == 0)
            (status, message) = (1, "is a ledger of 新建区 (xinjian-district), not of 安义县 (demo)")
        }
        let before = try LedgerTests.dump(ledger)
        let backups = try Ledger.open(ledger, create: false, access: .read).automaticBackups()
        let bytes = try Data(contentsOf: from)
        let run = CLI.run(["ledger", "restore", from.path, "--note", "恢复", "--ledger", ledger.path])
        #expect(run.status == status, "\(run.output)\(run.errors)")
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(try LedgerTests.dump(ledger) == before, "the ledger is as it was")
        #expect(try Ledger.open(ledger, create: false, access: .read).automaticBackups() == backups, "and nothing was kept for a restore that did not happen")
        #expect(try Data(contentsOf: from) == bytes, "the file offered is not changed either")
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).status == 0)
    }

    @Test func aRestoreBringsTheBackupBackKeepsTheLedgerItReplacedAndRecordsItself() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, ledger, _, head) = try Self.amendedDemo(in: root)
        // The backup the amend took first: the ledger with its import and publication.
        let opened = try Ledger.open(ledger, create: false, access: .read)
        let from = try #require(opened.automaticBackups().last)
        let fromHead = try #require(Ledger.recordedHead(of: from))
        let replaced = try LedgerTests.dump(ledger)
        // A reader that holds the old ledger open through the restore keeps reading it whole.
        let reader = try Ledger.open(ledger, create: false, access: .read)
        #expect(try reader.events().count == 3)

        let run = CLI.run(["ledger", "restore", from.path, "--note", "误操作后恢复", "--by", "王五", "--ledger", ledger.path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("(restored \(ledger.path) from \(from.path): 2 events, head \(fromHead); the restore is event 3)"), "\(run.output)")
        let kept = try #require(opened.automaticBackups().last { $0.lastPathComponent.hasSuffix("-restore.sqlite") })
        #expect(run.output.contains("(the ledger it replaced (3 events, head \(head)) is kept as \(kept.path))"), "\(run.output)")

        // The ledger is the backup and one restore event; the ledger it replaced is kept whole.
        #expect(try LedgerTests.dump(ledger).filter { !$0.contains("kind=\"restore\"") } == LedgerTests.dump(from))
        #expect(try LedgerTests.dump(kept) == replaced)
        #expect(Ledger.recordedHead(of: kept) == head)
        let events = try reader.events()
        #expect(events.map(\.kind) == [.import, .publish, .restore], "a reader opened before sees the new ledger after it")
        let detail = try #require(events.last?.details)
        #expect(
            detail.restoredFrom == from.path && detail.restoredHead == fromHead && detail.replacedHead == head && detail.replacedEvents == 3
                && detail.keptAs == kept.path)
        #expect(events.last?.person == "王五" && events.last?.note == "误操作后恢复")
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path, "--head", try #require(Self.printedHead(run))]).status == 0)
        #expect(try Self.value(ledger, "PRAGMA journal_mode") == "wal", "the ledger stays in WAL mode")
        let shown = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        #expect(!shown.output.contains("已取消"), "the amendment made after the backup is gone from the ledger: \(shown.output)")
    }

    // MARK: Who

    @Test func eachEventRecordsThePersonAndTheChannel() throws {
        #expect(FileManager.default.isExecutableFile(atPath: LedgerCrashTests.executable.path), "build rotaplan first")
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, ledger, plan) = try LedgerTests.publishedDemo(in: root)
        let teachers = try Self.rotations(plan)
        // The command line, as another operating-system user, with a name given.
        let byName = try Self.run(
            LedgerCrashTests.executable,
            ["ledger", "amend", teachers[0], "--year", "2025", "--cancelled", "--note", "未成行", "--by", "张三", "--ledger", ledger.path],
            environment: ["USER": "hr-office", "LOGNAME": "hr-office"])
        #expect(byName.status == 0, "\(byName.errors)")
        // Without --by: the user running the command.
        #expect(CLI.run(["ledger", "amend", teachers[1], "--year", "2025", "--cancelled", "--note", "x", "--ledger", ledger.path]).status == 0)
        // The workstation passes its signed-in account.
        let opened = try Ledger.open(ledger, create: false)
        try opened.amend(
            teacher: teachers[2], year: 2025, .cancelled,
            context: .workstation(account: "王科长", command: "rotaplan serve: amend \(teachers[2])", note: "工作站登记"))
        let events = try opened.events().suffix(3)
        #expect(events.map(\.actor) == ["hr-office", LedgerContext.systemUser, "王科长"])
        #expect(events.map(\.person) == ["张三", nil, nil])
        #expect(events.map(\.channel) == ["command line", "command line", "workstation"])
        #expect(CLI.run(["ledger", "show", "--teacher", teachers[0], "--ledger", ledger.path]).output.contains("操作人 hr-office（命令行，署名 张三）  备注：未成行"))
        #expect(CLI.run(["ledger", "show", "--teacher", teachers[2], "--ledger", ledger.path]).output.contains("操作人 王科长（工作站）  备注：工作站登记"))
        #expect(CLI.run(["ledger", "amend", teachers[3], "--year", "2025", "--cancelled", "--note", "x", "--by", " ", "--ledger", ledger.path]).status == 1)
    }

    // MARK: Amend what really happened

    /// The first schema's ledger of the tiny county (2024 published: 王伟 T01 from L1 to M1,
    /// one year) and the tiny scenario: T01 was sent to M2 instead, then 李娜 T02 went in his
    /// place, then her term was extended by a year. Each step checked by hand.
    @Test func sentElsewhereAndAnotherTeacherWentAsCheckedByHand() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try #require(Bundle.module.url(forResource: "ledger-v1", withExtension: "sqlite", subdirectory: "Fixtures"))
        let tiny = try ScenarioFiles.tiny.write(named: "tiny")
        defer { try? FileManager.default.removeItem(at: tiny.deletingLastPathComponent()) }
        let ledger = tiny.appendingPathComponent("ledger.sqlite")
        try FileManager.default.copyItem(at: fixture, to: ledger)
        func amend(_ arguments: [String]) -> CLI.Run {
            CLI.run(["ledger", "amend"] + arguments + ["--scenario", tiny.path, "--ledger", ledger.path])
        }
        func history() -> String { CLI.run(["ledger", "history", "--ledger", ledger.path]).output }

        let redirected = amend(["T01", "--year", "2024", "--to", "M2", "--note", "实际到乙乡中心小学"])
        #expect(redirected.status == 0, "\(redirected.errors)")
        #expect(redirected.output.hasPrefix("王伟（T01）2024–2024 学年：已改派（城关第一小学 → 乙乡中心小学），已记入 "), "\(redirected.output)")
        #expect(history() == "teacher,from,to,start_year,end_year,kind\nT06,M1,L1,2022,2022,rotation\nT01,L1,M2,2024,2024,rotation\n")
        #expect(
            CLI.run(["ledger", "show", "--school", "M2", "--ledger", ledger.path]).output == """
                乙乡中心小学（M2）派出与接收
                2024学年：派出 0 人，接收 1 人
                  接收 王伟（T01）← 城关第一小学  2024年9月—2025年7月  已改派

                """)
        #expect(!CLI.run(["ledger", "show", "--school", "M1", "--ledger", ledger.path]).output.contains("2024学年"), "M1 received no one in 2024")

        let replaced = amend(["T01", "--year", "2024", "--replaced-by", "T02", "--note", "王伟因病，李娜前往", "--by", "人事股"])
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(replaced.output.hasPrefix("李娜（T02）2024–2024 学年：已换人（城关第一小学 → 乙乡中心小学），已记入 "), "\(replaced.output)")
        #expect(history() == "teacher,from,to,start_year,end_year,kind\nT06,M1,L1,2022,2022,rotation\nT02,L1,M2,2024,2024,rotation\n")
        let first = CLI.run(["ledger", "show", "--teacher", "T01", "--ledger", ledger.path]).output
        #expect(first.contains("交流：\n  （无）\n改由他人交流（换人）：\n  2024年9月—2025年7月  原公布 城关第一小学 → 甲乡中心小学，由 李娜（T02）前往 乙乡中心小学"), "\(first)")
        #expect(first.contains("换人：由 李娜（T02，城关第一小学）前往，原公布 王伟（T01）") && first.contains("改派：实际交流单位 乙乡中心小学（M2），原公布 甲乡中心小学（M1）"))
        let second = CLI.run(["ledger", "show", "--teacher", "T02", "--ledger", ledger.path]).output
        #expect(second.contains("交流：\n  2024年9月—2025年7月  城关第一小学（L1）→ 乙乡中心小学（M2）  数学  \(Role.cadre.chineseName)  已换人"), "\(second)")

        // The record is T02's now: T01 has nothing to amend, T02 can be amended.
        #expect(amend(["T01", "--year", "2024", "--cancelled", "--note", "x"]).errors.contains("T01 has no secondment in 2024 in the ledger"))
        let extended = amend(["T02", "--year", "2024", "--extended-to", "2025", "--note", "延长一年"])
        #expect(extended.status == 0, "\(extended.errors)")
        #expect(history() == "teacher,from,to,start_year,end_year,kind\nT06,M1,L1,2022,2022,rotation\nT02,L1,M2,2024,2025,rotation\n")
        // Refused, each changing nothing.
        let refusals: [([String], String)] = [
            (["T02", "--year", "2025", "--to", "L1", "--note", "x"], "--to L1: 是 T02 的本校（城关第一小学），交流须到别的学校"),
            (
                ["T02", "--year", "2025", "--to", "M2", "--note", "x"],
                "--to M2: T02 的交流本来就是到乙乡中心小学（M2），无需改动。 (T02's secondment already goes to 乙乡中心小学 (M2); nothing to change.)"
            ),
            (["T02", "--year", "2025", "--to", "M9", "--note", "x"], "--to M9: 不是测试县数据中的学校 (not a school of 测试县's scenario). Maybe 'M1'?"),
            (["T02", "--year", "2025", "--replaced-by", "T07", "--note", "x"], "--replaced-by T07: 在乙乡中心小学（M2）任教，而交流正是到该校"),
            (["T02", "--year", "2025", "--replaced-by", "T02", "--note", "x"], "--replaced-by T02: 就是记录中的交流教师"),
        ]
        let before = try LedgerTests.dump(ledger)
        for (arguments, message) in refusals {
            let run = amend(arguments)
            #expect(run.status == 1 && run.errors.contains(message), "\(arguments): \(run.errors)")
        }
        #expect(try LedgerTests.dump(ledger) == before)
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).status == 0)
        // The 2025 scenario reads T02 as away on a running secondment from her own school.
        let checked = CLI.run(["check", tiny.path])
        #expect(checked.status == 0 && checked.output.contains("1 away on running secondments"), "\(checked.output)\(checked.errors)")
    }

    @Test func aWorkbookThatStillCarriesItsHistorySheetIsReadAndPublishedBesideTheLedger() throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let county = root.appendingPathComponent("county")
        try FileManager.default.createDirectory(at: county, withIntermediateDirectories: true)
        let workbook = county.appendingPathComponent("demo.xlsx")
        #expect(CLI.run(["import", LedgerTests.scenarios.appendingPathComponent("demo").path, "-o", workbook.path]).status == 0)
        let history = root.appendingPathComponent("history.csv")
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent("demo/history.csv"), to: history)
        #expect(CLI.run(["ledger", "import", workbook.path, history.path]).status == 0)
        let ledger = county.appendingPathComponent("ledger.sqlite")
        // What really happened to the third row of 历史 (a running secondment) differs from the sheet now.
        let rows = try String(contentsOf: history, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let third = rows[2]
        let (teacher, from, to, start, end) = (third[0], third[1], third[2], third[3], third[4])
        #expect(Int(end)! >= 2025, "the demo's third history row runs into 2025: \(third)")
        #expect(CLI.run(["ledger", "amend", teacher, "--year", "2025", "--ended-early", "2024", "--note", "提前返回", "--ledger", ledger.path]).status == 0)
        let checked = CLI.run(["check", workbook.path])
        #expect(checked.status == 0, "\(checked.errors)")
        #expect(
            checked.errors.contains(
                "警告: 历史: 未采用：历史以本县台账为准。\(rows.count) 条中有 1 条与台账不一致：台账的历史见“台账”页"
            ), "\(checked.errors)")
        #expect(
            checked.errors.contains("警告: 历史!A4: \(teacher) \(from) → \(to) \(start)–\(end)：台账中为 \(from) → \(to) \(start)–2024。"), "\(checked.errors)"
        )
        // The English after it, for the record.
        #expect(checked.errors.contains("1 of its \(rows.count) rows disagree with the ledger:"), "\(checked.errors)")
        let plan = root.appendingPathComponent("plan")
        #expect(CLI.run(["solve", workbook.path, "--out", plan.path, "--method", "glpk", "--quiet"]).status == 0)
        let published = CLI.run(["ledger", "publish", workbook.path, plan.appendingPathComponent("plan.json").path])
        #expect(published.status == 0, "the workstation's publish of such a workbook works: \(published.errors)")
    }

    // MARK: Single files

    /// Every ledger command that writes one file, and how to tell the new file is whole.
    enum SingleFile: String, CaseIterable, CustomTestStringConvertible {
        case history, exportWorkbook, exportCSV, backup

        var testDescription: String { rawValue }

        var name: String {
            switch self {
            case .history: "history.csv"
            case .exportWorkbook: "ledger.xlsx"
            case .exportCSV: "ledger.csv"
            case .backup: "copy.sqlite"
            }
        }

        func arguments(_ file: URL, ledger: URL) -> [String] {
            switch self {
            case .history: ["ledger", "history", "-o", file.path, "--ledger", ledger.path]
            case .exportWorkbook, .exportCSV: ["ledger", "export", "-o", file.path, "--ledger", ledger.path]
            case .backup: ["ledger", "backup", file.path, "--ledger", ledger.path]
            }
        }
    }

    @Test(arguments: SingleFile.allCases)
    func eachLedgerCommandReplacesItsFileWhole(_ kind: SingleFile) throws {
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, ledger, _) = try LedgerTests.publishedDemo(in: root)
        let folder = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(kind.name)
        // An older file, longer than the new one, and a second name for it: written in place,
        // the new file would keep the old tail, or change the file behind the other name.
        let old = Data(repeating: UInt8(ascii: "x"), count: 4 << 20)
        try old.write(to: file)
        let other = root.appendingPathComponent("other-name")
        try FileManager.default.linkItem(at: file, to: other)
        for round in 1...2 {
            let run = CLI.run(kind.arguments(file, ledger: ledger))
            #expect(run.status == 0, "round \(round): \(run.errors)")
            let data = try Data(contentsOf: file)
            #expect(data.count < old.count && data.range(of: Data(repeating: UInt8(ascii: "x"), count: 64)) == nil, "round \(round): the whole new file")
            switch kind {
            case .history: #expect(data.starts(with: Data("teacher,from,to,start_year,end_year,kind\n".utf8)))
            case .exportCSV: #expect(data.starts(with: Data([0xEF, 0xBB, 0xBF] + Array("工号,姓名".utf8))))
            case .exportWorkbook: #expect(data.starts(with: Data("PK".utf8)))
            case .backup: #expect(CLI.run(["ledger", "verify", "--ledger", file.path]).status == 0)
            }
        }
        #expect(try Data(contentsOf: other) == old, "the file was replaced by a rename, not written over")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == (kind == .backup ? [kind.name, kind.name + ".head"] : [kind.name]), "nothing else left beside it: \(left)")
    }
}

import Foundation
import GRDB
import RotaplanDomain
import RotaplanGenerator
import RotaplanResults
import RotaplanSpreadsheet
import Testing

@testable import RotaplanLedger

/// The ledger as LEDGER.md promises it, on real SQLite files: one transaction per command,
/// events only appended, readers never blocked, versions migrated or refused untouched.
@Suite struct LedgerTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The columns a dump leaves out: each run stamps its own time, and the hashes cover it.
    static let stamped: Set<String> = ["at", "content_sha256", "chain_sha256"]

    /// Every row of every table, in order, with the event times (and the hashes of the events
    /// that carry them) left out: each run stamps its own. `leavingOut` names a column of every
    /// table (`at`) or of one (`event.school`).
    static func dump(_ url: URL, leavingOut: Set<String> = stamped) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var lines: [String] = []
            for table in ["grdb_migrations", "county", "event", "publication", "secondment", "assignment"] where try db.tableExists(table) {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") {
                    let fields = row.columnNames.filter { !leavingOut.contains($0) && !leavingOut.contains("\(table).\($0)") }
                        .map { "\($0)=\(row[$0] as DatabaseValue)" }
                    lines.append("\(table): " + fields.joined(separator: " "))
                }
            }
            return lines
        }
    }

    /// A copy of a committed county with its history.csv moved into a new ledger, so that the
    /// ledger is the scenario's history from then on.
    static func countyWithLedger(_ name: String, in root: URL) throws -> URL {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.copyItem(at: scenarios.appendingPathComponent(name), to: folder)
        let history = root.appendingPathComponent("\(name)-history.csv")
        try FileManager.default.moveItem(at: folder.appendingPathComponent("history.csv"), to: history)
        let imported = CLI.run(["ledger", "import", folder.path, history.path, "--note", "历年手工台账"])
        #expect(imported.status == 0, "\(imported.errors)")
        return folder
    }

    /// The demo county with its ledger and year 1's plan published: folder, ledger, plan.json.
    static func publishedDemo(in root: URL) throws -> (demo: URL, ledger: URL, plan: URL) {
        let demo = try countyWithLedger("demo", in: root)
        let plan = try solve(demo, out: root.appendingPathComponent("plan")).appendingPathComponent("plan.json")
        #expect(CLI.run(["ledger", "publish", demo.path, plan.path]).status == 0)
        return (demo, demo.appendingPathComponent("ledger.sqlite"), plan)
    }

    /// Solves (GLPK to optimality) and checks the plan with verify; returns the plan folder.
    static func solve(_ scenario: URL, out: URL, _ settings: [String] = [], baseline: URL? = nil) throws -> URL {
        let run = CLI.run(
            ["solve", scenario.path, "--out", out.path, "--method", "glpk", "--quiet"] + settings
                + (baseline.map { ["--baseline", $0.path] } ?? []))
        #expect(run.status == 0, "\(run.errors)")
        let verify = CLI.run(["verify", scenario.path, out.appendingPathComponent("plan.json").path] + settings.filter { $0 != "--part" && $0 != "rotation" })
        #expect(verify.status == 0, "\(verify.output)")
        return out
    }

    @Test func theCycleFromTheLedgerMatchesTheCycleFromItsHistoryFile() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let county = try Self.countyWithLedger("anyi-county", in: root)
        let ledger = county.appendingPathComponent("ledger.sqlite")
        // Three-year terms, so that one can end early. The county exchange is left out: after
        // year 1's exchanges its urban schools have no one left to spare in year 2 (R6 against
        // X1, which the diagnosis names), and this test is about where the history comes from.
        let terms = ["--set", "policy.rotation.term_years=3", "--set", "policy.exchange.enabled=false"]
        let year1 = try Self.solve(county, out: root.appendingPathComponent("plan-2025"), terms)
        let published = CLI.run(["ledger", "publish", county.path, year1.appendingPathComponent("plan.json").path])
        #expect(published.status == 0, "\(published.errors)")
        // Re-planning the published year sees the same history: its own rows are not running yet.
        let again = try Self.solve(county, out: root.appendingPathComponent("plan-2025-again"), terms)
        #expect(
            try String(contentsOf: again.appendingPathComponent("rotations.csv"), encoding: .utf8)
                == String(contentsOf: year1.appendingPathComponent("rotations.csv"), encoding: .utf8))

        let rotations = try String(contentsOf: year1.appendingPathComponent("rotations.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let teacher = try #require(rotations.first)[1]
        let amended = CLI.run(["ledger", "amend", teacher, "--year", "2026", "--ended-early", "2025", "--note", "因病提前返回", "--ledger", ledger.path])
        #expect(amended.status == 0, "\(amended.errors)")
        #expect(amended.output.contains("2025–2025 学年：提前结束"), "\(amended.output)")

        // Year 2: next year's lists, the same people; once from the ledger, once from its history.csv.
        let fromLedger = root.appendingPathComponent("y2-ledger")
        try FileManager.default.copyItem(at: county, to: fromLedger)
        try? FileManager.default.removeItem(at: fromLedger.appendingPathComponent("pins.csv"))
        let yaml = fromLedger.appendingPathComponent("scenario.yaml")
        try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "year: 2025", with: "year: 2026").write(
            to: yaml, atomically: true, encoding: .utf8)
        let fromFile = root.appendingPathComponent("y2-file")
        try FileManager.default.copyItem(at: fromLedger, to: fromFile)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(at: fromFile.appendingPathComponent("ledger.sqlite" + suffix)) }
        let exported = CLI.run(["ledger", "history", "-o", fromFile.appendingPathComponent("history.csv").path, "--ledger", ledger.path])
        #expect(exported.status == 0, "\(exported.errors)")
        let history = try String(contentsOf: fromFile.appendingPathComponent("history.csv"), encoding: .utf8)
        #expect(history.contains("\(teacher),") && history.contains(",2025,2025,rotation"), "the amended end year is in the history")

        let planFromLedger = try Self.solve(fromLedger, out: root.appendingPathComponent("plan-2026-ledger"), terms)
        let planFromFile = try Self.solve(fromFile, out: root.appendingPathComponent("plan-2026-file"), terms)
        for list in ["rotations.csv", "itinerant.csv", "schools.csv"] {
            #expect(
                try String(contentsOf: planFromLedger.appendingPathComponent(list), encoding: .utf8)
                    == String(contentsOf: planFromFile.appendingPathComponent(list), encoding: .utf8), "\(list)")
        }
        // The teachers still serving their 2025–2027 terms stay where they are in 2026.
        let secondYear = try String(contentsOf: planFromLedger.appendingPathComponent("rotations.csv"), encoding: .utf8)
        for row in rotations.dropFirst() { #expect(!secondYear.contains(",\(row[1]),"), "\(row[1]) is still seconded") }

        // explain and the report show the past secondments the ledger holds.
        let explained = CLI.run(["explain", fromLedger.path, planFromLedger.appendingPathComponent("plan.json").path, "--teacher", teacher])
        #expect(explained.output.contains("交流记录（台账）：2025年9月—2026年7月 共同体派驻 "), "\(explained.output)")
        #expect(try String(contentsOf: planFromLedger.appendingPathComponent("report.html"), encoding: .utf8).contains("以往交流（台账）"))

        // The service record lists every event: the imported history or the publication, then the amendment.
        let shown = CLI.run(["ledger", "show", "--teacher", teacher, "--ledger", ledger.path])
        #expect(shown.status == 0)
        #expect(shown.output.contains("提前结束") && shown.output.contains("原定至 2027 学年"), "\(shown.output)")
        #expect(shown.output.contains("公布 2025学年方案") && shown.output.contains("备注：因病提前返回"))
        #expect(shown.output.contains("命令：rotaplan ledger amend \(teacher)"))
    }

    /// Each refusal: exit 1, a message, and the ledger's rows exactly as before.
    enum Refusal: String, CaseIterable, CustomTestStringConvertible {
        case planThatDoesNotVerify, planOfAnotherCounty, yearAlreadyPublished, amendWithoutSecondment, fileThatIsNotALedger
        case replacedByATeacherAlreadySeconded

        var testDescription: String { rawValue }
    }

    @Test(arguments: Refusal.allCases)
    func aRefusedCommandChangesNothing(_ refusal: Refusal) throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, ledger, plan) = try Self.publishedDemo(in: root)
        let before = try Self.dump(ledger)
        let run: CLI.Run
        let message: String
        switch refusal {
        case .planThatDoesNotVerify:
            // Move one published line to a school outside every community.
            var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
            var lines = try #require(document["rotations"] as? [[String: Any]])
            lines[0]["to"] = "AYX-I01"
            document["rotations"] = lines
            let text = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
            let tampered = root.appendingPathComponent("tampered.json")
            try text.write(to: tampered, atomically: true, encoding: .utf8)
            run = CLI.run(["ledger", "publish", demo.path, tampered.path, "--replace", "--note", "test"])
            message = "未发布：方案文件（tampered.json）与安义县的方案数据（demo）核对不符，共 "
        case .planOfAnotherCounty:
            let other = try Self.countyWithLedger("xinjian-district", in: root)
            let otherPlan = try Self.solve(other, out: root.appendingPathComponent("other"), ["--part", "rotation"])
            run = CLI.run(["ledger", "publish", other.path, otherPlan.appendingPathComponent("plan.json").path, "--ledger", ledger.path])
            message = "未发布：这份台账属于安义县（demo），方案却是新建区（xinjian-district）的；未作任何更改。"
        case .yearAlreadyPublished:
            run = CLI.run(["ledger", "publish", demo.path, plan.path])
            message = "未发布：安义县 2025 学年的方案已经公布过。"
        case .amendWithoutSecondment:
            run = CLI.run(["ledger", "amend", "AYX-T00001", "--year", "2025", "--cancelled", "--note", "x", "--ledger", ledger.path])
            message = "AYX-T00001 has no secondment in 2025 in the ledger"
        case .replacedByATeacherAlreadySeconded:
            let teachers = try LedgerSafetyTests.rotations(plan)
            run = CLI.run(["ledger", "amend", teachers[0], "--year", "2025", "--replaced-by", teachers[1], "--note", "x", "--scenario", demo.path])
            message = "--replaced-by \(teachers[1]): "
            #expect(run.errors.contains("already has a secondment 2025–2025"), "\(run.errors)")
        case .fileThatIsNotALedger:
            let notLedger = root.appendingPathComponent("notes.sqlite")
            try Data("教师名单,不是数据库\n".utf8).write(to: notLedger)
            run = CLI.run(["ledger", "show", "--year", "2025", "--ledger", notLedger.path])
            message = "is not a rotaplan ledger (not an SQLite database)"
            #expect(try Data(contentsOf: notLedger) == Data("教师名单,不是数据库\n".utf8))
        }
        #expect(run.status == 1)
        #expect(run.errors.contains(message), "\(run.errors)")
        if [.planThatDoesNotVerify, .planOfAnotherCounty, .yearAlreadyPublished].contains(refusal) {
            #expect(run.errors.hasPrefix("未发布："), "\(run.errors)")
            #expect(!run.errors.contains(root.path), "\(run.errors)")
        }
        #expect(try Self.dump(ledger) == before)
        #expect(try Ledger.open(ledger, create: false).integrityCheck() == ["ok"])
    }

    /// What the workstation shows as it is after a publish, or a refusal: the county and the
    /// year in Chinese first, never a path on the server (WORKSTATION.md "The office's language").
    @Test func publishingSpeaksChineseFirstWithoutAPath() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // The demo county keeps its history in history.csv (12 rows), which no ledger holds yet.
        let demo = root.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: Self.scenarios.appendingPathComponent("demo"), to: demo)
        let plan = try Self.solve(demo, out: root.appendingPathComponent("plan")).appendingPathComponent("plan.json")
        let ledger = demo.appendingPathComponent("ledger.sqlite")
        let context = LedgerContext(actor: "test", command: "test", note: nil)
        func refusal(_ plan: URL) -> PlanPublishing.Refusal? {
            let result = Result { () throws(PlanPublishing.Refusal) in
                try PlanPublishing.publish(scenario: demo, plan: plan, ledger: ledger, replace: false, context: context)
            }
            guard case .failure(let refusal) = result else { return nil }
            return refusal
        }
        let history = try #require(refusal(plan))
        let rows = try ScenarioLoader.load(folder: demo).history.filter { $0.kind != .itinerant }.count
        #expect(history.lines.first == "未发布：安义县的方案数据（demo）在 history.csv 中记有 \(rows) 行交流历史，而台账中还没有这些历史；不先导入就建立台账，这些历史将会丢失。")
        #expect(history.lines.last?.contains("rotaplan ledger import demo demo/history.csv") == true, "\(history.lines)")

        // A provisional year of `solve --years`, a file that is not a plan, and one that is not there.
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
        document["provisional"] = true
        let provisional = root.appendingPathComponent("provisional.json")
        try JSONSerialization.data(withJSONObject: document).write(to: provisional)
        let notAPlan = root.appendingPathComponent("notes.json")
        try Data("{\"名单\": 1}".utf8).write(to: notAPlan)
        let missing = root.appendingPathComponent("missing.json")
        let refused = [
            (provisional, "未发布：方案文件（provisional.json）是多学年编排（solve --years）中预排的 2025 学年；只能公布作为当年方案编排的学年。"),
            (notAPlan, "未发布：方案文件（notes.json）不是 rotaplan 编制的方案（"),
            (missing, "未发布：无法读取方案文件（missing.json）：文件不存在。"),
        ]
        for (file, first) in refused {
            let refusal = try #require(refusal(file))
            #expect(refusal.lines.first?.hasPrefix(first) == true, "\(refusal.lines)")
            #expect(!refusal.description.contains(root.path), "\(refusal.lines)")
        }
        #expect(!history.description.contains(root.path), "\(history.lines)")
        #expect(!FileManager.default.fileExists(atPath: ledger.path), "nothing was recorded")

        // With the history brought in, the plan is published: what and where in words, the head to keep.
        let imported = root.appendingPathComponent("history.csv")
        try FileManager.default.moveItem(at: demo.appendingPathComponent("history.csv"), to: imported)
        #expect(CLI.run(["ledger", "import", demo.path, imported.path]).status == 0)
        let published = try PlanPublishing.publish(scenario: demo, plan: plan, ledger: ledger, replace: false, context: context)
        let rotations = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])["rotations"] as? [Any]
        #expect(published.summary.hasPrefix("已公布安义县 2025 学年方案并记入台账：交流 \(rotations?.count ?? -1) 人，每周走教 "), "\(published.summary)")
        #expect(published.summary.contains("台账校验码（ledger head）：\(published.head.short)（第 \(published.head.event) 条记录）"))
        #expect(!published.summary.contains(root.path))
    }

    /// Every file of a folder by name.
    static func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// A report page without its publication paragraph (the draft's note or the stamp).
    static func withoutPublication(_ page: Data) -> String {
        String(decoding: page, as: UTF8.self).split(separator: "\n").filter { !$0.contains("id=\"publication\"") }.joined(separator: "\n")
    }

    /// A workbook's sheets as rows of text, and its 说明 sheet as 项目 → 内容.
    static func sheets(_ workbook: Data, in root: URL) throws -> (lists: [String: [[Int: String]]], about: [String: String]) {
        let file = root.appendingPathComponent("read-\(UUID().uuidString).xlsx")
        try workbook.write(to: file)
        var lists: [String: [[Int: String]]] = [:]
        var about: [String: String] = [:]
        for sheet in try WorkbookReader.read(file) {
            if sheet.name == "说明" {
                for row in sheet.rows.dropFirst() { about[row.cells[0] ?? ""] = row.cells[1] ?? "" }
            } else {
                lists[sheet.name] = sheet.rows.map(\.cells)
            }
        }
        return (lists, about)
    }

    /// LEDGER.md: the head "is printed by every publish and amend and on every published list
    /// (report.html, plan.xlsx 说明)". A publish writes those two lists with the publication and
    /// the head into `published/` beside the plan; the plan folder's own files are never
    /// rewritten (WORKSTATION.md), and `ledger lists` makes the published lists again.
    @Test func thePublishedListsCarryTheLedgersHead() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try Self.countyWithLedger("demo", in: root)
        let ledger = demo.appendingPathComponent("ledger.sqlite")
        let folder = try Self.solve(demo, out: root.appendingPathComponent("first"))
        let second = root.appendingPathComponent("second")
        try FileManager.default.copyItem(at: folder, to: second)
        let draft = try Self.files(folder)
        let draftReport = String(decoding: try #require(draft["report.html"]), as: UTF8.self)
        #expect(draftReport.contains("方案稿：编制时的方案，未记入台账"))
        let draftSheets = try Self.sheets(try #require(draft["plan.xlsx"]), in: root)
        #expect(draftSheets.about["状态"]?.hasPrefix("方案稿") == true, "\(draftSheets.about)")
        #expect(draftSheets.about["台账校验码"] == nil)
        // Only a published plan has published lists.
        let early = CLI.run(["ledger", "lists", demo.path, folder.path])
        #expect(early.status == 1 && early.errors.contains("没有方案文件（plan.json）的公布记录"), "\(early.errors)")

        let run = CLI.run(["ledger", "publish", demo.path, folder.appendingPathComponent("plan.json").path, "--by", "王老师"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("公布版名单（注明台账校验码）：") && run.output.contains("published/report.html"), "\(run.output)")
        let head = try #require(try Ledger.open(ledger, create: false, access: .read).head())
        let after = try Self.files(folder)
        for (name, data) in draft { #expect(after[name] == data, "\(name) is left as it was") }
        let lists = folder.appendingPathComponent("published")
        #expect(try FileManager.default.contentsOfDirectory(atPath: lists.path).sorted() == ["plan.xlsx", "report.html"])
        // The page says when, by whom, and the head with the command that checks it; the rest
        // of the page is the draft's, line for line.
        let page = try Data(contentsOf: lists.appendingPathComponent("report.html"))
        let text = String(decoding: page, as: UTF8.self)
        #expect(text.contains("公布，记入本县交流轮岗台账（第 \(head.event) 个事件），操作人 ") && text.contains("署名 王老师"), "\(text.prefix(2000))")
        #expect(text.contains("rotaplan ledger verify --head \(head.short)"))
        #expect(!text.contains("方案稿"))
        #expect(Self.withoutPublication(page) == Self.withoutPublication(try #require(draft["report.html"])))
        // The workbook's 说明 carries the head; its lists are the draft's.
        let sheets = try Self.sheets(try Data(contentsOf: lists.appendingPathComponent("plan.xlsx")), in: root)
        #expect(sheets.about["状态"] == "已公布" && sheets.about["台账校验码"] == head.short, "\(sheets.about)")
        #expect(sheets.lists == draftSheets.lists)
        // The head on the lists is the ledger's: `ledger verify --head` with it passes.
        #expect(CLI.run(["ledger", "verify", "--head", head.short, "--ledger", ledger.path]).status == 0)

        // A replacing publish (here of the same plan, kept in another folder) says so on its
        // own lists, with the head after it; the first folder's lists keep their own stamp.
        let replaced = CLI.run(
            ["ledger", "publish", demo.path, second.appendingPathComponent("plan.json").path, "--replace", "--note", "公示期异议"])
        #expect(replaced.status == 0, "\(replaced.errors)")
        let newHead = try #require(try Ledger.open(ledger, create: false, access: .read).head())
        #expect(newHead.event > head.event)
        let secondPage = try String(contentsOf: second.appendingPathComponent("published/report.html"), encoding: .utf8)
        #expect(secondPage.contains("重新公布（替换此前公布的同一学年方案）") && secondPage.contains("--head \(newHead.short)"))
        #expect(try Self.sheets(try Data(contentsOf: second.appendingPathComponent("published/plan.xlsx")), in: root).about["状态"] == "已重新公布")

        // Lost lists are made again from the ledger, with the head of their publication (the
        // same plan was published twice: the latest publication's).
        try FileManager.default.removeItem(at: lists)
        let remade = CLI.run(["ledger", "lists", demo.path, folder.path])
        #expect(remade.status == 0, "\(remade.errors)")
        let again = try String(contentsOf: lists.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(again == secondPage)

        // A plan file under another name, alone in its folder, gets its lists beside it too.
        let alone = root.appendingPathComponent("alone")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("plan.json"), to: alone.appendingPathComponent("方案-最终.json"))
        let renamed = CLI.run(["ledger", "publish", demo.path, alone.appendingPathComponent("方案-最终.json").path, "--replace", "--note", "改名"])
        #expect(renamed.status == 0, "\(renamed.errors)")
        #expect(FileManager.default.fileExists(atPath: alone.appendingPathComponent("published/report.html").path))
        // The same plan published three times: a teacher's record shows the arrangement the two
        // re-publications replaced once, with its count.
        let list = try String(contentsOf: folder.appendingPathComponent("rotations.csv"), encoding: .utf8)
        let teacher = String(try #require(list.split(separator: "\n").dropFirst().first).split(separator: ",")[1])
        let record = CLI.run(["ledger", "show", "--teacher", teacher, "--ledger", ledger.path]).output
        #expect(record.components(separatedBy: "（先后 2 次公布后被替换）").count == 2, "\(record)")
    }

    /// LEDGER.md's "Which ledger": a data version of a workspace (`ROOT/<slug>/data/<n>/`) uses
    /// the county's `ROOT/<slug>/ledger.sqlite`. Run by hand, a solve onto a published plan
    /// folder is refused and a publish is recorded in the county's ledger, not in a new one.
    @Test func aDataVersionOfAWorkspaceUsesTheCountysLedger() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let county = root.appendingPathComponent("demo")
        let version = county.appendingPathComponent("data/1")
        try FileManager.default.createDirectory(at: county.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.scenarios.appendingPathComponent("demo"), to: version)
        let ledger = county.appendingPathComponent("ledger.sqlite")
        #expect(Ledger.defaultLocation(forScenario: version) == ledger)
        #expect(Ledger.defaultLocation(forScenario: version.appendingPathComponent("安义县.xlsx")) == ledger)
        #expect(Ledger.defaultLocation(forScenario: county) == county.appendingPathComponent("ledger.sqlite"))
        #expect(
            Ledger.defaultLocation(forScenario: Self.scenarios.appendingPathComponent("demo")) == Self.scenarios.appendingPathComponent("demo/ledger.sqlite"))

        // The history goes into the county's ledger, as the workstation's import puts it there.
        let history = root.appendingPathComponent("history.csv")
        try FileManager.default.moveItem(at: version.appendingPathComponent("history.csv"), to: history)
        #expect(CLI.run(["ledger", "import", version.path, history.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: ledger.path))
        let plan = try Self.solve(version, out: county.appendingPathComponent("plans/2025-1-1"))
        let published = CLI.run(["ledger", "publish", version.path, plan.appendingPathComponent("plan.json").path])
        #expect(published.status == 0, "\(published.errors)")
        #expect(!FileManager.default.fileExists(atPath: version.appendingPathComponent("ledger.sqlite").path), "no second ledger")
        #expect(try Ledger.open(ledger, create: false, access: .read).publishedYears() == [2025])
        // The published folder is frozen for a solve run by hand, as for the workstation.
        let again = CLI.run(["solve", version.path, "--out", plan.path, "--method", "heuristic", "--quiet"])
        #expect(again.status == 1 && again.errors.contains("不能覆盖"), "\(again.errors)")
        // A data version with a ledger of its own keeps it.
        let own = version.appendingPathComponent("ledger.sqlite")
        try FileManager.default.copyItem(at: ledger, to: own)
        #expect(Ledger.defaultLocation(forScenario: version) == own)
    }

    @Test func replacingAPublishedYearKeepsTheEarlierPublicationInTheRecord() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try Self.countyWithLedger("demo", in: root)
        let ledger = demo.appendingPathComponent("ledger.sqlite")
        let first = try Self.solve(demo, out: root.appendingPathComponent("first"))
        #expect(CLI.run(["ledger", "publish", demo.path, first.appendingPathComponent("plan.json").path, "--by", "王老师"]).status == 0)
        // The same publish again is refused, and says who published the year: the name given
        // with --by, not only the computer's user.
        let again = CLI.run(["ledger", "publish", demo.path, first.appendingPathComponent("plan.json").path])
        #expect(again.status == 1)
        #expect(again.errors.contains("2025 is already published (") && again.errors.contains("署名 王老师"), "\(again.errors)")
        // An objection upheld: the first teacher on the list stays; the year is published again.
        let rotations = try String(contentsOf: first.appendingPathComponent("rotations.csv"), encoding: .utf8)
        let teacher = String(try #require(rotations.split(separator: "\n").dropFirst().first).split(separator: ",")[1])
        try "teacher,action,school,note\n\(teacher),stay,,异议成立\n".write(to: demo.appendingPathComponent("pins.csv"), atomically: true, encoding: .utf8)
        let second = try Self.solve(demo, out: root.appendingPathComponent("second"), baseline: first.appendingPathComponent("plan.json"))
        // A teacher on both lists was recorded as cancelled on the first: the re-publication
        // lists them again, and says so.
        func teachers(_ folder: URL) throws -> Set<String> {
            let list = try String(contentsOf: folder.appendingPathComponent("rotations.csv"), encoding: .utf8)
            return Set(list.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        }
        let both = try #require(try teachers(first).intersection(try teachers(second)).sorted().first)
        let cancelled = CLI.run(["ledger", "amend", both, "--year", "2025", "--cancelled", "--note", "病假", "--ledger", ledger.path])
        #expect(cancelled.status == 0, "\(cancelled.errors)")
        let replaced = CLI.run(["ledger", "publish", demo.path, second.appendingPathComponent("plan.json").path, "--replace", "--note", "公示期异议"])
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(
            replaced.errors.contains("注意：") && replaced.errors.contains("（\(both)）在被替换的名单中已记为“取消”") && replaced.errors.contains("备注：病假"), "\(replaced.errors)")
        let year = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        #expect(year.output.contains("重新公布") && year.output.contains("此前公布 1 次已被替换"), "\(year.output)")
        #expect(!year.output.contains("（\(teacher)）"))
        let record = CLI.run(["ledger", "show", "--teacher", teacher, "--ledger", ledger.path])
        #expect(record.output.contains("被重新公布替换的安排") && record.output.contains("公示期异议"), "\(record.output)")
        #expect(record.output.contains("交流：\n  （无）"))
    }

    @Test func aScenarioBesideALedgerTakesItsHistoryFromIt() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try Self.countyWithLedger("demo", in: root)
        let scenario = try ScenarioLoader.load(folder: Self.scenarios.appendingPathComponent("demo"))
        // A teacher with an ended secondment has retired: the row is skipped with a warning.
        let ended = try #require(scenario.history.first { $0.endYear < scenario.year })
        let retired = scenario.teachers[ended.teacher].id
        let teachers = demo.appendingPathComponent("teachers.csv")
        let kept = try String(contentsOf: teachers, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix(retired + ",") }
        try (kept.joined(separator: "\n") + "\n").write(to: teachers, atomically: true, encoding: .utf8)
        let check = CLI.run(["check", demo.path])
        #expect(check.status == 0, "\(check.errors)")
        #expect(
            check.errors.contains("warning: ledger.sqlite:") && check.errors.contains("the ended secondment of \(retired)") && check.errors.contains("skipped"),
            "\(check.errors)")
        // A history.csv beside the ledger is ignored (LEDGER.md), with a warning that lists the
        // rows that disagree with the ledger: here one row changed by hand and one added.
        let history = try String(contentsOf: root.appendingPathComponent("demo-history.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let changed = history[3].split(separator: ",").map(String.init)
        var edited = history
        edited[3] = ([changed[0], changed[1], changed[2], changed[3], String(Int(changed[4])! + 1)] + changed.dropFirst(5)).joined(separator: ",")
        // A year in which the ledger holds nothing for that teacher.
        edited.append("\(retired),AYX-L01,AYX-M01,2017,2017,rotation")
        // An itinerant row is a record only (SCENARIO.md), which the ledger does not keep as
        // history: it is not compared, so not listed as missing from the ledger.
        edited.append("\(changed[0]),\(changed[1]),\(changed[2]),2016,2016,itinerant")
        try (edited.joined(separator: "\n") + "\n").write(to: demo.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        let both = CLI.run(["check", demo.path])
        #expect(both.status == 0, "\(both.errors)")
        #expect(
            both.errors.contains(
                "warning: history.csv: ignored: the scenario takes its history from ledger.sqlite, the county's record. Its 1 itinerant (走教) row is a record only, not compared; 2 of its \(edited.count - 2) other rows disagree with the ledger:"
            ), "\(both.errors)")
        #expect(!both.errors.contains("(itinerant)"), "\(both.errors)")
        #expect(
            both.errors.contains(
                "warning: history.csv:4: \(changed[0]) \(changed[1]) → \(changed[2]) \(changed[3])–\(Int(changed[4])! + 1): the ledger has \(changed[1]) → \(changed[2]) \(changed[3])–\(changed[4])."
            ), "\(both.errors)")
        #expect(both.errors.contains("warning: history.csv:\(edited.count - 1): \(retired) AYX-L01 → AYX-M01 2017–2017: not in the ledger."), "\(both.errors)")
        #expect(both.output.contains("history rows: \(scenario.history.count - 1)"), "the ledger's rows, the retired teacher's skipped: \(both.output)")
    }

    @Test func aSecondWriterWaitsThenFailsWhileReadersGoOn() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (demo, ledger, plan) = try Self.publishedDemo(in: root)
        let before = try Self.dump(ledger)
        // Another connection holds the write lock (as a long publish would) until released.
        let holder = try DatabaseQueue(path: ledger.path)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            try? holder.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    locked.signal()
                    release.wait()
                    return .rollback
                }
            }
            finished.signal()
        }.start()
        locked.wait()
        let reader = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        #expect(reader.status == 0, "readers never block: \(reader.errors)")
        #expect(reader.output.contains("2025学年交流名单"))
        let solveWhileLocked = CLI.run(["check", demo.path])
        #expect(solveWhileLocked.status == 0, "reading the history for a scenario does not wait either")
        let rotations = try String(contentsOf: plan.deletingLastPathComponent().appendingPathComponent("rotations.csv"), encoding: .utf8)
        let teacher = String(try #require(rotations.split(separator: "\n").dropFirst().first).split(separator: ",")[1])
        let writer = CLI.run(["ledger", "amend", teacher, "--year", "2025", "--cancelled", "--note", "x", "--ledger", ledger.path])
        #expect(writer.status == 5, "a writer that waits out its 5 s exits 5")
        #expect(
            writer.errors.contains("another rotaplan (a command or the workstation) is writing the ledger; waited 5 s. Nothing was changed"), "\(writer.errors)"
        )
        let publisher = CLI.run(["ledger", "publish", demo.path, plan.path, "--replace", "--note", "x"])
        #expect(publisher.status == 5, "\(publisher.errors)")
        #expect(publisher.errors.contains("waited 5 s. Nothing was changed"), "\(publisher.errors)")
        release.signal()
        finished.wait()
        try holder.close()
        #expect(try Self.dump(ledger) == before)
        #expect(CLI.run(["ledger", "amend", teacher, "--year", "2025", "--cancelled", "--note", "x", "--ledger", ledger.path]).status == 0)
    }

    @Test func aLedgerOfTheFirstSchemaOpensAndMigrates() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try #require(Bundle.module.url(forResource: "ledger-v1", withExtension: "sqlite", subdirectory: "Fixtures"))
        let url = root.appendingPathComponent("ledger.sqlite")
        try FileManager.default.copyItem(at: fixture, to: url)
        let before = try Self.dump(url)
        #expect(before.contains("grdb_migrations: identifier=\"v1\"") && !before.contains { $0.contains("\"v2\"") }, "\(before)")
        let ledger = try Ledger.open(url, create: false)
        #expect(try ledger.schemaVersion() == "v3")
        #expect(try ledger.integrityCheck() == ["ok"])
        // v3 fills the hash chain in: the file verifies, and its head is the same wherever it is
        // migrated (a different head would mean the hashed form changed, and every ledger written
        // before would no longer verify).
        let verification = try ledger.verify()
        #expect(verification.isSound && verification.events == 2 && verification.secondments == 2 && verification.assignments == 1, "\(verification.text)")
        #expect(try ledger.head()?.short == "1eaac234ca1e0acf")
        #expect(
            try String(decoding: ledger.historyCSV(), as: UTF8.self) == """
                teacher,from,to,start_year,end_year,kind
                T06,M1,L1,2022,2022,rotation
                T01,L1,M1,2024,2024,rotation

                """)
        let record = try ledger.teacher("T04")
        #expect(record.assignments.map(\.year) == [2024] && record.assignments[0].line.schoolName == "乙乡中心小学")
        // The rows are those of v1; the migrations and the events' new columns were added.
        let v3Columns = Set(
            [
                "channel", "person", "secondment_id", "school", "replacement", "detail", "payload", "content_sha256", "previous_sha256", "chain_sha256",
            ].map { "event.\($0)" })
        #expect(
            try Self.dump(url, leavingOut: Self.stamped.union(v3Columns)).filter { !$0.hasPrefix("grdb_migrations") }
                == before.filter { !$0.hasPrefix("grdb_migrations") })
        let events = try ledger.events()
        #expect(events.map(\.channel) == ["command line", "command line"] && events.allSatisfy { $0.person == nil })
    }

    @Test func aLedgerOfANewerSchemaIsRefusedUntouched() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("ledger.sqlite")
        let ledger = try Ledger.open(url, create: true)
        try ledger.close()
        let writer = try DatabaseQueue(path: url.path)
        try writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v4-areas')") }
        try writer.close()
        let bytes = try Data(contentsOf: url)
        let run = CLI.run(["ledger", "show", "--year", "2025", "--ledger", url.path])
        #expect(run.status == 1)
        #expect(run.errors.contains("was written by a newer rotaplan (schema v4-areas; this one knows up to v3)"), "\(run.errors)")
        #expect(try Data(contentsOf: url) == bytes)
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: url.path + "-wal"))) ?? Data()
        #expect(wal.isEmpty, "nothing was written to the log either")
    }
}

/// LEDGER.md's "nothing is lost or half-written", for real: `rotaplan ledger publish` of a
/// city's plan runs as a child process and is killed with SIGKILL at 30 moments spread over
/// its run. The moments are the ledger's own test points (`ROTAPLAN_LEDGER_FAILPOINT`: the
/// process stops there and waits), so no kill depends on a guessed sleep.
@Suite struct LedgerCrashTests {
    /// The `rotaplan` executable `swift build` put beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("rotaplan")
    }

    /// Runs a publish that stops at `failpoint`, kills it there, and returns what it printed.
    /// A failpoint past the last point lets it finish.
    /// Each run has a folder of its own and names its ledger by a relative path, so that every
    /// run records the same command line.
    static func publish(scenario: URL, plan: URL, in folder: URL, failpoint: Int) throws -> (stopped: Bool, errors: String) {
        try stop(["ledger", "publish", scenario.path, plan.path, "--ledger", "ledger.sqlite"], in: folder, failpoint: failpoint)
    }

    /// Runs `rotaplan ARGUMENTS` in `folder` until it stops at `failpoint`, kills it there, and
    /// returns what it printed; past the last point it finishes, and must succeed.
    static func stop(_ arguments: [String], in folder: URL, failpoint: Int) throws -> (stopped: Bool, errors: String) {
        let (process, stopped, errors) = try start(arguments, in: folder, failpoint: failpoint)
        if stopped { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if !stopped { #expect(process.terminationStatus == 0, "\(message)") }
        return (stopped, message)
    }

    /// Starts `rotaplan ARGUMENTS` and returns once it has stopped at `failpoint` (waiting to
    /// be killed, in the middle of its work) or has finished.
    static func start(_ arguments: [String], in folder: URL? = nil, failpoint: Int) throws -> (process: Process, stopped: Bool, errors: Pipe) {
        let process = Process()
        process.executableURL = executable
        if let folder { process.currentDirectoryURL = folder }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ROTAPLAN_LEDGER_FAILPOINT"] = String(failpoint)
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var printed = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return (process, false, errors) }
            printed.append(chunk)
            if String(decoding: printed, as: UTF8.self).contains("failpoint \(failpoint)\n") { return (process, true, errors) }
        }
    }

    /// A folder holding a copy of `ledger` as ledger.sqlite.
    static func folder(_ name: String, copying ledger: URL, in root: URL) throws -> URL {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: ledger.path + suffix) {
            try FileManager.default.copyItem(atPath: ledger.path + suffix, toPath: folder.appendingPathComponent("ledger.sqlite").path + suffix)
        }
        return folder
    }

    @Test func aPublishKilledAtAnyMomentLeavesTheLedgerBeforeOrAfter() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build rotaplan first: \(Self.executable.path)")
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A city of about 25,000 teachers, its past secondments already in the ledger.
        let city = root.appendingPathComponent("city")
        try FileManager.default.createDirectory(at: city, withIntermediateDirectories: true)
        for (name, data) in ScenarioGenerator.generateCity(seed: 104, communities: 100, scale: 0.75) {
            try data.write(to: city.appendingPathComponent(name))
        }
        let history = root.appendingPathComponent("history.csv")
        try FileManager.default.moveItem(at: city.appendingPathComponent("history.csv"), to: history)
        #expect(CLI.run(["ledger", "import", city.path, history.path]).status == 0)
        let solved = CLI.run(["solve", city.path, "--part", "rotation", "--method", "heuristic", "--out", root.appendingPathComponent("plan").path, "--quiet"])
        #expect(solved.status == 0, "\(solved.errors)")
        let plan = root.appendingPathComponent("plan/plan.json")
        let base = city.appendingPathComponent("ledger.sqlite")
        let before = try LedgerTests.dump(base)

        // One run to the end: the state after, and how many points a publish passes.
        let finished = try Self.folder("finished", copying: base, in: root)
        let full = try Self.publish(scenario: city, plan: plan, in: finished, failpoint: Int.max)
        let passed = try #require(
            full.errors.split(separator: "\n").last { $0.hasPrefix("failpoints passed: ") }
                .flatMap { Int($0.dropFirst("failpoints passed: ".count)) }, "\(full.errors)")
        #expect(passed > 500, "a city's publish passes a point per row")
        let after = try LedgerTests.dump(finished.appendingPathComponent("ledger.sqlite"))
        #expect(after.count > before.count + 500)

        var outcomes: [String] = []
        for index in 0..<30 {
            let point = 1 + index * (passed - 1) / 29
            let folder = try Self.folder("killed-\(index)", copying: base, in: root)
            let ledger = folder.appendingPathComponent("ledger.sqlite")
            let run = try Self.publish(scenario: city, plan: plan, in: folder, failpoint: point)
            #expect(run.stopped, "point \(point) of \(passed)")
            let queue = try DatabaseQueue(path: ledger.path)
            #expect(try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"], "point \(point)")
            try queue.close()
            let verified = CLI.run(["ledger", "verify", "--ledger", ledger.path])
            #expect(verified.status == 0, "killed at point \(point): the chain and the rows agree: \(verified.errors)")
            let state = try LedgerTests.dump(ledger)
            #expect(state == before || state == after, "killed at point \(point) of \(passed): neither the state before nor after")
            outcomes.append(state == before ? "before" : "after")
        }
        // The points before the commit leave the state before; the last one, after the commit, the state after.
        #expect(outcomes.first == "before" && outcomes.last == "after" && outcomes.filter { $0 == "before" }.count == 29, "\(outcomes)")
    }

    /// Runs `rotaplan ledger restore` in `folder` and kills it at `failpoint`, as `publish` does.
    static func restore(_ backup: URL, in folder: URL, failpoint: Int) throws -> (stopped: Bool, errors: String) {
        try stop(["ledger", "restore", backup.path, "--note", "恢复", "--ledger", "ledger.sqlite"], in: folder, failpoint: failpoint)
    }

    /// LEDGER.md's restore, killed at every test point it passes: after it recorded its event in
    /// the copy, after each page it copied into the ledger (the first holding the write lock, the
    /// ledger it replaces kept), and after it finished. The ledger is the old one or the restored
    /// one, never a mix, and verifies.
    @Test func aRestoreKilledAtAnyMomentLeavesTheLedgerBeforeOrAfter() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build rotaplan first: \(Self.executable.path)")
        let root = try LedgerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, ledger, _, _) = try LedgerSafetyTests.amendedDemo(in: root)
        let backup = root.appendingPathComponent("backup.sqlite")
        // The backup: the ledger before its amendment (the one the amend took first).
        let taken = try #require(try Ledger.open(ledger, create: false, access: .read).automaticBackups().last)
        try FileManager.default.copyItem(at: taken, to: backup)
        try FileManager.default.copyItem(at: Ledger.headFile(of: taken), to: Ledger.headFile(of: backup))
        let base = try Self.folder("base", copying: ledger, in: root)
        // The restore event records when and where the ledger it replaced was kept: left out of the comparison.
        let leftOut = LedgerTests.stamped.union(["detail"])
        let before = try LedgerTests.dump(base.appendingPathComponent("ledger.sqlite"), leavingOut: leftOut)

        let finished = try Self.folder("finished", copying: base.appendingPathComponent("ledger.sqlite"), in: root)
        let full = try Self.restore(backup, in: finished, failpoint: Int.max)
        let passed = try #require(
            full.errors.split(separator: "\n").last { $0.hasPrefix("failpoints passed: ") }
                .flatMap { Int($0.dropFirst("failpoints passed: ".count)) }, "\(full.errors)")
        #expect(passed > 10, "a point per page copied")
        let after = try LedgerTests.dump(finished.appendingPathComponent("ledger.sqlite"), leavingOut: leftOut)
        #expect(after != before)

        var outcomes: [String] = []
        var leftovers: [URL] = []
        for index in 0..<12 {
            let point = 1 + index * (passed - 1) / 11
            let folder = try Self.folder("killed-\(index)", copying: base.appendingPathComponent("ledger.sqlite"), in: root)
            let run = try Self.restore(backup, in: folder, failpoint: point)
            #expect(run.stopped, "point \(point) of \(passed)")
            let killed = folder.appendingPathComponent("ledger.sqlite")
            let verified = CLI.run(["ledger", "verify", "--ledger", killed.path])
            #expect(verified.status == 0, "killed at point \(point): \(verified.errors)")
            let state = try LedgerTests.dump(killed, leavingOut: leftOut)
            #expect(state == before || state == after, "killed at point \(point) of \(passed): neither the ledger before nor the one restored")
            outcomes.append(state == before ? "before" : "after")
            // What the killed restore left: its staging folder, beside the backups, not in /tmp.
            let backups = folder.appendingPathComponent("ledger-backups")
            let hidden = try FileManager.default.contentsOfDirectory(atPath: backups.path).filter { $0.hasPrefix(".") }
            #expect(hidden.count == 1 && hidden.allSatisfy { $0.hasPrefix(".ledger-restore-") }, "killed at point \(point): \(hidden)")
            leftovers += hidden.map { backups.appendingPathComponent($0) }
        }
        #expect(outcomes.first == "before" && outcomes.last == "after" && outcomes.filter { $0 == "before" }.count == 11, "\(outcomes)")

        // A restore that finishes removes a staging folder left more than an hour ago, and its own.
        let left = try #require(leftovers.first)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: left.path)
        let again = try Self.restore(backup, in: left.deletingLastPathComponent().deletingLastPathComponent(), failpoint: Int.max)
        #expect(!again.stopped)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: left.deletingLastPathComponent().path).filter { $0.hasPrefix(".") }
        #expect(remaining.isEmpty, "\(remaining)")
    }
}

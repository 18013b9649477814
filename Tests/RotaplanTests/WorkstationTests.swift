import Foundation
import RotaplanLedger
import RotaplanReport
import RotaplanResults
import RotaplanSpreadsheet
import RotaplanWorkflow
import Testing

@testable import RotaplanWeb

/// `rotaplan serve` as the office and an attacker meet it (docs/workstation.md): a real server
/// process on a loopback port over a workspace of its own, a real Chromium driven by selenium,
/// plain HTTP requests, real GLPK and SQLite.
@Suite(.serialized) struct WorkstationTests {
    /// Chromium, its driver, and Python with selenium and openpyxl; `.ci/run` installs them.
    static let browserPython: String? = OfficeTools.python(importing: "selenium")
    static var browser: Bool {
        browserPython != nil && OfficeTools.openpyxlPython != nil
            && ["/usr/bin/chromium", "/usr/bin/chromedriver"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let browserMissing = "needs chromium, chromium-driver and Python with selenium and openpyxl; .ci/run installs them"
    static let scripts = OfficeTools.scripts

    /// A running `rotaplan serve`; stopped when the test is done with it (or by `stop()`).
    final class Server {
        let process = Process()
        let address: String

        init(root: URL, arguments: [String] = []) throws {
            process.executableURL = LedgerCrashTests.executable
            process.arguments = ["serve", "--root", root.path, "--port", "0"] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line says where it listens (port 0: the system picked a free one).
            var printed = Data()
            while !String(decoding: printed, as: UTF8.self).contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                printed.append(chunk)
            }
            let line = String(decoding: printed, as: UTF8.self)
            guard let range = line.range(of: "https://") ?? line.range(of: "http://") else {
                process.terminate()
                throw OfficeTools.Failure(description: "serve printed: \(line)")
            }
            address = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }

        deinit { stop() }
    }

    /// Runs one of the Python scripts and decodes the JSON it prints.
    static func facts(_ script: String, _ arguments: [String], python: String? = browserPython) throws -> [String: Any] {
        let output = try OfficeTools.runForData(python ?? "/usr/bin/python3", [scripts.appendingPathComponent(script).path] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }

    static func http(_ arguments: [String]) throws -> [String: Any] {
        try facts("workstation_http.py", arguments, python: "/usr/bin/python3")
    }

    static func temporaryRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workstation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        return root
    }

    /// A copy of a committed scenario in the root's `scenarios/`, as a repository holds it.
    static func repositoryScenario(_ name: String, in root: URL) throws {
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent(name), to: root.appendingPathComponent("scenarios/\(name)"))
    }

    /// A plan.json's decisions and objectives, to compare two plans.
    static func decisions(_ url: URL) throws -> (rotations: [String], visits: [String], objectives: [Double?]) {
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let lines = { (key: String) -> [String] in
            ((plan[key] as? [[String: Any]]) ?? []).map { line in line.keys.sorted().map { "\($0)=\(line[$0]!)" }.joined(separator: ",") }.sorted()
        }
        let solver = plan["solver"] as? [String: Any] ?? [:]
        let objectives = ["rotation", "itinerant"].map { ((solver[$0] as? [String: Any])?["objective"] as? Double) }
        return (lines("rotations"), lines("itinerant"), objectives)
    }

    /// A plan.json's rotation lines as dictionaries.
    static func rotations(_ url: URL) throws -> [[String: Any]] {
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return plan["rotations"] as? [[String: Any]] ?? []
    }

    /// An objections.csv as rows of fields (its byte-order mark and header dropped).
    static func objectionRows(_ url: URL) throws -> [[String]] {
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == "teacher,action,school,note")
        return lines.dropFirst().map { $0.components(separatedBy: ",") }
    }

    /// The county's workbook as HR keeps it (`rotaplan import` writes it with a 历史 sheet), a
    /// copy with a mistake in a cell, and a copy with a teacher renamed; each under the one
    /// name the office gives it.
    static func workbooks(in root: URL) throws -> (good: URL, broken: URL, changed: URL) {
        let full = root.appendingPathComponent("安义县-full.xlsx")
        let run = CLI.run(["import", LedgerTests.scenarios.appendingPathComponent("anyi-county").path, "-o", full.path])
        #expect(run.status == 0, "\(run.errors)")
        var made: [URL] = []
        for (folder, change) in [("good", nil), ("broken", ["C5", "AYX-M99"]), ("changed", ["B5", "改名教师"])] as [(String, [String]?)] {
            let file = root.appendingPathComponent("\(folder)/安义县.xlsx")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let change {
                try OfficeTools.openpyxl(["set-cell", full.path, file.path, "教师", change[0], "text", change[1]])
            } else {
                try FileManager.default.copyItem(at: full, to: file)
            }
            made.append(file)
        }
        return (made[0], made[1], made[2])
    }

    /// The year's work in Chinese, as issue 27 asks it of a browser (docs/workstation.md "The
    /// office's language"), with issue 25's objections kept exactly and the re-upload that
    /// leaves the ledger, the published plan and its objections as they were.
    @Test(.enabled(if: browser, "\(browserMissing)"))
    func theYearsWorkInABrowser() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (good, broken, changed) = try Self.workbooks(in: root)
        let server = try Server(root: root)
        let out = root.appendingPathComponent("browser")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let facts = try Self.facts(
            "workstation_browser.py", ["year", server.address, out.path, root.path, broken.path, good.path, changed.path])
        let county = try #require(facts["county"] as? String)
        let workspace = root.appendingPathComponent(county)
        let history =
            try String(contentsOf: LedgerTests.scenarios.appendingPathComponent("anyi-county/history.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).count - 1

        // Data: each upload a data version, checked once (the check kept with it); the mistake
        // shown by sheet, cell and column in Chinese; the fixed workbook has none.
        let problems = try #require(facts["problems"] as? [[String]])
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first.map { Array($0.prefix(3)) } == ["教师", "C5", "学校"], "\(problems)")
        #expect(problems.first?[3].contains("“AYX-M99”不是") == true && problems.first?[4].contains("AYX-M09") == true, "\(problems)")
        #expect(facts["can_solve_broken"] as? Bool == false)
        #expect(facts["problems_after_fix"] as? Int == 0)
        #expect(facts["version"] as? String == "2")
        for version in 1...2 {
            #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("data/\(version)/check.json").path))
        }
        // The 历史 sheet brought into the empty ledger from the data page.
        #expect(facts["ledger_import_offered"] as? Bool == true)
        #expect(facts["ledger_import"] as? String == "已把 \(history) 条交流记录导入本县台账。")

        // Plan: progress in the office's words, in view after the post; the form keeps the limit used.
        #expect(facts["solve_state"] as? String == "finished" && facts["solve_state_text"] as? String == "已完成")
        let progress = try #require(facts["solve_progress"] as? [String])
        #expect(progress.contains { $0.hasPrefix("交流轮岗：最优方案") } && progress.contains { $0.hasPrefix("走教：最优方案") }, "\(progress)")
        #expect(facts["solve_progress_in_view"] as? Bool == true)
        #expect(facts["time_limit_after"] as? String == "120")
        #expect(facts["gap_shown"] as? String == "0.0001%")

        // Review: the plan verifies; the lists sort, and filter by what they show.
        let plan = try #require(facts["plan"] as? String)
        let solved = out.appendingPathComponent("solved-plan.json")
        let lines = try Self.rotations(solved)
        #expect(plan == "2025-2-1")
        #expect((facts["verify"] as? String)?.contains("方案符合全部规则") == true, "\(facts["verify"] ?? "")")
        #expect(facts["rotation_rows"] as? Int == lines.count)
        #expect((facts["visit_rows"] as? Int ?? 0) > 0)
        #expect(facts["sorted_by_km"] as? Bool == true)
        for (word, field, code) in [("骨干", "role", "backbone"), ("数学", "subject", "math")] {
            let expected = lines.count { $0[field] as? String == code }
            let filter = try #require(facts["filter " + word] as? [String: Any])
            #expect(expected > 0)
            #expect(filter["rows"] as? Int == expected, "\(word): \(filter)")
            #expect(filter["all_contain"] as? Bool == true)
            #expect(filter["says"] as? String == "显示 \(expected) / \(lines.count) 行")
        }
        let explained = try #require(facts["explained_teacher"] as? String)
        #expect((facts["explain"] as? [String])?.first?.contains(explained) == true, "\(facts["explain"] ?? "")")

        // Objections by name: a teacher kept home, one sent to a school named; a third added and
        // removed. Each kept exactly in the plan folder's objections.csv.
        let kept = try #require(facts["kept"] as? [String])
        let sent = try #require(facts["sent"] as? [String])
        let sentLine = try #require(lines.first { $0["teacher"] as? String == sent[1] })
        let expected = [[kept[1], "stay", "", "家中有老人 <b>需照顾</b>"], [sent[1], "to", sentLine["to"] as? String ?? "?", "本人申请"]]
        let planFolder = workspace.appendingPathComponent("plans/\(plan)")
        #expect(try Self.objectionRows(planFolder.appendingPathComponent("objections.csv")) == expected)
        let shown = try #require(facts["after_removal"] as? [[String]])
        #expect(
            shown.map { Array($0.prefix(5)) } == [
                [kept[0], kept[1], kept[2], "留任（不交流）", "家中有老人 <b>需照顾</b>"],
                [sent[0], sent[1], sent[2], "到指定学校交流：\(sent[3])", "本人申请"],
            ])
        #expect((facts["after_third"] as? [[String]])?.count == 3)

        // Re-plan: plan m+1 from plan m, whose plan and objections are as they were.
        #expect(facts["replan_state"] as? String == "finished")
        let replanned = try #require(facts["replanned"] as? String)
        #expect(replanned == "2025-2-2")
        #expect(try Data(contentsOf: out.appendingPathComponent("solved-plan-after-replan.json")) == Data(contentsOf: solved))
        let objections = try Data(contentsOf: out.appendingPathComponent("objections-before-replan.csv"))
        #expect(try Data(contentsOf: out.appendingPathComponent("objections-after-replan.csv")) == objections)
        // The download is the office's (names and words); the file the re-plan reads is copied.
        let objectionsShown = String(decoding: objections.dropFirst(3), as: UTF8.self)
        #expect(objectionsShown.hasPrefix("姓名,工号,异议,学校,备注\n") && objectionsShown.contains(",留任,"), "\(objectionsShown)")
        let replannedFolder = workspace.appendingPathComponent("plans/\(replanned)")
        #expect(ObjectionList.read(replannedFolder) == ObjectionList.read(planFolder), "the re-plan copies them")
        // And keeps its baseline beside it, which its what-ifs keep too (WhatIfTests).
        #expect(
            try Data(contentsOf: replannedFolder.appendingPathComponent(PlanFolder.baselineFile))
                == Data(contentsOf: planFolder.appendingPathComponent("plan.json")))
        #expect(ObjectionList.read(planFolder).objections.count == objectionsShown.split(separator: "\n").count - 1)
        #expect(!ObjectionList.read(planFolder).isEmpty)
        let newLines = try Self.rotations(out.appendingPathComponent("replanned-plan.json"))
        #expect(!newLines.contains { $0["teacher"] as? String == kept[1] })
        #expect(newLines.contains { $0["teacher"] as? String == sent[1] && $0["to"] as? String == sentLine["to"] as? String })
        let changes = try #require(facts["changes"] as? [String])
        #expect(
            changes.first?.hasPrefix("与原方案相比：改动 ") == true && changes.contains { $0.contains(kept[1]) && $0.contains("已定留任（公示异议第 1 条") },
            "\(changes)")

        // What-if built with the form: the base row is the plan under review, the limit typed is used.
        let comparison = try #require(facts["comparison"] as? [[String]])
        #expect(comparison.count == 2, "\(comparison)")
        #expect(comparison.first?.first == "基础方案（方案 \(replanned)）")
        #expect(comparison.first?[5] == String(newLines.count), "the base row shows the plan's own moves")
        #expect(comparison.last?.first == "比例12")
        #expect((facts["comparison_header"] as? [String])?.allSatisfy { !$0.contains { $0.isASCII && $0.isLetter } } == true)
        #expect(
            (facts["whatif_bad_value"] as? String)?.contains("第 1 行（牵头校派出比例（R2））") == true
                && (facts["whatif_bad_value"] as? String)?.contains("（变体 比例12）") == true
                && (facts["whatif_bad_value"] as? String)?.contains("0 到 1 的数") == true, "\(facts["whatif_bad_value"] ?? "")")
        #expect((facts["whatif_bad_value_logged"] as? [Bool])?.allSatisfy { $0 } == true, "\(facts["whatif_bad_value_logged"] ?? "")")
        #expect(
            (facts["whatif_settings"] as? [String]) == ["", "policy.road_factor", "policy.rotation.min_ratio"],
            "\(facts["whatif_settings"] ?? "")")
        #expect(facts["whatif_state"] as? String == "finished")
        let whatIfProgress = try #require(facts["whatif_progress"] as? [String])
        #expect(whatIfProgress.first?.hasSuffix("每个变体每部分时间上限 60 秒，只用 GLPK（整数规划）") == true, "\(whatIfProgress)")

        // Publish: submitted, approved, recorded; the ledger found by a teacher's name.
        #expect(facts["history_pending"] as? Bool == false)
        #expect(facts["submitted"] as? String == "已提交审批")
        #expect(facts["published"] as? String == "已发布")
        #expect((facts["publish"] as? String)?.hasPrefix("已发布并记入本县台账") == true, "\(facts["publish"] ?? "")")
        #expect((facts["xlsx_disposition"] as? String)?.contains("安义县-2025-交流与走教方案（公布版）.xlsx") == true, "\(facts["xlsx_disposition"] ?? "")")
        let record = try #require(facts["ledger"] as? [String])
        #expect(record.first == "\(sent[0])（\(sent[1])）交流轮岗记录", "\(record)")
        #expect(record.contains { $0.contains("2025年9月") && $0.contains("已公布") }, "\(record)")
        let ledger = workspace.appendingPathComponent("ledger.sqlite")
        let year = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        #expect(year.status == 0 && year.output.contains(sent[1]), "\(year.errors)")
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).status == 0)
        // The head the approval names is on the published plan's report (LEDGER.md).
        let head = try #require(try Ledger.open(ledger, create: false, access: .read).head())
        #expect((facts["publish"] as? String)?.contains("台账校验码 \(head.short)，已注明在下面的方案报告和方案表格（公布版）上") == true, "\(facts["publish"] ?? "")")
        let publishedReport = try String(contentsOf: replannedFolder.appendingPathComponent("published/report.html"), encoding: .utf8)
        #expect(publishedReport.contains("rotaplan ledger verify --head \(head.short)"))
        // The workbook downloaded after the approval is the published one, with the head in 说明;
        // the plan folder's own files are never rewritten (WORKSTATION.md).
        let downloaded = try WorkbookReader.read(out.appendingPathComponent("plan.xlsx"))
        let about = try #require(downloaded.first { $0.name == "说明" })
        #expect(about.rows.contains { $0.cells[0] == "台账校验码" && $0.cells[1] == head.short }, "\(about.rows)")
        let draft = try String(contentsOf: replannedFolder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(draft.contains("方案稿") && !draft.contains(head.short))

        // The same file name again, changed: a new data version; the ledger, the published plan
        // and its objections as they were, and its pages say the data changed.
        #expect((facts["reupload_page"] as? String)?.hasSuffix("v=3") == true)
        #expect((facts["same_again_page"] as? String)?.hasSuffix("&v=2&same=1") == true, "\(facts["same_again_page"] ?? "")")
        #expect((facts["same_again_message"] as? String)?.hasPrefix("上传的文件与第 2 版数据的文件完全相同，没有新建版本") == true)
        #expect(facts["stale"] as? String == "数据已更新：此方案基于第 2 版数据，最新为第 3 版。已公布的名单不受影响。")
        #expect(facts["state_after_reupload"] as? String == "已发布")
        #expect((facts["ledger_after_reupload"] as? [String]) == record)
        #expect(ObjectionList.read(replannedFolder) == ObjectionList.read(planFolder))
        #expect(
            try Data(contentsOf: replannedFolder.appendingPathComponent("plan.json"))
                == Data(contentsOf: out.appendingPathComponent("replanned-plan.json")))
        #expect((facts["objections_after_reupload"] as? [[String]])?.map { $0[1] } == [kept[1], sent[1]])
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).status == 0)

        // The office's language: no code, no bare rule id, no server path on any page.
        let codes = try #require(facts["codes"] as? [String: [String]])
        #expect(codes.count >= 15, "\(codes.keys.sorted())")
        #expect(codes["explain #lines"] != nil)
        for (page, found) in codes.sorted(by: { $0.key < $1.key }) {
            #expect(found.isEmpty, "\(page): \(found)")
        }
        #expect((facts["console_errors"] as? [String])?.isEmpty == true, "\(facts["console_errors"] ?? "")")
        let shots = try #require(facts["screenshots"] as? [String: [String: Double]])
        #expect(shots.count == 10)
        for (name, shot) in shots { #expect(shot["inked"]! > 0.01 && shot["colours"]! > 20, "\(name): \(shot)") }

        // Same answers as the command line on the same data, settings and ledger; both plans verify.
        let data = workspace.appendingPathComponent("data/2")
        let history0 = out.appendingPathComponent("ledger-at-solve.sqlite")
        let cli = root.appendingPathComponent("cli-plan")
        let run = CLI.run([
            "solve", data.path, "--ledger", history0.path, "--out", cli.path, "--method", "glpk", "--time-limit", "120", "--gap", "1e-6",
            "--seed", "0", "--quiet",
        ])
        #expect(run.status == 0, "\(run.errors)")
        let browserPlan = try Self.decisions(solved)
        let cliPlan = try Self.decisions(cli.appendingPathComponent("plan.json"))
        #expect(browserPlan.rotations == cliPlan.rotations)
        #expect(browserPlan.visits == cliPlan.visits)
        #expect(browserPlan.objectives == cliPlan.objectives)
        for file in ["solved-plan.json", "replanned-plan.json"] {
            let verify = CLI.run(["verify", data.path, out.appendingPathComponent(file).path, "--ledger", history0.path])
            #expect(verify.status == 0, "\(file): \(verify.output) \(verify.errors)")
        }

        // plan.xlsx as openpyxl reads it: the published list's rows.
        let sheets = try JSONSerialization.jsonObject(
            with: try OfficeTools.runForData(
                OfficeTools.openpyxlPython!,
                [Self.scripts.appendingPathComponent("workbook_tool.py").path, "inspect", out.appendingPathComponent("plan.xlsx").path]))
        let list = try #require(sheets as? [[String: Any]])
        let rotationSheet = try #require(list.first { ($0["name"] as? String)?.contains("交流") == true })
        #expect((rotationSheet["rows"] as? [Any])?.count == newLines.count + 1)
        #expect(rotationSheet["frozen"] as? String == "A2")
    }

    /// The progress box in the office's words, every kind of event: Chinese first, no code, no
    /// English word (an itinerant search was shown "near" a school's code), places by name.
    @Test(arguments: [
        PlanProgress.community(id: "C01", lead: "龙津育才小学", status: .optimal, objective: 1, seconds: 0.5),
        .searching(part: "rotation", place: "南昌县", incumbent: 259_038.8, bound: 259_030.2, seconds: 31),
        .searching(part: "itinerant music", place: "塘南中心小学", incumbent: 1_000_123.4, bound: nil, seconds: 12),
        .components(count: 3, status: .feasible),
        .neighbourhoods(subject: "pe", pass: 1, improved: 2, solved: 5),
        .relaxation(subject: "art", bound: 10_000.5, variables: 100, seconds: 1),
        .homeBound(subject: "music", round: 2, bound: 12_000.5),
    ])
    func theProgressBoxSpeaksTheOfficesLanguage(event: PlanProgress) throws {
        let words = try #require(Words.progress(event))
        let names = ["C01", "龙津育才小学", "南昌县", "塘南中心小学"]
        #expect(OfficeWordsTests.problems(words, names: names).isEmpty, "\(words): \(OfficeWordsTests.problems(words, names: names))")
        #expect(!words.contains("near"), "\(words)")
    }

    /// Counties in the audit record: by name; two of one name (a copy kept for a variant) with
    /// their codes beside it, so that the rows of one are not read as the other's.
    @Test(arguments: [
        (["anyi-county": "安义县"], ["anyi-county": "安义县"]),
        (
            ["anyi-county": "安义县", "anyi-county-b": "安义县", "wanli": "湾里区"],
            ["anyi-county": "安义县（anyi-county）", "anyi-county-b": "安义县（anyi-county-b）", "wanli": "湾里区"]
        ),
        // A county whose data cannot be read is named by its code alone, which is already unique.
        (["broken": "broken", "demo": "broken"], ["broken": "broken", "demo": "broken（demo）"]),
    ])
    func countiesOfOneNameAreToldApartByTheirCodes(names: [String: String], labels: [String: String]) {
        #expect(Office.labels(names) == labels)
    }

    @Test func onAnotherAddressEveryRequestNeedsTheToken() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(root: root, arguments: ["--host", "0.0.0.0"])
        let address = server.address.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        let facts = try Self.http(["token", address])
        #expect(facts["without_token"] as? Int == 401)
        #expect(facts["asset_without_token"] as? Int == 401)
        #expect(facts["wrong_token"] as? Int == 401)
        #expect(facts["with_token"] as? Int == 200)
        #expect(facts["printed_address"] as? Int == 200)
        #expect(facts["after_cookie"] as? Int == 200)
    }

    @Test func badRequestsAreAnsweredNeverObeyed() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.repositoryScenario("demo", in: root)
        let server = try Server(root: root)
        let facts = try Self.http(["refusals", server.address, root.path])
        func status(_ key: String) -> Int? { (facts[key] as? [String: Any])?["status"] as? Int ?? facts[key] as? Int }
        func text(_ key: String) -> String { (facts[key] as? [String: Any])?["text"] as? String ?? "" }
        #expect(status("adopt") == 303)
        #expect(status("post_without_csrf") == 403)
        #expect(status("post_with_other_csrf") == 403)
        #expect(status("upload_without_csrf") == 403)
        #expect(status("oversize") == 413 && text("oversize").contains("20 MB"), "\(facts["oversize"] ?? "")")
        #expect(status("zip_traversal") == 400 && text("zip_traversal").contains("../evil.csv"))
        #expect(status("zip_absolute") == 400 && text("zip_absolute").contains("/tmp/evil.csv"))
        #expect(status("zip_stranger") == 400 && text("zip_stranger").contains("run.sh"))
        #expect(status("dotdot_name") == 400)
        #expect(status("old_xls") == 400 && text("old_xls").contains(".xlsx"))
        #expect(status("not_a_workbook") == 400)
        #expect(status("unknown_county") == 404)
        #expect(status("unknown_plan") == 404)
        #expect(status("unknown_version") == 404 && status("known_version") == 200)
        #expect(status("unknown_repository") == 404)
        #expect(status("file_outside") == 404)
        #expect(status("unknown_path") == 404 && text("unknown_path").contains("没有这个页面"), "\(facts["unknown_path"] ?? "")")
        // Nothing was written or removed: no data version, no plan, nothing staged left, no file escaped.
        #expect((facts["added"] as? [String]) == [], "\(facts["added"] ?? "")")
        #expect((facts["removed"] as? [String]) == [], "\(facts["removed"] ?? "")")
        #expect((facts["incoming_left"] as? [String])?.isEmpty == true)
        #expect(facts["evil_written"] as? Bool == false)
    }

    @Test func aHostileNameIsShownAsText() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.repositoryScenario("demo", in: root)
        // The first teacher of teachers.csv gets a name that would run as a script.
        let teachers = root.appendingPathComponent("scenarios/demo/teachers.csv")
        var lines = try String(contentsOf: teachers, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        let teacher = fields[0]
        fields[1] = "<script>alert(1)</script>"
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: teachers, atomically: true, encoding: .utf8)
        let server = try Server(root: root)
        let facts = try Self.http(["hostile", server.address, "scenarios/demo", teacher])
        #expect(facts["adopt"] as? Int == 303)
        #expect(facts["solve"] as? Int == 303)
        #expect((facts["events"] as? String)?.hasPrefix("finished") == true, "\(facts["events"] ?? "")")
        // The name is shown on the explanation and the objection form; a hostile query and a
        // hostile note are echoed as text; the review (where the teacher is listed only if
        // moved) never shows it as markup.
        #expect((facts["review"] as? [String: Any])?["raw"] as? Bool == false)
        for page in ["explain", "objections", "objections_query", "ledger_query", "note"] {
            let shown = try #require(facts[page] as? [String: Any])
            #expect(shown["status"] as? Int == 200, "\(page)")
            #expect(shown["escaped"] as? Bool == true, "\(page) shows the name")
            #expect(shown["raw"] as? Bool == false, "\(page) never as markup")
        }
        let county = try #require(facts["county"] as? String)
        let verify = CLI.run([
            "verify", root.appendingPathComponent("\(county)/data/1").path, root.appendingPathComponent("\(county)/plans/2025-1-1/plan.json").path,
        ])
        #expect(verify.status == 0, "\(verify.errors)")
    }

    @Test func aCancelledSolveLeavesTheLastPlanAsItWas() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        // The largest committed county: GLPK does not prove its Part 2 to a zero gap in the
        // moments between the start and the cancel that follows it at once.
        try Self.repositoryScenario("nanchang-county", in: root)
        let server = try Server(root: root)
        let facts = try Self.http(["cancel", server.address, "scenarios/nanchang-county"])
        #expect(facts["first"] as? Int == 303 && (facts["first_done"] as? String)?.hasPrefix("finished") == true, "\(facts)")
        #expect(facts["first_plan"] as? Int == 200)
        #expect(facts["long"] as? Int == 303)
        #expect(facts["second_while_running"] as? Int == 409, "one solve per data version at a time")
        #expect(facts["state_while_running"] as? String == "running")
        #expect(facts["cancel"] as? Int == 303)
        #expect((facts["long_done"] as? String)?.hasPrefix("cancelled") == true, "\(facts["long_done"] ?? "")")
        #expect(facts["state_after"] as? String == "cancelled")
        #expect(facts["plan_unchanged"] as? Bool == true)
        #expect(facts["plans_listed"] as? [String] == ["2025-1-1"], "no plan from the cancelled solve")
        #expect(facts["second_plan"] as? Int == 404)
        let county = try #require(facts["county"] as? String)
        let plans = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("\(county)/plans").path)
        #expect(plans.filter { !$0.hasPrefix(".") }.sorted() == ["2025-1-1"], "the cancelled solve's claimed folder was given back")
        let verify = CLI.run([
            "verify", root.appendingPathComponent("\(county)/data/1").path, root.appendingPathComponent("\(county)/plans/2025-1-1/plan.json").path,
        ])
        #expect(verify.status == 0, "\(verify.errors)")
    }

    /// The settings form (WORKSTATION.md: "Percentages may be typed as `12%`"): a share is read
    /// from a percentage, and one out of range is refused as it was typed, not as the number it
    /// became (`150%`, not `1.5`).
    static let sharesTyped: [(typed: String, override: String?, problem: String?)] = [
        ("15%", "0.15", nil), ("0.15", "0.15", nil), ("150%", nil, "牵头校派出比例（R2）：应为 0% 到 100% 之间的比例，如 10%；实际为“150%”"),
        ("-5%", nil, "牵头校派出比例（R2）：应为 0% 到 100% 之间的比例，如 10%；实际为“-5%”"),
    ]

    @Test(arguments: sharesTyped)
    func aShareIsReadFromAPercentageAndRefusedAsTyped(typed: String, override: String?, problem: String?) {
        let fields: [(name: String, value: String)] = [
            ("time_limit", "120"), ("gap", "0.0001%"), ("method", "auto"), ("seed", "0"), ("policy.rotation.min_ratio", typed),
        ]
        let form = RotaplanWeb.Form(fields: fields)
        let (request, problems, _) = SettingsForm.request(form, current: [(key: "policy.rotation.min_ratio", value: "0.1")])
        #expect(request.overrides.map { $0.value } == (override.map { [$0] } ?? []))
        #expect(problems == (problem.map { [$0] } ?? []))
    }

    /// A problem of the uploaded workbook itself names it as the office named it, not by the
    /// scenario.xlsx it is kept as; a sheet's problem names the sheet.
    @Test func aWorkbooksProblemsNameTheFileAsUploaded() throws {
        let manifest = #"{"county": "anyi-county", "number": 1, "files": {}, "source": "安义县 2025.xlsx", "by": "张三", "at": 0}"#
        let version = try JSONDecoder().decode(Workspace.DataVersion.self, from: Data(manifest.utf8))
        #expect(DataPages.uploaded("scenario.xlsx", version) == "安义县 2025.xlsx")
        #expect(DataPages.uploaded("教师", version) == "教师")
    }

    @Test func everyTemplateEscapesEveryValue() {
        for (name, source) in Templates.sources {
            #expect(!source.contains("{{{") && !source.contains("{{&"), "\(name) shows a value unescaped")
        }
    }
}

import Foundation
import Testing

@testable import RotaplanWeb

/// `rotaplan serve` as a person and as an attacker meet it (docs/workstation.md): a real
/// server process on a loopback port, a real Chromium driven by selenium, plain HTTP requests.
@Suite(.serialized) struct WorkstationTests {
    /// Chromium, its driver, and Python with selenium and openpyxl; `.ci/run` installs them.
    static let browserPython: String? = OfficeTools.python(importing: "selenium")
    static var browser: Bool {
        browserPython != nil && OfficeTools.openpyxlPython != nil
            && ["/usr/bin/chromium", "/usr/bin/chromedriver"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let browserMissing = "needs chromium, chromium-driver and Python with selenium and openpyxl; .ci/run installs them"
    static let scripts = OfficeTools.scripts

    /// A running `rotaplan serve`; stopped when the test is done with it.
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
            guard let range = line.range(of: "http://") else { throw OfficeTools.Failure(description: "serve printed: \(line)") }
            address = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Runs one of the Python scripts and decodes the JSON it prints.
    static func facts(_ script: String, _ arguments: [String], python: String? = browserPython) throws -> [String: Any] {
        let output = try OfficeTools.runForData(python ?? "/usr/bin/python3", [scripts.appendingPathComponent(script).path] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }

    static func temporaryRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workstation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        return root
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

    @Test(.enabled(if: browser, "\(browserMissing)"))
    func theYearsWorkInABrowser() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        // The county's workbook as HR would keep it, and a copy with a mistake in it.
        let good = root.appendingPathComponent("good/安义县.xlsx")
        let broken = root.appendingPathComponent("broken/安义县.xlsx")
        for folder in [good, broken] { try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true) }
        // A county that keeps a ledger keeps no 历史 sheet: its history is the ledger (docs/ledger.md).
        let full = root.appendingPathComponent("安义县-full.xlsx")
        #expect(CLI.run(["import", LedgerTests.scenarios.appendingPathComponent("anyi-county").path, "-o", full.path]).status == 0)
        let tool = Self.scripts.appendingPathComponent("workbook_tool.py").path
        try OfficeTools.run(OfficeTools.openpyxlPython!, [tool, "drop-sheet", full.path, good.path, "历史"])
        try OfficeTools.run(OfficeTools.openpyxlPython!, [tool, "set-cell", good.path, broken.path, "教师", "C5", "text", "AYX-M99"])
        let server = try Server(root: root)
        let out = root.appendingPathComponent("browser")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let facts = try Self.facts("workstation_browser.py", [server.address, out.path, broken.path, good.path])

        // Data: the mistake is shown beside its sheet and cell; the fixed workbook has none.
        let problems = try #require(facts["problems"] as? [String])
        #expect(problems.count == 1 && problems[0].contains("教师") && problems[0].contains("C5") && problems[0].contains("AYX-M99"), "\(problems)")
        #expect(facts["can_solve_broken"] as? Bool == false)
        #expect(facts["problems_after_fix"] as? Int == 0)
        // Plan: progress arrived while it ran, and it finished.
        #expect(facts["solve_state"] as? String == "finished")
        let progress = try #require(facts["solve_progress"] as? [String])
        // Each part's line, as a terminal shows it (`PartSummary`).
        #expect(progress.contains { $0.hasPrefix("rotation: ") && $0.contains(" objective ") }
                && progress.contains { $0.hasPrefix("itinerant: ") && $0.contains(" objective ") }, "\(progress)")
        // Review: the plan verifies; the lists sort and filter; a teacher is explained.
        #expect((facts["verify"] as? String)?.contains("the plan verifies") == true, "\(facts["verify"] ?? "")")
        #expect((facts["rotation_rows"] as? Int ?? 0) > 0 && (facts["visit_rows"] as? Int ?? 0) > 0)
        #expect(facts["sorted_by_km"] as? Bool == true)
        #expect(facts["filtered_rows"] as? Int == 1)
        let teacher = try #require(facts["first_teacher"] as? String)
        #expect((facts["explain"] as? [String])?.first?.contains(teacher) == true, "\(facts["explain"] ?? "")")
        // Objections: the note is shown as typed (markup as text), the re-plan keeps the teacher home.
        let objections = try #require(facts["objections"] as? [String])
        #expect(objections.count == 1 && objections[0].contains(teacher) && objections[0].contains("<b>需照顾</b>"), "\(objections)")
        #expect(facts["replan_state"] as? String == "finished")
        let changes = try #require(facts["changes"] as? [String])
        #expect(changes.first?.hasPrefix("与原方案相比：改动 ") == true && changes.contains { $0.contains(teacher) && $0.contains("已定留任（objections.csv 第 2 行") }, "\(changes)")
        // What-if: the base and the variant side by side.
        #expect(facts["whatif_state"] as? String == "finished")
        let comparison = try #require(facts["comparison_rows"] as? [String])
        #expect(comparison.count >= 2, "\(comparison)")
        // Publish: recorded in the ledger, the teacher's record browsable.
        #expect((facts["publish"] as? String)?.contains("已记入台账") == true, "\(facts["publish"] ?? "")")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("uploads/安义县/ledger.sqlite").path))
        let record = try #require(facts["ledger"] as? [String])
        let seconded = try #require(facts["ledger_teacher"] as? String)
        #expect(record.contains { $0.contains(seconded) } && record.contains { $0.contains("2025") }, "\(record)")
        // Every page showed something.
        let shots = try #require(facts["screenshots"] as? [String: [String: Double]])
        #expect(shots.count == 8)
        for (name, shot) in shots { #expect(shot["inked"]! > 0.01 && shot["colours"]! > 20, "\(name): \(shot)") }

        // The browser's plan is `rotaplan solve`'s with the same settings, and both plans verify.
        let uploaded = root.appendingPathComponent("uploads/安义县")
        let cli = root.appendingPathComponent("cli-plan")
        #expect(CLI.run(["solve", uploaded.path, "--out", cli.path, "--method", "glpk", "--time-limit", "120", "--quiet"]).status == 0)
        let browserPlan = try Self.decisions(out.appendingPathComponent("solved-plan.json"))
        let cliPlan = try Self.decisions(cli.appendingPathComponent("plan.json"))
        #expect(browserPlan.rotations == cliPlan.rotations)
        #expect(browserPlan.visits == cliPlan.visits)
        #expect(browserPlan.objectives == cliPlan.objectives)
        for plan in ["solved-plan.json", "replanned-plan.json"] {
            let verify = CLI.run(["verify", good.path, out.appendingPathComponent(plan).path])
            #expect(verify.status == 0, "\(plan): \(verify.errors)")
        }
        let replanned = try Self.decisions(out.appendingPathComponent("replanned-plan.json"))
        #expect(!replanned.rotations.contains { $0.contains("teacher=\(teacher),") })

        // plan.xlsx as openpyxl reads it: the lists' rows, numbers as numbers.
        let sheets = try JSONSerialization.jsonObject(with: try OfficeTools.runForData(
            OfficeTools.openpyxlPython!, [Self.scripts.appendingPathComponent("workbook_tool.py").path, "inspect", out.appendingPathComponent("plan.xlsx").path]))
        let list = try #require(sheets as? [[String: Any]])
        let rotationSheet = try #require(list.first { ($0["name"] as? String)?.contains("交流") == true })
        #expect((rotationSheet["rows"] as? [Any])?.count == replanned.rotations.count + 1)
        #expect(rotationSheet["frozen"] as? String == "A2")
    }

    @Test func onAnotherAddressEveryRequestNeedsTheToken() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(root: root, arguments: ["--host", "0.0.0.0"])
        let address = server.address.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        let facts = try Self.facts("workstation_http.py", ["token", address], python: "/usr/bin/python3")
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
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent("demo"), to: root.appendingPathComponent("scenarios/demo"))
        let server = try Server(root: root)
        let facts = try Self.facts("workstation_http.py", ["refusals", server.address, root.path], python: "/usr/bin/python3")
        func status(_ key: String) -> Int? { (facts[key] as? [String: Any])?["status"] as? Int ?? facts[key] as? Int }
        func text(_ key: String) -> String { (facts[key] as? [String: Any])?["text"] as? String ?? "" }
        #expect(status("post_without_csrf") == 403)
        #expect(status("post_with_other_csrf") == 403)
        #expect(status("upload_without_csrf") == 403)
        #expect(status("oversize") == 413, "\(facts["oversize"] ?? "")")
        #expect(status("zip_traversal") == 400 && text("zip_traversal").contains("../evil.csv"))
        #expect(status("zip_absolute") == 400 && text("zip_absolute").contains("/tmp/evil.csv"))
        #expect(status("zip_stranger") == 400 && text("zip_stranger").contains("run.sh"))
        #expect(status("dotdot_name") == 400)
        #expect(status("old_xls") == 400 && text("old_xls").contains(".xlsx"))
        #expect(status("not_a_workbook") == 400)
        #expect(status("unknown_scenario") == 404)
        #expect(status("file_outside") == 404)
        // Nothing was written: no upload folder holds anything, no file escaped.
        #expect((facts["uploads_left"] as? [String])?.isEmpty == true, "\(facts["uploads_left"] ?? "")")
        #expect(facts["evil_written"] as? Bool == false)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("plans").path), "no post was obeyed")
    }

    @Test func aHostileNameIsShownAsText() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = root.appendingPathComponent("scenarios/demo")
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent("demo"), to: demo)
        // The first teacher of teachers.csv gets a name that would run as a script.
        let teachers = demo.appendingPathComponent("teachers.csv")
        var lines = try String(contentsOf: teachers, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        let teacher = fields[0]
        fields[1] = "<script>alert(1)</script>"
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: teachers, atomically: true, encoding: .utf8)
        let server = try Server(root: root)
        let facts = try Self.facts("workstation_http.py", ["hostile", server.address, "scenarios/demo", teacher], python: "/usr/bin/python3")
        #expect(facts["solve"] as? Int == 303)
        #expect((facts["events"] as? String)?.contains("finished") == true, "\(facts["events"] ?? "")")
        // The teacher's explanation shows the name; the objection form echoes a hostile query.
        for page in ["explain", "objections"] {
            let shown = try #require(facts[page] as? [String: Any])
            #expect(shown["status"] as? Int == 200)
            #expect(shown["escaped"] as? Bool == true, "\(page) shows the name")
            #expect(shown["raw"] as? Bool == false, "\(page) never as markup")
        }
        #expect((facts["review"] as? [String: Any])?["raw"] as? Bool == false)
        let verify = CLI.run(["verify", demo.path, root.appendingPathComponent("plans/demo-2025/plan.json").path])
        #expect(verify.status == 0, "\(verify.errors)")
    }

    @Test func aCancelledSolveLeavesTheLastPlanAsItWas() throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        // The largest committed county: GLPK does not prove its Part 2 to a zero gap in the
        // moments between the start and the cancel that follows it at once.
        try FileManager.default.copyItem(
            at: LedgerTests.scenarios.appendingPathComponent("nanchang-county"), to: root.appendingPathComponent("scenarios/nanchang-county"))
        let server = try Server(root: root)
        let facts = try Self.facts("workstation_http.py", ["cancel", server.address, "scenarios/nanchang-county"], python: "/usr/bin/python3")
        #expect(facts["first"] as? Int == 303 && (facts["first_done"] as? String)?.contains("finished") == true, "\(facts)")
        #expect(facts["long"] as? Int == 303)
        #expect(facts["second_while_running"] as? Int == 409, "one solve per scenario at a time")
        #expect(facts["cancel"] as? Int == 303)
        #expect((facts["long_done"] as? String)?.contains("cancelled") == true, "\(facts["long_done"] ?? "")")
        #expect(facts["plan_unchanged"] as? Bool == true)
        let verify = CLI.run([
            "verify", root.appendingPathComponent("scenarios/nanchang-county").path,
            root.appendingPathComponent("plans/nanchang-county-2025/plan.json").path,
        ])
        #expect(verify.status == 0, "\(verify.errors)")
    }

    @Test func everyTemplateEscapesEveryValue() {
        for (name, source) in Templates.sources {
            #expect(!source.contains("{{{") && !source.contains("{{&"), "\(name) shows a value unescaped")
        }
    }
}

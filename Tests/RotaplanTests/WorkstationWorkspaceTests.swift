import Foundation
import GRDB
import RotaplanDomain
import RotaplanLedger
import Testing

/// The workstation's workspace as issue 25 tries it over HTTP (docs/workstation.md "The
/// workspace"): uploads of one county never share a plan, and a hostile workbook is refused at
/// once, keeps nothing and never holds up the pages. The browser test does the re-upload after a
/// publish (`WorkstationTests.theYearsWorkInABrowser`).
@Suite(.serialized) struct WorkstationWorkspaceTests {
    typealias Server = WorkstationTests.Server

    @Test(.enabled(if: OfficeTools.openpyxlPython != nil, "needs Python with openpyxl"))
    func twoUploadsOfOneCountySolvedSideBySideKeepTheirOwnPlans() throws {
        let root = try WorkstationTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (good, _, changed) = try WorkstationTests.workbooks(in: root)
        let server = try Server(root: root)
        let facts = try WorkstationTests.http(["sidebyside", server.address, good.path, changed.path])
        let uploads = try #require(facts["uploads"] as? [[Any]])
        #expect(uploads.map { $0.first as? Int } == [200, 200])
        #expect(uploads.map { $0.last as? String } == ["/data?c=anyi-county&v=1", "/data?c=anyi-county&v=2"])
        #expect(facts["solves"] as? [Int] == [303, 303], "one solve per data version: both run at once")
        let done = try #require(facts["done"] as? [String])
        #expect(done.map { $0.hasPrefix("finished") } == [true, true], "\(done)")
        #expect(done.map { $0.components(separatedBy: " ").last } == ["/plan?c=anyi-county&p=2025-1-1", "/plan?c=anyi-county&p=2025-2-1"])
        // Each plan is its own data version's: made from its files, verified against them.
        let county = root.appendingPathComponent("anyi-county")
        for version in 1...2 {
            let plan = county.appendingPathComponent("plans/2025-\(version)-1/plan.json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
            let meta = try #require(document["meta"] as? [String: Any])
            #expect((meta["command"] as? [String])?.contains("anyi-county/data/\(version)") == true)
            let manifest = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: county.appendingPathComponent("data/\(version)/manifest.json"))) as? [String: Any])
            let files = try #require(manifest["files"] as? [String: String])
            let inputs = try #require(meta["inputs"] as? [String: String])
            #expect(inputs["scenario.xlsx"] == files["scenario.xlsx"], "plan \(version) was made from data version \(version)")
            let verify = CLI.run(["verify", county.appendingPathComponent("data/\(version)").path, plan.path])
            #expect(verify.status == 0, "\(verify.errors)")
        }
        let plans = try FileManager.default.contentsOfDirectory(atPath: county.appendingPathComponent("plans").path)
        #expect(plans.sorted() == ["2025-1-1", "2025-2-1"])
        // Each version was checked once, at its upload: its pages read the check kept with it
        // (check.json) and never the workbook again.
        for version in 1...2 {
            let check = county.appendingPathComponent("data/\(version)/check.json")
            let before = try FileManager.default.attributesOfItem(atPath: check.path)[.modificationDate] as? Date
            let kept = try Data(contentsOf: check)
            let visits = try WorkstationTests.http(["visits", server.address, "/data?c=anyi-county&v=\(version)", "3"])
            #expect(visits["statuses"] as? [Int] == [200, 200, 200])
            #expect((visits["texts"] as? [String])?.allSatisfy { $0.contains("数据检查通过") } == true)
            #expect(try FileManager.default.attributesOfItem(atPath: check.path)[.modificationDate] as? Date == before)
            #expect(try Data(contentsOf: check) == kept)
        }
    }

    /// Bad input is answered at once: a workbook whose sheet part inflates to gigabytes is refused
    /// before (declared sizes) or while (bytes counted) it inflates, three at a time, while the
    /// home page goes on answering; nothing is kept, and its repository copy is listed without
    /// being read and refused when adopted.
    @Test(
        .enabled(if: OfficeTools.openpyxlPython != nil, "needs Python with openpyxl"),
        arguments: [("declares 1.5 GiB", 1_610_612_736, nil), ("declares 4,000 bytes and inflates to 1 GiB", 1 << 30, 4000)] as [(String, Int, Int?)])
    func aHostileWorkbookIsRefusedAndKeepsNothing(_ kind: String, size: Int, declared: Int?) throws {
        let root = try WorkstationTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (good, _, _) = try WorkstationTests.workbooks(in: root)
        let bomb = root.appendingPathComponent("bomb.xlsx")
        try OfficeTools.openpyxl(["bomb", good.path, bomb.path, "xl/worksheets/sheet3.xml", String(size)] + (declared.map { [String($0)] } ?? []))
        let workspace = root.appendingPathComponent("office")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let server = try Server(root: workspace)
        let facts = try WorkstationTests.http(["bomb", server.address, workspace.path, bomb.path])
        #expect((facts["size"] as? Int ?? .max) < 3_000_000, "\(kind): a small upload")
        let uploads = try #require(facts["uploads"] as? [[String: Any]])
        let expected = declared == nil ? "被拒绝：其内容解压后将达" : "解压后超过其声明的 4000 字节"
        for upload in uploads {
            #expect(upload["status"] as? Int == 400)
            let text = upload["text"] as? String ?? ""
            #expect(text.hasPrefix("未保存：安义县.xlsx：") && text.contains(expected), "\(kind): \(text)")
        }
        #expect(uploads.count == 3)
        let homes = try #require(facts["home_during"] as? [Int])
        #expect(!homes.isEmpty && homes.allSatisfy { $0 == 200 }, "the home page answered while the uploads were refused: \(homes)")
        #expect(facts["added"] as? [String] == [], "nothing kept: \(facts["added"] ?? "")")
        #expect(facts["listed"] as? Bool == true)
        let adopted = try #require(facts["adopt"] as? [[String: Any]])
        for answer in adopted {
            #expect(answer["status"] as? Int == 400)
            #expect((answer["message"] as? String)?.hasPrefix("未保存：hostile.xlsx：") == true, "\(answer)")
        }
        #expect(facts["home_after"] as? Int == 200)
        #expect(facts["added_by_adopt"] as? [String] == [], "\(facts["added_by_adopt"] ?? "")")
        #expect(facts["incoming_left"] as? [String] == [], "nothing staged is left behind")
    }
    /// A workbook sent zipped, in a folder and with what macOS or Windows adds, is read as the
    /// workbook; two workbooks in one archive are refused, each named. Chinese Windows writes
    /// the names in GBK without ZIP's UTF-8 flag: read the same, and named in Chinese.
    @Test(.enabled(if: OfficeTools.openpyxlPython != nil, "needs Python with openpyxl"))
    func aZippedWorkbookIsReadAsTheWorkbook() throws {
        let root = try WorkstationTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (good, _, _) = try WorkstationTests.workbooks(in: root)
        let server = try Server(root: root)
        let facts = try WorkstationTests.http(["zipped", server.address, good.path])
        let one = try #require(facts["one"] as? [Any])
        #expect(one.first as? Int == 200 && one.last as? String == "/data?c=anyi-county&v=1", "\(one)")
        let stored = root.appendingPathComponent("anyi-county/data/1/scenario.xlsx")
        #expect(try Data(contentsOf: stored) == Data(contentsOf: good))
        let two = try #require(facts["two"] as? [String: Any])
        #expect(two["status"] as? Int == 400 && (two["text"] as? String)?.contains("“安义县（旧）.xlsx” 不是场景文件") == true, "\(two)")
        let twoGBK = try #require(facts["two_gbk"] as? [String: Any])
        let refusal = twoGBK["text"] as? String ?? ""
        #expect(twoGBK["status"] as? Int == 400 && refusal.contains("“安义县/安义县.xlsx” 不是场景文件"), "\(twoGBK)")
        #expect(refusal.contains("“安义县/安义县（旧）.xlsx” 不是场景文件"), "\(twoGBK)")
        let oneGBK = try #require(facts["one_gbk"] as? [Any])
        // The same workbook as the first upload: the office is sent to the version it already has.
        #expect(oneGBK.first as? Int == 200 && oneGBK.last as? String == "/data?c=anyi-county&v=1&same=1", "\(oneGBK)")
        // Its folder written with backslashes, under a name with 【】: read the same.
        let backslash = try #require(facts["one_backslash"] as? [Any])
        #expect(backslash.first as? Int == 200 && backslash.last as? String == "/data?c=anyi-county&v=1&same=1", "\(backslash)")
    }

    /// Two people at once on one plan (docs/workstation.md "Promises and how they are kept"): objections saved
    /// by four people at the same moment are all kept, and a replacing approval pressed twice
    /// at the same moment publishes once (the second finds the plan published: 409).
    @Test func peopleAtOnceOnOnePlanLoseNothingAndPublishOnce() throws {
        let root = try WorkstationTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        try WorkstationTests.repositoryScenario("demo", in: root)
        let scenario = try ScenarioLoader.load(folder: LedgerTests.scenarios.appendingPathComponent("demo"))
        let teachers = scenario.teachers.indices.filter { scenario.pins[$0] == nil }.prefix(4).map { scenario.teachers[$0].id }
        let server = try Server(root: root)
        let exempt = try #require(scenario.teachers.first { $0.exemptReason != nil && !teachers.contains($0.id) })
        let facts = try WorkstationTests.http(
            ["atonce", server.address, "scenarios/demo", teachers.joined(separator: ","), root.path, exempt.id])
        #expect(facts["objections"] as? [Int] == [303, 303, 303, 303], "\(facts)")
        let saved = try #require(facts["objections_file"] as? String)
        for teacher in teachers { #expect(saved.contains(teacher + ","), "\(teacher) kept: \(saved)") }
        // One objection a teacher: the second replaces the first, and the office is told.
        let again = try #require(facts["objection_again"] as? [Any])
        #expect(again.first as? Int == 200 && (again.last as? String)?.hasPrefix("已改为新的异议；原异议（留任（不交流）：家中有事）已被替换") == true, "\(again)")
        // A removal pressed twice removes once; the second is told there is nothing left.
        #expect(facts["removed_twice"] as? [Int] == [303, 409], "\(facts)")
        // An exempt teacher cannot be made to go: refused with the reason, nothing saved.
        let refused = try #require(facts["exempt_objection"] as? [Any])
        #expect(refused.first as? Int == 400 && (refused.last as? String)?.contains("不能登记为交流：免于交流") == true, "\(refused)")
        let unmet = try #require(facts["submit_unmet"] as? [Any])
        #expect(unmet.first as? Int == 409 && (unmet.last as? String)?.contains("条异议尚未体现在方案中") == true, "\(unmet)")
        #expect((facts["explain_unmet"] as? String)?.contains("公示异议：留任（不交流）（家中有事）；方案尚未体现这条异议") == true, "\(facts["explain_unmet"] ?? "")")
        let after = try #require(facts["objections_after"] as? String)
        #expect(after.contains(",第二次") && !after.contains(teachers[3] + ",") && !after.contains(exempt.id), "\(after)")
        #expect(facts["import"] as? Int == 303, "\(facts)")
        #expect(facts["submitted"] as? [Int] == [303, 303], "\(facts)")
        #expect(facts["first_approve"] as? Int == 303, "\(facts)")
        #expect(facts["replace_offered_before"] as? Bool == false && facts["replace_offered_after"] as? Bool == true, "\(facts)")
        #expect(facts["approvals"] as? [Int] == [303, 409], "\(facts)")
        let approvalMessages = try #require(facts["approval_messages"] as? [String])
        #expect(approvalMessages.count { $0.hasPrefix("已发布并记入本县台账") } == 1, "\(approvalMessages)")
        let county = try #require(facts["county"] as? String)
        let status = try Data(contentsOf: root.appendingPathComponent("\(county)/plans/2025-1-2.status.json"))
        let events = try #require(try JSONSerialization.jsonObject(with: status) as? [[String: Any]])
        #expect(events.filter { $0["kind"] as? String == "published" }.count == 1, "\(events)")
        let ledger = try DatabaseQueue(path: root.appendingPathComponent("\(county)/ledger.sqlite").path)
        let publications = try ledger.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM publication WHERE kind = 'plan'") }
        #expect(publications == 2, "the first plan and its one replacement")
        let replacements = try ledger.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE kind = 'replace'") }
        #expect(replacements == 1)
        #expect(facts["replaced_state"] as? String == "已发布（已被重新公布的方案替换）", "\(facts["replaced_state"] ?? "")")
        #expect((facts["data_page"] as? String)?.contains("已发布（已被重新公布的方案替换）") == true, "\(facts["data_page"] ?? "")")
        #expect(facts["published_objection_links"] as? Int == 0, "\(facts)")
        #expect(facts["approve_again"] as? [AnyHashable] == [409, "此方案已经发布，无需再次批准。"], "\(facts["approve_again"] ?? "")")
        // The published plan's report is its published list, with the head after the
        // replacement; deleted, it is made again from the ledger, the same.
        let head = try #require(try Ledger.open(root.appendingPathComponent("\(county)/ledger.sqlite"), create: false, access: .read).head())
        let published = try #require(facts["published_report"] as? [Any])
        #expect(published.first as? Int == 200 && (published.last as? String)?.contains("--head \(head.short)") == true)
        let remade = try #require(facts["remade_report"] as? [Any])
        #expect(remade.first as? Int == 200 && remade.last as? String == published.last as? String)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("\(county)/plans/2025-1-2/published/plan.xlsx").path))
    }
}

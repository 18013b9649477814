import Foundation
import Testing

@testable import RotaplanWeb

/// The office's people at the workstation (docs/workstation.md "Who may do what", issue 28):
/// accounts made by the real `rotaplan user add … --password-stdin` (bcrypt at its default
/// cost, about 0.2 s a hash), a real server, HTTP requests and Chromium.
@Suite(.serialized) struct WorkstationAccountsTests {
    typealias Server = WorkstationTests.Server

    /// One account of the office: who signs in, with what, as what.
    struct Person {
        var name: String
        var password: String
        var role: String

        var json: [String: String] { ["name": name, "password": password, "role": role] }
    }

    static let viewer = Person(name: "王五", password: "viewer-password-1", role: "viewer")
    static let planner = Person(name: "李四", password: "planner-password-1", role: "planner")
    static let approver = Person(name: "张三", password: "approver-password-1", role: "approver")
    /// Locked out by the lock-out test, so that nobody else's sign-in meets the lock.
    static let forgetful = Person(name: "赵六", password: "forgetful-password-1", role: "planner")
    static let office = [viewer, planner, approver]

    /// `rotaplan user add NAME --role ROLE --root ROOT --password-stdin`, the real program.
    static func add(_ person: Person, root: URL) throws {
        let process = Process()
        process.executableURL = LedgerCrashTests.executable
        process.arguments = ["user", "add", person.name, "--role", person.role, "--root", root.path, "--password-stdin"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((person.password + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "rotaplan user add \(person.name)")
    }

    /// A workspace with the office's accounts (and `extra`) and the repository's demo.
    static func officeRoot(_ extra: [Person] = []) throws -> URL {
        let root = try WorkstationTests.temporaryRoot()
        try WorkstationTests.repositoryScenario("demo", in: root)
        for person in office + extra { try add(person, root: root) }
        return root
    }

    static func write(_ value: Any, to url: URL) throws {
        try JSONSerialization.data(withJSONObject: value).write(to: url)
    }

    /// Who may use a route, as WORKSTATION.md words it: everyone reads (and signs in and out);
    /// a planner also uploads, solves, objects, runs what-ifs and submits; an approver also
    /// publishes and returns. Written here from the contract, not from the server's table, and
    /// a route this table does not know fails the test: a new route cannot be missed.
    static func allowed(_ role: String, _ method: String, _ path: String) -> Bool {
        if method == "GET" || ["/signin", "/signout"].contains(path) { return true }
        switch path {
        case "/approve", "/return": return role == "approver"
        case "/upload", "/adopt", "/solve", "/cancel", "/objections", "/replan", "/whatif", "/submit", "/ledger-import":
            return role != "viewer"
        default:
            Issue.record("\(method) \(path): a route WORKSTATION.md's table here does not know; say who may use it")
            return false
        }
    }

    /// The publish event, as a published teacher's record shows it, names the submitter and the approver.
    static func expectSubmitterAndApprover(in year: String, ledger: URL) throws {
        let teacher = try #require(year.firstMatch(of: /（(AYX-T\d+|\d{17}[\dX])）/)?.1, "\(year)")
        let record = CLI.run(["ledger", "show", "--teacher", String(teacher), "--ledger", ledger.path])
        #expect(record.status == 0 && record.output.contains("操作人 张三（工作站）") && record.output.contains("提交人 李四，审批人 张三"), "\(record.output)")
    }

    @Test func everyRouteNeedsSignInAndTheRightRole() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        // The routes as the router has them (method, path, action), not a list kept by hand.
        let routes = RouteTable.routes(Office(root: root, secure: false, plainHTTPOffLoopback: false)).map { route in
            ["method": route.method.rawValue, "path": route.path, "action": route.action?.rawValue ?? "anyone"]
        }
        #expect(routes.count >= 27, "\(routes.count) routes")
        let routesFile = root.appendingPathComponent("routes.json")
        let accountsFile = root.appendingPathComponent("accounts.json")
        try Self.write(routes, to: routesFile)
        try Self.write(Self.office.map(\.json), to: accountsFile)
        let server = try Server(root: root)
        let facts = try WorkstationTests.http(["routes", server.address, routesFile.path, accountsFile.path])
        let anonymous = try #require(facts["anonymous"] as? [String: [String: Any]])
        let roles = try #require(facts["roles"] as? [String: [String: Any]])
        for route in routes {
            let (method, path) = (route["method"]!, route["path"]!)
            let key = "\(method) \(path)"
            let answer = try #require(anonymous[key], "\(key) was not tried")
            if RouteTable.isPublic(path) {
                #expect(answer["status"] as? Int != 403 && !(answer["location"] as? String ?? "").hasPrefix("/signin"), "\(key): \(answer)")
            } else if method == "GET" {
                #expect(answer["status"] as? Int == 303 && (answer["location"] as? String)?.hasPrefix("/signin?next=") == true, "\(key): \(answer)")
            } else {
                #expect(answer["status"] as? Int == 401, "\(key): \(answer)")
            }
            for person in Self.office {
                let answers = try #require(roles[person.role])
                #expect(answers["signed_in"] as? Int == 303, "\(person.name) signs in")
                let got = try #require(answers[key] as? [String: Any], "\(key) as \(person.role)")
                let status = got["status"] as? Int
                if Self.allowed(person.role, method, path) {
                    // Signing in again with an empty form is answered as a wrong password (401).
                    #expect(status != 403 && (status != 401 || path == "/signin") && got["refused"] as? Bool == false, "\(key) as \(person.role): \(got)")
                } else {
                    #expect(status == 403 && got["refused"] as? Bool == true, "\(key) as \(person.role): \(got)")
                }
            }
        }
    }

    @Test func aViewerReadsAPlannerProposesAnApproverPublishes() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let accountsFile = root.appendingPathComponent("accounts.json")
        try Self.write(Self.office.map(\.json), to: accountsFile)
        // The county's 工号 are ID-card numbers, as some offices keep them (AYX-T00042 becomes
        // 360102198001000042), so that what a viewer may read is tried on real numbers.
        let county = root.appendingPathComponent("anyi-ids")
        try FileManager.default.copyItem(at: LedgerTests.scenarios.appendingPathComponent("anyi-county"), to: county)
        let teacherID = try NSRegularExpression(pattern: "AYX-T([0-9]{5})")
        for name in try FileManager.default.contentsOfDirectory(atPath: county.path) where name.hasSuffix(".csv") {
            let file = county.appendingPathComponent(name)
            let text = try String(contentsOf: file, encoding: .utf8)
            let numbered = teacherID.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "3601021980010$1")
            try Data(numbered.utf8).write(to: file)
        }
        let workbook = root.appendingPathComponent("安义县.xlsx")
        #expect(CLI.run(["import", county.path, "-o", workbook.path]).status == 0)
        try FileManager.default.removeItem(at: county)
        let server = try Server(root: root)
        let facts = try WorkstationTests.http(["office", server.address, root.path, accountsFile.path, workbook.path])
        // A viewer cannot upload, import, solve, submit or publish; nothing of theirs is kept.
        #expect(facts["viewer_upload"] as? Int == 403)
        #expect(facts["counties_after_viewer"] as? [String] == [])
        #expect(facts["viewer_import"] as? Int == 403)
        #expect(facts["viewer_solve"] as? Int == 403)
        #expect(facts["viewer_submit"] as? Int == 403)
        #expect(facts["viewer_publish"] as? Int == 403)
        // A planner uploads, brings the history in, solves and submits, but cannot publish or return.
        #expect((facts["planner_upload"] as? [Any])?.first as? Int == 200)
        // Each change answers with a redirect to the page that says it (post, redirect, get).
        let imported = try #require(facts["planner_import"] as? [Any])
        #expect(imported.first as? Int == 303 && (imported.last as? String)?.hasPrefix("已把 ") == true, "\(imported)")
        #expect(facts["planner_solve"] as? Int == 303)
        #expect((facts["solve_done"] as? String)?.hasPrefix("finished") == true, "\(facts["solve_done"] ?? "")")
        let submitted = try #require(facts["planner_submit"] as? [Any])
        #expect(submitted.first as? Int == 303 && (submitted.last as? String)?.hasPrefix("已提交审批。") == true, "\(submitted)")
        #expect(facts["planner_publish"] as? Int == 403)
        #expect(facts["planner_return"] as? Int == 403)
        // The approver publishes it; the ledger's event names both.
        let published = try #require(facts["approver_publish"] as? [String: Any])
        #expect(published["status"] as? Int == 303)
        #expect(
            (published["message"] as? String)?.hasPrefix("已发布并记入本县台账（提交人 李四，审批人 张三：同意发布）。台账校验码 ") == true, "\(published)")
        #expect(published["refreshed"] as? String == "", "a refresh says nothing again: \(published)")
        #expect(facts["state"] as? String == "已发布")
        // A viewer reads no whole ID-card number: not on the plan page, not in its links (a
        // teacher is linked by row), not in a download; a workbook, which cannot be masked,
        // is refused. The planner sees the numbers.
        let sees = try #require(facts["viewer_sees"] as? [String: [Any]])
        for page in ["plan", "report.html", "plan.json", "rotations.csv"] {
            #expect(sees[page]?.first as? Int == 200 && sees[page]?.last as? Int == 0, "\(page): \(sees[page] ?? [])")
        }
        #expect(sees["explain"]?.map { "\($0)" } == ["200", "1", "0"], "\(sees)")
        #expect(sees["plan.xlsx"]?.first as? Int == 403, "\(sees)")
        #expect(sees["planner_plan"]?.first as? Int == 200 && (sees["planner_plan"]?.last as? Int ?? 0) > 0, "\(sees)")
        let countySlug = try #require(facts["county"] as? String)
        let ledger = root.appendingPathComponent("\(countySlug)/ledger.sqlite")
        let shown = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.hasPrefix("2025学年交流名单（公布 ") && shown.output.contains("操作人 张三（工作站））"), "\(shown.output)")
        try Self.expectSubmitterAndApprover(in: shown.output, ledger: ledger)
        #expect(CLI.run(["ledger", "verify", "--ledger", ledger.path]).status == 0)
        // Every change is an audit row naming who made it.
        let audit = try #require(facts["audit"] as? String)
        for row in ["李四 工作站 上传数据", "李四 工作站 编制方案", "李四 工作站 提交审批", "张三 工作站 批准发布"] {
            #expect(audit.contains(row), "\(row): \(audit)")
        }
        #expect(!audit.contains("王五 工作站 上传数据"))
    }

    @Test func aRestartKeepsPeopleSignedIn() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        var server = try Server(root: root)
        let before = try WorkstationTests.http(["session", server.address, Self.planner.name, Self.planner.password])
        #expect(before["signed_in"] as? Int == 303 && before["home"] as? Int == 200)
        let cookie = try #require(before["cookie"] as? String)
        server.stop()
        server = try Server(root: root)
        let after = try WorkstationTests.http(["resume", server.address, cookie])
        #expect(after["home"] as? Int == 200)
        #expect(after["signed_in_as"] as? String == Self.planner.name)
        // A cookie nobody was given leads to the sign-in page.
        let stranger = try WorkstationTests.http(["resume", server.address, String(repeating: "ab", count: 32)])
        #expect(stranger["home"] as? Int == 303)
    }

    @Test func fiveWrongPasswordsLockTheAccount() throws {
        let root = try Self.officeRoot([Self.forgetful])
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(root: root)
        let facts = try WorkstationTests.http(["lockout", server.address, Self.forgetful.name, Self.forgetful.password])
        let wrong = try #require(facts["wrong"] as? [[String: Any]])
        #expect(wrong.map { $0["status"] as? Int } == Array(repeating: 401, count: 5))
        #expect((wrong.last?["message"] as? String)?.contains("锁定") == true, "\(wrong.last ?? [:])")
        let right = try #require(facts["right_while_locked"] as? [String: Any])
        #expect(right["status"] as? Int == 401 && right["cookie"] as? Bool == false, "the right password is not tried while locked")
        #expect((right["message"] as? String)?.contains("锁定") == true, "\(right)")
    }

    @Test func aStolenCookieCannotPostWithoutItsOwnSessionsToken() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let accountsFile = root.appendingPathComponent("accounts.json")
        try Self.write([Self.planner.json, Self.approver.json], to: accountsFile)
        let server = try Server(root: root)
        let facts = try WorkstationTests.http(["stolen", server.address, accountsFile.path])
        #expect(facts["different_tokens"] as? Bool == true)
        let other = try #require(facts["other_token"] as? [String: Any])
        #expect(other["status"] as? Int == 403 && (other["text"] as? String)?.contains("安全令牌") == true, "\(other)")
        #expect(facts["no_token"] as? Int == 403)
        #expect(facts["own_token"] as? Int == 404, "with its own token the post reaches the route (no such data: 404)")
    }

    @Test(.enabled(if: WorkstationTests.browser, "\(WorkstationTests.browserMissing)"))
    func aPlanIsSubmittedReturnedReplannedAndPublishedInABrowser() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (good, _, _) = try WorkstationTests.workbooks(in: root)
        let accountsFile = root.appendingPathComponent("accounts.json")
        try Self.write(Self.office.map(\.json), to: accountsFile)
        let out = root.appendingPathComponent("browser")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let server = try Server(root: root)
        let facts = try WorkstationTests.facts("workstation_browser.py", ["approval", server.address, out.path, root.path, good.path, accountsFile.path])
        #expect((facts["planner_greeting"] as? String)?.hasPrefix("李四（编制人）") == true, "\(facts["planner_greeting"] ?? "")")
        #expect(facts["planner_can_publish"] as? Bool == false)
        #expect(facts["after_submit"] as? String == "已提交审批")
        #expect((facts["approver_greeting"] as? String)?.hasPrefix("张三（审批人）") == true, "\(facts["approver_greeting"] ?? "")")
        #expect(facts["after_return"] as? String == "已退回")
        #expect((facts["planner_sees"] as? [String])?.contains { $0.contains("张三 已退回：万埠片区名单需调整") } == true, "\(facts["planner_sees"] ?? "")")
        let first = try #require(facts["first_plan"] as? String)
        let second = try #require(facts["second_plan"] as? String)
        #expect(first == "2025-1-1" && second == "2025-1-2")
        #expect(facts["second_after_submit"] as? String == "已提交审批")
        #expect(
            (facts["publish"] as? String)?.hasPrefix("已发布并记入本县台账（提交人 李四，审批人 张三：同意发布）。台账校验码 ") == true,
            "\(facts["publish"] ?? "")")
        #expect(facts["second_state"] as? String == "已发布")
        #expect(facts["first_state"] as? String == "已退回")
        #expect((facts["console_errors"] as? [String])?.isEmpty == true, "\(facts["console_errors"] ?? "")")
        // The published plan keeps the teacher the planner kept home, and verifies.
        let county = try #require(facts["county"] as? String)
        let kept = try #require(facts["kept"] as? [String])
        let plan = root.appendingPathComponent("\(county)/plans/\(second)/plan.json")
        #expect(try !WorkstationTests.rotations(plan).contains { $0["teacher"] as? String == kept[1] })
        let ledger = root.appendingPathComponent("\(county)/ledger.sqlite")
        let shown = CLI.run(["ledger", "show", "--year", "2025", "--ledger", ledger.path])
        #expect(shown.output.contains("操作人 张三（工作站））"), "\(shown.output)")
        try Self.expectSubmitterAndApprover(in: shown.output, ledger: ledger)
        let audit = try #require(facts["audit"] as? [[String]])
        let actions = audit.map { "\($0[1]) \($0[3])" }
        for row in ["李四 历史导入台账", "李四 提交审批", "张三 退回", "李四 登记异议", "张三 批准发布"] {
            #expect(actions.contains(row), "\(row): \(actions)")
        }
        // In the office's words: the county by its name, an account's role by its Chinese name.
        #expect(audit.filter { $0[3] == "提交审批" }.allSatisfy { $0[4] == "安义县" }, "\(audit)")
        let added = audit.filter { $0[3] == "新建账户" }
        #expect(!added.isEmpty && added.allSatisfy { $0[8].hasPrefix("角色：") }, "\(added)")
        #expect(added.contains { $0[7] == "张三" && $0[8] == "角色：审批人" }, "\(added)")
    }

    /// `--tls-cert/--tls-key` with a certificate openssl makes here: the pages over HTTPS,
    /// every cookie Secure, HttpOnly and SameSite=Strict.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func withACertificateItServesHTTPSAndItsCookiesAreSecure() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = root.appendingPathComponent("key.pem")
        let certificate = root.appendingPathComponent("certificate.pem")
        try OfficeTools.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path, "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        let server = try Server(root: root, arguments: ["--tls-cert", certificate.path, "--tls-key", key.path])
        #expect(server.address.hasPrefix("https://127.0.0.1:"), "\(server.address)")
        let facts = try WorkstationTests.http(["tls", server.address, Self.planner.name, Self.planner.password])
        #expect(facts["signin_page"] as? Int == 200)
        #expect(facts["signed_in"] as? Int == 303)
        #expect(facts["home"] as? Int == 200)
        let flags = try #require(facts["cookie_flags"] as? [String: [String]])
        #expect(flags.keys.sorted() == ["rotaplan_session", "rotaplan_visit"], "\(flags)")
        for (cookie, given) in flags {
            #expect(Set(["secure", "httponly", "samesite"]).isSubset(of: Set(given)), "\(cookie): \(given)")
        }
    }

    /// Off loopback, with accounts and without TLS, sign-in is refused; `--insecure-http`
    /// allows it and the sign-in page says the password crosses the network unencrypted.
    @Test func offLoopbackWithoutTLSSignInIsRefusedUnlessInsecureHTTPIsGiven() throws {
        let root = try Self.officeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        var server = try Server(root: root, arguments: ["--host", "0.0.0.0"])
        var address = server.address.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        let refused = try WorkstationTests.http(["insecure", address, Self.planner.name, Self.planner.password])
        #expect(refused["signin_page"] as? Int == 403)
        #expect((refused["text"] as? String)?.contains("需要 HTTPS") == true, "\(refused)")
        #expect(refused["signed_in"] as? Int == 403)
        #expect(refused["home"] as? Int == 403)
        server.stop()
        server = try Server(root: root, arguments: ["--host", "0.0.0.0", "--insecure-http"])
        address = server.address.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
        let allowed = try WorkstationTests.http(["insecure", address, Self.planner.name, Self.planner.password])
        #expect(allowed["signin_page"] as? Int == 200)
        #expect(allowed["warned"] as? Bool == true, "\(allowed["text"] ?? "")")
        #expect(allowed["signed_in"] as? Int == 303)
        #expect(allowed["home"] as? Int == 200)
    }
}

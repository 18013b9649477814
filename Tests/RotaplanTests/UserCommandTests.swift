import Foundation
import RotaplanAccounts
import RotaplanCLI
import RotaplanLedger
import Testing

/// `rotaplan user` (docs/workstation.md "Accounts"): in-process with the password given as
/// standard input and bcrypt at its cheapest, and as the real program with a real pipe and a
/// real terminal (a pseudo-terminal driven by Python).
@Suite struct UserCommandTests {
    /// Runs `rotaplan user …` in-process; `stdin` is what standard input holds (never a terminal).
    static func user(_ arguments: [String], stdin: String = "", root: URL) -> CLI.Run {
        PasswordInput.$current.withValue(.standardInput(stdin)) {
            UserCommandSettings.$bcryptCost.withValue(4) {
                CLI.run(["user"] + arguments + ["--root", root.path])
            }
        }
    }

    @Test func addListPasswdRoleAndDisableEachSayWhatTheyDidAndLeaveAnAuditRow() throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let none = Self.user(["list"], root: root)
        #expect(none.status == 0 && none.output.contains("no accounts") && none.output.contains("single-user mode"))
        #expect(!FileManager.default.fileExists(atPath: Accounts.url(root: root).path), "list makes no file")

        let add = Self.user(["add", "张三", "--role", "approver", "--display", "张三（科长）", "--password-stdin"], stdin: "正确的马电池订书钉\n", root: root)
        #expect(add.status == 0, "\(add.errors)")
        #expect(add.output == "added 张三 (approver) to \(Accounts.url(root: root).path).\n")
        #expect(Self.user(["add", "li.si", "--role", "planner", "--password-stdin"], stdin: "battery staple\r\n", root: root).status == 0)

        let list = Self.user(["list"], root: root)
        #expect(list.status == 0)
        let lines = list.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("name   display name  role      status"))
        #expect(lines[1].hasPrefix("张三   张三（科长）  approver  active"), "columns padded to the width CJK text takes")
        #expect(lines[2].hasPrefix("li.si  li.si         planner   active"))
        #expect(lines[3] == "2 active of 2: every page of the workstation needs sign-in.")

        let role = Self.user(["role", "li.si", "approver"], root: root)
        #expect(role.status == 0 && role.output == "li.si is now approver (was planner).\n")
        let same = Self.user(["role", "LI.SI", "approver"], root: root)
        #expect(same.status == 0 && same.output == "li.si is approver already; nothing changed.\n")

        let passwd = Self.user(["passwd", "li.si", "--password-stdin"], stdin: "another staple\n", root: root)
        #expect(passwd.status == 0 && passwd.output == "changed the password of li.si; its sessions have ended.\n")
        let disable = Self.user(["disable", "张三"], root: root)
        #expect(disable.status == 0 && disable.output == "disabled 张三; its sessions have ended.\n")
        #expect(disable.errors.isEmpty, "li.si is an active approver still")
        let again = Self.user(["disable", "张三"], root: root)
        #expect(again.status == 0 && again.output == "张三 was disabled already; nothing changed.\n")

        let accounts = try AccountsTests.open(root)
        #expect(try accounts.signIn(name: "li.si", password: "another staple", now: AccountsTests.t0).session?.account.role == .approver)
        #expect(try accounts.signIn(name: "张三", password: "正确的马电池订书钉", now: AccountsTests.t0) == .refused(.disabled))
        let log = try accounts.auditLog().entries.filter { $0.action != .signInFailed }
        #expect(log.map(\.action) == [.userDisabled, .passwordChanged, .roleChanged, .userAdded, .userAdded])
        #expect(log.allSatisfy { $0.actor == .commandLine(user: LedgerContext.systemUser) })
        #expect(try accounts.list().map(\.createdBy) == Array(repeating: "\(LedgerContext.systemUser) (command line)", count: 2))
    }

    @Test func disablingTheLastApproverOrTheLastAccountSaysWhatFollows() throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.user(["add", "zhang", "--role", "approver", "--password-stdin"], stdin: "correct horse", root: root).status == 0)
        #expect(Self.user(["add", "li", "--role", "planner", "--password-stdin"], stdin: "battery staple", root: root).status == 0)
        let demoted = Self.user(["role", "zhang", "planner"], root: root)
        #expect(demoted.status == 0 && demoted.errors.contains("no active approver remains, so no plan can be published"))
        #expect(Self.user(["disable", "zhang"], root: root).status == 0)
        let last = Self.user(["disable", "li"], root: root)
        #expect(last.status == 0 && last.errors.contains("no active account remains, so the workstation is back in single-user mode"))
        #expect(Self.user(["list"], root: root).output.contains("no active account: the workstation is in single-user mode."))
    }

    /// Bad input: exit 1, the reason, and the accounts as they were.
    struct BadInput: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var stdin: String
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badInputs: [BadInput] = [
        BadInput(arguments: ["passwd", "nobody", "--password-stdin"], stdin: "battery staple", message: "there is no account named 'nobody'"),
        BadInput(arguments: ["disable", "nobody"], stdin: "", message: "there is no account named 'nobody'"),
        BadInput(arguments: ["role", "nobody", "viewer"], stdin: "", message: "there is no account named 'nobody'"),
        BadInput(
            arguments: ["add", "LI.SI", "--role", "viewer", "--password-stdin"], stdin: "battery staple", message: "an account named 'li.si' exists already"),
        BadInput(arguments: ["add", "wang", "--role", "viewer", "--password-stdin"], stdin: "\n", message: "the password is empty"),
        BadInput(
            arguments: ["add", "wang", "--role", "viewer", "--password-stdin"], stdin: "short\n", message: "the password is 5 characters long; give at least 8"),
        BadInput(
            arguments: ["add", "wang", "--role", "viewer", "--password-stdin"], stdin: "battery staple\nsecond line\n",
            message: "standard input holds more than one line"),
        BadInput(
            arguments: ["add", "wang", "--role", "boss", "--password-stdin"], stdin: "battery staple",
            message: "Please provide one of 'viewer', 'planner' or 'approver'"),
        BadInput(arguments: ["role", "li.si", "admin"], stdin: "", message: "Please provide one of 'viewer', 'planner' or 'approver'"),
        BadInput(arguments: ["add", "wang", "--password-stdin"], stdin: "battery staple", message: "Missing expected argument '--role <role>'"),
        BadInput(arguments: ["add", " ", "--role", "viewer", "--password-stdin"], stdin: "battery staple", message: "the name is empty"),
        BadInput(arguments: ["add", "wang", "--role", "viewer"], stdin: "battery staple", message: "standard input is not a terminal"),
        BadInput(arguments: ["passwd", "li.si"], stdin: "battery staple", message: "standard input is not a terminal"),
    ]

    @Test(arguments: badInputs)
    func badInputIsExitOneWithTheReasonAndChangesNothing(_ example: BadInput) throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.user(["add", "li.si", "--role", "planner", "--password-stdin"], stdin: "battery staple\n", root: root).status == 0)
        let before = try AccountsTests.column("SELECT name || ' ' || role || ' ' || active || ' ' || password_hash FROM account", in: root)
        let run = Self.user(example.arguments, stdin: example.stdin, root: root)
        #expect(run.status == 1)
        #expect(run.errors.contains(example.message), "\(run.errors)")
        #expect(try AccountsTests.column("SELECT name || ' ' || role || ' ' || active || ' ' || password_hash FROM account", in: root) == before)
        #expect(try AccountsTests.column("SELECT action FROM audit", in: root) == ["user_add"])
    }

    @Test func aChangeWithoutAnAccountsFileIsRefusedAndMakesNone() throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = Self.user(["disable", "li.si"], root: root)
        #expect(run.status == 1 && run.errors.contains("there is no account named 'li.si'"))
        #expect(!FileManager.default.fileExists(atPath: Accounts.url(root: root).path))
        let missing = CLI.run(["user", "list", "--root", root.appendingPathComponent("nowhere").path])
        #expect(missing.status == 1 && missing.errors.contains("not a folder"))
    }

    // MARK: The real program

    /// `rotaplan user add … --password-stdin` as a script runs it: the password piped in.
    @Test func aScriptGivesThePasswordOnStandardInput() throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let process = Process()
        process.executableURL = LedgerCrashTests.executable
        process.arguments = ["user", "add", "王五", "--role", "viewer", "--password-stdin", "--root", root.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("piped password\n".utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.hasPrefix("added 王五 (viewer)"))
        // Made at the command's own cost.
        #expect(try AccountsTests.column("SELECT password_hash FROM account", in: root).first?.hasPrefix("$2b$\(Accounts.defaultCost)$") == true)
        let accounts = try AccountsTests.open(root)
        #expect(try accounts.signIn(name: "王五", password: "piped password", now: AccountsTests.t0).session != nil)
    }

    /// On a terminal the password is asked twice and never shown; two that differ change nothing.
    @Test func aPersonTypesThePasswordTwiceOnATerminalWithoutEcho() throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = OfficeTools.scripts.appendingPathComponent("terminal_password.py").path
        let typed = try Self.terminalFacts(script, ["user", "add", "li.si", "--role", "planner", "--root", root.path], "typed secret 1", "typed secret 1")
        #expect(typed["status"] as? Int == 0, "\(typed)")
        let screen = try #require(typed["screen"] as? String)
        #expect(screen.contains("Password for li.si: ") && screen.contains("Again: ") && screen.contains("added li.si (planner)"))
        #expect(!screen.contains("typed secret"), "the password is not echoed")
        #expect(typed["echo_after"] as? Bool == true, "the terminal's echo is back on afterwards")

        let differ = try Self.terminalFacts(script, ["user", "add", "wang", "--role", "viewer", "--root", root.path], "typed secret 1", "typed secret 2")
        #expect(differ["status"] as? Int == 1)
        #expect((differ["screen"] as? String)?.contains("the two passwords differ; nothing was changed.") == true)
        let accounts = try AccountsTests.open(root)
        #expect(try accounts.list().map(\.name) == ["li.si"])
        #expect(try accounts.signIn(name: "li.si", password: "typed secret 1", now: AccountsTests.t0).session != nil)
    }

    /// Runs `rotaplan ARGUMENTS` on a pseudo-terminal, types `first` and `second` at its prompts
    /// and returns what the script reports (status, screen, whether echo is on at the end).
    static func terminalFacts(_ script: String, _ arguments: [String], _ first: String, _ second: String) throws -> [String: Any] {
        let output = try OfficeTools.runForData("/usr/bin/python3", [script, LedgerCrashTests.executable.path, first, second] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }
}

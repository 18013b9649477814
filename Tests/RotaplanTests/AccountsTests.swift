import Foundation
import GRDB
import RotaplanAccounts
import Testing

/// The office's accounts as WORKSTATION.md "Who may do what" promises them, on real SQLite
/// files with real bcrypt (at the cheapest cost, 4). Every time is passed in: nothing here
/// waits for a clock.
@Suite final class AccountsTests {
    /// This test's workspace root, removed when the test is done.
    let root: URL

    init() throws {
        root = try Self.temporaryRoot()
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The accounts of `root` with one planner, li.si, whose password is "battery staple".
    func officeWithLiSi() throws -> Accounts {
        let accounts = try Self.open(root)
        try accounts.add(name: "li.si", role: .planner, password: "battery staple", by: Self.admin, now: Self.t0)
        return accounts
    }

    /// A fixed moment; the tests count from it.
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)
    static let admin = Actor.commandLine(user: "admin")

    /// A workspace root of its own, removed by `defer` in each test.
    static func temporaryRoot() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-accounts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func open(_ root: URL, cost: UInt8 = 4) throws -> Accounts {
        try Accounts.open(root: root, cost: cost)
    }

    /// Each column of the table, for the checks that read what the library does not show.
    static func column(_ sql: String, in root: URL) throws -> [String] {
        let queue = try DatabaseQueue(path: Accounts.url(root: root).path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }

    // MARK: Accounts made and changed

    @Test func accountsAreAddedListedAndChangedWithAnAuditRowEach() throws {
        let accounts = try Self.open(root)
        let zhang = try accounts.add(name: " 张三 ", displayName: "张三（科长）", role: .approver, password: "正确的马电池订书钉", by: Self.admin, now: Self.t0)
        #expect(zhang.name == "张三", "trimmed")
        #expect(zhang.displayName == "张三（科长）")
        try accounts.add(name: "li.si", role: .planner, password: "battery staple", by: Self.admin, now: Self.t0 + 1)
        #expect(try accounts.list().map(\.name) == ["张三", "li.si"])
        #expect(try accounts.list().map(\.displayName) == ["张三（科长）", "li.si"], "the display name defaults to the name")

        let promoted = try accounts.setRole(name: "LI.SI", role: .approver, by: Self.admin, now: Self.t0 + 2)
        #expect(promoted.changed && promoted.account.role == .approver)
        #expect(try accounts.setRole(name: "li.si", role: .approver, by: Self.admin, now: Self.t0 + 3).changed == false)
        try accounts.setPassword(name: "li.si", password: "another staple", by: Self.admin, now: Self.t0 + 4)
        let disabled = try accounts.disable(name: "张三", by: Self.admin, now: Self.t0 + 5)
        #expect(disabled.changed && !disabled.account.active)
        #expect(disabled.account.changedBy == "admin (command line)" && disabled.account.changedAt == Self.t0 + 5)
        #expect(try accounts.disable(name: "张三", by: Self.admin, now: Self.t0 + 6).changed == false)

        let log = try accounts.auditLog()
        #expect(log.entries.map(\.action) == [.userDisabled, .passwordChanged, .roleChanged, .userAdded, .userAdded])
        #expect(log.entries.map(\.target) == ["张三", "li.si", "li.si", "li.si", "张三"])
        #expect(log.entries.allSatisfy { $0.actor == Self.admin })
        #expect(log.entries[2].note == "planner → approver")
        #expect(try Self.column("SELECT password_hash FROM account", in: root).allSatisfy { $0.hasPrefix("$2b$04$") }, "bcrypt at the cost given")
    }

    @Test func namesAreUniqueRegardlessOfCaseFullWidthAndUnicodeForm() throws {
        let accounts = try Self.open(root)
        try accounts.add(name: "Li.Si", role: .viewer, password: "battery staple", by: Self.admin, now: Self.t0)
        try accounts.add(name: "Jos\u{E9}", role: .viewer, password: "battery staple", by: Self.admin, now: Self.t0)
        for taken in ["li.si", " LI.SI", "Ｌｉ.Ｓｉ", "Jose\u{301}"] {
            #expect(throws: AccountsError.self, "\(taken)") {
                try accounts.add(name: taken, role: .viewer, password: "battery staple", by: Self.admin, now: Self.t0)
            }
        }
        #expect(try accounts.list().count == 2)
        #expect(try accounts.signIn(name: "ＬＩ.ＳＩ", password: "battery staple", now: Self.t0).session?.account.name == "Li.Si")
    }

    static let badNames: [(String, String)] = [
        ("", "the name is empty"),
        ("   ", "the name is empty"),
        ("a\u{7}b", "holds a control character"),
        (String(repeating: "名", count: 65), "is 65 characters long; at most 64"),
    ]

    @Test(arguments: badNames)
    func aBadNameIsRefusedWithWhatIsExpected(name: String, message: String) throws {
        let accounts = try Self.open(root)
        let error = #expect(throws: AccountsError.self) {
            try accounts.add(name: name, role: .viewer, password: "battery staple", by: Self.admin, now: Self.t0)
        }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(try accounts.list().isEmpty)
    }

    static let badPasswords: [(String, String)] = [
        ("", "the password is empty"),
        ("short", "the password is 5 characters long; give at least 8"),
        ("七个汉字的密码", "7 characters long"),
        (String(repeating: "密", count: 25), "is 75 bytes long in UTF-8; bcrypt reads at most 72"),
        ("tab\tinside it", "control character"),
        ("WANG.WU.1", "the password is the account's name"),
    ]

    @Test(arguments: badPasswords)
    func aBadPasswordIsRefusedWithWhatIsExpected(password: String, message: String) throws {
        let accounts = try Self.open(root)
        let error = #expect(throws: AccountsError.self) {
            try accounts.add(name: "wang.wu.1", role: .viewer, password: password, by: Self.admin, now: Self.t0)
        }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(try accounts.list().isEmpty)
    }

    @Test func aFullWidthPasswordIsTheSameAsItsHalfWidthForm() throws {
        let accounts = try Self.open(root)
        try accounts.add(name: "zhao", role: .viewer, password: "ｓｅｃｒｅｔ１２３", by: Self.admin, now: Self.t0)
        #expect(try accounts.signIn(name: "zhao", password: "secret123", now: Self.t0).session != nil)
    }

    @Test func changesToAnAccountThatDoesNotExistAreRefused() throws {
        let accounts = try Self.open(root)
        #expect(throws: Accounts.noSuchAccount("nobody")) { try accounts.disable(name: "nobody", by: Self.admin, now: Self.t0) }
        #expect(throws: Accounts.noSuchAccount("nobody")) { try accounts.setRole(name: "nobody", role: .viewer, by: Self.admin, now: Self.t0) }
        #expect(throws: Accounts.noSuchAccount("nobody")) {
            try accounts.setPassword(name: "nobody", password: "battery staple", by: Self.admin, now: Self.t0)
        }
        #expect(try accounts.auditLog().total == 0)
    }

    // MARK: Sign-in and lock-out

    @Test func aWrongPasswordOrAnUnknownNameIsOneAnswerAndAnAuditRow() throws {
        let accounts = try officeWithLiSi()
        #expect(try accounts.signIn(name: "li.si", password: "battery stapler", now: Self.t0, client: "192.168.1.5") == .refused(.wrongNameOrPassword))
        #expect(try accounts.signIn(name: "battery staple", password: "li.si", now: Self.t0) == .refused(.wrongNameOrPassword))
        let failures = try accounts.auditLog().entries.filter { $0.action == .signInFailed }
        #expect(failures.count == 2)
        #expect(failures.map(\.target) == [nil, "li.si"])
        #expect(failures.map(\.note) == ["unknown name", "from 192.168.1.5"])
        // A name typed into the wrong field may be a password: it is not written into the record.
        #expect(!failures.contains { $0.actor.name.contains("battery") || ($0.note ?? "").contains("battery") })
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session != nil)
    }

    @Test func fiveFailuresWithinAMinuteLockTheNameForAMinuteEvenAcrossARestart() throws {
        var accounts = try officeWithLiSi()
        for second in [0, 10, 20, 30] {
            #expect(try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + Double(second)) == .refused(.wrongNameOrPassword))
        }
        #expect(try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + 50) == .refused(.locked(until: Self.t0 + 110)))
        // Locked: the right password is not tried either.
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 60) == .refused(.locked(until: Self.t0 + 110)))
        try accounts.close()
        accounts = try Self.open(root)
        #expect(try accounts.signIn(name: "LI.SI", password: "battery staple", now: Self.t0 + 109) == .refused(.locked(until: Self.t0 + 110)))
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 110).session != nil, "a minute later")
        let actions = try accounts.auditLog().entries.map(\.action)
        #expect(actions.filter { $0 == .signInFailed }.count == 5)
        #expect(actions.filter { $0 == .lockedOut }.count == 1)
    }

    @Test func failuresSpreadOverMoreThanAMinuteDoNotLock() throws {
        let accounts = try officeWithLiSi()
        // At t0+62 the last minute holds four of them.
        for second in [0, 20, 40, 61, 62] {
            #expect(try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + Double(second)) == .refused(.wrongNameOrPassword))
        }
        #expect(try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + 63) == .refused(.locked(until: Self.t0 + 123)))
    }

    @Test func aSuccessfulSignInStartsTheCountAgain() throws {
        let accounts = try officeWithLiSi()
        for second in 0..<4 { _ = try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + Double(second)) }
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 5).session != nil)
        #expect(try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + 6) == .refused(.wrongNameOrPassword))
    }

    @Test func aNameNoAccountHasLocksTooSoThatLocksDoNotTellWhichNamesExist() throws {
        let accounts = try officeWithLiSi()
        for second in 0..<4 {
            #expect(try accounts.signIn(name: "nobody", password: "wrong guess", now: Self.t0 + Double(second)) == .refused(.wrongNameOrPassword))
        }
        #expect(try accounts.signIn(name: "nobody", password: "wrong guess", now: Self.t0 + 4) == .refused(.locked(until: Self.t0 + 64)))
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 5).session != nil, "other names are not locked")
    }

    @Test func aDisabledAccountCannotSignInAndItsSessionsEnd() throws {
        let accounts = try officeWithLiSi()
        let session = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        try accounts.disable(name: "li.si", by: Self.admin, now: Self.t0 + 60)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 61) == nil)
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 62) == .refused(.disabled))
        #expect(
            try accounts.signIn(name: "li.si", password: "wrong guess", now: Self.t0 + 63) == .refused(.wrongNameOrPassword),
            "disabled is said only to the right password")
    }

    @Test func aNewPasswordEndsTheAccountsSessionsAndOnlyTheNewOneSignsIn() throws {
        let accounts = try officeWithLiSi()
        try accounts.add(name: "zhang", role: .approver, password: "correct horse", by: Self.admin, now: Self.t0)
        let first = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        let second = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 1).session)
        let other = try #require(try accounts.signIn(name: "zhang", password: "correct horse", now: Self.t0 + 2).session)
        try accounts.setPassword(name: "li.si", password: "another staple", by: Self.admin, now: Self.t0 + 60)
        #expect(try accounts.session(id: first.id, now: Self.t0 + 61) == nil)
        #expect(try accounts.session(id: second.id, now: Self.t0 + 61) == nil)
        #expect(try accounts.session(id: other.id, now: Self.t0 + 61) != nil, "another account's session goes on")
        #expect(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 62) == .refused(.wrongNameOrPassword))
        #expect(try accounts.signIn(name: "li.si", password: "another staple", now: Self.t0 + 63).session != nil)
    }

    @Test func aLowerCostHashIsMadeAgainAtSignInAndTheSessionsStay() throws {
        let cheap = try Self.open(root, cost: 4)
        try cheap.add(name: "li.si", role: .planner, password: "battery staple", by: Self.admin, now: Self.t0)
        let session = try #require(try cheap.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        try cheap.close()
        let dearer = try Self.open(root, cost: 5)
        #expect(try dearer.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 1).session != nil)
        #expect(try Self.column("SELECT password_hash FROM account", in: root).first?.hasPrefix("$2b$05$") == true)
        #expect(try dearer.session(id: session.id, now: Self.t0 + 2) != nil)
        #expect(try dearer.signIn(name: "li.si", password: "battery staple", now: Self.t0 + 3).session != nil)
    }

    // MARK: Sessions

    @Test func aSessionSurvivesARestartAndEndsAfterEightHoursIdle() throws {
        var accounts = try officeWithLiSi()
        let session = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        #expect(session.expiresAt == Self.t0 + 8 * 3600)
        try accounts.close()
        accounts = try Self.open(root)
        // Used 7 hours later: good, and good for 8 hours more from then.
        let used = try #require(try accounts.session(id: session.id, now: Self.t0 + 7 * 3600))
        #expect(used.account.name == "li.si" && used.csrfToken == session.csrfToken)
        #expect(used.lastSeenAt == Self.t0 + 7 * 3600)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 15 * 3600 - 1) != nil)
        // Now idle from t0+15h-1s: still there a second before eight hours, gone at eight.
        try accounts.close()
        accounts = try Self.open(root)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 23 * 3600 - 2) != nil)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 31 * 3600 - 2) == nil)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 23 * 3600 - 2) == nil, "an ended session is deleted")
    }

    @Test func aSessionIsNotUsedPastEightHoursFromSignIn() throws {
        let accounts = try officeWithLiSi()
        let session = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 8 * 3600) == nil)
    }

    @Test func useWithinAMinuteIsNotWrittenButLaterUseIs() throws {
        let accounts = try officeWithLiSi()
        let session = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 59)?.lastSeenAt == Self.t0)
        #expect(try accounts.session(id: session.id, now: Self.t0 + 60)?.lastSeenAt == Self.t0 + 60)
        #expect(try Self.column("SELECT last_seen_at FROM session", in: root) == ["2026-05-28 20:27:40.000"])
    }

    @Test func signingOutEndsTheSessionAndARoleChangeAppliesAtOnce() throws {
        let accounts = try officeWithLiSi()
        let first = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        let second = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        try accounts.setRole(name: "li.si", role: .viewer, by: Self.admin, now: Self.t0 + 1)
        #expect(try accounts.session(id: first.id, now: Self.t0 + 2)?.account.role == .viewer)
        try accounts.signOut(sessionID: first.id)
        #expect(try accounts.session(id: first.id, now: Self.t0 + 3) == nil)
        #expect(try accounts.session(id: second.id, now: Self.t0 + 3) != nil, "another browser stays signed in")
        #expect(try accounts.session(id: "not a session id", now: Self.t0 + 3) == nil)
    }

    @Test func eachSessionHasItsOwnRandomIdAndCSRFToken() throws {
        let accounts = try officeWithLiSi()
        try accounts.add(name: "zhang", role: .approver, password: "correct horse", by: Self.admin, now: Self.t0)
        let mine = try #require(try accounts.signIn(name: "li.si", password: "battery staple", now: Self.t0).session)
        let theirs = try #require(try accounts.signIn(name: "zhang", password: "correct horse", now: Self.t0).session)
        let tokens = [mine.id, mine.csrfToken, theirs.id, theirs.csrfToken]
        #expect(Set(tokens).count == 4)
        #expect(tokens.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        #expect(Accounts.csrfMatches(mine.csrfToken, session: mine))
        #expect(!Accounts.csrfMatches(theirs.csrfToken, session: mine), "a token from another session does not post")
        #expect(!Accounts.csrfMatches("", session: mine))
        #expect(!Accounts.csrfMatches(mine.id, session: mine))
    }

    // MARK: The file

    @Test func theFileIsWALOwnerOnlyAndVersioned() throws {
        let accounts = try Self.open(root)
        #expect(try accounts.schemaVersion() == "v1")
        #expect(try Self.column("PRAGMA journal_mode", in: root) == ["wal"])
        let permissions = try FileManager.default.attributesOfItem(atPath: accounts.url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aFileFromANewerRotaplanIsRefusedUntouched() throws {
        let accounts = try officeWithLiSi()
        try accounts.close()
        let url = Accounts.url(root: root)
        let writer = try DatabaseQueue(path: url.path)
        try writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-teams')")
            try db.execute(sql: "CREATE TABLE team (id INTEGER PRIMARY KEY)")
        }
        try writer.close()
        let bytes = try Data(contentsOf: url)
        let error = #expect(throws: AccountsError.self) { try Accounts.open(url, cost: 4) }
        #expect(
            error?.description.contains("was written by a newer rotaplan (schema v2-teams; this one knows up to v1)") == true, "\(error?.description ?? "")")
        #expect(try Data(contentsOf: url) == bytes)
        #expect(throws: AccountsError.self) { try Accounts.modeIsOn(root: root) }
    }

    @Test func anotherFileIsNotTakenForTheAccounts() throws {
        let url = Accounts.url(root: root)
        let other = try DatabaseQueue(path: url.path)
        try other.write { db in try db.execute(sql: "PRAGMA application_id = 1380930625; CREATE TABLE county (slug TEXT)") }
        try other.close()
        let error = #expect(throws: AccountsError.self) { try Accounts.open(url, cost: 4) }
        #expect(error?.description.contains("not rotaplan's accounts file") == true)
        try Data("name,role\n".utf8).write(to: url)
        let text = #expect(throws: AccountsError.self) { try Accounts.open(url, cost: 4) }
        #expect(text?.description.contains("not rotaplan's accounts file (not an SQLite database)") == true, "\(text?.description ?? "")")
    }

    @Test func accountsModeIsOnWhileAnActiveAccountExists() throws {
        #expect(try Accounts.modeIsOn(root: root) == false)
        #expect(!FileManager.default.fileExists(atPath: Accounts.url(root: root).path), "asking makes no file")
        let accounts = try Self.open(root)
        #expect(try accounts.modeIsOn() == false)
        try accounts.add(name: "li.si", role: .viewer, password: "battery staple", by: Self.admin, now: Self.t0)
        #expect(try accounts.modeIsOn())
        #expect(try Accounts.modeIsOn(root: root))
        try accounts.disable(name: "li.si", by: Self.admin, now: Self.t0)
        #expect(try accounts.modeIsOn() == false)
    }

    // MARK: Audit

    @Test func theAuditRecordListsNewestFirstInPages() throws {
        let accounts = try Self.open(root)
        let planner = Actor(name: "李四", channel: .workstation)
        try accounts.audit(AuditEntry(at: Self.t0, actor: planner, action: .upload, county: "anyi", dataVersion: 1))
        try accounts.audit(AuditEntry(at: Self.t0 + 60, actor: planner, action: .solve, county: "anyi", dataVersion: 1, plan: "2025-1-1"))
        try accounts.audit(AuditEntry(at: Self.t0 + 60, actor: planner, action: .objection, county: "anyi", dataVersion: 1, plan: "2025-1-1", note: "keep T07"))
        try accounts.audit(AuditEntry(at: Self.t0 + 120, actor: planner, action: .submit, county: "anyi", dataVersion: 1, plan: "2025-1-2"))
        let approver = Actor(name: "张三", channel: .workstation)
        let returned = try accounts.audit(
            AuditEntry(at: Self.t0 + 180, actor: approver, action: .return, county: "anyi", dataVersion: 1, plan: "2025-1-2", note: "T07 缺证明"))
        #expect(returned.id != nil)

        let first = try accounts.auditLog(page: 1, pageSize: 2)
        #expect(first.total == 5 && first.pageCount == 3)
        #expect(first.entries.map(\.action) == [.return, .submit])
        #expect(first.entries[0] == returned)
        let second = try accounts.auditLog(page: 2, pageSize: 2)
        #expect(second.entries.map(\.action) == [.objection, .solve], "the same moment: the later row first")
        #expect(second.entries[0].note == "keep T07" && second.entries[0].plan == "2025-1-1" && second.entries[0].dataVersion == 1)
        #expect(try accounts.auditLog(page: 3, pageSize: 2).entries.map(\.action) == [.upload])
        #expect(try accounts.auditLog(page: 4, pageSize: 2).entries.isEmpty)
    }

    @Test func anAuditRowOfAnActionThisVersionDoesNotKnowIsStillListed() throws {
        let accounts = try Self.open(root)
        try accounts.audit(AuditEntry(at: Self.t0, actor: Self.admin, action: AuditAction(rawValue: "archive")))
        #expect(try accounts.auditLog().entries.map(\.action.rawValue) == ["archive"])
    }
}

/// Who may do what (WORKSTATION.md "Who may do what"), as tables.
@Suite struct PermissionTests {
    static let expected: [Role: Set<Action>] = [
        .viewer: [.view],
        .planner: [.view, .readIDNumbers, .upload, .solve, .object, .whatIf, .submit],
        .approver: Set(Action.allCases),
    ]

    @Test(arguments: Role.allCases, Action.allCases)
    func eachRoleMayDoWhatTheContractSays(role: Role, action: Action) {
        #expect(role.may(action) == Self.expected[role]!.contains(action))
    }

    /// The office's approvers (name, active), who submitted, who publishes, and the verdict.
    struct Case: Sendable, CustomTestStringConvertible {
        var approvers: [(String, Bool)]
        var submitter: String
        var publisher: String
        var verdict: PublishRule.Verdict
        var testDescription: String { "\(approvers) submitted by \(submitter), published by \(publisher)" }
    }

    static let publishCases: [Case] = [
        Case(approvers: [("zhang", true)], submitter: "zhang", publisher: "zhang", verdict: .allowed),
        Case(approvers: [("zhang", true)], submitter: "li", publisher: "zhang", verdict: .allowed),
        Case(approvers: [("zhang", true), ("wang", true)], submitter: "zhang", publisher: "zhang", verdict: .ownSubmission(others: 1)),
        Case(approvers: [("zhang", true), ("wang", true)], submitter: "ZHANG", publisher: "zhang", verdict: .ownSubmission(others: 1)),
        Case(approvers: [("zhang", true), ("wang", true)], submitter: "zhang", publisher: "wang", verdict: .allowed),
        Case(approvers: [("zhang", true), ("wang", true)], submitter: "li", publisher: "zhang", verdict: .allowed),
        Case(approvers: [("zhang", true), ("wang", false)], submitter: "zhang", publisher: "zhang", verdict: .allowed),
        Case(approvers: [("zhang", true), ("wang", false)], submitter: "li", publisher: "wang", verdict: .disabled),
        Case(approvers: [("zhang", true)], submitter: "zhang", publisher: "li", verdict: .notAnApprover(.planner)),
    ]

    @Test(arguments: publishCases)
    func aPlanIsPublishedByAnotherApproverUnlessTheOfficeHasOne(_ example: Case) throws {
        let root = try AccountsTests.temporaryRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let accounts = try AccountsTests.open(root)
        let t0 = AccountsTests.t0
        try accounts.add(name: "li", role: .planner, password: "battery staple", by: AccountsTests.admin, now: t0)
        for (name, active) in example.approvers {
            try accounts.add(name: name, role: .approver, password: "battery staple", by: AccountsTests.admin, now: t0)
            if !active { try accounts.disable(name: name, by: AccountsTests.admin, now: t0) }
        }
        #expect(try accounts.publishVerdict(approver: example.publisher, submitter: example.submitter) == example.verdict)
        #expect(try accounts.activeApproverCount() == example.approvers.filter(\.1).count)
    }

    static let masking: [(String, String)] = [
        ("360102199001011234", "3601**********1234"),
        ("36010219900101123X", "3601**********123X"),
        ("36010219900101123x", "3601**********123x"),
        ("360102900101123", "3601*******1123"),
        (" 360102199001011234 ", "3601**********1234"),
        ("T0001", "T0001"),
        ("3601021990010112", "3601021990010112"),
        ("36010219900101123", "36010219900101123"),
        ("3601021990010112345", "3601021990010112345"),
        ("36010219900101123Y", "36010219900101123Y"),
        ("３６０１０２１９９００１０１１２３４", "３６０１０２１９９００１０１１２３４"),
        ("", ""),
    ]

    @Test(arguments: masking)
    func anIDCardNumberIsMaskedAndNothingElse(value: String, shown: String) {
        #expect(IDNumber.masked(value) == shown)
    }

    static let maskingInText: [(String, String)] = [
        ("身份证360102199001011234有误", "身份证3601**********1234有误"),
        ("见 360102900101123、36010219900101123X。", "见 3601*******1123、3601**********123X。"),
        ("A360102199001011234", "A360102199001011234"),
        ("3601021990010112345", "3601021990010112345"),
        ("工号 12345，电话 13800138000", "工号 12345，电话 13800138000"),
    ]

    @Test(arguments: maskingInText)
    func idCardNumbersInsideATextAreMasked(text: String, shown: String) {
        #expect(IDNumber.maskedWithin(text) == shown)
    }

    @Test func onlyViewersSeeIDCardNumbersMasked() {
        #expect(IDNumber.shown("360102199001011234", to: .viewer) == "3601**********1234")
        #expect(IDNumber.shown("360102199001011234", to: .planner) == "360102199001011234")
        #expect(IDNumber.shown("360102199001011234", to: .approver) == "360102199001011234")
    }
}

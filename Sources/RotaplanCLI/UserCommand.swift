import ArgumentParser
import Foundation
import RotaplanAccounts
import RotaplanLedger
import RotaplanReport

/// `rotaplan user …`: the workstation's accounts in `ROOT/users.sqlite` (docs/workstation.md
/// "Accounts"). The administrator's tool: every change is an audit row naming the
/// operating-system user and `command line`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "The workstation's accounts (ROOT/users.sqlite): add, list, change a password, disable, change a role.",
        discussion: """
            Once any active account exists, every page of `rotaplan serve --root ROOT` needs sign-in. \
            Passwords are asked twice on the terminal without echo, or read from standard input with --password-stdin; \
            at least \(Credentials.minimumPasswordLength) characters, at most \(Credentials.maximumPasswordBytes) bytes in UTF-8. \
            Exit status 0 done, 1 bad input (nothing changed).
            """,
        subcommands: [UserAdd.self, UserList.self, UserPasswd.self, UserDisable.self, UserRole.self])
}

/// `--root`, shared by every subcommand.
struct UserRoot: ParsableArguments {
    @Option(help: "The workspace root that holds users.sqlite (the folder `rotaplan serve --root` is given).")
    var root: String = "."

    var url: URL { URL(fileURLWithPath: root) }
    var file: URL { Accounts.url(root: url) }

    func validate() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--root \(root): not a folder")
        }
    }

    /// The accounts file, made when `create`; without it and without `create`, nil.
    func open(create: Bool) throws -> Accounts? {
        guard create || FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try userCall { () throws(AccountsError) in try Accounts.open(file, cost: UserCommandSettings.bcryptCost) }
    }

    /// The accounts file, which must exist since `name` must be in it.
    func open(forChanging name: String) throws -> Accounts {
        guard let accounts = try open(create: false) else {
            Console.current.err("there is no account named '\(name)' (\(file.path) does not exist). `rotaplan user add` makes the first account.")
            throw ExitCode(1)
        }
        return accounts
    }
}

/// `--password-stdin`, shared by the subcommands that set a password.
struct PasswordSource: ParsableArguments {
    @Flag(help: "Read the password from standard input (one line) instead of asking on the terminal; for scripts.")
    var passwordStdin = false

    /// The password, from standard input or asked twice on the terminal.
    func read(for name: String) throws -> String {
        do {
            return passwordStdin ? try PasswordInput.current.oneLine() : try PasswordInput.current.askTwice(for: name)
        } catch {
            Console.current.err(error.description)
            throw ExitCode(1)
        }
    }
}

extension Role: ExpressibleByArgument {}

/// The operating-system user, through the command line: who the audit rows name.
var commandLineActor: Actor { .commandLine(user: LedgerContext.systemUser) }

/// Runs an accounts call; a refusal is printed and is exit status 1.
func userCall<T>(_ body: () throws(AccountsError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        Console.current.err(error.description)
        throw ExitCode(1)
    }
}

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Adds an account; the password is asked for (or read with --password-stdin).")

    @Argument(help: "The name the person signs in with (any script; unique regardless of case).")
    var name: String

    @Option(help: "viewer (reads), planner (uploads, solves, objects, submits) or approver (also publishes or returns).")
    var role: Role

    @Option(name: .customLong("display"), help: "The name pages show (default: the name).")
    var displayName: String?

    @OptionGroup var location: UserRoot
    @OptionGroup var password: PasswordSource

    func run() throws {
        // Name and display name are checked before the password is asked for.
        let existing = try location.open(create: false)
        let name = try userCall { () throws(AccountsError) in
            if let existing { return try existing.availableName(self.name) }
            return try Credentials.name(self.name)
        }
        if let displayName { _ = try userCall { () throws(AccountsError) in try Credentials.name(displayName, what: "display name") } }
        let secret = try password.read(for: name)
        let accounts = try location.open(create: true)!
        let account = try userCall { () throws(AccountsError) in
            try accounts.add(name: name, displayName: displayName, role: role, password: secret, by: commandLineActor)
        }
        Console.current.out("added \(account.name) (\(account.role.rawValue)) to \(location.file.path).")
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists the accounts, their roles and whether they are active.")

    @OptionGroup var location: UserRoot

    func run() throws {
        guard let accounts = try location.open(create: false) else {
            Console.current.out(
                "no accounts (\(location.file.path) does not exist): the workstation is in single-user mode. `rotaplan user add NAME --role ROLE` makes one.")
            return
        }
        let all = try userCall { () throws(AccountsError) in try accounts.list() }
        guard !all.isEmpty else {
            Console.current.out("no accounts: the workstation is in single-user mode. `rotaplan user add NAME --role ROLE` makes one.")
            return
        }
        var table = TextTable(header: ["name", "display name", "role", "status", "created", "changed"])
        for account in all {
            table.add([
                account.name, account.displayName, account.role.rawValue, account.active ? "active" : "disabled",
                "\(localTime(account.createdAt)) by \(account.createdBy)", "\(localTime(account.changedAt)) by \(account.changedBy)",
            ])
        }
        Console.current.out(table.render())
        let active = all.filter(\.active).count
        Console.current.out(
            active == 0
                ? "no active account: the workstation is in single-user mode."
                : "\(active) active of \(all.count): every page of the workstation needs sign-in.")
    }
}

struct UserPasswd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Gives an account a new password; its sessions end (it signs in again).")

    @Argument(help: "The account's name.")
    var name: String

    @OptionGroup var location: UserRoot
    @OptionGroup var password: PasswordSource

    func run() throws {
        let accounts = try location.open(forChanging: name)
        guard let account = try userCall({ () throws(AccountsError) in try accounts.account(named: name) }) else {
            try userCall { () throws(AccountsError) in throw Accounts.noSuchAccount(name) }
            return
        }
        let secret = try password.read(for: account.name)
        try userCall { () throws(AccountsError) in
            _ = try accounts.setPassword(name: account.name, password: secret, by: commandLineActor)
        }
        Console.current.out("changed the password of \(account.name); its sessions have ended.")
    }
}

struct UserDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disables an account: it cannot sign in, its sessions end, it no longer counts as an approver.")

    @Argument(help: "The account's name.")
    var name: String

    @OptionGroup var location: UserRoot

    func run() throws {
        let accounts = try location.open(forChanging: name)
        let (account, changed) = try userCall { () throws(AccountsError) in try accounts.disable(name: name, by: commandLineActor) }
        Console.current.out(changed ? "disabled \(account.name); its sessions have ended." : "\(account.name) was disabled already; nothing changed.")
        try warnAboutWhatRemains(accounts)
    }
}

struct UserRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Gives an account another role; it applies at the account's next page.")

    @Argument(help: "The account's name.")
    var name: String

    @Argument(help: "viewer, planner or approver.")
    var role: Role

    @OptionGroup var location: UserRoot

    func run() throws {
        let accounts = try location.open(forChanging: name)
        let before = try userCall { () throws(AccountsError) in try accounts.account(named: name) }?.role
        let (account, changed) = try userCall { () throws(AccountsError) in try accounts.setRole(name: name, role: role, by: commandLineActor) }
        Console.current.out(
            changed
                ? "\(account.name) is now \(account.role.rawValue) (was \(before?.rawValue ?? "?"))."
                : "\(account.name) is \(account.role.rawValue) already; nothing changed.")
        try warnAboutWhatRemains(accounts)
    }
}

/// After an account was disabled or lost a role: say when no plan can be published any more,
/// or when the workstation has gone back to single-user mode.
func warnAboutWhatRemains(_ accounts: Accounts) throws {
    let (on, approvers) = try userCall { () throws(AccountsError) in (try accounts.modeIsOn(), try accounts.activeApproverCount()) }
    if !on {
        Console.current.err(
            "note: no active account remains, so the workstation is back in single-user mode (no sign-in on loopback; --token elsewhere).")
    } else if approvers == 0 {
        Console.current.err("note: no active approver remains, so no plan can be published until one is added (`rotaplan user add NAME --role approver`).")
    }
}

/// A time as the office reads it (Asia/Shanghai, WORKSTATION.md "The office's language").
func localTime(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
}

/// What tests that run `rotaplan user` in-process change.
public enum UserCommandSettings {
    /// The bcrypt cost of new hashes: `Accounts.defaultCost`, or the cheapest in tests.
    @TaskLocal public static var bcryptCost = Accounts.defaultCost
}

// MARK: - Reading passwords

/// Where `rotaplan user` reads passwords: the process's standard input and terminal, or, in
/// tests that run the command in-process, the given text as standard input (and no terminal).
public enum PasswordInput: Sendable {
    case process
    case standardInput(String)

    /// The source commands read from; tests bind `.standardInput(…)`.
    @TaskLocal public static var current = PasswordInput.process

    /// Standard input as one line (a final line break dropped).
    func oneLine() throws(AccountsError) -> String {
        let text: String
        switch self {
        case .standardInput(let given):
            text = given
        case .process:
            guard let decoded = String(data: FileHandle.standardInput.readDataToEndOfFile(), encoding: .utf8) else {
                throw AccountsError("standard input is not UTF-8 text; give the password as one line of UTF-8.")
            }
            text = decoded
        }
        var line = Substring(text)
        if line.hasSuffix("\r\n") { line = line.dropLast(2) } else if line.hasSuffix("\n") { line = line.dropLast() }
        if line.contains(where: \.isNewline) {
            throw AccountsError("standard input holds more than one line; --password-stdin reads the password as one line.")
        }
        return String(line)
    }

    /// The password typed twice on the terminal without echo.
    func askTwice(for name: String) throws(AccountsError) -> String {
        guard case .process = self, isatty(STDIN_FILENO) == 1 else {
            throw AccountsError("standard input is not a terminal, so the password cannot be asked for; give it on standard input with --password-stdin.")
        }
        let first = try Terminal.readHidden(prompt: "Password for \(name): ")
        let second = try Terminal.readHidden(prompt: "Again: ")
        guard first == second else { throw AccountsError("the two passwords differ; nothing was changed.") }
        return first
    }
}

/// Reading a line from the terminal with echo off. The terminal's settings are put back
/// afterwards, and also when the command is interrupted (Ctrl-C) while it waits.
enum Terminal {
    /// The settings before echo was turned off, for the signal handler.
    nonisolated(unsafe) static var saved = termios()

    static func readHidden(prompt: String) throws(AccountsError) -> String {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            throw AccountsError("cannot read the terminal's settings (\(String(cString: strerror(errno)))); use --password-stdin.")
        }
        var hidden = saved
        hidden.c_lflag &= ~tcflag_t(ECHO)
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        let previous = signals.map { signal($0, restoreAndRaise) }
        defer {
            // Put back without discarding input: what is typed next is not lost.
            tcsetattr(STDIN_FILENO, TCSADRAIN, &saved)
            for (signalNumber, handler) in zip(signals, previous) { signal(signalNumber, handler) }
        }
        // TCSAFLUSH: whatever was typed before, while echo was on, is dropped.
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden) == 0 else {
            throw AccountsError("cannot turn off the terminal's echo (\(String(cString: strerror(errno)))); use --password-stdin.")
        }
        // The prompt only once echo is off: nothing typed after it is ever shown.
        FileHandle.standardError.write(Data(prompt.utf8))
        let line = readLine(strippingNewline: true)
        FileHandle.standardError.write(Data("\n".utf8))
        guard let line else { throw AccountsError("no password was typed (end of input); nothing was changed.") }
        return line
    }
}

/// Puts the terminal back as it was and ends the process as the signal would have.
private func restoreAndRaise(_ signalNumber: Int32) {
    tcsetattr(STDIN_FILENO, TCSANOW, &Terminal.saved)
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}

import Foundation
import GRDB

/// A person's account in the office (docs/workstation.md "Accounts"). Its password hash stays
/// inside this module.
public struct Account: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The name a person signs in with, as it was given (trimmed, NFC); unique regardless of
    /// case and full-width forms.
    public var name: String
    /// The name pages show (the name unless one was given).
    public var displayName: String
    public var role: Role
    /// False once disabled: it cannot sign in, its sessions have ended, and it is not counted
    /// among the office's approvers.
    public var active: Bool
    public var passwordChangedAt: Date
    public var createdAt: Date
    /// `Actor.description` of whoever created it.
    public var createdBy: String
    public var changedAt: Date
    public var changedBy: String

    /// The form names are compared in: NFKC (full-width `Ａ` is `A`), lower case.
    public static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCompatibilityMapping.lowercased()
    }

    var nameKey: String { Self.key(name) }

    init(_ row: AccountRow) {
        id = row.id ?? 0
        name = row.name
        displayName = row.displayName
        role = row.role
        active = row.active
        passwordChangedAt = row.passwordChangedAt
        createdAt = row.createdAt
        createdBy = row.createdBy
        changedAt = row.changedAt
        changedBy = row.changedBy
    }
}

/// Who did something, and through what: a signed-in account in the workstation, or an
/// operating-system user at the command line (LEDGER.md "Who").
public struct Actor: Sendable, Hashable, CustomStringConvertible {
    /// Where the change was made: the workstation or the command line.
    public enum Channel: String, Sendable, Hashable, Codable {
        case workstation
        case commandLine = "command line"
    }

    /// The account's name, or the operating-system user.
    public var name: String
    public var channel: Channel

    public init(name: String, channel: Channel) {
        self.name = name
        self.channel = channel
    }

    /// A signed-in account in the workstation.
    public static func account(_ account: Account) -> Actor {
        Actor(name: account.name, channel: .workstation)
    }

    /// An operating-system user running a command.
    public static func commandLine(user: String) -> Actor {
        Actor(name: user, channel: .commandLine)
    }

    /// `张三`, or `alice (command line)`.
    public var description: String {
        channel == .workstation ? name : "\(name) (\(channel.rawValue))"
    }
}

/// A signed-in browser: the cookie's value (`id`), the CSRF token its forms carry, and the
/// account as it is now (a role change applies at once).
public struct Session: Sendable, Hashable {
    public var id: String
    public var csrfToken: String
    public var account: Account
    public var createdAt: Date
    public var lastSeenAt: Date

    /// When it ends if it is not used before.
    public var expiresAt: Date { lastSeenAt.addingTimeInterval(Accounts.sessionIdleLimit) }
}

/// What a sign-in came to.
public enum SignInResult: Sendable, Hashable {
    case signedIn(Session)
    case refused(SignInRefusal)

    /// The session, when signed in.
    public var session: Session? {
        if case .signedIn(let session) = self { session } else { nil }
    }
}

/// Why a sign-in was refused, as the sign-in page may say it: a wrong name and a wrong password
/// are one answer, so that the page does not tell which names exist.
public enum SignInRefusal: Sendable, Hashable {
    case wrongNameOrPassword
    /// Five failed sign-ins within a minute: no password is tried until `until`.
    case locked(until: Date)
    /// The password was right but the account is disabled.
    case disabled

    /// The answer for the sign-in page, Chinese first.
    public var message: String {
        switch self {
        case .wrongNameOrPassword: "用户名或密码不正确 (wrong name or password)."
        case .locked: "登录失败次数过多，账户已锁定一分钟，请稍后再试 (too many failed sign-ins: locked for a minute)."
        case .disabled: "账户已停用，请联系管理员 (account disabled)."
        }
    }
}

/// What an audit row records (LEDGER.md "Who", WORKSTATION.md "Who may do what"). A struct
/// rather than an enum so that a row written by a newer rotaplan, with an action this one
/// does not know, is still listed.
public struct AuditAction: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let upload = AuditAction(rawValue: "upload")
    public static let solve = AuditAction(rawValue: "solve")
    public static let objection = AuditAction(rawValue: "objection")
    public static let whatIf = AuditAction(rawValue: "whatif")
    public static let submit = AuditAction(rawValue: "submit")
    public static let publish = AuditAction(rawValue: "publish")
    public static let `return` = AuditAction(rawValue: "return")
    public static let userAdded = AuditAction(rawValue: "user_add")
    public static let passwordChanged = AuditAction(rawValue: "user_passwd")
    public static let userDisabled = AuditAction(rawValue: "user_disable")
    public static let roleChanged = AuditAction(rawValue: "user_role")
    public static let signInFailed = AuditAction(rawValue: "sign_in_failed")
    public static let lockedOut = AuditAction(rawValue: "locked_out")

    /// Every action this rotaplan records.
    public static let known: [AuditAction] = [
        .upload, .solve, .objection, .whatIf, .submit, .publish, .return, .userAdded, .passwordChanged, .userDisabled, .roleChanged,
        .signInFailed, .lockedOut,
    ]

    public var description: String { rawValue }
}

/// One row of the audit record: who did what, when, to which county, data version and plan.
public struct AuditEntry: Sendable, Hashable {
    /// Set once it is recorded.
    public var id: Int64?
    public var at: Date
    public var actor: Actor
    public var action: AuditAction
    /// The county's slug.
    public var county: String?
    /// The data version `n` of `ROOT/<county>/data/<n>/`.
    public var dataVersion: Int?
    /// The plan folder's name (`2025-1-2`).
    public var plan: String?
    /// The account a user change or a sign-in concerns.
    public var target: String?
    public var note: String?

    public init(
        at: Date, actor: Actor, action: AuditAction, county: String? = nil, dataVersion: Int? = nil, plan: String? = nil,
        target: String? = nil, note: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.county = county
        self.dataVersion = dataVersion
        self.plan = plan
        self.target = target
        self.note = note
    }
}

/// One page of the audit record, newest first.
public struct AuditPage: Sendable, Hashable {
    public var entries: [AuditEntry]
    /// Rows in the whole record.
    public var total: Int
    /// From 1.
    public var page: Int
    public var pageSize: Int

    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}

// MARK: - Rows

struct AccountRow: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "account"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var name: String
    var nameKey: String
    var displayName: String
    var role: Role
    var passwordHash: String
    var passwordChangedAt: Date
    var active: Bool
    var createdAt: Date
    var createdBy: String
    var changedAt: Date
    var changedBy: String

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static func named(_ name: String, in db: Database) throws -> AccountRow? {
        try AccountRow.filter(Column("name_key") == Account.key(name)).fetchOne(db)
    }
}

struct SessionRow: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var csrfToken: String
    var accountId: Int64
    var createdAt: Date
    var lastSeenAt: Date
}

struct AuditRow: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var at: Date
    var actor: String
    var channel: Actor.Channel
    var action: String
    var county: String?
    var dataVersion: Int?
    var plan: String?
    var target: String?
    var note: String?

    init(_ entry: AuditEntry) {
        id = entry.id
        at = entry.at
        actor = entry.actor.name
        channel = entry.actor.channel
        action = entry.action.rawValue
        county = entry.county
        dataVersion = entry.dataVersion
        plan = entry.plan
        target = entry.target
        note = entry.note
    }

    var entry: AuditEntry {
        var entry = AuditEntry(
            at: at, actor: Actor(name: actor, channel: channel), action: AuditAction(rawValue: action), county: county, dataVersion: dataVersion, plan: plan,
            target: target, note: note)
        entry.id = id
        return entry
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Role: DatabaseValueConvertible {}
extension Actor.Channel: DatabaseValueConvertible {}

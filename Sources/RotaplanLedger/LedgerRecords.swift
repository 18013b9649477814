import Foundation
import GRDB
import RotaplanDomain

/// A secondment as a published plan (or the imported history) states it.
public struct SecondmentLine: Sendable, Hashable, Codable {
    public var teacher: String
    public var teacherName: String
    public var fromSchool: String
    public var fromName: String
    public var toSchool: String
    public var toName: String
    public var subject: String
    public var role: String
    /// `lead_to_member`, `member_to_lead`, `lead_to_site`, `site_to_lead`, `urban_to_rural` or
    /// `rural_to_urban` (a county exchange), or `history` (`history_exchange`) for an imported row.
    public var direction: String
    public var startYear: Int
    public var endYear: Int

    public init(
        teacher: String, teacherName: String, fromSchool: String, fromName: String, toSchool: String, toName: String,
        subject: String, role: String, direction: String, startYear: Int, endYear: Int
    ) {
        self.teacher = teacher
        self.teacherName = teacherName
        self.fromSchool = fromSchool
        self.fromName = fromName
        self.toSchool = toSchool
        self.toName = toName
        self.subject = subject
        self.role = role
        self.direction = direction
        self.startYear = startYear
        self.endYear = endYear
    }

    /// The directions of the county exchange's moves (docs/model.md "Part 1 with the county exchange").
    static let exchangeDirections: Set<String> = ["urban_to_rural", "rural_to_urban", "history_exchange"]

    /// How history.csv records this move: `exchange` for the county exchange, else `rotation`.
    public var historyKind: HistoryKind {
        Self.exchangeDirections.contains(direction) ? .exchange : .rotation
    }
}

/// A weekly itinerant assignment as a published plan states it: one visit a week.
public struct AssignmentLine: Sendable, Hashable, Codable {
    public var teacher: String
    public var teacherName: String
    public var home: String
    public var school: String
    public var schoolName: String
    public var day: String
    public var subject: String
    public var periods: Int
    public var km: Double

    public init(
        teacher: String, teacherName: String, home: String, school: String, schoolName: String, day: String, subject: String,
        periods: Int, km: Double
    ) {
        self.teacher = teacher
        self.teacherName = teacherName
        self.home = home
        self.school = school
        self.schoolName = schoolName
        self.day = day
        self.subject = subject
        self.periods = periods
        self.km = km
    }
}

/// One row of the event table: what was done, when, by whom, through which channel, with
/// which command and why. Events are only ever inserted; each carries the hashes of the chain
/// (docs/ledger.md "Tamper-evident"), which this type leaves out: it is what people read.
public struct LedgerEvent: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    /// Every column but a publication's records and the hashes: a service record reads the
    /// events of a few publications without loading their thousands of rows.
    public static var databaseSelection: [any SQLSelectable] {
        [
            "id", "kind", "at", "actor", "channel", "person", "command", "note", "publication_id", "teacher", "start_year", "value",
            "secondment_id", "school", "replacement", "detail",
        ].map { Column($0) }
    }

    /// What an event recorded.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case publish, replace, `import`
        case endedEarly = "ended_early"
        case extended, cancelled, redirected, replaced, restore

        /// How a service record names it.
        public var chineseName: String {
            switch self {
            case .publish: "公布"
            case .replace: "重新公布"
            case .import: "导入历史记录"
            case .endedEarly: "提前结束"
            case .extended: "延长"
            case .cancelled: "取消"
            case .redirected: "改派"
            case .replaced: "换人"
            case .restore: "从备份恢复"
            }
        }

        /// The kinds that change one secondment (they name it by `secondmentId`).
        public static let amendments: [Kind] = [.endedEarly, .extended, .cancelled, .redirected, .replaced]
    }

    public var id: Int64?
    public var kind: Kind
    /// ISO 8601, UTC.
    public var at: String
    /// The operating-system user (command line) or the signed-in account (workstation).
    public var actor: String
    /// `command line` or `workstation` (`LedgerContext.Channel`); nil only for an event of a
    /// schema before v3 that the migration could not place.
    public var channel: String?
    /// The name given with `--by` on the command line.
    public var person: String?
    public var command: String
    public var note: String?
    public var publicationId: Int64?
    public var teacher: String?
    public var startYear: Int?
    /// The year an amendment names (the last year served, or the new end year), or a publication's year.
    public var value: Int?
    /// For an amendment: the secondment row it changes.
    public var secondmentId: Int64?
    /// For `redirected`: the school the teacher really went to.
    public var school: String?
    /// For `replaced`: the teacher who went instead.
    public var replacement: String?
    /// For `redirected`, `replaced` and `restore`: the details as JSON (`EventDetail`).
    public var detail: String?

    public init(
        id: Int64? = nil, kind: Kind, at: String, actor: String, channel: String? = nil, person: String? = nil, command: String,
        note: String?, publicationId: Int64? = nil, teacher: String? = nil, startYear: Int? = nil, value: Int? = nil,
        secondmentId: Int64? = nil, school: String? = nil, replacement: String? = nil, detail: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.at = at
        self.actor = actor
        self.channel = channel
        self.person = person
        self.command = command
        self.note = note
        self.publicationId = publicationId
        self.teacher = teacher
        self.startYear = startYear
        self.value = value
        self.secondmentId = secondmentId
        self.school = school
        self.replacement = replacement
        self.detail = detail
    }

    /// The details of a `redirected`, `replaced` or `restore` event.
    public var details: EventDetail? {
        detail.flatMap { try? JSONDecoder().decode(EventDetail.self, from: Data($0.utf8)) }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// What an amendment or a restore records beyond the columns: the names people read, and for a
/// restore where the ledger came from and what it replaced.
public struct EventDetail: Sendable, Hashable, Codable {
    /// `redirected`: the school as published, and the one the teacher really went to.
    public var publishedTo: String?
    public var publishedToName: String?
    public var toSchool: String?
    public var toName: String?
    /// `replaced`: the teacher as published, and the one who went instead.
    public var publishedTeacher: String?
    public var publishedTeacherName: String?
    public var replacement: Replacement?
    /// `restore`: the file restored and its head, the ledger it replaced (head and events)
    /// and where that ledger was kept.
    public var restoredFrom: String?
    public var restoredHead: String?
    public var replacedHead: String?
    public var replacedEvents: Int?
    public var keptAs: String?

    public init() {}

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// The teacher who went instead of the one published (`ledger amend --replaced-by`): the
/// secondment moves to them, from their own school, with their subject and role.
public struct Replacement: Sendable, Hashable, Codable {
    public var teacher: String
    public var teacherName: String
    public var fromSchool: String
    public var fromName: String
    public var subject: String
    public var role: String

    public init(teacher: String, teacherName: String, fromSchool: String, fromName: String, subject: String, role: String) {
        self.teacher = teacher
        self.teacherName = teacherName
        self.fromSchool = fromSchool
        self.fromName = fromName
        self.subject = subject
        self.role = role
    }
}

/// Who does something to the ledger, through which channel, from where and why: what every
/// event records (LEDGER.md "Who").
public struct LedgerContext: Sendable {
    /// How the change reached the ledger.
    public enum Channel: String, Sendable {
        case commandLine = "command line"
        case workstation
    }

    /// The operating-system user (command line) or the workstation's signed-in account.
    public var actor: String
    public var channel: Channel
    /// On the command line, the name given with `--by`: the person the operating-system user acts for.
    public var person: String?
    public var command: String
    public var note: String?
    public var now: Date

    public init(actor: String, channel: Channel = .commandLine, person: String? = nil, command: String, note: String?, now: Date = Date()) {
        self.actor = actor
        self.channel = channel
        self.person = person
        self.command = command
        self.note = note
        self.now = now
    }

    /// The command line: the operating-system user running this process, and the name given with `--by`.
    public static func commandLine(by person: String?, command: String, note: String?) -> LedgerContext {
        LedgerContext(actor: systemUser, channel: .commandLine, person: person, command: command, note: note)
    }

    /// The workstation: the signed-in account that did it (WORKSTATION.md "Who may do what";
    /// in the single-user mode, the server's operating-system user).
    public static func workstation(account: String, command: String, note: String?) -> LedgerContext {
        LedgerContext(actor: account, channel: .workstation, command: command, note: note)
    }

    /// The operating-system user running this process.
    public static var systemUser: String {
        if let name = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"], !name.isEmpty {
            return name
        }
        return ProcessInfo.processInfo.userName
    }

    var timestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: now)
    }

    /// An event of `kind` by this context; the caller fills in what it concerns.
    func event(_ kind: LedgerEvent.Kind) -> LedgerEvent {
        LedgerEvent(kind: kind, at: timestamp, actor: actor, channel: channel.rawValue, person: person, command: command, note: note)
    }
}

struct PublicationRow: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "publication"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    /// `plan` or `import`.
    var kind: String
    var year: Int?
    var planSha256: String?
    var eventId: Int64

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

struct SecondmentRow: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "secondment"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var publicationId: Int64
    var teacher: String
    var teacherName: String
    var fromSchool: String
    var fromName: String
    var toSchool: String
    var toName: String
    var subject: String
    var role: String
    var direction: String
    var startYear: Int
    var endYear: Int

    init(_ line: SecondmentLine, publication: Int64, id: Int64? = nil) {
        self.id = id
        publicationId = publication
        teacher = line.teacher
        teacherName = line.teacherName
        fromSchool = line.fromSchool
        fromName = line.fromName
        toSchool = line.toSchool
        toName = line.toName
        subject = line.subject
        role = line.role
        direction = line.direction
        startYear = line.startYear
        endYear = line.endYear
    }

    var line: SecondmentLine {
        SecondmentLine(
            teacher: teacher, teacherName: teacherName, fromSchool: fromSchool, fromName: fromName, toSchool: toSchool,
            toName: toName, subject: subject, role: role, direction: direction, startYear: startYear, endYear: endYear)
    }
}

struct AssignmentRow: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "assignment"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var publicationId: Int64
    var teacher: String
    var teacherName: String
    var home: String
    var school: String
    var schoolName: String
    var day: String
    var subject: String
    var periods: Int
    var km: Double

    init(_ line: AssignmentLine, publication: Int64, id: Int64? = nil) {
        self.id = id
        publicationId = publication
        teacher = line.teacher
        teacherName = line.teacherName
        home = line.home
        school = line.school
        schoolName = line.schoolName
        day = line.day
        subject = line.subject
        periods = line.periods
        km = line.km
    }

    var line: AssignmentLine {
        AssignmentLine(
            teacher: teacher, teacherName: teacherName, home: home, school: school, schoolName: schoolName, day: day,
            subject: subject, periods: periods, km: km)
    }
}

struct CountyRow: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "county"
    var slug: String
    var name: String
}

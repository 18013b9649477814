import Foundation
import GRDB

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
    /// `lead_to_member`, `member_to_lead`, `lead_to_site`, `site_to_lead`, or `history` for an imported row.
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

/// One row of the event table: what was done, when, by whom, with which command and why.
/// Events are only ever inserted.
public struct LedgerEvent: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// What an event recorded.
    public enum Kind: String, Sendable, Codable {
        case publish, replace, `import`, endedEarly = "ended_early", extended, cancelled

        /// How a service record names it.
        public var chineseName: String {
            switch self {
            case .publish: "公布"
            case .replace: "重新公布"
            case .import: "导入历史记录"
            case .endedEarly: "提前结束"
            case .extended: "延长"
            case .cancelled: "取消"
            }
        }
    }

    public var id: Int64?
    public var kind: Kind
    /// ISO 8601, UTC.
    public var at: String
    public var actor: String
    public var command: String
    public var note: String?
    public var publicationId: Int64?
    public var teacher: String?
    public var startYear: Int?
    /// The year an amendment names (the last year served, or the new end year).
    public var value: Int?

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// Who does something to the ledger, from where and why: what every event records.
public struct LedgerContext: Sendable {
    public var actor: String
    public var command: String
    public var note: String?
    public var now: Date

    public init(actor: String, command: String, note: String?, now: Date = Date()) {
        self.actor = actor
        self.command = command
        self.note = note
        self.now = now
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

struct SecondmentRow: Sendable, Codable, FetchableRecord, PersistableRecord {
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

    init(_ line: SecondmentLine, publication: Int64) {
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

struct AssignmentRow: Sendable, Codable, FetchableRecord, PersistableRecord {
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

    init(_ line: AssignmentLine, publication: Int64) {
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

struct CountyRow: Sendable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "county"
    var slug: String
    var name: String
}

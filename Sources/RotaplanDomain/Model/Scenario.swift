import Foundation

/// What a school is in the "1+N" structure.
public enum SchoolKind: String, Sendable, Codable, CaseIterable {
    /// The urban school that leads a community (牵头校).
    case lead
    /// A rural central school of a community (乡村中心学校, 成员校).
    case member
    /// A village school or teaching point (村小, 教学点) managed by a member.
    case site
    /// A school in no community.
    case independent
}

/// School level, reported only.
public enum SchoolLevel: String, Sendable, Codable, CaseIterable {
    case primary
    case junior
    case nineYear = "nine-year"
}

/// A school day on which itinerant visits can happen.
public enum Weekday: String, Sendable, Codable, CaseIterable, Comparable {
    case mon, tue, wed, thu, fri

    /// 星期一 … 星期五 (`Vocabulary.weekdays`).
    public var chineseName: String { Vocabulary.weekdays.name(rawValue) }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A row of schools.csv.
public struct School: Sendable, Identifiable {
    public var id: String
    public var name: String
    public var kind: SchoolKind
    /// Community id for leads, members and sites; nil for independent schools.
    public var community: String?
    /// For a site, the member (central school) that manages it.
    public var parent: Int?
    public var rural: Bool
    public var latitude: Double
    public var longitude: Double
    public var level: SchoolLevel?
    /// Index into `Scenario.communities`, nil for independent schools.
    public var communityIndex: Int?
    public var row: Int
}

/// A row of teachers.csv.
public struct Teacher: Sendable, Identifiable {
    public var id: String
    public var name: String
    /// Index of the home school (the school that holds the post) in `Scenario.schools`.
    public var home: Int
    public var subject: String
    public var role: Role
    public var title: String?
    public var yearsAtSchool: Int
    public var yearsToRetirement: Int
    /// Why the teacher is excluded from rotation and itinerant teaching; nil when not exempt.
    public var exemptReason: String?
    public var volunteer: Bool
    public var maxPeriods: Int
    /// False when the `itinerant` column says `no`.
    public var itinerantAllowed: Bool
    public var availableDays: [Weekday]
    public var row: Int
    /// 男/女 or m/f as teachers.csv gives it; reported only (the published list has a column for it).
    public var gender: String?

    public var isExempt: Bool { exemptReason != nil }
}

/// A member school and the sites it manages: one unit for R4, R5 and E(c) (docs/model.md "Communities, members and sites").
public struct MemberUnit: Sendable, Hashable {
    public var member: Int
    public var sites: [Int]

    public init(member: Int, sites: [Int] = []) {
        self.member = member
        self.sites = sites
    }

    /// The member first, then its sites.
    public var schools: [Int] { [member] + sites }
}

/// A "1+N" community: one lead school and its member schools, each with its sites.
public struct Community: Sendable, Identifiable {
    public var id: String
    public var lead: Int
    public var units: [MemberUnit]

    public init(id: String, lead: Int, units: [MemberUnit]) {
        self.id = id
        self.lead = lead
        self.units = units
    }

    /// The member schools (rural central schools).
    public var members: [Int] { units.map(\.member) }

    /// Every school a lead's teacher may be seconded to: members and their sites.
    public var receivingSchools: [Int] { units.flatMap(\.schools) }

    /// The lead, then each member unit's schools.
    public var schools: [Int] { [lead] + receivingSchools }
}

/// A (school, subject) pair.
public struct SchoolSubject: Sendable, Hashable, Comparable {
    public var school: Int
    public var subject: String

    public init(_ school: Int, _ subject: String) {
        self.school = school
        self.subject = subject
    }

    public static func < (lhs: SchoolSubject, rhs: SchoolSubject) -> Bool {
        (lhs.school, lhs.subject) < (rhs.school, rhs.subject)
    }
}

/// A row of demand.csv.
public struct Demand: Sendable {
    public var teachers: Int
    public var periods: Int
    public var row: Int
}

/// Whether a history row was a rotation (it counts for the rules) or itinerant (record only).
public enum HistoryKind: String, Sendable, Codable, CaseIterable {
    /// A community secondment (共同体派驻).
    case rotation
    /// The county exchange (区域交流, docs/model.md "Part 1 with the county exchange").
    case exchange
    /// Itinerant teaching (走教): record only.
    case itinerant

    /// Rotation and exchange rows make a teacher away while they run and start a cooldown
    /// when they end; itinerant rows are record only.
    public var countsForRules: Bool { self != .itinerant }
}

/// A row of history.csv: a past or running secondment.
public struct HistoryEntry: Sendable {
    public var teacher: Int
    public var from: Int
    public var to: Int
    public var startYear: Int
    public var endYear: Int
    public var kind: HistoryKind
    public var row: Int
}

/// What HR has already decided for a teacher (pins.csv).
public enum PinAction: Sendable, Hashable {
    case stay
    case rotate
    case to(Int)
}

/// A row of pins.csv.
public struct Pin: Sendable {
    public var teacher: Int
    public var action: PinAction
    public var note: String?
    public var row: Int
    /// pins.csv, or objections.csv for an objection added by a re-plan.
    public var file = "pins.csv"

    /// Where the pin was written, for messages: `pins.csv:5`.
    public var place: String { "\(file):\(row)" }

    public init(teacher: Int, action: PinAction, note: String? = nil, row: Int, file: String = "pins.csv") {
        self.teacher = teacher
        self.action = action
        self.note = note
        self.row = row
        self.file = file
    }
}

/// An ordered pair of schools.
public struct SchoolPair: Sendable, Hashable {
    public var from: Int
    public var to: Int

    public init(_ from: Int, _ to: Int) {
        self.from = from
        self.to = to
    }
}

/// One county's data for one school year, validated (docs/scenario.md).
public struct Scenario: Sendable {
    public var settings: Settings
    public var schools: [School]
    public var teachers: [Teacher]
    public var communities: [Community]
    public var demand: [SchoolSubject: Demand]
    public var history: [HistoryEntry]
    public var pins: [Int: Pin]
    public var distanceOverrides: [SchoolPair: Double]
    public var schoolIndex: [String: Int]
    public var teacherIndex: [String: Int]
    /// Problems that do not stop a solve, e.g. unknown YAML keys.
    public var warnings: [Problem]
    /// The folder it was read from, and the bytes' SHA-256 per file (for the audit record).
    public var folder: URL?
    public var fileHashes: [String: String]
    /// The history came from the county's ledger (docs/ledger.md), not from history.csv.
    public var historyFromLedger = false

    public var year: Int { settings.year }
    public var policy: Policy { settings.policy }

    /// Road kilometres from `a` to `b`: distances.csv if given, else great-circle × road_factor.
    public func km(_ a: Int, _ b: Int) -> Double {
        if a == b { return 0 }
        if let given = distanceOverrides[SchoolPair(a, b)] { return given }
        return greatCircleKm(
            latitude1: schools[a].latitude, longitude1: schools[a].longitude,
            latitude2: schools[b].latitude, longitude2: schools[b].longitude) * policy.roadFactor
    }

    /// Teachers' demand for `subject` at `school` (0 when not listed).
    public func demandTeachers(_ school: Int, _ subject: String) -> Int {
        demand[SchoolSubject(school, subject)]?.teachers ?? 0
    }

    /// Weekly periods of `subject` that `school` must teach (0 when not listed).
    public func demandPeriods(_ school: Int, _ subject: String) -> Int {
        demand[SchoolSubject(school, subject)]?.periods ?? 0
    }

    /// The member whose unit holds `school` (a member or one of its sites); nil for a lead
    /// or an independent school.
    public func memberUnit(of school: Int) -> Int? {
        switch schools[school].kind {
        case .member: school
        case .site: schools[school].parent
        case .lead, .independent: nil
        }
    }

    /// The sites a member manages (empty for any other school).
    public func sites(of member: Int) -> [Int] {
        guard let community = schools[member].communityIndex else { return [] }
        return communities[community].units.first { $0.member == member }?.sites ?? []
    }

    /// A member unit in words: `member NCX-M03 (向塘中心小学) and its 4 sites`.
    public func label(unit member: Int) -> String {
        let count = sites(of: member).count
        let sites = count == 0 ? "" : " and its \(count) site\(count == 1 ? "" : "s")"
        return "member \(label(school: member))\(sites)"
    }

    /// A short label for messages: `NCX-L01 (莲塘一小)`.
    public func label(school: Int) -> String {
        "\(schools[school].id) (\(schools[school].name))"
    }

    public func label(teacher: Int) -> String {
        "\(teachers[teacher].id) (\(teachers[teacher].name))"
    }

}

/// Haversine distance on a sphere of radius 6371.0 km.
public func greatCircleKm(latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double) -> Double {
    let radians = Double.pi / 180
    let deltaLatitude = (latitude2 - latitude1) * radians
    let deltaLongitude = (longitude2 - longitude1) * radians
    let a =
        sin(deltaLatitude / 2) * sin(deltaLatitude / 2)
        + cos(latitude1 * radians) * cos(latitude2 * radians) * sin(deltaLongitude / 2) * sin(deltaLongitude / 2)
    return 2 * 6371.0 * asin(min(1, sqrt(a)))
}

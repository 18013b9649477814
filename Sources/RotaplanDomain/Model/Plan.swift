/// What a move of a plan is (plan.json `kind`).
public enum MoveKind: String, Sendable, Codable {
    /// A community move (共同体派驻).
    case secondment
    /// The county exchange (区域交流).
    case exchange
}

/// One secondment a plan creates: a teacher leaves the home school for `to` for the term.
public struct Move: Sendable, Hashable, Comparable {
    public var teacher: Int
    public var to: Int

    public init(teacher: Int, to: Int) {
        self.teacher = teacher
        self.to = to
    }

    public static func < (lhs: Move, rhs: Move) -> Bool { (lhs.teacher, lhs.to) < (rhs.teacher, rhs.to) }
}

/// The rotation plan (docs/model.md Part 1): the year's new secondments.
public struct RotationPlan: Sendable, Hashable {
    public private(set) var moves: [Move]

    public init(moves: [Move]) {
        self.moves = moves.sorted()
    }

    public static let empty = RotationPlan(moves: [])

    /// The plan of several communities together.
    public static func combined(_ plans: [RotationPlan]) -> RotationPlan {
        RotationPlan(moves: plans.flatMap(\.moves))
    }

    /// Where each moved teacher goes.
    public var targets: [Int: Int] {
        Dictionary(moves.map { ($0.teacher, $0.to) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One itinerant visit: a teacher teaches `periods` periods at `school` on `day`.
public struct Visit: Sendable, Hashable, Comparable {
    public var teacher: Int
    /// The school the teacher is present at after Part 1, where travel starts.
    public var home: Int
    public var school: Int
    public var day: Weekday
    public var periods: Int

    public init(teacher: Int, home: Int, school: Int, day: Weekday, periods: Int) {
        self.teacher = teacher
        self.home = home
        self.school = school
        self.day = day
        self.periods = periods
    }

    public static func < (lhs: Visit, rhs: Visit) -> Bool {
        (lhs.teacher, lhs.day, lhs.school) < (rhs.teacher, rhs.day, rhs.school)
    }
}

/// The itinerant plan (docs/model.md Part 2): the weekly timetable of visits.
public struct ItinerantPlan: Sendable, Hashable {
    public private(set) var visits: [Visit]

    public init(visits: [Visit]) {
        self.visits = visits.sorted()
    }

    public static let empty = ItinerantPlan(visits: [])

    public static func combined(_ plans: [ItinerantPlan]) -> ItinerantPlan {
        ItinerantPlan(visits: plans.flatMap(\.visits))
    }
}

import Foundation
import RotaplanDomain

/// plan.json as docs/commands.md specifies it (keys are written in snake_case).
public struct PlanDocument: Codable, Sendable {
    public var scenario: String
    public var year: Int
    public var solver: SolverSection
    public var rotations: [RotationLine]
    public var itinerant: [VisitLine]
    public var uncovered: [UncoveredLine]
    public var compliance: [ComplianceLine]
    public var effort: [EffortLine]
    public var improvement: [ImprovementLine]
    /// True for the later years of `solve --years`: re-planned each year, never published.
    public var provisional: Bool?
    /// For `solve --years`: the horizon's summed Part 1 objective, bound and gap.
    public var horizon: Horizon?
    public var meta: Meta?

    /// The horizon a year of `solve --years` belongs to.
    public struct Horizon: Codable, Sendable {
        /// `joint` (one program per community over the horizon) or `myopic` (year by year).
        public var mode: String
        public var firstYear: Int
        public var years: Int
        public var requestedYears: Int
        public var status: PlanStatus
        public var objective: Double?
        public var bound: Double?
        public var gap: Double?

        public init(
            mode: String, firstYear: Int, years: Int, requestedYears: Int, status: PlanStatus, objective: Double? = nil, bound: Double? = nil,
            gap: Double? = nil
        ) {
            self.mode = mode
            self.firstYear = firstYear
            self.years = years
            self.requestedYears = requestedYears
            self.status = status
            self.objective = objective
            self.bound = bound
            self.gap = gap
        }
    }

    /// How each part was solved (`solver.rotation`, `solver.itinerant`).
    public struct SolverSection: Codable, Sendable {
        public var rotation: PartReport?
        public var itinerant: PartReport?

        public init(rotation: PartReport? = nil, itinerant: PartReport? = nil) {
            self.rotation = rotation
            self.itinerant = itinerant
        }
    }

    /// One secondment of the list.
    public struct RotationLine: Codable, Sendable, Hashable {
        public var teacher: String
        public var from: String
        public var to: String
        /// `lead_to_member`, `member_to_lead`, `lead_to_site` or `site_to_lead`.
        public var direction: String
        /// For a move to or from a site: the site's member (its parent); absent otherwise.
        public var member: String?
        public var role: String
        public var subject: String
        public var km: Double
        public var startYear: Int
        public var endYear: Int
        /// `secondment` (a community move) or `exchange` (the county exchange, docs/model.md);
        /// absent in plans written before the exchange existed, which read as secondments.
        public var kind: String?

        public init(
            teacher: String, from: String, to: String, direction: String, member: String? = nil, role: String, subject: String, km: Double, startYear: Int,
            endYear: Int, kind: String? = "secondment"
        ) {
            self.kind = kind
            self.teacher = teacher
            self.from = from
            self.to = to
            self.direction = direction
            self.member = member
            self.role = role
            self.subject = subject
            self.km = km
            self.startYear = startYear
            self.endYear = endYear
        }
    }

    /// One weekly itinerant visit.
    public struct VisitLine: Codable, Sendable, Hashable {
        public var teacher: String
        public var home: String
        public var school: String
        public var day: String
        public var subject: String
        public var periods: Int
        public var km: Double

        public init(teacher: String, home: String, school: String, day: String, subject: String, periods: Int, km: Double) {
            self.teacher = teacher
            self.home = home
            self.school = school
            self.day = day
            self.subject = subject
            self.periods = periods
            self.km = km
        }
    }

    /// Periods of a subject a rural school still misses after both parts.
    public struct UncoveredLine: Codable, Sendable, Hashable {
        public var school: String
        public var subject: String
        public var periods: Int

        public init(school: String, subject: String, periods: Int) {
            self.school = school
            self.subject = subject
            self.periods = periods
        }
    }

    /// A rule at one school: what it requires and what the plan does.
    public struct ComplianceLine: Codable, Sendable, Hashable {
        public var rule: String
        public var scope: String
        /// For R3 a real number (backbone_share × moves); for R5 the tolerance (a maximum).
        public var required: Double
        public var actual: Double
        public var ok: Bool

        public init(rule: String, scope: String, required: Double, actual: Double, ok: Bool) {
            self.rule = rule
            self.scope = scope
            self.required = required
            self.actual = actual
            self.ok = ok
        }
    }

    /// A lead school's effort (努力值).
    public struct EffortLine: Codable, Sendable, Hashable {
        public var school: String
        public var sent: Int
        public var required: Int
        public var cadres: Int
        public var backbone: Int
        /// Null when the plan has no itinerant part.
        public var itinerantPeriods: Int?
        /// With the county exchange: the exchanges among `sent` (absent otherwise).
        public var exchangesSent: Int?

        enum CodingKeys: String, CodingKey {
            case school, sent, required, cadres, backbone, itinerantPeriods, exchangesSent
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(school, forKey: .school)
            try container.encode(sent, forKey: .sent)
            try container.encode(required, forKey: .required)
            try container.encode(cadres, forKey: .cadres)
            try container.encode(backbone, forKey: .backbone)
            try container.encode(itinerantPeriods, forKey: .itinerantPeriods)
            try container.encodeIfPresent(exchangesSent, forKey: .exchangesSent)
        }

        public init(school: String, sent: Int, required: Int, cadres: Int, backbone: Int, itinerantPeriods: Int? = nil, exchangesSent: Int? = nil) {
            self.exchangesSent = exchangesSent
            self.school = school
            self.sent = sent
            self.required = required
            self.cadres = cadres
            self.backbone = backbone
            self.itinerantPeriods = itinerantPeriods
        }
    }

    /// A member's row gives its member unit's figures; a site's row names its `member` and
    /// gives the site's own shortfall and uncovered periods, with `quality_*` null.
    public struct ImprovementLine: Codable, Sendable, Hashable {
        public var school: String
        public var member: String?
        public var shortfallBefore: Int
        public var shortfallAfter: Int
        /// `100 × Q/D`; null for a member with D = 0.
        public var qualityBefore: Double?
        public var qualityAfter: Double?
        /// Null when the plan has no itinerant part.
        public var uncoveredBefore: Int?
        public var uncoveredAfter: Int?

        enum CodingKeys: String, CodingKey {
            case school, member, shortfallBefore, qualityBefore, qualityAfter, shortfallAfter, uncoveredBefore, uncoveredAfter
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(school, forKey: .school)
            try container.encodeIfPresent(member, forKey: .member)
            try container.encode(shortfallBefore, forKey: .shortfallBefore)
            try container.encode(shortfallAfter, forKey: .shortfallAfter)
            try container.encode(qualityBefore, forKey: .qualityBefore)
            try container.encode(qualityAfter, forKey: .qualityAfter)
            try container.encode(uncoveredBefore, forKey: .uncoveredBefore)
            try container.encode(uncoveredAfter, forKey: .uncoveredAfter)
        }

        public init(
            school: String, member: String? = nil, shortfallBefore: Int, shortfallAfter: Int, qualityBefore: Double? = nil, qualityAfter: Double? = nil,
            uncoveredBefore: Int? = nil, uncoveredAfter: Int? = nil
        ) {
            self.school = school
            self.member = member
            self.shortfallBefore = shortfallBefore
            self.shortfallAfter = shortfallAfter
            self.qualityBefore = qualityBefore
            self.qualityAfter = qualityAfter
            self.uncoveredBefore = uncoveredBefore
            self.uncoveredAfter = uncoveredAfter
        }
    }

    /// The audit record: enough to reproduce a published plan.
    public struct Meta: Codable, Sendable {
        public var rotaplanVersion: String
        public var glpkVersion: String
        public var inputs: [String: String]
        public var settings: [String: String]
        public var seed: UInt64
        public var method: String
        /// Seconds per part; null when the solve had no time limit.
        public var timeLimit: Double?
        public var gap: Double
        public var command: [String]

        public init(
            rotaplanVersion: String, glpkVersion: String, inputs: [String: String], settings: [String: String], seed: UInt64, method: String,
            timeLimit: Double? = nil, gap: Double, command: [String]
        ) {
            self.rotaplanVersion = rotaplanVersion
            self.glpkVersion = glpkVersion
            self.inputs = inputs
            self.settings = settings
            self.seed = seed
            self.method = method
            self.timeLimit = timeLimit
            self.gap = gap
            self.command = command
        }
    }

    /// Encodes with snake_case keys, sorted, pretty-printed.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws -> PlanDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PlanDocument.self, from: data)
    }

    public init(
        scenario: String, year: Int, solver: SolverSection, rotations: [RotationLine], itinerant: [VisitLine], uncovered: [UncoveredLine],
        compliance: [ComplianceLine], effort: [EffortLine], improvement: [ImprovementLine], provisional: Bool? = nil, horizon: Horizon? = nil, meta: Meta? = nil
    ) {
        self.scenario = scenario
        self.year = year
        self.solver = solver
        self.rotations = rotations
        self.itinerant = itinerant
        self.uncovered = uncovered
        self.compliance = compliance
        self.effort = effort
        self.improvement = improvement
        self.provisional = provisional
        self.horizon = horizon
        self.meta = meta
    }
}

extension PlanDocument {
    /// The plan.json a path names: the path itself, or the plan.json in the folder `solve`
    /// wrote (an office gives the folder as often as the file). Every command that takes a
    /// plan reads it through this.
    public static func file(at path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return path }
        return (path as NSString).appendingPathComponent("plan.json")
    }
}

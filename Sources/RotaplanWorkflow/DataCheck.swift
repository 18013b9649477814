import Foundation
import RotaplanDomain
import RotaplanReport

/// What checking a data version found, kept with it as `check.json` (docs/workstation.md "The
/// workspace"): a page shows this and never reads the workbook again, so that a slow or hostile
/// upload costs one check, not one per visit.
public struct DataCheck: Sendable, Codable, Equatable {
    /// One problem, with where it is: the file or sheet, the row or cell, the column.
    public struct Item: Sendable, Codable, Equatable {
        public var file: String
        public var place: String
        public var column: String
        public var message: String
        public var hint: String
    }

    /// The county's ledger head the check read the history from (`none` without a ledger).
    public var historyStamp: String
    /// Every problem (empty when the data can be solved).
    public var problems: [Item]
    public var warnings: [String]
    /// For data without problems: what the scenario holds.
    public var facts: Facts?

    /// A valid scenario's figures, for the data page.
    public struct Facts: Sendable, Codable, Equatable {
        public var county: String
        public var slug: String
        public var year: Int
        public var synthetic: Bool
        public var communities: Int
        /// Schools by kind code, teachers by role code.
        public var schools: [String: Int]
        public var teachers: [String: Int]
        public var exempt: Int
        public var away: Int
        public var eligible: Int
        public var pins: Int
        public var historyRows: Int
        public var historyFromLedger: Bool
        /// Per community: its id, lead school's name, members, eligible teachers at the lead, what R2 asks.
        public var perCommunity: [Community]
        /// The settings as the scenario gives them (dotted keys and values).
        public var settings: [Setting]

        /// One community's lead and what R2 asks of it.
        public struct Community: Sendable, Codable, Equatable {
            public var id: String
            public var lead: String
            public var members: Int
            public var eligible: Int
            public var required: Int
            public var eligibleCadres: Int
        }

        /// One setting as the scenario gives it.
        public struct Setting: Sendable, Codable, Equatable {
            public var key: String
            public var value: String
        }
    }

    public var ok: Bool { problems.isEmpty }

    /// Checks the data of `session` (its scenario as the commands read it).
    public static func make(_ session: PlanSession, historyStamp: String) -> DataCheck {
        do {
            let scenario = try session.load()
            return DataCheck(
                historyStamp: historyStamp, problems: [], warnings: scenario.warnings.map(Self.chineseFirst), facts: Facts(scenario))
        } catch {
            // The office reads Chinese (docs/workstation.md "The office's language"): a problem's
            // Chinese words and the column's header as the file writes it, where it has them.
            let items = error.problems.map { problem in
                Item(
                    file: problem.file, place: problem.cell ?? problem.row.map(String.init) ?? "",
                    column: problem.header ?? problem.column.map { Vocabulary.chineseHeader($0, in: problem.file) } ?? "",
                    message: problem.chinese ?? problem.message,
                    hint: problem.chinese != nil ? problem.chineseHint ?? "" : problem.hint ?? "")
            }
            // The warnings of the same load are shown beside the problems: one round of fixes.
            return DataCheck(historyStamp: historyStamp, problems: items, warnings: error.warnings.map(Self.chineseFirst), facts: nil)
        }
    }
}

extension DataCheck {
    /// A warning as the data page lists it: its place, then its Chinese words where it has
    /// them (English only for a warning that has none).
    static func chineseFirst(_ warning: Problem) -> String {
        "\(warning.place): \(warning.chineseText ?? warning.english)"
    }
}

extension DataCheck.Facts {
    init(_ scenario: Scenario) {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let settings = scenario.settings
        county = settings.county
        slug = settings.slug
        year = settings.year
        synthetic = settings.synthetic
        communities = scenario.communities.count
        schools = Dictionary(grouping: scenario.schools, by: \.kind.rawValue).mapValues(\.count)
        teachers = Dictionary(grouping: scenario.teachers, by: \.role.rawValue).mapValues(\.count)
        exempt = scenario.teachers.count(where: \.isExempt)
        away = staffing.running.count { $0 != nil }
        eligible = scenario.teachers.indices.count { eligibility.isEligible($0) }
        pins = scenario.pins.count
        historyRows = scenario.history.count
        historyFromLedger = scenario.historyFromLedger
        perCommunity = scenario.communities.map { community in
            let lead = community.lead
            let cadres = staffing.byHome[lead].count { scenario.teachers[$0].role == .cadre && eligibility.isEligible($0) }
            return Community(
                id: community.id, lead: scenario.schools[lead].name, members: community.members.count,
                eligible: eligibility.base[lead] ?? 0, required: eligibility.requiredSends(lead: lead, policy: scenario.policy.rotation),
                eligibleCadres: cadres)
        }
        self.settings = settings.listed.map { Setting(key: $0.key, value: $0.value) }
    }
}

extension Workspace {
    func checkFile(_ version: DataVersion) -> URL { folder(of: version).appendingPathComponent("check.json") }

    /// The check kept with a data version, if one was made.
    public func check(of version: DataVersion) -> DataCheck? {
        guard let data = try? Data(contentsOf: checkFile(version)) else { return nil }
        return try? Self.decoder.decode(DataCheck.self, from: data)
    }

    /// Keeps a check with its data version (replacing an older one made on another history).
    public func keep(_ check: DataCheck, for version: DataVersion) throws {
        try OutputFolder.writeFile(try Self.encoder.encode(check), to: checkFile(version))
    }
}

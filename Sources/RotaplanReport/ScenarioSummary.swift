import RotaplanDomain
import RotaplanResults

/// The short summary `rotaplan check` prints for a valid scenario.
public enum ScenarioSummary {
    public static func text(_ scenario: Scenario) -> String {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let settings = scenario.settings
        var lines: [String] = []
        lines.append("scenario: \(settings.county) (\(settings.slug)), school year \(settings.year)\(settings.synthetic ? ", synthetic data" : "")")
        let kinds = SchoolKind.allCases.map { kind in "\(scenario.schools.count { $0.kind == kind }) \(kind.rawValue)" }
        lines.append("communities: \(scenario.communities.count)")
        lines.append("schools: \(scenario.schools.count) — \(kinds.joined(separator: ", ")); \(scenario.schools.count(where: \.rural)) rural")
        let roles = Role.allCases.map { role in "\(role.rawValue) \(scenario.teachers.count { $0.role == role })" }
        let exempt = scenario.teachers.count(where: \.isExempt)
        let away = staffing.running.count { $0 != nil }
        lines.append("teachers: \(scenario.teachers.count) — \(roles.joined(separator: ", ")); \(exempt) exempt, \(away) away on running secondments")
        let eligible = scenario.teachers.indices.count { eligibility.isEligible($0) }
        lines.append("eligible to rotate: \(eligible)")
        lines.append("pins: \(scenario.pins.count); history rows: \(scenario.history.count); distance overrides: \(scenario.distanceOverrides.count)")
        lines.append("")
        var table = TextTable(header: ["community", "lead school", "members", "eligible", "must send (R2)", "eligible cadres"])
        for community in scenario.communities {
            let lead = community.lead
            let cadres = scenario.teachers.indices.count {
                scenario.teachers[$0].home == lead && scenario.teachers[$0].role == .cadre && eligibility.isEligible($0)
            }
            table.add([
                community.id, scenario.label(school: lead), String(community.members.count),
                String(eligibility.base[lead] ?? 0),
                String(eligibility.requiredSends(lead: lead, policy: scenario.policy.rotation)), String(cadres),
            ])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}

/// A plain text table with columns padded to the display width of CJK text.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func add(_ row: [String]) {
        rows.append(row)
    }

    public func render() -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], displayWidth(cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

/// Terminal columns a string takes: East Asian wide characters take two.
public func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let value = scalar.value
        let wide =
            (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value)
        return width + (wide ? 2 : 1)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

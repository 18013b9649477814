import RotaplanDomain
import RotaplanResults

/// The short summary `rotaplan check` prints for a valid scenario.
public enum ScenarioSummary {
    public static func text(_ scenario: Scenario) -> String {
        let staffing = Staffing(scenario)
        let eligibility = Eligibility(scenario, staffing: staffing)
        let settings = scenario.settings
        var lines: [String] = []
        // The office reads Chinese; each line keeps its English after it for the log.
        lines.append(
            "方案数据：\(settings.county)（\(settings.slug)），\(settings.year) 学年\(settings.synthetic ? "，合成数据" : "")"
                + " (scenario: \(settings.county), school year \(settings.year)\(settings.synthetic ? ", synthetic data" : ""))")
        let kinds = SchoolKind.allCases.map { kind in (kind, scenario.schools.count { $0.kind == kind }) }
        let rural = scenario.schools.count(where: \.rural)
        lines.append("共同体：\(scenario.communities.count) 个 (communities: \(scenario.communities.count))")
        lines.append(
            "学校：\(scenario.schools.count) 所——\(kinds.map { "\(Vocabulary.schoolKinds.name($0.0.rawValue)) \($0.1)" }.joined(separator: "、"))；乡村学校 \(rural) 所"
                + " (schools: \(scenario.schools.count) — \(kinds.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")); \(rural) rural)")
        let roles = Role.allCases.map { role in (role, scenario.teachers.count { $0.role == role }) }
        let exempt = scenario.teachers.count(where: \.isExempt)
        let away = staffing.running.count { $0 != nil }
        lines.append(
            "教师：\(scenario.teachers.count) 人——\(roles.map { "\($0.0.chineseName) \($0.1)" }.joined(separator: "、"))；免于交流 \(exempt) 人，正在交流 \(away) 人"
                + " (teachers: \(scenario.teachers.count); \(exempt) exempt, \(away) away on running secondments)")
        let eligible = scenario.teachers.indices.count { eligibility.isEligible($0) }
        lines.append("符合交流条件：\(eligible) 人 (eligible to rotate: \(eligible))")
        lines.append(
            "固定安排 \(scenario.pins.count) 条；交流记录 \(scenario.history.count) 条；另给距离 \(scenario.distanceOverrides.count) 条"
                + " (pins: \(scenario.pins.count); history rows: \(scenario.history.count); distance overrides: \(scenario.distanceOverrides.count))")
        lines.append("")
        var table = TextTable(header: ["共同体", "牵头校", "成员校", "符合条件", "须派出（R2）", "符合条件的干部"])
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

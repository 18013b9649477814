import Foundation

/// A validated scenario written back as the canonical folder of docs/scenario.md: scenario.yaml
/// with every setting, and UTF-8 CSV files with English headers and codes (`rotaplan import`).
/// Columns rotaplan does not know are not carried over.
public enum CanonicalFiles {
    public static func files(_ scenario: Scenario) -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [("scenario.yaml", Data(yaml(scenario.settings).utf8))]
        let schools = scenario.schools.map { school in
            [
                school.id, school.name, school.kind.rawValue, school.kind == .site ? "" : school.community ?? "",
                school.parent.map { scenario.schools[$0].id } ?? "", school.rural ? "yes" : "no", formatNumber(school.latitude),
                formatNumber(school.longitude), school.level?.rawValue ?? "",
            ]
        }
        files.append(("schools.csv", CSV.format(header: Vocabulary.englishColumns["schools.csv"]!, rows: schools)))
        let teachers = scenario.teachers.map { teacher in
            [
                teacher.id, teacher.name, scenario.schools[teacher.home].id, teacher.subject, teacher.role.rawValue, teacher.title ?? "",
                teacher.gender ?? "", String(teacher.yearsAtSchool), String(teacher.yearsToRetirement), teacher.exemptReason ?? "",
                teacher.volunteer ? "yes" : "", String(teacher.maxPeriods), teacher.itinerantAllowed ? "" : "no",
                teacher.availableDays.count == Weekday.allCases.count ? "" : teacher.availableDays.map(\.rawValue).joined(separator: ";"),
            ]
        }
        files.append(("teachers.csv", CSV.format(header: Vocabulary.englishColumns["teachers.csv"]!, rows: teachers)))
        let demand = scenario.demand.sorted { $0.value.row < $1.value.row }.map { key, entry in
            [scenario.schools[key.school].id, key.subject, String(entry.teachers), String(entry.periods)]
        }
        files.append(("demand.csv", CSV.format(header: Vocabulary.englishColumns["demand.csv"]!, rows: demand)))
        if !scenario.history.isEmpty {
            let rows = scenario.history.map { entry in
                [
                    scenario.teachers[entry.teacher].id, scenario.schools[entry.from].id, scenario.schools[entry.to].id,
                    String(entry.startYear), String(entry.endYear), entry.kind.rawValue,
                ]
            }
            files.append(("history.csv", CSV.format(header: Vocabulary.englishColumns["history.csv"]!, rows: rows)))
        }
        if !scenario.pins.isEmpty {
            let rows = scenario.pins.values.sorted { $0.row < $1.row }.map { pin -> [String] in
                let (action, school): (String, String) =
                    switch pin.action {
                    case .stay: ("stay", "")
                    case .rotate: ("rotate", "")
                    case .to(let target): ("to", scenario.schools[target].id)
                    }
                return [scenario.teachers[pin.teacher].id, action, school, pin.note ?? ""]
            }
            files.append(("pins.csv", CSV.format(header: Vocabulary.englishColumns["pins.csv"]!, rows: rows)))
        }
        if !scenario.distanceOverrides.isEmpty {
            let rows = scenario.distanceOverrides.sorted { ($0.key.from, $0.key.to) < ($1.key.from, $1.key.to) }.map { pair, km in
                [scenario.schools[pair.from].id, scenario.schools[pair.to].id, formatNumber(km)]
            }
            files.append(("distances.csv", CSV.format(header: Vocabulary.englishColumns["distances.csv"]!, rows: rows)))
        }
        return files
    }

    /// scenario.yaml with every setting, nested as docs/scenario.md shows it.
    public static func yaml(_ settings: Settings) -> String {
        var lines = ["# Written by `rotaplan import`: every setting, the defaults included."]
        var openSections: [String] = []
        for (key, value) in settings.listed {
            let parts = key.split(separator: ".").map(String.init)
            let sections = Array(parts.dropLast())
            var common = 0
            while common < min(sections.count, openSections.count) && sections[common] == openSections[common] { common += 1 }
            for depth in common..<sections.count {
                lines.append(String(repeating: "  ", count: depth) + sections[depth] + ":")
            }
            openSections = sections
            lines.append(String(repeating: "  ", count: sections.count) + parts.last! + ": " + yamlValue(key: key, value))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text settings are quoted (a county may hold any character); the rest are written as listed.
    static func yamlValue(key: String, _ value: String) -> String {
        guard key == "county" || key == "slug" else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

import Foundation
import RotaplanDomain

/// One year of a multi-year run.
public struct YearPlan: Sendable {
    public var year: Int
    public var scenario: Scenario
    public var county: CountyPlan
    /// The history.csv this year was planned on.
    public var history: Data
}

/// Plans N consecutive years (`solve --years N`): each year's secondments become history rows
/// (running terms when `term_years` > 1, cooldown after), teachers are a year older, and the
/// next year is solved on that. The input folder is never written.
public enum MultiYear {
    public struct Outcome: Sendable {
        public var years: [YearPlan]
        /// The year that has no plan, if one has none (the run stops there).
        public var failed: YearPlan?
        /// history.csv after the last planned year.
        public var finalHistory: Data
    }

    public static func solve(folder: URL, overrides: [SettingOverride], years: Int, options: SolveOptions) throws(ScenarioError) -> Outcome {
        var files = try ScenarioLoader.readFiles(folder: folder)
        let first = try ScenarioLoader.load(files: files, folderName: folder.lastPathComponent, overrides: overrides)
        var rows = first.history.map { entry in
            [first.teachers[entry.teacher].id, first.schools[entry.from].id, first.schools[entry.to].id,
             String(entry.startYear), String(entry.endYear), entry.kind.rawValue]
        }
        var planned: [YearPlan] = []
        for offset in 0..<max(1, years) {
            let year = first.year + offset
            let history = historyCSV(rows)
            files["history.csv"] = history
            let scenario = try ScenarioLoader.load(
                files: files, folderName: folder.lastPathComponent, overrides: overrides, planningYear: year)
            let county = CountyPlanner.solve(scenario, options: options)
            let plan = YearPlan(year: year, scenario: scenario, county: county, history: history)
            guard county.hasPlan else { return Outcome(years: planned, failed: plan, finalHistory: historyCSV(rows)) }
            planned.append(plan)
            let lastYear = year + scenario.policy.rotation.termYears - 1
            for move in county.rotationPlan.moves {
                let teacher = scenario.teachers[move.teacher]
                rows.append([teacher.id, scenario.schools[teacher.home].id, scenario.schools[move.to].id, String(year), String(lastYear), "rotation"])
            }
            // Itinerant teaching is kept as record (it does not count for the rules).
            var recorded: Set<String> = []
            for visit in county.itinerant?.plan?.visits ?? [] {
                let key = "\(visit.teacher)|\(visit.school)"
                guard recorded.insert(key).inserted else { continue }
                rows.append([scenario.teachers[visit.teacher].id, scenario.schools[visit.home].id, scenario.schools[visit.school].id,
                             String(year), String(year), "itinerant"])
            }
        }
        return Outcome(years: planned, failed: nil, finalHistory: historyCSV(rows))
    }

    static func historyCSV(_ rows: [[String]]) -> Data {
        CSV.format(header: ["teacher", "from", "to", "start_year", "end_year", "kind"], rows: rows)
    }
}

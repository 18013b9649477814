import Foundation
import RotaplanDomain
import RotaplanPlanner
import RotaplanResults

/// The heuristic against GLPK's optimum on every committed scenario, per part.
///
/// Part 2 depends on Part 1's plan, so every method's Part 2 runs on GLPK's rotation plan:
/// the numbers compare solvers on one instance.
enum ScenarioTable {
    struct Row {
        var name: String
        var part: String
        var glpkObjective: Double?
        var glpkStatus: String
        var glpkSeconds: Double
        var glpkBound: Double?
        var heuristicObjective: Double?
        var heuristicSeconds: Double
        var autoStatus: String
        var autoSeconds: Double
        var autoMethod: String

        /// (heuristic − optimum) / max(1, |optimum|), against GLPK's bound when not proven.
        var heuristicGap: Double? {
            guard let heuristic = heuristicObjective, let reference = glpkStatus == "optimal" ? glpkObjective : glpkBound else { return nil }
            return (heuristic - reference) / max(1, abs(reference))
        }
    }

    static func run(folder: URL, timeLimit: Double, only: [String]) throws -> [Row] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { name in
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).appendingPathComponent("scenario.yaml").path)
                && (only.isEmpty || only.contains(name))
        }
        var rows: [Row] = []
        for name in names {
            let scenario = try ScenarioLoader.load(folder: folder.appendingPathComponent(name))
            func options(_ method: SolveMethod) -> SolveOptions { SolveOptions(timeLimit: timeLimit, method: method, parts: .rotation) }
            let glpk = RotationPlanner.solve(scenario, options: options(.glpk))
            let heuristic = RotationPlanner.solve(scenario, options: options(.heuristic))
            let auto = RotationPlanner.solve(scenario, options: options(.auto))
            rows.append(
                Row(
                    name: name, part: "rotation", glpkObjective: glpk.report.objective, glpkStatus: glpk.report.status.rawValue,
                    glpkSeconds: glpk.report.seconds, glpkBound: glpk.report.bound, heuristicObjective: heuristic.report.objective,
                    heuristicSeconds: heuristic.report.seconds, autoStatus: auto.report.status.rawValue,
                    autoSeconds: auto.report.seconds, autoMethod: auto.report.method))
            guard let plan = glpk.plan else { continue }
            func part2(_ method: SolveMethod) -> ItinerantOutcome {
                ItinerantPlanner.solve(scenario, rotationPlan: plan, options: SolveOptions(timeLimit: timeLimit, method: method, parts: .itinerant))
            }
            let glpk2 = part2(.glpk)
            let heuristic2 = part2(.heuristic)
            let auto2 = part2(.auto)
            rows.append(
                Row(
                    name: name, part: "itinerant", glpkObjective: glpk2.report.objective, glpkStatus: glpk2.report.status.rawValue,
                    glpkSeconds: glpk2.report.seconds, glpkBound: glpk2.report.bound, heuristicObjective: heuristic2.report.objective,
                    heuristicSeconds: heuristic2.report.seconds, autoStatus: auto2.report.status.rawValue,
                    autoSeconds: auto2.report.seconds, autoMethod: auto2.report.method))
        }
        return rows
    }

    static func markdown(_ rows: [Row]) -> String {
        var lines = [
            "| scenario | part | GLPK objective | GLPK status | GLPK s | heuristic objective | heuristic gap | heuristic s | auto status | auto s | auto's plan from |",
            "|---|---|---:|---|---:|---:|---:|---:|---|---:|---|",
        ]
        for row in rows {
            let gap = row.heuristicGap.map { String(format: "%.4f%%", $0 * 100) } ?? "-"
            lines.append(
                "| \(row.name) | \(row.part) | \(format(row.glpkObjective)) | \(row.glpkStatus) | \(String(format: "%.2f", row.glpkSeconds)) | \(format(row.heuristicObjective)) | \(row.glpkStatus == "optimal" ? "" : "≤ ")\(gap) | \(String(format: "%.2f", row.heuristicSeconds)) | \(row.autoStatus) | \(String(format: "%.2f", row.autoSeconds)) | \(row.autoMethod) |"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }
}

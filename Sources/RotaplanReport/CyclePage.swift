import Foundation
import RotaplanDomain
import RotaplanResults

/// The report of a cycle (`solve --years`): the years side by side, then who goes when. Each
/// year's own report is in its folder.
public enum CyclePage {
    public static func html(_ outcome: HorizonOutcome, documents: [PlanDocument]) -> Data {
        Data(HTML.render("cycle", view(outcome, documents: documents)).utf8)
    }

    static func view(_ outcome: HorizonOutcome, documents: [PlanDocument]) -> CycleView {
        let first = outcome.years.first?.scenario ?? outcome.failed!.scenario
        let mode = outcome.mode == .joint ? "各年度联合优化（joint）" : "逐年优化（myopic）"
        var summary = "规划期 \(outcome.requested) 年，\(mode)；已编制 \(outcome.years.count) 年。"
        if let note = outcome.note { summary += note }
        if let rotation = outcome.rotation, let objective = rotation.objective {
            summary += " 交流轮岗目标值合计 \(String(format: "%.2f", objective))"
            if let bound = rotation.bound { summary += "，下界 \(String(format: "%.2f", bound))" }
            summary += "（\(ReportPage.statusText(rotation.status))）。"
        }
        var failure: String?
        if let failed = outcome.failed {
            failure = "\(failed.year)学年无法编制：" + PlanFolder.noPlanLines(failed.county).joined(separator: " ")
        }
        // The years side by side.
        let header = [
            "年度 year", "状态 status", "交流人数 moves", "派出干部 cadres sent", "派出骨干 backbone sent", "学科缺口(人) shortfall",
            "最低 100·Q/D", "走教覆盖/需求(课时/周) itinerant covered / needed", "目标值 objective",
        ]
        let rows = zip(outcome.years, documents).map { year, document -> [String] in
            let figures = PlanFigures(name: String(year.year), document: document, reference: nil)
            return [
                "\(year.year)\(year.provisional ? "（预排）" : "")", ReportPage.statusText(document.solver.rotation?.status ?? .optimal),
                String(figures.moves), String(figures.cadresSent), String(figures.backboneSent), String(figures.shortfall),
                figures.lowestQuality.map { String(format: "%.1f", $0) } ?? "-",
                document.solver.itinerant == nil ? "-" : "\(figures.itinerantCovered) / \(figures.itinerantNeeded)",
                ReportPage.number(document.solver.rotation?.objective),
            ]
        }
        // Who goes when: one row per teacher seconded in any year of the horizon.
        var targets: [String: [Int: String]] = [:]
        var names: [String: (name: String, home: String)] = [:]
        for (year, document) in zip(outcome.years, documents) {
            let scenario = year.scenario
            for line in document.rotations {
                targets[line.teacher, default: [:]][year.year] = scenario.schoolIndex[line.to].map { scenario.schools[$0].name } ?? line.to
                if names[line.teacher] == nil, let teacher = scenario.teacherIndex[line.teacher] {
                    names[line.teacher] = (scenario.teachers[teacher].name, scenario.schools[scenario.teachers[teacher].home].name)
                }
            }
        }
        let years = outcome.years.map(\.year)
        let who = targets.keys.sorted().map { id -> [String] in
            [names[id]?.name ?? id, id, names[id]?.home ?? "-"] + years.map { targets[id]?[$0] ?? "" }
        }
        return CycleView(
            title: "\(first.settings.county) \(first.year)—\(first.year + outcome.requested - 1)学年 教师交流轮岗规划期方案",
            summary: summary, failure: failure, years: TableView(header, rows, numeric: [2, 3, 4, 5, 6, 8]),
            who: TableView(["姓名", "工号", "原单位"] + years.map { "\($0)学年" }, who))
    }
}

/// What the cycle page shows.
struct CycleView {
    var title: String
    var summary: String
    var failure: String?
    var years: TableView
    var who: TableView
}

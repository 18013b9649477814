import Foundation
import RotaplanDomain
import RotaplanResults

/// `rotaplan hire` in files and words: where the hires go and what each covers, for N−1, N
/// and N+1 hires, against Part 2 with none.
public enum HireReport {
    static let header = [
        "新聘人数 hires", "学校 school", "学校代码 id", "本校人数 at school", "本校授课 periods at the school",
        "走教课时 periods visiting",
    ]

    /// Lines for a terminal, Chinese first as in the files: the comparison of the counts, then
    /// the ranked schools of each.
    public static func text(_ plans: [HirePlan], without: ItinerantOutcome?) -> [String] {
        var lines: [String] = []
        var table = TextTable(header: [
            "新聘人数 hires", "走教目标值 part 2 objective", "未覆盖课时 uncovered", "比现在少 fewer than now", "状态 status", "秒 seconds",
        ])
        let now = without.map { $0.uncoveredAfter.values.reduce(0, +) }
        if let without, let objective = without.report.objective {
            table.add(["0（现在 now）", String(format: "%.2f", objective), String(now ?? 0), "0", ReportPage.statusText(without.report.status), "-"])
        }
        for plan in plans {
            let uncovered = plan.county.itinerant?.uncoveredAfter.values.reduce(0, +) ?? 0
            table.add([
                String(plan.count), plan.objective.map { String(format: "%.2f", $0) } ?? "-", String(uncovered),
                now.map { String($0 - uncovered) } ?? "-", ReportPage.statusText(plan.status), String(format: "%.2f", plan.seconds),
            ])
        }
        lines.append(table.render())
        for plan in plans where plan.count > 0 {
            lines.append("")
            lines.append("新聘 \(plan.count) 名\(Display.subject(plan.subject))教师 (\(plan.count) \(plan.subject) hire\(plan.count == 1 ? "" : "s"))：")
            for row in plan.schools {
                lines.append(
                    "  \(plan.county.scenario.label(school: row.school))：\(row.hires) 人，本校每周授课 \(row.atHome) 课时，走教 \(row.visiting) 课时"
                )
            }
        }
        return lines
    }

    /// hire.csv: one row per count and school.
    public static func csv(_ plans: [HirePlan]) -> Data {
        CSV.format(header: header, rows: rows(plans), byteOrderMark: true, forPeople: true)
    }

    static func rows(_ plans: [HirePlan]) -> [[String]] {
        plans.flatMap { plan in
            plan.schools.map { row in
                [
                    String(plan.count), plan.county.scenario.schools[row.school].name, plan.county.scenario.schools[row.school].id,
                    String(row.hires), String(row.atHome), String(row.visiting),
                ]
            }
        }
    }

    /// The folder `rotaplan hire` writes: hire.csv and the report of the plan with `chosen`'s hires.
    public static func files(_ plans: [HirePlan], chosen: HirePlan, without: ItinerantOutcome?) throws -> [(name: String, data: Data)] {
        let document = PlanAssembly.document(chosen.county, meta: nil)
        let subject = Display.subject(chosen.subject)
        let before = without.map { String($0.uncoveredAfter.values.reduce(0, +)) } ?? "-"
        let hiring = HiringView(
            intro: "新聘 \(chosen.count) 名\(subject)教师（每人每周 16 课时，周一至周五均可走教）的最佳安排；本页其余部分为按此安排后的走教方案。未覆盖课时：现在 \(before)，新聘后 \(chosen.uncovered)。",
            table: TableView(header, rows([chosen]), numeric: [0, 3, 4, 5]),
            counts: TableView(
                ["新聘人数 hires", "走教目标值 part 2 objective", "未覆盖课时 uncovered", "状态 status"],
                plans.map { [String($0.count), ReportPage.number($0.objective), String($0.uncovered), ReportPage.statusText($0.status)] },
                numeric: [0, 1, 2]))
        return [
            ("hire.csv", csv(plans)),
            ("report.html", ReportPage.html(chosen.county, document: document, hiring: hiring)),
        ]
    }
}

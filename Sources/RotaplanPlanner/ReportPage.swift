import Foundation
import RotaplanDomain

/// report.html: one self-contained page (inline CSS and SVG, no script, no network) that the
/// bureau's leadership and the schools read. Every figure comes from plan.json or from the
/// same computation as schools.csv.
public enum ReportPage {
    public static func html(_ county: CountyPlan, document: PlanDocument) -> Data {
        var page = Page()
        let scenario = county.scenario
        let settings = scenario.settings
        page.open(title: "\(settings.county) \(settings.year)学年 教师交流轮岗与走教方案")
        page.raw("<header><h1>\(escape(settings.county)) \(settings.year)学年（\(settings.year)年9月—\(settings.year + 1)年7月）教师交流轮岗与走教方案</h1>")
        page.raw("<p class=\"note\">方案由 rotaplan \(escape(document.meta?.rotaplanVersion ?? rotaplanVersion)) 生成（GLPK \(escape(document.meta?.glpkVersion ?? "-"))）。\(settings.synthetic ? "本情景为合成数据，仅供演示。" : "")</p></header>")
        summary(&page, county, document)
        compliance(&page, document, scenario)
        effortAndImprovement(&page, document, scenario)
        charts(&page, county, document)
        lists(&page, document, scenario)
        page.raw("</body></html>\n")
        return Data(page.text.utf8)
    }

    // MARK: Sections

    private static func summary(_ page: inout Page, _ county: CountyPlan, _ document: PlanDocument) {
        let scenario = county.scenario
        page.raw("<section id=\"summary\"><h2>概要 Summary</h2>")
        page.raw("<p>\(scenario.communities.count) 个城乡发展共同体，\(scenario.schools.count) 所学校，\(scenario.teachers.count) 名教师；交流 \(document.rotations.count) 人，走教 \(document.itinerant.count) 次/周。</p>")
        var rows: [[String]] = []
        for (name, report) in [("交流轮岗 rotation", document.solver.rotation), ("走教 itinerant", document.solver.itinerant)] {
            guard let report else { continue }
            rows.append([name, report.method, statusText(report.status), number(report.objective), number(report.bound),
                         report.gap.map { String(format: "%.2g", $0) } ?? "-", String(format: "%.2f", report.seconds)])
        }
        page.table(["部分 part", "方法 method", "状态 status", "目标值 objective", "下界 bound", "间隙 gap", "用时(秒) seconds"], rows, numeric: [3, 4, 5, 6])
        if let meta = document.meta {
            let inputs = meta.inputs.sorted { $0.key < $1.key }.map { "\(escape($0.key)) <code>\($0.value.prefix(16))</code>" }
            page.raw("<p class=\"note\">输入文件 SHA-256：\(inputs.joined(separator: "；"))。随机种子 \(meta.seed)，时间上限 \(formatNumber(meta.timeLimit)) 秒/部分。</p>")
        }
        page.raw("</section>")
    }

    private static func compliance(_ page: inout Page, _ document: PlanDocument, _ scenario: Scenario) {
        guard !document.compliance.isEmpty else { return }
        page.raw("<section id=\"compliance\"><h2>合规检查 Compliance</h2>")
        page.raw("<p class=\"note\">R2 牵头校派出人数 ≥ ceil(比例 × 符合条件人数)；R3 干部与骨干 ≥ 比例 × 派出人数；R4 每所成员校接收干部数；R5 成员校派出与接收之差 ≤ 容差（“要求”为容差）。</p>")
        let rows = document.compliance.map { line -> [String] in
            [line.rule, schoolName(line.scope, scenario), formatNumber((line.required * 100).rounded() / 100), formatNumber(line.actual),
             line.ok ? "✓ 符合" : "✗ 不符合"]
        }
        page.table(["规则 rule", "学校 school", "要求 required", "实际 actual", "结果 result"], rows, numeric: [2, 3])
        page.raw("</section>")
    }

    private static func effortAndImprovement(_ page: inout Page, _ document: PlanDocument, _ scenario: Scenario) {
        page.raw("<section id=\"effort\"><h2>牵头校努力值 Effort of lead schools</h2>")
        page.table(
            ["牵头校 lead school", "派出 sent", "应派 required", "干部 cadres", "骨干 backbone", "走教课时/周 itinerant periods"],
            document.effort.map { [schoolName($0.school, scenario), String($0.sent), String($0.required), String($0.cadres), String($0.backbone), $0.itinerantPeriods.map(String.init) ?? "-"] },
            numeric: [1, 2, 3, 4, 5])
        page.raw("</section><section id=\"improvement\"><h2>成员校提升值 Improvement of member schools</h2>")
        func quality(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        page.table(
            ["成员校 member school", "学科缺口(人) 前→后", "100·Q/D 前→后", "走教未覆盖课时 前→后"],
            document.improvement.map {
                [schoolName($0.school, scenario), "\($0.shortfallBefore) → \($0.shortfallAfter)", "\(quality($0.qualityBefore)) → \(quality($0.qualityAfter))",
                 "\($0.uncoveredBefore.map(String.init) ?? "-") → \($0.uncoveredAfter.map(String.init) ?? "-")"]
            }, numeric: [1, 2, 3])
        page.raw("</section>")
    }

    private static func charts(_ page: inout Page, _ county: CountyPlan, _ document: PlanDocument) {
        let scenario = county.scenario
        page.raw("<section id=\"charts\"><h2>图表 Charts</h2>")
        let members = document.improvement
        page.raw("<h3>成员校学科缺口（人）调整前后 Shortfall before / after</h3>")
        page.raw(Charts.pairedBars(
            labels: members.map { schoolName($0.school, scenario) },
            before: members.map { Double($0.shortfallBefore) }, after: members.map { Double($0.shortfallAfter) },
            legend: ("调整前", "调整后")))
        page.raw("<h3>成员校 100·Q/D（干部与骨干占需求比例）Quality before / after</h3>")
        page.raw(Charts.pairedBars(
            labels: members.map { schoolName($0.school, scenario) },
            before: members.map { $0.qualityBefore ?? 0 }, after: members.map { $0.qualityAfter ?? 0 }, legend: ("调整前", "调整后")))
        if county.itinerant != nil {
            var needed: [Int: Int] = [:]
            var covered: [Int: Int] = [:]
            for line in SchoolTable.lines(county) where line.periodsNeeded > 0 {
                needed[line.school, default: 0] += line.periodsNeeded
                covered[line.school, default: 0] += line.periodsCovered
            }
            let schools = needed.keys.sorted()
            page.raw("<h3>走教课时需求与覆盖（每周）Itinerant periods needed / covered</h3>")
            page.raw(Charts.pairedBars(
                labels: schools.map { scenario.label(school: $0) },
                before: schools.map { Double(needed[$0] ?? 0) }, after: schools.map { Double(covered[$0] ?? 0) },
                legend: ("需求", "覆盖")))
        }
        page.raw("<h3>学校分布、交流与走教路线 Map of schools, moves and visits</h3>")
        page.raw(Charts.map(scenario, moves: county.rotationPlan.moves, visits: county.itinerant?.plan?.visits ?? []))
        page.raw("</section>")
    }

    private static func lists(_ page: inout Page, _ document: PlanDocument, _ scenario: Scenario) {
        page.raw("<section id=\"rotations\" class=\"break\"><h2>交流轮岗名单 Rotation list</h2>")
        page.table(
            ["姓名", "工号", "原单位", "交流单位", "学科", "身份", "期限", "距离(公里)"],
            document.rotations.map { line in
                let teacher = scenario.teacherIndex[line.teacher].map { scenario.teachers[$0] }
                return [teacher?.name ?? line.teacher, line.teacher, schoolName(line.from, scenario), schoolName(line.to, scenario),
                        Display.subject(line.subject), Role(rawValue: line.role)?.chineseName ?? line.role,
                        Display.term(from: line.startYear, to: line.endYear), Display.km(line.km)]
            }, numeric: [7])
        page.raw("</section>")
        guard !document.itinerant.isEmpty || document.solver.itinerant != nil else { return }
        page.raw("<section id=\"itinerant\" class=\"break\"><h2>走教课表（每周）Weekly itinerant timetable</h2>")
        var byTeacher: [String: [PlanDocument.VisitLine]] = [:]
        for visit in document.itinerant { byTeacher[visit.teacher, default: []].append(visit) }
        let days = Weekday.allCases
        let rows = byTeacher.keys.sorted().map { id -> [String] in
            let visits = byTeacher[id]!
            let teacher = scenario.teacherIndex[id].map { scenario.teachers[$0] }
            let first = visits[0]
            return [teacher?.name ?? id, Display.subject(first.subject), schoolName(first.home, scenario)]
                + days.map { day in
                    visits.filter { $0.day == day.rawValue }.map { "\(schoolName($0.school, scenario)) \($0.periods)节" }.joined(separator: "<br>")
                }
        }
        page.table(["姓名", "学科", "所在学校"] + days.map(\.chineseName), rows, numeric: [], escapeCells: false)
        if !document.uncovered.isEmpty {
            page.raw("<p>未覆盖 uncovered：" + document.uncovered.map { "\(escape(schoolName($0.school, scenario))) \(Display.subject($0.subject)) \($0.periods)节" }.joined(separator: "；") + "</p>")
        }
        page.raw("</section>")
    }

    // MARK: Helpers

    static func schoolName(_ id: String, _ scenario: Scenario) -> String {
        scenario.schoolIndex[id].map { scenario.schools[$0].name } ?? id
    }

    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }

    static func statusText(_ status: PlanStatus) -> String {
        switch status {
        case .optimal: "最优 optimal"
        case .feasible: "可行 feasible"
        case .infeasible: "无可行方案 infeasible"
        case .noSolution: "未找到 no_solution"
        }
    }
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// An HTML page being written.
private struct Page {
    var text = ""

    mutating func raw(_ html: String) {
        text += html + "\n"
    }

    mutating func open(title: String) {
        raw("""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            @page { size: A4; margin: 15mm; }
            body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #222; margin: 24px; font-size: 13px; }
            h1 { font-size: 20px; } h2 { font-size: 16px; border-bottom: 2px solid #36c; padding-bottom: 2px; margin-top: 28px; } h3 { font-size: 14px; }
            table { border-collapse: collapse; margin: 8px 0; width: 100%; }
            th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
            th { background: #e8eefc; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
            tr { page-break-inside: avoid; } .note { color: #555; font-size: 12px; }
            svg { max-width: 100%; height: auto; } svg text { font-family: inherit; }
            @media print { .break { page-break-before: always; } body { margin: 0; } }
            </style></head><body>
            """)
    }

    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>, escapeCells: Bool = true) {
        var html = "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                "<td\(numeric.contains(index) ? " class=\"n\"" : "")>\(escapeCells ? escape(cell) : cell)</td>"
            }.joined() + "</tr>\n"
        }
        if rows.isEmpty { html += "<tr><td colspan=\"\(header.count)\">（无）</td></tr>\n" }
        raw(html + "</tbody></table>")
    }
}

/// Inline SVG charts.
enum Charts {
    /// Horizontal bars, two per label (before in grey, after in blue).
    static func pairedBars(labels: [String], before: [Double], after: [Double], legend: (String, String)) -> String {
        guard !labels.isEmpty else { return "<p>（无）</p>" }
        let rowHeight = 26.0
        let labelWidth = 190.0
        let width = 760.0
        let top = 24.0
        let height = top + rowHeight * Double(labels.count) + 10
        let largest = max(1, (before + after).max() ?? 1)
        let scale = (width - labelWidth - 60) / largest
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">"
        svg += "<rect x=\"\(labelWidth)\" y=\"4\" width=\"12\" height=\"10\" fill=\"#aaa\"/><text x=\"\(labelWidth + 16)\" y=\"13\" font-size=\"11\">\(escape(legend.0))</text>"
        svg += "<rect x=\"\(labelWidth + 90)\" y=\"4\" width=\"12\" height=\"10\" fill=\"#36c\"/><text x=\"\(labelWidth + 106)\" y=\"13\" font-size=\"11\">\(escape(legend.1))</text>"
        for (index, label) in labels.enumerated() {
            let y = top + rowHeight * Double(index)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" font-size=\"11\" text-anchor=\"end\">\(escape(label))</text>"
            for (offset, value, color) in [(0.0, before[index], "#aaa"), (11.0, after[index], "#36c")] {
                let length = max(0, value * scale)
                svg += "<rect x=\"\(labelWidth)\" y=\(quote(y + 2 + offset)) width=\(quote(length)) height=\"10\" fill=\"\(color)\"/>"
                svg += "<text x=\(quote(labelWidth + length + 4)) y=\(quote(y + 11 + offset)) font-size=\"10\">\(formatNumber((value * 10).rounded() / 10))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Schools by longitude and latitude; moves as solid lines, visits as dashed ones.
    static func map(_ scenario: Scenario, moves: [Move], visits: [Visit]) -> String {
        let schools = scenario.schools
        guard !schools.isEmpty else { return "" }
        let latitudes = schools.map(\.latitude)
        let longitudes = schools.map(\.longitude)
        let (minLat, maxLat) = (latitudes.min()!, latitudes.max()!)
        let (minLon, maxLon) = (longitudes.min()!, longitudes.max()!)
        let size = 680.0
        let margin = 30.0
        // Degrees of longitude are shorter than of latitude: scale them by cos(latitude).
        let lonScale = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max(1e-6, (maxLon - minLon) * lonScale)
        let spanY = max(1e-6, maxLat - minLat)
        let scale = (size - 2 * margin) / max(spanX, spanY)
        func point(_ school: Int) -> (Double, Double) {
            (margin + (schools[school].longitude - minLon) * lonScale * scale, size - margin - (schools[school].latitude - minLat) * scale)
        }
        var svg = "<svg viewBox=\"0 0 \(Int(size)) \(Int(size))\" width=\"\(Int(size))\" height=\"\(Int(size))\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        var drawnMoves: Set<SchoolPair> = []
        for move in moves {
            let pair = SchoolPair(scenario.teachers[move.teacher].home, move.to)
            guard drawnMoves.insert(pair).inserted else { continue }
            let (a, b) = (point(pair.from), point(pair.to))
            svg += "<line x1=\(quote(a.0)) y1=\(quote(a.1)) x2=\(quote(b.0)) y2=\(quote(b.1)) stroke=\"#36c\" stroke-width=\"1.5\" opacity=\"0.7\"/>"
        }
        var drawnVisits: Set<SchoolPair> = []
        for visit in visits {
            let pair = SchoolPair(visit.home, visit.school)
            guard drawnVisits.insert(pair).inserted else { continue }
            let (a, b) = (point(pair.from), point(pair.to))
            svg += "<line x1=\(quote(a.0)) y1=\(quote(a.1)) x2=\(quote(b.0)) y2=\(quote(b.1)) stroke=\"#e80\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>"
        }
        for (index, school) in schools.enumerated() {
            let (x, y) = point(index)
            switch school.kind {
            case .lead: svg += "<rect x=\(quote(x - 6)) y=\(quote(y - 6)) width=\"12\" height=\"12\" fill=\"#c33\"/>"
            case .member: svg += "<circle cx=\(quote(x)) cy=\(quote(y)) r=\"5\" fill=\"#393\"/>"
            case .independent: svg += "<circle cx=\(quote(x)) cy=\(quote(y)) r=\"4\" fill=\"#fff\" stroke=\"#666\"/>"
            }
            svg += "<text x=\(quote(x + 7)) y=\(quote(y - 5)) font-size=\"9\">\(escape(school.name))</text>"
        }
        svg += "<text x=\"10\" y=\(quote(size - 10)) font-size=\"11\">■ 牵头校　● 成员校　○ 其他学校　— 交流　- - 走教</text>"
        return svg + "</svg>"
    }

    static func quote(_ value: Double) -> String {
        "\"\(String(format: "%.1f", value))\""
    }
}

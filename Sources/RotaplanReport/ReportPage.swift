import Foundation
import RotaplanDomain
import RotaplanResults

/// report.html: one self-contained page (inline CSS and SVG, no script, no network) that the
/// bureau's leadership and the schools read. Every figure comes from plan.json or from the
/// same computation as schools.csv; every value passes through `HTML`'s escaping.
public enum ReportPage {
    /// The page of a plan; with `stamp`, of a published plan (`PlanFolder.stamp`).
    public static func html(_ county: CountyPlan, document: PlanDocument, stamp: PublicationStamp? = nil) -> Data {
        var page = view(county, document: document)
        page.publication = stamp.map { PublicationView(published: $0.publishedLine, head: $0.headLine) }
        return Data(HTML.render("report", page).utf8)
    }

    /// The report of a plan with new hires, with the hiring section first.
    static func html(_ county: CountyPlan, document: PlanDocument, hiring: HiringView) -> Data {
        var page = view(county, document: document)
        page.hiring = hiring
        return Data(HTML.render("report", page).utf8)
    }

    static func view(_ county: CountyPlan, document: PlanDocument) -> ReportView {
        let scenario = county.scenario
        let settings = scenario.settings
        let names = Names(scenario)
        var view = ReportView(
            title: "\(settings.county) \(settings.year)学年 教师交流轮岗与走教方案",
            heading: "\(settings.county) \(settings.year)学年（\(settings.year)年9月—\(settings.year + 1)年7月）教师交流轮岗与走教方案",
            generatedBy: "方案由 rotaplan \(document.meta?.rotaplanVersion ?? rotaplanVersion) 生成（所用 GLPK 版本 \(document.meta?.glpkVersion ?? "-")；各部分的求解方法见概要表）。",
            provisional: document.provisional == true, synthetic: settings.synthetic,
            summaryLine:
                "\(scenario.communities.count) 个城乡发展共同体，\(scenario.schools.count) 所学校，\(scenario.teachers.count) 名教师；交流 \(document.rotations.count) 人，走教 \(document.itinerant.count) 次/周。",
            parts: parts(document), audit: nil, compliance: nil,
            effort: effort(document, names), improvement: improvement(document, names),
            charts: charts(county, document, names), map: MapView(scenario, moves: county.rotationPlan.moves, visits: county.itinerant?.plan?.visits ?? []),
            rotations: rotations(document, scenario, names), itinerant: nil, hiring: nil, publication: nil)
        if let meta = document.meta {
            view.audit = AuditView(
                inputs: meta.inputs.sorted { $0.key < $1.key }.map { AuditView.Input(file: $0.key, hash: String($0.value.prefix(16))) },
                seed: String(meta.seed), timeLimit: meta.timeLimit.map { "\(formatNumber($0)) 秒/部分" } ?? "无")
        }
        if !document.compliance.isEmpty {
            view.compliance = TableView(
                ["规则 rule", "学校 school", "要求 required", "实际 actual", "结果 result"],
                document.compliance.map { line in
                    [
                        Vocabulary.rule(line.rule), names.school(line.scope), formatNumber((line.required * 100).rounded() / 100), formatNumber(line.actual),
                        line.ok ? "✓ 符合" : "✗ 不符合",
                    ]
                }, numeric: [2, 3])
        }
        if !document.itinerant.isEmpty || document.solver.itinerant != nil {
            view.itinerant = itinerant(document, names)
        }
        return view
    }

    private static func parts(_ document: PlanDocument) -> TableView {
        var rows: [[String]] = []
        for (name, report) in [("交流轮岗 rotation", document.solver.rotation), ("走教 itinerant", document.solver.itinerant)] {
            guard let report else { continue }
            rows.append([
                name, Display.method(report.method), statusText(report.status), number(report.objective), number(report.bound),
                report.gap.map { String(format: "%.2g", $0) } ?? "-", String(format: "%.2f", report.seconds),
            ])
        }
        return TableView(["部分 part", "方法 method", "状态 status", "目标值 objective", "下界 bound", "间隙 gap", "用时(秒) seconds"], rows, numeric: [3, 4, 5, 6])
    }

    private static func effort(_ document: PlanDocument, _ names: Names) -> TableView {
        TableView(
            ["牵头校 lead school", "派出 sent", "应派 required", "干部 cadres", "骨干 backbone", "走教课时/周 itinerant periods"],
            document.effort.map {
                [
                    names.school($0.school), String($0.sent), String($0.required), String($0.cadres), String($0.backbone),
                    $0.itinerantPeriods.map(String.init) ?? "-",
                ]
            }, numeric: [1, 2, 3, 4, 5])
    }

    private static func improvement(_ document: PlanDocument, _ names: Names) -> TableView {
        func quality(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        return TableView(
            ["成员校（含教学点）member school and its sites", "学科缺口(人) 前→后", "干部骨干占需求（每百人）前→后 100·Q/D", "走教未覆盖课时 前→后"],
            document.improvement.map {
                // Sites are listed under their member, whose row counts the whole unit.
                [
                    ($0.member == nil ? "" : "　└ ") + names.school($0.school), "\($0.shortfallBefore) → \($0.shortfallAfter)",
                    "\(quality($0.qualityBefore)) → \(quality($0.qualityAfter))",
                    "\($0.uncoveredBefore.map(String.init) ?? "-") → \($0.uncoveredAfter.map(String.init) ?? "-")",
                ]
            }, numeric: [1, 2, 3])
    }

    private static func charts(_ county: CountyPlan, _ document: PlanDocument, _ names: Names) -> [ChartSection] {
        let members = document.improvement.filter { $0.member == nil }
        let labels = members.map { names.school($0.school) }
        var charts = [
            ChartSection(
                title: "成员校学科缺口（人）调整前后 Shortfall before / after",
                chart: BarChartView(
                    labels: labels, before: members.map { Double($0.shortfallBefore) },
                    after: members.map { Double($0.shortfallAfter) }, legend: ("调整前", "调整后"))),
            ChartSection(
                title: "成员校干部骨干占需求（每百人，100·Q/D）Quality before / after",
                chart: BarChartView(
                    labels: labels, before: members.map { $0.qualityBefore ?? 0 },
                    after: members.map { $0.qualityAfter ?? 0 }, legend: ("调整前", "调整后"))),
        ]
        if county.itinerant != nil {
            var needed: [Int: Int] = [:]
            var covered: [Int: Int] = [:]
            for line in SchoolTable.lines(county) where line.periodsNeeded > 0 {
                needed[line.school, default: 0] += line.periodsNeeded
                covered[line.school, default: 0] += line.periodsCovered
            }
            let schools = needed.keys.sorted()
            charts.append(
                ChartSection(
                    title: "走教课时需求与覆盖（每周）Itinerant periods needed / covered",
                    chart: BarChartView(
                        labels: schools.map { county.scenario.label(school: $0) }, before: schools.map { Double(needed[$0] ?? 0) },
                        after: schools.map { Double(covered[$0] ?? 0) }, legend: ("需求", "覆盖"))))
        }
        return charts
    }

    /// The list, with each teacher's past secondments (from the ledger when the scenario has one).
    private static func rotations(_ document: PlanDocument, _ scenario: Scenario, _ names: Names) -> TableView {
        let past = Dictionary(grouping: scenario.history.filter { $0.kind.countsForRules && $0.startYear < scenario.year }, by: \.teacher)
        return TableView(
            ["姓名", "工号", "原单位", "交流单位", "交流方式", "学科", "身份", "期限", "距离(公里)", scenario.historyFromLedger ? "以往交流（台账）" : "以往交流"],
            document.rotations.map { line in
                let record = scenario.teacherIndex[line.teacher].flatMap { past[$0] } ?? []
                return [
                    names.teacher(line.teacher), line.teacher, names.school(line.from), names.school(line.to),
                    Display.way(direction: line.direction, exchange: scenario.policy.exchange.enabled), Display.subject(line.subject),
                    Role(rawValue: line.role)?.chineseName ?? line.role,
                    Display.term(from: line.startYear, to: line.endYear), Display.km(line.km),
                    record.map { "\($0.startYear)—\($0.endYear) \(scenario.schools[$0.to].name)" }.joined(separator: "；"),
                ]
            }, numeric: [8])
    }

    private static func itinerant(_ document: PlanDocument, _ names: Names) -> ItinerantView {
        var byTeacher: [String: [PlanDocument.VisitLine]] = [:]
        for visit in document.itinerant { byTeacher[visit.teacher, default: []].append(visit) }
        let days = Weekday.allCases
        let cells = byTeacher.keys.sorted().map { id -> [TableView.Cell] in
            let visits = byTeacher[id]!
            let first = visits[0]
            return [TableView.Cell(names.teacher(id)), TableView.Cell(Display.subject(first.subject)), TableView.Cell(names.school(first.home))]
                + days.map { day in
                    TableView.Cell(lines: visits.filter { $0.day == day.rawValue }.map { "\(names.school($0.school)) \($0.periods)节" })
                }
        }
        let uncovered = document.uncovered.map { "\(names.school($0.school)) \(Display.subject($0.subject)) \($0.periods)节" }
        return ItinerantView(
            timetable: TableView(["姓名", "学科", "所在学校"] + days.map(\.chineseName), cells: cells),
            hasUncovered: !uncovered.isEmpty, uncovered: uncovered)
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

/// Names of the scenario's schools and teachers by id, as pages show them.
struct Names {
    let scenario: Scenario

    init(_ scenario: Scenario) {
        self.scenario = scenario
    }

    func school(_ id: String) -> String {
        scenario.schoolIndex[id].map { scenario.schools[$0].name } ?? id
    }

    func teacher(_ id: String) -> String {
        scenario.teacherIndex[id].map { scenario.teachers[$0].name } ?? id
    }
}

/// What report.html shows (the "report" template's view model).
struct ReportView {
    var title: String
    var heading: String
    var generatedBy: String
    var provisional: Bool
    var synthetic: Bool
    var summaryLine: String
    var parts: TableView
    var audit: AuditView?
    var compliance: TableView?
    var effort: TableView
    var improvement: TableView
    var charts: [ChartSection]
    var map: MapView
    var rotations: TableView
    var itinerant: ItinerantView?
    var hiring: HiringView?
    /// The publication of a published plan: when, by whom, and the ledger's head.
    var publication: PublicationView?
}

/// A published plan's stamp on its page.
struct PublicationView {
    var published: String
    var head: String
}

/// The hiring section of a report made by `rotaplan hire`.
struct HiringView {
    var intro: String
    var table: TableView
    var counts: TableView
}

struct AuditView {
    struct Input {
        var file: String
        var hash: String
    }

    var inputs: [Input]
    var seed: String
    var timeLimit: String
}

struct ChartSection {
    var title: String
    var chart: BarChartView
}

struct ItinerantView {
    var timetable: TableView
    var hasUncovered: Bool
    var uncovered: [String]
}

/// Horizontal bars, two per label (before in grey, after in blue), laid out in Swift.
struct BarChartView {
    struct Bar {
        var x, y, width, fill, valueX, valueY, value: String
    }

    struct Row {
        var label, labelX, labelY: String
        var bars: [Bar]
    }

    var isEmpty: Bool
    var width = "760"
    var height = "0"
    var legendX = "", legendTextX = "", legendAfterX = "", legendAfterTextX = ""
    var legendBefore: String
    var legendAfter: String
    var rows: [Row] = []

    init(labels: [String], before: [Double], after: [Double], legend: (String, String)) {
        isEmpty = labels.isEmpty
        legendBefore = legend.0
        legendAfter = legend.1
        let rowHeight = 26.0
        let labelWidth = 190.0
        let width = 760.0
        let top = 24.0
        height = String(Int(top + rowHeight * Double(labels.count) + 10))
        legendX = svgNumber(labelWidth)
        legendTextX = svgNumber(labelWidth + 16)
        legendAfterX = svgNumber(labelWidth + 90)
        legendAfterTextX = svgNumber(labelWidth + 106)
        let largest = max(1, (before + after).max() ?? 1)
        let scale = (width - labelWidth - 60) / largest
        for (index, label) in labels.enumerated() {
            let y = top + rowHeight * Double(index)
            let bars = [(0.0, before[index], "#aaa"), (11.0, after[index], "#36c")].map { offset, value, fill in
                let length = max(0, value * scale)
                return Bar(
                    x: svgNumber(labelWidth), y: svgNumber(y + 2 + offset), width: svgNumber(length), fill: fill,
                    valueX: svgNumber(labelWidth + length + 4), valueY: svgNumber(y + 11 + offset),
                    value: formatNumber((value * 10).rounded() / 10))
            }
            rows.append(Row(label: label, labelX: svgNumber(labelWidth - 6), labelY: svgNumber(y + 15), bars: bars))
        }
    }
}

/// Schools by longitude and latitude (no map tiles); moves and visits as lines.
struct MapView {
    struct Line {
        var x1, y1, x2, y2: String
    }

    struct School {
        var x, y, squareX, squareY, labelX, labelY, name: String
        var lead, member, site, other: Bool
    }

    var size: String
    var legendY: String
    var moves: [Line] = []
    var visits: [Line] = []
    var schools: [School] = []

    init(_ scenario: Scenario, moves: [Move], visits: [Visit]) {
        let size = 680.0
        let margin = 30.0
        self.size = String(Int(size))
        legendY = svgNumber(size - 10)
        let all = scenario.schools
        guard !all.isEmpty else { return }
        let latitudes = all.map(\.latitude)
        let longitudes = all.map(\.longitude)
        let (minLat, maxLat) = (latitudes.min()!, latitudes.max()!)
        let minLon = longitudes.min()!
        // Degrees of longitude are shorter than of latitude: scale them by cos(latitude).
        let lonScale = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max(1e-6, (longitudes.max()! - minLon) * lonScale)
        let spanY = max(1e-6, maxLat - minLat)
        let scale = (size - 2 * margin) / max(spanX, spanY)
        func point(_ school: Int) -> (Double, Double) {
            (margin + (all[school].longitude - minLon) * lonScale * scale, size - margin - (all[school].latitude - minLat) * scale)
        }
        func line(_ pair: SchoolPair) -> Line {
            let (a, b) = (point(pair.from), point(pair.to))
            return Line(x1: svgNumber(a.0), y1: svgNumber(a.1), x2: svgNumber(b.0), y2: svgNumber(b.1))
        }
        var drawn: Set<SchoolPair> = []
        for move in moves {
            let pair = SchoolPair(scenario.teachers[move.teacher].home, move.to)
            if drawn.insert(pair).inserted { self.moves.append(line(pair)) }
        }
        drawn = []
        for visit in visits {
            let pair = SchoolPair(visit.home, visit.school)
            if drawn.insert(pair).inserted { self.visits.append(line(pair)) }
        }
        for (index, school) in all.enumerated() {
            let (x, y) = point(index)
            schools.append(
                School(
                    x: svgNumber(x), y: svgNumber(y), squareX: svgNumber(x - 6), squareY: svgNumber(y - 6), labelX: svgNumber(x + 7),
                    labelY: svgNumber(y - 5), name: school.name, lead: school.kind == .lead, member: school.kind == .member,
                    site: school.kind == .site, other: school.kind == .independent))
        }
    }
}

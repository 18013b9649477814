import Foundation
import RotaplanDomain
import RotaplanResults

/// The figures of a plan that HR compares side by side, read from plan.json alone.
public struct PlanFigures: Sendable, Equatable, Codable {
    public var name: String
    public var rotationStatus: String
    public var rotationObjective: Double?
    public var rotationGap: Double?
    public var itinerantStatus: String
    public var itinerantObjective: Double?
    public var itinerantGap: Double?
    public var moves: Int
    public var cadresSent: Int
    public var backboneSent: Int
    public var km: Double
    /// Σ over members of the subject shortfall after the plan, in teachers.
    public var shortfall: Int
    /// The lowest 100·Q/D after the plan among members with demand (the equity term's floor).
    public var lowestQuality: Double?
    /// Itinerant periods a week: needed after Part 1, and covered by visits.
    public var itinerantNeeded: Int
    public var itinerantCovered: Int
    public var complianceFailures: Int
    /// Lines that differ from the first plan compared (rotations and visits).
    public var differingLines: Int
    /// True for a variant that has no plan: its counts are not zeros but nothing.
    public var withoutPlan: Bool?

    /// The figures of one plan; `reference` is the plan the differing lines are counted against.
    public init(name: String, document: PlanDocument, reference: PlanDocument?) {
        self.name = name
        rotationStatus = document.solver.rotation?.status.rawValue ?? "-"
        rotationObjective = document.solver.rotation?.objective
        rotationGap = document.solver.rotation?.gap
        itinerantStatus = document.solver.itinerant?.status.rawValue ?? "-"
        itinerantObjective = document.solver.itinerant?.objective
        itinerantGap = document.solver.itinerant?.gap
        moves = document.rotations.count
        cadresSent = document.effort.reduce(0) { $0 + $1.cadres }
        backboneSent = document.effort.reduce(0) { $0 + $1.backbone }
        km = document.rotations.reduce(0) { $0 + $1.km }
        shortfall = document.improvement.filter { $0.member == nil }.reduce(0) { $0 + $1.shortfallAfter }
        lowestQuality = document.improvement.compactMap(\.qualityAfter).min()
        itinerantCovered = document.itinerant.reduce(0) { $0 + $1.periods }
        itinerantNeeded = itinerantCovered + document.uncovered.reduce(0) { $0 + $1.periods }
        complianceFailures = document.compliance.count { !$0.ok }
        differingLines = reference.map { PlanFigures.differingLines(document, $0) } ?? 0
    }

    /// A variant that has no plan: only its status.
    public init(name: String, failedWith status: PlanStatus) {
        self.name = name
        rotationStatus = status.rawValue
        itinerantStatus = "-"
        moves = 0
        cadresSent = 0
        backboneSent = 0
        km = 0
        shortfall = 0
        itinerantNeeded = 0
        itinerantCovered = 0
        complianceFailures = 0
        differingLines = 0
        withoutPlan = true
    }

    public static func differingLines(_ a: PlanDocument, _ b: PlanDocument) -> Int {
        PlanComparison.differingLines(a, b).count
    }
}

/// Side-by-side tables of plan figures: for a terminal, a spreadsheet and a page.
public enum PlanComparison {
    public static let header = [
        "方案 plan", "交流轮岗 rotation", "间隙 gap", "走教 itinerant", "间隙 gap", "交流人次 moves", "派出干部 cadres", "派出骨干 backbone",
        "交流公里 km", "缺编 shortfall", "最弱成员校干部骨干占比 lowest 100·Q/D", "走教需求课时 needed", "已覆盖 covered",
        "不合规项 compliance failures", "不同的行 lines differing",
    ]

    public static func row(_ figures: PlanFigures) -> [String] {
        func gap(_ value: Double?) -> String { value.map { String(format: "%.2g", $0) } ?? "-" }
        if figures.withoutPlan == true {
            // No plan: its status, and a dash where a plan's figures would be.
            return [figures.name, Vocabulary.statuses.name(figures.rotationStatus)] + Array(repeating: "-", count: header.count - 2)
        }
        return [
            figures.name, Vocabulary.statuses.name(figures.rotationStatus), gap(figures.rotationGap),
            Vocabulary.statuses.name(figures.itinerantStatus), gap(figures.itinerantGap),
            String(figures.moves), String(figures.cadresSent), String(figures.backboneSent), Display.km(figures.km),
            String(figures.shortfall), figures.lowestQuality.map { String(format: "%.1f", $0) } ?? "-",
            String(figures.itinerantNeeded), String(figures.itinerantCovered), String(figures.complianceFailures),
            String(figures.differingLines),
        ]
    }

    public static func text(_ rows: [PlanFigures]) -> String {
        var table = TextTable(header: header)
        for figures in rows { table.add(row(figures)) }
        return table.render()
    }

    public static func csv(_ rows: [PlanFigures]) -> Data {
        CSV.format(header: header, rows: rows.map(row), byteOrderMark: true, forPeople: true)
    }

    /// comparison.html: the figures side by side and, with `--price`, what each rule costs.
    public static func html(_ rows: [PlanFigures], title: String, price: PriceTable? = nil) -> Data {
        let view = ComparisonView(
            title: title, table: TableView(header, rows.map(row), numeric: Set(1..<header.count)),
            price: price.map { ComparisonView.Price(table: TableView(PriceTable.header, $0.rows.map($0.cells), numeric: Set(1..<7)), note: $0.note) })
        return Data(HTML.render("comparison", view).utf8)
    }

    /// The lines of plan `b` that plan `a` does not have (`+`) and the other way round (`-`):
    /// rotations as `teacher → school`, visits as `teacher → school on day: periods`.
    public static func differingLines(_ a: PlanDocument, _ b: PlanDocument) -> [String] {
        func rotations(_ document: PlanDocument) -> Set<String> { Set(document.rotations.map { "\($0.teacher) → \($0.to)" }) }
        func visits(_ document: PlanDocument) -> Set<String> {
            Set(document.itinerant.map { "\($0.teacher) → \($0.school) on \($0.day): \($0.periods)" })
        }
        let removed = rotations(a).subtracting(rotations(b)).union(visits(a).subtracting(visits(b)))
        let added = rotations(b).subtracting(rotations(a)).union(visits(b).subtracting(visits(a)))
        return removed.sorted().map { "- \($0)" } + added.sorted().map { "+ \($0)" }
    }
}

/// comparison.html's view model.
struct ComparisonView {
    struct Price {
        var table: TableView
        var note: String?
    }

    var title: String
    var table: TableView
    var price: Price?
}

import Foundation
import RotaplanDomain
import RotaplanResults

/// What `--price` shows: how relaxing each policy bound by one step changes the county's
/// figures against the base, the rule that saves most first.
public struct PriceTable: Sendable, Codable {
    /// One relaxed rule (or one more specialist) and what it changes.
    public struct Row: Sendable, Codable, Equatable {
        /// The rule and the step, in the office's words: `牵头校派出比例（R2）10% → 8%`.
        public var rule: String
        public var rotation: Double?
        public var itinerant: Double?
        public var total: Double?
        public var shortfall: Int
        public var moves: Int
        public var uncovered: Int
        public var status: PlanStatus
        /// Both the base and this variant are optimal: the difference is the rule's price.
        public var proven: Bool
    }

    public var rows: [Row]

    public static let header = [
        "放宽的规则 rule relaxed", "交流轮岗 Δ rotation", "走教 Δ itinerant", "合计 Δ total", "缺编 Δ shortfall", "交流人次 Δ moves",
        "未覆盖课时 Δ uncovered", "状态 status", "已证明 proven",
    ]

    /// Said when a difference comes from a plan not proven optimal.
    public var note: String? {
        rows.contains { !$0.proven && $0.total != nil }
            ? "* 未证明：基础方案或该变体在时间上限内未证明最优，差值只是这些方案之间的差，不是规则的代价；延长时间上限可以定论。(not proven: a longer --time-limit settles it.)"
            : nil
    }

    public func cells(_ row: Row) -> [String] {
        func show(_ number: Double?) -> String { number.map { String(format: "%+.1f", $0) } ?? "-" }
        return [
            row.rule, show(row.rotation), show(row.itinerant), show(row.total) + (row.proven || row.total == nil ? "" : " *"),
            String(format: "%+d", row.shortfall), String(format: "%+d", row.moves), String(format: "%+d", row.uncovered),
            Vocabulary.statuses.name(row.status.rawValue), row.proven ? "是" : "否",
        ]
    }

    public var text: String {
        var table = TextTable(header: Self.header)
        for row in rows { table.add(cells(row)) }
        return table.render() + (note.map { "\n" + $0 } ?? "")
    }

    /// price.csv: numbers as numbers (a spreadsheet reads them), the proof in its own column.
    public var csv: Data {
        func show(_ number: Double?) -> String { number.map { String(format: "%.1f", $0) } ?? "" }
        let rows = rows.map { row in
            [
                row.rule, show(row.rotation), show(row.itinerant), show(row.total), String(row.shortfall), String(row.moves),
                String(row.uncovered), Vocabulary.statuses.name(row.status.rawValue), row.proven ? "是" : "否",
            ]
        }
        return CSV.format(header: Self.header, rows: rows, byteOrderMark: true, forPeople: true)
    }
}

/// A what-if run in files and words: the figures of each variant, the price table, and the
/// folder that holds every variant's plan.
public enum WhatIfReport {
    /// The plan document of each outcome that has a plan.
    public static func documents(_ outcomes: [VariantOutcome]) -> [PlanDocument?] {
        outcomes.map { $0.county.hasPlan ? PlanAssembly.document($0.county, meta: nil) : nil }
    }

    /// The figures of every outcome; lines differing are counted against the first (the base).
    public static func figures(_ outcomes: [VariantOutcome], documents: [PlanDocument?]) -> [PlanFigures] {
        let base = documents.first ?? nil
        return zip(outcomes, documents).map { outcome, document in
            guard let document else { return PlanFigures(name: outcome.variant.name, failedWith: outcome.status) }
            return PlanFigures(name: outcome.variant.name, document: document, reference: base)
        }
    }

    /// How each relaxation changes the objective parts against the base (the first outcome),
    /// and what one more specialist of each itinerant subject is worth where it helps most.
    public static func priceTable(_ outcomes: [VariantOutcome], documents: [PlanDocument?], hires: [HirePlan] = []) -> PriceTable {
        guard let base = outcomes.first else { return PriceTable(rows: []) }
        func totals(_ outcome: VariantOutcome, _ document: PlanDocument?) -> (Double?, Double?, Int, Int, Int) {
            let figures = document.map { PlanFigures(name: "", document: $0, reference: nil) }
            return (
                outcome.county.rotation?.report.objective, outcome.county.itinerant?.report.objective,
                figures?.shortfall ?? 0, figures?.moves ?? 0, (figures?.itinerantNeeded ?? 0) - (figures?.itinerantCovered ?? 0)
            )
        }
        let reference = totals(base, documents[0])
        var rows: [PriceTable.Row] = []
        for (outcome, document) in zip(outcomes, documents).dropFirst() {
            let value = totals(outcome, document)
            let rotation = value.0.flatMap { new in reference.0.map { new - $0 } }
            let itinerant = value.1.flatMap { new in reference.1.map { new - $0 } }
            rows.append(
                PriceTable.Row(
                    rule: outcome.variant.rule ?? outcome.variant.name, rotation: rotation, itinerant: itinerant,
                    total: document == nil ? nil : (rotation ?? 0) + (itinerant ?? 0), shortfall: value.2 - reference.2,
                    moves: value.3 - reference.3, uncovered: value.4 - reference.4, status: outcome.status,
                    proven: outcome.status == .optimal && base.status == .optimal))
        }
        let baseItinerant = base.county.itinerant
        for hire in hires {
            guard let objective = hire.objective, let before = baseItinerant?.report.objective else { continue }
            let delta = objective - before
            let school = hire.schools.first.map { hire.county.scenario.schools[$0.school].name } ?? "-"
            let uncovered = hire.uncovered - (baseItinerant?.uncoveredAfter.filter { $0.key.subject == hire.subject }.reduce(0) { $0 + $1.value } ?? 0)
            rows.append(
                PriceTable.Row(
                    rule: "增聘 1 名\(Vocabulary.subjects.name(hire.subject))教师（在\(school)）", rotation: 0, itinerant: delta, total: delta,
                    shortfall: 0, moves: 0, uncovered: uncovered, status: hire.status, proven: hire.status == .optimal && base.status == .optimal))
        }
        // The rule whose relaxation saves most costs the county most: first.
        return PriceTable(rows: rows.sorted { ($0.total ?? .infinity) < ($1.total ?? .infinity) })
    }

    /// The files of a what-if folder: every variant's plan folder (or its `infeasible.txt`),
    /// `comparison.csv`, `comparison.html` and, with prices, `price.csv`.
    public static func files(
        _ outcomes: [VariantOutcome], documents: [PlanDocument?], title: String, price: PriceTable?
    ) throws -> [(name: String, data: Data)] {
        let figures = figures(outcomes, documents: documents)
        var files: [(name: String, data: Data)] = [
            ("comparison.csv", PlanComparison.csv(figures)),
            ("comparison.html", PlanComparison.html(figures, title: title, price: price)),
        ]
        if let price { files.append(("price.csv", price.csv)) }
        files.append(("comparison.json", try WhatIfSummary(figures: figures, price: price).encoded()))
        for (outcome, document) in zip(outcomes, documents) {
            let folder = outcome.variant.name
            if let document {
                for (name, data) in try PlanFolder.files(outcome.county, document: document) { files.append(("\(folder)/\(name)", data)) }
            } else {
                files.append(("\(folder)/infeasible.txt", PlanFolder.noPlanText(outcome.county)))
            }
        }
        return files
    }
}

/// A what-if in files and words: each variant's plan document, the comparison as text, the
/// price table when prices were asked, and the folder's files.
public struct WhatIfRun: Sendable {
    public var outcomes: [VariantOutcome]
    public var documents: [PlanDocument?]
    /// The comparison as text, then the price table when asked.
    public var text: String
    public var price: PriceTable?
    public var title: String

    /// The folder's files (`WhatIfReport.files`).
    public func files() throws -> [(name: String, data: Data)] {
        try WhatIfReport.files(outcomes, documents: documents, title: title, price: price)
    }

    public init(_ solved: WhatIfOutcome) {
        let outcomes = solved.outcomes
        let documents = WhatIfReport.documents(outcomes)
        var text = PlanComparison.text(WhatIfReport.figures(outcomes, documents: documents))
        var table: PriceTable?
        if solved.priced {
            let priced = outcomes.indices.filter { $0 == 0 || outcomes[$0].variant.rule != nil }
            let priceTable = WhatIfReport.priceTable(priced.map { outcomes[$0] }, documents: priced.map { documents[$0] }, hires: solved.hires)
            text += "\n\n" + priceTable.text
            table = priceTable
        }
        self.outcomes = outcomes
        self.documents = documents
        self.text = text
        self.price = table
        self.title = solved.base.map { "\($0.settings.county) \($0.year) 方案对比" } ?? "方案对比"
    }
}

/// A what-if's figures and prices as numbers (`comparison.json`), for pages to show in the
/// office's words without reading a file meant for a spreadsheet.
public struct WhatIfSummary: Sendable, Codable {
    public var figures: [PlanFigures]
    public var price: PriceTable?

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func read(_ url: URL) -> WhatIfSummary? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(WhatIfSummary.self, from: data)
    }
}

import Foundation
import RotaplanDomain
import RotaplanResults

/// What `--price` shows: how relaxing each policy bound by one step changes the county's
/// figures against the base, the rule that saves most first.
public struct PriceTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Said when a difference comes from a plan not proven optimal.
    public var note: String?

    public var text: String {
        var table = TextTable(header: header)
        for row in rows { table.add(row) }
        return table.render() + (note.map { "\n" + $0 } ?? "")
    }

    public var csv: Data {
        CSV.format(header: header, rows: rows, byteOrderMark: true, forPeople: true)
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
        let header = ["rule relaxed", "rotation Δ", "itinerant Δ", "total Δ", "shortfall Δ", "moves Δ", "uncovered periods Δ", "status"]
        guard let base = outcomes.first else { return PriceTable(header: header, rows: []) }
        func totals(_ outcome: VariantOutcome, _ document: PlanDocument?) -> (Double?, Double?, Int, Int, Int) {
            let figures = document.map { PlanFigures(name: "", document: $0, reference: nil) }
            return (outcome.county.rotation?.report.objective, outcome.county.itinerant?.report.objective,
                    figures?.shortfall ?? 0, figures?.moves ?? 0, (figures?.itinerantNeeded ?? 0) - (figures?.itinerantCovered ?? 0))
        }
        let reference = totals(base, documents[0])
        var rows: [(total: Double, cells: [String])] = []
        for (outcome, document) in zip(outcomes, documents).dropFirst() {
            let value = totals(outcome, document)
            let rotation = value.0.flatMap { new in reference.0.map { new - $0 } }
            let itinerant = value.1.flatMap { new in reference.1.map { new - $0 } }
            let total = (rotation ?? 0) + (itinerant ?? 0)
            func show(_ number: Double?) -> String { number.map { String(format: "%+.1f", $0) } ?? "-" }
            // A plan that is not proven optimal shows what it found, not the rule's price.
            let proven = outcome.status == .optimal && base.status == .optimal
            rows.append((document == nil ? .infinity : total, [
                outcome.variant.rule ?? outcome.variant.name, show(rotation), show(itinerant),
                document == nil ? "-" : show(total) + (proven ? "" : " *"),
                String(format: "%+d", value.2 - reference.2), String(format: "%+d", value.3 - reference.3),
                String(format: "%+d", value.4 - reference.4), outcome.status.rawValue,
            ]))
        }
        let baseItinerant = base.county.itinerant
        for hire in hires {
            guard let objective = hire.objective, let before = baseItinerant?.report.objective else { continue }
            let delta = objective - before
            let school = hire.schools.first.map { hire.county.scenario.schools[$0.school].id } ?? "-"
            let proven = hire.status == .optimal && base.status == .optimal
            let uncovered = hire.uncovered - (baseItinerant?.uncoveredAfter.filter { $0.key.subject == hire.subject }.reduce(0) { $0 + $1.value } ?? 0)
            rows.append((delta, [
                "hire 1 \(hire.subject) specialist (at \(school))", "+0.0", String(format: "%+.1f", delta),
                String(format: "%+.1f", delta) + (proven ? "" : " *"), "+0", "+0", String(format: "%+d", uncovered), hire.status.rawValue,
            ]))
        }
        // The rule whose relaxation saves most costs the county most: first.
        let sorted = rows.sorted { $0.total < $1.total }.map(\.cells)
        let note = sorted.contains(where: { $0[3].hasSuffix(" *") })
            ? "* not proven: the base or this variant is not optimal within the time limit, so Δ is what these plans show, not the rule's price; a longer --time-limit settles it."
            : nil
        return PriceTable(header: header, rows: sorted, note: note)
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

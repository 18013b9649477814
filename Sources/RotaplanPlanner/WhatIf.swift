import Foundation
import RotaplanDomain

/// A policy variant: a name and the settings it changes.
public struct Variant: Sendable {
    public var name: String
    public var overrides: [SettingOverride]
    /// For `--price`: the rule and the step, in words.
    public var rule: String?

    public init(name: String, overrides: [SettingOverride], rule: String? = nil) {
        self.name = name
        self.overrides = overrides
        self.rule = rule
    }

    /// Parses `NAME:KEY=VALUE[,KEY=VALUE]…`.
    public static func parse(_ text: String) -> Variant? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
        let settings = text[text.index(after: colon)...].split(separator: ",").map(String.init)
        let overrides = settings.compactMap(SettingOverride.parse)
        guard !name.isEmpty, !overrides.isEmpty, overrides.count == settings.count,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        return Variant(name: name, overrides: overrides)
    }
}

/// One variant solved.
public struct VariantOutcome: Sendable {
    public var variant: Variant
    public var scenario: Scenario
    public var county: CountyPlan
    /// Nil when the variant has no plan (see `status`).
    public var document: PlanDocument?
    public var status: PlanStatus
}

/// Policy variants solved side by side (PLAN.md `whatif`).
public enum WhatIf {
    /// Each variant's scenario: the base folder with the base and the variant's overrides.
    /// A variant with a bad setting stops everything before any solve (bad input).
    public static func load(folder: URL, base: [SettingOverride], variants: [Variant]) throws(ScenarioError) -> [(Variant, Scenario)] {
        let files = try ScenarioLoader.readFiles(folder: folder)
        var loaded: [(Variant, Scenario)] = []
        var problems: [Problem] = []
        for variant in [Variant(name: "base", overrides: [])] + variants {
            do {
                let scenario = try ScenarioLoader.load(
                    files: files, folderName: folder.lastPathComponent, overrides: base + variant.overrides)
                loaded.append((variant, scenario))
            } catch {
                problems += error.problems.map { problem in
                    var named = problem
                    named.message = "(variant \(variant.name)) " + problem.message
                    return named
                }
            }
        }
        guard problems.isEmpty else { throw ScenarioError(problems) }
        return loaded
    }

    /// Solves the base (the first) on every thread, then the variants as many at once as there
    /// are threads (each on one), each offered the base's timetable as a start where it is
    /// lawful: a relaxed rule then never looks worse only because the search ran out of time.
    public static func solve(_ variants: [(Variant, Scenario)], options: SolveOptions) -> [VariantOutcome] {
        guard let (baseVariant, baseScenario) = variants.first else { return [] }
        var quiet = options
        quiet.progress = nil
        let base = solveOne(baseVariant, baseScenario, options: quiet, progress: options.progress)
        var oneThread = quiet
        oneThread.threads = 1
        oneThread.itinerantStart = base.county.itinerant?.plan
        let single = oneThread
        let rest = Parallel.map(count: variants.count - 1, threads: options.threads) { index, _ in
            let (variant, scenario) = variants[index + 1]
            return solveOne(variant, scenario, options: single, progress: options.progress)
        }
        return [base] + rest
    }

    private static func solveOne(
        _ variant: Variant, _ scenario: Scenario, options: SolveOptions, progress: (@Sendable (String) -> Void)?
    ) -> VariantOutcome {
        let county = CountyPlanner.solve(scenario, options: options)
        progress?("\(variant.name): rotation \(county.rotation?.report.status.rawValue ?? "-"), itinerant \(county.itinerant?.report.status.rawValue ?? "-")")
        let status = [county.rotation?.report.status, county.itinerant?.report.status].compactMap { $0 }.max() ?? .optimal
        let document = county.hasPlan ? PlanAssembly.document(county, meta: nil) : nil
        return VariantOutcome(variant: variant, scenario: scenario, county: county, document: document, status: status)
    }

    /// The figures of every outcome; lines differing are counted against the first (the base).
    public static func figures(_ outcomes: [VariantOutcome]) -> [PlanFigures] {
        let base = outcomes.first?.document
        return outcomes.map { outcome in
            guard let document = outcome.document else { return PlanFigures(name: outcome.variant.name, failedWith: outcome.status) }
            return PlanFigures(name: outcome.variant.name, document: document, reference: base)
        }
    }

    /// Every policy bound relaxed by one step, one variant each (`whatif --price`).
    public static func priceVariants(_ policy: Policy) -> [Variant] {
        let rotation = policy.rotation
        let itinerant = policy.itinerant
        var variants: [Variant] = []
        func add(_ name: String, _ key: String, _ value: String, _ rule: String) {
            variants.append(Variant(name: name, overrides: [SettingOverride(key: key, value: value)], rule: rule))
        }
        if rotation.minRatio > 0 {
            let lower = max(0, ((rotation.minRatio - 0.02) * 1000).rounded() / 1000)
            add("min_ratio", "policy.rotation.min_ratio", formatNumber(lower), "R2 min_ratio \(formatNumber(rotation.minRatio)) → \(formatNumber(lower))")
        }
        if rotation.backboneShare > 0 {
            let lower = max(0, ((rotation.backboneShare - 0.05) * 1000).rounded() / 1000)
            add("backbone_share", "policy.rotation.backbone_share", formatNumber(lower), "R3 backbone_share \(formatNumber(rotation.backboneShare)) → \(formatNumber(lower))")
        }
        if rotation.minCadresPerMember > 0 {
            add("min_cadres", "policy.rotation.min_cadres_per_member", String(rotation.minCadresPerMember - 1),
                "R4 min_cadres_per_member \(rotation.minCadresPerMember) → \(rotation.minCadresPerMember - 1)")
        }
        add("balance", "policy.rotation.balance_tolerance", String(rotation.balanceTolerance + 1),
            "R5 balance_tolerance \(rotation.balanceTolerance) → \(rotation.balanceTolerance + 1)")
        add("rotation_km", "policy.rotation.max_km", formatNumber(rotation.maxKm + 10),
            "R1 rotation max_km \(formatNumber(rotation.maxKm)) → \(formatNumber(rotation.maxKm + 10))")
        add("itinerant_km", "policy.itinerant.max_km", formatNumber(itinerant.maxKm + 10),
            "itinerant max_km \(formatNumber(itinerant.maxKm)) → \(formatNumber(itinerant.maxKm + 10))")
        if itinerant.maxDaysAway < 5 {
            add("days_away", "policy.itinerant.max_days_away", String(itinerant.maxDaysAway + 1),
                "I2 max_days_away \(itinerant.maxDaysAway) → \(itinerant.maxDaysAway + 1)")
        }
        return variants
    }

    /// How each relaxation changes the objective parts against the base (first outcome).
    public static func priceTable(_ outcomes: [VariantOutcome]) -> (text: String, csv: Data) {
        guard let base = outcomes.first else { return ("", Data()) }
        let header = ["rule relaxed", "rotation Δ", "itinerant Δ", "total Δ", "shortfall Δ", "moves Δ", "uncovered periods Δ", "status"]
        func totals(_ outcome: VariantOutcome) -> (Double?, Double?, Int, Int, Int) {
            let figures = outcome.document.map { PlanFigures(name: "", document: $0, reference: nil) }
            return (outcome.county.rotation?.report.objective, outcome.county.itinerant?.report.objective,
                    figures?.shortfall ?? 0, figures?.moves ?? 0, (figures?.itinerantNeeded ?? 0) - (figures?.itinerantCovered ?? 0))
        }
        let reference = totals(base)
        var rows: [(total: Double, cells: [String])] = []
        for outcome in outcomes.dropFirst() {
            let value = totals(outcome)
            let rotation = value.0.flatMap { new in reference.0.map { new - $0 } }
            let itinerant = value.1.flatMap { new in reference.1.map { new - $0 } }
            let total = (rotation ?? 0) + (itinerant ?? 0)
            func show(_ number: Double?) -> String { number.map { String(format: "%+.1f", $0) } ?? "-" }
            // A plan that is not proven optimal shows what it found, not the rule's price.
            let proven = outcome.status == .optimal && base.status == .optimal
            rows.append((outcome.document == nil ? .infinity : total, [
                outcome.variant.rule ?? outcome.variant.name, show(rotation), show(itinerant),
                outcome.document == nil ? "-" : show(total) + (proven ? "" : " *"),
                String(format: "%+d", value.2 - reference.2), String(format: "%+d", value.3 - reference.3),
                String(format: "%+d", value.4 - reference.4), outcome.status.rawValue,
            ]))
        }
        // The rule whose relaxation saves most costs the county most: first.
        let sorted = rows.sorted { $0.total < $1.total }.map(\.cells)
        var table = TextTable(header: header)
        for row in sorted { table.add(row) }
        var text = table.render()
        if sorted.contains(where: { $0[3].hasSuffix(" *") }) {
            text += "\n* not proven: the base or this variant is not optimal within the time limit, so Δ is what these plans show, not the rule's price; a longer --time-limit settles it."
        }
        return (text, CSV.format(header: header, rows: sorted, byteOrderMark: true))
    }
}

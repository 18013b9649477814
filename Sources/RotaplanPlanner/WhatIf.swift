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
    /// The worst status of its parts; a variant without a plan keeps its status here.
    public var status: PlanStatus

    public init(variant: Variant, scenario: Scenario, county: CountyPlan, status: PlanStatus) {
        self.variant = variant
        self.scenario = scenario
        self.county = county
        self.status = status
    }
}

/// Policy variants solved side by side (docs/commands.md `whatif`).
public enum WhatIf {
    /// Each variant's scenario: the base folder with the base and the variant's overrides.
    /// A variant with a bad setting stops everything before any solve (bad input).
    public static func load(folder: URL, base: [SettingOverride], variants: [Variant]) throws(ScenarioError) -> [(Variant, Scenario)] {
        try load(source: try ScenarioLoader.source(folder: folder), base: base, variants: variants)
    }

    /// The same for a scenario as read (a CSV folder or a workbook).
    public static func load(source: ScenarioSource, base: [SettingOverride], variants: [Variant]) throws(ScenarioError) -> [(Variant, Scenario)] {
        var loaded: [(Variant, Scenario)] = []
        var problems: [Problem] = []
        for variant in [Variant(name: "base", overrides: [])] + variants {
            do throws(ScenarioError) {
                let scenario = try ScenarioLoader.load(source: source, overrides: base + variant.overrides)
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
        return VariantOutcome(variant: variant, scenario: scenario, county: county, status: county.status)
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
}

import Foundation
import RotaplanDomain
import RotaplanResults

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
                    named.chinese = problem.chinese.map { "（变体 \(variant.name)）" + $0 }
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
    public static func solve(_ variants: [(Variant, Scenario)], options: SolveOptions, given: CountyPlan? = nil) -> [VariantOutcome] {
        guard let (baseVariant, baseScenario) = variants.first else { return [] }
        var quiet = options
        quiet.progress = nil
        let base =
            given.map { VariantOutcome(variant: baseVariant, scenario: baseScenario, county: $0, status: $0.status) }
            ?? solveOne(baseVariant, baseScenario, options: quiet, progress: options.progress)
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
        _ variant: Variant, _ scenario: Scenario, options: SolveOptions, progress: (@Sendable (PlanProgress) -> Void)?
    ) -> VariantOutcome {
        let county = CountyPlanner.solve(scenario, options: options)
        // A rule's price is named by the rule (牵头校派出比例（R2） 10% → 8%), not its code.
        progress?(.variant(name: variant.rule ?? variant.name, rotation: county.rotation?.report.status, itinerant: county.itinerant?.report.status))
        return VariantOutcome(variant: variant, scenario: scenario, county: county, status: county.status)
    }

    /// `whatif`: the base (the source with `overrides`) and `variants` solved side by side, and
    /// with `price` every policy bound relaxed by a step and one more specialist of each
    /// itinerant subject. A variant with a bad setting is bad input, thrown before any solve.
    /// With `given`, the base is that plan (`whatif --base PLAN.json`, the plan under review in
    /// the workstation) as it is, not solved again: `source` and `overrides` must be what it was
    /// made from (its settings, its objections as pins), which the variants then change.
    public static func run(
        source: ScenarioSource, overrides: [SettingOverride], variants: [Variant], price: Bool, options: SolveOptions,
        given: CountyPlan? = nil
    ) throws(ScenarioError) -> WhatIfOutcome {
        let base = try ScenarioLoader.load(source: source, overrides: overrides)
        var list = variants
        if price { list += priceVariants(base.policy).map { Variant(name: "price-" + $0.name, overrides: $0.overrides, rule: $0.rule) } }
        let outcomes = solve(try load(source: source, base: overrides, variants: list), options: options, given: given)
        // One more specialist of each itinerant subject, where it helps most, on the base's staffing.
        var hires: [HirePlan] = []
        if price, let plan = outcomes.first?.county.rotation?.plan {
            var itinerant = options
            itinerant.parts = .itinerant
            itinerant.progress = nil
            for subject in base.policy.itinerant.subjects {
                hires += HirePlanner.solve(base, rotationPlan: plan, subject: subject, counts: [1], options: itinerant)
            }
        }
        return WhatIfOutcome(outcomes: outcomes, hires: hires, priced: price)
    }

    /// Every policy bound relaxed by one step, one variant each (`whatif --price`).
    public static func priceVariants(_ policy: Policy) -> [Variant] {
        let rotation = policy.rotation
        let itinerant = policy.itinerant
        var variants: [Variant] = []
        func add(_ name: String, _ key: String, _ value: String, _ rule: String) {
            variants.append(Variant(name: name, overrides: [SettingOverride(key: key, value: value)], rule: rule))
        }
        func percent(_ value: Double) -> String { formatNumber((value * 1000).rounded() / 10) + "%" }
        if rotation.minRatio > 0 {
            let lower = max(0, ((rotation.minRatio - 0.02) * 1000).rounded() / 1000)
            add("min_ratio", "policy.rotation.min_ratio", formatNumber(lower), "\(Vocabulary.rule("R2")) \(percent(rotation.minRatio)) → \(percent(lower))")
        }
        if rotation.backboneShare > 0 {
            let lower = max(0, ((rotation.backboneShare - 0.05) * 1000).rounded() / 1000)
            add(
                "backbone_share", "policy.rotation.backbone_share", formatNumber(lower),
                "\(Vocabulary.rule("R3")) \(percent(rotation.backboneShare)) → \(percent(lower))")
        }
        if rotation.minCadresPerMember > 0 {
            add(
                "min_cadres", "policy.rotation.min_cadres_per_member", String(rotation.minCadresPerMember - 1),
                "\(Vocabulary.rule("R4")) \(rotation.minCadresPerMember) → \(rotation.minCadresPerMember - 1) 人")
        }
        // The county exchange's own bounds, one step each, as R2's and R3's.
        let exchange = policy.exchange
        if exchange.enabled && exchange.minRatio > 0 {
            let lower = max(0, ((exchange.minRatio - 0.02) * 1000).rounded() / 1000)
            add(
                "exchange_ratio", "policy.exchange.min_ratio", formatNumber(lower), "\(Vocabulary.rule("X1")) \(percent(exchange.minRatio)) → \(percent(lower))"
            )
        }
        if exchange.enabled && exchange.backboneShare > 0 {
            let lower = max(0, ((exchange.backboneShare - 0.05) * 1000).rounded() / 1000)
            add(
                "exchange_backbone", "policy.exchange.backbone_share", formatNumber(lower),
                "\(Vocabulary.rule("X2")) \(percent(exchange.backboneShare)) → \(percent(lower))")
        }
        add(
            "balance", "policy.rotation.balance_tolerance", String(rotation.balanceTolerance + 1),
            "\(Vocabulary.rule("R5")) 相差 \(rotation.balanceTolerance) → \(rotation.balanceTolerance + 1)")
        add(
            "rotation_km", "policy.rotation.max_km", formatNumber(rotation.maxKm + 10),
            "交流最远距离（R1） \(formatNumber(rotation.maxKm)) → \(formatNumber(rotation.maxKm + 10)) 公里")
        add(
            "itinerant_km", "policy.itinerant.max_km", formatNumber(itinerant.maxKm + 10),
            "走教最远距离 \(formatNumber(itinerant.maxKm)) → \(formatNumber(itinerant.maxKm + 10)) 公里")
        if itinerant.maxDaysAway < 5 {
            add(
                "days_away", "policy.itinerant.max_days_away", String(itinerant.maxDaysAway + 1),
                "\(Vocabulary.rule("I2")) 每周 \(itinerant.maxDaysAway) → \(itinerant.maxDaysAway + 1) 天")
        }
        return variants
    }
}
